"""Quality checks on every translation in a catalog, machine draft or human: each warning names file and line.

Pure: strings and parsed catalogs in, `CatalogWarning`s out. Every threshold is in `settings.py`.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import nh3
import polib

from toolkit.catalog.entries import (
    DATE_HEADER,
    PLURAL_FORMS_FIELD,
    SOURCE_HEADER,
    article_moment,
    counted,
    counted_entries,
    msgid_order,
    occurrences,
    plural_count,
    source_line,
    title_entry,
    translation,
)
from toolkit.catalog.glossary import NO_GLOSSARY, Glossary, target_has, terms_in
from toolkit.catalog.poformat import Catalog
from toolkit.catalog.settings import (
    DEFAULT_LENGTH_RATIO_BOUNDS,
    HAN_FAMILY_NAMES,
    LENGTH_RATIO_BOUNDS,
    MIN_LATIN_WORD_LETTERS,
    MIN_SOURCE_CHARS_FOR_RATIO,
    NOT_A_GIVEN_NAME,
    NOT_NAMES,
    SENTENCE_COUNT_MIN_DIFFERENCE,
    SENTENCE_COUNT_RATIO,
    TRANSLITERATION_CHARACTERS,
    TRANSLITERATION_ONLY_CHARACTERS,
    WORDS_AFTER_A_NAME,
    WORDS_BEFORE_A_NAME,
)
from toolkit.clean.sources import is_html_source
from toolkit.errors import NAMED_AT_MOST, named_few, shown_path, shown_value
from toolkit.numbers import ENGLISH_NUMBER_WORDS, SCALE_WORDS, arabic_number_words
from toolkit.scripts import (
    FORBIDDEN_IN_HTML,
    HAN_NUMERAL,
    ascii_digits,
    for_terminal,
    han_number,
    is_han_digit,
    language_script,
    letters_in_script,
    normalize_arabic,
    primary_language,
)
from toolkit.site.settings import DROPPED_WITH_CONTENT, SCHEMES_NEVER_SHOWN
from toolkit.translate.checks import find_repetition
from toolkit.translate.segment import split_sentences

# A number: digits with optional thousands groups (",", Arabic "٬", thin/no-break spaces) and a decimal part
# ("." or Arabic "٫").
_NUMBER = re.compile(r"\d+(?:[,٬\u066c\u202f\u00a0]\d{3})*(?:[.٫]\d+)?")
_THOUSANDS = str.maketrans("", "", ",٬\u202f\u00a0")
# Thousands grouped with "." ("866.646 إصابة", "42.000 participants", "1.250.000"), as many Arabic and European
# papers write them: one group may also be a decimal part, so "866.646" reads both ways.
_DOT_GROUPED = re.compile(r"(?<![\d.,٫٬])\d{1,3}(?:\.\d{3})+(?![\d٫]|[.,٬]\d)")
_WORD = re.compile(r"\w+", re.UNICODE)
# Written without a space between words: a scale word there is no word of its own ("6000万元").
_UNSPACED_LANGUAGES = frozenset({"zh"})
# Letters glued to a number that scale it or name a unit: "1.5m" is $1.5 million or 1.5 metres, "5k" 5,000 or
# 5 km; either reading is taken.
AMBIGUOUS_SCALES = {"en": {"m": 1e6, "k": 1e3}}
_HAN_MONTH = re.compile(r"(\d{1,2})\s*月")
_HAN_TIME = re.compile(r"(\d{1,2})\s*[时時点](?:\s*(\d{1,2})\s*分)?")
# English number words a translation of a Chinese numeral may use instead of digits.
_ENGLISH_NUMBER_WORDS = {word: str(value) for word, value in ENGLISH_NUMBER_WORDS.items()} | {
    "hundred": "100",
    "thousand": "1000",
    "dozen": "12",
    "half": "0.5",
}
_ENGLISH_TENS = tuple(word for word, value in ENGLISH_NUMBER_WORDS.items() if value >= 20)
# Their ordinals: "第二十六届" is the "twenty-sixth" edition.
_ENGLISH_ORDINAL_WORDS = {
    **{"first": "1", "second": "2", "third": "3", "fifth": "5", "eighth": "8", "ninth": "9", "twelfth": "12"},
    **{
        f"{word}th": value
        for word, value in _ENGLISH_NUMBER_WORDS.items()
        if word.endswith("teen") or word in ("four", "six", "seven", "ten", "eleven", "hundred", "thousand")
    },
    **{f"{word[:-1]}ieth": _ENGLISH_NUMBER_WORDS[word] for word in _ENGLISH_TENS},
}
_ENGLISH_NUMBER_READINGS = _ENGLISH_NUMBER_WORDS | _ENGLISH_ORDINAL_WORDS
# Tens and units written as one number: "twenty-six", "twenty six", "thirty-first".
_ENGLISH_COMPOUND = re.compile(
    rf"\b({'|'.join(_ENGLISH_TENS)})[-\s]"
    rf"({'|'.join(word for word, value in _ENGLISH_NUMBER_READINGS.items() if len(value) == 1 and value != '0')})\b"
)
# What SentencePiece and Moses-style detokenizing leave in MT output, and markup that leaked through:
# "city ' s", "city' s", a word piece mark, an unknown token, spaces before punctuation, HTML entities.
TOKENIZER_ARTIFACTS = (
    re.compile(r"\w\s+['’]\s?s\b|\w['’]\s+s\b"),
    re.compile("[▁⁇]"),
    re.compile(r"<unk>|@-@|&(?:quot|amp|lt|gt|apos|#\d+);"),
    re.compile(r"\w\s+[,.;:!?](?=\s|$)| {2,}(?=\S)"),
)
# Brackets and quotes of every script; a span is one pair with its content (at most a long paragraph).
_SPAN = re.compile(
    r"\([^()]{1,1000}\)|（[^（）]{1,1000}）|\[[^\[\]]{1,1000}\]|【[^【】]{1,1000}】|«[^«»]{1,1000}»"
    r"|“[^“”]{1,1000}”|\"[^\"]{1,1000}\"|「[^「」]{1,1000}」|『[^『』]{1,1000}』"
)
# A Latin-script word: letters, joined by "-" or "." to letters or digits ("F-16", "U.S."); digits glued to
# letters ("IP15周年") are a following number, not part of the name.
_LATIN_WORD = re.compile(r"[A-Za-z]+(?:[-.][A-Za-z0-9]+)*")


@dataclass(frozen=True)
class CatalogWarning:
    path: Path
    line: int
    context: str
    message: str
    check: str  # the check's name: `#, ignore-<check>` on the entry silences it

    def __str__(self) -> str:
        # The context as the path is shown: a line end in a hand-edited msgctxt split the warning into two. A
        # header field's warning has no entry's line (polib keeps none for the header).
        where = f"{shown_path(self.path)}:{self.line}" if self.line else shown_path(self.path)
        return f"{where}: [{for_terminal(self.context)}] {self.message} [{self.check}]"


def _normalized_number(match: str) -> str:
    whole, _, fraction = match.translate(_THOUSANDS).replace("٫", ".").partition(".")
    # "01 فبراير" and "February 1" state the same day.
    whole = whole.lstrip("0") or "0"
    return f"{whole}.{fraction}" if fraction else whole


def numbers_in(text: str) -> list[str]:
    """Every number, normalized: ASCII digits, no leading zeros or thousands separators, "." as decimal point."""
    return [_normalized_number(match) for match in _NUMBER.findall(ascii_digits(text))]


def _plain(value: Decimal) -> str:
    """A number as `numbers_in` writes it: 134000000 for 1.34 x 10^8, 0.25."""
    return f"{value.normalize():f}"


def _whole_number(digits: str) -> str:
    """ASCII digits as `numbers_in` writes a whole number: without leading zeros. Not through int(): Python
    refuses to convert more than 4,300 digits (a translation holding such a run ended check in a traceback)."""
    return digits.lstrip("0") or "0"


def _grouped(whole: str) -> str:
    """A whole number's digits in groups of three, as f"{int(whole):,}" writes them, of any length."""
    head = len(whole) % 3 or 3
    return ",".join([whole[:head], *(whole[start : start + 3] for start in range(head, len(whole), 3))])


