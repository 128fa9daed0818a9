"""A file a translator committed as git left it after a conflict: a source file is one article that fails (named
at its marker line, skipped, its catalog and page kept), never an article whose markers and both sides are
published; a catalog is named as a conflict (tests/catalog/test_catalog_store.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from abuse.abuse_projects import copy_default_project, run_toolkit

from toolkit.clean.decode import decode_source
from toolkit.errors import InputError

ARTICLE = "002_697928dbe68ab915"


def _git(folder: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *arguments], cwd=folder, capture_output=True, text=True
    )


def _conflicted_source(project: Path) -> tuple[Path, int]:
    """The article's source as `git merge` leaves it after two people edited its first paragraph."""
    source = project / "source" / f"{ARTICLE}.txt"
    text = source.read_text(encoding="utf-8")
    paragraph = next(line for line in text.splitlines() if len(line) > 80)
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "source")
    _git(project, "commit", "-q", "-m", "sources")
    _git(project, "checkout", "-q", "-b", "editor")
    source.write_text(text.replace(paragraph, paragraph + " (تحديث)"), encoding="utf-8")
    _git(project, "commit", "-q", "-a", "-m", "editor")
    _git(project, "checkout", "-q", "main")
    source.write_text(text.replace(paragraph, paragraph + " (تصحيح)"), encoding="utf-8")
    _git(project, "commit", "-q", "-a", "-m", "translator")
    assert _git(project, "merge", "editor").returncode == 1
    return source, source.read_text(encoding="utf-8").splitlines().index("<<<<<<< HEAD") + 1


def test_a_source_git_left_in_conflict_is_named_and_skipped_its_page_kept(tmp_path: Path) -> None:
    project = copy_default_project(tmp_path / "project")
    assert run_toolkit(project, "-q", "publish").returncode == 0
    catalog = project / "translations" / f"{ARTICLE}.po"
    page = project / "site" / "articles" / f"{ARTICLE}.html"
    catalog_before, page_before = catalog.read_bytes(), page.read_bytes()
    source, marker_line = _conflicted_source(project)
    published = run_toolkit(project, "-q", "publish")
    assert published.returncode == 1, published.stderr
    said = [line for line in published.stderr.splitlines() if str(source) in line]
    assert said == [
        f"toolkit: {source}:{marker_line}: a merge conflict left unresolved (a <<<<<<< line): "
        "keep the side you want of each conflict, delete its marker lines (<<<<<<<, |||||||, =======, "
        ">>>>>>>) and commit"
    ], published.stderr
    assert catalog.read_bytes() == catalog_before
    assert page.read_bytes() == page_before and b"&lt;&lt;&lt;&lt;" not in page.read_bytes()


@pytest.mark.parametrize("separator", ["=======", "|||||||", "<<<<<<<<<<<<", "-------"])
def test_a_separator_line_alone_is_text(separator: str) -> None:
    text = f"عنوان المقال\n\nفقرة أولى من المقال.\n{separator}\nفقرة ثانية من المقال.\n"
    assert decode_source(text.encode("utf-8"), "a.txt") == text


def test_a_closing_marker_left_alone_is_named_at_its_line() -> None:
    text = "عنوان المقال\n\nفقرة أولى من المقال.\n=======\nفقرة ثانية.\n>>>>>>> 3f2a1bc (editor)\n"
    with pytest.raises(InputError) as raised:
        decode_source(text.encode("utf-8"), "a.txt")
    assert raised.value.line == 6 and "a >>>>>>> line" in raised.value.message
