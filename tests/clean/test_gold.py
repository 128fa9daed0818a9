"""Every line of every seed comes out as ../shared/seeds/gold says; title and date match the gold's."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from shared_paths import SEEDS

from toolkit.clean.corpus import build_corpus_evidence
from toolkit.clean.rules import classify_lines, clean_lines
from toolkit.clean.settings import load_settings
from toolkit.clean.text import text_lines

GOLD_FILES = sorted((SEEDS / "gold").glob("*.json"))
KEPT = {"body": "paragraph", "heading": "heading", "lead": "lead"}


def _gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _lines(gold: dict):
    return text_lines((SEEDS / gold["file"]).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus():
    """Evidence over the five seeds, as `toolkit clean` builds it for source/."""
    settings = load_settings()
    return build_corpus_evidence((_lines(_gold(path)) for path in GOLD_FILES), settings.corpus)


def test_gold_files_are_there():
    assert len(GOLD_FILES) == 5


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda path: path.stem)
def test_every_line_has_the_gold_label(gold_path: Path, corpus):
    gold = _gold(gold_path)
    result = classify_lines(_lines(gold), settings=load_settings(), corpus=corpus, source_language="ar")
    got = {decision.number: decision for decision in result.decisions}
    wrong = [
        (line["line"], line["label"], got[line["line"]].label, got[line["line"]].rule, line["text"][:50])
        for line in gold["lines"]
        if got[line["line"]].label != line["label"]
    ]
    assert not wrong
    assert set(got) == {line["line"] for line in gold["lines"]}, "labelled lines are exactly the non-empty ones"


def _clean_seed(gold: dict, corpus=None):
    return clean_lines(
        _lines(gold),
        article_id="seed",
        source=gold["file"],
        settings=load_settings(),
        corpus=corpus,
        source_language="ar",
    )


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda path: path.stem)
def test_article_matches_gold(gold_path: Path, corpus):
    gold = _gold(gold_path)
    article = _clean_seed(gold, corpus)
    assert article.title == gold["title"]
    assert article.date == gold["date"]
    kept = [(line["label"], line["text"]) for line in gold["lines"] if line["label"] in KEPT]
    blocks = [(block.kind, block.text) for block in article.blocks]
    assert blocks == [(KEPT[label], re.sub(r"\s+", " ", text).strip()) for label, text in kept]
    removed = {removed.line for removed in article.removed}
    assert removed == {line["line"] for line in gold["lines"] if line["label"] in ("boilerplate", "caption")}
    assert all(removed.rule for removed in article.removed)


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda path: path.stem)
def test_byline_attribution_and_captions_become_metadata(gold_path: Path, corpus):
    gold = _gold(gold_path)
    article = _clean_seed(gold, corpus)
    paragraphs = {block.text for block in article.blocks if block.kind in ("paragraph", "lead", "heading")}
    for line in gold["lines"]:
        text = re.sub(r"\s+", " ", line["text"]).strip()
        if line["label"] == "caption":
            assert text not in paragraphs
            assert (line["line"], "caption") in [(removed.line, removed.rule) for removed in article.removed]
        if line["label"] == "attribution":
            assert text in article.attribution
        if line["label"] == "byline":
            assert article.byline and article.byline in text
            assert text not in paragraphs


def test_agency_dateline_gives_date_and_outlet():
    gold = _gold(SEEDS / "gold" / "001_7e7eb9076ff80330.json")
    article = _clean_seed(gold)
    assert article.date == "2022-02-01"
    assert article.outlet == "سبوتنيك"
    assert "dateline" in article.provenance["date"]


def test_site_suffix_is_cut_from_the_title_and_named_as_outlet():
    gold = _gold(SEEDS / "gold" / "002_697928dbe68ab915.json")
    article = _clean_seed(gold)
    assert article.title == gold["title"]
    assert article.outlet == "RT EN"
    assert "RT EN" in article.provenance["title"]
