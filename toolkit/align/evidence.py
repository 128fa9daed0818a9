"""What a source sentence and a candidate translation share, measured without and with a model.

Pure. Each sentence is read once into `Evidence` (its length, anchors and structure) and, when a machine
draft exists, into character n-gram counts; a span of neighbouring sentences is the sum of its sentences,
so the search can price any link from these without reading text again.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from toolkit.align.settings import (
    AMBIGUOUS_MONTHS,
    ANCHOR_MATCH_BONUS,
    ANCHOR_MISS_COST,
    ANCHOR_MISSES_COUNTED,
    ARABIC_CONSONANTS,
    ARABIC_PREFIXES,
    CHRF_BETA,
    CHRF_ORDER,
    ENGLISH_NOT_NUMBERS,
    ENGLISH_SCALES,
    HAN_DAY_MARKS,
    HAN_LONE_NOT_NUMBERS,
    HAN_NOT_NUMBERS_AFTER,
    HAN_NOT_NUMBERS_BEFORE,
    HAN_PERCENT,
    LATIN_CONSONANTS,
    LATIN_DIGRAPHS,
    LENGTH_COST_CAP,
    LENGTH_VARIANCE,
    LOANWORD_MIN_CONSONANTS,
    MONTHS,
    NAME_MIN_CONSONANTS,
    STRUCTURE_MATCH_BONUS,
    STRUCTURE_MISS_COST,
)
from toolkit.catalog.glossary import source_has
from toolkit.numbers import ENGLISH_NUMBER_WORDS, SCALE_WORDS, arabic_number_words
from toolkit.scripts import (
    ARABIC_NAME_PREFIXES,
    HAN_NUMERAL,
    ascii_digits,
    fold_arabic_letters,
    han_number,
    language_script,
    primary_language,
    strip_arabic_marks,
)

# A number in any decimal digit system (ASCII, Arabic-Indic, Persian, full-width...): `\d` is Unicode-aware.
_NUMBER = re.compile(r"\d+(?:[.,٫٬]\d+)*")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")
_LATIN_TERM = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'’.][A-Za-z0-9]+)*")
_QUOTES = re.compile('["«»“”„「」『』]')
_OPENING_BRACKETS = re.compile(r"[(\[（【〔]")
_HAN_MONTH = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,3})月")
_ENGLISH_NUMBERS = {word: value for word, value in ENGLISH_NUMBER_WORDS.items() if word not in ENGLISH_NOT_NUMBERS}
_ENGLISH_WORDS = "|".join(sorted([*_ENGLISH_NUMBERS, *ENGLISH_SCALES], key=len, reverse=True))
_ENGLISH_NUMERAL = re.compile(rf"\b(?:{_ENGLISH_WORDS})(?:(?:[\s-]+|\s+and\s+)(?:{_ENGLISH_WORDS}))*\b", re.IGNORECASE)

Glossary = tuple[tuple[str, str], ...]  # (source term, target term) pairs


@dataclass(frozen=True)
class Evidence:
    """What one sentence (or a span of them) offers for alignment, comparable across languages."""

    length: int = 0  # characters other than spaces
    anchors: dict[str, Counter] = field(default_factory=dict)  # kind -> anchors (numbers as digits, months...)
    quotes: int = 0  # quotation marks
    brackets: int = 0  # opening brackets

    def __add__(self, other: Evidence) -> Evidence:
        kinds = self.anchors.keys() | other.anchors.keys()
        anchors = {kind: self.anchors.get(kind, Counter()) + other.anchors.get(kind, Counter()) for kind in kinds}
        return Evidence(self.length + other.length, anchors, self.quotes + other.quotes, self.brackets + other.brackets)


def _number_value(text: str) -> str:
    """The number as ASCII digits: "١٬٠٠٠" and "1,000" are "1000", "٣٫٥" and "3.5" are "3.5"."""
    digits = ascii_digits(text)
    parts = re.split(r"[.,٫٬]", digits)
    separators = re.findall(r"[.,٫٬]", digits)
    if separators and all(len(part) == 3 for part in parts[1:]) and set(separators) <= {",", "٬"}:
        return "".join(parts)
    return re.sub(r"[,٫٬]", ".", digits)


def _english_value(words: list[str]) -> int:
    """English number words as a number: "twelve" 12, "fifty thousand" 50000, "two hundred" 200."""
    total = current = 0
    for word in words:
        if word in ENGLISH_SCALES:
            scale = ENGLISH_SCALES[word]
            if scale == 100:
                current = (current or 1) * scale
            else:
                total += (current or 1) * scale
                current = 0
        else:
            current += _ENGLISH_NUMBERS[word]
    return total + current


def _han_quantity(match: re.Match) -> bool:
    """Whether a number in Chinese text is a quantity, not a month, an ordinal or a weekday."""
    before, after = match.string[: match.start()], match.string[match.end() :]
    return not after.startswith(HAN_NOT_NUMBERS_BEFORE) and not before.endswith(HAN_NOT_NUMBERS_AFTER)


_SCALED = {
    language: (
        re.compile(rf"({_NUMBER.pattern})\+?\s+({'|'.join(sorted(scales, key=len, reverse=True))})(?!\w)"),
        scales,
    )
    for language, scales in (("ar", SCALE_WORDS["ar"]), ("en", ENGLISH_SCALES))
}


def _scaled(text: str, language: str) -> str:
    """Digits before a scale word written as one number: "100 ألف" and "100 thousand" are "100000", as "100,000"
    is, "1.5 مليون" "1500000" and "$300+ billion" 300000000000."""
    if language not in _SCALED:
        return text
    pattern, scales = _SCALED[language]
    # Arabic scale words are looked up as folding spells them; folding changes letters one for one, so a match's
    # place in the folded text is its place in the text, whose number words keep their spelling.
    searched = fold_arabic_letters(text) if language == "ar" else text
    pieces, end = [], 0
    for match in pattern.finditer(searched):
        value = Decimal(_number_value(match.group(1))) * Decimal(scales[match.group(2)])
        pieces += [text[end : match.start()], format(value.normalize(), "f")]
        end = match.end()
    return "".join([*pieces, text[end:]])


def numbers(text: str, language: str) -> Counter:
    """Every number in the text as ASCII digits: digits of any system, and number words in English and Chinese
    (a translator writes "five" or "五" where the other edition has 5)."""
    script = language_script(language)
    text = _scaled(text, primary_language(language))
    written = _NUMBER.finditer(text)
    found = Counter(_number_value(match.group(0)) for match in written if script != "han" or _han_quantity(match))
    if script == "han":
        for match in HAN_NUMERAL.finditer(text.replace(HAN_PERCENT, "%" * len(HAN_PERCENT))):
            lone = match.group(0) in HAN_LONE_NOT_NUMBERS and not match.string.startswith(HAN_DAY_MARKS, match.end())
            if lone or not _han_quantity(match):
                continue
            found[han_number(match.group(0))] += 1
    elif primary_language(language) == "ar":
        found.update(value for value, _ in arabic_number_words(text))
    elif primary_language(language) == "en":
        for match in _ENGLISH_NUMERAL.finditer(text):
            words = [word for word in re.split(r"[\s-]+", match.group(0).lower()) if word != "and"]
            found[str(_english_value(words))] += 1
    return found


def _month_patterns(language: str) -> list[tuple[re.Pattern, int]]:
    """Each month name of the language as a pattern, with its number. An Arabic name may carry a prefix (و, ب,
    ل ...); an English name that is also a common word counts only next to a number ("May 5", "5 May")."""
    prefixes = "|".join(re.escape(prefix) for prefix in sorted(ARABIC_PREFIXES, key=len, reverse=True))
    patterns = []
    for name, number in MONTHS[language].items():
        if language == "ar":
            pattern = rf"(?<![\w])(?:{prefixes})?{re.escape(name)}(?![\w])"
        elif name in AMBIGUOUS_MONTHS:
            pattern = rf"(?:\d\s*{name}\b|\b{name}\.?\s*\d)"
        else:
            pattern = rf"\b{name}\b"
        patterns.append((re.compile(pattern), number))
    return patterns


_MONTH_PATTERNS = {language: _month_patterns(language) for language in MONTHS}


def months(text: str, language: str) -> Counter:
    """Month numbers named in the text: English and Arabic names, Chinese "N月"."""
    found: Counter = Counter()
    language = primary_language(language)
    if language_script(language) == "han":
        for match in _HAN_MONTH.finditer(text):
            value = match.group(1)
            number = int(_number_value(value) if value[0].isdigit() else han_number(value))
            if 1 <= number <= 12:
                found[number] += 1
        return found
    for pattern, number in _MONTH_PATTERNS.get(language, ()):
        if language == "ar":
            found[number] += bool(pattern.search(text))
        else:
            found[number] += len(pattern.findall(text))
    return +found


def latin_terms(text: str, language: str, every_word: bool) -> Counter:
    """Latin-script words, lower-cased. In text of another script every one is a name or a term; in Latin
    text only the ones with a capital or a digit are (all of them on the side they are looked up in)."""
    terms = _LATIN_TERM.findall(text)
    if not every_word and language_script(language) == "latin":
        terms = [term for term in terms if any(char.isupper() or char.isdigit() for char in term)]
    return Counter(term.lower().strip(".") for term in terms)


def glossary_terms(text: str, terms: tuple[str, ...], language: str) -> Counter:
    """Which glossary entries (by index) the text contains, found as `toolkit check` finds them: Arabic through
    its clitics and spellings, Chinese anywhere in the run, other scripts as whole words in any case."""
    return Counter({index: 1 for index, term in enumerate(terms) if term and source_has(term, text, language)})


_LOWER_WORD = re.compile(r"(?<![\w'’])[a-z]+(?![\w'’])")
_CAPITALISED = re.compile(r"(?<![\w'’])[A-Z][a-z]+(?:[-'’][A-Za-z]+)*")


def _squeezed(classes: list[str]) -> str:
    return "".join(letter for index, letter in enumerate(classes) if index == 0 or classes[index - 1] != letter)


@lru_cache(maxsize=65_536)  # a document repeats its words: each is reduced once
def arabic_skeletons(word: str) -> frozenset[str]:
    """The consonant skeletons an Arabic word may stand for: as written and without the prefixes it may carry."""
    forms = {word} | {word[len(prefix) :] for prefix in ARABIC_NAME_PREFIXES if word.startswith(prefix)}
    skeletons = {_squeezed([ARABIC_CONSONANTS[char] for char in form if char in ARABIC_CONSONANTS]) for form in forms}
    return frozenset(skeleton for skeleton in skeletons if len(skeleton) >= NAME_MIN_CONSONANTS)


def latin_skeleton(word: str) -> str:
    spelled = word.lower()
    spelled = re.sub(r"c(?=[eiy])", "s", spelled)
    for digraph, letter in LATIN_DIGRAPHS:
        spelled = spelled.replace(digraph, letter)
    return _squeezed([LATIN_CONSONANTS[char] for char in spelled if char in LATIN_CONSONANTS])


def names(text: str, language: str, is_source: bool, source_language: str) -> Counter:
    """Names for matching across scripts: in an Arabic source every word's possible skeletons (which words
    are names is unknown), in a Latin-script target the skeletons of capitalised words inside sentences. A
    target's names only where the source is Arabic: in a source of another script none could be found, and a
    name missing there says nothing against a pair."""
    if language_script(source_language) != "arabic":
        return Counter()
    script = language_script(language)
    if is_source:
        bare = strip_arabic_marks(text)
        return Counter({skeleton: 1 for word in _ARABIC_WORD.findall(bare) for skeleton in arabic_skeletons(word)})
    if script == "latin":
        found = [match for match in _CAPITALISED.finditer(text) if match.start() > 0]
        skeletons = (latin_skeleton(match.group(0)) for match in found)
        return Counter(skeleton for skeleton in skeletons if len(skeleton) >= NAME_MIN_CONSONANTS)
    return Counter()


def loanwords(text: str, language: str) -> Counter:
    """Skeletons of a Latin-script target's long lower-case words, which Arabic often borrows (virus فيروس,
    protein بروتين): found in the source they count for a link, missing they count for nothing."""
    if language_script(language) != "latin":
        return Counter()
    skeletons = (latin_skeleton(word) for word in _LOWER_WORD.findall(text))
    return Counter(skeleton for skeleton in skeletons if len(skeleton) >= LOANWORD_MIN_CONSONANTS)


def sentence_evidence(
    text: str, language: str, glossary_side: tuple[str, ...], is_source: bool, source_language: str
) -> Evidence:
    anchors = {
        "number": numbers(text, language),
        "month": months(text, language),
        "term": latin_terms(text, language, every_word=not is_source),
        "glossary": glossary_terms(text, glossary_side, language),
        "name": (found_names := names(text, language, is_source, source_language)),
        "loanword": found_names if is_source else loanwords(text, language),
    }
    return Evidence(
        length=sum(1 for char in text if not char.isspace()),
        anchors={kind: found for kind, found in anchors.items() if found},
        quotes=len(_QUOTES.findall(text)),
        brackets=len(_OPENING_BRACKETS.findall(text)),
    )


@dataclass(frozen=True)
class Finding:
    """One piece of evidence for or against a link: its cost (negative: for), described for `--explain`."""

    kind: str
    cost: float
    shared: tuple = ()
    one_sided: tuple = ()
    note: str = ""  # a format for `shared`, so the search never formats text it does not show

    def describe(self) -> str:
        if self.note:
            return f"{self.kind}: {self.note.format(*self.shared)}"
        if self.kind in ("quotes", "brackets"):
            return f"{self.kind} {'on both sides' if self.cost < 0 else 'on one side only'}"
        listed = [f"shared {', '.join(map(str, self.shared))}" if self.shared else ""]
        listed.append(f"one side only {', '.join(map(str, self.one_sided))}" if self.one_sided else "")
        return f"{self.kind}: {'; '.join(part for part in listed if part)}"


def length_cost(source_length: int, target_length: int, ratio: float, variance: float = LENGTH_VARIANCE) -> float:
    """Gale-Church: -log P(the two lengths | they translate each other), target length in source units."""
    if source_length == 0 and target_length == 0:
        return 0.0
    target = target_length / ratio
    mean = (source_length + target) / 2
    delta = abs(target - source_length) / math.sqrt(variance * mean)
    probability = math.erfc(delta / math.sqrt(2))  # two-sided tail of the normal distribution
    return min(LENGTH_COST_CAP, -math.log(probability) if probability > 0 else LENGTH_COST_CAP)


def _listed(anchors: dict) -> tuple:
    return tuple(sorted((anchor for anchor, count in anchors.items() for _ in range(count)), key=str))


_NONE: dict = {}  # read only


def _anchor_matches(source: Evidence, target: Evidence) -> Iterator[tuple[str, dict, dict]]:
    """Per anchor kind: the anchors both sides share, and those on one side only (on the sides
    ANCHOR_MISSES_COUNTED says), each with its count. Plain dictionaries, not Counters: the search asks this of
    every link it prices, and Counter arithmetic was most of its time."""
    for kind, sides in ANCHOR_MISSES_COUNTED.items():
        ours = source.anchors.get(kind) or _NONE
        theirs = target.anchors.get(kind) or _NONE
        if (ours is _NONE and "target" not in sides) or (theirs is _NONE and "source" not in sides):
            continue  # nothing to share, nothing counted as missing
        if kind in ("name", "loanword"):
            # Every possible skeleton of every Arabic word is listed once: a name is found, not counted. Found, it
            # counts once however often the target repeats it, and none of its repeats is missing.
            shared = {skeleton: 1 for skeleton in theirs if skeleton in ours}
            ours = {skeleton: theirs[skeleton] for skeleton in shared}
        else:
            shared = {anchor: min(count, theirs[anchor]) for anchor, count in ours.items() if anchor in theirs}
        missing = {}
        if "source" in sides:
            missing.update(
                (anchor, count - theirs.get(anchor, 0))
                for anchor, count in ours.items()
                if count > theirs.get(anchor, 0)
            )
        if "target" in sides:
            missing.update(
                (anchor, count - ours.get(anchor, 0)) for anchor, count in theirs.items() if count > ours.get(anchor, 0)
            )
        if shared or missing:
            yield kind, shared, missing


def _anchor_cost(kind: str, shared: dict, missing: dict) -> float:
    return ANCHOR_MISS_COST[kind] * sum(missing.values()) - ANCHOR_MATCH_BONUS[kind] * sum(shared.values())


def _structure_costs(source: Evidence, target: Evidence) -> Iterator[tuple[str, float]]:
    """Quotation marks and brackets: kept by translators, so on one side only they count against a link."""
    for kind, ours, theirs in (
        ("quotes", source.quotes, target.quotes),
        ("brackets", source.brackets, target.brackets),
    ):
        if bool(ours) != bool(theirs):
            yield kind, STRUCTURE_MISS_COST
        elif ours:
            yield kind, -STRUCTURE_MATCH_BONUS


def anchor_cost(source: Evidence, target: Evidence) -> float:
    """What the anchors and structure add to a link's cost: shared ones lower it, one-sided ones raise it."""
    anchors = sum(_anchor_cost(*match) for match in _anchor_matches(source, target))
    return anchors + sum(cost for _, cost in _structure_costs(source, target))


