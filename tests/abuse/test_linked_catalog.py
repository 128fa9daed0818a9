"""A catalog that is a link (into another project, a shared folder): read as any catalog; when a run must
change it, it becomes a file of its own, said in one line, and the file it led to is left as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from abuse_projects import copy_default_project
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.errors import EXIT_INCOMPLETE, CatalogError

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


def test_the_save_of_translate_and_align_refuses_a_dangling_link_and_leaves_a_link_it_need_not_change(
    tmp_path: Path, capsys
) -> None:
    # The write beside this save (write_catalog, left with no caller) replaced a dangling link with a file and
    # a warning; the save translate and align use names it instead, as their reads do.
    from toolkit.catalog.store import load_catalog, read_catalog, save_catalog
    from toolkit.catalog.update import keep_outside_edits

    project = copy_default_project(tmp_path / "p")
    real = project / "translations" / f"{ARTICLE}.po"
    catalog = read_catalog(real)
    link = project / "translations" / "gone.po"
    link.symlink_to(tmp_path / "moved-away.po")
    with pytest.raises(CatalogError, match="which does not exist; fix the link or remove it"):
        save_catalog(link, catalog, None, keep_outside_edits, "en")
    assert link.is_symlink() and not (tmp_path / "moved-away.po").exists()
    same = project / "translations" / "same.po"
    same.symlink_to(real)
    # Nothing to change: the link stays, without a word.
    assert not save_catalog(same, catalog, load_catalog(same, "en")[1], keep_outside_edits, "en")[0]
    assert same.is_symlink() and capsys.readouterr().err == ""
