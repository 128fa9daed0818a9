"""Project configuration: defaults, then the project's `toolkit.toml`, then command-line values."""

from __future__ import annotations

import difflib
import ipaddress
import re
import stat
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit, urlunsplit

from toolkit.clean.decode import saved_wide
from toolkit.conflicts import conflict_in_text, unresolved_conflict
from toolkit.errors import ConfigError, FileSystemError, shown_path, shown_value
from toolkit.git_checkouts import checked_out_as, with_one_cr, without_dos_end_of_file
from toolkit.scripts import (
    ARGOS_LANGUAGE_TAGS,
    BIDI_CONTROLS,
    FORBIDDEN_IN_HTML,
    LANGUAGE_SCRIPTS,
    current_language,
    language_name,
    language_tag,
)
from toolkit.store.disk import cause
from toolkit.store.files import file_mode, is_folder, kind_of, read_regular_file, real_path
from toolkit.store.project import check_layout

if TYPE_CHECKING:
    from babel import Locale

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

CONFIG_FILE = "toolkit.toml"
NESTED_TOO_DEEPLY = "arrays or tables nested too deeply to read; no setting nests"
# About 1 kB of HTML an article: a page of the list beyond this is a megabyte, and the point of pages is lost.
MAX_ARTICLES_PER_PAGE = 1_000
# toolkit.toml and glossary.csv are read whole: a few kilobytes, a large glossary a few megabytes (50,000 rows:
# 2 MB); more is a file saved under the wrong name, and a sparse 2 GB one was read into memory whole.
MAX_SETTINGS_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Config:
    project_dir: Path
    source_language: str = "ar"
    target_language: str = "en"
    model_file: Path | None = None
    beam_size: int = 4
    # Machine drafts whose confidence (0-1, toolkit/translate/confidence.py) is below this are marked on the site.
    low_confidence: float = 0.5
    site_title: str = "Bilingual news"
    site_description: str = ""
    site_base_url: str = ""  # absolute URL the site is served from; feed and sitemap need one
    # Articles on each page of the article list: about 100 kB of HTML, quick to load on a phone.
    site_articles_per_page: int = 100
    # Interface language -> CLDR locale of its dates, e.g. {"ar": "ar_SY"} for the Levantine month names.
    site_date_locales: dict = field(default_factory=dict)
    # Articles to a search bundle (toolkit/site/search.py); None: the toolkit's own size, 64.
    site_search_bundle_articles: int | None = None
    # A Ray address (host:port, ray://host:port, auto) or "local": where `translate` and `publish` draft.
    cluster_address: str | None = None
    extra: dict = field(default_factory=dict)  # other tables of toolkit.toml, for the stage that owns them

    @property
    def source_dir(self) -> Path:
        return self.project_dir / "source"

    @property
    def translations_dir(self) -> Path:
        return self.project_dir / "translations"

    @property
    def site_dir(self) -> Path:
        return self.project_dir / "site"

    def source_file(self, source: str) -> Path:
        """The file an article's `source` names (as its catalog records it: relative to the project folder), as
        a message names it: by its absolute path, as every file of the project is named (toolkit/errors.py)."""
        return self.project_dir / source

    @property
    def state_dir(self) -> Path:
        """Private working state (lock file, build manifest); never published, git-ignored."""
        return self.project_dir / ".toolkit"


