"""Every threshold and list of the catalog stage, each with the reason it has its value."""

from __future__ import annotations

# --- Merge ---------------------------------------------------------------------------------------------

# translate-toolkit's pot2po and msgmerge both treat a source this similar as "the same text, edited":
# below it a carried-over translation would more often mislead the translator than help.
SIMILAR_SOURCE_RATIO = 0.75

# --- Translation memory --------------------------------------------------------------------------------

# Below this a suggestion costs the translator more reading than it saves typing (pot2po offers from 0.75;
# sentences from other reports of the same story differ in names and numbers, so a little lower).
NEAR_MATCH_RATIO = 0.7
# More suggestions than this bury the entry under notes.
NEAR_MATCH_LIMIT = 3

# --- Saving drafts ------------------------------------------------------------------------------------

# Source characters per translate call between saves: big enough that the engine still fills its
# token-budget batches (a few dozen sentences), small enough that a kill loses under a minute of work.
CHUNK_SOURCE_CHARS = 6000

# --- Quality checks ------------------------------------------------------------------------------------

# Characters of each source language's script; a target letter from here was left untranslated.
SOURCE_SCRIPTS: dict[str, tuple[tuple[int, int], ...]] = {
    "ar": ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    "fa": ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    "ur": ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    "zh": ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F)),
    "ja": ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF)),
    "ru": ((0x0400, 0x04FF),),
}

# Target length / source length in characters. English runs about 1.1-1.4x Arabic (Arabic omits short
# vowels and joins articles and prepositions) and 2-4x Chinese (one character is about a word); outside
# these bounds a sentence was most likely dropped, cut short or repeated.
LENGTH_RATIO_BOUNDS: dict[tuple[str, str], tuple[float, float]] = {
    ("ar", "en"): (0.5, 3.0),
    ("zh", "en"): (1.0, 9.0),
}
DEFAULT_LENGTH_RATIO_BOUNDS = (0.3, 4.0)
# Short texts (a dateline, a two-word heading) vary too much in length to judge.
MIN_SOURCE_CHARS_FOR_RATIO = 25

# A word repeated this many times in a row, or a 2-6 word phrase this many times, is a decoder loop;
# real prose ("very, very") repeats twice at most.
REPEATED_WORD_RUN = 4
REPEATED_PHRASE_RUN = 3
REPEATED_PHRASE_WORDS = range(2, 7)
