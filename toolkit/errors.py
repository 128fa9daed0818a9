"""One error type for everything a user can cause; the CLI turns it into one line and an exit code.

What a command does with each, decided here once:
- one article fails (InputError for its source file, CatalogError for its catalog): the command names it,
  skips it and carries on with the others; its page on the site stays as it was; the exit code is 1.
- the project itself is broken (ConfigError, FileSystemError, SiteError, LockedError): the command stops.
  It checks the project's folders before it writes anything (toolkit/store/project.py), and every write is
  atomic, so a failure part-way (a full disk) leaves each file and site/ as it was or whole and new.
A file of the project is named by its absolute path, as the project's Config holds it (load_config resolves
the project folder once), so it reads the same in every command's output, whatever the working folder; no
command rewrites it. A path given on the command line is named as it was typed.
"""

from __future__ import annotations

import codecs
import os
import re
import reprlib
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from toolkit.interrupts import EXIT_INTERRUPTED  # noqa: F401  (an exit code among the others)
from toolkit.scripts import for_terminal


class _ShownValues(reprlib.Repr):
    def repr_str(self, value: str, level: int) -> str:
        # A byte of another encoding than UTF-8 on the command line (kept by Python as a surrogate) as the byte
        # a path shows (`\xe9`), not as Python's '\udce9'; an escaped backslash before "udc" is left as it is.
        return _SURROGATE_ESCAPE.sub(r"\1\\x\2", super().repr_str(value, level))


_SURROGATE_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\udc([89a-f][0-9a-f])")

# A value a message quotes (toolkit.toml's, mostly) is shown in part past these sizes: a wrong one was quoted
# whole, and a list of 200,000 items or a string of a megabyte made one line of up to a megabyte.
_SHOWN_VALUES = _ShownValues()
_SHOWN_VALUES.maxstring = _SHOWN_VALUES.maxother = _SHOWN_VALUES.maxlong = 80
_SHOWN_VALUES.maxlist = _SHOWN_VALUES.maxtuple = _SHOWN_VALUES.maxdict = _SHOWN_VALUES.maxset = 10

# Set, an error the toolkit did not foresee shows its traceback instead of one line.
DEBUG_VARIABLE = "TOOLKIT_DEBUG"


def internal_error(error: BaseException) -> str:
    """The line for an error the toolkit did not foresee: what it was, and how to have its traceback to report.
    A module of another package that is not there is no error of the toolkit's but of its installation: a
    `git pull` that brought a new dependency leaves the environment installed from the older pyproject.toml."""
    missing = error.name.partition(".")[0] if isinstance(error, ModuleNotFoundError) and error.name else ""
    if missing and missing != __package__ and missing not in sys.stdlib_module_names:
        return (
            f"the Python module {missing!r}, which the toolkit needs, is not installed in {sys.prefix} (were the"
            " toolkit's dependencies changed since it was installed?); reinstall the toolkit:"
            f" {toolkit_install_command()}"
        )
    return f"internal error ({type(error).__name__}: {error}); run again with {DEBUG_VARIABLE}=1 and report it"


EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
# The work that could be done was done, but something is still missing (no model for the pair, warnings
# under --strict): scripts can tell "nothing to publish" from "published with gaps".
EXIT_INCOMPLETE = 3
EXIT_LOCKED = 4


