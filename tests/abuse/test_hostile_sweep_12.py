"""Cases from the twelfth hostile sweep (issue 10), the acceptance run kept outside the repository
(/tmp/s10b/harness.py and b*.py): folders a new project is started over, catalogs and settings at their edges,
and requests to `toolkit serve`. Each test failed before its fix."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from abuse_projects import copy_default_project, run_toolkit, tree_hashes


def _file(path: Path) -> None:
    path.write_text("not a folder\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "make"),
    [("source", _file), ("translations", os.mkfifo), (".gitignore", Path.mkdir), (".gitignore", os.mkfifo)],
    ids=["source-file", "translations-fifo", "gitignore-folder", "gitignore-fifo"],
)
def test_init_over_something_of_the_wrong_kind_writes_nothing_and_runs_once_it_is_moved(
    tmp_path: Path, name: str, make
) -> None:
    # init wrote toolkit.toml and only then found source/ or translations/ a file, or .gitignore a folder: the
    # project was left half-made, and init run again once the thing was moved said "already a toolkit
    # project". A .gitignore that is a pipe was replaced by a file without a word.
    project = tmp_path / "news"
    project.mkdir()
    make(project / name)
    result = run_toolkit(project, "init")
    assert result.returncode != 0
    (line,) = result.stderr.splitlines()
    assert str(project / name) in line
    assert os.listdir(project) == [name]
    if (project / name).is_dir():
        (project / name).rmdir()
    else:
        (project / name).unlink()
    result = run_toolkit(project, "init")
    assert result.returncode == 0, result.stderr
    assert {"toolkit.toml", "source", "translations", ".gitignore"} <= set(os.listdir(project))


def test_a_source_folder_linked_from_elsewhere_leaves_every_catalog_as_it_was(tmp_path: Path) -> None:
    # source/ as a link to the folder the scraper fills (another disk, a shared folder): every catalog was
    # rewritten with the resolved absolute path in X-Article-Source and every #: reference, a machine's path in
    # files kept in git, and back again once the link was gone.
    project = copy_default_project(tmp_path / "p")
    shutil.move(project / "source", tmp_path / "scraped")
    (project / "source").symlink_to(tmp_path / "scraped")
    shipped = tree_hashes(project / "translations")
    result = run_toolkit(project, "-q", "publish")
    assert result.returncode == 0, result.stderr
    assert tree_hashes(project / "translations") == shipped
