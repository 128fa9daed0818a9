"""Article-level facts the line rules look at: what each line is like, and where the headline and the body are.

A news page reads menus, headline, date, lead, body, then related lists and footers. The body is the
heaviest run of long, sentence-like lines ("anchors"); the headline is the headline-like line above it
whose words the first paragraphs repeat.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from toolkit.clean.lines import Hint, SourceLine
from toolkit.clean.metadata import dated_source, find_date_in_key, holds_year, signs_as_byline
from toolkit.clean.patterns import Patterns, ScriptPatterns, Stemmer
from toolkit.clean.registry import Registry
from toolkit.clean.settings import LineThresholds
from toolkit.clean.shapes import line_shape
from toolkit.clean.text import ends_like_sentence, ends_with_stop, normalize
from toolkit.scripts import script_ranges

_NOT_LETTERS = re.compile(r"[\W\d_]+")
# CJK text has no spaces: its characters are counted as words (settings: cjk_chars_per_word).
_CJK = re.compile(f"[{script_ranges('kana')}{script_ranges('han')}]")
_CJK_RUN = re.compile(f"[{script_ranges('kana')}{script_ranges('han')}]{{2,}}")
_TRUNCATED = re.compile(r"(\.\.|…)[\"'»”’)\]\s]*$")
# A blank-separated chunk without a letter or digit (a lone dash, a bullet; a rule of underscores or of the Arabic
# tatweel, which \w takes for letters): not a word.
_NOT_A_WORD = re.compile(r"(?<!\S)(?:[^\s\w]|[_\u0640])+(?!\S)")
_CLAUSE_MARK = re.compile(r"[،,.؛;。，]")
# What an HTML extractor marks as running text (raw text has no hints). List items are text inside the
# body, but a list right after it is usually related headlines: they neither anchor nor extend the body.
ANCHORING_HINTS = frozenset({"paragraph", "quote", "lead"})
# Vocabulary that ends a body run: nothing of the article follows a comment box, an appeal for donations or the
# site's footer.
RUN_BREAKERS = frozenset({"comment_section", "donation_appeal", "site_chrome"})
# Furniture an article carries inside itself: the credit under its own picture or table ("© A.M. Best Company,
# used by permission"). Between two runs of paragraphs it does not say the second is another page's.
IN_ARTICLE_FURNITURE = frozenset({"photo_credit", "copyright_notice"})
_URL = re.compile(r"^(?:https?://|www\.)\S+$")
# Inscriptis renders nested menu entries as "+ item".
_MENU_BULLET = re.compile(r"^[+›»▸►]\s")
# Raw text, or the main content an HTML extractor chose: the latter is trusted to hold no page chrome.
Mode = Literal["text", "html"]


@dataclass(slots=True)
class Line:
    index: int  # position among the non-empty lines
    number: int  # 1-based line of the file
    text: str
    key: str  # normalised, for comparisons
    hint: Hint | None
    words: int
    source_share: float  # share of the letters that are in the project's script
    letters: int
    ends_sentence: bool
    ends_stop: bool
    truncated: bool
    glued_scripts: bool
    menu_bullet: bool
    url: bool
    furniture: str | None  # the vocabulary class the line belongs to, if it is short enough to judge
    date: str | None  # ISO date, when the line is a date line
    # Where the story came from, when a date line names it beside its date ("2024-02-18 المصدر: بترا").
    cited_source: str | None = None
    spaced: bool = True  # a blank line above and below, as paragraphs have and list items do not
    caption_like: bool = False  # set once neighbours are known
    shape: str | None = None  # the shape of a paragraph-long line that is no prose (clean/shapes.line_shape)
    own_dateline: bool = False  # a dispatch's dateline naming the outlet itself (metadata.is_own_dateline)


def count_words(text: str, cjk_chars_per_word: int) -> int:
    """Tokens with a letter or digit (a lone dash is not a word), plus one per few CJK characters."""
    # str.split() and the regex \s agree on blanks; the chunks that are no word are few, so counting them is
    # a quarter of the time of listing the words.
    return len(text.split()) - len(_NOT_A_WORD.findall(text)) + len(_CJK.findall(text)) // cjk_chars_per_word


def _cut_suffix(word: str, suffixes: tuple[str, ...]) -> str:
    return next((word.removesuffix(suffix) for suffix in suffixes if word.endswith(suffix)), word)


# Several pages' worth of stemmed lines: one page stems a few dozen distinct lines (its headline candidates
# and first paragraphs; 40 at most on the devdata pages), each again for every body run weighed and by the
# title and lead rules, and a site's menu lines recur on its pages. Body paragraphs never recur across
# articles, so a bigger cache only holds dead ones and grows with the corpus (8192 lines: ~28 MB).
STEMS_CACHE_LINES = 256


@lru_cache(maxsize=STEMS_CACHE_LINES)
def stems(key: str, stemmer: Stemmer) -> frozenset[str]:
    """Content words of a normalised line, lightly stemmed (settings.toml [stems]), for overlap between lines;
    CJK text, which has no spaces, gives its character pairs."""
    words = {
        _cut_suffix(word, stemmer.suffixes)
        for word in stemmer.word.findall(key)
        if len(word) >= stemmer.min_word_letters and not word.isdigit()
    }
    for run in _CJK_RUN.findall(key):
        words.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(words)


def stems_of(keys: Iterable[str], stemmer: Stemmer) -> frozenset[str]:
    """The content words of several normalised lines (`stems`), together."""
    return frozenset().union(*(stems(key, stemmer) for key in keys))


def repeated_share(key: str, said: frozenset[str], stemmer: Stemmer) -> float:
    """The share of a normalised line's content words (`stems`) found among words `said` elsewhere; 0 for a line
    without any."""
    words = stems(key, stemmer)
    return len(words & said) / len(words) if words else 0.0


@dataclass(frozen=True)
class FurnitureFacts:
    """What a furniture kind's test reads of a line."""

    key: str
    words: int
    ends_stop: bool
    ends_sentence: bool
    date: str | None


