"""Cases from the twenty-second hostile sweep (issue 10), a translator collective's git workflow and Windows
tools: a catalog or a source whose name ends in a space or a dot after its suffix. Each test failed before its
fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from abuse_projects import REPO, copy_default_project
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.errors import EXIT_FAILURE, EXIT_OK

ARTICLE = "000_bff552917bc11dca"


@pytest.mark.parametrize("end", [" ", "."])
def test_a_catalog_whose_name_ends_in_a_space_or_a_dot_keeps_its_page_and_is_not_drafted_afresh(
    tmp_path: Path, argos_packages_dir: Path, end: str
) -> None:
    # A copy through Windows tools or a script that appended a space: "000.po " is 000.po where Windows drops a
    # name's trailing spaces and dots. Here it was left out without a word: build took the reviewed article's
    # page off the site with exit 0, status told translate to make the catalog, and translate wrote a fresh
    # catalog beside the translator's.
    project = copy_default_project(tmp_path / "p")
    catalog = project / "translations" / f"{ARTICLE}.po"
    assert CliRunner().invoke(cli, ["-C", str(project), "-q", "build"]).exit_code == EXIT_OK
    renamed = catalog.rename(catalog.with_name(catalog.name + end))
    for command in ("status", "check", "build", "translate"):
        result = CliRunner().invoke(cli, ["-C", str(project), "-q", command])
        assert result.exit_code == (EXIT_FAILURE if command == "translate" else EXIT_OK), (command, result.output)
        named = [line for line in result.stderr.splitlines() if str(renamed) in line]
        assert named, (command, result.stderr)
        assert f"rename it to {catalog.name}" in named[0], (command, named)
        assert "no catalog in translations/ yet" not in result.stderr
    assert not catalog.exists()
    assert renamed.read_bytes() == (REPO / "translations" / catalog.name).read_bytes()
    assert (project / "site" / "articles" / f"{ARTICLE}.html").is_file()


def test_a_source_whose_name_ends_in_a_space_is_named_not_left_out(tmp_path: Path) -> None:
    # "article.txt " (a scraper's title with its trailing space kept) was passed over by every command in
    # silence; "article.txt." was told it "has no file type".
    project = copy_default_project(tmp_path / "p")
    source = project / "source" / f"{ARTICLE}.txt"
    for end in (" ", "."):
        renamed = source.rename(source.with_name(source.name + end))
        result = CliRunner().invoke(cli, ["-C", str(project), "-q", "status"])
        named = [line for line in result.stderr.splitlines() if f"{renamed}:" in line]
        assert len(named) == 1, result.stderr
        assert named[0].endswith(f"rename it to {source.name}"), named
        source = renamed.rename(source)
