"""The shipped English of the five seed articles: reviewed, faithful in its numbers, and wholly English.

translations/<seed>.po is what `toolkit build` shows on a fresh machine, where no Arabic model can be
downloaded; a missing, machine-drafted or half-translated entry there would show up as an empty or
unreviewed English cell on the default site.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import polib
import pytest

from toolkit.catalog.store import read_catalog

REPO = Path(__file__).resolve().parents[2]
SEED_IDS = sorted(path.stem for path in (REPO / "source").glob("*.txt"))

# Arabic-Indic (U+0660..) and Extended Arabic-Indic (U+06F0.., Urdu and Persian) digits, as Latin digits.
_TO_LATIN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NUMBER = re.compile(r"\d+")
# Arabic letters (the Arabic block and Arabic Presentation Forms), not punctuation shared with English.
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]")


def _numbers(text: str) -> Counter[int]:
    """The numbers a text states, by value: "01 فبراير" and "February 1" both state 1."""
    return Counter(int(number) for number in _NUMBER.findall(text.translate(_TO_LATIN_DIGITS)))


def _catalog(seed_id: str) -> polib.POFile:
    path = REPO / "translations" / f"{seed_id}.po"
    assert path.is_file(), f"{path} is missing: run `toolkit translate` and enter the reviewed English"
    return read_catalog(path)


def _entries(seed_id: str) -> list[polib.POEntry]:
    entries = [entry for entry in _catalog(seed_id) if not entry.obsolete]
    assert entries, f"translations/{seed_id}.po has no entries"
    return entries


def test_every_seed_has_a_catalog() -> None:
    assert len(SEED_IDS) == 5
    for seed_id in SEED_IDS:
        assert (REPO / "translations" / f"{seed_id}.po").is_file(), seed_id


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_every_entry_is_reviewed(seed_id: str) -> None:
    for entry in _entries(seed_id):
        assert entry.msgstr.strip(), f"{seed_id} {entry.msgctxt}: no English"
        assert not entry.fuzzy, f"{seed_id} {entry.msgctxt}: still fuzzy, not reviewed"


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_title_entry_comes_first(seed_id: str) -> None:
    assert _entries(seed_id)[0].msgctxt == "title"


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_english_states_the_same_numbers_as_the_arabic(seed_id: str) -> None:
    for entry in _entries(seed_id):
        assert _numbers(entry.msgstr) == _numbers(entry.msgid), f"{seed_id} {entry.msgctxt}: {entry.msgstr!r}"


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_english_holds_no_arabic_letters(seed_id: str) -> None:
    for entry in _entries(seed_id):
        leftover = _ARABIC_LETTER.search(entry.msgstr)
        assert leftover is None, f"{seed_id} {entry.msgctxt}: Arabic {leftover.group()!r} in {entry.msgstr!r}"


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_header_names_the_article(seed_id: str) -> None:
    assert _catalog(seed_id).metadata.get("X-Article-Title", "").strip()


def test_numbers_are_compared_by_value_across_scripts() -> None:
    assert _numbers("(سبوتنيك - ٠١ فبراير 2022ء)") == _numbers("(Sputnik - February 1, 2022)")
    assert _numbers("في 9 و10 كانون الثاني/يناير") != _numbers("on 9 January")


def test_arabic_letters_are_found_but_punctuation_is_not() -> None:
    assert _ARABIC_LETTER.search("Putin (بوتين)")
    assert _ARABIC_LETTER.search("Urdu year mark ء")
    assert _ARABIC_LETTER.search("said، then") is None
