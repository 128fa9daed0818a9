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


def test_the_command_list_gives_whole_sentences_and_each_help_only_its_own_exit_codes():
    listing = CliRunner().invoke(cli, ["--help"]).output.split("Commands:")[1].split("Exit codes")[0]
    summaries = [line.split(None, 1)[1] for line in listing.strip().splitlines()]
    assert summaries and all(summary.endswith(".") and "..." not in summary for summary in summaries)
    status_help = CliRunner().invoke(cli, ["status", "--help"]).output
    assert "Exit codes: 0 success; 1 " in status_help
    assert "4 another run" not in status_help and "3 done" not in status_help
    publish_help = CliRunner().invoke(cli, ["publish", "--help"]).output
    assert "3 done but incomplete" in publish_help and "4 another run" in publish_help


def test_counts_are_plain_english():
    from toolkit.catalog.entries import StateCounts, counted, state_phrase

    assert [counted(1, "block"), counted(2, "block"), counted(0, "entry", "entries")] == [
        "1 block",
        "2 blocks",
        "0 entries",
    ]
    phrase = state_phrase(StateCounts(reviewed=1, drafts=1, needs_review=2, untranslated=0))
    assert phrase == "1 reviewed, 1 machine draft, 2 need review, 0 untranslated"
