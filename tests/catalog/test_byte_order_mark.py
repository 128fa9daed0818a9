"""A catalog saved with a byte order mark (some Windows editors write one) is read and written back with it, as
its layout; GNU gettext 0.21's msgfmt and msgcat refuse such a file ("1:2: syntax error"), and `check` passed
it without a word."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.errors import EXIT_OK

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
from site_projects import BlockSpec, catalog_text, write_project


def _project(root: Path, byte_order_mark: bool) -> Path:
    text = catalog_text("a", ("عنوان", "Title"), [BlockSpec("b-1", "نص أول.", "First text.")])
    project_dir = write_project(root, {"a": text})
    if byte_order_mark:
        path = project_dir / "translations" / "a.po"
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return project_dir


def _msgfmt_check(project_dir: Path) -> subprocess.CompletedProcess[str]:
    path = project_dir / "translations" / "a.po"
    return subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)


@pytest.mark.parametrize("byte_order_mark", [True, False])
def test_check_names_a_byte_order_mark_msgfmt_refuses(tmp_path: Path, byte_order_mark: bool) -> None:
    project_dir = _project(tmp_path / "p", byte_order_mark)
    before = (project_dir / "translations" / "a.po").read_bytes()
    assert (_msgfmt_check(project_dir).returncode != 0) is byte_order_mark
    checked = CliRunner().invoke(cli, ["-C", str(project_dir), "-q", "check"])
    said = [line for line in checked.stdout.splitlines() if "[byte-order-mark]" in line or "U+FEFF" in line]
    if not byte_order_mark:
        assert said == [], checked.output
        return
    assert checked.exit_code != EXIT_OK, checked.output
    [line] = said
    assert line.split(": ")[0].endswith("translations/a.po:1") and "[file] " in line and "msgfmt" in line, line
    assert (project_dir / "translations" / "a.po").read_bytes() == before  # named, not mended behind their back
