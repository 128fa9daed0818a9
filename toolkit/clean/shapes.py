"""What a text that gives no article is, when it is not an article's page at all: named shapes, tried in order.

A text cleaned to nothing is usually a page of furniture, and "all lines were boilerplate" says so. A text of
another shape (one line of a million letters, only numbers, only links, one word over and over) loses its
lines to the same rules, but calling it boilerplate sends the user looking for a menu that is not there. The
shapes are asked only once a text has failed, so none of them can turn a good article away.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from toolkit.clean.lines import SourceLine
from toolkit.clean.settings import LineThresholds
from toolkit.clean.text import normalize
from toolkit.scripts import for_terminal, script_ranges

# A web address alone on its line (the layout's menu rule reads the same): a list of links, not text.
ADDRESS = re.compile(r"(?:https?://|www\.)\S+")
_LETTER = re.compile(r"[^\W\d_]")
_CLAUSE_OR_STOP = re.compile(r"[،,.؛;:!?؟。，！？]")
# Scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Tibetan, Myanmar, Khmer): a long
# run of their letters is a sentence, not a word.
_UNSPACED = re.compile(
    f"[{script_ranges('han')}{script_ranges('kana')}\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff]"
)
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


def no_letters(text: Text) -> str | None:
    """Only digits and symbols: a table of figures, a dump of numbers."""
    if any(_LETTER.search(line.text) for line in text.lines):
        return None
    return f"its {text.counted(len(text.lines))} hold no words, only digits and symbols"


def only_addresses(text: Text) -> str | None:
    """Every line that has letters is a web address: a list of links."""
    worded = [line for line in text.lines if _LETTER.search(line.text)]
    if not worded or not all(ADDRESS.fullmatch(line.text) for line in worded):
        return None
    return f"its {text.counted(len(worded))} with letters are web addresses only, a list of links"


def unspaced_run(text: Text) -> str | None:
    """Most of the letters in "words" longer than any word (a run of letters with no space): not prose."""
    limit = text.limits.prose_max_word_letters
    total = longest_letters = 0
    long_letters = 0
    longest: SourceLine | None = None
    for line in text.lines:
        for word in line.text.split():
            total += len(word)
            if len(word) > limit and not _UNSPACED.search(word) and not ADDRESS.fullmatch(word):
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
    (word, count), = words.items()
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