@dataclass(frozen=True)
class FurnitureKind:
    """A kind of page furniture told by its vocabulary: the rule of the same name removes its lines.

    `pattern` names the Patterns field (settings.toml [words]); `judged` says which lines it may judge at all.
    """

    name: str
    pattern: str
    whole_line: bool  # the pattern must match from the line's start (a label), not anywhere in it
    judged: Callable[[FurnitureFacts, LineThresholds], bool]


def _any_line(line: FurnitureFacts, limits: LineThresholds) -> bool:
    return True


def _heading_like(line: FurnitureFacts, limits: LineThresholds) -> bool:
    return line.words <= limits.furniture_max_words or not line.ends_sentence


def _caption_length(line: FurnitureFacts, limits: LineThresholds) -> bool:
    return line.words <= limits.caption_max_words


def _credit_like(line: FurnitureFacts, limits: LineThresholds) -> bool:
    return line.words <= limits.caption_max_words and not line.ends_stop


def _short_phrase(line: FurnitureFacts, limits: LineThresholds) -> bool:
    """Long lines and full sentences are not judged: a paragraph that talks about sharing is a paragraph."""
    return line.words <= limits.furniture_max_words and not (line.ends_stop and line.words >= limits.extend_min_words)


def _dateless_phrase(line: FurnitureFacts, limits: LineThresholds) -> bool:
    return line.date is None and _short_phrase(line, limits)


# The furniture kinds in the order they are tried; the first that matches names the line. One table for the
# classifier (line_facts) and the rules (rules.build_rules registers one rule per kind).
FURNITURE_KINDS: tuple[FurnitureKind, ...] = (
    FurnitureKind("wire_marker", "wire_marker", True, _any_line),
    FurnitureKind("menu_label", "chrome_label", True, _any_line),
    FurnitureKind("related_heading", "related_heading", True, _heading_like),
    FurnitureKind("copyright_notice", "copyright", False, _caption_length),
    FurnitureKind("photo_credit", "photo_credit", False, _credit_like),
    FurnitureKind("share_bar", "share", False, _short_phrase),
    FurnitureKind("comment_section", "comment_section", False, _short_phrase),
    FurnitureKind("comment_prompt", "comment", False, _short_phrase),
    FurnitureKind("advertisement", "advertisement", False, _short_phrase),
    FurnitureKind("newsletter_prompt", "newsletter", False, _short_phrase),
    FurnitureKind("donation_appeal", "donation", True, _heading_like),
    FurnitureKind("site_chrome", "site_chrome", False, _short_phrase),
    FurnitureKind("date_stamp", "date_label", False, _dateless_phrase),
)


