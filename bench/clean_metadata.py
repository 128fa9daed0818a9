"""Metadata quality: the title, byline and date the toolkit's HTML mode finds, beside trafilatura's own
extract_metadata(), against outside gold.

    .venv/bin/python bench/clean_metadata.py [--sets wcxb,arabic] [--misses]

Sets (../shared/devdata):
  wcxb    the 120 WCXB development pages (general/README.md), `en` project; gold: ground_truth.title, .author
          and .publish_date, written by the benchmark's annotators
  arabic  the eight Arabic devdata pages, `ar` project; gold: the date htmldate's evaluation set gives
          (publication_date_gold). No title gold (the og:title their meta.json copies keeps the site's name,
          which a cleaned title drops) and no byline gold

A field is scored on the pages whose gold states it, as the share of them where the value matches:
  title   equal after normalisation: Unicode NFKC, case folded, typographic quotes and dashes as ASCII, spaces
          collapsed, punctuation and spaces trimmed from both ends
  byline  the same names as sets: each side split at commas, semicolons, "&" and " and ", a leading "By" cut,
          every name normalised as a title is, full stops dropped ("S. Penn" and "S Penn" are one name)
  date    the same calendar day (the first ten characters of an ISO date)
"extra" counts the pages whose gold states no value where the extractor gives one (a byline on a page the
annotators say has none). `--misses` lists every page where the toolkit's value differs from the gold, with
both values and trafilatura's.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path

import trafilatura
from clean_quality import DEVDATA, GENERAL, Page

from toolkit.clean.pipeline import clean_file
from toolkit.config import Config
from toolkit.errors import ToolkitError

FIELDS = ("title", "byline", "date")
SETS = ("wcxb", "arabic")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"})
_NAME_SPLIT = re.compile(r"\s*(?:[,;&]|\band\b|\bو(?=\s))\s*", re.IGNORECASE)
_BY = re.compile(r"^(?:by|written by)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Gold:
    title: str | None
    byline: str | None
    date: str | None


@dataclass(frozen=True)
class Values:
    title: str | None
    byline: str | None
    date: str | None


def normal_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return re.sub(r"\s+", " ", text).strip(" \t\n.,:;!?|-–—\"'()[]")


def names(text: str) -> frozenset[str]:
    return frozenset(
        key
        for part in _NAME_SPLIT.split(_BY.sub("", text.strip()))
        if (key := normal_text(_BY.sub("", part).replace(".", " ")))
    )


def matches(field: str, value: str | None, gold: str) -> bool:
    if not value:
        return False
    if field == "title":
        return normal_text(value) == normal_text(gold)
    if field == "byline":
        return names(value) == names(gold)
    return value[:10] == gold[:10]


def wcxb_pages() -> list[tuple[Page, Gold]]:
    folder = GENERAL / "wcxb-dev"
    pages = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        stem = gold_path.name.removesuffix(".gold.json")
        truth = json.loads(gold_path.read_text(encoding="utf-8"))["ground_truth"]
        gold = Gold(truth.get("title") or None, truth.get("author") or None, truth.get("publish_date") or None)
        html = (folder / f"{stem}.html.gz").read_bytes()
        pages.append((Page(stem, gzip.decompress(html), None), gold))
    return pages


def arabic_pages() -> list[tuple[Page, Gold]]:
    pages = []
    for path in sorted((DEVDATA / "html").glob("*.html")):
        meta = json.loads(path.with_suffix(".meta.json").read_text(encoding="utf-8"))
        gold = Gold(None, None, meta.get("publication_date_gold") or None)
        pages.append((Page(path.stem, path.read_bytes(), None), gold))
    return pages


def toolkit_values(page: Page, config: Config) -> tuple[Values, dict[str, str]]:
    try:
        article = clean_file(Path(f"{page.name}.html"), page.html, config)
    except ToolkitError:
        return Values(None, None, None), {}
    return Values(article.title or None, article.byline, article.date), article.provenance


def trafilatura_values(page: Page) -> Values:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = trafilatura.extract_metadata(page.html)
    if found is None:
        return Values(None, None, None)
    return Values(found.title or None, found.author or None, found.date or None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated: " + ", ".join(SETS))
    parser.add_argument("--misses", action="store_true", help="list every page where the toolkit misses the gold")
    options = parser.parse_args()
    wanted = [name.strip() for name in options.sets.split(",") if name.strip()]
    if unknown := sorted(set(wanted) - set(SETS)):
        parser.error(f"unknown set(s): {', '.join(unknown)}")
    loaders = {"wcxb": wcxb_pages, "arabic": arabic_pages}
    languages = {"wcxb": "en", "arabic": "ar"}
    print(f"{'set':8} {'field':7} {'gold':>4} {'trafilatura':>11} {'toolkit':>7} {'extra t/k':>9}")
    missed = []
    with tempfile.TemporaryDirectory() as project:
        for name in wanted:
            pages = loaders[name]()
            if not pages:
                print(f"no pages for {name} under {DEVDATA}", file=sys.stderr)
                return 1
            config = Config(project_dir=Path(project), source_language=languages[name])
            results = [(page, gold, trafilatura_values(page), *toolkit_values(page, config)) for page, gold in pages]
            for field in FIELDS:
                stated = [row for row in results if getattr(row[1], field)]
                if not stated:
                    continue
                extractor = sum(matches(field, getattr(row[2], field), getattr(row[1], field)) for row in stated)
                toolkit = sum(matches(field, getattr(row[3], field), getattr(row[1], field)) for row in stated)
                unstated = [row for row in results if not getattr(row[1], field)]
                extra = (
                    sum(bool(getattr(row[2], field)) for row in unstated),
                    sum(bool(getattr(row[3], field)) for row in unstated),
                )
                print(
                    f"{name:8} {field:7} {len(stated):4} {extractor / len(stated):11.3f} {toolkit / len(stated):7.3f} "
                    f"{extra[0]:>4}/{extra[1]:<4}"
                )
                for page, gold, extracted, kept, provenance in stated:
                    if not matches(field, getattr(kept, field), getattr(gold, field)):
                        missed.append(
                            (
                                name,
                                page.name,
                                field,
                                getattr(gold, field),
                                getattr(kept, field),
                                provenance.get(field),
                                getattr(extracted, field),
                            )
                        )
    print(
        "(gold: pages whose gold states the field; the figures are the share of them matched; extra: values given "
        "where the gold states none, trafilatura/toolkit)"
    )
    if options.misses:
        for name, page, field, gold, kept, where, extracted in missed:
            print(
                f"  {name} {page} {field}: gold {gold!r}\n"
                f"      toolkit {kept!r} ({where})\n      trafilatura {extracted!r}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
