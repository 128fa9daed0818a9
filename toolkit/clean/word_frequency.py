"""How common a word is in Arabic text at large: wordfreq's Zipf scale (log10 of its count per billion words;
3 is once in a million, 5 once in ten thousand), from its large Arabic list (Wikipedia, subtitles, news, web
text and social media). Arabic has no capitals to tell a family name from a noun: "جمال الخطيب" and "جمال
الطبيعة" have one shape, but "الطبيعة" is a word every text writes and "المعايطة" one that only names a family."""

from __future__ import annotations

from functools import cache

_LANGUAGE = "ar"
_WORDLIST = "large"  # the small list stops at about 2.7: a rare family name and a rare noun both read 0 there


@cache
def zipf(word: str) -> float:
    """The word's frequency in its own spelling (hamzas and ة as written); 0 for a word wordfreq never saw. The
    list is read on the first call (about a second), only by a page with a given name under its headline."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, _LANGUAGE, wordlist=_WORDLIST)