# A line's shape: its length (up to the longest threshold a furniture kind compares it with), its ending and
# whether it holds a date. Which kinds judge a line depends on its shape alone, and a page's lines fall in a few.
Shape = tuple[int, bool, bool, bool]
# Per shape, the kinds that judge it and the union of their patterns (None when fewer than two): see _furniture.
JudgedByShape = dict[Shape, tuple[tuple[FurnitureKind, ...], "re.Pattern[str] | None"]]


class _JudgingKinds(dict[Shape, tuple[FurnitureKind, ...]]):
    """The kinds that judge each shape of line, each shape worked out when a line first has it and kept for the
    rule set, not once per page. Not all shapes up front: a threshold a project sets past any line's length
    (a rule it never wants applied) made that a table of billions of lengths, and `clean` never ended."""

    def __init__(self, kinds: tuple[FurnitureKind, ...], limits: LineThresholds) -> None:
        super().__init__()
        self._kinds, self._limits = kinds, limits

    def __missing__(self, shape: Shape) -> tuple[FurnitureKind, ...]:
        words, ends_stop, ends_sentence, dateless = shape
        facts = FurnitureFacts("", words, ends_stop, ends_sentence, None if dateless else "date")
        judged = self[shape] = tuple(kind for kind in self._kinds if kind.judged(facts, self._limits))
        return judged


@lru_cache(maxsize=16)
def _judging_kinds(kinds: tuple[FurnitureKind, ...], limits: LineThresholds) -> _JudgingKinds:
    return _JudgingKinds(kinds, limits)


def _longest_judged(limits: LineThresholds) -> int:
    return max(limits.furniture_max_words, limits.caption_max_words, limits.extend_min_words) + 1


def _furniture(
    key: str,
    shape: Shape,
    patterns: Patterns,
    judging: dict[Shape, tuple[FurnitureKind, ...]],
    judged_by_shape: JudgedByShape,
) -> str | None:
    """Which furniture vocabulary a line is made of, among the kinds whose rules are registered, or None."""
    found = judged_by_shape.get(shape)
    if found is None:
        judged = judging[shape]
        union = patterns.any_of(tuple(kind.pattern for kind in judged)) if len(judged) > 1 else None
        found = judged_by_shape[shape] = (judged, union)
    judged, union = found
    # A line that has none of the judging kinds' words is told so by one search instead of one per kind.
    if union is not None and not union.search(key):
        return None
    for kind in judged:
        pattern: re.Pattern[str] = getattr(patterns, kind.pattern)
        if (pattern.match if kind.whole_line else pattern.search)(key):
            return kind.name
    return None


def line_facts(
    lines: list[SourceLine],
    patterns: Patterns,
    script: ScriptPatterns,
    limits: LineThresholds,
    mode: Mode = "text",
    furniture_kinds: tuple[FurnitureKind, ...] = FURNITURE_KINDS,
) -> list[Line]:
    """What each non-empty line is like. Only the `furniture_kinds` given (those whose rules are registered)
    make a line furniture, so a rule taken out of the registry stops shaping the layout too."""
    facts: list[Line] = []
    judging = _judging_kinds(furniture_kinds, limits)
    judged_by_shape: JudgedByShape = {}
    longest = _longest_judged(limits)
    last = len(lines) - 1
    blank_above = True
    for position, source in enumerate(lines):
        text = source.text.strip()
        if not text:
            blank_above = True
            continue
        key = normalize(text)
        words = count_words(text, limits.cjk_chars_per_word)
        letters_only = _NOT_LETTERS.sub("", key)
        letters = len(letters_only)
        source_letters = letters - len(script.source_run.sub("", letters_only))
        weighed_letters, weighed_source = letters, source_letters
        if script.dense is not None:
            # A character of the project's counts for the letters of the words it writes (settings.toml).
            extra = len(script.dense.findall(letters_only)) * (limits.cjk_char_letters - 1)
            weighed_letters, weighed_source = letters + extra, source_letters + extra
        ends_sentence = ends_like_sentence(text)
        ends_stop = ends_with_stop(text)
        dated = words <= limits.date_line_max_words and holds_year(key)
        found = find_date_in_key(key, patterns) if dated else None
        cited = dated_source(text, key, found, patterns, limits) if dated else None
        # A date line ends without a stop, unless it is a date and a source ("2024-02-18 المصدر: بترا."): a
        # short sentence with a date is a sentence.
        date = cited.date if cited else found.iso if found and not ends_stop else None
        spaced = source.hint is not None or (blank_above and (position == last or not lines[position + 1].text.strip()))
        blank_above = False
        facts.append(
            Line(
                index=len(facts),
                number=source.number,
                text=text,
                key=key,
                hint=source.hint,
                words=words,
                source_share=weighed_source / weighed_letters if letters else 0.0,
                letters=letters,
                ends_sentence=ends_sentence,
                ends_stop=ends_stop,
                truncated=bool(_TRUNCATED.search(text)),
                glued_scripts=bool(script.glued.search(key)),
                menu_bullet=bool(_MENU_BULLET.match(text)),
                url=bool(_URL.match(text)),
                furniture=_furniture(
                    key,
                    (min(words, longest), ends_stop, ends_sentence, date is None),
                    patterns,
                    judging,
                    judged_by_shape,
                ),
                date=date,
                cited_source=cited.source if cited else None,
                spaced=spaced,
                shape=line_shape(text, limits, key),
            )
        )
    _mark_captions(facts, patterns, limits, by_neighbours=mode == "text")
    return facts


