"""`toolkit translate-text`: lines on stdin, one machine translation per line on stdout, for scripts."""

from __future__ import annotations

import errno
import sys
from typing import BinaryIO, TextIO

import click

from toolkit.clean.decode import MAX_SOURCE_BYTES
from toolkit.clean.language import language_name, text_not_in_the_script_of
from toolkit.clean.pipeline import settings_for
from toolkit.config import CONFIG_FILE, Config
from toolkit.errors import EXIT_OK, InputError, ModelMissingError, shown_size
from toolkit.progress import progress_bar
from toolkit.store.disk import cause
from toolkit.store.files import is_regular_file, read_up_to
from toolkit.translate.packages import load_translator

STDIN_NAME = "<stdin>"
# Lines for a script to translate are text of a few articles at most; more is a device or a dump (`< /dev/zero`
# filled memory until the run was killed).
MAX_INPUT_BYTES = 8 * MAX_SOURCE_BYTES


def read_lines(stream: BinaryIO) -> list[str]:
    """Lines exactly as `wc -l` counts them: split on newlines only, a final newline ends the last line."""
    try:
        data = read_up_to(stream, MAX_INPUT_BYTES)
    except OSError as error:
        # Open for writing only (`0> file`, a redirection the wrong way round): "cannot work on it: Bad file
        # descriptor", named nowhere.
        why = "it is not open for reading (0> instead of <?)" if error.errno == errno.EBADF else cause(error)
        raise InputError(f"cannot read standard input: {why}", STDIN_NAME) from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(
            f"standard input holds more than {shown_size(MAX_INPUT_BYTES)} of text; give it a part at a time",
            STDIN_NAME,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError("not UTF-8 text", STDIN_NAME, line) from None
    if not text:
        return []
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def run(
    config: Config,
    quiet: bool,
    stdin: BinaryIO | None = None,
    stdout: TextIO | None = None,
    languages_given: bool = True,
) -> int:
    if stdin is None and sys.stdin is None:  # started with it closed (`<&-`): Python gives None
        raise InputError("standard input is closed; give the lines to translate on it", STDIN_NAME)
    lines = read_lines(stdin or sys.stdin.buffer)
    out = stdout or sys.stdout
    try:
        translator = load_translator(config)
    except ModelMissingError as error:
        if type(error) is not ModelMissingError or languages_given or is_regular_file(config.project_dir / CONFIG_FILE):
            raise
        # Outside a project the pair is the default one: `echo 你好 | toolkit translate-text` was told only of a
        # missing ar -> en package, as if the toolkit had read Arabic.
        raise ModelMissingError(
            f"{error.message}; no toolkit.toml here, so the languages are the default ones: give --from and --to",
            error.path,
        ) from None
    if said := text_not_in_the_script_of("\n".join(lines), config.source_language, settings_for(config)):
        # The model makes fluent text of any input: Arabic read by the zh -> en model came out "I'm sorry.".
        source = f"{language_name(config.source_language)} ({config.source_language})"
        click.echo(
            f"toolkit: warning: {STDIN_NAME}: {said}, not in that of {source}, the language the model translates from: "
            "its translation is not of the text; give --from the text's language",
            err=True,
        )
    with progress_bar(translator.count_sentences(lines), "translating", "sentence", quiet) as bar:
        drafts = translator.translate(lines, bar.update)
    for number, draft in enumerate(drafts, start=1):
        if draft.warnings:
            click.echo(f"toolkit: {STDIN_NAME}:{number}: {'; '.join(draft.warnings)}", err=True)
    out.write("".join(draft.text + "\n" for draft in drafts))
    out.flush()
    return EXIT_OK
