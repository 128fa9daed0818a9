"""Cases from the sixth hostile sweep (issue 10), a run kept outside the repository with what a new user and a
careless administrator meet on a real machine: a project copied from a machine with a wrong clock, ... Each
failed before its fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from abuse_projects import copy_default_project
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.errors import EXIT_OK


def _set_every_time(project: Path, seconds: int) -> None:
    for root, folders, files in os.walk(project):
        for name in folders + files:
            os.utime(os.path.join(root, name), (seconds, seconds), follow_symlinks=False)


@pytest.mark.parametrize("seconds", [13_569_465_600, -9_300_000_000], ids=["year 2400", "year 1675"])
def test_a_project_whose_file_times_a_64_bit_nanosecond_count_cannot_hold_is_published(
    tmp_path: Path, argos_packages_dir: Path, seconds: int
) -> None:
    project = copy_default_project(tmp_path / "p")
    assert CliRunner().invoke(cli, ["-C", str(project), "-q", "build"]).exit_code == EXIT_OK
    _set_every_time(project, seconds)  # as `cp -a` brings them from a machine whose clock was wrong
    catalog = project / "translations" / "000_bff552917bc11dca.po"
    catalog.write_bytes(catalog.read_bytes().replace(b'msgstr "Putin', b'msgstr "PUTIN', 1))
    os.utime(catalog, (seconds, seconds))

    for command in ("translate", "status", "publish"):
        result = CliRunner().invoke(cli, ["-C", str(project), "-q", command])
        assert result.exit_code == EXIT_OK, (command, result.output)

    assert "PUTIN" in (project / "site" / "articles" / "000_bff552917bc11dca.html").read_text(encoding="utf-8")