# A text browser's dump (lynx, w3m) prints a picture that has no alt text as its file's name or "IMG" in brackets
# where the page had it: the words after it on its line are the picture's caption.
_IMAGE_PLACEHOLDER = re.compile(
    r"\[(?:[^\[\]\s]+\.(?:jpe?g|png|gif|webp|avif|svg)|img|image|inline image)\]\s*\S", re.IGNORECASE
)


def _mark_captions(facts: list[Line], patterns: Patterns, limits: LineThresholds, by_neighbours: bool) -> None:
    """A short line beside a photo credit, or a phrase ending in an agency credit, is a caption.

    A sentence ending in an agency credit ("..., قال الوزير. (رويترز)") is a wire paragraph, not a caption. A line
    opening with a text browser's placeholder of a picture ("[d.jpg] مقر المصرف المركزي في طرابلس.") is its caption.
    In HTML the markup tells captions (a figcaption, a caption box): a short line the extractor kept beside a
    credit is a list entry or a subheading there as often as a caption, and is not judged by its neighbours.
    Marks the lines given, which line_facts has just made.
    """
    beside_credits = _beside_credits(facts) if by_neighbours else [False] * len(facts)
    for line in facts:
        # A date makes a short line a date line, but not a caption its markup names: a picture's caption on
        # Enab Baladi ends with the day it was taken ("فرن آلي في مدينة إدلب - 10 نيسان 2024").
        dated = line.date is not None and line.hint != "caption"
        if line.furniture is not None or line.words > limits.caption_max_words or dated:
            continue
        beside_credit = line.words < limits.anchor_min_words and beside_credits[line.index]
        pictured = by_neighbours and _IMAGE_PLACEHOLDER.match(line.text)
        if line.hint == "caption" or beside_credit or pictured or patterns.photo_signature.search(line.key):
            line.caption_like = True
        elif (credit := patterns.agency_credit.search(line.key)) is not None:
            line.caption_like = not _CLAUSE_MARK.search(line.key[: credit.start()])


def _beside_credits(facts: list[Line]) -> list[bool]:
    """For each line, whether the line above or below it is a credit, past the line's own copies: a page may print
    a caption twice (the picture's text and its caption) before the credit. One pass each way, which carries what
    stands before a run of copies through it: walked from each copy, a file of thousands of one line took seconds."""
    beside = [False] * len(facts)
    for order in (range(len(facts)), reversed(range(len(facts)))):
        credit_before, previous = False, None
        for index in order:
            if previous is not None and facts[index].key != previous.key:
                credit_before = previous.furniture in IN_ARTICLE_FURNITURE
            beside[index] = beside[index] or credit_before
            previous = facts[index]
    return beside


