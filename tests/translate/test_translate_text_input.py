from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.commands.translate_text import read_lines
from toolkit.config import load_config
from toolkit.errors import InputError
from toolkit.translate.engine import Draft


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


@pytest.mark.parametrize(
    ("arguments", "told"),
    [([], True), (["--from", "ar"], False)],
)
def test_outside_a_project_a_missing_default_pair_says_it_is_the_default(
    argos_packages_dir: Path, tmp_path: Path, arguments: list[str], told: bool
):
    # `echo 你好 | toolkit translate-text` was told only "no Argos package for ar -> en", as if Arabic were read.
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "translate-text", *arguments],
        input="你好\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 3
    hint = "; no toolkit.toml here, so the languages are the default ones: give --from and --to"
    assert done.stderr.rstrip("\n").endswith(hint) == told, done.stderr


class _Output(io.StringIO):
    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self._terminal = terminal

    def isatty(self) -> bool:
        return self._terminal


class _EchoTranslator:
    """Gives each line back as its translation, as a model passes through what it cannot translate."""

    def count_sentences(self, lines: list[str]) -> int:
        return len(lines)

    def translate(self, lines: list[str], on_sentences_done=None) -> list[Draft]:
        return [Draft(line) for line in lines]


CONTROLS = "a\x1b]52;c;cGF5bG9hZA==\x07b\x1b[2Jc\x9bd\u202ee\rf\x00g"


@pytest.mark.parametrize("terminal", [True, False])
def test_control_characters_of_the_input_never_reach_a_terminal_raw(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, terminal: bool
) -> None:
    # An ESC of the input (OSC 52 sets the clipboard, CSI 2J clears the screen), a C1 CSI, a bidi override, a
    # carriage return and a NUL were written to the terminal as they came. translate-text writes to the
    # command line's stdout, which shows them as escapes on a terminal, whatever the command.
    from toolkit import cli
    from toolkit.commands import translate_text

    monkeypatch.setattr(translate_text, "load_translator", lambda config: _EchoTranslator())
    out = _Output(terminal)
    stdin = io.BytesIO(f"{CONTROLS}\nplain\tline\n".encode())
    assert translate_text.run(load_config(tmp_path), True, stdin, cli._Output(out)) == 0
    lines = out.getvalue().split("\n")
    if terminal:
        assert lines == ["a\\x1b]52;c;cGF5bG9hZA==\\x07b\\x1b[2Jc\\x9bd\\u202ee\\rf\\x00g", "plain\tline", ""]
    else:  # a pipe or a file gets the text as translated
        assert lines == [CONTROLS, "plain\tline", ""]


def _translate_text_with_stdin(stdin: object, where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toolkit", "translate-text", "--from", "zh", "--to", "en"],
        stdin=stdin,
        capture_output=True,
        text=True,
        cwd=where,
        timeout=120,
    )


def test_a_standard_input_open_for_writing_only_is_named(argos_packages_dir: Path, tmp_path: Path):
    # `toolkit translate-text 0> file`: "toolkit: cannot work on it: Bad file descriptor", naming nothing.
    with (tmp_path / "written.txt").open("wb") as written:
        done = _translate_text_with_stdin(written, tmp_path)
    assert done.returncode == 1
    told = "toolkit: <stdin>: cannot read standard input: it is not open for reading (0> instead of <?)\n"
    assert done.stderr == told


def test_an_endless_standard_input_is_refused_once_past_the_limit(argos_packages_dir: Path, tmp_path: Path):
    # `< /dev/zero` was read until memory ran out.
    with open("/dev/zero", "rb") as endless:
        done = _translate_text_with_stdin(endless, tmp_path)
    assert done.returncode == 1
    assert done.stderr == "toolkit: <stdin>: standard input holds more than 67.1 MB of text; give it a part at a time\n"
