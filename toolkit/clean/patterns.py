"""The settings' word lists compiled once into regular expressions, grouped by what they recognise.

Every pattern runs on `normalize`d text (see text.py), so the lists need one spelling per word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from toolkit.clean.text import normalize
from toolkit.scripts import script_ranges

if TYPE_CHECKING:
    from toolkit.clean.metadata import DatePatterns
    from toolkit.clean.settings import CleanSettings, LineThresholds, StemWords, Vocabulary

# A pattern that matches nowhere.
NEVER = "(?!)"
# A bracket, dash, bullet or quote around a label does not change what the label is.
_EDGE = r"[\W_]*"


def _normalized(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """Longest first, so "تشرين الاول" is tried before "تشرين"."""
    return tuple(key for key in sorted({normalize(phrase) for phrase in phrases}, key=len, reverse=True) if key)


def one_of(texts: Iterable[str]) -> str:
    """The texts as one choice, tried in the order given; no texts (a list emptied in toolkit.toml) as a choice
    that never matches, not the empty pattern, which matches everywhere: `copyright = []` made every line a
    copyright notice and dropped it."""
    return "|".join(map(re.escape, texts)) or NEVER


def _alternation(phrases: tuple[str, ...]) -> str:
    return one_of(_normalized(phrases))


# What parts a credit word from the name in the ways pages print it ("作者：", "文/", "文｜"), normalised.
_CREDIT_SEPARATOR = r"[:/|]"


def _byline_openers(words: tuple[str, ...]) -> str:
    """The byline words as one choice; one that ends in its separator ("文/", "作者：") opens with any of them, blanks
    around it or none: the same outlet prints "文/王芳", "文｜王芳" and "文 / 王芳"."""
    return (
        "|".join(
            re.escape(word[:-1].rstrip()) + rf"\s*{_CREDIT_SEPARATOR}"
            if re.search(rf"{_CREDIT_SEPARATOR}$", word)
            else re.escape(word)
            for word in _normalized(words)
        )
        or NEVER
    )


def _trie(phrases: list[str]) -> str:
    """A pattern that finds where any of the phrases starts, factored on their common beginnings; a phrase that
    another one continues ends the match (the search only asks whether there is one)."""
    tree: dict[str, dict] = {}
    for phrase in phrases:
        node = tree
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict[str, dict]) -> str:
        if "" in node:
            return ""
        choices = [re.escape(char) + branch(child) for char, child in sorted(node.items())]
        return choices[0] if len(choices) == 1 else f"(?:{'|'.join(choices)})"

    return branch(tree)


# Arabic morphology writes a word's pattern with the root letters ف ع ل: there any letter but alef stands.
_ROOT_LETTERS = str.maketrans(dict.fromkeys("فعل", r"[^\W\d_ا]"))
_LETTER = r"[^\W\d_]"


def _morphological(patterns: tuple[str, ...]) -> str:
    """Word patterns ("أفعال", "فعاللة") as one choice of regular expressions over normalised words."""
    return "|".join(re.escape(normalize(pattern)).translate(_ROOT_LETTERS) for pattern in patterns) or NEVER


def _kicker_word(words: Vocabulary, limits: LineThresholds) -> re.Pattern[str]:
    """A normalised word in a shape no family name has: a preposition glued to its article, a noun's pattern, a
    verb's prefix ([words] kicker_glued_prefixes, kicker_noun_patterns, verb_prefixes)."""
    stem = f"{_LETTER}{{{limits.kicker_stem_letters},}}"
    # Not alef after the prefix ("ياغي"), nor alef, ي or ه at the end ("توما", "تلحمي"): family names.
    prefix = f"(?:{_alternation(words.verb_prefixes)})(?!ا)"
    verb = f"(?={_LETTER}{{{limits.verb_min_letters},}}$){prefix}{_LETTER}*[^\\W\\d_ايه]"
    return re.compile(
        f"(?:{_alternation(words.kicker_glued_prefixes)}){stem}|ال(?:{_morphological(words.kicker_noun_patterns)})|{verb}"
    )


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
    donation: re.Pattern[str]  # opening the line
    site_chrome: re.Pattern[str]
    date_label: re.Pattern[str]
    photo_credit: re.Pattern[str]
    photo_signature: re.Pattern[str]  # a photographer's name and mark ending a caption
    copyright: re.Pattern[str]
    disclaimer: re.Pattern[str]
    chrome_label: re.Pattern[str]
    related_heading: re.Pattern[str]
    wire_marker: re.Pattern[str]
    picture_counter: re.Pattern[str]  # a picture's place in a gallery: its number as `place`, their count as `count`
    agency_only: re.Pattern[str]
    agency_dateline: re.Pattern[str]  # an agency after a dispatch's place and date (metadata.agency_dateline)
    agency_credit: re.Pattern[str]
    source_prefix: re.Pattern[str]
    byline_prefix: re.Pattern[str]
    byline_word: re.Pattern[str]  # a byline word opening the text, with or without a separator ("记者王明")
    label_end: re.Pattern[str]  # a text ending as a label does: a colon, or a byline word ("Written By")
    weekday_end: re.Pattern[str]  # a day's name ending the text, and the punctuation after it
    preposition_end: re.Pattern[str]  # a word that puts a date after a name, ending the text
    name_particles: frozenset[str]  # the words a byline's name may hold besides capitalised ones
    writer_roles: frozenset[str]  # what a writer's note opens with (rule author_box)
    given_names: frozenset[str]
    compound_name_ends: frozenset[str]  # a compound name's second word ("الدين" of "نور الدين")
    common_family_names: frozenset[str]  # family names that are common words too ("السيد")
    kicker_word: re.Pattern[str]  # a normalised word shaped as a noun or a verb, never a family name (rule kicker)
    kicker_ending: re.Pattern[str]  # a plural's or the feminine ending after the article: a noun's, but ...
    family_name: re.Pattern[str]  # ... for the family names of that shape ("الطراونة")
    plural: re.Pattern[str]  # a normalised plural without the article ("معارك", "احتجاجات")
    byline_roles: frozenset[str]
    name_articles: frozenset[str]
    clause_words: frozenset[str]
    not_in_names: frozenset[str]  # clause_words too
    editor_credit: re.Pattern[str]
    credit_after_body: re.Pattern[str]
    months: dict[str, int]
    # Every word a date may carry on a line besides its numbers: day and month names (Hijri ones too), the
    # calendars' marks, the words of a time, date labels and prepositions (settings.toml [dates], date_label).
    date_words: frozenset[str]
    date: DatePatterns
    min_year: int
    max_year: int
    title_split: re.Pattern[str]  # splits a page title into segments, keeping the separators
    site_word: re.Pattern[str]
    stemmer: Stemmer
    # The phrases of the vocabulary patterns above (normalised), and those only a line's start is looked at for.
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    line_start: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    # Quick tests for several of the patterns above, built on first use (see any_of).
    unions: dict[tuple[str, ...], re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)

    def any_of(self, names: tuple[str, ...]) -> re.Pattern[str]:
        """One pattern that finds every line any of the named ones finds, so that a line that has none of their
        words is told so by one search instead of one per pattern.

        Where every named pattern is a vocabulary's, the test is their phrases as one trie (a character per
        step instead of every phrase at every word) where a word starts, or at the line's start for labels that
        must open it: it also finds a few lines the patterns do not (a label inside a longer line), which they
        then judge one by one.
        """
        if names not in self.unions:
            if all(self.phrases.get(name) for name in names):
                anywhere = [phrase for name in names if name not in self.line_start for phrase in self.phrases[name]]
                opening = [phrase for name in names if name in self.line_start for phrase in self.phrases[name]]
                tests = [f"^{_EDGE}{_trie(opening)}"] if opening else []
                # "_" as well as non-word characters may come before a label (see _EDGE).
                tests += [rf"(?<![^\W_]){_trie(anywhere)}"] if anywhere else []
                union = "|".join(tests)
            else:
                union = "|".join(f"(?:{getattr(self, name).pattern})" for name in names)
            self.unions[names] = re.compile(union)
        return self.unions[names]

    @classmethod
    def build(cls, settings: CleanSettings) -> Patterns:
        from toolkit.clean.metadata import DatePatterns

        words = settings.words
        agencies = _alternation(words.agency)
        bylines = settings.byline_words
        anywhere = {
            "share": words.share,
            "comment_section": words.comment_section,
            "comment": words.comment,
            "advertisement": words.advertisement,
            "newsletter": words.newsletter,
            "site_chrome": words.site_chrome,
            "date_label": words.date_label,
            "copyright": words.copyright,
            "disclaimer": words.disclaimer,
        }
        opening = {
            "chrome_label": words.chrome_labels,
            "related_heading": words.related,
            "wire_marker": words.wire_marker,
            "donation": words.donation,
        }
        return cls(
            **{name: _word_start(phrases) for name, phrases in anywhere.items()},
            photo_credit=re.compile(
                rf"{_word_start(words.photo_credit).pattern}"
                rf"|(?<!\w)(?:{_alternation(words.photo_credit_label)})s?\s*(?:[:：\-–—|/،,)\]]|$)"
            ),
            # After a space, a reporter's title, 发 ("sent by") or a bracket: "由他拍摄" is a sentence's verb.
            photo_signature=re.compile(
                rf"(?:\s|记者|記者|发|發|[（(/：:])\s*[\u4e00-\u9fff·]{{2,4}}\s*/?\s*"
                rf"(?:{_alternation(words.photo_signature)})\s*[）)]?\s*$"
            ),
            chrome_label=_whole_line(words.chrome_labels),
            related_heading=re.compile(rf"^{_EDGE}(?:{_alternation(words.related)})"),
            donation=re.compile(rf"^{_EDGE}(?:{_alternation(words.donation)})"),
            wire_marker=re.compile(rf"^[\s(\[\-–—«\"]+(?:{_alternation(words.wire_marker)})[\s)\]\-–—».\"]*$"),
            picture_counter=re.compile(
                rf"^{_EDGE}(?P<label>(?:{_alternation(words.picture_counter)})\s*)?(?P<place>\d+)"
                rf"(?:\s*/\s*|\s+(?:{_alternation(words.counter_of)})\s+)(?P<count>\d+){_EDGE}$"
            ),
            agency_only=re.compile(rf"^{_EDGE}(?:{agencies})(?:{_EDGE}\s{_EDGE}(?:{agencies}))*{_EDGE}$"),
            agency_credit=re.compile(rf"\(\s*(?:{agencies})(?!\w)[^()]*\)?\s*$"),
            agency_dateline=re.compile(
                rf"^(?P<head>[^()]*?)[\s\-–—ـ،,:|/]*(?<!\w)(?P<open>\()?\s*(?P<agency>{agencies})(?!\w)\s*(?(open)\))(?P<rest>.*)$",
                re.DOTALL,
            ),
            # A word ends where a letter does not follow; a label that ends in its colon ("来源：", "source:") may
            # run straight into the name, as Chinese always writes it ("来源：新华社").
            source_prefix=re.compile(
                rf"^{_EDGE}(?:{_alternation(words.source_prefix)})(?:(?<=[^\w\s])|(?!\w))\s*[:：\-–]?\s*(\S.*)$"
            ),
            # A byline word that ends in its separator ("作者：", "文/") runs straight into the name, as Chinese
            # writes it.
            byline_prefix=re.compile(
                rf"^(?:{_byline_openers(bylines)})(?:(?<={_CREDIT_SEPARATOR})\s*|\s*[:：\-–/]\s*|\s+)(\S.*)$"
            ),
            byline_word=re.compile(rf"^(?:{_byline_openers(bylines)})\s*[:：\-–/]?\s*"),
            weekday_end=re.compile(rf"(?<!\w)(?:{_alternation(settings.dates.weekdays)})[\s\W]*$"),
            # Only blanks after it: "Thu Le, March 3" ends a name with "Le", "Thu Le am 3. März" a preposition.
            preposition_end=re.compile(rf"(?<!\w)(?:{_alternation(settings.dates.prepositions)})\s*$"),
            label_end=re.compile(rf"(?:[:：]|(?<!\w)(?:{_alternation(bylines)}))[\s\W]*$"),
            name_particles=frozenset(_normalized(words.name_particles)),
            writer_roles=frozenset(_normalized(words.writer_roles)),
            given_names=frozenset(_normalized(words.given_names)),
            compound_name_ends=frozenset(_normalized(words.compound_name_ends)),
            common_family_names=frozenset(_normalized(words.common_family_names)),
            kicker_word=_kicker_word(words, settings.lines),
            kicker_ending=re.compile(
                f"ال{_LETTER}{{{settings.lines.kicker_stem_letters},}}(?:{_alternation(words.kicker_endings)})"
            ),
            family_name=re.compile(f"ال(?:{_morphological(words.family_name_patterns)})"),
            # Not a word ending in ي: "مشاري" has the letters of مفاعل, and is a name.
            plural=re.compile(
                f"(?!\\w*ي$)(?:{_morphological(words.plural_patterns)})"
                f"|{_LETTER}{{{settings.lines.kicker_stem_letters + 1},}}ات"
            ),
            byline_roles=frozenset(_normalized(words.byline_roles)),
            name_articles=frozenset(_normalized(words.name_articles)),
            clause_words=frozenset(_normalized(words.clause_words)),
            not_in_names=frozenset(_normalized(words.not_in_names + words.clause_words)),
            editor_credit=re.compile(rf"^{_EDGE}(?:{_alternation(words.editor_credit)})(?:\s*[:：\-–]|(?<=by)\s)\s*\S"),
            credit_after_body=re.compile(rf"^(?:{_alternation(words.credit_after_body)})(?:\s*[:：\-–/]\s*|\s+)\S"),
            months={normalize(name): number for name, number in settings.dates.months},
            date_words=frozenset(
                word
                for phrase in (
                    *settings.dates.weekdays,
                    *(name for name, _ in settings.dates.months),
                    *settings.dates.hijri_months,
                    *settings.dates.date_marks,
                    *settings.dates.prepositions,
                    *words.date_label,
                )
                for word in normalize(phrase).split()
            ),
            date=DatePatterns.build(_alternation(tuple(name for name, _ in settings.dates.months))),
            min_year=settings.dates.min_year,
            max_year=settings.dates.max_year,
            title_split=re.compile(f"({one_of(settings.title.suffix_separators)})"),
            site_word=_word_start(settings.title.site_words),
            stemmer=Stemmer.build(settings.stems),
            phrases={name: _normalized(phrases) for name, phrases in (anywhere | opening).items()},
            line_start=frozenset(opening),
        )


