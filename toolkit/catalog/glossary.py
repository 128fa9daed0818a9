"""The project glossary: `glossary.csv` at the project root, one source term and its required translation a row.

Pure apart from `load_glossary`: parsing a file's text, finding its terms in a source text (however the
article spells them) and finding a term's translation in a target text.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import polib

from toolkit.catalog.entries import GLOSSARY_NOTE, note_lines, set_notes
from toolkit.clean.decode import saved_wide
from toolkit.config import MAX_SETTINGS_BYTES
from toolkit.conflicts import conflict_in_text, unresolved_conflict
from toolkit.errors import ConfigError
from toolkit.git_checkouts import checked_out_as
from toolkit.scripts import ARABIC_ARTICLE, arabic_stems, language_script, normalize_arabic
from toolkit.store.disk import cause
from toolkit.store.files import read_regular_file

GLOSSARY_FILE = "glossary.csv"
COLUMNS = ("source", "target", "note")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class GlossaryTerm:
    source: str
    target: str
    note: str = ""
    line: int = 0  # where the row is in glossary.csv

    def __str__(self) -> str:
        """The term as an entry's `glossary:` note shows it to the translator."""
        return f"{self.source} = {self.target}" + (f" ({self.note})" if self.note else "")


@dataclass(frozen=True)
class Glossary:
    terms: tuple[GlossaryTerm, ...] = ()

    @functools.cached_property
    def _indexes(self) -> dict[str | None, _TermIndex]:
        return {}

    def index(self, script: str | None) -> _TermIndex:
        """The terms by what a text in `script` must hold for each to be in it, made once a glossary."""
        made = self._indexes.get(script)
        if made is None:
            made = self._indexes[script] = _TermIndex.of(self.terms, script)
        return made


NO_GLOSSARY = Glossary()


def _row_error(message: str, path: Path, line: int) -> ConfigError:
    return ConfigError(f"glossary: {message}", path, line)


def _header(row: list[str], path: Path) -> list[str]:
    names = [name.strip().lower() for name in row]
    if names[:2] != list(COLUMNS[:2]) or names[2:] not in ([], [COLUMNS[2]]):
        raise _row_error(f"the first row must be the header {','.join(COLUMNS)}, not {','.join(row)!r}", path, 1)
    return names


def _check_controls(cells: tuple[str, str, str], path: Path, line: int) -> None:
    """A control character (a NUL, an escape) in a term is in no paragraph or translation: the term was flagged
    as missing from every paragraph that holds its source, and a note carried it into the catalogs. A line break
    or tab in a quoted cell is white space, as a spreadsheet writes it."""
    for column, cell in zip(COLUMNS, cells, strict=True):
        control = next((char for char in cell if unicodedata.category(char) == "Cc" and char not in "\t\n\r"), None)
        if control is not None:
            shown = control.encode("unicode_escape").decode("ascii")
            raise _row_error(f"the {column} holds the control character {shown}: remove it", path, line)


# Separators a glossary's header may use besides the comma: a spreadsheet in a locale whose decimal mark is the
# comma saves CSV with semicolons, and term bases export tab-separated text.
_OTHER_SEPARATORS = ("\t", ";")
_SEPARATOR_NAMES = {",": "comma", "\t": "tab", ";": "semicolon"}