def _shown_bytes(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: a byte the file system held in another encoding than UTF-8 (kept by Python as a
    surrogate) shown as `\\xe9`; any other character the output cannot take as its escape (backslashreplace)."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    shown = []
    for character in error.object[error.start : error.end]:
        code = ord(character)
        if 0xDC80 <= code <= 0xDCFF:
            shown.append(f"\\x{code - 0xDC00:02x}")
        else:
            shown.append(character.encode("ascii", "backslashreplace").decode("ascii"))
    return "".join(shown), error.end


# The one way a path is printed, on stdout and stderr alike (cli.main sets it on both streams): `caf\\xe9.txt`,
# a name that can be typed back.
SHOWN_BYTES = "toolkit-shown-bytes"
codecs.register_error(SHOWN_BYTES, _shown_bytes)


def toolkit_install_command(extra: str = "") -> str:
    """The command that installs the toolkit (with an extra) into the Python running it the way it was installed,
    never by its bare name: PyPI's "toolkit" is an unrelated project, and a bare `pip` may be another
    environment's. Run from its source folder (an editable install, a checkout on PYTHONPATH): `pip install -e`
    there. Installed from a folder, a wheel or a repository (`pip install .`, non-editable): that same source
    again, as pip recorded it (PEP 610 direct_url.json); `-e .` would fail outside a source folder and, run in
    one, turn the install into another kind."""
    python = shlex.quote(sys.executable)
    from toolkit.store.files import is_regular_file  # the store imports this module

    source_dir = Path(__file__).parent.parent  # the folder `pip install -e` was run in, for an editable install
    try:
        from_source = is_regular_file(source_dir / "pyproject.toml")
    except FileSystemError:
        from_source = False
    if from_source:
        spec = f"'.[{extra}]'" if extra else "."
        return f"cd {shlex.quote(str(source_dir))} && {python} -m pip install -e {spec}"
    name = f"toolkit[{extra}]" if extra else "toolkit"
    source = installed_from("toolkit")
    if source is None:
        folder = f"'<the toolkit's folder or wheel>[{extra}]'" if extra else "'<the toolkit's folder or wheel>'"
        return f"{python} -m pip install {folder} (where the toolkit was installed from)"
    return f"{python} -m pip install {shlex.quote(f'{name} @ {source}')}"


def installed_from(distribution: str) -> str | None:
    """Where pip installed `distribution` from, as a PEP 508 URL (its direct_url.json); None when it does not
    say (installed from an index, or by another tool) or cannot be read."""
    import json
    from importlib import metadata

    try:
        recorded = json.loads(metadata.distribution(distribution).read_text("direct_url.json") or "null")
    except (metadata.PackageNotFoundError, OSError, ValueError):
        return None
    if not isinstance(recorded, dict) or not isinstance(recorded.get("url"), str):
        return None
    url = recorded["url"]
    vcs = recorded.get("vcs_info")
    if isinstance(vcs, dict) and isinstance(vcs.get("vcs"), str):
        revision = vcs.get("requested_revision") or vcs.get("commit_id")
        url = f"{vcs['vcs']}+{url}" + (f"@{revision}" if isinstance(revision, str) else "")
    subdirectory = recorded.get("subdirectory")
    return url + (f"#subdirectory={subdirectory}" if isinstance(subdirectory, str) else "")


def shown_path(path: Path | str) -> str:
    """A path or file name as the output streams print it, for text that is not printed at once (a table). Its
    control characters are shown as their escapes on any stream, not only on a terminal: a name holding a
    newline (`a\\nb.txt`) split the one line that names a problem into two, the second one a message of its
    own to whatever reads the output line by line."""
    return for_terminal(str(path).encode("utf-8", SHOWN_BYTES).decode("utf-8"))


# How many names a line names before it counts the rest: one line that named each of 300 copies of an article
# was 12 kB, unreadable on a terminal and in a CI log alike.
NAMED_AT_MOST = 3


def named_few(names: Sequence[str], count: int | None = None) -> str:
    """Names as one line gives them, the first few and a count of the rest: "a", "a and b", "a, b and c",
    "a, b, c and 298 more"; `count`: how many there are in all, when `names` holds only the first of them."""
    total = len(names) if count is None else count
    shown = list(names[:NAMED_AT_MOST])
    if total > len(shown):
        return f"{', '.join(shown)} and {total - len(shown):,} more"
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def shell_word(text: str) -> str:
    """`text` as one word of a command a user copies into a POSIX shell: single-quoted where it needs quotes, so
    no `$(...)`, backquote or `$` in a folder's name runs when the command is pasted; a name with a control
    character (a newline) in bash's $'...' quotes, which keep it on the message's one line and give it back."""
    if all(char.isprintable() for char in text):
        return shlex.quote(text)
    return "$'" + "".join(map(_ansi_c_escaped, text)) + "'"


def _ansi_c_escaped(char: str) -> str:
    if char in "\\'":
        return "\\" + char
    if char.isprintable():
        return char
    if "\udc80" <= char <= "\udcff":  # a byte of a name that is not UTF-8 (surrogateescape)
        return f"\\x{ord(char) - 0xDC00:02x}"
    return char.encode("unicode_escape").decode("ascii")


def shown_value(value: object) -> str:
    """A value as a message quotes it: its repr, with the middle of a long string or number and the items past
    the tenth of a long list left out."""
    return _SHOWN_VALUES.repr(value)


def shown_size(size: int) -> str:
    """A number of bytes as a message says it: in bytes under a kB, in kB under a tenth of a MB, in MB under a GB,
    else in GB, one decimal (a bomb of 50 bytes of bzip2 was "its 0.0 MB", a package of 4 kB "0.0 GB")."""
    if size < 1_000:
        return f"{size:,} byte" if size == 1 else f"{size:,} bytes"
    if round(size / 1e3, 1) < 100:
        return f"{size / 1e3:.1f} kB"
    if round(size / 1e6, 1) < 1_000:
        return f"{size / 1e6:.1f} MB"
    return f"{size / 1e9:,.1f} GB"


def shown_folder(path: Path | str) -> str:
    """A folder in the words of a message, its last name and a slash (`source/`): the root is `/`, not `//`, and
    the working folder given as "." is `./`; its control characters are shown as `shown_path` shows them."""
    path = Path(path)
    return shown_path(f"{path.name}/" if path.name else os.path.join(path, ""))


class ToolkitError(Exception):
    """A problem the user can act on, reported as `path:line: message`."""

    exit_code = EXIT_FAILURE

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def lines(self) -> list[str]:
        """What the error says, a line each: one, but for CatalogErrors."""
        return [str(self)]

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            shown = shown_path(self.path)
            where = f"{shown}:{self.line}: " if self.line else f"{shown}: "
        return f"{where}{self.message}"


def not_named_by(warnings: list[str], errors: list[ToolkitError], passed_over: list[str]) -> list[str]:
    """The `warnings` but those of `passed_over` (a listing's "<path>: why it is left out") about a path one of
    `errors` names: a folder where an article's catalog goes was named twice, as a catalog that cannot be read
    and as an entry of translations/ left out."""
    named = tuple(f"{shown_path(error.path)}: " for error in errors if error.path is not None)
    said_by_an_error = {warning for warning in passed_over if warning.startswith(named)}
    return [warning for warning in warnings if warning not in said_by_an_error]


class InputError(ToolkitError):
    """A source file that cannot be read as an article: empty, binary, undecodable, unknown type."""


class OtherScriptError(InputError):
    """A source not in the project source language's script; `said`: what it is in ("the text is in the Arabic
    script"), for the line that names the setting when every source says the same."""

    def __init__(self, message: str, path: Path | str, said: str):
        super().__init__(message, path)
        self.said = said


class CatalogError(ToolkitError):
    """A PO file that does not parse; it is left untouched."""


class CatalogErrors(CatalogError):
    """Several catalogs that cannot be read, all found before the command stopped: each is named on a line of
    its own (`lines`). Its own path, line and message are the first one's."""

    def __init__(self, errors: list[CatalogError]):
        first = errors[0]
        super().__init__(first.message, first.path, first.line)
        self.errors = errors

    def lines(self) -> list[str]:
        return [str(error) for error in self.errors]


class ConfigError(ToolkitError):
    """toolkit.toml is missing a value or holds a wrong one."""

    exit_code = EXIT_USAGE


class ModelMissingError(ToolkitError):
    """No Argos package serves the project's language pair."""

    exit_code = EXIT_INCOMPLETE


class ModelMemoryError(ModelMissingError):
    """The package is installed, but memory ran out loading it: what waits for it waits as for a missing one,
    and the message says what happened (not "install it")."""


class ModelInstallError(ToolkitError):
    """A package could not be installed: the package index is unreachable or has no package for the pair."""


class LockedError(ToolkitError):
    """Another toolkit run holds the project's lock."""

    exit_code = EXIT_LOCKED


class FileSystemError(ToolkitError):
    """The file system refused an operation (permission, full disk, a name too long, a folder of the wrong
    kind): raised by toolkit/store/ with the path, the operation and the cause."""


class OutputError(ToolkitError):
    """stdout refuses what a command prints (a full disk, a closed pipe); `error` is the OSError."""

    def __init__(self, error: OSError):
        super().__init__(f"cannot write the output: {error.strerror or error}", "<stdout>")
        self.error = error


class SiteError(ToolkitError):
    """The site cannot be built or put in place (search indexer failed, site/ is not a folder)."""


class ClusterError(ToolkitError):
    """The Ray cluster cannot be reached, has nothing to run workers on, or its workers cannot load the model."""