@dataclass(frozen=True)
class Layout:
    """Where the headline, the body and its parts are, as the layout steps found them."""

    anchors: frozenset[int] = frozenset()  # long sentence-like lines: the article's own paragraphs
    title: int | None = None  # index of the headline line
    title_step: str | None = None  # the layout step that chose it, for --explain
    body_start: int = 0  # first and last index of the body zone; start > end when there is no body
    body_end: int = -1
    header_end: int = 0  # date and byline lines sit between the headline and this line...
    footer_start: int = -1  # ...or in the few lines after this one
    lead: int | None = None
    dek: int | None = None  # raw text: the subtitle under the headline, above the body
    related: frozenset[int] = frozenset()  # lines of a related-headlines list inside the body zone
    page_date: str | None = None  # a date above the headline: the page's clock, a last resort for the date
    header_dated: bool = False  # a date line sits between the headline and the body

    def in_body(self, index: int) -> bool:
        return self.body_start <= index <= self.body_end

    def in_header(self, index: int) -> bool:
        top = -1 if self.title is None else self.title
        return top < index < self.header_end

    def in_closing(self, index: int, window: int) -> bool:
        return 0 < index - self.footer_start <= window


@dataclass(frozen=True)
class PageLines:
    """What every layout step reads: the page's lines and the thresholds and patterns they are judged by."""

    lines: tuple[Line, ...]
    limits: LineThresholds
    patterns: Patterns


LayoutStep = Callable[[Layout, PageLines], Layout]


def _is_anchor(line: Line, limits: LineThresholds) -> bool:
    # The headline an HTML page's metadata names ("Is An 'Oxygen Bar' In Delhi Offering Fresh Air?") is no
    # sentence of the body, however it ends.
    if line.furniture or line.caption_like or line.menu_bullet or line.shape or line.hint == "title":
        return False
    if line.source_share < limits.min_source_script_share:
        return False
    if line.words >= limits.anchor_long_words:
        # A long line with no comma or stop inside is a ticker of headlines run together.
        return _CLAUSE_MARK.search(line.text) is not None
    if line.words < limits.anchor_min_words:
        return False
    return (line.ends_sentence and not line.truncated) or line.hint in ANCHORING_HINTS


def _extendable(line: Line, limits: LineThresholds, backwards: bool) -> bool:
    return (
        line.furniture is None
        and line.hint != "title"
        and line.shape is None
        and not line.caption_like
        and line.date is None
        and line.source_share >= limits.min_source_script_share
        and line.words >= limits.extend_min_words
        and not line.truncated
        and (line.hint in ANCHORING_HINTS or (line.ends_stop if backwards else line.ends_sentence))
    )


def _runs(anchors: list[int], lines: Sequence[Line], limits: LineThresholds) -> list[list[int]]:
    """Anchors close together form a run; a comment box or the site's footer between them ends it."""
    runs: list[list[int]] = []
    for index in anchors:
        gap = lines[runs[-1][-1] + 1 : index] if runs else []
        if runs and len(gap) <= limits.run_max_gap and not any(line.furniture in RUN_BREAKERS for line in gap):
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def _run_words(run: list[int], page: PageLines) -> float:
    """How much text a run holds: words^power over its anchors, list items weighing less than paragraphs."""
    lines, limits = page.lines, page.limits
    return sum(
        lines[i].words ** limits.run_weight_power * (1.0 if lines[i].spaced else limits.list_anchor_weight) for i in run
    )


def _best_run(runs: list[list[int]], page: PageLines) -> int:
    """The index of the heaviest run. A long legal notice or list of rules has many sentences too, but they are
    list items (no blank lines between them), open alike ("If the comment ..."), and have no headline of their
    own whose words they repeat."""
    lines, limits = page.lines, page.limits

    def weight(run: list[int]) -> float:
        openings = Counter(tuple(lines[i].key.split()[: limits.repeated_opening_words]) for i in run)
        repeated = sum(count for count in openings.values() if count > 1) / len(run)
        headline = _headline_above(lines, run[0], run[-1], limits, page.patterns)
        return _run_words(run, page) * (1 - repeated) * (1 + (headline.overlap if headline else 0.0))

    return max(range(len(runs)), key=lambda index: weight(runs[index]))


def _joins(gap: Sequence[Line], run: list[int], body_words: float, page: PageLines) -> bool:
    """Whether a run beside the body is more of the article: it holds a good share of the body's text, and the
    lines between are no chrome (no furniture, menu entries, links or text in another script), only what a
    long article breaks its paragraphs with: lists, quotes, code, questions and headings."""
    limits = page.limits
    if _run_words(run, page) < limits.run_join_share * body_words:
        return False
    return not any(
        (line.furniture and line.furniture not in IN_ARTICLE_FURNITURE)
        or line.menu_bullet
        or line.url
        or line.source_share < limits.min_source_script_share
        for line in gap
        if line.words
    )


