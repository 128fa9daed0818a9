"""The settings' word lists compiled once into regular expressions, grouped by what they recognise.

Every pattern runs on `normalize`d text (see text.py), so the lists need one spelling per word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from toolkit.clean.text import normalize

if TYPE_CHECKING:
    from toolkit.clean.metadata import DatePatterns
    from toolkit.clean.settings import CleanSettings, StemWords

# A bracket, dash, bullet or quote around a label does not change what the label is.
_EDGE = r"[\W_]*"


def _alternation(phrases: tuple[str, ...]) -> str:
    """Longest first, so "تشرين الاول" is tried before "تشرين"."""
    keys = sorted({normalize(phrase) for phrase in phrases}, key=len, reverse=True)
    return "|".join(re.escape(key) for key in keys if key)


def _word_start(phrases: tuple[str, ...]) -> re.Pattern[str]:
    # A phrase counts where a word starts; it may run into the next word, as glued UI labels do.
    return re.compile(rf"(?<!\w)(?:{_alternation(phrases)})")


def _whole_line(phrases: tuple[str, ...]) -> re.Pattern[str]:
    choice = _alternation(phrases)
    return re.compile(rf"^{_EDGE}(?:{choice})(?:{_EDGE}\s{_EDGE}(?:{choice}))*{_EDGE}$")


@dataclass(frozen=True)
class Stemmer:
    """settings.toml [stems] compiled: a word with its prefix split off, and the endings to cut."""

    word: re.Pattern[str]  # group 1 is the word without its prefix
    suffixes: tuple[str, ...]
    min_word_letters: int

    @classmethod
    def build(cls, stems: StemWords) -> Stemmer:
        prefix = f"(?:(?:{_alternation(stems.prefixes)})(?=\\w{{{stems.min_stem_letters}}}))?"
        return cls(re.compile(rf"(?<!\w){prefix}(\w+)"), stems.suffixes, stems.min_word_letters)


@dataclass(frozen=True)
class Patterns:
    share: re.Pattern[str]
    comment_section: re.Pattern[str]
    comment: re.Pattern[str]
    advertisement: re.Pattern[str]
    newsletter: re.Pattern[str]
    site_chrome: re.Pattern[str]
    date_label: re.Pattern[str]
    photo_credit: re.Pattern[str]
    copyright: re.Pattern[str]
    chrome_label: re.Pattern[str]
    related_heading: re.Pattern[str]
    wire_marker: re.Pattern[str]
    agency_only: re.Pattern[str]
    agency_credit: re.Pattern[str]
    source_prefix: re.Pattern[str]
    byline_prefix: re.Pattern[str]
    months: dict[str, int]
    date: DatePatterns
    min_year: int
    max_year: int
    title_split: re.Pattern[str]  # splits a page title into segments, keeping the separators
    site_word: re.Pattern[str]
    stemmer: Stemmer
    # Unions of several of the patterns above, built on first use (see any_of).
    unions: dict[tuple[str, ...], re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)

    def any_of(self, names: tuple[str, ...]) -> re.Pattern[str]:
        """One pattern that finds what any of the named ones finds: a line that has none of their words is told
        so by one search instead of one per pattern."""
        if names not in self.unions:
            self.unions[names] = re.compile("|".join(f"(?:{getattr(self, name).pattern})" for name in names))
        return self.unions[names]

    @classmethod
    def build(cls, settings: CleanSettings) -> Patterns:
        from toolkit.clean.metadata import DatePatterns

        words = settings.words
        agencies = _alternation(words.agency)
        return cls(
            share=_word_start(words.share),
            comment_section=_word_start(words.comment_section),
            comment=_word_start(words.comment),
            advertisement=_word_start(words.advertisement),
            newsletter=_word_start(words.newsletter),
            site_chrome=_word_start(words.site_chrome),
            date_label=_word_start(words.date_label),
            photo_credit=_word_start(words.photo_credit),
            copyright=_word_start(words.copyright),
            chrome_label=_whole_line(words.chrome_labels),
            related_heading=re.compile(rf"^{_EDGE}(?:{_alternation(words.related)})"),
            wire_marker=re.compile(rf"^[\s(\[\-–—«\"]+(?:{_alternation(words.wire_marker)})[\s)\]\-–—».\"]*$"),
            agency_only=re.compile(rf"^{_EDGE}(?:{agencies})(?:{_EDGE}\s{_EDGE}(?:{agencies}))*{_EDGE}$"),
            agency_credit=re.compile(rf"\(\s*(?:{agencies})(?!\w)[^()]*\)?\s*$"),
            source_prefix=re.compile(rf"^{_EDGE}(?:{_alternation(words.source_prefix)})(?!\w)\s*[:：\-–]?\s*(\S.*)$"),
            byline_prefix=re.compile(rf"^(?:{_alternation(words.byline_prefix)})(?:\s*[:：\-–/]\s*|\s+)(\S.*)$"),
            months={normalize(name): number for name, number in settings.dates.months},
            date=DatePatterns.build(_alternation(tuple(name for name, _ in settings.dates.months))),
            min_year=settings.dates.min_year,
            max_year=settings.dates.max_year,
            title_split=re.compile("(" + "|".join(re.escape(sep) for sep in settings.title.suffix_separators) + ")"),
            site_word=_word_start(settings.title.site_words),
            stemmer=Stemmer.build(settings.stems),
        )


@dataclass(frozen=True)
class ScriptPatterns:
    """What the project's script looks like: its letters, and UI labels glued to Latin ones."""

    source_run: re.Pattern[str]  # letters of the script, on text reduced to letters
    glued: re.Pattern[str]

    @classmethod
    def build(cls, letters: str) -> ScriptPatterns:
        """`letters`: the project's script as the inside of a character class (toolkit.scripts.language_letters)."""
        source = letters
        # Latin glued to the source script with no space is two UI labels run together
        # ("Newsletterالرسالة الإخبارية"); when the source script is Latin there is nothing to glue.
        latin = "a-z"
        run = re.compile(f"[{source}]+")
        if run.fullmatch("a"):
            return cls(source_run=run, glued=re.compile(r"(?!x)x"))
        return cls(source_run=run, glued=re.compile(f"[{latin}][{source}]|[{source}][{latin}]"))


@lru_cache(maxsize=16)
def script_patterns(letters: str) -> ScriptPatterns:
    return ScriptPatterns.build(letters)
