"""A plural entry (msgid_plural, msgstr[N]: another tool's, the toolkit writes none) follows the one rule of an
entry's state, gettext's: translated when its first form is. A filled one counted as untranslated in check and
status, and the site showed an empty translation labelled untranslated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from toolkit.catalog.checks import check_plural_forms
from toolkit.catalog.entries import entry_state, state_counts, translation
from toolkit.catalog.update import update_catalogs
from toolkit.cli import cli
from toolkit.errors import EXIT_OK

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "catalog"))
from catalog_fakes import FakeTranslator, NullProgress, article, project
from site_projects import BlockSpec, catalog_text, write_project


def _plural(first: str, second: str, fuzzy: bool = False, context: str | None = None) -> polib.POEntry:
    return polib.POEntry(
        msgctxt=context,
        msgid="مقال واحد",
        msgid_plural="%d مقالات",
        msgstr_plural={0: first, 1: second},
        flags=["fuzzy"] if fuzzy else [],
    )


@pytest.mark.parametrize(
    ("entry", "state"),
    [
        (_plural("one article", "%d articles"), "reviewed"),
        (_plural("one article", ""), "reviewed"),  # msgfmt --statistics counts it translated
        (_plural("", "%d articles"), "untranslated"),
        (_plural("", ""), "untranslated"),
        (_plural("one article", "%d articles", fuzzy=True), "needs-review"),
    ],
)
def test_a_plural_entry_has_the_state_gettext_gives_it(entry: polib.POEntry, state: str, tmp_path: Path) -> None:
    assert entry_state(entry) == state
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    catalog.append(entry)
    path = tmp_path / "one.po"
    catalog.save(str(path))
    command = ["msgfmt", "--statistics", "-o", "/dev/null", str(path)]
    statistics = subprocess.run(command, capture_output=True, text=True)
    assert statistics.stderr.startswith("1 translated" if state == "reviewed" else "0 translated"), statistics.stderr


def _project_with_plurals(root: Path) -> Path:
    text = catalog_text("a", ("عنوان", "Title"), [BlockSpec("b-1", "نص أول.", "First text.")])
    catalog = polib.pofile(text)
    catalog.append(_plural("one article", "%d articles", context="b-2"))
    catalog.append(_plural("", "", context="b-3"))
    catalog.append(_plural("one week", "%d weeks", fuzzy=True, context="b-4"))
    return write_project(root, {"a": str(catalog)})


def test_check_status_and_the_site_count_a_filled_plural_entry_as_translated(tmp_path: Path) -> None:
    project_dir = _project_with_plurals(tmp_path / "p")
    counts = state_counts(polib.pofile(str(project_dir / "translations" / "a.po")))
    assert (counts.reviewed, counts.needs_review, counts.untranslated) == (3, 1, 1)

    checked = CliRunner().invoke(cli, ["-C", str(project_dir), "-q", "check"])
    assert "5 entries: 3 reviewed, 0 machine drafts, 1 needs review, 1 untranslated" in checked.stderr, checked.output
    status = CliRunner().invoke(cli, ["-C", str(project_dir), "-q", "status"])
    assert status.exit_code == EXIT_OK, status.output
    row = next(line for line in status.stdout.splitlines() if line.startswith("a "))
    assert row.split()[1:6] == ["5", "3", "0", "1", "1"], status.stdout

    built = CliRunner().invoke(cli, ["-C", str(project_dir), "-q", "build"])
    assert built.exit_code == EXIT_OK, built.output
    page = (project_dir / "site" / "articles" / "a.html").read_text(encoding="utf-8")
    reviewed = page.split('data-pair="b-2"')[1].split('class="pair ')[0]
    assert "one article" in reviewed
    assert 'state-reviewed" data-pair="b-2"' in page
    assert 'state-untranslated" data-pair="b-3"' in page
    assert 'state-needs-review" data-pair="b-4"' in page


def test_a_draft_of_a_pending_plural_entry_fills_its_first_form(tmp_path: Path) -> None:
    config = project(tmp_path)
    update_catalogs(config, [article("a", ["نص أول"])], FakeTranslator, NullProgress)
    path = config.translations_dir / "a.po"
    catalog = polib.pofile(str(path))
    catalog.append(polib.POEntry(msgid="one day", msgid_plural="%d days", msgstr_plural={0: "", 1: ""}))
    catalog.append(_plural("one article", "%d articles"))
    catalog.save(str(path))

    update_catalogs(config, [article("a", ["نص أول", "one day"])], FakeTranslator, NullProgress)
    saved = {entry.msgid: entry for entry in polib.pofile(str(path))}
    assert translation(saved["one day"]) == "EN(one day)" and entry_state(saved["one day"]) == "draft"
    assert saved["مقال واحد"].msgstr_plural == {0: "one article", 1: "%d articles"}  # a translator's, kept
    checked = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def _project_with_plural_forms(root: Path, plural_forms: str | None, *forms: dict[int, str]) -> Path:
    text = catalog_text("a", ("عنوان", "Title"), [BlockSpec("b-1", "نص أول.", "First text.")])
    catalog = polib.pofile(text)
    if plural_forms is not None:
        catalog.metadata["Plural-Forms"] = plural_forms
    for number, msgstr_plural in enumerate(forms, start=2):
        catalog.append(
            polib.POEntry(
                msgctxt=f"b-{number}", msgid="مقال واحد", msgid_plural="%d مقالات", msgstr_plural=msgstr_plural
            )
        )
    return write_project(root, {"a": str(catalog)})


def _msgfmt_check(project_dir: Path) -> subprocess.CompletedProcess[str]:
    path = project_dir / "translations" / "a.po"
    return subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)


@pytest.mark.parametrize(
    ("forms", "said"),
    [
        ({0: "one", 1: "%d", 2: "%d more"}, "msgstr[2] is past the 2 forms (msgstr[0] to msgstr[1])"),
        ({0: "one", 1: "%d", 2: "", 3: ""}, "msgstr[2] and msgstr[3] are past the 2 forms (msgstr[0] to msgstr[1])"),
        ({0: "one"}, "msgstr[1] is missing"),
        ({0: "one", 2: "%d"}, "msgstr[1] is missing; msgstr[2] is past the 2 forms (msgstr[0] to msgstr[1])"),
    ],
)
def test_check_names_a_plural_entry_whose_forms_are_not_the_header_s_nplurals(
    tmp_path: Path, forms: dict[int, str], said: str
) -> None:
    """msgfmt --check refuses a catalog whose plural entry has a form past the header's nplurals, or lacks one
    below it; `check` passed it."""
    project_dir = _project_with_plural_forms(tmp_path / "p", "nplurals=2; plural=(n != 1);", forms)
    assert _msgfmt_check(project_dir).returncode != 0
    checked = CliRunner().invoke(cli, ["-C", str(project_dir), "-q", "check"])
    assert checked.exit_code != EXIT_OK, checked.output
    line = next(line for line in checked.stdout.splitlines() if "[plural-forms]" in line)
    entry_line = (project_dir / "translations" / "a.po").read_text(encoding="utf-8").splitlines().index('msgctxt "b-2"')
    assert line.startswith(f"translations/a.po:{entry_line + 1}: [b-2] ") or line.startswith(
        f"{project_dir}/translations/a.po:{entry_line + 1}: [b-2] "
    ), line
    assert said in line and "nplurals=2" in line, line


def test_check_passes_plural_entries_with_the_header_s_forms(tmp_path: Path) -> None:
    project_dir = _project_with_plural_forms(
        tmp_path / "p", "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);", {0: "one", 1: "two", 2: "%d"}
    )
    assert _msgfmt_check(project_dir).returncode == 0
    checked = CliRunner().invoke(cli, ["-C", str(project_dir), "-q", "check"])
    assert checked.exit_code == EXIT_OK, checked.output


@pytest.mark.parametrize("plural_forms", [None, "plural=(n != 1);", "nplurals=x; plural=(n != 1);"])
def test_check_names_plural_entries_under_a_header_without_nplurals(tmp_path: Path, plural_forms: str | None) -> None:
    project_dir = _project_with_plural_forms(tmp_path / "p", plural_forms, {0: "one", 1: "%d"})
    assert _msgfmt_check(project_dir).returncode != 0
    checked = CliRunner().invoke(cli, ["-C", str(project_dir), "-q", "check"])
    assert checked.exit_code != EXIT_OK, checked.output
    line = next(line for line in checked.stdout.splitlines() if "[plural-forms]" in line)
    assert "translations/a.po: [Plural-Forms] " in line and "nplurals=" in line, line


def test_a_header_of_a_million_plural_forms_is_named_in_one_short_line() -> None:
    catalog = polib.POFile()
    catalog.metadata = {"Plural-Forms": "nplurals=1000000; plural=n;"}
    catalog.append(polib.POEntry(msgctxt="b-2", msgid="مقال", msgid_plural="%d مقالات", msgstr_plural={0: "one"}))
    [warning] = check_plural_forms(catalog, Path("a.po"))
    assert "msgstr[1], msgstr[2], msgstr[3] and 999,996 more are missing" in str(warning)
    assert len(str(warning)) < 200