def _read_toml(path: Path) -> dict:
    """The file's tables; a byte-order mark (Notepad writes one) is allowed, any other non-UTF-8 is named."""
    try:
        data = read_regular_file(path, MAX_SETTINGS_BYTES)
    except OSError as error:
        raise ConfigError(f"cannot read: {cause(error)}", path) from None
    if (instead := checked_out_as(data, path)) is not None:
        raise ConfigError(instead, path)
    # Asked before decoding: UTF-16 of ASCII text without a byte order mark decodes as UTF-8, NULs and all.
    if said := saved_wide(data, "TOML files are UTF-8 by the format's own rule"):
        raise ConfigError(said, path, 1)
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ConfigError("not UTF-8 text; save it as UTF-8", path, line) from None
    # A classic Mac editor's lines, each ended by a CR alone, which TOML takes for no line end.
    text = with_one_cr(text) if "\n" in text else text.replace("\r", "\n")
    text = without_dos_end_of_file(text)  # TOML takes no control character; toolkit.toml is never written back
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        if conflict := conflict_in_text(text):  # TOML's own words put it at the marker, not at what it is
            raise ConfigError(unresolved_conflict(conflict[1]), path, conflict[0]) from None
        line = getattr(error, "lineno", None)
        raise ConfigError(f"not valid TOML: {error}{_unseen_character_note(text, str(error))}", path, line) from None
    except RecursionError:  # valid TOML, but arrays or tables nested thousands deep: no setting is shaped so
        raise ConfigError(NESTED_TOO_DEEPLY, path) from None


_TOML_ERROR_PLACE = re.compile(r"\(at line (\d+), column (\d+)\)")


def _unseen_character_note(text: str, error: str) -> str:
    """What the character is where TOML stopped, when it is one an editor shows as another or not at all: a
    no-break space or a zero-width one copied from a web page, a second byte-order mark, typographic quotes or
    full-width brackets. The line looked right, and "Invalid statement (at line 3, column 1)" did not say why."""
    place = _TOML_ERROR_PLACE.search(error)
    if place is None:
        return ""
    line, column = int(place[1]), int(place[2])
    lines = text.split("\n")
    if line > len(lines) or column > len(lines[line - 1]):
        return ""
    char = lines[line - 1][column - 1]
    if char.isascii():
        return ""
    said = f"; the character there is U+{ord(char):04X} {unicodedata.name(char, 'with no name')}"
    meant = unicodedata.normalize("NFKC", char)
    if unicodedata.category(char) == "Cf":
        return f"{said}, which shows as nothing: delete it"
    if char in "\u201c\u201d\u201e\u201f\u2033":
        meant = '"'
    elif char in "\u2018\u2019\u201a\u201b\u2032":
        meant = "'"
    if len(meant) == 1 and meant.isascii() and meant.isprintable():
        return f"{said}: type {shown_value(meant)} in its place"
    return said


# The tables of toolkit.toml: [site] and [translate] map onto Config fields; [clean] is the cleaner's own
# settings (toolkit/clean/settings.toml), checked by the cleaner and kept in `extra`.
_FIELD_TABLES = {
    "site": ("title", "description", "base_url", "articles_per_page", "date_locales", "search_bundle_articles"),
    "translate": ("beam_size", "low_confidence"),
    "cluster": ("address",),
}
# The Config field of a table's key is the key prefixed with its table's name, except for [translate].
_FIELD_PREFIXES = {"site": "site_", "cluster": "cluster_"}
_STAGE_TABLES = ("clean",)
_TOP_LEVEL_KEYS = ("source_language", "target_language", "model_file", "beam_size")


def _unknown_setting(key: str, table: str | None, is_table: bool) -> str:
    """An unknown setting as the error names it, with the known one it most likely is: a misspelling
    ("site.tittle"), or a setting of another table or of none, since every line after a [table] heading belongs to
    that table ("source_language" added at the end of the file lands in [site])."""
    if is_table:
        tables = [f"[{name}]" for name in (*_FIELD_TABLES, *_STAGE_TABLES)]
        close = difflib.get_close_matches(f"[{key}]", tables, n=1, cutoff=0.75)
        return f"[{key}]" + (f" (did you mean {close[0]}?)" if close else "")
    shown = f"{table}.{key}" if table else key
    # Each known name to the setting it is, the same table's first when two tables have it (beam_size).
    places = [table] if table else []
    places += [None, *(name for name in _FIELD_TABLES if name != table)]
    known: dict[str, str | None] = {}
    for place in places:
        for name in _FIELD_TABLES.get(place, ()) if place else _TOP_LEVEL_KEYS:
            known.setdefault(name, place)
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
    if not close:
        return shown
    place = known[close[0]]
    if place is None:
        where = f" It goes above the first [table]: every line after [{table}] belongs to it." if table else ""
        return f"{shown} (did you mean {close[0]}?{where})"
    where = f" It goes under [{place}]." if place != table else ""
    return f"{shown} (did you mean {place}.{close[0]}?{where})"