def _title_like(line: Line, limits: LineThresholds, patterns: Patterns) -> bool:
    # A caption beside a photo credit may still be the headline (the credit can follow the headline's
    # picture); a line ending in an agency credit is a caption.
    return (
        limits.title_min_words <= line.words <= limits.title_max_words
        and line.source_share >= limits.min_source_script_share
        and line.furniture is None
        and line.shape is None
        and line.hint not in ("caption", "code")
        and not patterns.agency_credit.search(line.key)
        and not signs_as_byline(line.text, line.words, patterns, limits)
        and not patterns.source_prefix.match(line.key)
        and line.date is None
        and line.cited_source is None
        and not line.own_dateline
        and not line.ends_stop
        and not line.text.endswith(":")
        and not line.truncated
        and not line.menu_bullet
        and not line.url
        and not line.glued_scripts
    )


@dataclass(frozen=True)
class Headline:
    index: int
    overlap: float  # share of its content words found in the first paragraphs below it


def _headline_above(
    lines: Sequence[Line], start: int, end: int, limits: LineThresholds, patterns: Patterns
) -> Headline | None:
    """The headline-like line above `start` whose words the first paragraphs of the body (`start` to `end`) repeat
    most. Not the paragraphs past its end: an appeal or an author's box after a short article names the outlet or
    the writer, and so does a menu or a byline above the headline."""
    paragraphs = [line for line in lines[start : end + 1] if line.words >= limits.extend_min_words]
    body_words = stems_of((line.key for line in paragraphs[: limits.title_body_paragraphs]), patterns.stemmer)
    best: tuple[float, Headline] | None = None
    nearest: int | None = None
    candidates = list(enumerate(reversed(lines[max(0, start - limits.title_window) : start])))
    if start > limits.title_window:
        # Text saved from a whole page may open with the page's <title> ("headline - site"); it competes
        # as the farthest candidate, for pages whose headline is not printed above the body.
        candidates.append((limits.title_window, lines[0]))
    for distance, line in candidates:
        if not _title_like(line, limits, patterns):
            continue
        if nearest is None and distance < limits.title_window:
            nearest = line.index
        overlap = repeated_share(line.key, body_words, patterns.stemmer)
        below = lines[line.index + 1 : min(start, line.index + 1 + limits.title_date_reach)]
        dated = any(other.date for other in below)
        score = overlap - limits.title_distance_penalty * distance + (limits.title_date_bonus if dated else 0.0)
        if overlap > 0 and (best is None or score > best[0]):
            best = (score, Headline(line.index, overlap))
    chosen = best[1] if best else Headline(nearest, 0.0) if nearest is not None else None
    if chosen is None:
        return None
    # A headline repeated (page title, then the article's h1) is the headline where it first appears.
    for line in lines[max(0, chosen.index - limits.title_window) : chosen.index]:
        if line.key == lines[chosen.index].key:
            return Headline(line.index, chosen.overlap)
    return chosen


def _find_lead(lines: Sequence[Line], start: int, end: int, limits: LineThresholds, stemmer: Stemmer) -> int | None:
    paragraphs = [
        line for line in lines[start : end + 1] if line.ends_sentence and line.words >= limits.extend_min_words
    ]
    if len(paragraphs) < 2:
        return None
    first = paragraphs[0]
    opening = first.key.split()[: limits.lead_prefix_words]
    first_words = stems(first.key, stemmer)
    for later in paragraphs[1 : 1 + limits.lead_search_paragraphs]:
        if len(opening) == limits.lead_prefix_words and later.key.split()[: limits.lead_prefix_words] == opening:
            return first.index
        later_words = stems(later.key, stemmer)
        union = first_words | later_words
        if union and len(first_words & later_words) / len(union) >= limits.lead_similar_share:
            return first.index
    return None


