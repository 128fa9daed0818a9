"""How common a word is in Arabic text at large: wordfreq's Zipf scale (log10 of its count per billion words;
3 is once in a million, 5 once in ten thousand), from its small Arabic list (Wikipedia, subtitles, news, web
text and social media; the 56,000 words from 3.0 up). Arabic has no capitals to tell a family name from a noun:
"جمال الخطيب" and "جمال الطبيعة" have one shape, but "الطبيعة" is a word every text writes and "المعايطة" one
that only names a family."""

from __future__ import annotations

from functools import cache

_LANGUAGE = "ar"
# Not the large list (down to 1.0): read, it holds about 100 MB in memory against 16 MB, and a rare family name
# and a rare noun are told apart no better there.
_WORDLIST = "small"


@cache
def zipf(word: str) -> float:
    """The word's frequency in its own spelling (hamzas and ة as written); 0 for a word under the list's 3.0. The
    list is read on the first call (0.1 s of CPU), only by a page with a given name under its headline."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, _LANGUAGE, wordlist=_WORDLIST)