def _flatten(data: dict, path: Path) -> dict:
    """Map the file's layout onto Config fields; a misspelt key or table is an error, not silently ignored."""
    values: dict = {}
    extra: dict = {}
    unknown: list[str] = []
    for key, value in data.items():
        if key in _FIELD_TABLES:
            if not isinstance(value, dict):
                raise ConfigError(f"[{key}] must be a table", path)
            for table_key, table_value in value.items():
                if table_key not in _FIELD_TABLES[key]:
                    unknown.append(_unknown_setting(table_key, key, False))
                values[f"{_FIELD_PREFIXES.get(key, '')}{table_key}"] = table_value
        elif key in _STAGE_TABLES:
            if not isinstance(value, dict):
                raise ConfigError(f"[{key}] must be a table", path)
            extra[key] = value
        elif key in _TOP_LEVEL_KEYS:
            values[key] = value
        else:
            unknown.append(_unknown_setting(key, None, isinstance(value, dict)))
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(unknown)}", path)
    values["extra"] = extra
    return values


def _check(config: Config, path: Path) -> Config:
    for name in ("source_language", "target_language"):
        value = getattr(config, name)
        if not isinstance(value, str) or not value.isascii() or not value.isalpha() or not 2 <= len(value) <= 3:
            raise ConfigError(f"{name} must be a language code such as 'ar' or 'en', not {shown_value(value)}", path)
        if not value.islower():
            # CLDR reads a code in any case, but the site's interfaces, their UI catalogs and Argos's package
            # names are lower case: "EN" published a site without its English interface.
            raise ConfigError(
                f"{name} must be a language code in lower case such as 'ar' or 'en': {shown_value(value.lower())}, "
                f"not {shown_value(value)}",
                path,
            )
        _check_current_code(name, value, path)
    if not known_language(config.target_language):
        # The site names the language in every page's markup, its feed and its footer, from CLDR. A project's
        # source_language is one of the cleaner's (LANGUAGE_SCRIPTS), each known; translate-text's --from
        # names a package, which says when there is none.
        raise ConfigError(
            f"target_language {shown_value(config.target_language)} is not a language CLDR knows; give its ISO 639 "
            f"code such as 'en' or 'fr' (or Argos Translate's own {', '.join(map(repr, ARGOS_LANGUAGE_TAGS))})",
            path,
        )
    if config.source_language == config.target_language:
        raise ConfigError(
            f"source_language and target_language are both {shown_value(config.source_language)}: nothing to "
            "translate; set target_language to the translations' language",
            path,
        )
    if isinstance(config.beam_size, bool) or not isinstance(config.beam_size, int) or not 1 <= config.beam_size <= 16:
        raise ConfigError(f"beam_size must be a whole number from 1 to 16, not {shown_value(config.beam_size)}", path)
    threshold = config.low_confidence
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 <= threshold <= 1:
        raise ConfigError(f"translate.low_confidence must be a number from 0 to 1, not {shown_value(threshold)}", path)
    for name in ("site_title", "site_description", "site_base_url"):
        value = getattr(config, name)
        setting = name.replace("_", ".", 1)
        if not isinstance(value, str):
            raise ConfigError(f"{setting} must be a string", path)
        control = next((char for char in value if _is_control(char)), None)
        if control is not None:
            kind = _CONTROL_KINDS.get(unicodedata.category(control), "control character")
            raise ConfigError(f"{setting} holds the {kind} U+{ord(control):04X}; remove it", path)
    if not config.site_title.strip():
        # Every page's heading and tab, and the feed's required title: a blank one publishes a nameless site.
        raise ConfigError("site.title is empty; give the site's name, or remove the line for the default", path)
    if config.site_description and not config.site_description.strip():
        # Every page's meta description and the feed's subtitle: blanks there are a slip, not a description.
        raise ConfigError("site.description is only spaces; give the site's description, or remove the line", path)
    _check_base_url(config.site_base_url, path)
    address = config.cluster_address
    if address is not None:
        try:
            ray_endpoint(address)
        except (ValueError, AttributeError):
            raise ConfigError(
                "cluster.address must be a Ray address (host:port, ray://host:port, auto) or 'local', not "
                f"{shown_value(address)}",
                path,
            ) from None
    per_page = config.site_articles_per_page
    if isinstance(per_page, bool) or not isinstance(per_page, int) or not 1 <= per_page <= MAX_ARTICLES_PER_PAGE:
        raise ConfigError(
            f"site.articles_per_page must be a whole number from 1 to {MAX_ARTICLES_PER_PAGE}, not "
            f"{shown_value(per_page)}",
            path,
        )
    _check_date_locales(config, path)
    bundle = config.site_search_bundle_articles
    if bundle is not None and (isinstance(bundle, bool) or not isinstance(bundle, int) or not 1 <= bundle <= 100_000):
        raise ConfigError(
            f"site.search_bundle_articles must be a whole number from 1 to 100000, not {shown_value(bundle)}", path
        )
    return config


