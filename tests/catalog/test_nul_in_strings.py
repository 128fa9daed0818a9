"""A NUL in a catalog's string, typed as such or as an escape gettext accepts (\\0, \\000, \\x0): gettext's strings
end at it, so msgfmt, msgcat and Poedit drop the rest of the translation, where the toolkit read it whole (and
wrote the NUL back raw, which makes git take the file for a binary one). The catalog is named, with its line,
and left untouched, like one whose escapes give bytes that are not UTF-8."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.catalog.store import parse_catalog
from toolkit.cli import cli
from toolkit.errors import CatalogError

HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
NULS = {"\\0": "\\0", "\\000": "\\000", "\\x0": "\\x0 ", "raw": "\x00"}


def _catalog(nul: str) -> str:
    return f'{HEADER}#: source/a.txt:3\nmsgctxt "b-1"\nmsgid "نص"\nmsgstr ""\n"Reviewed text{nul}and the rest of it"\n'


@pytest.mark.parametrize("nul", NULS)
def test_a_nul_in_a_string_is_named_with_its_line_not_read_otherwise_than_gettext_reads_it(nul: str):
    text = _catalog(NULS[nul])
    read_by_gettext = subprocess.run(["msgcat", "-"], input=text.encode(), capture_output=True, check=True).stdout
    assert b"and the rest of it" not in read_by_gettext

    with pytest.raises(CatalogError) as raised:
        parse_catalog(text, Path("translations/a.po"))

    assert raised.value.line == 8
    assert "NUL" in str(raised.value) and "\n" not in str(raised.value)


def test_check_names_a_catalog_with_a_nul_and_leaves_it_as_it_is(tmp_path: Path):
    (tmp_path / "toolkit.toml").write_text('source_language = "ar"\ntarget_language = "en"\n', encoding="utf-8")
    (tmp_path / "source").mkdir()
    (tmp_path / "translations").mkdir()
    catalog = tmp_path / "translations" / "a.po"
    catalog.write_text(_catalog("\\0"), encoding="utf-8")

    checked = CliRunner().invoke(cli, ["-C", str(tmp_path), "-q", "check"])

    assert checked.exit_code == 1, checked.output
    assert "a.po:8:" in checked.stderr and "NUL" in checked.stderr and "Traceback" not in checked.output
    assert catalog.read_text(encoding="utf-8") == _catalog("\\0")