def _related_lists(
    lines: Sequence[Line], start: int, end: int, anchors: frozenset[int], limits: LineThresholds
) -> frozenset[int]:
    """Headlines under a "read also" heading, until the article's text resumes (an anchor or a sentence).

    A heading with its headline on the same line ("اقرأ أيضا: ...") is the whole box.
    """
    related: set[int] = set()
    inside = False
    # The same label under every card of a list ("Read more" after each resource) is a link's, not a heading
    # that opens a list of other articles: the label goes, the cards stay.
    labels = Counter(line.key for line in lines[start : end + 1] if line.furniture == "related_heading")
    for line in lines[start : end + 1]:
        if line.furniture == "related_heading":
            inside = line.words <= limits.furniture_max_words and labels[line.key] < limits.repeated_label_count
        elif line.index in anchors or (line.ends_stop and line.words >= limits.extend_min_words):
            inside = False
        elif inside:
            related.add(line.index)
    return frozenset(related)


# --- the layout steps ------------------------------------------------------------------------------------


def anchor_lines(layout: Layout, page: PageLines) -> Layout:
    """The article's own paragraphs: long lines that end like sentences (or that the markup calls paragraphs).
    A paragraph shown twice (a teaser above the headline, then the article) anchors where it appears last."""
    lines, limits = page.lines, page.limits
    last_seen = {line.key: line.index for line in lines}
    anchors = [line.index for line in lines if _is_anchor(line, limits) and last_seen[line.key] == line.index]
    if not anchors:
        anchors = [line.index for line in lines if _extendable(line, limits, backwards=False)]
    return replace(layout, anchors=frozenset(anchors))


def heaviest_run(layout: Layout, page: PageLines) -> Layout:
    """Raw text: the body is the heaviest run of anchors, joined by the runs beside it that are more of the
    article, grown by the sentences next to it; the page's chrome is what lies outside it. Nothing else has
    cut it."""
    lines, limits = page.lines, page.limits
    runs = _runs(sorted(layout.anchors), lines, limits)
    if not runs:
        end = len(lines)
        return replace(layout, body_start=end, body_end=end - 1, header_end=end, footer_start=end - 1)
    first = last = _best_run(runs, page)
    body_words = _run_words(runs[first], page)
    while first > 0 and _joins(lines[runs[first - 1][-1] + 1 : runs[first][0]], runs[first - 1], body_words, page):
        first -= 1
    while last + 1 < len(runs) and _joins(
        lines[runs[last][-1] + 1 : runs[last + 1][0]], runs[last + 1], body_words, page
    ):
        last += 1
    start, end = runs[first][0], runs[last][-1]
    while start > 0 and _extendable(lines[start - 1], limits, backwards=True):
        start -= 1
    while end + 1 < len(lines) and _extendable(lines[end + 1], limits, backwards=False):
        end += 1
    return replace(layout, body_start=start, body_end=end, header_end=start, footer_start=end)


def extractor_body(layout: Layout, page: PageLines) -> Layout:
    """HTML: the extractor already chose the main content and cut the page's chrome, so all of it is the body.
    Date and byline lines are looked for before the first paragraph and just after the last."""
    anchors = sorted(layout.anchors)
    count = len(page.lines)
    return replace(
        layout,
        body_start=0,
        body_end=count - 1,
        header_end=anchors[0] if anchors else count,
        footer_start=anchors[-1] if anchors else count - 1,
    )


def hinted_headline(layout: Layout, page: PageLines) -> Layout:
    """The line the markup (an HTML page's headline) marks as the title."""
    if layout.title is not None:
        return layout
    hinted = next((line.index for line in page.lines[: layout.header_end] if line.hint == "title"), None)
    return layout if hinted is None else replace(layout, title=hinted)


def headline_above_body(layout: Layout, page: PageLines) -> Layout:
    """The headline-like line above the body whose words its first paragraphs repeat (minus a little for
    distance, plus a little when a date line follows it)."""
    if layout.title is not None or layout.body_start > layout.body_end:
        return layout
    headline = _headline_above(page.lines, layout.header_end, layout.body_end, page.limits, page.patterns)
    return layout if headline is None else replace(layout, title=headline.index)


def date_lines(layout: Layout, page: PageLines) -> Layout:
    """A date above the headline (the page's clock), and whether one sits between the headline and the body."""
    title, lines = layout.title, page.lines
    page_date = next((line.date for line in lines[: title or 0] if line.date), None)
    header_dated = any(line.date for line in lines[(-1 if title is None else title) + 1 : layout.header_end])
    return replace(layout, page_date=page_date, header_dated=header_dated)


