"""The HTML reader's thresholds and word lists: the [html] table of the cleaner's settings.toml, which a
project overrides under [clean.html] like every other table (CleanSettings.html carries the result).

The reasons for each value are beside it in settings.toml. Month names, the year range and the title
separators are the cleaner's own ([dates], [title]), and so are the Persian and Urdu letters ([language]): one
list for raw text and HTML.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from toolkit.errors import ConfigError, shown_value

FOCUSES = ("precision", "balanced", "recall")
# The largest whole number a cleaner setting takes: nothing any of them counts (words, letters, blocks, years)
# reaches a billion on a page, and Python's regular expressions, which some are built into
# (lines.prose_max_word_letters, stems.min_stem_letters), take no repetition count past 4,294,967,294: a
# larger one was an internal error of every command that cleans.
MAX_WHOLE_NUMBER = 1_000_000_000


@dataclass(frozen=True)
class HtmlSettings:
    extraction_focus: str
    include_tables: bool
    non_content_tags: tuple[str, ...]
    lead_probe_chars: int
    min_lead_description_chars: int
    max_lead_chars: int
    lead_needle_words: int
    lead_lookup_matches: int
    lead_container_tags: tuple[str, ...]
    embed_box_tokens: tuple[str, ...]
    caption_box_tokens: tuple[str, ...]
    max_caption_chars: int
    caption_box_depth: int
    short_block_chars: int
    lookup_chars: int
    lookup_matches: int
    max_lookups: int
    dateline_lookahead_blocks: int
    dek_lookahead_blocks: int
    dek_box_tokens: tuple[str, ...]
    article_types: tuple[str, ...]
    date_meta_keys: tuple[str, ...]
    headline_min_shared: float
    date_box_tokens: tuple[str, ...]
    updated_date_words: tuple[str, ...]
    date_text_lookahead: int
    date_text_lookbehind: int
    max_date_box_chars: int
    author_meta_keys: tuple[str, ...]
    byline_box_tokens: tuple[str, ...]
    not_byline_box_tokens: tuple[str, ...]
    byline_name_tokens: tuple[str, ...]
    max_byline_box_children: int
    max_byline_chars: int
    not_byline_words: tuple[str, ...]
    min_script_share: float
    language_sample_chars: int
    arabic_script_languages: tuple[str, ...]
    han_script_languages: tuple[str, ...]
    language_names: dict[str, str]


_KIND_WORDS = {
    "bool": "true or false",
    "int": f"a whole number from 0 to {MAX_WHOLE_NUMBER}",
    "float": "a number >= 0",
    "str": "a string with more than spaces",
    "tuple[str, ...]": "a list of words, none empty or only spaces",
    "dict[str, str]": "a table of strings",
}


def _value(name: str, kind: str, value: object) -> object:
    """The value as its field's type, or a ConfigError naming the setting."""
    ok = {
        "bool": isinstance(value, bool),
        "int": is_whole_number(value),
        "float": isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < math.inf,
        "str": is_words(value),
        "tuple[str, ...]": isinstance(value, list) and all(is_words(item) for item in value),
        "dict[str, str]": isinstance(value, dict) and all(isinstance(item, str) for item in value.values()),
    }[kind]
    if not ok:
        raise ConfigError(f"cleaner setting html.{name} must be {_KIND_WORDS[kind]}, not {shown_value(value)}")
    return tuple(value) if kind.startswith("tuple") else float(value) if kind == "float" else value


def is_whole_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_WHOLE_NUMBER


def is_words(value: object) -> bool:
    """A string with something besides white space in it: an empty word, or one of spaces, matches every
    line (a share label, a byline box) or, as a set of letters, makes no pattern at all."""
    return isinstance(value, str) and bool(value.strip())


def check_share(where: str, name: str, value: float) -> None:
    """A setting named a share is a part of a whole: above 1 nothing can ever reach it."""
    if name.endswith("_share") and value > 1:
        raise ConfigError(
            f"cleaner setting {where}.{name} is a share of a whole: a number from 0 to 1, not {shown_value(value)}"
        )


def html_settings_from_table(table: object) -> HtmlSettings:
    """The [html] table checked and typed; a wrong value is a ConfigError naming it (and, through
    load_settings, the toolkit.toml it came from)."""
    if not isinstance(table, dict):
        raise ConfigError("[clean.html] must be a table")
    names = {field.name: field.type for field in fields(HtmlSettings)}
    unknown, missing = sorted(set(table) - set(names)), sorted(set(names) - set(table))
    if unknown or missing:
        problem = f"unknown {', '.join(unknown)}" if unknown else f"missing {', '.join(missing)}"
        raise ConfigError(f"cleaner settings [html]: {problem}")
    settings = HtmlSettings(**{name: _value(name, kind, table[name]) for name, kind in names.items()})
    check_share("html", "min_script_share", settings.min_script_share)
    if settings.extraction_focus not in FOCUSES:
        raise ConfigError(f"cleaner setting html.extraction_focus must be one of {', '.join(FOCUSES)}")
    return settings
