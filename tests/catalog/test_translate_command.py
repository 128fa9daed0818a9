"""`toolkit translate` as a user runs it, without a model: catalogs kept up to date, exit 3, nothing lost."""

from __future__ import annotations

from pathlib import Path

from zh_projects import make_project, msgfmt_check, run

from toolkit.catalog.store import read_catalog, serialize_catalog
from toolkit.errors import EXIT_FAILURE, EXIT_INCOMPLETE


def _stamps(project: Path) -> dict[Path, tuple[int, bytes]]:
    return {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (project / "translations").glob("*.po")}


def test_without_model_every_catalog_is_written_with_empty_entries_and_exit_3(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", None, articles=2)
    packages = tmp_path / "packages"
    result = run(project, packages, "translate")
    assert result.returncode == EXIT_INCOMPLETE, result.stderr
    assert "Traceback" not in result.stderr
    assert "translate-zh_en" in result.stderr
    assert "toolkit models install zh en" in result.stderr
    assert "2 articles" in result.stderr.splitlines()[-1]
    catalogs = sorted((project / "translations").glob("*.po"))
    assert [p.name for p in catalogs] == ["article-00.po", "article-01.po"]
    for path in catalogs:
        entries = [e for e in read_catalog(path) if not e.obsolete]
        assert len(entries) == 4 and all(e.msgstr == "" for e in entries)
        assert msgfmt_check(path).returncode == 0

    before = _stamps(project)
    again = run(project, packages, "translate")
    assert again.returncode == EXIT_INCOMPLETE
    assert _stamps(project) == before


def test_hand_translation_without_model_survives_and_broken_catalog_is_left_alone(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", None, articles=2)
    packages = tmp_path / "packages"
    run(project, packages, "translate")
    good = project / "translations" / "article-00.po"
    catalog = read_catalog(good)
    catalog[1].msgstr = "Translated by hand."
    catalog[1].tcomment = "done offline"
    good.write_bytes(serialize_catalog(catalog))
    broken = project / "translations" / "article-01.po"
    broken_text = broken.read_text(encoding="utf-8").replace('msgctxt "title"', 'msgctxt "title', 1)
    broken.write_text(broken_text, encoding="utf-8")

    result = run(project, packages, "translate")
    assert result.returncode == EXIT_FAILURE, result.stderr
    line = broken_text.splitlines().index('msgctxt "title') + 1
    assert f"article-01.po:{line}:" in result.stderr
    assert broken.read_text(encoding="utf-8") == broken_text
    entry = read_catalog(good)[1]
    assert (entry.msgstr, entry.tcomment, entry.fuzzy) == ("Translated by hand.", "done offline", False)


def test_help_says_what_each_command_reads_writes_and_exits_with() -> None:
    from click.testing import CliRunner

    from toolkit.cli import cli

    for name, writes in (("translate", "Writes"), ("status", "writes nothing"), ("check", "writes nothing")):
        text = " ".join(CliRunner().invoke(cli, [name, "--help"]).output.split())
        assert "Reads" in text and writes in text and "Exit codes" in text, name


def test_an_article_filled_wholly_from_memory_does_not_ask_for_a_model(tmp_path: Path) -> None:
    # The engine was asked for before the memory filled what was pending: with no package installed the run
    # said "no Argos package ... install it" and exited 3, while nothing waited for a model.
    project = make_project(tmp_path / "project", None, articles=1)
    packages = tmp_path / "packages"
    run(project, packages, "translate")
    reviewed = project / "translations" / "article-00.po"
    catalog = read_catalog(reviewed)
    for number, entry in enumerate(catalog):
        entry.msgstr = f"Reviewed paragraph {number}."
    reviewed.write_bytes(serialize_catalog(catalog))
    (project / "source" / "article-01.txt").write_bytes((project / "source" / "article-00.txt").read_bytes())

    result = run(project, packages, "translate")
    assert result.returncode == 0, result.stderr
    assert "Argos" not in result.stderr and "install" not in result.stderr
    assert "0 untranslated" in result.stderr.splitlines()[-1]
    assert all(entry.msgstr for entry in read_catalog(project / "translations" / "article-01.po"))
