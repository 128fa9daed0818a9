"""Article metadata from single lines: ISO dates from Arabic and Latin forms, titles without the site's name,
bylines without their "By", and the agency of a dateline."""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toolkit.clean.patterns import Patterns
from toolkit.clean.text import ends_with_stop, normalize, tidy
from toolkit.clean.word_frequency import zipf

if TYPE_CHECKING:
    from toolkit.clean.settings import CleanSettings, LineThresholds

# Every date form below has a four-digit year: a line without four digits in a row is passed over by one search.
_FOUR_DIGITS = re.compile(r"\d{4}")
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
# "(Site / Agency - date)": the slash between names, not the slashes of a date ("(AFP - 18/02/2024)").
_SITE_AGENCY_SPLIT = re.compile(r"(?<!\d)/|/(?!\d)")
_DATELINE_AGENCY_SPLIT = re.compile(r"\s+[-–—]\s+|\s*[-–—]\s*(?=\d)")
# "(أبوظبي - البيان)", "(القاهرة- أ ف ب)": a place and an agency, no date.
_PLACE_AGENCY_SPLIT = re.compile(r"\s*[-–—]\s*")
# "新华社北京3月5日电（记者 王明）": a Chinese dispatch opens with its agency (a news agency 社, a site 网, a paper
# 报 or a station 台), its place and day, "电", and its reporters in brackets. The day has no year. A paper's own
# dispatch ("本报广州11月28日电": "this paper, Guangzhou, ...") names no agency: 本报 is no outlet's name.
_CJK_DISPATCH = re.compile(
    r"^(?:本[报報台网網刊]|(?P<agency>[\u4e00-\u9fff]{1,6}?[社网报台]))[\u4e00-\u9fff]{1,8}?\d{1,2}月\d{1,2}日电"
    r"(?:\s*[（(]\s*(?P<reporters>[^（）()]{2,40}?)\s*[）)])?"
)

# "记者王明报道", "本报记者 王明、李华 报道：": a paper's own story opens with its reporters ("reporter ... reports"),
# no agency before them. A name is two to four Han letters.
_CJK_REPORTERS_OPENING = re.compile(
    r"^(?:本报|本台|本网|本報|本網)?(?:记者|記者)\s*"
    r"(?P<reporters>[\u4e00-\u9fff·]{2,4}(?:\s*[、，,]\s*[\u4e00-\u9fff·]{2,4})*)\s*(?:报道|報導|报导|報道)"
)


