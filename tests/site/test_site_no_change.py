"""The build's no-change pass: when nothing a page is made from changed and site/ is as the last build left
it, a build reads no catalog it need not, writes nothing and swaps nothing; anything else is a real build."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_projects import sample_project

from toolkit.config import load_config
from toolkit.site.build import COMPILED_TEMPLATES_DIR, build_site
from toolkit.site.generation import MANIFEST_NAME
from toolkit.store.identity import RACY_WINDOW_NS


def _tree(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.fixture
def built(tmp_path: Path) -> Path:
    project = sample_project(tmp_path / "project", articles=3)
    build_site(load_config(project))
    return project


# Projects written together and left to settle once, a few at a time: each test that takes one waited the whole
# racy window (3 s) on its own.
SETTLED_AT_ONCE = 4


@pytest.fixture(scope="module")
def settled_projects(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    def settle() -> Iterator[Path]:
        while True:
            root = tmp_path_factory.mktemp("settled")
            batch = [sample_project(root / f"project-{number}", articles=3) for number in range(SETTLED_AT_ONCE)]
            time.sleep(RACY_WINDOW_NS / 1e9 + 0.1)
            yield from batch

    return settle()


@pytest.fixture
def settled(settled_projects: Iterator[Path]) -> Path:
    """Built from catalogs last changed long enough before the build for their signatures to be kept."""
    project = next(settled_projects)
    build_site(load_config(project))
    return project


def _identity(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_ino, status.st_mtime_ns


def test_nothing_changed_means_no_swap_and_no_new_manifest(built: Path) -> None:
    site, manifest = built / "site", built / ".toolkit" / MANIFEST_NAME
    before = (_identity(site), _identity(manifest), _tree(site))
    result = build_site(load_config(built))
    assert result.written == () and result.removed == () and result.bundles_indexed == ()
    assert result.articles == 3 and result.kept == len(before[2])
    assert (_identity(site), _identity(manifest), _tree(site)) == before
    # Besides the manifest, the templates the first build compiled when its process had not yet (kept for the
    # next run's rendering); the test failed or passed by which test its worker ran first.
    kept = sorted(path.name for path in (built / ".toolkit").iterdir() if path.name != COMPILED_TEMPLATES_DIR)
    assert kept == [MANIFEST_NAME]


def test_unchanged_catalogs_with_kept_signatures_are_not_read(settled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unread(path: Path) -> str:
        raise AssertionError(f"{path} was read")

    monkeypatch.setattr("toolkit.site.build.catalog_file_hash", unread)
    assert build_site(load_config(settled)).written == ()


def test_a_catalog_saved_again_with_the_same_bytes_changes_nothing(built: Path) -> None:
    catalog = built / "translations" / "001_sample.po"
    catalog.write_bytes(catalog.read_bytes())
    site = _identity(built / "site")
    result = build_site(load_config(built))
    assert result.written == () and _identity(built / "site") == site


def test_a_catalog_changed_behind_an_unchanged_size_and_mtime_is_rebuilt(settled: Path) -> None:
    """Same length, mtime put back: the signature's ctime still tells the change."""
    built = settled
    catalog = built / "translations" / "001_sample.po"
    text = catalog.read_text(encoding="utf-8")
    status = catalog.stat()
    changed = text.replace("Article title 1", "Article title X")
    assert len(changed.encode()) == len(text.encode()) and changed != text
    catalog.write_text(changed, encoding="utf-8")
    os.utime(catalog, ns=(status.st_atime_ns, status.st_mtime_ns))
    result = build_site(load_config(built))
    assert "articles/001_sample.html" in result.written
    assert "Article title X" in (built / "site" / "articles" / "001_sample.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("tamper", ["edit", "delete", "add", "replace-by-link"])
def test_a_site_changed_by_hand_is_built_back(built: Path, tamper: str) -> None:
    site = built / "site"
    expected = _tree(site)
    page = site / "articles" / "000_sample.html"
    if tamper == "edit":
        page.write_text("edited by hand", encoding="utf-8")
    elif tamper == "delete":
        page.unlink()
    elif tamper == "add":
        (site / "articles" / "stray.html").write_text("not built", encoding="utf-8")
    else:
        moved = built / "elsewhere.html"
        page.rename(moved)
        page.symlink_to(moved)
    build_site(load_config(built))
    assert _tree(site) == expected
    assert not page.is_symlink()


def test_a_catalog_that_does_not_parse_is_refused_on_every_run(built: Path) -> None:
    (built / "translations" / "002_sample.po").write_text("garbage\n", encoding="utf-8")
    for _ in range(2):
        result = build_site(load_config(built), skip_bad_catalogs=True)
        assert [error.path.name for error in result.errors] == ["002_sample.po"]
        assert result.articles == 3


def test_a_new_or_removed_catalog_is_a_real_build(built: Path) -> None:
    translations = built / "translations"
    (translations / "003_sample.po").write_bytes((translations / "000_sample.po").read_bytes())
    added = build_site(load_config(built))
    assert "articles/003_sample.html" in added.written
    (translations / "003_sample.po").unlink()
    removed = build_site(load_config(built))
    assert "articles/003_sample.html" in removed.removed


def test_a_changed_article_re_renders_only_the_list_page_it_is_on(built: Path) -> None:
    toml = built / "toolkit.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "articles_per_page = 1\n", encoding="utf-8")
    build_site(load_config(built))
    catalog = built / "translations" / "001_sample.po"  # the middle one by date: index-2.html
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace("Article title 1", "Article title one"), encoding="utf-8"
    )
    written = set(build_site(load_config(built)).written)
    assert {"index-2.html", "ar/index-2.html", "status.html", "feed.xml"} <= written
    assert written.isdisjoint({"index.html", "index-3.html", "ar/index.html", "ar/index-3.html", "sitemap.xml"})
    assert "Article title one" in (built / "site" / "index-2.html").read_text(encoding="utf-8")


def test_a_retitled_translation_reads_one_catalog_and_leaves_the_status_page(
    settled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.site import build

    catalog = settled / "translations" / "000_sample.po"  # a reviewed title: its counts stay as they are
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace("Article title 0", "Article title zero"), encoding="utf-8"
    )
    read = []
    hash_of = build.catalog_file_hash
    monkeypatch.setattr(build, "catalog_file_hash", lambda path: read.append(path.name) or hash_of(path))
    written = set(build_site(load_config(settled)).written)
    assert set(read) == {"000_sample.po"}  # (by the no-change check, then by the build)
    assert {"articles/000_sample.html", "index.html"} <= written
    assert written.isdisjoint({"status.html", "ar/status.html", "sitemap.xml"})


def test_a_site_folder_replaced_by_a_link_is_refused_even_when_nothing_changed(built: Path) -> None:
    from toolkit.errors import FileSystemError, SiteError

    site = built / "site"
    site.rename(built / "real-site")
    site.symlink_to(built / "real-site")
    with pytest.raises((SiteError, FileSystemError), match="is a symbolic link"):
        build_site(load_config(built))