# A Han character and a hiragana one: a project's letters holding either are written without spaces.
_CJK_SAMPLE = "中あ"


@dataclass(frozen=True)
class ScriptPatterns:
    """What the project's script looks like: its letters, and UI labels glued to Latin ones."""

    source_run: re.Pattern[str]  # letters of the script, on text reduced to letters
    glued: re.Pattern[str]
    # The project's Chinese or Japanese characters, when it writes them: each says what several letters do.
    dense: re.Pattern[str] | None = None

    @classmethod
    def build(cls, letters: str) -> ScriptPatterns:
        """`letters`: the project's script as the inside of a character class (toolkit.scripts.language_letters)."""
        source = letters
        # Latin glued to the source script with no space is two UI labels run together
        # ("Newsletterالرسالة الإخبارية"); when the source script is Latin there is nothing to glue, and Chinese
        # and Japanese, written without spaces, put Latin names against their characters ("新款iPhone手机").
        latin = "a-z"
        run = re.compile(f"[{source}]+")
        never = re.compile(r"(?!x)x")
        if run.fullmatch("a"):
            return cls(source_run=run, glued=never)
        if run.search(_CJK_SAMPLE):
            dense = re.compile(f"(?=[{source}])[{script_ranges('kana')}{script_ranges('han')}]")
            return cls(source_run=run, glued=never, dense=dense)
        return cls(source_run=run, glued=re.compile(f"[{latin}][{source}]|[{source}][{latin}]"))


@lru_cache(maxsize=16)
def script_patterns(letters: str) -> ScriptPatterns:
    return ScriptPatterns.build(letters)