def han_numbers(text: str) -> list[tuple[str, bool]]:
    """Numbers written in Chinese characters ("八十六", "零点二五", "两百", and "3.5万"), normalized as
    `numbers_in` does, each with whether it is written out at length: a lone "一" or "三" is as often "a"
    or "three" in the English as a digit, so only longer numerals must reappear as digits. Two digits side by
    side are two numbers, never one of two digits, which is written with 十 (五十一 51): "三四个人" three or
    four people, "五一假期" the May Day holiday (5/1), "七八年" seven or eight years; read as 34, 51, 78, each
    was "missing from the translation"."""
    found = []
    for run in HAN_NUMERAL.findall(text):
        if len(run) == 2 and all(map(is_han_digit, run)):
            found += [(han_number(char), False) for char in run]
        else:
            found.append((han_number(run), len(run) > 1))
    return found


@dataclass(frozen=True)
class _Number:
    shown: str
    readings: frozenset[str]  # what it may stand for: one value, or two for "1.5m" (million or metres)


def _folded(text: str) -> str:
    """ASCII digits; Arabic without vowel marks and with one alef (scripts.normalize_arabic), as SCALE_WORDS spells
    its words."""
    return normalize_arabic(ascii_digits(text))


@functools.cache
def _scale_patterns(language: str) -> tuple[tuple[re.Pattern[str], dict[str, float], bool], ...]:
    """(pattern, scale of each word, whether the digits alone are a reading too) for a language's scale words;
    every language's when it is not known (the words of one script never match another's text)."""
    languages = [language] if language in SCALE_WORDS else list(SCALE_WORDS)
    patterns = []
    for name in languages:
        words = SCALE_WORDS[name]
        ending = "" if name in _UNSPACED_LANGUAGES else r"(?!\w)"
        alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
        patterns.append((re.compile(rf"({_NUMBER.pattern})\s*({alternatives}){ending}", re.IGNORECASE), words, False))
    for name in languages:
        if name in AMBIGUOUS_SCALES:
            words = AMBIGUOUS_SCALES[name]
            alternatives = "|".join(map(re.escape, words))
            patterns.append((re.compile(rf"({_NUMBER.pattern})({alternatives})(?!\w)", re.IGNORECASE), words, True))
    return tuple(patterns)


