from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.commands.translate_text import read_lines
from toolkit.errors import InputError


@pytest.mark.parametrize(
    ("data", "lines"),
    [
        (b"", []),
        (b"\n", [""]),
        (b"a\n\nb", ["a", "", "b"]),
        (b"a\r\nb\r\n", ["a", "b"]),
        ("\ufeff一\u2028二\n".encode(), ["一\u2028二"]),  # only newlines separate lines, as for `wc -l`
    ],
)
def test_lines_are_counted_as_wc_does(data: bytes, lines: list[str]):
    assert read_lines(io.BytesIO(data)) == lines


def test_undecodable_input_names_its_line():
    with pytest.raises(InputError) as raised:
        read_lines(io.BytesIO(b"ok\nalso ok\n\xff\xfe bad\n"))
    assert str(raised.value) == "<stdin>:3: not UTF-8 text"


def test_cli_without_a_package_exits_3_with_the_install_command(argos_packages_dir: Path, tmp_path: Path):
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "translate-text", "--from", "ar", "--to", "en"],
        input="مرحبا\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 3
    assert done.stdout == ""
    assert done.stderr.startswith("toolkit: no Argos package for ar -> en (translate-ar_en); install it with:")