def _separator(text: str) -> str:
    """The field separator of the file's header row: the one that splits it into source and target."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    for separator in _OTHER_SEPARATORS:
        if [name.strip().lower() for name in header.split(separator)][:2] == list(COLUMNS[:2]):
            return separator
    return ","


# What the csv module says of a file that ends inside a quoted field.
_END_IN_QUOTES = "unexpected end of data"


def parse_glossary(text: str, path: Path) -> Glossary:
    """The glossary in `text` (the file's content); any fault is one ConfigError naming the file and row."""
    separator = _separator(text)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    terms: dict[str, GlossaryTerm] = {}
    read_through = 0  # the last line of the last row read whole
    try:
        header = None
        for row in rows:
            line = read_through = rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = _header(row, path)
                continue
            if len(row) > len(header):
                within = _SEPARATOR_NAMES[separator]
                message = f"{len(row)} fields, the header has {len(header)} (put a field with a {within} in quotes)"
                raise _row_error(message, path, line)
            source, target, note = ([cell.strip() for cell in row] + ["", ""])[:3]
            _check_controls((source, target, note), path, line)
            if not source or not target:
                raise _row_error("a term needs both a source and a target", path, line)
            key = _source_key(source)
            earlier = terms.get(key)
            if earlier is not None and earlier.target != target:
                raise _row_error(
                    f"{source!r} is already in the glossary (line {earlier.line}) as {earlier.target!r}", path, line
                )
            terms.setdefault(key, GlossaryTerm(source, target, note, line))
    except csv.Error as error:
        start = read_through + 1
        if rows.line_num > start or str(error) == _END_IN_QUOTES:
            # A quote left open reads every line after it into one field, until the field limit or the file's end:
            # the fault is where the row began, not thousands of lines further down. In the last row, it was the
            # csv module's own words alone: "unexpected end of data".
            where = f"still open on line {rows.line_num}" if rows.line_num > start else "never closed"
            message = f"a quote opened in this row is {where} ({error})"
            raise _row_error(message, path, start) from None
        raise _row_error(str(error), path, rows.line_num) from None
    if header is None:
        raise _row_error(f"empty: the first row must be the header {','.join(COLUMNS)}", path, 1)
    return Glossary(tuple(terms.values()))


def load_glossary(project_dir: Path) -> Glossary:
    """The project's glossary.csv; an empty glossary when there is none."""
    path = project_dir / GLOSSARY_FILE
    try:
        data = read_regular_file(path, MAX_SETTINGS_BYTES)
    except FileNotFoundError:
        return NO_GLOSSARY
    except OSError as error:
        raise ConfigError(f"glossary: cannot read: {cause(error)}", path) from None
    if (instead := checked_out_as(data, path)) is not None:
        raise ConfigError(f"glossary: {instead}", path)
    # Asked before decoding: UTF-16 of ASCII text without a byte order mark decodes as UTF-8, NULs and all.
    if said := saved_wide(data, "the glossary is read as UTF-8"):
        raise _row_error(said, path, 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise _row_error("not UTF-8: save the file as UTF-8", path, line) from None
    if conflict := conflict_in_text(text):  # no term starts with a marker; as a row, it lacked a target
        raise _row_error(unresolved_conflict(conflict[1]), path, conflict[0])
    return parse_glossary(text, path)


# A term is looked for in every paragraph that holds its first word (_TermIndex): a paragraph's words (and each
# term's) are normalized and stemmed once, not once a term. A term base of 8,000 rows took 63 s to check five
# articles (each paragraph stemmed again for every term); 50,000 rows, minutes.
_TEXTS_KEPT = 4096
# Every term is looked for in one paragraph after the other: a cache smaller than the glossary would keep none.
_TERMS_KEPT = 1 << 17


@functools.lru_cache(maxsize=_TEXTS_KEPT)
def _source_key(text: str) -> str:
    return " ".join(normalize_arabic(unicodedata.normalize("NFKC", text)).casefold().split())


def _term_forms(word: str) -> set[str]:
    """A glossary word as its stem may appear: with and without its own article."""
    forms = {word}
    if word.startswith(ARABIC_ARTICLE) and len(word) > len(ARABIC_ARTICLE) + 1:
        forms.add(word[len(ARABIC_ARTICLE) :])
    return forms


@functools.lru_cache(maxsize=_TERMS_KEPT)
def _arabic_term(term: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(_term_forms(word)) for word in _WORD.findall(_source_key(term)))


@functools.lru_cache(maxsize=_TEXTS_KEPT)
def _arabic_text(text: str) -> tuple[tuple[frozenset[str], ...], frozenset[str]]:
    """Each word's stems, and every stem of the text (to pass over a term none of whose forms is there)."""
    words = tuple(frozenset(arabic_stems(word)) for word in _WORD.findall(_source_key(text)))
    return words, frozenset().union(*words)


def _in_arabic(term: str, text: str) -> bool:
    term_words = _arabic_term(term)
    words, every_stem = _arabic_text(text)
    if not term_words or any(forms.isdisjoint(every_stem) for forms in term_words):
        return False
    return any(
        all(forms & words[start + index] for index, forms in enumerate(term_words))
        for start in range(len(words) - len(term_words) + 1)
    )


@functools.lru_cache(maxsize=_TERMS_KEPT)
def _words_pattern(term: str) -> re.Pattern[str] | None:
    words = _source_key(term).split()
    if not words:
        return None
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(word) for word in words) + r"(?!\w)")


