"""Quality checks on every translation in a catalog, machine draft or human: each warning names file and line.

Pure: strings and parsed catalogs in, `CatalogWarning`s out. Every threshold is in `settings.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polib

from toolkit.catalog.settings import (
    DEFAULT_LENGTH_RATIO_BOUNDS,
    LENGTH_RATIO_BOUNDS,
    MIN_SOURCE_CHARS_FOR_RATIO,
)
from toolkit.scripts import language_script, letters_in_script
from toolkit.translate.checks import find_repetition

# Digits of every script we meet, mapped to ASCII, so "26", "٢٦" and "۲۶" agree.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９", "0123456789" * 3)
# A number: digits with optional thousands groups (",", Arabic "٬", thin/no-break spaces) and a decimal part
# ("." or Arabic "٫").
_NUMBER = re.compile(r"\d+(?:[,٬\u066c\u202f\u00a0]\d{3})*(?:[.٫]\d+)?")
_THOUSANDS = str.maketrans("", "", ",٬\u202f\u00a0")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class CatalogWarning:
    path: Path
    line: int
    context: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.context}] {self.message}"


def _normalized_number(match: str) -> str:
    whole, _, fraction = match.translate(_THOUSANDS).replace("٫", ".").partition(".")
    # "01 فبراير" and "February 1" state the same day.
    whole = whole.lstrip("0") or "0"
    return f"{whole}.{fraction}" if fraction else whole


def numbers_in(text: str) -> list[str]:
    """Every number, normalized: ASCII digits, no leading zeros or thousands separators, "." as decimal point."""
    return [_normalized_number(match) for match in _NUMBER.findall(text.translate(_DIGITS))]


def check_numbers(source: str, target: str) -> str | None:
    source_numbers, target_numbers = set(numbers_in(source)), set(numbers_in(target))
    missing = sorted(source_numbers - target_numbers)
    extra = sorted(target_numbers - source_numbers)
    if not missing and not extra:
        return None
    parts = []
    if missing:
        parts.append(f"missing from the translation: {', '.join(missing)}")
    if extra:
        parts.append(f"not in the source: {', '.join(extra)}")
    return "numbers differ (" + "; ".join(parts) + ")"


def check_source_script(target: str, source_language: str) -> str | None:
    script = language_script(source_language)
    if script is None:
        return None
    left = letters_in_script(target, script)
    if not left:
        return None
    return f"source-language text left in the translation: {''.join(left[:20])!r}"


def check_repetition(target: str) -> str | None:
    loop = find_repetition(target)
    if loop is None:
        return None
    phrase, repeats = loop
    return f"repetition loop: {phrase!r} {repeats} times in a row"


def check_length(source: str, target: str, source_language: str, target_language: str) -> str | None:
    if len(source) < MIN_SOURCE_CHARS_FOR_RATIO:
        return None
    low, high = LENGTH_RATIO_BOUNDS.get((source_language, target_language), DEFAULT_LENGTH_RATIO_BOUNDS)
    ratio = len(target) / len(source)
    if ratio < low:
        return f"translation is short for its source ({ratio:.2f}x the length, expected at least {low}x)"
    if ratio > high:
        return f"translation is long for its source ({ratio:.2f}x the length, expected at most {high}x)"
    return None


def check_line_breaks(source: str, target: str) -> str | None:
    # `msgfmt -c` rejects an entry whose msgid and msgstr do not both begin (and end) with a line break.
    if source.startswith("\n") != target.startswith("\n") or source.endswith("\n") != target.endswith("\n"):
        return "translation must begin and end with a line break exactly when the source does (msgfmt -c)"
    return None


def check_translation(source: str, target: str, source_language: str, target_language: str) -> list[str]:
    """What looks wrong with one translation of one source text (empty list when nothing does)."""
    if not target.strip():
        return ["empty translation (only whitespace)"]
    problems = [
        check_line_breaks(source, target),
        check_numbers(source, target),
        check_source_script(target, source_language),
        check_repetition(target),
        check_length(source, target, source_language, target_language),
    ]
    return [problem for problem in problems if problem]


def check_catalog(
    catalog: polib.POFile, path: Path, source_language: str, target_language: str
) -> list[CatalogWarning]:
    """Warnings for every active entry that has a translation; untranslated entries are counted, not warned."""
    warnings = []
    for entry in catalog:
        if entry.obsolete or not entry.msgid or not entry.msgstr:
            continue
        for message in check_translation(entry.msgid, entry.msgstr, source_language, target_language):
            warnings.append(CatalogWarning(path, entry.linenum, entry.msgctxt or "", message))
    return warnings