# The cluster addresses that name no endpoint: Ray started on this machine, with its cores, for this run only
# (toolkit/translate/cluster); the cluster Ray finds itself (RAY_ADDRESS, or the one it last started here).
LOCAL_CLUSTER = "local"
AUTO_CLUSTER = "auto"


def ray_endpoint(address: str) -> tuple[str, int] | None:
    """The (host, port) a Ray address names; None for `auto` and `local`, which name no endpoint; ValueError for
    anything else, checked with the other settings so that no command takes it (translate would refuse it)."""
    if address in (LOCAL_CLUSTER, AUTO_CLUSTER):
        return None
    host, separator, port = address.removeprefix("ray://").rpartition(":")
    if not separator or not _is_host(host) or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(
            f"not a Ray address: {shown_value(address)} (expected host:port, ray://host:port, auto or local)"
        )
    return host.strip("[]"), int(port)


# A label of a host name (RFC 1123; the underscore of many internal names too).
_HOST_LABEL = re.compile(r"(?!-)[A-Za-z0-9_-]{1,63}(?<!-)")


def _is_host(host: str) -> bool:
    """Whether `host` can name a machine: an IP address (IPv6 in brackets or bare) or a host name. An escape
    sequence, an unclosed bracket or five numbers with dots were taken, and refused by nothing until a draft
    was wanted (a run with nothing to draft ended 0)."""
    if ":" in host:
        inside = host[1:-1] if host.startswith("[") and host.endswith("]") else host
        try:
            ipaddress.IPv6Address(inside)
        except ValueError:
            return False
        return True
    labels = host.split(".")
    if all(label.isdigit() for label in labels):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return False
        return True
    try:
        labels = host.removesuffix(".").encode("idna").decode("ascii").split(".")
    except UnicodeError:
        return False
    return len(host) <= 253 and all(_HOST_LABEL.fullmatch(label) for label in labels)


@lru_cache(maxsize=8)
def known_language(code: str) -> bool:
    """Whether CLDR (Babel) has the language of a code as settings give it (Argos's "zt" as "zh-Hant")."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(language_tag(code).replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _check_date_locales(config: Config, path: Path) -> None:
    """Each key an interface of the site, each value a CLDR locale of that key's language: a locale for a
    language the site has no interface in, or another language's month names, is a slip, never a choice."""
    date_locales = config.site_date_locales
    if not isinstance(date_locales, dict):
        raise ConfigError('site.date_locales must be a table such as { ar = "ar_SY" }', path)
    if not date_locales:
        return
    from babel import Locale, UnknownLocaleError

    from toolkit.site.interface import site_interfaces

    interfaces = [interface.language for interface in site_interfaces(config.source_language, config.target_language)]
    for language, locale in date_locales.items():
        setting = f"site.date_locales.{language}"
        if language not in interfaces:
            raise ConfigError(
                f"{setting}: the site has no {shown_value(language)} interface; its interfaces are "
                f"{', '.join(interfaces)}",
                path,
            )
        try:
            parsed = Locale.parse(locale)
        except (UnknownLocaleError, ValueError, TypeError):
            parsed = None
        if parsed is None or not _reads_whole(locale, parsed):
            raise ConfigError(f"{setting}: {shown_value(locale)} is not a CLDR locale such as 'ar_SY'", path)
        if parsed.language != language:
            raise ConfigError(
                f"{setting}: {shown_value(locale)} is a locale of {shown_value(parsed.language)}; give one of "
                f"{shown_value(language)}: {shown_value(language)} itself, or with a territory as in 'ar_SY'",
                path,
            )


