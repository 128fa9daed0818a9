"""A site/ changed by hand costs the next build the damaged files alone: the pages (and search bundles) missing or
other than the manifest records are made again, every other file is carried over as it is (the same file, its
inode kept), the result names what was made again, and the site is then the one a clean full build makes."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from site_projects import built_bundled_project

from toolkit.commands.build import report
from toolkit.config import load_config
from toolkit.site.build import build_site
from toolkit.site.search import bundle_of

BUNDLES = 16  # 12 articles, one a bundle (search_bundle_articles = 1): the bundle count's floor
ARTICLE = "articles/003_sample.html"
BUNDLE = f"{bundle_of('003_sample', BUNDLES)}"


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def _inodes(site: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and mtime: a file written again may get the inode of the one deleted before it."""
    return {
        path.relative_to(site).as_posix(): (path.lstat().st_ino, path.lstat().st_mtime_ns)
        for path in site.rglob("*")
        if path.is_file() or path.is_symlink()
    }


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return built_bundled_project(tmp_path / "project", monkeypatch)


def _bundle_file(site: Path, kind: str) -> str:
    """A file of the article's search bundle: one of its pages' fragments, or one of its index chunks."""
    return min(path.relative_to(site).as_posix() for path in (site / BUNDLE / kind).iterdir())


def _delete(site: Path, name: str) -> None:
    (site / name).unlink()


def _edit(site: Path, name: str) -> None:
    page = site / name
    page.write_bytes(page.read_bytes().replace(b"</main>", b"edited by hand</main>"))


def _truncate(site: Path, name: str) -> None:
    os.truncate(site / name, 10)


def _as_link(site: Path, name: str) -> None:
    page = site / name
    moved = site.parent / "elsewhere.html"
    page.rename(moved)
    page.symlink_to(moved)


def _as_folder(site: Path, name: str) -> None:
    (site / name).unlink()
    (site / name).mkdir()


DAMAGE: dict[str, tuple[Callable[[Path, str], None], str]] = {
    "deleted article page": (_delete, ARTICLE),
    "deleted Arabic interface's article page": (_delete, f"ar/{ARTICLE}"),
    "deleted index page": (_delete, "index.html"),
    "deleted list page of the Arabic interface": (_delete, "ar/index.html"),
    "edited article page": (_edit, f"ar/{ARTICLE}"),
    "edited search page": (_edit, "search.html"),
    "article page replaced by a link": (_as_link, ARTICLE),
    "article page replaced by a folder": (_as_folder, ARTICLE),
    "deleted search fragment": (_delete, "fragment"),
    "truncated search fragment": (_truncate, "fragment"),
    "deleted search index chunk": (_delete, "index"),
    "truncated search index chunk": (_truncate, "index"),
}


def _check_against_a_full_build(project: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns("site", ".toolkit"))
    build_site(load_config(fresh))
    assert _files(project / "site") == _files(fresh / "site")


@pytest.mark.parametrize("case", DAMAGE)
def test_only_what_was_changed_by_hand_is_made_again(project: Path, tmp_path: Path, case: str) -> None:
    site = project / "site"
    damage, name = DAMAGE[case]
    if name in ("fragment", "index"):
        name = _bundle_file(site, name)
    before = _inodes(site)
    damage(site, name)
    result = build_site(load_config(project))
    after = _inodes(site)
    remade = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    assert result.changed_by_hand == (name,)
    if name.startswith("pagefind/"):
        assert result.bundles_indexed == (BUNDLE,)
        assert result.written == ()
        assert remade and all(path.startswith(BUNDLE) for path in remade)
    else:
        assert result.bundles_indexed == ()
        assert list(result.written) == [name] and remade == {name}
    assert f"rebuilt 1 {'page' if name.endswith('.html') else 'file'} changed by hand: {site / name}" in report(result)
    _check_against_a_full_build(project, tmp_path)
    again = build_site(load_config(project))
    assert again.changed_by_hand == () and again.written == () and "changed by hand" not in report(again)


def test_pages_changed_by_hand_are_all_named_in_the_result_and_counted_in_the_summary(project: Path) -> None:
    site = project / "site"
    damaged = sorted([ARTICLE, "articles/007_sample.html", "ar/index.html", "feed.xml"])
    for name in damaged:
        _delete(site, name)
    result = build_site(load_config(project))
    assert result.changed_by_hand == tuple(damaged)
    assert f"rebuilt 4 files changed by hand: {site / damaged[0]} (and 3 more)" in report(result)


def test_a_file_dropped_into_the_site_remakes_nothing(project: Path, tmp_path: Path) -> None:
    site = project / "site"
    before = _inodes(site)
    (site / "articles" / "notes.txt").write_text("not built", encoding="utf-8")
    result = build_site(load_config(project))
    assert result.changed_by_hand == () and result.written == () and result.bundles_indexed == ()
    assert _inodes(site) == before
    assert any("articles/notes.txt" in warning and "not made by the build" in warning for warning in result.warnings)
    _check_against_a_full_build(project, tmp_path)


def _copied_over_itself(site: Path) -> None:
    """Every file of the site replaced by a copy of itself, as a restore from a backup or an rsync without
    hard links leaves it: the same bytes in other files."""
    for path in sorted(path for path in site.rglob("*") if path.is_file()):
        copy = path.with_name(path.name + ".copy")
        shutil.copy2(path, copy)
        copy.replace(path)


def test_a_site_restored_from_a_copy_is_carried_over_not_indexed_again(project: Path, tmp_path: Path) -> None:
    site = project / "site"
    _copied_over_itself(site)
    before = _inodes(site)
    result = build_site(load_config(project))
    assert result.bundles_indexed == () and result.written == () and result.changed_by_hand == ()
    assert _inodes(site) == before
    _check_against_a_full_build(project, tmp_path)


@pytest.mark.parametrize("interface", ["", "ar/"])
def test_a_page_changed_by_hand_whose_catalog_no_longer_parses_leaves_its_article_out_and_says_so(
    project: Path, interface: str
) -> None:
    site, catalog = project / "site", project / "translations" / "003_sample.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + 'msgid "unclosed\n', encoding="utf-8")
    _delete(site, interface + ARTICLE)
    result = build_site(load_config(project), skip_bad_catalogs=True)
    assert [error.path for error in result.errors] == [catalog]
    left_out = [warning for warning in result.warnings if "left out of the site" in warning]
    assert len(left_out) == 1 and str(site / interface / ARTICLE) in left_out[0] and str(catalog) in left_out[0]
    # Neither interface's page stays behind, listed nowhere.
    assert not (site / ARTICLE).exists() and not (site / "ar" / ARTICLE).exists()
    again = build_site(load_config(project), skip_bad_catalogs=True)
    assert [error.path for error in again.errors] == [catalog] and again.written == ()
