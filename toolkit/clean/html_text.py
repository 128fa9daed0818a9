"""Text helpers shared by the HTML reader: whitespace as readers see it, and a form for comparing texts."""

from __future__ import annotations

import re
import unicodedata

# Characters that carry no visible text: zero-width space, word joiner, BOM, soft hyphen, bidi marks. The
# zero-width non-joiner stays: Persian spelling needs it.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))
# Arabic spelling that varies between a page's head and its body for the same sentence (the youm7 page writes
# "والري" in og:description and "والرى" in the article): hamza seats, alef maqsura, teh marbuta, tatweel.
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None})
_DIACRITICS = re.compile(r"[\u064b-\u065f\u0670\u06d6-\u06ed]")


def normalize_space(text: str) -> str:
    """One space between words, none at the ends; no-break spaces and invisible marks are spaces or nothing."""
    return " ".join(text.translate(_INVISIBLE).split())


def comparable(text: str) -> str:
    """A form of the text in which the same sentence written twice on one page compares equal."""
    folded = _DIACRITICS.sub("", unicodedata.normalize("NFKC", normalize_space(text))).translate(_ARABIC_FOLD)
    return folded.casefold()
