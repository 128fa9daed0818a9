"""Cases from the seventeenth hostile sweep (issue 10): two projects sharing folders by link, and what a rewrite
of a translator's file keeps. Each test failed before its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from abuse_projects import copy_default_project, run_toolkit, tree_hashes

ARTICLE = "000_bff552917bc11dca"


@pytest.mark.parametrize("folder", ["translations", ".toolkit"])
def test_a_folder_linked_to_another_projects_own_is_refused_and_that_project_left_as_it_was(
    tmp_path: Path, folder: str
) -> None:
    # A second project (another site title, another set of sources) made with `ln -s ../news/translations`:
    # its publish rewrote the first project's catalogs against its own sources, and the first project's
    # reviewed entries stayed marked fuzzy after its own next publish. A shared .toolkit/ mixed the two
    # projects' records: each build moved the other's search files out of site/ as "not made by the build".
    first = copy_default_project(tmp_path / "news")
    assert run_toolkit(first, "-q", "publish").returncode == 0
    second = copy_default_project(tmp_path / "mirror")
    shutil.rmtree(second / "translations")
    (second / folder).symlink_to(first / folder)
    source = second / "source" / f"{ARTICLE}.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("الكرملين", "القصر"), encoding="utf-8")
    if folder != "translations":
        shutil.copytree(first / "translations", second / "translations")
    kept = tree_hashes(first, skip=())
    for command in ("publish", "build", "status"):
        result = run_toolkit(second, "-q", command)
        assert result.returncode == 1, (command, result.stderr)
        assert result.stderr == (
            f"toolkit: {second / folder}: leads to {first / folder}, the {folder}/ folder of the toolkit project "
            f"{first}, which that project's runs read and write; give this project a {folder}/ folder of its own "
            "(a copy, not a link)\n"
        ), command
    assert tree_hashes(first, skip=()) == kept
