"""The cleaner's thresholds and word lists: settings.toml, then the project's [clean] overrides."""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from toolkit.clean.html_settings import (
    MAX_WHOLE_NUMBER,
    HtmlSettings,
    check_share,
    html_settings_from_table,
    is_whole_number,
    is_words,
)
from toolkit.errors import ConfigError, FileSystemError, shown_value
from toolkit.scripts import language_tag, primary_language
from toolkit.store.files import read_file

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

SETTINGS_FILE = Path(__file__).with_name("settings.toml")


@dataclass(frozen=True)
class LineThresholds:
    furniture_max_words: int
    anchor_min_words: int
    anchor_long_words: int
    run_max_gap: int
    run_weight_power: float
    list_anchor_weight: float
    run_join_share: float
    repeated_opening_words: int
    repeated_label_count: int
    extend_min_words: int
    title_window: int
    title_min_words: int
    title_max_words: int
    title_body_paragraphs: int
    title_distance_penalty: float
    title_date_bonus: float
    title_date_reach: int
    heading_max_words: int
    dek_min_words: int
    dek_body_share: float
    caption_max_words: int
    byline_max_words: int
    attribution_max_words: int
    attribution_window: int
    disclaimer_max_words: int
    bio_max_words: int
    source_name_max_words: int
    date_line_max_words: int
    lead_prefix_words: int
    lead_similar_share: float
    lead_search_paragraphs: int
    restated_dek_share: float
    near_duplicate_min_words: int
    pull_quote_min_words: int
    pull_quote_max_words: int
    pull_quote_share: float
    pull_quote_reach: int
    near_duplicate_extra_words: int
    min_source_script_share: float
    prose_max_word_letters: int
    not_prose_min_chars: int
    not_prose_max_distinct_words: int
    byline_outlet_max_words: int
    dateline_agency_max_words: int
    place_max_words: int
    placed_name_max_words: int
    kicker_stem_letters: int
    verb_min_letters: int
    common_noun_zipf: float
    family_name_zipf: float
    cjk_chars_per_word: int
    cjk_char_letters: float
    wrap_max_columns: int
    wrap_min_columns: int
    wrap_min_breaks: int
    wrap_min_share: float
    wrap_fill: float
    wrap_open_fill: float


@dataclass(frozen=True)
class StemWords:
    prefixes: tuple[str, ...]
    min_stem_letters: int
    min_word_letters: int
    suffixes: tuple[str, ...]


@dataclass(frozen=True)
class LanguageCheck:
    persian_urdu_letters: str
    urdu_only_letters: str
    arabic_project: str
    max_persian_urdu_share: float


@dataclass(frozen=True)
class CorpusThresholds:
    min_articles: int
    min_share: float
    max_words: int


@dataclass(frozen=True)
class Vocabulary:
    share: tuple[str, ...]
    comment_section: tuple[str, ...]
    comment: tuple[str, ...]
    advertisement: tuple[str, ...]
    newsletter: tuple[str, ...]
    donation: tuple[str, ...]
    related: tuple[str, ...]
    photo_credit: tuple[str, ...]
    photo_credit_label: tuple[str, ...]
    photo_signature: tuple[str, ...]
    copyright: tuple[str, ...]
    disclaimer: tuple[str, ...]
    agency: tuple[str, ...]
    source_prefix: tuple[str, ...]
    name_particles: tuple[str, ...]
    writer_roles: tuple[str, ...]
    given_names: tuple[str, ...]
    compound_name_ends: tuple[str, ...]
    common_family_names: tuple[str, ...]
    kicker_glued_prefixes: tuple[str, ...]
    kicker_endings: tuple[str, ...]
    kicker_noun_patterns: tuple[str, ...]
    family_name_patterns: tuple[str, ...]
    plural_patterns: tuple[str, ...]
    verb_prefixes: tuple[str, ...]
    byline_roles: tuple[str, ...]
    name_articles: tuple[str, ...]
    clause_words: tuple[str, ...]
    not_in_names: tuple[str, ...]
    editor_credit: tuple[str, ...]
    credit_after_body: tuple[str, ...]
    date_label: tuple[str, ...]
    site_chrome: tuple[str, ...]
    chrome_labels: tuple[str, ...]
    wire_marker: tuple[str, ...]
    picture_counter: tuple[str, ...]
    counter_of: tuple[str, ...]


@dataclass(frozen=True)
class DateWords:
    min_year: int
    max_year: int
    weekdays: tuple[str, ...]
    prepositions: tuple[str, ...]
    hijri_months: tuple[str, ...]
    date_marks: tuple[str, ...]
    months: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class TitleWords:
    suffix_separators: tuple[str, ...]
    site_words: tuple[str, ...]
    site_name_max_words: int
    byline_site_name_max_words: int
    min_site_name_chars: int


