"""Checks on every machine-translated sentence: nothing dropped or cut short, loops collapsed, no source left.

Each finding is a short phrase that goes into `Draft.warnings` and from there into the translator's view.
"""

from __future__ import annotations

import re
from itertools import compress
from operator import eq
from typing import NamedTuple

from toolkit.scripts import language_script, script_share
from toolkit.translate.settings import LOOP_MAX_NGRAM, LOOP_MIN_REPEATS, UNTRANSLATED_SCRIPT_SHARE

DROPPED = "sentence dropped by the model"
CUT_SHORT = "translation cut short at the length limit"
LOOP = "repetition loop collapsed"
UNTRANSLATED = "source-language text left untranslated"


class CheckedSentence(NamedTuple):
    text: str
    warnings: tuple[str, ...] = ()


_WORD_KEY_STRIP = re.compile(r"^\W+|\W+$")
_WORDS_AND_HYPHENS = re.compile(r"[\s\-‐‑]+")


def _word_key(word: str) -> str:
    if word[:1].isalnum() and word[-1:].isalnum():  # most words: nothing to strip (\w is isalnum, or "_")
        return word.casefold()
    return _WORD_KEY_STRIP.sub("", word).casefold()


def _repeated_run(keys: list[str], index: int) -> tuple[int, int] | None:
    """(size, repeats) of the shortest word sequence at `index` repeated back to back often enough, or None."""
    for size in range(1, LOOP_MAX_NGRAM + 1):
        unit = keys[index : index + size]
        if len(unit) < size:
            return None
        if not any(unit):
            continue
        repeats = 1
        while keys[index + repeats * size : index + (repeats + 1) * size] == unit:
            repeats += 1
        if repeats >= LOOP_MIN_REPEATS:
            return size, repeats
    return None


def _loop_starts(keys: list[str]) -> set[int]:
    """Where a loop may start: the words equal to the ones a unit's size and twice (and so on) after them, for
    some unit size. Few words of a sentence are, and only there is a run worth looking for (found by C-level
    comparisons of the whole sentence shifted, a third of the time of looking at every word)."""
    starts: set[int] = set()
    for size in range(1, LOOP_MAX_NGRAM + 1):
        last_copy = size * (LOOP_MIN_REPEATS - 1)  # where the last copy starts, from the first
        if last_copy >= len(keys):
            break
        candidates = compress(range(len(keys) - last_copy), map(eq, keys, keys[size:]))
        starts.update(
            index
            for index in candidates
            if all(keys[index + copy * size] == keys[index] for copy in range(2, LOOP_MIN_REPEATS))
        )
    return starts


def find_repetition(text: str) -> tuple[str, int] | None:
    """The first word sequence repeated back to back often enough to be a loop, with its count, or None.
    Hyphens part words too: the model loops inside a compound ("by-by-by-by-by") as well."""
    words = _WORDS_AND_HYPHENS.split(text.strip())
    keys = [_word_key(word) for word in words]
    for index in sorted(_loop_starts(keys)):
        run = _repeated_run(keys, index)
        if run is not None:
            size, repeats = run
            return " ".join(keys[index : index + size]), repeats
    return None


def collapse_repetitions(text: str) -> tuple[str, bool]:
    """Keep one copy of any run of words repeated back to back LOOP_MIN_REPEATS times or more.

    Words compare without case and surrounding punctuation; the last copy is kept, as it carries the
    punctuation that ends the run ("the the the." -> "the."). Returns the text and whether it changed.
    """
    words = text.split()
    keys = [_word_key(word) for word in words]
    starts = _loop_starts(keys)
    if not starts:
        return text, False
    kept: list[str] = []
    collapsed = False
    index = 0
    while index < len(words):
        run = _repeated_run(keys, index) if index in starts else None
        if run is None:
            kept.append(words[index])
            index += 1
            continue
        size, repeats = run
        last_copy = index + (repeats - 1) * size
        kept.extend(words[last_copy : last_copy + size])
        index = last_copy + size
        collapsed = True
    return (" ".join(kept) if collapsed else text), collapsed


def check_sentence(source: str, output: str, source_language: str, hit_length_limit: bool) -> CheckedSentence:
    """Check one model output against its source sentence; returns the text to use and the warnings."""
    if source.strip() and not output.strip():
        return CheckedSentence("", (DROPPED,))
    warnings: list[str] = []
    if hit_length_limit:
        warnings.append(CUT_SHORT)
    text, looped = collapse_repetitions(output)
    if looped:
        warnings.append(LOOP)
    script = language_script(source_language)
    if script is not None and script_share(text, script) > UNTRANSLATED_SCRIPT_SHARE:
        warnings.append(UNTRANSLATED)
    return CheckedSentence(text, tuple(warnings))