def anchor_findings(source: Evidence, target: Evidence) -> list[Finding]:
    """`anchor_cost`, item by item, for `--explain`."""
    findings = [
        Finding(kind, _anchor_cost(kind, shared, missing), _listed(shared), _listed(missing))
        for kind, shared, missing in _anchor_matches(source, target)
    ]
    return findings + [Finding(kind, cost) for kind, cost in _structure_costs(source, target)]


# --- chrF between a machine draft and a candidate ------------------------------------------------------------

NgramCounts = tuple[Counter, ...]  # one Counter per n-gram order


def ngram_counts(text: str) -> NgramCounts:
    """Character n-grams of orders 1..CHRF_ORDER, spaces removed and case folded, as chrF counts them."""
    letters = "".join(text.casefold().split())
    return tuple(
        Counter(letters[index : index + order] for index in range(len(letters) - order + 1))
        for order in range(1, CHRF_ORDER + 1)
    )


def add_counts(first: NgramCounts, second: NgramCounts) -> NgramCounts:
    return tuple(a + b for a, b in zip(first, second, strict=True))


def chrf(hypothesis: NgramCounts, reference: NgramCounts) -> float:
    """chrF (0-1): the F-score (recall weighted by CHRF_BETA) of character n-gram overlap, averaged over orders."""
    precisions, recalls = [], []
    for hyp, ref in zip(hypothesis, reference, strict=True):
        hyp_total, ref_total = hyp.total(), ref.total()
        if not hyp_total or not ref_total:
            continue
        # Counter's `&` looks every n-gram of one side up in the other through __missing__, most of a search's
        # time with drafts; the n-grams both have, found by a set intersection, count the same.
        overlap = sum(min(hyp[gram], ref[gram]) for gram in hyp.keys() & ref.keys())
        precisions.append(overlap / hyp_total)
        recalls.append(overlap / ref_total)
    if not precisions:
        return 0.0
    precision = sum(precisions) / len(precisions)
    recall = sum(recalls) / len(recalls)
    if precision + recall == 0:
        return 0.0
    beta = CHRF_BETA**2
    return (1 + beta) * precision * recall / (beta * precision + recall)
