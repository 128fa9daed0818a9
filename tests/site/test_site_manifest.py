"""The build manifest: what a build records of its site, and what the next build reads back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from toolkit.catalog.entries import StateCounts
from toolkit.site.manifest import ArticleRecord, BuiltManifest, NextManifest
from toolkit.site.pages import ArticleSummary


def _record(article_id: str, date: str) -> ArticleRecord:
    summary = ArticleSummary(
        article_id, article_id, "عنوان", "Title", "reviewed", date, "", StateCounts(reviewed=2), ""
    )
    return ArticleRecord(f"hash-{article_id}", f"articles/{article_id}.html", article_id, summary)


def _manifest(path: Path, records: dict[str, ArticleRecord], generator: str = "g1") -> NextManifest:
    manifest = NextManifest(path, generator)
    for catalog, record in records.items():
        manifest.add_article(catalog, record, "pagefind/b00/")
        manifest.add_file(record.page, f"page-{record.slug}")
    return manifest


def test_summaries_come_back_newest_first_then_undated_by_id(tmp_path: Path) -> None:
    dates = {"b": "", "c": "2022-01-01", "a": "", "d": "2022-02-01", "مقال": "", "e": "2022-01-01"}
    manifest = _manifest(tmp_path / "m.sqlite", {f"{key}.po": _record(key, date) for key, date in dates.items()})
    assert [s.article_id for s in manifest.summaries_newest_first()] == ["d", "c", "e", "a", "b", "مقال"]
    assert [s.article_id for s in manifest.summaries_newest_first(2)] == ["d", "c"]
    assert next(manifest.summaries_newest_first()) == _record("d", "2022-02-01").summary


def test_a_finished_manifest_is_read_back_whole(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    manifest = _manifest(path, {"one.po": _record("one", "2022-01-01")})
    manifest.add_bundle("pagefind/b00/", "input-hash")
    manifest.finish()
    built = BuiltManifest.open(path)
    assert built is not None and built.generator == "g1"
    assert built.article("one.po") == _record("one", "2022-01-01")
    assert built.article("two.po") is None
    assert built.built_file("articles/one.html") == ("page-one", None) and built.built_file("index.html") is None
    assert built.bundle_hash("pagefind/b00/") == "input-hash"
    built.close()


def test_files_gone_since_the_previous_build(tmp_path: Path) -> None:
    old = _manifest(tmp_path / "old.sqlite", {"one.po": _record("one", ""), "two.po": _record("two", "")})
    old.finish()
    previous = BuiltManifest.open(tmp_path / "old.sqlite")
    assert previous is not None
    new = _manifest(tmp_path / "new folder ع.sqlite", {"two.po": _record("two", "")})
    assert new.files_gone_since(previous) == ["articles/one.html"]
    assert new.article_count() == 1  # still usable after the previous manifest is detached
    new.close()
    previous.close()


def test_the_first_catalog_that_claims_a_taken_page_is_named_with_the_first_owner(tmp_path: Path) -> None:
    same = _record("x", "")
    manifest = _manifest(tmp_path / "m.sqlite", {"c.po": same, "a.po": same, "b.po": _record("y", "")})
    assert manifest.first_page_clash() == ("c.po", "x", "a.po")
    clean = _manifest(tmp_path / "clean.sqlite", {"a.po": _record("x", ""), "b.po": _record("y", "")})
    assert clean.first_page_clash() is None


@pytest.mark.parametrize("content", [b"", b"not a database at all", b"SQLite format 3\x00" + b"\x00" * 100])
def test_a_damaged_manifest_is_not_trusted(tmp_path: Path, content: bytes) -> None:
    """An empty file is no manifest yet; a damaged one is an error, which the build turns into a full build
    and a warning (tests/abuse/test_state_faults.py)."""
    path = tmp_path / "m.sqlite"
    path.write_bytes(content)
    if content:
        with pytest.raises(sqlite3.DatabaseError):
            BuiltManifest.open(path)
    else:
        assert BuiltManifest.open(path) is None
    assert BuiltManifest.open(tmp_path / "missing.sqlite") is None


def test_a_manifest_of_another_version_is_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    _manifest(path, {}).finish()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE meta SET value = '1' WHERE key = 'version'")
    connection.close()
    # Read (its records keep the page of a catalog that does not parse), but never the previous build's.
    manifest = BuiltManifest.open(path)
    assert manifest is not None and not manifest.current_version
    manifest.close()


def test_a_manifest_failure_is_named_by_what_failed_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A commit that failed (disk I/O) and a cleanup statement that then met the transaction it left open
    # ("database is locked"): the second was reported, telling the user to close an SQLite browser (seen in CI
    # under fault injection).
    from toolkit.errors import SiteError
    from toolkit.site import generation

    def locked_close(self: NextManifest) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(NextManifest, "close", locked_close)
    state_dir, site_dir = tmp_path / ".toolkit", tmp_path / "site"
    state_dir.mkdir()
    with pytest.raises(SiteError) as raised, generation.new_generation(state_dir, site_dir, "generator"):
        raise sqlite3.OperationalError("disk I/O error")
    assert "input/output error" in raised.value.message and "locked" not in raised.value.message
