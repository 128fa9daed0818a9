"""Text that is not prose, by its shape: of one kept line (`line_shape`) and of a whole text (`odd_shape`).

One line of a paragraph's length or more that has no letters, holds only web addresses, runs its letters
together far beyond any word, or says a few words over and over is no paragraph of the article, whatever the
extractor or the layout made of it: the line rule not_prose removes it (explained like any other removal), and
the article is kept when prose remains. Shorter lines of those shapes are the article's (a table's figures, a
line of code, a link under a picture); the thresholds are in settings.toml [lines].

A text cleaned to nothing is usually a page of furniture, and "all lines were boilerplate" says so. A text of
another shape (one line of a million letters, only numbers, only links, one word over and over) loses its
lines to the rules too, but calling it boilerplate sends the user looking for a menu that is not there: the
text's shapes name it. They are asked only once a text has failed, so none of them can turn a good article away.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from toolkit.clean.lines import SourceLine
from toolkit.clean.settings import LineThresholds
from toolkit.clean.text import normalize
from toolkit.scripts import for_terminal, script_ranges

# A web address alone on its line (the layout's menu rule reads the same): a list of links, not text.
ADDRESS = re.compile(r"(?:https?://|www\.)\S+")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")
_CLAUSE_OR_STOP = re.compile(r"[،,.؛;:!?؟。，！？]")
# Scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Tibetan, Myanmar, Khmer): a long
# run of their letters is a sentence, not a word.
_UNSPACED = re.compile(
    f"[{script_ranges('han')}{script_ranges('kana')}\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff]"
)
# How much of a long line is read first for its distinct words.
_OPENING_CHARS = 2_000
# How much of a shown word or line the message quotes.
_QUOTED_CHARS = 40


@dataclass(frozen=True)
class Text:
    """The non-empty lines of a text that gave no article, and what the shapes ask of all of them."""

    lines: Sequence[SourceLine]
    unit: str  # "line" (raw text) or "block" (what an HTML extractor kept)
    limits: LineThresholds

    def counted(self, count: int) -> str:
        return f"{count:,} {self.unit}{'' if count == 1 else 's'}"


Shape = Callable[[Text], "str | None"]


def _quoted(text: str) -> str:
    shown = text if len(text) <= _QUOTED_CHARS else text[:_QUOTED_CHARS] + "…"
    return repr(for_terminal(shown))


def _overlong(word: str, limits: LineThresholds) -> bool:
    """Longer than any word of prose, and not a web address or a run of a script written without spaces."""
    return len(word) > limits.prose_max_word_letters and not _UNSPACED.search(word) and not ADDRESS.fullmatch(word)


@lru_cache(maxsize=4)
def _longer_than(letters: int) -> re.Pattern[str]:
    return re.compile(rf"(?<!\S)\S{{{letters + 1},}}")  # tried at the start of a word only


def _addresses_only(text: str) -> bool:
    """Every word with letters is a web address (there is one)."""
    return ADDRESS.search(text) is not None and not _LETTER.search(ADDRESS.sub(" ", text))


def line_shape(text: str, limits: LineThresholds, key: str | None = None) -> str | None:
    """The shape of a line when it is long enough to be a paragraph and no prose: "no_letters",
    "only_addresses", "unspaced_run" (most of its letters in overlong runs) or "repeated_words" (a word or a
    few over and over); else None. `key`: its normalised text, when already made.

    Every line of every page is asked: each test is a scan in C, so a paragraph of a million words costs
    about what reading it does."""
    if len(text) < limits.not_prose_min_chars:
        return None
    if not _LETTER.search(text):
        return "no_letters"
    if _addresses_only(text):
        return "only_addresses"
    runs = _longer_than(limits.prose_max_word_letters).findall(text)
    overlong = sum(len(word) for word in runs if _overlong(word, limits))
    if overlong and overlong * 2 >= sum(map(len, text.split())):
        return "unspaced_run"
    key = normalize(text) if key is None else key
    if _more_words_than(limits.not_prose_max_distinct_words, key[:_OPENING_CHARS]):
        return None  # prose says more in its opening than the whole of a repeated line: it need not be read on
    return None if _more_words_than(limits.not_prose_max_distinct_words, key) else "repeated_words"


def _more_words_than(count: int, key: str) -> bool:
    distinct: set[str] = set()
    for word in set(_WORD.findall(key)):
        if _UNSPACED.search(word):
            distinct.update(word)  # a script written without spaces: its characters are told apart
        else:
            distinct.add(word)
        if len(distinct) > count:
            return True
    return False


def no_letters(text: Text) -> str | None:
    """Only digits and symbols: a table of figures, a dump of numbers."""
    if any(_LETTER.search(line.text) for line in text.lines):
        return None
    return f"its {text.counted(len(text.lines))} hold no words, only digits and symbols"


def only_addresses(text: Text) -> str | None:
    """Every line that has letters is a web address: a list of links."""
    worded = [line for line in text.lines if _LETTER.search(line.text)]
    if not worded or not all(_addresses_only(line.text) for line in worded):
        return None
    return f"its {text.counted(len(worded))} with letters are web addresses only, a list of links"


def unspaced_run(text: Text) -> str | None:
    """Most of the letters in "words" longer than any word (a run of letters with no space): not prose."""
    total = longest_letters = 0
    long_letters = 0
    longest: SourceLine | None = None
    for line in text.lines:
        for word in line.text.split():
            total += len(word)
            if _overlong(word, text.limits):
                long_letters += len(word)
                if len(word) > longest_letters:
                    longest, longest_letters = line, len(word)
    if longest is None or long_letters * 2 < total:
        return None
    return (
        f"{text.unit} {longest.number} runs {longest_letters:,} characters without a space "
        f"({_quoted(max(longest.text.split(), key=len))}): not prose"
    )


def one_word(text: Text) -> str | None:
    """One word over and over, on one line or many."""
    words = Counter(word for line in text.lines for word in normalize(line.text).split())
    if len(words) != 1:
        return None
    ((word, count),) = words.items()
    if count < 2:
        return None
    return f"the text is one word repeated {count:,} times ({_quoted(word)})"


def one_line(text: Text) -> str | None:
    """The same line over and over."""
    if len(text.lines) < 2 or len({normalize(line.text) for line in text.lines}) != 1:
        return None
    return f"the text is one {text.unit} repeated {len(text.lines):,} times ({_quoted(text.lines[0].text)})"


def no_sentences(text: Text) -> str | None:
    """Most of the words on one line as long as several paragraphs, with no stop or comma in it: words run
    together (a list pasted without breaks, a ticker), which the cleaner does not take for sentences."""
    longest = max(text.lines, key=lambda line: len(line.text.split()))
    words = len(longest.text.split())
    total = sum(len(line.text.split()) for line in text.lines)
    if words < text.limits.anchor_long_words or words * 2 < total or _CLAUSE_OR_STOP.search(longest.text):
        return None
    return f"{text.unit} {longest.number} runs {words:,} words without a stop or comma: no sentence to keep"


# Tried in order; the first that fits names the text. The more particular shapes come first: a line of one
# repeated word is also a line without a stop.
SHAPES: tuple[Shape, ...] = (no_letters, only_addresses, unspaced_run, one_word, one_line, no_sentences)


def odd_shape(lines: Sequence[SourceLine], unit: str, limits: LineThresholds) -> str | None:
    """What the text is when a named shape fits it, else None (it is a page of furniture, or not in the
    project's script)."""
    text = Text([line for line in lines if line.text.strip()], unit, limits)
    if not text.lines:
        return None
    return next((said for shape in SHAPES if (said := shape(text))), None)
