"""Title, date, byline, outlet and declared language from a parsed page, each with where it was found.

Read straight from the lxml tree the extractor also uses (one parse per page): the page head (Open Graph,
<meta>, JSON-LD) is the publisher's own statement and beats guessing from the body; htmldate is the fallback
for the date.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement

from toolkit.clean.html_settings import (
    ARTICLE_TYPES,
    AUTHOR_META_KEYS,
    BYLINE_BOX_TOKENS,
    BYLINE_OPENERS,
    DATE_BOX_TOKENS,
    DATE_META_KEYS,
    MAX_BYLINE_BOX_CHILDREN,
    MAX_BYLINE_CHARS,
    MAX_DATE_BOX_CHARS,
    MIN_YEAR,
    MONTH_NAMES,
    NON_CONTENT_TAGS,
    NOT_BYLINE_WORDS,
    TITLE_SEPARATORS,
)
from toolkit.clean.html_text import comparable, normalize_space


@dataclass(frozen=True)
class Found:
    value: str
    source: str  # where on the page the value was read, for --explain


@dataclass(frozen=True)
class PageMetadata:
    title: Found | None
    date: Found | None
    byline: Found | None
    outlet: Found | None
    declared_language: Found | None
    description: str | None  # the publisher's summary: usually the lead, sometimes cut off with "..."


def _class_xpath(tokens: tuple[str, ...], scope: str) -> etree.XPath:
    tests = " or ".join(f"contains(@class, '{token}') or contains(@id, '{token}')" for token in tokens)
    return etree.XPath(f"{scope}[{tests}]")


_DATE_BOXES_AFTER_HEADLINE = _class_xpath(DATE_BOX_TOKENS, "(//h1)[1]/following::*")
_BYLINE_BOXES_AFTER_HEADLINE = _class_xpath(BYLINE_BOX_TOKENS, "(//h1)[1]/following::*")
_BYLINE_BOXES = _class_xpath(BYLINE_BOX_TOKENS, "//body//*")
# Metadata is read before the page's scripts are removed (JSON-LD is a script), so text searches skip them.
_NON_CONTENT_ANCESTOR = etree.XPath("ancestor-or-self::*[" + " or ".join(f"self::{t}" for t in NON_CONTENT_TAGS) + "]")
_SEPARATOR_SPLIT = re.compile("(" + "|".join(re.escape(sep) for sep in TITLE_SEPARATORS) + ")")
_URL = re.compile(r"^(?:https?:)?//|^www\.", re.IGNORECASE)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_DAY_NAME_YEAR = re.compile(r"(?<!\d)(\d{1,2})\s*([^\d]{2,30}?)\s*(\d{4})(?!\d)")
# Longest names first, so "كانون الثاني" (January) wins over a bare "الثاني".
_BYLINE_OPENER = re.compile(
    "^(?:" + "|".join(re.escape(opener) for opener in BYLINE_OPENERS) + r")(?:\s*[:：\-–]\s*|\s+)", re.IGNORECASE
)
_MONTHS = sorted(((name, month) for month, names in MONTH_NAMES.items() for name in names), key=lambda p: -len(p[0]))


def _text(element: HtmlElement) -> str:
    return normalize_space(element.text_content())


def _meta_values(tree: HtmlElement) -> dict[str, list[str]]:
    """Every <meta> content by its lower-cased name, property, itemprop or http-equiv, in page order."""
    values: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        content = normalize_space(meta.get("content") or "")
        if not content:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = meta.get(attribute)
            if key:
                values.setdefault(key.strip().lower(), []).append(content)
    return values


def _json_ld_objects(tree: HtmlElement) -> Iterator[dict]:
    """Every JSON object in the page's JSON-LD blocks, @graph members included; broken blocks are skipped."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except ValueError:
            continue
        pending = [data]
        while pending:
            item = pending.pop(0)
            if isinstance(item, list):
                pending[:0] = item
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    pending[:0] = item["@graph"]


def _types(item: dict) -> list[str]:
    kind = item.get("@type")
    return [kind] if isinstance(kind, str) else [k for k in kind or [] if isinstance(k, str)]


def _article_object(objects: list[dict]) -> dict | None:
    for wanted in ARTICLE_TYPES:
        for item in objects:
            if wanted in _types(item):
                return item
    return None


