"""Minimal cases found by mutating the project's own catalogs, toolkit.toml, glossary and devdata pages and
running the real commands on each (issue 10). Each test failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from abuse_projects import copy_default_project
from click.testing import CliRunner

from toolkit.catalog.checks import check_numbers
from toolkit.catalog.store import read_catalog
from toolkit.cli import cli
from toolkit.errors import EXIT_FAILURE

ARTICLE = "002_697928dbe68ab915"


@pytest.mark.parametrize(
    "entry",
    [
        # A header's lines spliced in after a context line: polib took the last `msgid ""` for the header, made the
        # real header an entry, and translate wrote the spliced lines into the header.
        'msgctxt ""\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n"Lavrov said:"\n',
        # An entry whose source text was deleted: its translation became header lines.
        'msgctxt "b-00000001"\nmsgid ""\nmsgstr "The reviewed translation."\n',
    ],
)
def test_an_entry_with_a_context_and_no_source_text_is_named_and_left_untouched(tmp_path: Path, entry: str) -> None:
    project = copy_default_project(tmp_path / "p")
    catalog = project / "translations" / f"{ARTICLE}.po"
    text = catalog.read_text(encoding="utf-8") + "\n" + entry
    catalog.write_text(text, encoding="utf-8")
    line = len(text.splitlines()) - len(entry.splitlines()) + 2  # the line of its msgid
    for command in ("translate", "status", "check", "build"):
        result = CliRunner().invoke(cli, ["-C", str(project), "-q", command], env={"ARGOS_PACKAGES_DIR": str(tmp_path)})
        assert result.exit_code == EXIT_FAILURE, result.output
        assert f"{catalog}:{line}: not a valid PO file: an entry with a context and no source text" in result.output
        assert catalog.read_text(encoding="utf-8") == text


def test_a_plural_entry_translated_only_in_another_form_is_kept_when_it_goes_obsolete(tmp_path: Path) -> None:
    # Another tool's plural entry whose first form is empty and whose second a translator filled, its paragraph
    # gone from the source: gettext's rule (an obsolete entry without its first form is dropped) threw the
    # second form away with exit 0, "1 file written".
    project = copy_default_project(tmp_path / "p")
    catalog = project / "translations" / f"{ARTICLE}.po"
    entry = 'msgctxt "b-plural"\nmsgid "one day"\nmsgid_plural "days"\nmsgstr[0] ""\nmsgstr[1] "days, by hand"\n'
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n" + entry, encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(project), "-q", "translate"], env={"ARGOS_PACKAGES_DIR": str(tmp_path)})
    assert result.exit_code == 0, result.output
    kept = [entry for entry in read_catalog(catalog) if entry.msgctxt == "b-plural"]
    assert [(entry.obsolete, entry.msgstr_plural) for entry in kept] == [(1, {0: "", 1: "days, by hand"})]


@pytest.mark.parametrize(
    ("ending", "line"),
    [
        # msgfmt refuses each ("syntax error", "inconsistent use of #~"); polib passed over what it could not
        # place, and translate wrote the file without it (exit 0), or took the stray line into the header: the
        # catalog's metadata was read as empty.
        ('#~ "a continuation of nothing"', 1),
        ('#~ msgctxt "b-00000001"', 1),
        ('#| msgid "a previous source with no entry after it"', 1),
        ('#~| msgid "a previous source"\n\n#~ "and a continuation of nothing"', 3),
    ],
    ids=["continuation", "context alone", "previous alone", "previous and continuation"],
)
def test_an_obsolete_entry_or_previous_source_out_of_order_is_named_and_left_untouched(
    tmp_path: Path, ending: str, line: int
) -> None:
    project = copy_default_project(tmp_path / "p")
    catalog = project / "translations" / f"{ARTICLE}.po"
    text = catalog.read_text(encoding="utf-8") + "\n" + ending + "\n"
    catalog.write_text(text, encoding="utf-8")
    line += len(text.splitlines()) - len(ending.splitlines())
    for command in ("translate", "status"):
        result = CliRunner().invoke(cli, ["-C", str(project), "-q", command], env={"ARGOS_PACKAGES_DIR": str(tmp_path)})
        assert result.exit_code == EXIT_FAILURE, result.output
        assert f"{catalog}:{line}: not a valid PO file: " in result.output
        assert catalog.read_text(encoding="utf-8") == text


def test_a_crlf_catalog_with_a_string_of_many_lines_is_read(tmp_path: Path) -> None:
    # A string of 64 lines and 16 kB or more is joined into one line before polib reads it (polib copies the
    # string at each line); in a catalog with CRLF line ends each line's CR was taken for its closing quote, and
    # the catalog was refused ("unescaped double quote found"), also one the toolkit itself had just written.
    long_text = "A long paragraph. " * 1_200
    lines = ['"' + long_text[start : start + 70] + '"' for start in range(0, len(long_text), 70)]
    text = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "b-00000001"\nmsgid "نص"\nmsgstr ""\n' + "\n".join(lines) + "\n"
    )
    catalog = tmp_path / "article.po"
    catalog.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    (entry,) = read_catalog(catalog)
    assert entry.msgstr == long_text


@pytest.mark.parametrize(
    ("source", "target", "language"),
    [
        ("العدد 7", "The number 7 and " + "1" * 5_000, "ar"),  # shown grouped in the warning
        ("العدد 7", "The number 7 and 1" + ".000" * 1_500, "ar"),  # dot-grouped thousands
        ("数字" + "二" * 5_000, "The number", "zh"),  # Chinese digits read one by one
        ("数字一" + "亿" * 600, "The number", "zh"),  # a numeral of 4,800 digits
    ],
    ids=["digits", "dot-grouped", "han digits", "han myriads"],
)
def test_a_number_of_thousands_of_digits_is_checked_without_a_traceback(
    source: str, target: str, language: str
) -> None:
    # An octal escape followed by 4,999 digits in a msgstr (a mutation of the shipped catalogs): int() and str()
    # refuse more than 4,300 digits, and status, check and build ended in "internal error (ValueError)".
    message = check_numbers(source, target, language, "en")
    assert message is not None and message.startswith("numbers differ (")


def test_a_language_header_joined_with_the_next_field_line_is_named_on_one_line(tmp_path: Path) -> None:
    # A header field line without its colon joins the one above (polib, as gettext): Language became
    # "en\nMIME-Version 1.0", and the language's name in the message, the code itself, split the message.
    project = copy_default_project(tmp_path / "p")
    catalog = project / "translations" / f"{ARTICLE}.po"
    text = catalog.read_text(encoding="utf-8").replace('"MIME-Version: 1.0\\n"', '"MIME-Version 1.0\\n"', 1)
    catalog.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(project), "-q", "status"])
    assert result.exit_code == EXIT_FAILURE, result.output
    (line,) = [line for line in result.output.splitlines() if f"{catalog}: its header says Language:" in line]
    assert "(en\\nmime), not the project's target_language en (English)" in line
    assert catalog.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("number", ["9" * 5_000, "²"], ids=["5,000 digits", "superscript"])
def test_a_reference_whose_line_number_int_cannot_read_is_built_with_its_page(tmp_path: Path, number: str) -> None:
    # The build orders a page's pairs by their `#:` line numbers: int() refused a number of more than 4,300
    # digits (a mutation of the shipped catalogs) and a superscript digit, which str.isdigit() lets through, and
    # the build ended in "internal error (ValueError)" with no site.
    project = copy_default_project(tmp_path / "p")
    catalog = project / "translations" / f"{ARTICLE}.po"
    reference = f"#: source/{ARTICLE}.txt:"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace(reference, reference + number, 1), encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(project), "-q", "build"])
    assert result.exit_code == 0, result.output
    assert (project / "site" / "articles" / f"{ARTICLE}.html").is_file()