@dataclass(frozen=True)
class CleanSettings:
    lines: LineThresholds
    stems: StemWords
    language: LanguageCheck
    corpus: CorpusThresholds
    words: Vocabulary
    dates: DateWords
    title: TitleWords
    html: HtmlSettings
    bylines: tuple[tuple[str, tuple[str, ...]], ...]  # (language, its byline words)
    # The languages whose byline words the project's toolkit.toml sets ([clean.bylines]): looked for whatever
    # the source language, as the project asked.
    project_byline_languages: tuple[str, ...] = ()
    # The languages whose byline words are looked for (`for_language`); None: every language's.
    byline_languages: tuple[str, ...] | None = None

    @cached_property
    def byline_words(self) -> tuple[str, ...]:
        """The byline words of `byline_languages`, each once."""
        chosen = self.byline_languages
        return tuple(
            dict.fromkeys(
                word for language, words in self.bylines if chosen is None or language in chosen for word in words
            )
        )

    def for_language(self, source_language: str) -> CleanSettings:
        """These settings as a project in `source_language` cleans with them: the byline words of its language,
        of English (a site in any language may print "By ..."), and of the languages the project adds. Another
        language's words in every project made ordinary lines bylines: Dutch "door" took "Door Knocking
        Campaign Begins" out of an English article."""
        language = primary_language(language_tag(source_language))  # Argos's "zt" is Chinese, "pb" Portuguese
        wanted = tuple(dict.fromkeys([language, "en", *self.project_byline_languages]))
        if wanted == self.byline_languages:
            return self
        derived = self._by_language.get(wanted)
        if derived is None:
            derived = self._by_language[wanted] = replace(self, byline_languages=wanted)
        return derived

    @cached_property
    def _by_language(self) -> dict[tuple[str, ...], CleanSettings]:
        # Each language's settings made once: their patterns are compiled on first use, not per document.
        return {}

    @cached_property
    def patterns(self):
        from toolkit.clean.patterns import Patterns

        return Patterns.build(self)

    @cached_property
    def metadata_finders(self):
        """What reads an HTML page's head and bylines, compiled from these settings once."""
        from toolkit.clean.html_metadata import MetadataFinders

        return MetadataFinders.build(self)


# Settings a count is divided by, so 0 has no meaning; and lower and upper bounds of one range.
_DIVISORS = ("cjk_chars_per_word",)
_BOUNDS = (("title_min_words", "title_max_words"), ("min_year", "max_year"))
# Numbers with a ceiling of their own. A run's weight is words ** run_weight_power: past 10, a paragraph of the
# longest article read (8 MB, about four million words) weighs more than a float holds.
_CEILINGS = {"run_weight_power": 10.0}


def _typed(cls: type, table: Any, where: str) -> Any:
    if not isinstance(table, dict):
        raise ConfigError(f"[{where}] must be a table")
    names = {field.name: field.type for field in fields(cls)}
    unknown = sorted(set(table) - set(names))
    missing = sorted(set(names) - set(table))
    if unknown or missing:
        problem = f"unknown {', '.join(unknown)}" if unknown else f"missing {', '.join(missing)}"
        raise ConfigError(f"cleaner settings [{where}]: {problem}")
    values = {}
    for name, kind in names.items():
        value = table[name]
        if kind == "int" and not is_whole_number(value):
            raise ConfigError(
                f"cleaner setting {where}.{name} must be a whole number from 0 to {MAX_WHOLE_NUMBER}, not "
                f"{shown_value(value)}"
            )
        if kind == "str" and not is_words(value):
            raise ConfigError(
                f"cleaner setting {where}.{name} must be a string with more than spaces, not {shown_value(value)}"
            )
        if kind == "float" and (
            isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < math.inf
        ):
            # TOML writes inf and nan; no threshold or weight of the cleaner's is negative or endless.
            raise ConfigError(f"cleaner setting {where}.{name} must be a number >= 0, not {shown_value(value)}")
        if kind.startswith("tuple[str"):
            if not isinstance(value, list) or not all(is_words(item) for item in value):
                raise ConfigError(
                    f"cleaner setting {where}.{name} must be a list of words, none empty or only spaces, not "
                    f"{shown_value(value)}"
                )
            value = tuple(value)
        if kind == "float":
            check_share(where, name, value)
        if name in _CEILINGS and value > _CEILINGS[name]:
            ceiling = _CEILINGS[name]
            raise ConfigError(
                f"cleaner setting {where}.{name} must be a number from 0 to {ceiling:g}, not {shown_value(value)}"
            )
        if name in _DIVISORS and value < 1:
            raise ConfigError(f"cleaner setting {where}.{name} must be a whole number >= 1, not {shown_value(value)}")
        values[name] = float(value) if kind == "float" else value
    for low, high in _BOUNDS:
        if low in values and values[low] > values[high]:
            raise ConfigError(
                f"cleaner settings {where}.{low} ({shown_value(values[low])}) is above {where}.{high} "
                f"({shown_value(values[high])}): "
                "nothing can fall between them"
            )
    return cls(**values)


def _month_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 12


def _month_name(name: str) -> bool:
    return any(char.isalpha() for char in name)


def _language_code(code: str) -> bool:
    return code.isascii() and code.isalpha() and 2 <= len(code) <= 3 and code == code.lower()