# What `_is_control` finds, as the error names it, by Unicode category; the rest are control characters.
_CONTROL_KINDS = {"Cn": "noncharacter", "Zl": "line separator", "Zp": "paragraph separator"}


def _reads_whole(identifier: str, locale: Locale) -> bool:
    """Whether Babel read every part of a locale's identifier: it reads a part it does not know as nothing
    ('ar_Syria' is 'ar', whose months are not Syria's), and one it knows by an alias as its current name
    ('en_UK' is en_GB, 'iw_IL' he_IL). A POSIX charset or modifier ('ar_SY.UTF-8') is no part."""
    from babel.core import get_global

    language, *others = re.split(r"[.@]", identifier, maxsplit=1)[0].split("_")
    read = set(str(locale).partition("@")[0].lower().split("_"))
    territories = get_global("territory_aliases")

    def was_read(part: str, aliases: Iterable[str]) -> bool:
        return any(name.lower() in read for name in (part, *aliases))

    return was_read(language, [current_language(language) or language]) and all(
        was_read(part, territories.get(part.upper(), ())) for part in others
    )


def _is_control(char: str) -> bool:
    """Characters a feed (XML 1.0) cannot hold, those HTML forbids in a page (noncharacters: U+FFFE, U+FDD0), the
    bidi controls that reorder what readers see, and the line and paragraph separators (U+2028, U+2029), which end
    a line of a catalog as a newline does: the title heads every catalog."""
    category = unicodedata.category(char)
    return category in ("Cc", "Cs", "Zl", "Zp") or char in BIDI_CONTROLS or bool(FORBIDDEN_IN_HTML.match(char))


# A percent sign that does not begin a percent-encoded octet (RFC 3986 2.1): no URI holds one (base_url here, a
# request target in the site server).
BROKEN_PERCENT_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _check_base_url(base_url: str, path: Path) -> None:
    """An absolute http(s) address, or nothing: it is written into every link of the feed and sitemap."""
    if not base_url:
        return
    try:
        parts = urlsplit(base_url.strip())
        parts.port  # noqa: B018  (read for its check: a port that is no number or past 65535 raises)
    except ValueError:
        # An unclosed `[` of an IPv6 address, or a port no server can listen on: no address at all.
        parts = None
    # Characters an address never holds unencoded (RFC 3986): a quote or an angle bracket is a paste gone wrong.
    if (
        parts is None
        or parts.scheme.lower() not in ("http", "https")
        or not parts.netloc
        or any(char.isspace() or char in '"<>\\^`{|}' for char in base_url)
    ):
        raise ConfigError(
            f"site.base_url must be an absolute http:// or https:// address such as "
            f"'https://example.org/news/', not {shown_value(base_url)}",
            path,
        )
    if parts.username is not None or parts.password is not None:
        # A staging address pasted with its login: every link of the feed and sitemap would show it to readers.
        raise ConfigError(
            f"site.base_url holds a user name or password ({parts.netloc.rpartition('@')[0]}@): it would be "
            "published in every link of the feed and the sitemap; give the address readers use",
            path,
        )
    if BROKEN_PERCENT_ESCAPE.search(base_url):
        raise ConfigError(
            f"site.base_url holds a '%' that begins no escape (RFC 3986: '%' and two hex digits, '%25' for '%' "
            f"itself), so every link made from it would be invalid, not {shown_value(base_url)}",
            path,
        )
    if parts.query or parts.fragment or base_url.strip().endswith(("?", "#")):
        # Every link of the feed and sitemap is this address with a page's path after it.
        raise ConfigError(
            "site.base_url is the address the site's pages are under: no query (?) or fragment (#), not "
            f"{shown_value(base_url)}",
            path,
        )
    try:
        address_as_uri(base_url.strip())
    except UnicodeError:
        raise ConfigError(
            f"site.base_url's host {shown_value(parts.hostname)} has no ASCII form (IDNA: each name between dots "
            "1 to 63 characters once encoded), so no link made from it can be followed; give the address readers "
            "use",
            path,
        ) from None


