"""A build stages in the site before the current one (toolkit/site/generation.py PREVIOUS_SITE_NAME): an
unchanged page is neither linked again nor removed, and the site it swaps in is the one a fresh build makes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from site_projects import sample_project

from toolkit.config import Config, load_config
from toolkit.site.build import BuildResult, build_site
from toolkit.site.generation import PREVIOUS_SITE_NAME


def _tree(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def _edit(project: Path, number: int, text: str) -> None:
    catalog = project / "translations" / f"{number:03d}_sample.po"
    before = catalog.read_text(encoding="utf-8")
    assert f"item 1 of {number}." in before
    catalog.write_text(before.replace(f"item 1 of {number}.", text), encoding="utf-8")


def _statuses(root: Path) -> dict[str, tuple[int, int, int]]:
    return {
        path.relative_to(root).as_posix(): (status.st_ino, status.st_ctime_ns, status.st_nlink)
        for path in root.rglob("*")
        if path.is_file() and (status := path.stat())
    }


def _built_twice(tmp_path: Path, articles: int, per_bundle: int, edited: int) -> tuple[Path, Config, BuildResult]:
    """A project of `articles` articles, `per_bundle` to a search bundle, built, article `edited` edited and built
    again: the first site is kept, and the next build stages in it. The project, its config, the second build."""
    project = sample_project(tmp_path / "project", articles=articles)
    toml = project / "toolkit.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + f"search_bundle_articles = {per_bundle}\n", encoding="utf-8")
    config = load_config(project)
    build_site(config)
    _edit(project, edited, "the first edit.")
    return project, config, build_site(config)


def test_an_unchanged_page_or_bundle_is_not_linked_again_once_the_previous_site_is_kept(tmp_path: Path) -> None:
    project, config, first = _built_twice(tmp_path, articles=6, per_bundle=1, edited=1)
    assert (project / ".toolkit" / PREVIOUS_SITE_NAME).is_dir()
    before = _statuses(project / "site")
    _edit(project, 2, "the second edit.")
    result = build_site(config)
    after = _statuses(project / "site")
    assert {"articles/002_sample.html", "ar/articles/002_sample.html"} <= set(result.written)
    assert len(result.bundles_indexed) == 1 and result.kept > 0
    # Neither linked into the new site nor unlinked from the old one (its ctime would show either): every file
    # but those written and those of the bundle indexed anew, in this build or the one before (the site staged
    # in holds their older bytes).
    new = (*result.written, *first.written)
    indexed = (*result.bundles_indexed, *first.bundles_indexed)
    relinked = {name for name in after if before.get(name) != after[name]}
    assert relinked <= {*new, *(name for name in after if name.startswith(indexed))}
    assert any(name.startswith("pagefind/") and name not in relinked for name in after)
    assert "articles/004_sample.html" not in relinked


def test_the_site_staged_in_the_previous_one_is_the_site_a_fresh_build_makes(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "project", articles=8)
    config = load_config(project)
    build_site(config)
    _edit(project, 1, "the first edit.")
    build_site(config)
    # An article gone, a page a user dropped into the site, another edit: the previous site (staged in next)
    # holds pages the new one must not have.
    (project / "translations" / "005_sample.po").unlink()
    (project / "site" / "stray.html").write_text("not built", encoding="utf-8")
    (project / "site" / "extra").mkdir()
    (project / "site" / "extra" / "page.html").write_text("not built", encoding="utf-8")
    _edit(project, 3, "the second edit.")
    build_site(config)
    _edit(project, 6, "the third edit.")
    build_site(config)
    fresh = tmp_path / "fresh"
    shutil.copytree(project / "translations", fresh / "translations")
    shutil.copy(project / "toolkit.toml", fresh / "toolkit.toml")
    build_site(load_config(fresh))
    assert _tree(project / "site") == _tree(fresh / "site")
    assert not (project / "site" / "extra").exists()
    assert not (project / "site" / "articles" / "005_sample.html").exists()


def test_a_link_in_the_previous_site_is_never_written_through(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "project", articles=4)
    config = load_config(project)
    build_site(config)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("mine", encoding="utf-8")
    # A user's link in site/: the next build puts the built site back, and the site it swaps out is the one
    # kept for the build after, which must not write through the link (nor fail on the folder it may not write).
    articles = project / "site" / "ar" / "articles"
    shutil.move(articles, tmp_path / "moved")
    articles.symlink_to(outside, target_is_directory=True)
    _edit(project, 1, "the first edit.")
    build_site(config)
    _edit(project, 2, "the second edit.")
    build_site(config)
    assert sorted(path.name for path in outside.iterdir()) == ["keep.txt"]
    assert not articles.is_symlink() and (articles / "002_sample.html").is_file()
    fresh = tmp_path / "fresh"
    shutil.copytree(project / "translations", fresh / "translations")
    shutil.copy(project / "toolkit.toml", fresh / "toolkit.toml")
    build_site(load_config(fresh))
    assert _tree(project / "site") == _tree(fresh / "site")


def _page_made_a_folder(site: Path) -> None:
    page = site / "articles" / "002_sample.html"
    page.unlink()
    page.mkdir()
    (page / "keep.txt").write_text("mine", encoding="utf-8")


def _folder_made_a_file(site: Path) -> None:
    shutil.rmtree(site / "ar")
    (site / "ar").write_text("junk", encoding="utf-8")


def _bundle_folder_made_a_file(site: Path) -> None:
    bundle = next(path for path in (site / "pagefind").iterdir() if path.is_dir())
    shutil.rmtree(bundle)
    bundle.write_text("junk", encoding="utf-8")


def _foreign_files(site: Path) -> None:
    (site / "articles" / "mine.html").write_text("mine", encoding="utf-8")
    bundle = next(path for path in (site / "pagefind").iterdir() if path.is_dir())
    (bundle / "mine.txt").write_text("mine", encoding="utf-8")
    (site / "articles" / "mine").mkdir()
    (site / "articles" / "mine" / "page.html").write_text("mine", encoding="utf-8")


def _page_missing(site: Path) -> None:
    (site / "articles" / "001_sample.html").unlink()
    (site / "index.html").unlink()


def _pages_changed(site: Path) -> None:
    with (site / "articles" / "001_sample.html").open("ab") as page:  # in place: the site before shares it
        page.write(b"<!-- mine -->")
    page = site / "ar" / "articles" / "003_sample.html"
    replaced = page.with_name("new.tmp")
    replaced.write_bytes(page.read_bytes() + b"<!-- mine -->")
    replaced.replace(page)


def _permissions_changed(site: Path) -> None:
    (site / "articles" / "001_sample.html").chmod(0)
    (site / "ar" / "index.html").chmod(0o400)


@pytest.mark.parametrize(
    "by_hand",
    [
        _page_made_a_folder,
        _folder_made_a_file,
        _bundle_folder_made_a_file,
        _foreign_files,
        _page_missing,
        _pages_changed,
        _permissions_changed,
    ],
)
def test_whatever_a_user_did_in_site_the_next_two_builds_make_the_built_site(
    tmp_path: Path, by_hand: Callable[[Path], None]
) -> None:
    """What a user does inside site/ reaches the previous site (staged in) one build later: neither that build
    nor the next fails on it, and neither swaps in a file or folder of the user's (since 40af427, a folder where
    a page was failed the second build: 'cannot remove: is a folder, where a file was expected')."""
    project, config, _ = _built_twice(tmp_path, articles=5, per_bundle=2, edited=0)
    by_hand(project / "site")
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    shutil.copy(project / "toolkit.toml", fresh / "toolkit.toml")
    for number in (3, 4):
        _edit(project, number, f"edit number {number}.")
        build_site(config)
        shutil.rmtree(fresh / "translations", ignore_errors=True)
        shutil.copytree(project / "translations", fresh / "translations")
        build_site(load_config(fresh))
        assert _kinds(project / "site") == _kinds(fresh / "site")
        assert _tree(project / "site") == _tree(fresh / "site")


def _kinds(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): "folder" if path.is_dir() else "file" if path.is_file() else "other"
        for path in root.rglob("*")
    }
