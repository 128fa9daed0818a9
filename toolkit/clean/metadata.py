"""Article metadata from single lines: ISO dates from Arabic and Latin forms, titles without the site's name,
bylines without their "By", and the agency of a dateline."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from toolkit.clean.patterns import Patterns
from toolkit.clean.text import normalize

_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_YEAR = r"(\d{4})(?!\d)"
_DAY = r"(?<!\d)(\d{1,2})"
_NUMERIC_DMY = re.compile(rf"{_DAY}\s*([-/.])\s*(\d{{1,2}})\s*\2\s*{_YEAR}")
_NUMERIC_YMD = re.compile(r"(?<!\d)(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?!\d)")
# Chinese and Japanese write 2021年3月5日.
_CJK_YMD = re.compile(r"(?<!\d)(\d{4})\s*(年)\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# "(پاکستان پوائنٹ نیوز / سبوتنيك - 01 فبراير 2022ء) أوضح ...": an agency dateline opening a dispatch.
_DATELINE = re.compile(r"^\(\s*([^()]{3,160}?)\s*\)")
_DATELINE_AGENCY_SPLIT = re.compile(r"\s+[-–—]\s+|\s*[-–—]\s*(?=\d)")
# "(أبوظبي - البيان)", "(القاهرة- أ ف ب)": a place and an agency, no date.
_PLACE_AGENCY_SPLIT = re.compile(r"\s*[-–—]\s*")


@dataclass(frozen=True)
class DatePatterns:
    day_month_year: re.Pattern[str]
    month_day_year: re.Pattern[str]

    @classmethod
    def build(cls, month_names: str) -> DatePatterns:
        month = rf"(?<!\w)({month_names})(?!\w)"
        # "17 مارس/ آذار 2020" and "24 نيسان / أبريل 2020" give a month in two calendars' names.
        second = rf"(?:\s*/\s*(?:{month_names})(?!\w))?"
        return cls(
            day_month_year=re.compile(rf"{_DAY}\s*[-\s]\s*{month}{second}\s*[,،]?\s*{_YEAR}"),
            month_day_year=re.compile(rf"{month}{second}\s+(\d{{1,2}})\s*[,،]?\s*{_YEAR}"),
        )


@dataclass(frozen=True)
class FoundDate:
    iso: str
    start: int
    end: int


def _valid(year: int, month: int, day: int, patterns: Patterns) -> str | None:
    if not patterns.min_year <= year <= patterns.max_year:
        return None
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_date(text: str, patterns: Patterns) -> FoundDate | None:
    """The first Gregorian date in the text, as ISO; Hijri dates and times are passed over."""
    return find_date_in_key(normalize(text), patterns)


def find_date_in_key(key: str, patterns: Patterns) -> FoundDate | None:
    """`find_date` on text already normalised (positions are in the normalised text)."""
    if not _DIGIT.search(key):
        return None
    found: list[FoundDate] = []
    for match in patterns.date.day_month_year.finditer(key):
        iso = _valid(int(match[3]), patterns.months[match[2]], int(match[1]), patterns)
        if iso:
            found.append(FoundDate(iso, match.start(), match.end()))
            break
    for match in patterns.date.month_day_year.finditer(key):
        iso = _valid(int(match[3]), patterns.months[match[1]], int(match[2]), patterns)
        if iso:
            found.append(FoundDate(iso, match.start(), match.end()))
            break
    for match in (*_NUMERIC_YMD.finditer(key), *_CJK_YMD.finditer(key)):
        iso = _valid(int(match[1]), int(match[3]), int(match[4]), patterns)
        if iso:
            found.append(FoundDate(iso, match.start(), match.end()))
            break
    for match in _NUMERIC_DMY.finditer(key):
        first, second, year = int(match[1]), int(match[3]), int(match[4])
        # Arabic sites write the day first; only a first number above 12 can be a US month-first date.
        iso = _valid(year, second, first, patterns) or _valid(year, first, second, patterns)
        if iso:
            found.append(FoundDate(iso, match.start(), match.end()))
            break
    return min(found, key=lambda date: date.start) if found else None


@dataclass(frozen=True)
class Dateline:
    date: str | None
    agency: str | None


def parse_dateline(text: str, patterns: Patterns, agency_max_words: int) -> Dateline | None:
    """The date and agency of a dispatch that opens with "(Site / Agency - 01 February 2022)", or the agency of
    one that opens with "(Place - Agency)" (no date: both parts a short name without digits)."""
    match = _DATELINE.match(text)
    if not match:
        return None
    inner = match.group(1)
    found = find_date(inner, patterns)
    if found is None:
        parts = _PLACE_AGENCY_SPLIT.split(inner)
        names = len(parts) == 2 and all(
            part and not re.search(r"\d", part) and len(part.split()) <= agency_max_words for part in parts
        )
        return Dateline(None, parts[1]) if names else None
    head = _DATELINE_AGENCY_SPLIT.split(inner.split("/")[-1].strip())[0].strip(" -–—،,")
    agency = head if head and not re.search(r"\d", head) and len(head.split()) <= agency_max_words else None
    return Dateline(found.iso, agency)


def standalone_dateline(text: str, patterns: Patterns, agency_max_words: int) -> Dateline | None:
    """A dateline that is the whole line: "(أبوظبي - البيان)" set apart above the dispatch."""
    match = _DATELINE.match(text.strip())
    if not match or match.end() != len(text.strip()):
        return None
    return parse_dateline(text.strip(), patterns, agency_max_words)


def _mostly_latin(text: str) -> bool:
    latin = len(_LATIN_LETTER.findall(text))
    return latin > len(_LETTER.findall(text)) - latin


@dataclass(frozen=True)
class CleanTitle:
    title: str
    suffix: str | None  # the site name that was cut off, if any


def clean_title(
    text: str, patterns: Patterns, max_suffix_words: int, min_words: int, known_names: set[str]
) -> CleanTitle:
    """The headline without a trailing site name (" – RT EN", " | Site", " - Sputnik Arabic").

    The last segment is a site name when it is short and is written in Latin letters under a headline that
    is not, has a site word ("نيوز", "news"), or is a name the page shows elsewhere (a footer line).
    """
    text = text.strip()
    best: tuple[int, str] | None = None
    for separator in patterns.title_separators:
        position = text.rfind(separator)
        if position > 0 and (best is None or position > best[0]):
            best = (position, separator)
    if best is None:
        return CleanTitle(text, None)
    position, separator = best
    head, suffix = text[:position].strip(), text[position + len(separator) :].strip()
    suffix_key = normalize(suffix)
    if not suffix or len(suffix.split()) > max_suffix_words or len(head.split()) < min_words:
        return CleanTitle(text, None)
    site_like = (
        (_mostly_latin(suffix) and not _mostly_latin(head))
        or patterns.site_word.search(suffix_key) is not None
        or suffix_key in known_names
    )
    return CleanTitle(head, suffix) if site_like else CleanTitle(text, None)


def byline_name(text: str, patterns: Patterns) -> str | None:
    """ "بقلم:  يورونيوز" -> "يورونيوز"; None when the line does not open with a byline word."""
    match = patterns.byline_prefix.match(normalize(text))
    if not match:
        return None
    # The name is cut from the original line, so it keeps its spelling (hamzas, diacritics).
    words = text.split()
    name_words = len(match.group(1).split())
    return " ".join(words[len(words) - name_words :]).strip(" :-–") or None
