"""Confidence from the engine's scores to the entry's note, `toolkit status --by-confidence` and the site."""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from catalog_fakes import NullProgress, article, project
from click.testing import CliRunner

from toolkit.catalog.entries import CONFIDENCE_NOTE, MACHINE_NOTE, confidence_of, notes_with_prefix
from toolkit.catalog.store import read_catalog, serialize_catalog
from toolkit.catalog.update import update_catalogs
from toolkit.cli import cli
from toolkit.site.pages import ArticleSummary, article_page
from toolkit.site.render import ListPage, SiteInfo, render_article, render_index
from toolkit.translate.confidence import draft_confidence
from toolkit.translate.engine import Draft, SentenceScore


def score(log_prob: float, output_tokens: int = 10) -> SentenceScore:
    return SentenceScore(log_prob, log_prob, 8, output_tokens, output_tokens)


def test_confidence_is_the_per_token_probability_of_the_whole_draft_from_0_to_1() -> None:
    assert draft_confidence([score(0.0)]) == 1.0
    assert 0 < draft_confidence([score(-0.7)]) < draft_confidence([score(-0.1)]) < 1
    # Sentences weigh by their tokens (end token included): 10 + 1 at -0.1 and 3 + 1 at -1.0.
    mixed = draft_confidence([score(-0.1, 10), score(-1.0, 3)])
    assert mixed == pytest.approx(math.exp((-0.1 * 11 - 1.0 * 4) / 15))
    assert draft_confidence([score(-0.1), score(-math.inf, 0)]) == 0.0  # a sentence came back empty
    assert draft_confidence([]) is None


class ScoringTranslator:
    """Drafts "EN(...)" with a confidence set per paragraph by the word "doubt" in it."""

    description = "scoring-fake 1.0"

    def translate(self, paragraphs: list[str], on_sentences_done: Callable[[int], None] | None = None) -> list[Draft]:
        return [
            Draft(f"EN({paragraph})", (), (score(-2.0 if "شك" in paragraph else -0.05),)) for paragraph in paragraphs
        ]


@pytest.fixture
def drafted(tmp_path: Path) -> Path:
    config = project(tmp_path)
    (tmp_path / "toolkit.toml").write_text('source_language = "ar"\n[translate]\nlow_confidence = 0.5\n')
    update_catalogs(config, [article("one", ["فقرة أولى.", "فيها شك."])], ScoringTranslator, NullProgress)
    return tmp_path


def test_every_draft_notes_its_confidence_right_after_the_engine(drafted: Path) -> None:
    catalog = read_catalog(drafted / "translations" / "one.po")
    for entry in catalog:
        notes = entry.comment.splitlines()
        assert notes[notes.index(MACHINE_NOTE + "scoring-fake 1.0") + 1].startswith(CONFIDENCE_NOTE)
    assert [confidence_of(entry) for entry in catalog] == [0.95, 0.95, 0.14]


def test_a_reviewed_entry_has_no_confidence_and_sheds_the_note_when_its_source_changes(drafted: Path) -> None:
    path = drafted / "translations" / "one.po"
    catalog = read_catalog(path)
    catalog[1].flags = []
    path.write_bytes(serialize_catalog(catalog))
    assert confidence_of(read_catalog(path)[1]) is None
    update_catalogs(
        project(drafted), [article("one", ["فقرة أولى معدلة.", "فيها شك."])], ScoringTranslator, NullProgress
    )
    changed = next(entry for entry in read_catalog(path) if entry.msgid == "فقرة أولى معدلة.")
    assert changed.previous_msgid == "فقرة أولى."
    assert notes_with_prefix(changed, CONFIDENCE_NOTE) == []


def test_status_lists_drafts_lowest_confidence_first(drafted: Path) -> None:
    previous = Path.cwd()
    os.chdir(drafted)
    try:
        result = CliRunner().invoke(cli, ["status", "--by-confidence"])
    finally:
        os.chdir(previous)
    assert result.exit_code == 0, result.output
    listed = result.output.split("lowest confidence first:\n")[1].splitlines()
    assert [line.split("] ")[1].split()[0] for line in listed] == ["0.14", "0.95", "0.95"]
    assert listed[0].startswith(f"{(drafted / 'translations' / 'one.po').resolve()}:") and "EN(فيها شك.)" in listed[0]


def test_status_says_when_there_is_no_draft_to_list(tmp_path: Path) -> None:
    # The list's heading stood alone over nothing, as if the list had been cut off.
    (tmp_path / "toolkit.toml").write_text('source_language = "ar"\ntarget_language = "en"\n', encoding="utf-8")
    (tmp_path / "translations").mkdir()
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "status", "--by-confidence"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "machine drafts and alignments: none"
    assert "lowest confidence first" not in result.stdout


def test_the_site_marks_drafts_under_the_threshold(drafted: Path) -> None:
    catalog = polib.pofile(str(drafted / "translations" / "one.po"))
    pairs = article_page(catalog, "one", "ar", "en", low_confidence=0.5).pairs
    assert [pair.low_confidence for pair in pairs] == [False, True]
    assert not any(pair.low_confidence for pair in article_page(catalog, "one", "ar", "en", 0.1).pairs)
    html = render_article(
        article_page(catalog, "one", "ar", "en", 0.5), SiteInfo("Site", "", "", "ar", "en", low_confidence=0.5)
    )
    pairs = html.decode().split('<div class="pair ')[1:]
    assert ["low-confidence" in pair.split(">")[0] for pair in pairs] == [False, True]
    assert ["Low confidence</p>" in pair for pair in pairs] == [False, True]


def test_the_site_marks_a_title_drafted_under_the_threshold(drafted: Path) -> None:
    """The title is drafted and counted like any block, and a doubted one is as likely wrong (the real zh
    model's 0.43 "The sea-south tourism market" for 海南旅游市场, Hainan's): it was labelled "Machine draft"
    alone, on its page and in the list, where a paragraph as doubted also says "Low confidence"."""
    catalog = polib.pofile(str(drafted / "translations" / "one.po"))
    title = next(entry for entry in catalog if entry.msgctxt == "title")
    assert f"{CONFIDENCE_NOTE}0.95" in title.comment
    title.comment = title.comment.replace(f"{CONFIDENCE_NOTE}0.95", f"{CONFIDENCE_NOTE}0.20")
    site = SiteInfo("Site", "", "", "ar", "en", low_confidence=0.5)
    page = article_page(catalog, "one", "ar", "en", 0.5)
    assert page.summary.title_doubted and not article_page(catalog, "one", "ar", "en", 0.1).summary.title_doubted
    header = render_article(page, site).decode().split('<div class="pairs"')[0]
    assert 'class="label label-low-confidence"' in header.split('<h1 class="titles">')[1]
    assert 'class="label label-low-confidence"' in render_index([page.summary], site, ListPage(1, 1, 1)).decode()
    trusted = article_page(catalog, "one", "ar", "en", 0.1)
    assert "label-low-confidence" not in render_index([trusted.summary], site, ListPage(1, 1, 1)).decode()
    assert ArticleSummary.from_dict(page.summary.to_dict()) == page.summary


def test_the_threshold_must_be_a_number_from_0_to_1(tmp_path: Path) -> None:
    (tmp_path / "toolkit.toml").write_text("[translate]\nlow_confidence = 2\n")
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "status"])
    assert result.exit_code == 2
    assert "low_confidence must be a number from 0 to 1" in result.output