def _in_words(term: str, text: str) -> bool:
    """The term as whole words, any case and spacing ("Putin's" holds "Putin"; "Putinism" does not)."""
    pattern = _words_pattern(term)
    return pattern is not None and pattern.search(_source_key(text)) is not None


def source_has(term: str, text: str, source_language: str) -> bool:
    script = language_script(source_language)
    if script == "arabic":
        return _in_arabic(term, text)
    if script == "han":  # no spaces between words: a term is any run of its characters
        return _source_key(term) in _source_key(text)
    return _in_words(term, text)


def _index_keys(term: str, script: str | None) -> frozenset[str] | None:
    """The keys a text must hold one of for `term` to be in it (`source_has`): the forms of its first word in
    Arabic, its first character in Han, else its first run of word characters, which the term's pattern
    bounds on both sides. Empty: the term is in no text; None: no key tells (looked for in every text)."""
    if script == "arabic":
        words = _arabic_term(term)
        return words[0] if words else frozenset()
    key = _source_key(term)
    if script == "han":
        return frozenset(key[:1]) or None
    if not key.split():
        return frozenset()
    first = _WORD.search(key)
    return frozenset([first.group()]) if first else None


def _text_keys(text: str, script: str | None) -> frozenset[str] | set[str]:
    """The keys of `_index_keys` that `text` holds."""
    if script == "arabic":
        return _arabic_text(text)[1]
    key = _source_key(text)
    return set(key) if script == "han" else set(_WORD.findall(key))


@dataclass(frozen=True)
class _TermIndex:
    """A glossary's terms (by their place in it) under the keys a text must hold for each to be in it. A term base
    of 200,000 rows took 80 s to check the five seed articles, every paragraph being compared with every term
    (a thousand articles: hours): now each only with the terms that start with one of its words."""

    by_key: dict[str, list[int]]
    everywhere: tuple[int, ...]  # the terms no key tells: compared with every text

    @classmethod
    def of(cls, terms: tuple[GlossaryTerm, ...], script: str | None) -> _TermIndex:
        by_key: dict[str, list[int]] = {}
        everywhere = []
        for place, term in enumerate(terms):
            keys = _index_keys(term.source, script)
            if keys is None:
                everywhere.append(place)
            for key in keys or ():
                by_key.setdefault(key, []).append(place)
        return cls(by_key, tuple(everywhere))

    def places(self, text: str, script: str | None) -> list[int]:
        """The places of the terms `text` may hold, in glossary order."""
        found = set(self.everywhere)
        for key in _text_keys(text, script):
            found.update(self.by_key.get(key, ()))
        return sorted(found)


def terms_in(glossary: Glossary, source: str, source_language: str) -> list[GlossaryTerm]:
    """The glossary's terms that the source text uses, in glossary order."""
    script = language_script(source_language)
    terms = (glossary.terms[place] for place in glossary.index(script).places(source, script))
    return [term for term in terms if source_has(term.source, source, source_language)]


def target_has(term: GlossaryTerm, target: str) -> bool:
    return _in_words(term.target, target)


def glossary_notes(terms: list[GlossaryTerm]) -> list[str]:
    """The `#.` lines that show an entry's glossary terms to the translator."""
    return [f"{GLOSSARY_NOTE}{' '.join(str(term).split())}" for term in terms]


def annotate(catalog: polib.POFile, glossary: Glossary, source_language: str) -> None:
    """Note on every active entry the glossary terms its source uses (in place); notes of terms no longer
    used or no longer in the glossary go."""
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        notes = [line for line in note_lines(entry) if not line.startswith(GLOSSARY_NOTE)]
        set_notes(entry, notes + glossary_notes(terms_in(glossary, entry.msgid, source_language)))