def lead_paragraph(layout: Layout, page: PageLines) -> Layout:
    """The first paragraph, when a later one restates it (same opening words, or most of its words)."""
    start = max(layout.body_start, -1 if layout.title is None else layout.title + 1)
    lead = _find_lead(page.lines, start, layout.body_end, page.limits, page.patterns.stemmer)
    return replace(layout, lead=lead)


def _dek_like(line: Line, limits: LineThresholds) -> bool:
    """Whether a line reads as the article's subtitle: words enough in the project's script, and no caption (a
    credit in brackets at its end: "أبراج لنقل الكهرباء قرب الحدود (الجزيرة)")."""
    return (
        line.words >= limits.dek_min_words
        and line.source_share >= limits.min_source_script_share
        and not (line.furniture or line.date or line.url or line.menu_bullet or line.glued_scripts or line.shape)
        and not (line.truncated or line.caption_like or line.hint == "title")
        and not line.text.rstrip().endswith((")", "）"))
    )


def dek_under_headline(layout: Layout, page: PageLines) -> Layout:
    """Raw text: the line under the headline (past a share bar or other furniture, not past its date or byline) is
    the article's dek when it reads as a subtitle and tells the body's story: [lines] dek_min_words, and a share
    of its words the body repeats (dek_body_share; a byline run into its outlet, "نادية الشريفبي بي سي نيوز عربي",
    shares none). A line the body holds again as it is is no dek but that paragraph's copy (an article saved twice
    in one file). An HTML page's dek is the block the reader put back from under its <h1> (hint "dek"), judged
    alike; one the extractor kept is the article's already."""
    if layout.title is None:
        return layout
    header = page.lines[layout.title + 1 : layout.header_end]
    put_back = next((line for line in page.lines if line.hint == "dek"), None)
    first = put_back or next((line for line in header if not (line.furniture or line.menu_bullet)), None)
    if first is None or not _dek_like(first, page.limits):
        return layout
    body_lines = [line for line in page.lines[layout.body_start : layout.body_end + 1] if line is not put_back]
    if any(line.key == first.key for line in body_lines):
        return layout
    stemmer = page.patterns.stemmer
    told = repeated_share(first.key, stems_of((line.key for line in body_lines), stemmer), stemmer)
    return replace(layout, dek=first.index) if told >= page.limits.dek_body_share else layout


def related_lists(layout: Layout, page: PageLines) -> Layout:
    """Headlines under a "read also" heading inside the body, up to the next paragraph of the article."""
    related = _related_lists(page.lines, layout.body_start, layout.body_end, layout.anchors, page.limits)
    return replace(layout, related=related)


def build_layout_steps(mode: Mode) -> Registry[LayoutStep]:
    """The layout steps of an input mode, in order: the anchors, the body zone (raw text: the heaviest run of
    anchors; HTML: everything the extractor kept), the headline (the one the markup names, else the best one
    above the body), the dates around it, the lead and the related lists inside the body."""
    steps: Registry[LayoutStep] = Registry()
    steps.register(anchor_lines, "anchor_lines", 100)
    if mode == "text":
        steps.register(heaviest_run, "heaviest_run", 90)
    else:
        steps.register(extractor_body, "extractor_body", 90)
    steps.register(hinted_headline, "hinted_headline", 80)
    steps.register(headline_above_body, "headline_above_body", 70)
    steps.register(date_lines, "date_lines", 60)
    steps.register(lead_paragraph, "lead_paragraph", 50)
    steps.register(dek_under_headline, "dek_under_headline", 45)
    steps.register(related_lists, "related_lists", 40)
    return steps


LAYOUT_STEPS: dict[Mode, Registry[LayoutStep]] = {mode: build_layout_steps(mode) for mode in ("text", "html")}


def find_layout(lines: list[Line], limits: LineThresholds, patterns: Patterns, steps: Registry[LayoutStep]) -> Layout:
    """Run the layout steps in order; the step that set the headline is recorded with it."""
    page = PageLines(tuple(lines), limits, patterns)
    layout = Layout()
    for name, step in steps:
        found = step(layout, page)
        if found.title != layout.title:
            found = replace(found, title_step=name)
        layout = found
    return layout
