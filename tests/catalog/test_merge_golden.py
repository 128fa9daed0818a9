"""Merge golden files: a translator's catalog (before.po) plus an edited article gives exactly after.po."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from toolkit.catalog.entries import CatalogContext
from toolkit.catalog.merge import merge_catalog
from toolkit.catalog.store import parse_catalog, read_catalog, serialize_catalog
from toolkit.model import Article

GOLDEN = Path(__file__).parent / "golden"
CONTEXT = CatalogContext("Test project", "ar", "en")
CASES = sorted(path.name for path in GOLDEN.iterdir() if path.is_dir())


def _merged(case: str) -> bytes:
    article = Article.from_json((GOLDEN / case / "article.json").read_text(encoding="utf-8"))
    before = GOLDEN / case / "before.po"
    old = read_catalog(before) if before.exists() else None
    return serialize_catalog(merge_catalog(old, article, CONTEXT))


@pytest.mark.parametrize("case", CASES)
def test_merge_matches_golden_file(case: str) -> None:
    assert _merged(case).decode("utf-8") == (GOLDEN / case / "after.po").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES)
def test_merging_again_changes_nothing(case: str) -> None:
    after = (GOLDEN / case / "after.po").read_text(encoding="utf-8")
    article = Article.from_json((GOLDEN / case / "article.json").read_text(encoding="utf-8"))
    again = merge_catalog(parse_catalog(after, GOLDEN / case / "after.po"), article, CONTEXT)
    assert serialize_catalog(again).decode("utf-8") == after


@pytest.mark.parametrize("case", CASES)
def test_golden_files_pass_msgfmt(case: str, tmp_path: Path) -> None:
    for path in sorted((GOLDEN / case).glob("*.po")):
        checked = subprocess.run(
            ["msgfmt", "--check-format", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stderr
        assert "warning" not in checked.stderr, checked.stderr


def _entry(case: str, context: str, obsolete: bool = False):
    catalog = parse_catalog(_merged(case).decode("utf-8"), Path("after.po"))
    found = [e for e in catalog if e.msgctxt == context and bool(e.obsolete) == obsolete]
    assert len(found) == 1, context
    return found[0]


def test_reviewed_changed_block_keeps_translation_as_fuzzy_with_previous_source() -> None:
    entry = _entry("source_edits", "b-11111111")
    assert entry.msgstr.startswith("The spokesman added")
    assert entry.fuzzy
    assert entry.previous_msgid == "وأضاف المتحدث أن موسكو ستدرس الرد بعناية قبل اتخاذ أي قرار."


def test_machine_draft_of_changed_block_is_cleared_for_retranslation() -> None:
    entry = _entry("source_edits", "b-22222222")
    assert entry.msgstr == ""
    assert not entry.fuzzy
    assert "machine:" not in entry.comment


def test_removed_block_becomes_obsolete_and_returning_block_is_revived_with_its_comment() -> None:
    assert _entry("source_edits", "b-33333333", obsolete=True).msgstr.startswith("A paragraph that will")
    revived = _entry("source_edits", "b-55555555")
    assert revived.msgstr == "A paragraph that came back to the source."
    assert revived.tcomment == "Rana: this one came back from an earlier draft"


def test_unchanged_reviewed_block_keeps_translator_comment_and_editor_header() -> None:
    entry = _entry("source_edits", "b-0a1b2c3d")
    assert entry.tcomment == 'Rana: keep "NATO" spelled out in full the first time?'
    assert not entry.fuzzy
    catalog = parse_catalog(_merged("source_edits").decode("utf-8"), Path("after.po"))
    assert catalog.metadata["Last-Translator"] == "Rana <rana@example.org>"
    assert catalog.metadata["X-Generator"] == "Poedit 3.4"
