"""A catalog that is a link (into another project, a shared folder): read as any catalog; when a run must
change it, it becomes a file of its own, said in one line, and the file it led to is left as it was."""

from __future__ import annotations

from pathlib import Path

from abuse_projects import copy_default_project
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.errors import EXIT_INCOMPLETE

ARTICLE = "000_bff552917bc11dca"


def _linked(tmp_path: Path) -> tuple[Path, Path, Path]:
    project = copy_default_project(tmp_path / "p")
    elsewhere = tmp_path / "other-project" / f"{ARTICLE}.po"
    elsewhere.parent.mkdir()
    catalog = project / "translations" / f"{ARTICLE}.po"
    catalog.rename(elsewhere)
    catalog.symlink_to(elsewhere)
    return project, catalog, elsewhere


def test_a_linked_catalog_left_unchanged_stays_a_link_without_a_word(tmp_path: Path, argos_packages_dir: Path):
    project, catalog, _ = _linked(tmp_path)
    result = CliRunner().invoke(cli, ["-C", str(project), "-q", "translate"])
    assert result.exit_code == 0, result.output
    assert "link" not in result.stderr
    assert catalog.is_symlink()


def test_a_linked_catalog_a_run_changes_becomes_a_file_of_its_own_said_in_one_line(
    tmp_path: Path, argos_packages_dir: Path
):
    project, catalog, elsewhere = _linked(tmp_path)
    theirs = elsewhere.read_bytes()
    source = project / "source" / f"{ARTICLE}.txt"
    paragraph = "وقال المتحدث باسم الوزارة إن الفرق الفنية ستواصل عملها خلال الأيام المقبلة لإصلاح الأضرار كلها."
    text = source.read_text(encoding="utf-8").split("\n\n")
    source.write_text("\n\n".join([*text[:3], paragraph, *text[3:]]), encoding="utf-8")

    result = CliRunner().invoke(cli, ["-C", str(project), "-q", "translate"])
    assert result.exit_code == EXIT_INCOMPLETE, result.output  # no model here: the new block waits for one
    said = [line for line in result.stderr.splitlines() if "link" in line]
    assert said == [
        f"toolkit: warning: {catalog}: was a link to {elsewhere}; now a file of its own with its content and "
        "this run's changes (the linked file is left as it was)"
    ]
    assert not catalog.is_symlink() and catalog.is_file()
    assert elsewhere.read_bytes() == theirs
    assert "الفرق الفنية ستواصل" in catalog.read_text(encoding="utf-8")
    again = CliRunner().invoke(cli, ["-C", str(project), "-q", "translate"])
    assert "link" not in again.stderr


def test_align_s_write_replaces_a_dangling_link_with_one_line(tmp_path: Path, capsys) -> None:
    from toolkit.catalog.store import read_catalog, write_catalog

    project = copy_default_project(tmp_path / "p")
    catalog = read_catalog(project / "translations" / f"{ARTICLE}.po")
    link = project / "translations" / "gone.po"
    link.symlink_to(tmp_path / "moved-away.po")
    assert write_catalog(link, catalog)
    assert not link.is_symlink() and not (tmp_path / "moved-away.po").exists()
    assert capsys.readouterr().err == (
        f"toolkit: warning: {link}: was a link to {tmp_path / 'moved-away.po'}; now a file of its own with its "
        "content and this run's changes (the linked file is left as it was)\n"
    )
    same = project / "translations" / "same.po"
    same.symlink_to(link)
    assert not write_catalog(same, catalog)  # nothing to change: the link stays, without a word
    assert same.is_symlink() and capsys.readouterr().err == ""