# What a URI's path may hold as it is (RFC 3986's unreserved and sub-delims, ":", "@", "/"; "%" begins the
# escapes an address already holds).
_PATH_CHARACTERS = "/%!$&'()*+,;=:@-._~"


def address_as_uri(address: str) -> str:
    """An http(s) address as a URI (RFC 3986), as the feed, the sitemap and links to the site are written: a
    host in another script in IDNA's ASCII form, other characters of the path percent-encoded as UTF-8, as the
    pages' own names already are. UnicodeError when the host has no ASCII form."""
    if address.isascii():
        return address
    parts = urlsplit(address)
    host = (parts.hostname or "").encode("idna").decode("ascii")
    host = f"[{host}]" if ":" in host else host  # an IPv6 address, given back its brackets
    netloc = f"{host}:{parts.port}" if parts.port is not None else host
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=_PATH_CHARACTERS), parts.query, parts.fragment))


def _check_file(path: Path) -> bool:
    """Whether toolkit.toml is there to read; something else under its name is an error, not "no settings"."""
    try:
        mode = file_mode(path)
    except FileSystemError as error:
        raise ConfigError(error.message, path) from None
    if mode is None:
        return False
    if not stat.S_ISREG(mode):
        raise ConfigError(f"is {kind_of(mode)}, not a regular file; toolkit.toml must be a text file", path)
    return True


def _check_current_code(name: str, language: str, path: Path) -> None:
    """A language setting in a code Babel reads as another's ('iw' for 'he', 'in' for 'id', 'ara' for 'ar') is
    told that one: Argos Translate's packages and the pages' lang name the language by it alone ('iw' met no
    package, and marked every page lang="iw")."""
    current = current_language(language)
    if current is not None:
        raise ConfigError(
            f"{name} {shown_value(language)} is another code of {language_name(current)}: use {shown_value(current)}, "
            "the code CLDR and Argos Translate's packages name it by",
            path,
        )


def _check_source_language(language: object, path: Path) -> None:
    """The project's articles are cleaned by the rules of their script, so toolkit.toml's language must be one
    the cleaner knows; `translate-text --from` is not bound by this (any pair a package serves)."""
    if (
        isinstance(language, str)
        and language.isascii()
        and language.isalpha()
        and language.islower()
        and language not in LANGUAGE_SCRIPTS
    ):
        _check_current_code("source_language", language, path)
        known = ", ".join(sorted(LANGUAGE_SCRIPTS))
        raise ConfigError(
            f"source_language {shown_value(language)} is not a language the cleaner knows the script of; use one of "
            f"{known}",
            path,
        )


def default_settings_note(config: Config) -> str | None:
    """The warning of a command that builds from a project without toolkit.toml (the default corpus predates
    it): the defaults are used, so the site's title and languages are not the user's; None when it is there.
    One rule for every command that builds (build, publish, and serve at each rebuild: a toolkit.toml that is
    gone while it serves is said, not silently replaced by the defaults)."""
    path = config.project_dir / CONFIG_FILE
    if _check_file(path):
        return None
    return (
        f"{shown_path(path)}: missing, so the default settings are used (site title {shown_value(config.site_title)}, "
        f"{config.source_language} -> {config.target_language}); `toolkit init` writes one"
    )