@functools.cache
def _joined_amount() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(an amount written in parts joined by "و", one of its parts): "49 الفا و759", "3 مليارات و500 مليون"."""
    scales = "|".join(sorted(map(re.escape, SCALE_WORDS["ar"]), key=len, reverse=True))
    part = rf"({_NUMBER.pattern})(?:\s*({scales})(?!\w))?"
    scaled = rf"{_NUMBER.pattern}\s*(?:{scales})(?!\w)"
    return re.compile(rf"(?:{scaled}\s+و\s*)+{_NUMBER.pattern}(?:\s*(?:{scales})(?!\w))?"), re.compile(part)


def _joined_totals(folded: str, language: str) -> dict[str, set[str]]:
    """Each part of an Arabic amount written in parts, with the amount: "49 ألفاً و759" is 49,759 as much as
    49,000 and 759, so either way of writing it in the translation is the same number. A part is one only while
    it is smaller than the scale before it ("50 ألفا و50 شخصا" may also be 50,000 and 50 people: both read)."""
    if language != "ar" and language in SCALE_WORDS:
        return {}
    amount, part = _joined_amount()
    totals: dict[str, set[str]] = {}
    for joined in amount.finditer(folded):
        values, scale = [], None
        for found in part.finditer(joined.group(0)):
            value = Decimal(_normalized_number(found.group(1))) * Decimal(SCALE_WORDS["ar"].get(found.group(2), 1))
            if scale is not None and value >= scale:
                break
            values.append(value)
            scale = Decimal(SCALE_WORDS["ar"][found.group(2)]) if found.group(2) else None
        else:
            total = _plain(sum(values))
            for value in values:
                totals.setdefault(_plain(value), set()).add(total)
    return totals


def number_readings(text: str, language: str = "") -> list[_Number]:
    """Every number of `text` as `numbers_in` writes it, a number followed by a scale word of its language
    read with it ("50 ألفا" is 50000, "1.5 million" 1500000), and an Arabic amount written in parts also as
    their sum (`_joined_totals`)."""
    folded = _folded(text)
    joined = _joined_totals(folded, language)
    found = []

    def scaled(match: re.Match[str], scales: dict[str, float], digits_too: bool) -> str:
        digits = _normalized_number(match.group(1))
        # In decimal, not binary: 65.1 x 10^9 and 651 x 10^8 must both be 65100000000 (floats differ by 10^-5).
        value = _plain(Decimal(digits) * Decimal(scales[match.group(2).lower()]))
        found.append(_Number(value, frozenset({value, digits} if digits_too else {value})))
        return " "

    for pattern, scales, digits_too in _scale_patterns(language):
        folded = pattern.sub(functools.partial(scaled, scales=scales, digits_too=digits_too), folded)

    def dot_grouped(match: re.Match[str]) -> str:
        grouped = _whole_number(match.group(0).replace(".", ""))
        decimal = {_normalized_number(match.group(0))} if match.group(0).count(".") == 1 else set()
        found.append(_Number(min(decimal, default=grouped), frozenset({grouped} | decimal)))
        return " "

    folded = _DOT_GROUPED.sub(dot_grouped, folded)
    numbers = found + [_Number(number, frozenset({number})) for number in numbers_in(folded)]
    return [replace(number, readings=number.readings | joined.get(number.shown, set())) for number in numbers]


def english_number_words(text: str) -> list[str]:
    """The numbers an English text writes in words, as `numbers_in` writes them: "six" and "sixth" are 6,
    "twenty-six" and "twenty-sixth" 26."""
    lowered = text.lower()
    found = [
        str(int(_ENGLISH_NUMBER_READINGS[tens]) + int(_ENGLISH_NUMBER_READINGS[unit]))
        for tens, unit in _ENGLISH_COMPOUND.findall(lowered)
    ]
    rest = _ENGLISH_COMPOUND.sub(" ", lowered)
    return found + [_ENGLISH_NUMBER_READINGS[word] for word in _WORD.findall(rest) if word in _ENGLISH_NUMBER_READINGS]


# Whole numbers of fewer digits are shown as they are: a year (2022) is read so, not as 2,022.
GROUPED_FROM_DIGITS = 5
# From a million on, an amount is also said with the translation's own scale word: 67,100,000,000 (67.1 billion).
SCALED_FROM = Decimal(10) ** 6
# The most decimals such a reading may take: 1,234,567 is not "1.234567 million".
SCALED_DECIMALS = 3


def readable_number(shown: str, language: str = "") -> str:
    """A number as `numbers_in` writes it, made readable for a message: thousands grouped (67,100,000,000), and a
    large round amount also with the scale word of `language` ("67.1 billion" in English, "671亿" in Chinese)."""
    whole, dot, fraction = shown.partition(".")
    grouped = _grouped(whole) if len(whole) >= GROUPED_FROM_DIGITS else whole
    readable = f"{grouped}{dot}{fraction}"
    value = Decimal(shown)
    # Each scale by the first of its words (the table lists "million" before "mn").
    words = {scale: word for word, scale in reversed(SCALE_WORDS.get(language, {}).items())}
    scale = max((scale for scale in words if Decimal(scale) <= value), default=None)
    if value < SCALED_FROM or scale is None:
        return readable
    amount = value / Decimal(scale)
    if -amount.normalize().as_tuple().exponent > SCALED_DECIMALS:
        return readable
    space = "" if language in _UNSPACED_LANGUAGES else " "
    return f"{readable} ({_plain(amount)}{space}{words[scale]})"


def check_numbers(source: str, target: str, source_language: str = "", target_language: str = "") -> str | None:
    source_numbers = number_readings(source, source_language)
    target_numbers = number_readings(target, target_language)
    also_allowed: set[str] = set()
    if language_script(source_language) == "han":
        written = han_numbers(source)
        source_numbers += [_Number(number, frozenset({number})) for number, long in written if long]
        also_allowed = {number for number, _ in written}
        # "1月" is January.
        not_numbers = {_normalized_number(month) for month in _HAN_MONTH.findall(ascii_digits(source))}
        # "15时50分" is "15:50" or "1550 hours"; "11时" is "11 a.m." or "1100 hours".
        for hour, minute in _HAN_TIME.findall(ascii_digits(source)):
            not_numbers |= {_normalized_number(hour), _normalized_number(minute or "0")}
            also_allowed |= {str(int(hour) % 12 or 12), f"{int(hour)}{int(minute or 0):02d}", str(int(minute or 0))}
        source_numbers = [number for number in source_numbers if not number.readings <= not_numbers]
        target_numbers += [_Number(number, frozenset({number})) for number in english_number_words(target)]
    in_target = set().union(*(number.readings for number in target_numbers))
    if primary_language(source_language) == "ar":
        # Arabic writes numbers in words too (خمسة وعشرون, الأربع والعشرين, يومين "two days"): the translation may
        # write each in digits, and a compound of two words, as unmistakable as digits, must reappear in digits
        # or words. The translation's own number words only answer the source's: an Arabic ordinal (السادس
        # والعشرين "twenty-sixth") is not read, so they are never "not in the source".
        written = arabic_number_words(source)
        source_numbers += [_Number(number, frozenset({number})) for number, compound in written if compound]
        also_allowed = {number for number, _ in written}
        in_target |= set(english_number_words(target))
    in_source = set().union(*(number.readings for number in source_numbers))
    allowed = in_source | also_allowed | set(_ENGLISH_NUMBER_READINGS.values())
    missing = sorted({number.shown for number in source_numbers if not number.readings & in_target})
    extra = sorted({number.shown for number in target_numbers if not number.readings & allowed})
    if not missing and not extra:
        return None
    parts = []
    if missing:
        parts.append(f"missing from the translation: {', '.join(readable_number(n, target_language) for n in missing)}")
    if extra:
        parts.append(f"not in the source: {', '.join(readable_number(n, target_language) for n in extra)}")
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


def _with_its_word(target: str, match: re.Match[str]) -> str:
    """The debris with the whole word it follows, "year ' s" and not "r ' s", which the translator can find; the
    patterns hold one letter of it, as a word of any length would make each scan quadratic in a long word."""
    start = match.start()
    while start and (target[start - 1].isalnum() or target[start - 1] == "_"):
        start -= 1
    return target[start : match.end()]


def check_artifacts(target: str) -> str | None:
    found = [_with_its_word(target, match) for pattern in TOKENIZER_ARTIFACTS for match in pattern.finditer(target)]
    debris = ["tokenizer or markup debris: " + ", ".join(dict.fromkeys(repr(text) for text in found))] if found else []
    # A NUL or a bell pasted into a translation: the page leaves it out, so what readers see is not what was
    # reviewed ("Putin\0to" shows as "Putinto"). Also one written as a character reference ("&#x7;"): a
    # translation is Markdown and HTML, and the page's sanitizer (nh3) reads the reference as the character.
    controls = sorted(set(FORBIDDEN_IN_HTML.findall(target if "&#" not in target else nh3.clean(target, tags=set()))))
    if controls:
        debris.append("control characters the page leaves out: " + ", ".join(f"U+{ord(c):04X}" for c in controls))
    return "; ".join(debris) or None


# What a translator may write that the site's pages never show, words and all (toolkit/site/render.py): an HTML
# comment, CDATA or a processing instruction (a browser hides them too), an element removed with its content
# (<script>, <style>, <title>...), an autolink to a scheme never shown. Not after a backslash, which makes "<"
# text. Code spans, where all of it is shown as written, are taken out first.
_HIDDEN_FROM_READERS = re.compile(
    r"(?<!\\)(?:<!--(?P<comment>.*?)-->|<!\[CDATA\[(?P<cdata>.*?)\]\]>|<\?(?P<instruction>.*?)>"
    rf"|<(?P<element>{'|'.join(sorted(DROPPED_WITH_CONTENT))})(?=[\s/>])[^>]*>(?P<content>.*?)</(?P=element)\s*>"
    rf"|<(?P<address>(?:{'|'.join(scheme.rstrip(':') for scheme in SCHEMES_NEVER_SHOWN)}):[^\s<>]*)>)",
    re.IGNORECASE | re.DOTALL,
)
_CODE_SPAN = re.compile(r"(`+).+?(?<!`)\1(?!`)", re.DOTALL)
_HIDING_NAMES = {
    "comment": "an HTML comment",
    "cdata": "CDATA",
    "instruction": "a processing instruction",
    "content": "a <{element}> element",
    "address": "a link to a scheme the site never shows",
}


def check_hidden_words(target: str) -> str | None:
    """Words of the translation its page does not show: a translator's note in <!-- -->, a pasted <script>, a
    <javascript:...> autolink. Nothing a translator wrote is left out of the page without a warning."""
    if "<" not in target:
        return None
    hidden = []
    for found in _HIDDEN_FROM_READERS.finditer(_CODE_SPAN.sub("", target)):
        kind = next(name for name in _HIDING_NAMES if found.group(name) is not None)
        words = " ".join(found.group(kind).split())
        if any(character.isalnum() for character in words):
            hidden.append(f"{words!r} ({_HIDING_NAMES[kind].format(element=(found.group('element') or '').lower())})")
    return "words the page does not show: " + ", ".join(hidden) if hidden else None


def _spans(text: str) -> list[str]:
    return [match.group(0) for match in _SPAN.finditer(text)]


def check_dropped_span(source: str, target: str) -> str | None:
    """A bracketed or quoted span of the source (a dateline's agency, an aside, a quote) with none to
    answer it in the translation: MT drops "(رويترز)" and "（新华社）" whole."""
    target_words = {word.casefold() for word in _LATIN_WORD.findall(target)}
    # A span that only gives a Latin name already in the translation ("彭博社（Bloomberg）") is answered.
    source_spans = [
        span
        for span in _spans(source)
        if not (latin := _LATIN_WORD.findall(span)) or not {word.casefold() for word in latin} <= target_words
    ]
    target_spans = _spans(target)
    if len(target_spans) >= len(source_spans):
        return None
    missing = ", ".join(repr(span) for span in source_spans[len(target_spans) :][:3])
    return (
        f"the source has {len(source_spans)} bracketed or quoted span(s), the translation {len(target_spans)}: "
        f"is {missing} translated?"
    )


def _sentence_count(text: str, language: str) -> int:
    return sum(len(split_sentences(line, language)) for line in text.splitlines())


def check_sentence_count(source: str, target: str, source_language: str, target_language: str) -> str | None:
    source_count = _sentence_count(source, source_language)
    target_count = _sentence_count(target, target_language)
    low, high = sorted((source_count, target_count))
    if high - low < SENTENCE_COUNT_MIN_DIFFERENCE or high < low * SENTENCE_COUNT_RATIO:
        return None
    return f"{source_count} sentence(s) in the source, {target_count} in the translation"


def check_same(source: str, target: str, source_language: str) -> str | None:
    """A translation that is its source word for word. Not when the source holds no letter of its language's
    script: a name or quote already in Latin letters ("Reuters") stays as it is."""
    if " ".join(source.split()) != " ".join(target.split()):
        return None
    script = language_script(source_language)
    letters = letters_in_script(source, script) if script is not None else [c for c in source if c.isalpha()]
    return "the translation is the source text, untranslated" if letters else None


def _unaccented(text: str) -> str:
    """Case and accents folded: "González" is "gonzalez"."""
    return "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)).casefold()


def check_latin_words(source: str, target: str, source_language: str) -> str | None:
    """Names and acronyms the source writes in Latin letters ("NATO", "Bloomberg", "F-16") stay as they are in
    a translation; one that is missing was transliterated, translated or dropped."""
    if language_script(source_language) == "latin":
        return None
    words = dict.fromkeys(
        word
        for word in _LATIN_WORD.findall(source)
        if len(word) >= MIN_LATIN_WORD_LETTERS and any(char.isupper() for char in word)
    )
    target_words = {_unaccented(word) for word in _LATIN_WORD.findall(_unaccented(target))}
    # "IPO" is kept in "IPOs", "CNN" in "CNN's".
    missing = [word for word in words if not any(seen.startswith(_unaccented(word)) for seen in target_words)]
    if not missing:
        return None
    return "written in Latin letters in the source, not found in the translation: " + ", ".join(missing)


_HAN = "\u4e00-\u9fff"
_FAMILY = "|".join(sorted(HAN_FAMILY_NAMES, key=len, reverse=True))
_NAME_BEFORE = "|".join(WORDS_BEFORE_A_NAME)
_NAME_AFTER = "|".join(WORDS_AFTER_A_NAME)
# A family name and a given name of one or two characters, where the text marks it a person's name: after a
# title or role, or, where a name may begin (after punctuation or "和", "据"...), before a title or an act of a
# person. Elsewhere a family name's character is as often a word of its own (方面, 曾多次, 黄金).
_NAMED_AFTER_TITLE = re.compile(
    rf"(?:{_NAME_BEFORE})((?:{_FAMILY})[{_HAN}]{{1,2}}?)(?=(?:{_NAME_AFTER})|[同和与與及在]|[^{_HAN}]|$)"
    rf"|(?:{_NAME_BEFORE})((?:{_FAMILY})[{_HAN}]{{2}})"
)
_WORD_AFTER_A_NAME = re.compile(_NAME_AFTER)
_NAMED_BEFORE_ACT = re.compile(
    rf"(?:^|(?<=[^{_HAN}])|(?<=[和与與及同跟据據由被]))((?:{_FAMILY})[{_HAN}]{{1,2}}?)(?:{_NAME_AFTER})"
)


def _transliterated(given: str) -> bool:
    """Whether what follows a family name's character spells a foreign name (史密斯 Smith, 彭斯 Pence), not a
    Chinese given name (settings.TRANSLITERATION_CHARACTERS)."""
    if len(given) == 1:
        return given in TRANSLITERATION_ONLY_CHARACTERS
    return all(char in TRANSLITERATION_CHARACTERS for char in given)


def han_names(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """The persons' names `text` writes in Han characters where it marks them as names (`_NAMED_AFTER_TITLE`,
    `_NAMED_BEFORE_ACT`), each once, with the Latin spellings of its family name; a foreign name spelt in Han
    characters is none of them."""
    found: dict[str, tuple[str, ...]] = {}
    for pattern in (_NAMED_AFTER_TITLE, _NAMED_BEFORE_ACT):
        for match in pattern.finditer(text):
            name = next(group for group in match.groups() if group)
            family = next(family for family in (name[:2], name[:1]) if family in HAN_FAMILY_NAMES)
            if name[len(family)] in NOT_A_GIVEN_NAME or name[:2] in NOT_NAMES:
                continue
            if _WORD_AFTER_A_NAME.match(name, len(family)):  # 王先生, 陈女士, 州长李表示: the family name alone
                name = family
            elif _transliterated(name[len(family) :]):
                continue
            found.setdefault(name, HAN_FAMILY_NAMES[family])
    return list(found.items())


def check_han_names(source: str, target: str, source_language: str, target_language: str) -> str | None:
    """A person's name the Chinese (or Japanese) source writes in Han characters has a Latin spelling in a
    Latin-script translation: its family name, in pinyin or another usual spelling (王 Wang, Wong), begins a
    word of it. Without one, the name was dropped (MT drops names it cannot place) or translated as a word."""
    if language_script(source_language) != "han" or language_script(target_language) != "latin":
        return None
    names = han_names(source)
    if not names:
        return None
    words = [_unaccented(word) for word in _LATIN_WORD.findall(target) if word[0].isupper()]
    missing = [
        f"{name} ({', '.join(spellings)})"
        for name, spellings in names
        if not any(word.startswith(spelling.casefold()) for word in words for spelling in spellings)
    ]
    if not missing:
        return None
    return "a person's name in the source has no Latin spelling in the translation: " + "; ".join(missing)


def check_glossary(source: str, target: str, source_language: str, glossary: Glossary) -> str | None:
    missing = [term for term in terms_in(glossary, source, source_language) if not target_has(term, target)]
    if not missing:
        return None
    return "; ".join(f"{term.source!r} should be translated as {term.target!r}" for term in missing)


@dataclass(frozen=True)
class Pair:
    """One translation and everything a check may judge it by."""

    source: str
    target: str
    source_language: str
    target_language: str
    glossary: Glossary = NO_GLOSSARY


@dataclass(frozen=True)
class Check:
    name: str  # what a translator writes after IGNORE_FLAG_PREFIX to silence it on one entry
    run: Callable[[Pair], str | None]


# Every check, in the order its findings are listed. A translator silences one on one entry with the flag
# `#, ignore-<name>` (Weblate's convention, which Poedit keeps and gettext's msgcat and msgmerge drop), or with a
# translator comment line `# ignore-<name>`, which every tool keeps.
CHECKS: tuple[Check, ...] = (
    Check("line-breaks", lambda pair: check_line_breaks(pair.source, pair.target)),
    Check("same", lambda pair: check_same(pair.source, pair.target, pair.source_language)),
    Check(
        "numbers",
        lambda pair: check_numbers(pair.source, pair.target, pair.source_language, pair.target_language),
    ),
    Check("source-script", lambda pair: check_source_script(pair.target, pair.source_language)),
    Check("latin-words", lambda pair: check_latin_words(pair.source, pair.target, pair.source_language)),
    Check(
        "names",
        lambda pair: check_han_names(pair.source, pair.target, pair.source_language, pair.target_language),
    ),
    Check("glossary", lambda pair: check_glossary(pair.source, pair.target, pair.source_language, pair.glossary)),
    Check("artifacts", lambda pair: check_artifacts(pair.target)),
    Check("hidden", lambda pair: check_hidden_words(pair.target)),
    Check("dropped-span", lambda pair: check_dropped_span(pair.source, pair.target)),
    Check("repetition", lambda pair: check_repetition(pair.target)),
    Check(
        "sentences",
        lambda pair: check_sentence_count(pair.source, pair.target, pair.source_language, pair.target_language),
    ),
    Check("length", lambda pair: check_length(pair.source, pair.target, pair.source_language, pair.target_language)),
)
CHECK_NAMES = tuple(check.name for check in CHECKS)
IGNORE_FLAG_PREFIX = "ignore-"
EMPTY_CHECK = "empty"
# What the engine noted on a machine draft as it wrote it (toolkit/translate/checks.py).
ENGINE_CHECK = "engine"
# An article's date that names no day: the header's, so no entry's flag silences it.
DATE_CHECK = "date"
# The article's order of its paragraphs lost to a tool: the catalog's, so no entry's flag silences it either.
ORDER_CHECK = "order"
# A plural entry's forms that are not the header's nplurals (msgfmt --check refuses the catalog): the catalog's
# structure, so no entry's flag silences it.
PLURAL_CHECK = "plural-forms"
# A byte order mark before the header (some Windows editors write one): the toolkit reads and keeps it, GNU
# gettext 0.21's msgfmt and msgcat refuse the file ("1:2: syntax error").
BYTE_ORDER_MARK_CHECK = "byte-order-mark"
# Fewer blocks stand in their text's order by chance too often (one catalog in six of three) to say so.
_FEWEST_BLOCKS_OUT_OF_ORDER = 3


@dataclass(frozen=True)
class Finding:
    check: str
    message: str


def ignored_checks(entry: polib.POEntry) -> set[str]:
    """The checks silenced on `entry`: by its flags, and by translator comment lines made only of
    `ignore-<name>` words (a comment that merely mentions one, "ignore-numbers would hide it", silences none)."""
    words = list(entry.flags)
    for line in entry.tcomment.splitlines():
        line_words = line.replace(",", " ").split()
        if line_words and all(word.startswith(IGNORE_FLAG_PREFIX) for word in line_words):
            words += line_words
    return {word[len(IGNORE_FLAG_PREFIX) :] for word in words if word.startswith(IGNORE_FLAG_PREFIX)}


def check_translation(pair: Pair, ignored: set[str] | frozenset[str] = frozenset()) -> list[Finding]:
    """What looks wrong with one translation of one source text (empty list when nothing does)."""
    if not pair.target.strip():
        return [] if EMPTY_CHECK in ignored else [Finding(EMPTY_CHECK, "empty translation (only whitespace)")]
    findings = [(check.name, check.run(pair)) for check in CHECKS if check.name not in ignored]
    return [Finding(name, message) for name, message in findings if message]


def check_catalog(
    catalog: polib.POFile, path: Path, source_language: str, target_language: str, glossary: Glossary = NO_GLOSSARY
) -> list[CatalogWarning]:
    """Warnings for every active entry that has a translation; untranslated entries are counted, not warned."""
    warnings = []
    for entry in catalog:
        text = translation(entry)
        if entry.obsolete or not entry.msgid or not text:
            continue
        pair = Pair(entry.msgid, text, source_language, target_language, glossary)
        for finding in check_translation(pair, ignored_checks(entry)):
            warnings.append(CatalogWarning(path, entry.linenum, entry.msgctxt or "", finding.message, finding.check))
    return warnings


def check_article_date(catalog: polib.POFile, path: Path) -> list[CatalogWarning]:
    """A warning when the catalog's article date names no day (`article_moment`): the site shows it as written,
    marked unverified, until it is written as ISO 8601 (2022-01-28) or emptied."""
    date = catalog.metadata.get(DATE_HEADER, "").strip()
    if not date or article_moment(date):
        return []
    message = (
        f"article date {shown_value(date)} is no ISO 8601 date (YYYY-MM-DD) of a real day: the site shows it as "
        "written, marked unverified"
    )
    return [CatalogWarning(path, 0, DATE_HEADER, message, DATE_CHECK)]


def check_plural_forms(catalog: polib.POFile, path: Path) -> list[CatalogWarning]:
    """A warning for each plural entry (another tool's: the toolkit writes none) whose forms are not msgstr[0] to
    msgstr[N-1] of the header's nplurals=N, and one for the header when it has plural entries but no such N: as
    msgfmt --check, which refuses the catalog either way."""
    plural_entries = [entry for entry in counted_entries(catalog) if entry.msgid_plural]
    if not plural_entries:
        return []
    count = plural_count(catalog.metadata)
    if count is None:
        value = catalog.metadata.get(PLURAL_FORMS_FIELD)
        header = f"says Plural-Forms: {shown_value(value)}" if value is not None else "has no Plural-Forms"
        message = (
            f"{counted(len(plural_entries), 'plural entry', 'plural entries')} (msgid_plural), but the header "
            f"{header}, with no nplurals=N of N from 1: msgfmt --check refuses the catalog until it says how many "
            "forms each has (English: nplurals=2; plural=(n != 1);)"
        )
        return [CatalogWarning(path, 0, PLURAL_FORMS_FIELD, message, PLURAL_CHECK)]
    warnings = []
    for entry in plural_entries:
        if problem := _plural_forms_problem(set(entry.msgstr_plural), count):
            message = f"{problem}: the header says nplurals={count}, and msgfmt --check refuses the catalog"
            warnings.append(CatalogWarning(path, entry.linenum, entry.msgctxt or "", message, PLURAL_CHECK))
    return warnings


def check_byte_order_mark(catalog: polib.POFile, path: Path) -> list[CatalogWarning]:
    """A warning when the file starts with a byte order mark, which the toolkit keeps (it writes a file back in its
    own layout) and GNU gettext's tools refuse."""
    if not (isinstance(catalog, Catalog) and catalog.layout.bom):
        return []
    message = (
        "the file starts with a byte order mark (U+FEFF), which msgfmt and msgcat refuse as a syntax error at 1:2: "
        "save it as UTF-8 without one (the toolkit reads it either way)"
    )
    return [CatalogWarning(path, 1, "file", message, BYTE_ORDER_MARK_CHECK)]


def _plural_forms_problem(indices: set[int], count: int) -> str | None:
    """What is wrong with a plural entry's forms (msgstr[index]) under nplurals=count; None when nothing is."""
    past = sorted(index for index in indices if index >= count)
    missing_count = count - (len(indices) - len(past))
    # Only the first few missing are looked for: a header may say nplurals=1000000.
    missing = [
        f"msgstr[{index}]"
        for index in itertools.islice((index for index in range(count) if index not in indices), NAMED_AT_MOST)
    ]
    problems = []
    if missing:
        problems.append(f"{named_few(missing, missing_count)} {'is' if missing_count == 1 else 'are'} missing")
    if past:
        expected = "msgstr[0]" if count == 1 else f"msgstr[0] to msgstr[{count - 1}]"
        verb = "is" if len(past) == 1 else "are"
        forms = named_few([f"msgstr[{index}]" for index in past])
        problems.append(f"{forms} {verb} past the {counted(count, 'form')} ({expected})")
    return "; ".join(problems) or None


def check_block_order(catalog: polib.POFile, path: Path) -> list[CatalogWarning]:
    """A warning when the article's order of its blocks is lost: none names the source line it comes from and
    they stand sorted by their text (`msgcat --sort-output`, `msguniq -s`), so the site shows the paragraphs in
    the text's order, which the build cannot tell from the article's (site/pages.in_source_order), until
    `toolkit translate` writes them in the article's order again.

    Blocks stand sorted by chance too, the more often in Arabic, whose paragraphs after the first so often open
    with "و": a sort is told from chance by what it leaves behind. Where the toolkit names each block's line
    (`_names_source_lines`), their absence is a tool's doing (`--no-location`, `--add-location=file`); where it
    names none (a saved web page's blocks, a source whose path holds a space), the title is, which the toolkit
    writes first and a sort puts among the paragraphs."""
    live = counted_entries(catalog)
    title = title_entry(live)
    blocks = [entry for entry in live if entry is not title]
    if len(blocks) < _FEWEST_BLOCKS_OUT_OF_ORDER or any(source_line(entry) is not None for entry in blocks):
        return []
    if not _sorted_by_text(blocks):
        return []
    if _names_source_lines(catalog):
        message = (
            "the paragraphs name no source line (#: without :LINE, as msgcat --no-location writes) and stand sorted "
            "by their text, so the site shows them in that order, not the article's; `toolkit translate` writes the "
            "lines back"
        )
    elif title is None or live[0] is title or not _sorted_by_text(live):
        return []
    else:
        message = (
            "the entries stand sorted by their text, the title among them, as msgcat --sort-output writes them, so "
            "the site shows the paragraphs in that order, not the article's; `toolkit translate` puts them back in "
            "the article's order"
        )
    return [CatalogWarning(path, blocks[0].linenum, blocks[0].msgctxt or "", message, ORDER_CHECK)]


def _sorted_by_text(entries: list[polib.POEntry]) -> bool:
    return all(msgid_order(one) <= msgid_order(other) for one, other in itertools.pairwise(entries))


def _names_source_lines(catalog: polib.POFile) -> bool:
    """Whether the toolkit writes each block's source line into its `#:` reference (entries.source_units): for a
    text source a reference can name (`occurrences`); a saved web page's blocks have no line."""
    source = catalog.metadata.get(SOURCE_HEADER, "")
    return bool(source) and not is_html_source(source) and bool(occurrences(f"{source}:1"))