@dataclass(frozen=True)
class DatePatterns:
    day_month_year: re.Pattern[str]
    month_day_year: re.Pattern[str]

    @classmethod
    def build(cls, month_names: str) -> DatePatterns:
        month = rf"(?<!\w)({month_names})(?!\w)"
        # "17 مارس/ آذار 2020", "24 نيسان / أبريل 2020" and "2 ديسمبر (كانون الأول) 2026" give a month in two
        # calendars' names.
        second = rf"(?:\s*/\s*(?:{month_names})(?!\w)|\s*\(\s*(?:{month_names})\s*\))?"
        return cls(
            # German writes the day as an ordinal: "25. September 2018".
            day_month_year=re.compile(rf"{_DAY}\.?\s*[-\s]\s*{month}{second}\s*[,،]?\s*{_YEAR}"),
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


def holds_year(key: str) -> bool:
    """Whether a text may hold a date: every date form has its year's four digits, a Hijri date too."""
    return _FOUR_DIGITS.search(key) is not None


def find_date(text: str, patterns: Patterns) -> FoundDate | None:
    """The first Gregorian date in the text, as ISO; Hijri dates and times are passed over."""
    return find_date_in_key(normalize(text), patterns)


def find_date_in_key(key: str, patterns: Patterns) -> FoundDate | None:
    """`find_date` on text already normalised (positions are in the normalised text)."""
    if not _FOUR_DIGITS.search(key):
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


# What stands around a source, or between it and its date: blanks, a bar, a dash, a bullet, a comma, a slash.
_SEPARATORS = " |-–—·•,،/"
_TOKEN = re.compile(r"\S+")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
# A dispatch's dateline in one pair of brackets, "(بترا - 18 فبراير 2024)".
_WHOLLY_BRACKETED = re.compile(r"^\s*\(([^()]+)\)\s*$")
# A bracketed word is a credit ("(بترا)"), never part of a date; bracketed numbers are ("(18/02/2024)").
_BRACKET = re.compile(r"[()\[\]（）]")


def is_source_line(
    key: str, patterns: Patterns, name_max_words: int, ends_stop: bool | None = None, labelled_only: bool = False
) -> bool:
    """Whether a normalised line names where the story came from and nothing else: a source word and a name
    ("المصدر: بترا", "نقلا عن وكالة الأنباء الأردنية"), or agencies' names alone ("(واس)", "Reuters/AFP").
    Without a colon or a dash after its source word the name is short and has no final stop, and with one it is
    short or has no final stop: "المصدر نفسه أكد أن الاتفاق وقع بحضور الوزراء." and "مصدر: الاتفاق سيوقع في
    موعده بحضور الطرفين." are sentences that open with the word. Nor is a name a clause: "مصدر: لم يتم التوقيع حتى
    18 فبراير 2024." holds a clause's words ([words] clause_words), however short, and "مصدر: التوقيع في
    18/02/2024." a date its words lead to (a source beside its date stands apart from it: `dated_source`).
    `ends_stop`: whether the line `key` was cut from ends with a full stop (`key`'s own end when None).
    `labelled_only`: a source word counts only with its colon or dash ("المصادر المفتوحة" is a subheading's
    words)."""
    side = key.strip(_SEPARATORS)
    if patterns.agency_only.match(side.replace("/", " / ")):
        return True
    match = patterns.source_prefix.match(side)
    if match is None:
        return False
    labelled = any(mark in side[: match.start(1)] for mark in ":：-–")
    if labelled_only and not labelled:
        return False
    if any(word in patterns.clause_words for word in _LETTER_RUN.findall(match[1])):  # "مصدر: لم يتم ..."
        return False
    if find_date_in_key(match[1], patterns):  # a source beside its date is `dated_source`'s; this is a sentence
        return False
    stop = ends_with_stop(side) if ends_stop is None else ends_stop
    if labelled and not stop:
        return True
    name_words = sum(1 for word in match[1].split() if any(char.isalnum() for char in word))
    return name_words <= name_max_words and (labelled or not stop)


@dataclass(frozen=True)
class DatedSource:
    date: str | None  # ISO; None for a date the cleaner cannot read as Gregorian (a Hijri date alone)
    source: str  # where the story came from, as the line writes it ("المصدر: بترا", "(واس)")


def _date_word(token: str, patterns: Patterns) -> bool:
    runs = _LETTER_RUN.findall(token)
    return not (runs and _BRACKET.search(token)) and all(run in patterns.date_words for run in runs)


def _has_word(tokens: list[re.Match[str]]) -> bool:
    return any(char.isalnum() for token in tokens for char in token[0])


def dated_source(
    text: str, key: str, found: FoundDate | None, patterns: Patterns, limits: LineThresholds
) -> DatedSource | None:
    """A line that holds a date and where the story came from and nothing else, in either order: "2024-02-18
    المصدر: بترا", "(واس) - ١٨ فبراير ٢٠٢٤", "8 شعبان 1445 هـ - 18 فبراير 2024 م | Reuters", "(عمان - بترا) 18
    فبراير 2024" (a dispatch's place and agency, which beside a date is no chapter's title). The date is numbers
    and the words a date may carry (Patterns.date_words: day and month names, a time, a label, a Hijri date); any
    other word beside it and the line is a sentence that mentions a date ("وصل الوفد إلى عمان في 18 فبراير 2024
    (رويترز)"). A dispatch's dateline that brackets its agency and date together ("(بترا - 18 فبراير 2024)") is
    its own source, as such a dateline without a date is. `key` is the line normalised (`holds_year`), `found`
    its Gregorian date if it has one."""
    if (inner := _WHOLLY_BRACKETED.match(text)) and (within := _WHOLLY_BRACKETED.match(key)):
        bracketed = dated_source(inner[1], within[1], find_date_in_key(within[1], patterns), patterns, limits)
        return DatedSource(bracketed.date, text.strip()) if bracketed else None
    # "جدة 12 مارس 2024 واس": the dispatch's place, date and agency, the date between them.
    dispatch = agency_dateline(text, patterns, limits.dateline_agency_max_words, whole=True)
    if dispatch is not None and dispatch.date is not None:
        return DatedSource(dispatch.date, text.strip())
    tokens = list(_TOKEN.finditer(key))
    first, last = 0, len(tokens)
    while first < last and _date_word(tokens[first][0], patterns):
        first += 1
    while last > first and _date_word(tokens[last - 1][0], patterns):
        last -= 1
    before, side, after = tokens[:first], tokens[first:last], tokens[last:]
    dated = before if _has_word(before) else after
    if not side or (_has_word(before) and _has_word(after)) or not any(char.isdigit() for char in _text(dated)):
        return None
    side_key = key[side[0].start() : side[-1].end()].strip(_SEPARATORS)
    # "مصدر: التوقيع في 18/02/2024.": a preposition joins the date to the words before it, and the stop ends the
    # sentence they make; a source stands apart from its date ("المصدر: بترا - 18/02/2024").
    if ends_with_stop(text) and before is not dated and after and patterns.preposition_end.match(after[0][0]):
        return None
    place_and_agency = standalone_dateline(side_key, patterns, limits.dateline_agency_max_words)
    # The line's stop is the sentence's, wherever the date stands: "المصدر نفسه أكد ذلك في 18 فبراير 2024." is a
    # sentence whose stop follows its date.
    if not is_source_line(side_key, patterns, limits.source_name_max_words, ends_with_stop(text)) and (
        place_and_agency is None or place_and_agency.date is not None
    ):
        return None
    within = found is not None and dated[0].start() <= found.start and found.end <= dated[-1].end()
    # The source is cut from the original line, so it keeps its spelling; a word normalised away (a lone tatweel
    # in "ـ رويترز") is no word of either.
    words = [word for word in text.split() if normalize(word)]
    if len(words) != len(tokens):  # a character that normalises to several words: the normalised source
        words = [token[0] for token in tokens]
    shown = " ".join(words[first:last])
    return DatedSource(found.iso if found and within else None, shown.strip(_SEPARATORS + "ـ."))


def _text(tokens: list[re.Match[str]]) -> str:
    return " ".join(token[0] for token in tokens)


@dataclass(frozen=True)
class Dateline:
    date: str | None
    agency: str | None
    reporters: str | None = None  # the names a Chinese dispatch gives after "记者"


def parse_dateline(text: str, patterns: Patterns, agency_max_words: int) -> Dateline | None:
    """The date and agency of a dispatch that opens with "(Site / Agency - 01 February 2022)", or the agency of
    one that opens with "(Place - Agency)" (no date: both parts a short name without digits), or the agency and
    reporters of a Chinese one ("新华社北京3月5日电（记者 王明）"), or the date and agency of one that opens with
    its place and agency unbracketed ("جدة 12 مارس 2024 واس - أعلن ...", `agency_dateline`)."""
    match = _DATELINE.match(text)
    bracketed = _bracketed_dateline(match[1], patterns, agency_max_words) if match else None
    return (
        bracketed
        or _cjk_dispatch(text, patterns)
        or agency_dateline(text, patterns, agency_max_words, whole=False)
        or agency_dateline(text, patterns, agency_max_words, whole=True)
    )


def _bracketed_dateline(inner: str, patterns: Patterns, agency_max_words: int) -> Dateline | None:
    found = find_date(inner, patterns)
    if found is None:
        parts = _PLACE_AGENCY_SPLIT.split(inner)
        names = len(parts) == 2 and all(
            part and not re.search(r"\d", part) and len(part.split()) <= agency_max_words for part in parts
        )
        return Dateline(None, parts[1]) if names else None
    head = _DATELINE_AGENCY_SPLIT.split(_SITE_AGENCY_SPLIT.split(inner)[-1].strip())[0].strip(" -–—،,")
    agency = head if head and not re.search(r"\d", head) and len(head.split()) <= agency_max_words else None
    return Dateline(found.iso, agency)


_WORD_BEFORE_BLANK = re.compile(r"\S+(?=\s)")
_BEFORE_AGENCY = re.compile(r"[-–—/|،,:：(（]")
# A Hijri date's slashes and a date's own dashes or slashes ("1445/8/8", "18-2-2024") part no words of a place.
_DATE_SEPARATOR = re.compile(r"(?<=\d)[-/.](?=\d)")
# What follows an agency's name that opens a dispatch: a dash or a colon, or after a bracketed name a blank.
_AFTER_OPENING_AGENCY = re.compile(r"\s*[-–—:：]\s*\S")
_AFTER_BRACKETED_AGENCY = re.compile(r"\s*[-–—:：]?\s*\S")


def agency_dateline(
    text: str, patterns: Patterns, agency_max_words: int, *, whole: bool, alone: bool = False
) -> Dateline | None:
    """A dispatch's dateline without brackets around it: the place, perhaps the date, and an agency of [words]
    agency, bracketed or not ("الرياض واس", "جدة 12 مارس 2024 واس", "الدوحة - قنا", "المنامة، بنا", "باريس (أ ف
    ب)", "(أ ف ب)"). `whole`: the dateline is the whole text; else it opens a dispatch, a dash or a colon after it
    ("الرياض واس - أعلنت ..."). The place is up to `agency_max_words` words of letters, none a phrase's ([words]
    not_in_names): "وقالت واس إن ..." is a sentence; the date, if any, follows it. `alone`: the agency without a
    place is one too ("واس", "(أ ف ب)" set apart under the headline). Not in Latin letters: a Latin agency's name
    under an English headline ("Reuters", "Michael Conroy, AP") credits a picture."""
    if _LATIN_LETTER.search(text):  # "Michael Conroy, AP", "Reuters" under a picture: a photo's credit
        return None
    key = normalize(text)
    match = patterns.agency_dateline.match(key)
    if match is None or patterns.chrome_label.match(key):  # "اتصل بنا" (contact us) is a menu's
        return None
    rest = match["rest"]
    if whole:
        if rest.strip(" -–—./"):  # "المنامة في 18 فبراير/ بنا/": the Bahraini agency's own slashes
            return None
    elif not (_AFTER_BRACKETED_AGENCY if match["open"] else _AFTER_OPENING_AGENCY).match(rest):
        return None
    head = match["head"]
    if patterns.source_prefix.match(key) or patterns.byline_word.match(key):  # "المصدر: بترا": a source line
        return None
    # The place, then the date's words and numbers ("الرياض 8 شعبان 1445 هـ الموافق 18 فبراير 2024 م"; "المنامة في
    # 18 فبراير" has no year to read, and is still a date).
    tokens = [token.strip(_SEPARATORS) for token in _DATE_SEPARATOR.sub(" ", head).split()]
    tokens = [token for token in tokens if token]
    place_words = list(itertools.takewhile(lambda token: not _date_word(token, patterns), tokens))
    dated = tokens[len(place_words) :]
    if (
        len(place_words) > agency_max_words
        or (dated and not place_words)  # a date and an agency alone: `dated_source`'s
        or (not place_words and not alone)
        or not all(_date_word(token, patterns) for token in dated)
        or any(not _NAME_WORD.fullmatch(word) or word in patterns.not_in_names for word in place_words)
    ):
        return None
    found = find_date_in_key(head, patterns)
    words, keys = text.split(), key.split()
    start = len(_WORD_BEFORE_BLANK.findall(key[: match.start("agency")]))  # "(أ ف ب)": the bracket opens its word
    shown = words if len(words) == len(keys) else keys  # the agency as printed, but where normalising split words
    named = shown[start : start + len(match["agency"].split())]
    # "دمشق-سانا", "(أ ف ب)": what stands before the agency in its first word is the place's or a bracket.
    named[0] = next((part for part in reversed(_BEFORE_AGENCY.split(named[0])) if part), named[0])
    agency = " ".join(named).strip(_SEPARATORS + "()（）:：")
    return Dateline(found.iso if found else None, agency)


def _cjk_dispatch(text: str, patterns: Patterns) -> Dateline | None:
    match = _CJK_DISPATCH.match(text.strip())
    if not match:
        opening = _CJK_REPORTERS_OPENING.match(text.strip())
        return Dateline(None, None, opening["reporters"]) if opening else None
    bracket = tidy(match["reporters"] or "")
    opener = patterns.byline_word.match(normalize(bracket))
    # The brackets name reporters only after a byline word; "（图）" or "（完）" name none.
    reporters = bracket[opener.end() :].strip() if opener and opener.end() < len(bracket) else None
    return Dateline(None, match["agency"], reporters or None)


def standalone_dateline(text: str, patterns: Patterns, agency_max_words: int) -> Dateline | None:
    """A dateline that is the whole line: "(أبوظبي - البيان)" set apart above the dispatch, or one without
    brackets around it ("الرياض واس", "جدة 12 مارس 2024 واس", "(أ ف ب)": `agency_dateline`)."""
    match = _DATELINE.match(text.strip())
    whole = match is not None and match.end() == len(text.strip())
    bracketed = _bracketed_dateline(match[1], patterns, agency_max_words) if match and whole else None
    return bracketed or agency_dateline(text, patterns, agency_max_words, whole=True, alone=True)


def _mostly_latin(text: str) -> bool:
    latin = len(_LATIN_LETTER.findall(text))
    return latin > len(_LETTER.findall(text)) - latin


@dataclass(frozen=True)
class SiteEvidence:
    """What a page says its site is called, to tell the site's name in its title from the headline's words.
    Every text is normalised."""

    declared: tuple[str, ...] = ()  # names the page gives itself (og:site_name, publisher, its domain)
    shown: frozenset[str] = frozenset()  # short lines the page shows on their own (a footer's name)
    headlines: tuple[str, ...] = ()  # headlines the page prints without the site name (its <h1>)
    sections: frozenset[str] = frozenset()  # the site's sections the page links to or declares ("opinion")
    home: frozenset[str] = frozenset()  # the names of its links to the site's home page: its logo's, "الرئيسية"


@dataclass(frozen=True)
class CleanTitle:
    title: str
    site_name: str | None = None  # the site name cut off, when one segment was
    evidence: str | None = None  # what told it was the site's name, for --explain
    sections: tuple[str, ...] = ()  # segments cut off as names the page links to ("Opinion"): no outlet's name

    def note(self) -> str:
        """How --explain says what was cut from the title, after where the title was found."""
        said = [f"{section!r} removed: {SECTION}" for section in self.sections]
        if self.evidence is not None:
            name = f" {self.site_name!r}" if self.site_name else ""
            said.insert(0, f"site name{name} removed: {self.evidence}")
        return f" ({'; '.join(said)})" if said else ""


SECTION = "a name the page links to (a section, or the site's logo)"


def is_declared_name(text: str, declared: tuple[str, ...], settings: CleanSettings) -> bool:
    """Whether a title segment or a byline is one of the names the page gives its site, contains one, or is
    contained in one (texts shorter than [title] min_site_name_chars only when they are the name)."""
    key = normalize(text)
    shortest = settings.title.min_site_name_chars
    return any(
        key == name or (min(len(key), len(name)) >= shortest and (key in name or name in key)) for name in declared
    )


# Where a copyright notice's parts part: "© 2024 عنب بلدي. جميع الحقوق محفوظة", "BBC © 2021 | Terms".
_NOTICE_PARTS = re.compile(r"[.|،,;:؛•·]\s+|\s+[-–—]\s+")
_NOT_NAME_CHARACTERS = re.compile(r"[^\w\s]|\d|_")


def copyright_holders(text: str, patterns: Patterns, most_words: int) -> list[str]:
    """The names a copyright notice gives its holder, normalised: "© 2024 عنب بلدي. جميع الحقوق محفوظة" -> ["عنب
    بلدي"]. In a page saved as text (a `lynx -dump`), where no markup names the site, its footer's notice does.
    Each part of the notice that holds a copyright word, without it, its years and its marks, when what is left is
    one to `most_words` words."""
    holders = []
    for part in _NOTICE_PARTS.split(normalize(text)):
        if not patterns.copyright.search(part):
            continue
        words = _NOT_NAME_CHARACTERS.sub(" ", patterns.copyright.sub(" ", part)).split()
        if 0 < len(words) <= most_words:
            holders.append(" ".join(words))
    return holders


def strip_site_name(title: str, evidence: SiteEvidence, settings: CleanSettings) -> CleanTitle:
    """The headline without the site's name before or after it (" – RT EN", "Site | ", " - Sputnik Arabic"): the
    one title-suffix finder of both input modes ([title] in settings.toml).

    Segments go, from either end, on the page's word: a name it gives itself or shows on a line of its own. When
    nothing goes so, a segment that is the headline the page prints is kept alone. Failing that, the last segment
    goes on a guess: a site word ("نيوز", "news"), or Latin letters after a headline that has none. A guessed or
    shown name is short and leaves a headline of a few words behind; a title the page prints whole as its
    headline is left whole.
    """
    title = title.strip()
    pieces = settings.patterns.title_split.split(title)  # text, separator, text, ...
    parts = [piece.strip() for piece in pieces[0::2]]
    if len(parts) == 1:
        return CleanTitle(title)
    printed_whole = normalize(title) in evidence.headlines
    limits = settings.title

    def short(part: str, rest: list[str]) -> bool:
        head_words = sum(len(other.split()) for other in rest)
        return len(part.split()) <= limits.site_name_max_words and head_words >= settings.lines.title_min_words

    def page_word(part: str, rest: list[str]) -> str | None:
        # A name the page gives its site, or a section it links to, goes even from a headline it prints whole
        # ("How meditation rewires brains | Opinion" in its <h1>): the page itself says what the segment is.
        if part and is_declared_name(part, evidence.declared, settings):
            return "the name the page gives its site"
        if normalize(part) in evidence.home:
            return "the name the page links to its home page with (its logo)"
        if normalize(part) in evidence.sections and short(part, rest):
            return SECTION
        if not printed_whole and normalize(part) in evidence.shown and short(part, rest):
            return "a name the page shows on a line of its own"
        return None

    first, last, reasons = 0, len(parts), []
    while last - first > 1 and (reason := page_word(parts[first], parts[first + 1 : last])):
        first, reasons = first + 1, [*reasons, reason]
    while last - first > 1 and (reason := page_word(parts[last - 1], parts[first : last - 1])):
        last, reasons = last - 1, [*reasons, reason]
    if not reasons and printed_whole:
        return CleanTitle(title)
    if not reasons:
        printed = next((index for index, part in enumerate(parts) if normalize(part) in evidence.headlines), None)
        if printed is not None:
            first, last, reasons = printed, printed + 1, ["the page prints the headline without it"]
        elif (guess := _guessed_site_name(parts[-1], parts[:-1], settings)) and short(parts[-1], parts[:-1]):
            last, reasons = last - 1, [guess]
    if not reasons:
        return CleanTitle(title)
    kept = "".join(pieces[2 * first : 2 * last - 1]).strip()
    outside = [part for index, part in enumerate(parts) if not first <= index < last and part]
    sections = tuple(
        part
        for part in outside
        if normalize(part) in evidence.sections
        and normalize(part) not in evidence.home
        and not is_declared_name(part, evidence.declared, settings)
    )
    removed = [part for part in outside if part not in sections]
    site_reasons = [reason for reason in reasons if reason != SECTION]
    return CleanTitle(
        kept,
        removed[0] if len(removed) == 1 else None,
        "; ".join(dict.fromkeys(site_reasons)) if removed else None,
        sections,
    )


def _guessed_site_name(part: str, rest: list[str], settings: CleanSettings) -> str | None:
    if not part:
        return None
    if settings.patterns.site_word.search(normalize(part)):
        return "a site word"
    if _mostly_latin(part) and not _mostly_latin(" ".join(rest)):
        return "Latin letters after a headline in another script"
    return None


def _byline_parts(text: str, patterns: Patterns) -> list[str]:
    """A byline's parts where the separators of a page title's segments or commas part them ("X، القاهرة - ...")."""
    pieces = patterns.title_split.split(text)[0::2]
    return [part.strip() for piece in pieces for part in re.split(r"[,،]", piece)]


def is_outlet_name(part: str, name: str, declared: tuple[str, ...], settings: CleanSettings) -> bool:
    """Whether a part a byline prints after the writer's `name` is the outlet's name: one the page gives its site,
    an agency, or a guess of the title finder's ("بي بي سي نيوز عربي", "سكاي نيوز عربية": a site word; "BBC News"
    after an Arabic name: Latin letters after another script), of at most [title] byline_site_name_max_words."""
    key = normalize(part)
    if not key or len(part.split()) > settings.title.byline_site_name_max_words:
        return False
    return (
        is_declared_name(part, declared, settings)
        or bool(settings.patterns.agency_only.match(key))
        or _guessed_site_name(part, [name], settings) is not None
    )


def name_before_outlet(text: str, declared: tuple[str, ...], settings: CleanSettings) -> str | None:
    """The writer's name a byline prints before its outlet: "محمد النجار - الجزيرة نت", "سامر خليل | سكاي نيوز
    عربية" and "أحمد عرفة، القاهرة - اليوم السابع" (the dispatch's place between) give the name; a byline without
    an outlet after the name is given as it is. None where what stands before the outlet is no writer: a place in
    brackets ("(أبوظبي - البيان)", the dispatch's dateline), one word (a place), or the outlet itself."""
    parts = _byline_parts(text, settings.patterns)
    name = parts[0].strip(" ()")
    if len(parts) > 1 and is_declared_name(name, declared, settings):
        return None
    if not any(is_outlet_name(part.strip(" ()"), name, declared, settings) for part in parts[1:]):
        return text
    if text.lstrip().startswith(("(", "（")) or len(name.split()) <= settings.lines.byline_outlet_max_words:
        return None
    return name


def byline_name(text: str, patterns: Patterns) -> str | None:
    """ "بقلم:  يورونيوز" -> "يورونيوز"; None when the line does not open with a byline word."""
    line = text.strip()
    if (reporting := _CJK_REPORTERS_OPENING.match(line)) and not line[reporting.end() :].strip(" :："):
        return reporting["reporters"]  # "记者 王明 报道", a line of its own: the names without "reports"
    match = patterns.byline_prefix.match(normalize(text))
    if not match:
        return None
    # The name is cut from the original line, so it keeps its spelling (hamzas, diacritics): by its words, or,
    # where the byline word runs into it ("记者：王明", Chinese writes no space), where its normalised text starts.
    words = text.split()
    name_words = len(match.group(1).split())
    if name_words < len(words):
        return " ".join(words[len(words) - name_words :]).strip(" :-–") or None
    start = next((at for at in range(len(line)) if normalize(line[at:]) == match.group(1)), len(line))
    return line[start:].strip(" :-–") or None


# Where a signature's parts part: a colon, a bar, a slash, or a dash with a blank on at least one side ("روسيا-الناتو"
# is one word), a tatweel standing alone as one ("الخرطوم ـ محمد عثمان").
_SIGNATURE_SPLIT = re.compile(r"\s*([:：|/])\s*|\s+[-–—ـ]\s*|\s*[-–—]\s+")
_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_.'’]*\.?")


@dataclass(frozen=True)
class PlacedName:
    """A correspondent's signature without a byline word: the writer's name, the dispatch's place printed before it
    (None where the line does not tell a place from a first writer's name), the outlet printed after it."""

    name: str
    place: str | None = None
    outlet: str | None = None


def _name_words(part: str, patterns: Patterns, most: int) -> bool:
    """Whether a part is one to `most` words of letters, none of them a phrase's ([words] not_in_names), a date's, a
    site's or an agency's."""
    key = normalize(part)  # without its marks: a shadda or a vowel sign is no letter to the pattern
    words = key.split()
    counted = [word for word in words if word not in patterns.name_particles]  # "بن", "ابو" name no one
    if not 0 < len(counted) <= most or not all(_NAME_WORD.fullmatch(word) for word in words):
        return False
    if patterns.site_word.search(key) or patterns.agency_only.match(key):
        return False
    return not any(word in patterns.not_in_names or word in patterns.date_words for word in words)


def _opens_with_given_name(part: str, patterns: Patterns, limits: LineThresholds) -> bool:
    """Whether a name's first word after its particles ("أبو", "بن") is a common given name ([words] given_names), a
    compound with "عبد" ("عبدالله"), or one the list lacks (_unlisted_given_name): Arabic has no capitals to tell a
    name, and a kicker under the headline ("بيروت: ارتفاع الأسعار", "دمشق: الأسد يلتقي بوتين") has a place and a
    name's shape."""
    words = normalize(part).split()
    first = next((word for word in words if word not in patterns.name_particles), "")
    return first in patterns.given_names or first.startswith("عبد") or _unlisted_given_name(part, patterns, limits)


def _words_and_keys(part: str, patterns: Patterns) -> tuple[list[str], list[str]]:
    """A name's words but its particles ("بن", "أبو"), which name no one, and each word normalised."""
    words = [word for word in part.split() if normalize(word) not in patterns.name_particles]
    return words, [normalize(word) for word in words]


# Arabic's own letters and marks: not Persian's or Urdu's (پ, گ, ی), which wordfreq's Arabic list does not count.
_ARABIC_WORD = re.compile(r"[\u0621-\u065f\u0670]+")


def _unlisted_given_name(part: str, patterns: Patterns, limits: LineThresholds) -> bool:
    """Whether a line of two words or more is a name opening with a given name [words] given_names lacks ("عون
    الخطيب", "معتصم الشوبكي", "عزمي بشارة"): its first word has no article and no verb's shape, and every word of
    it but a father's given name is rarer in Arabic text than a common noun ([lines] common_noun_zipf). A kicker's
    words are written everywhere ("أسعار النفط", "موسم الحصاد", "كأس العالم"), and so is a word of a place's name
    ("رام الله", "شرم الشيخ", "بيت لحم"); given names the list lacks are rare words, or words rarer than a noun
    ("عون", 4.2). A plural ([words] plural_patterns) or a feminine noun before a feminine adjective opens a kicker
    however rare its words ("معارك عنيفة", "أمطار غزيرة", "موجة حارة", "نافذة ثقافية")."""
    words, keys = _words_and_keys(part, patterns)
    if len(words) < 2 or not all(_ARABIC_WORD.fullmatch(word) for word in words):
        return False
    if keys[0].startswith("ال") or patterns.kicker_word.fullmatch(keys[0]) or patterns.plural.fullmatch(keys[0]):
        return False
    # A feminine adjective after a noun ("نافذة ثقافية", "موجة حارة") is no family name.
    feminine = [not key.startswith("ال") and key.endswith(_FEMININE) for key in keys]
    nisba = any(ending and key.endswith(_FEMININE_NISBA) for key, ending in zip(keys[1:], feminine[1:], strict=True))
    if nisba or (feminine[0] and any(feminine[1:])):
        return False
    # A father's given name is as common as it is, and a name all the same ("أنيس منصور", "أسعد أبو خليل").
    return all(
        zipf(word) < limits.common_noun_zipf or (index and key in patterns.given_names)
        for index, (word, key) in enumerate(zip(words, keys, strict=True))
    )


_FEMININE = "ه"  # normalised: ة is ه
_FEMININE_NISBA = "يه"


def _noun_shaped(word: str, key: str, patterns: Patterns, limits: LineThresholds) -> bool:
    """Whether a word after a name's given name (`key` normalised) is a noun's or a verb's, never a family name's. A
    word no family name is, by its shape ([words] kicker_glued_prefixes and the lists after it), or, with the
    article, by how common it is ([lines] common_noun_zipf): "الطبيعة", "الحظ", "الأخبار" are written everywhere,
    a family name rarely ("الخطيب" at 4.3, "المعايطة" under 3); a nisba ("المصري") and the family names that are
    common words ([words] common_family_names: "السيد", "الشيخ") are names whatever their count. A word rarer than
    [lines] family_name_zipf is a family name even in a noun's shape ("المعايطة", "المحاسنة": a tribe's plural)."""
    if key in patterns.given_names or (key.startswith("ال") and key[2:] in patterns.given_names):
        return False
    if key in patterns.compound_name_ends or key in patterns.common_family_names:
        return False
    shaped = bool(patterns.kicker_word.fullmatch(key)) or (
        bool(patterns.kicker_ending.fullmatch(key)) and not patterns.family_name.fullmatch(key)
    )
    # A nisba ends in ي whatever vowel marks are written over it ("العربيّ"), so the key says it; a word the key
    # ends in ي for its ى ("الموسيقى") is no nisba.
    if not key.startswith("ال") or (key.endswith("ي") and not word.endswith("ى")):
        return shaped
    return zipf(word) >= (limits.family_name_zipf if shaped else limits.common_noun_zipf)


def noun_shaped_words(part: str, patterns: Patterns, limits: LineThresholds) -> list[str]:
    """The words after a name's given name that are a noun's or a verb's, which no family name is (_noun_shaped):
    "جمال الطبيعة", "سلامة للجميع", "كريم يعود" and "سعيد الحظ" are kickers, "جمال الخطيب" and "منصور المعايطة"
    names. The word after "عبد" is the given name's own ("عبد الإله"), and a compound's second word is a name's ([words]
    compound_name_ends: "نور الدين", "عطا الله")."""
    words, keys = _words_and_keys(part, patterns)
    start = 2 if keys[:1] == ["عبد"] else 1
    if len(words) - start >= 2 and _bare_family_name(words[-1], keys[-1], patterns, limits):
        return []
    return [
        word for word, key in zip(words[start:], keys[start:], strict=True) if _noun_shaped(word, key, patterns, limits)
    ]


def _bare_family_name(word: str, key: str, patterns: Patterns, limits: LineThresholds) -> bool:
    """Whether the last of three words or more is a family name without the article, rarer than a common noun or a
    father's given name ("درويش", "حسن"): it closes a name whose middle words are the name's own whatever they are
    besides ("إيمان البحر درويش", "أحمد الشيخ حسن"). A kicker of three words ends with a noun or an adjective that
    has the article ("جمال الطبيعة الساحرة", "أمين عام الحزب") or is a common word ("سلامة المرور أولا")."""
    if key.startswith("ال") or not _ARABIC_WORD.fullmatch(word) or _noun_shaped(word, key, patterns, limits):
        return False
    return key in patterns.given_names or zipf(word) < limits.common_noun_zipf


def _writers(part: str, patterns: Patterns) -> list[str]:
    """The writers a name joins with "و" written against the next one's given name: "محمد علي وأحمد حسن" ->
    ["محمد علي", "أحمد حسن"]; a name without such a word is one writer."""
    words = part.split()
    cuts = [
        index
        for index, word in enumerate(words)
        if index and (key := normalize(word)).startswith("و") and key[1:] in patterns.given_names
    ]
    writers = [" ".join(words[start:end]) for start, end in zip([0, *cuts], [*cuts, len(words)], strict=True)]
    return writers[:1] + [writer.removeprefix("و") for writer in writers[1:]]


def is_writer_name(part: str, patterns: Patterns, limits: LineThresholds, *, in_byline: bool = False) -> bool:
    """A first and a family name, or more, not in Latin letters: there a label's value is written in capitals as a
    name is ("PROJECT: Weekend Coding Agent", "DOC. NO - WCA"), and a byline has its "By". Unless the text is
    `in_byline` already (a page's byline box), its first name a known one and no word after it a noun's or a
    verb's: "كريم بنعلي" before a date is its writer, "الدار البيضاء" the dispatch's place, "جمال الطبيعة" a
    kicker. Two writers joined by "و" ("محمد علي وأحمد حسن") are each one."""
    if len(writers := _writers(part, patterns)) > 1:
        return all(is_writer_name(writer, patterns, limits, in_byline=in_byline) for writer in writers)
    return (
        len(part.split()) >= 2
        and not _LATIN_LETTER.search(part)
        and _name_words(part, patterns, limits.placed_name_max_words)
        and looks_like_name(part, patterns)
        and (
            in_byline
            or (_opens_with_given_name(part, patterns, limits) and not noun_shaped_words(part, patterns, limits))
        )
    )


def _outlet(part: str, patterns: Patterns) -> bool:
    """An agency or a site's name as a signature prints it after the writer: "أ ف ب", "الجزيرة نت", "BBC"."""
    key = normalize(part)
    return bool(patterns.agency_only.match(key) or patterns.site_word.search(key) or _mostly_latin(part))


def placed_name(text: str, patterns: Patterns, limits: LineThresholds, *, in_byline: bool = False) -> PlacedName | None:
    """A line that signs a correspondent's story without a byline word: the dispatch's place and the writer's name
    ("عمّان: رنا القاسم", "القاهرة - محمد علي", "غزة/ أحمد حسن"), perhaps the outlet after them ("بيروت - ليلى
    الخطيب - النهار"), or the name and its outlet alone ("محمد النجار - الجزيرة نت"). A place is the part before a
    colon, or one word before a dash, slash or bar: "محمد علي - أحمد حسن" may be two writers, and is given whole as
    the name; words before it that open with no given name are no writer's ("ارتفاع الأسعار - أحمد حسن", "رام الله
    - أحمد حسن"), and the name after them is. None for any other line: a label ("المصدر: بترا", "تصوير: ..."), a
    phrase, a date, a kicker ("بيروت: ارتفاع الأسعار"): outside a page's byline box (`in_byline`), a name opens
    with a known given name."""
    text, key = text.strip(), normalize(text)
    if patterns.byline_word.match(key) or patterns.source_prefix.match(key) or patterns.editor_credit.match(key):
        return None
    if ends_with_stop(text):  # a sentence: "الموضوع – استعادة الحساب/ إعادة التشغيل."
        return None
    pieces = _SIGNATURE_SPLIT.split(text)  # part, colon or None, part, ...
    parts, marks = [piece.strip() for piece in pieces[0::2]], pieces[1::2]
    if not 2 <= len(parts) <= 3 or any(mark and mark in ":：" for mark in marks[1:]):
        return None
    # After a place and a name, a third part is the outlet whatever its name ("بيروت - ليلى الخطيب - النهار").
    last_outlet = _outlet(parts[-1], patterns) or (
        len(parts) == 3 and _name_words(parts[-1], patterns, limits.dateline_agency_max_words)
    )
    outlet = parts[-1] if last_outlet else None
    if len(parts) == 3 and outlet is None:
        return None
    first, name = parts[0], parts[1] if len(parts) == 3 or outlet is None else None
    if name is None:  # the name, then its outlet; a colon follows a place or a label, never a writer
        named = is_writer_name(first, patterns, limits, in_byline=in_byline) and not (marks[0] and marks[0] in ":：")
        return PlacedName(first, None, outlet) if named else None
    place_words = _name_words(first, patterns, limits.place_max_words)
    if not (place_words and is_writer_name(name, patterns, limits, in_byline=in_byline)):
        return None
    if patterns.chrome_label.match(normalize(first)):  # a widget's label: "فيديو: لحظة وصول الوفد"
        return None
    colon = bool(marks[0]) and marks[0] in ":："
    if colon or len(first.split()) == 1:
        return PlacedName(name, first, outlet)
    # Two words before a dash: a first writer's name opens with a given name ("محمد علي - أحمد حسن"), a kicker or
    # a place does not ("ارتفاع الأسعار - أحمد حسن", "رام الله - أحمد حسن") and names no one.
    if not in_byline and not is_writer_name(first, patterns, limits):
        return PlacedName(name, None, outlet)
    return PlacedName(text if outlet is None else text[: text.rindex(outlet)].rstrip(" -–—ـ|/"), None, outlet)


def is_own_dateline(text: str, is_site_name: Callable[[str], bool], patterns: Patterns, limits: LineThresholds) -> bool:
    """Whether a line is a dispatch's dateline that names the outlet itself, the page's own name (`is_site_name`)
    beside a place of a few words, in either order: "عمّان - رؤيا", "طرابلس - بوابة الوسط", "عنب بلدي – ريف حلب".
    An agency's dateline names an agency of [words] agency (standalone_dateline); a site's own, its own name."""
    parts = [part.strip() for part in _SIGNATURE_SPLIT.split(text.strip())[0::2]]
    if len(parts) != 2 or not all(parts) or ends_with_stop(text):
        return False
    return any(
        is_site_name(site) and _name_words(place, patterns, limits.place_max_words)
        for place, site in (parts, parts[::-1])
    )


def name_after_place(text: str, patterns: Patterns, limits: LineThresholds) -> str:
    """A byline without the dispatch's place printed before the name: "عمّان: رنا القاسم" -> "رنا القاسم", as
    Arabic papers sign a correspondent's story (the place is the dateline's, never the writer's name)."""
    placed = placed_name(text, patterns, limits, in_byline=True)
    if placed is None or placed.place is None:
        return text
    return text[text.index(placed.name, len(placed.place)) :]  # an outlet after the name stays for its own finder


def _before_other_date(head: str, patterns: Patterns) -> str:
    """The text before a date that ends it, read or not: the date words at its end (Patterns.date_words) from the
    first that holds a digit, as a Hijri date opens with its day; a name before it may be a month's ("محمد رجب")."""
    tokens = list(_TOKEN.finditer(head))
    start = len(tokens)
    while start > 0 and _date_word(tokens[start - 1][0], patterns):
        start -= 1
    day = next((token for token in tokens[start:] if any(char.isdigit() for char in token[0])), None)
    return head[: day.start()] if day else head


def name_before_date(text: str, patterns: Patterns) -> str:
    """A byline without the date printed after the name: "Oleg Parashchak Jul 18, 2025 7 min" -> "Oleg
    Parashchak", "Cazzy Magennis Last Updated: August 1, 2025" -> "Cazzy Magennis", "John Smith on March 3, 2020"
    -> "John Smith". A date label, a day's name or a preposition ("on", "am", "في") before the date goes with it,
    and so does what follows it (a read time, an update stamp), and a Hijri date printed before it ("ليلى الخطيب
    الثلاثاء، ١٢ رجب ١٤٤١ هـ - ٣ مارس ٢٠٢٠"). A text that opens with its date ("August 28, 2025 • 5 min read",
    "- 2025/4/29") gives "": a date is never a byline."""
    key = normalize(text)
    found = find_date_in_key(key, patterns)
    if found is None:
        return text
    words = text.split()
    head = patterns.weekday_end.sub("", _before_other_date(key[: found.start], patterns))
    # A label first: its own words may end in a preposition ("نشر في").
    if label := patterns.date_label.search(head):
        head = head[: label.start()]
    before_preposition = patterns.preposition_end.sub("", head)
    # A preposition is written in lower case (or in a script without case): "Linh Le 3 March 2020" ends its
    # name with the family name Le, "Carlos El March 3" with El.
    last = len(head.split()) - 1
    if before_preposition != head and 0 <= last < len(words) and not words[last][:1].isupper():
        head = before_preposition
    # The name is cut from the original text, so it keeps its spelling (case, diacritics).
    return " ".join(words[: len(head.split())]).strip(" -–—|•·,،:;/")


# The labels of a page's header and footer that open a line of their own: a photo's copyright, a date widget's
# label, a share bar's button (a byline word with its name too).
_OWN_LINE_LABELS = ("copyright", "date_label", "share")


def opens_own_line(text: str, patterns: Patterns) -> bool:
    """Whether a text opens with a label that opens a line of its own on a page: a byline word and its name ("بقلم:
    يورونيوز"), a copyright, a date label ("نشرت في", "آخر تحديث"), a share button ("شارك هذا المقال")."""
    key = normalize(text)
    return bool(patterns.byline_prefix.match(key) or patterns.any_of(_OWN_LINE_LABELS).match(key))


def is_label(text: str, patterns: Patterns) -> bool:
    """Whether a byline candidate is a label waiting for its value, the name being elsewhere: "Authors of this
    article:", "Name (required):", "Jun 2 Written By"."""
    return bool(patterns.label_end.search(normalize(text)))


# Where a byline's name ends: a role, a place or the paper after a comma, a bar, a bullet, a bracket or a dash.
_AFTER_NAME = re.compile(r"\s*(?:[,;|•·(（/]|\s[-–—]\s|\s[-–—]$).*$")


def signs_as_byline(text: str, words: int, patterns: Patterns, limits: LineThresholds) -> bool:
    """Whether a line opening with a byline word ([bylines]) is a byline: short ([lines] byline_max_words), and the
    words after the byline word can be a name (looks_like_name) with no phrase's word in them ([words]
    not_in_names). "تقرير: محمد علي" signs the story; "تقرير: المياه الجوفية في الأردن تتراجع" is a headline that
    opens with its kind, as "تقرير:", "فيديو:" and "دراسة:" headlines do."""
    if words > limits.byline_max_words:
        return False
    name = byline_name(text, patterns)
    if name is None or not looks_like_name(name, patterns):
        return False
    return not any(word in patterns.not_in_names for word in normalize(name).split())


def looks_like_name(name: str, patterns: Patterns) -> bool:
    """Whether the words after a byline word can be a name. In a script with capitals every word of a name opens
    with one, but for the particles of names and the words joining two ("Anna Schmidt und Max Müller"): "By
    checking out, you agree" is a sentence, "By the Numbers" and "By The Book" headings. A desk or a role ("By our
    staff correspondent") and an agency ("By dpa") are bylines too. Arabic and Chinese have no capitals to tell."""
    head = _AFTER_NAME.sub("", name)
    lettered = [word for word in head.split() if any(char.isalpha() for char in word)]
    if not lettered:
        return False
    keys = [normalize(word) for word in lettered]
    if patterns.agency_only.match(normalize(head)) or keys[-1].strip(".") in patterns.byline_roles:
        return True
    if keys[0] in patterns.name_articles:
        return False
    return all(key in patterns.name_particles or _opens_as_name(word) for word, key in zip(lettered, keys, strict=True))


def _opens_as_name(word: str) -> bool:
    first = next(char for char in word if char.isalpha())
    return first.isupper() or first.lower() == first.upper()