def _names(value: object) -> list[str]:
    """Names in a JSON-LD person or organization field: a string, an object with a name, or a list of them."""
    if isinstance(value, str):
        return [normalize_space(value)] if value.strip() else []
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def parse_date(text: str) -> str | None:
    """The date a text states, as ISO yyyy-mm-dd: ISO forms, or day, month name and year in Arabic or English.

    The date is taken as written, without converting its time zone: 2020-12-25T01:59+02:00 is the 25th, the
    day the publisher's readers saw on the page.
    """
    text = text.translate(_DIGITS)
    candidates: list[tuple[int, int, int]] = [(int(y), int(m), int(d)) for y, m, d in _ISO_DATE.findall(text)]
    for day, middle, year in _DAY_NAME_YEAR.findall(text):
        for name, month in _MONTHS:
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", middle, re.IGNORECASE):
                candidates.append((int(year), month, int(day)))
                break
    for year, month, day in candidates:
        if not MIN_YEAR <= year <= dt.date.today().year + 1:
            continue
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            continue
    return None


def _is_site_name(text: str, site_names: list[str]) -> bool:
    key = comparable(text)
    return any(key == name or (len(key) >= 3 and (key in name or name in key)) for name in site_names)


def _strip_site_affix(title: str, site_names: list[str], headlines: list[str]) -> tuple[str, str | None]:
    """The headline without the site name before or after it, and the removed site name."""
    pieces = _SEPARATOR_SPLIT.split(title)  # text, separator, text, ...
    parts = pieces[0::2]
    if len(parts) == 1 or comparable(title) in headlines:
        return title, None
    first, last = 0, len(parts)
    while last - first > 1 and _is_site_name(parts[first], site_names):
        first += 1
    while last - first > 1 and _is_site_name(parts[last - 1], site_names):
        last -= 1
    if (first, last) == (0, len(parts)):
        matching = [index for index, part in enumerate(parts) if comparable(part) in headlines]
        if not matching:
            return title, None
        first, last = matching[0], matching[0] + 1
    kept = "".join(pieces[2 * first : 2 * last - 1]).strip()
    removed = [part.strip() for index, part in enumerate(parts) if not first <= index < last and part.strip()]
    return kept, removed[0] if len(removed) == 1 else None


def _first(metas: dict[str, list[str]], *keys: str) -> Found | None:
    for key in keys:
        for value in metas.get(key, []):
            return Found(value, f"meta {key}")
    return None


def _outlet(metas: dict[str, list[str]], article: dict | None, objects: list[dict]) -> Found | None:
    for value in metas.get("og:site_name", []):
        if not _URL.match(value):
            return Found(value, "og:site_name")
    publishers = _names(article.get("publisher")) if article else []
    if not publishers:
        publishers = [name for item in objects if "Organization" in _types(item) for name in _names(item)]
    if publishers:
        return Found(publishers[0], "JSON-LD publisher")
    return _first(metas, "application-name")


def _title(tree: HtmlElement, metas: dict[str, list[str]], site_names: list[str]) -> tuple[Found | None, str | None]:
    headlines = [text for h1 in tree.iter("h1") if (text := _text(h1))]
    headline_keys = [comparable(text) for text in headlines]
    candidates = [Found(value, source) for source in ("og:title", "twitter:title") for value in metas.get(source, [])]
    candidates += [Found(text, "h1") for text in headlines[:1]]
    candidates += [Found(text, "<title>") for element in tree.iter("title") if (text := _text(element))]
    for candidate in candidates:
        title, removed = _strip_site_affix(candidate.value, site_names, headline_keys)
        if title:
            source = candidate.source if title == candidate.value else f"{candidate.source}, site name removed"
            return Found(title, source), removed
    return None, None


def _date(tree: HtmlElement, metas: dict[str, list[str]], article: dict | None) -> Found | None:
    if article and isinstance(article.get("datePublished"), str) and (iso := parse_date(article["datePublished"])):
        return Found(iso, "JSON-LD datePublished")
    for key in DATE_META_KEYS:
        for value in metas.get(key, []):
            if iso := parse_date(value):
                return Found(iso, f"meta {key}")
    for time in tree.iter("time"):
        published = time.get("itemprop") == "datePublished" or "publish" in (time.get("class") or "")
        if published and (iso := parse_date(time.get("datetime") or _text(time))):
            return Found(iso, "<time datetime>")
    try:
        found = find_date(tree, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):
        found = None
    if found:
        return Found(found, "htmldate")
    for box in _DATE_BOXES_AFTER_HEADLINE(tree):
        text = _text(box)
        if len(text) <= MAX_DATE_BOX_CHARS and not _NON_CONTENT_ANCESTOR(box) and (iso := parse_date(text)):
            return Found(iso, f"date line after the headline ({text})")
    for time in tree.iter("time"):
        if iso := parse_date(time.get("datetime") or ""):
            return Found(iso, "<time datetime>")
    return None


