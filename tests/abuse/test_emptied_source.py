"""source/ emptied (a network share that did not mount, a folder wiped by mistake) or partly gone, while
translations/ holds the reviewed catalogs made from it: nothing is lost, nothing is silent."""

from __future__ import annotations

from pathlib import Path

import pytest
from abuse_projects import copy_project, published_default_project, run_toolkit, tree_hashes

EMPTIED = "holds no source file, while translations/ holds 5 catalogs made from source files"
HAND_MADE = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n\n'
    'msgctxt "title"\nmsgid "عنوان"\nmsgstr "A title"\n\nmsgctxt "p1"\nmsgid "نص."\nmsgstr "Text."\n'
)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return published_default_project(tmp_path_factory.mktemp("published"))


def _without_sources(published: Path, destination: Path, removed: slice) -> Path:
    project = copy_project(published, destination)
    for source in sorted((project / "source").iterdir())[removed]:
        source.unlink()
    return project


def test_an_emptied_source_folder_stops_the_commands_that_write_before_they_write(
    published: Path, tmp_path: Path
) -> None:
    """Every source gone at once: publish ended 0, silent, and translate said "0 articles"; status and check
    said nothing either. Now publish and translate stop before writing (exit 1), status and check warn of it,
    and `toolkit build`, which the line names, still builds the site from the catalogs alone."""
    project = _without_sources(published, tmp_path / "p", slice(None))
    (project / "source" / ".nfs0001").write_bytes(b"")  # what an unmounted share's folder may still hold
    # A catalog made by hand beside them is not counted among those made from source files.
    (project / "translations" / "hand.po").write_text(HAND_MADE, encoding="utf-8")
    before = tree_hashes(project)
    for command in ("publish", "translate", "status", "check"):
        result = run_toolkit(project, "-q", command) if command == "publish" else run_toolkit(project, command)
        lines = [line for line in result.stderr.splitlines() if EMPTIED in line]
        writes = command in ("publish", "translate")
        assert result.returncode == (1 if writes else 0), (command, result.stderr)
        said = f"toolkit: {'' if writes else 'warning: '}{project / 'source'}: "
        assert len(lines) == 1 and lines[0].startswith(said), (command, result.stderr)
        assert "toolkit build" in lines[0] and "Traceback" not in result.stderr, command
        assert tree_hashes(project) == before, command
    built = run_toolkit(project, "build")
    assert built.returncode == 0, built.stderr
    assert sorted(path.name for path in (project / "site" / "articles").glob("*.html")) == sorted(
        path.with_suffix(".html").name for path in (project / "translations").glob("*.po")
    )


def test_catalogs_made_by_hand_beside_an_empty_source_folder_are_published(tmp_path: Path) -> None:
    """A project of catalogs alone (no header names a source file) is no source/ lost: it publishes."""
    project = tmp_path / "p"
    (project / "source").mkdir(parents=True)
    (project / "translations").mkdir()
    (project / "translations" / "hand.po").write_text(HAND_MADE, encoding="utf-8")
    result = run_toolkit(project, "-q", "publish")
    assert result.returncode == 0, result.stderr
    assert "holds no source file" not in result.stderr
    assert (project / "site" / "articles" / "hand.html").is_file()


def test_sources_partly_gone_are_named_in_one_line_and_keep_their_pages(published: Path, tmp_path: Path) -> None:
    """Four of five sources gone: each of their catalogs was named on a line of its own by every command (an
    archive's folder moved away made hundreds of lines). Now one line counts them and names the first few,
    and their pages stay."""
    project = _without_sources(published, tmp_path / "p", slice(0, 4))
    catalogs = sorted(path.name for path in (project / "translations").glob("*.po"))
    for command in ("status", "translate", "publish"):
        result = run_toolkit(project, "-q", command) if command == "publish" else run_toolkit(project, command)
        assert result.returncode == 0, (command, result.stderr)
        named = [line for line in result.stderr.splitlines() if "no file in source/ makes" in line]
        assert len(named) == 1, (command, result.stderr)
        assert "4 catalogs whose article no file in source/ makes any more" in named[0], named
        assert f"{', '.join(catalogs[:3])} and 1 more; their pages stay on the site" in named[0], named
    pages = sorted(path.name for path in (project / "site" / "articles").glob("*.html"))
    assert pages == [Path(name).with_suffix(".html").name for name in catalogs]
