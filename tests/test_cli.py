from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from toolkit.cli import cli

REPO = Path(__file__).resolve().parent.parent


def _project_copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(REPO / "toolkit.toml", project)
    shutil.copytree(REPO / "translations", project / "translations")
    return project


def test_project_option_works_before_and_after_the_command(tmp_path: Path):
    project = _project_copy(tmp_path)
    runner = CliRunner()
    before = runner.invoke(cli, ["-C", str(project), "status"])
    after = runner.invoke(cli, ["status", "-C", str(project), "-q"])
    assert before.exit_code == after.exit_code == 0, after.output
    assert before.output == after.output
    assert "000_bff552917bc11dca" in after.output


def test_a_missing_project_folder_is_one_line_and_exit_2(tmp_path: Path):
    result = CliRunner().invoke(cli, ["status", "-C", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