def _language_name(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _word_list(value: object) -> bool:
    return isinstance(value, list) and all(is_words(item) for item in value)


# Tables whose keys are data, not setting names: a project adds entries to them (a month's spelling, a language's
# name) as well as changing the packaged ones. Each entry's key and value are checked, and a wrong one is named
# by its path in toolkit.toml.
_OPEN_TABLES: dict[str, tuple[Callable[[str], bool], str, Callable[[object], bool], str]] = {
    "clean.dates.months": (_month_name, "a month name (with a letter)", _month_number, "a month number 1-12"),
    "clean.html.language_names": (
        _language_code,
        "a language code of two or three lower-case letters",
        _language_name,
        "the language's name",
    ),
    "clean.bylines": (
        _language_code,
        "a language code of two or three lower-case letters",
        _word_list,
        "a list of words, none empty or only spaces",
    ),
}


def _open_table(base: dict, overrides: dict, where: str) -> dict:
    good_key, key_is, good_value, value_is = _OPEN_TABLES[where]
    for key, value in overrides.items():
        if not good_key(key):
            raise ConfigError(f"cleaner setting [{where}] {shown_value(key)}: the key must be {key_is}")
        if not good_value(value):
            raise ConfigError(
                f"cleaner setting [{where}] {shown_value(key)} must be {value_is}, not {shown_value(value)}"
            )
    return {**base, **overrides}


def _merge(base: dict, overrides: Any, where: str = "clean") -> dict:
    if not isinstance(overrides, dict):
        raise ConfigError(f"[{where}] must be a table")
    if where in _OPEN_TABLES:
        return _open_table(base, overrides, where)
    merged = dict(base)
    for key, value in overrides.items():
        if key not in base:
            raise ConfigError(f"unknown cleaner setting [{where}] {key}")
        merged[key] = _merge(base[key], value, f"{where}.{key}") if isinstance(base[key], dict) else value
    return merged


@lru_cache(maxsize=1)
def packaged_defaults() -> dict:
    """settings.toml as shipped with the package: every table, [html] included."""
    try:
        return tomllib.loads(read_file(SETTINGS_FILE).decode("utf-8"))
    except FileSystemError as error:
        raise ConfigError(
            f"the cleaner's packaged settings: {error.message} (reinstall the toolkit)", SETTINGS_FILE
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"the cleaner's packaged settings are not valid TOML: {error}", SETTINGS_FILE) from None


def settings_from_table(data: dict, project_byline_languages: tuple[str, ...] = ()) -> CleanSettings:
    dates = dict(data["dates"])
    months = dates.pop("months")
    if not all(isinstance(number, int) and 1 <= number <= 12 for number in months.values()):
        raise ConfigError("cleaner setting dates.months must map month names to 1-12")
    return CleanSettings(
        lines=_typed(LineThresholds, data["lines"], "lines"),
        stems=_typed(StemWords, data["stems"], "stems"),
        language=_typed(LanguageCheck, data["language"], "language"),
        corpus=_typed(CorpusThresholds, data["corpus"], "corpus"),
        words=_typed(Vocabulary, data["words"], "words"),
        dates=_typed(DateWords, {**dates, "months": tuple(months.items())}, "dates"),
        title=_typed(TitleWords, data["title"], "title"),
        html=html_settings_from_table(data["html"]),
        bylines=_bylines(data["bylines"]),
        project_byline_languages=project_byline_languages,
    )


def _bylines(table: object) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(table, dict):
        raise ConfigError("[clean.bylines] must be a table")
    for language, words in table.items():
        if not _word_list(words):
            raise ConfigError(
                f"cleaner setting [clean.bylines] {shown_value(language)} must be a list of words, not "
                f"{shown_value(words)}"
            )
    return tuple((language, tuple(words)) for language, words in table.items())


@lru_cache(maxsize=1)
def default_settings() -> CleanSettings:
    return settings_from_table(packaged_defaults())


_settings_by_overrides: dict[object, CleanSettings] = {}


def _hashable(value: object) -> object:
    if isinstance(value, dict):
        return tuple(sorted((key, _hashable(item)) for key, item in value.items()))
    if isinstance(value, list):
        return tuple(_hashable(item) for item in value)
    return value


def load_settings(overrides: dict | None = None, source: Path | None = None) -> CleanSettings:
    """The packaged settings, with a project's `[clean]` table from toolkit.toml laid over them.

    `source` is the toolkit.toml the overrides come from: a wrong value there is reported against it.
    """
    if not overrides:
        return default_settings()
    try:
        # Every document asks for the settings: build them once per distinct [clean] table.
        key = _hashable(overrides)
        if key not in _settings_by_overrides:
            added = overrides.get("bylines")
            languages = tuple(added) if isinstance(added, dict) else ()
            _settings_by_overrides[key] = settings_from_table(_merge(packaged_defaults(), overrides), languages)
        return _settings_by_overrides[key]
    except ConfigError as error:
        if error.path is not None or source is None:
            raise
        raise ConfigError(error.message, source) from None