def _clean_byline(text: str, site_names: list[str]) -> str | None:
    text = _BYLINE_OPENER.sub("", normalize_space(text))
    if not text or len(text) > MAX_BYLINE_CHARS or _URL.match(text):
        return None
    if any(word in text.casefold() for word in NOT_BYLINE_WORDS):
        return None
    parts = [*_SEPARATOR_SPLIT.split(text)[0::2], text]
    if any(_is_site_name(part, site_names) for part in parts if part.strip()):
        return None
    return text


def _byline(
    tree: HtmlElement, metas: dict[str, list[str]], article: dict | None, site_names: list[str]
) -> Found | None:
    """The author as the page prints it beats the head: CMSs fill meta author with the site or its developer."""
    candidates: list[Found] = []
    if article and (names := _names(article.get("author"))):
        candidates.append(Found(", ".join(names), "JSON-LD author"))
    boxes = _BYLINE_BOXES_AFTER_HEADLINE(tree) if tree.find(".//h1") is not None else _BYLINE_BOXES(tree)
    candidates += [
        Found(_text(box), f"byline box <{box.tag} class={box.get('class') or box.get('id')!r}>")
        for box in boxes
        if len(box) <= MAX_BYLINE_BOX_CHILDREN and not _NON_CONTENT_ANCESTOR(box)
    ]
    candidates += [Found(_text(element), "rel=author") for element in tree.xpath("//a[@rel='author']")]
    candidates += [Found(value, f"meta {key}") for key in AUTHOR_META_KEYS for value in metas.get(key, [])]
    for candidate in candidates:
        if byline := _clean_byline(candidate.value, site_names):
            return Found(byline, candidate.source)
    for opener in BYLINE_OPENERS:
        for text in tree.xpath("//body//text()[starts-with(normalize-space(.), $opener)]", opener=opener):
            element = text.getparent()
            if element is None or _NON_CONTENT_ANCESTOR(element) or not _BYLINE_OPENER.match(normalize_space(text)):
                continue
            if byline := _clean_byline(str(text), site_names):
                return Found(byline, f'"{opener}" line')
    return None


def _primary_subtag(code: str) -> str | None:
    primary = re.split(r"[-_]", code.strip())[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def _declared_language(tree: HtmlElement, metas: dict[str, list[str]]) -> Found | None:
    declarations = [
        ("html lang", tree.get("lang")),
        ("html xml:lang", tree.get("{http://www.w3.org/XML/1998/namespace}lang")),
        *[("og:locale", value) for value in metas.get("og:locale", [])],
        *[("meta content-language", value) for value in metas.get("content-language", [])],
        *[("meta language", value) for value in metas.get("language", [])],
    ]
    for source, value in declarations:
        if value and (code := _primary_subtag(value)):
            return Found(code, source)
    return None


def _description(metas: dict[str, list[str]]) -> str | None:
    for key in ("og:description", "description", "twitter:description"):
        for value in metas.get(key, []):
            return value
    return None


def _site_names(metas: dict[str, list[str]], outlet: Found | None) -> list[str]:
    names = [outlet.value] if outlet else []
    names += metas.get("og:site_name", []) + metas.get("application-name", [])
    for url in metas.get("og:url", []):
        host = re.sub(r"^(?:https?://)?(?:www\.)?", "", url, flags=re.IGNORECASE).split("/")[0]
        names.append(host.split(".")[0])
    return [comparable(name) for name in names if name.strip()]


def read_metadata(tree: HtmlElement) -> PageMetadata:
    """What the page says about itself; a field the page does not state is None."""
    metas = _meta_values(tree)
    objects = list(_json_ld_objects(tree))
    article = _article_object(objects)
    outlet = _outlet(metas, article, objects)
    site_names = _site_names(metas, outlet)
    title, removed_affix = _title(tree, metas, site_names)
    if outlet is None and removed_affix:
        outlet = Found(removed_affix, f"{title.source.split(',')[0]} site name" if title else "title")
        site_names.append(comparable(removed_affix))
    return PageMetadata(
        title=title,
        date=_date(tree, metas, article),
        byline=_byline(tree, metas, article, site_names),
        outlet=outlet,
        declared_language=_declared_language(tree, metas),
        description=_description(metas),
    )