# The command-line options that stand in for a setting, to name them when the value they give is wrong.
_OVERRIDE_OPTIONS = {
    "source_language": "--from",
    "target_language": "--to",
    "beam_size": "--beam-size",
    "cluster_address": "--cluster",
    "site_title": "--title",
}
# How a message names the setting of each Config field that has a table of its own in toolkit.toml.
_SETTING_NAMES = {"site_title": "site.title", "cluster_address": "cluster.address"}


def check_given(config: Config, given: Iterable[str], path: Path, file_config: Config | None = None) -> Config:
    """The settings checked, those named in `given` having come from the command line: a wrong one is named
    as the options that gave it, not as the file's, unless the file's own settings (`file_config`, checked only
    then) are wrong too."""
    given = list(given)
    try:
        return _check(config, path)
    except ConfigError as error:
        if not given:
            raise
        if file_config is not None:
            _check(file_config, path)
        raise given_on_command_line(error.message, given) from None


def given_on_command_line(message: str, given: Iterable[str], note: str = "") -> ConfigError:
    """The error of a value given on the command line, naming the options that gave it (not toolkit.toml)."""
    given = list(given)
    # The options whose settings the message names ("site.title holds ..." is --title's alone); every one given
    # when it names none. `init --title` listed --from and --to too, which the user had not typed.
    named = [key for key in given if re.search(rf"\b{re.escape(_SETTING_NAMES.get(key, key))}\b", message)]
    options = ", ".join(_OVERRIDE_OPTIONS.get(key, key) for key in named or given)
    return ConfigError(f"{message} (given on the command line: {options}){note}")


# The site's title and description are running text, shown on one line (a page's <title>, the feed's subtitle,
# each catalog's header): toolkit.toml may give them as multi-line strings ('description = """' and the text on
# the lines below), whose line breaks and tabs were refused as control characters; they are spaces.
_RUNNING_TEXT = ("site_title", "site_description")
_TOML_LINE_BREAK = re.compile(r"[ \t]*(?:\r?\n|\t)[ \t\r\n]*")


def load_config(project_dir: Path | str = ".", **overrides) -> Config:
    """Read `toolkit.toml` from the project folder; values given on the command line (not None) win."""
    project = real_path(project_dir)
    if not is_folder(project):
        missing = file_mode(project) is None
        raise ConfigError("project folder does not exist" if missing else "is not a folder; a project is one", project)
    path = project / CONFIG_FILE
    values = _flatten(_read_toml(path), path) if _check_file(path) else {}
    for name in _RUNNING_TEXT:
        if isinstance(values.get(name), str):
            # A value of nothing but spaces and breaks stays as written, to be refused as such.
            values[name] = _TOML_LINE_BREAK.sub(" ", values[name]).strip(" ") or values[name]
    _check_source_language(values.get("source_language"), path)
    given = {key: value for key, value in overrides.items() if value is not None}
    model_file = values.get("model_file")
    if model_file is not None:
        if not isinstance(model_file, (str, Path)):
            raise ConfigError("model_file must be a path", path)
        if not str(model_file).strip():
            raise ConfigError("model_file is empty; give the path of a .argosmodel file, or remove the line", path)
        if "\x00" in str(model_file):
            raise ConfigError("model_file holds a NUL character, which no file name can", path)
        values["model_file"] = real_path(project / Path(model_file).expanduser())
    file_config = replace(Config(project_dir=project), **values)
    if any(key in values for key in given):
        # A wrong value of the file's own is the file's, even where the command line overrides it.
        _check(file_config, path)
        config = check_given(replace(file_config, **given), given, path)
    else:  # one check; a failure is laid at the file's door when its own settings fail it
        config = check_given(replace(file_config, **given), given, path, file_config)
    clean_settings = config.extra.get("clean")
    if clean_settings:
        # Checked here as every other setting is, so a wrong one stops every command, not only those that clean.
        from toolkit.clean.settings import load_settings

        load_settings(clean_settings, path)
    check_layout(config)
    return config
