"""The `toolkit` command: each subcommand loads the config and hands over to `toolkit.commands.<name>.run`.

Command modules are imported inside each command so that `toolkit clean` never pays for loading the
translation engine.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import importlib
import io
import math
import os
import re
import sys
from pathlib import Path
from typing import NoReturn

import click

from toolkit import __version__, interrupts, limits
from toolkit.config import load_config
from toolkit.errors import (
    DEBUG_VARIABLE,
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    SHOWN_BYTES,
    ConfigError,
    OutputError,
    ToolkitError,
    internal_error,
    shown_path,
)
from toolkit.progress import is_terminal
from toolkit.scripts import for_terminal
from toolkit.store.disk import cause, file_system_error, watch_file_size_limit
from toolkit.store.files import file_mode

# What each exit code means; every command's help lists only the codes it can give.
EXIT_MEANINGS = {
    0: "success",
    1: "an input, catalog or model failed (named on stderr)",
    2: "bad usage, toolkit.toml, or not a project",
    3: "done but incomplete (no model for the language pair)",
    4: "another run holds the project's lock",
    130: "interrupted (every file written so far is whole)",
}
_INCOMPLETE_UNDER_STRICT = "done but incomplete (no model for the language pair, or warnings under --strict)"


def exit_codes(*codes: int, strict: bool = False) -> str:
    """The help epilog naming the exit codes a command can give; `strict`: it has --strict, which gives 3 for
    warnings too (translate's help said so of an option it does not have)."""
    meanings = {**EXIT_MEANINGS, 3: _INCOMPLETE_UNDER_STRICT} if strict else EXIT_MEANINGS
    return "Exit codes: " + "; ".join(f"{code} {meanings[code]}" for code in codes) + "."


EXIT_CODES_HELP = exit_codes(*EXIT_MEANINGS, strict=True)


def _fail(message: str, code: int) -> None:
    click.echo(f"toolkit: {message}", err=True)
    sys.exit(code)


# What the toolkit's own output may write raw to a terminal: its lines' tabs and ends, and on stderr the
# carriage return that redraws a progress bar (nothing redraws stdout).
_KEPT_ON_STDOUT = "\t\n"
_KEPT_ON_STDERR = "\t\n\r"


class _Output:
    """sys.stdout, whose write failures (a full disk, a reader gone) are told apart from the file system's:
    an OutputError, not an OSError. On a terminal, no control character of the text reaches it raw
    (scripts.for_terminal), whatever command put the text together."""

    def __init__(self, stream):
        self._stream = stream
        self._terminal = is_terminal(stream)

    def write(self, text: str) -> int:
        if self._terminal:
            text = for_terminal(text, _KEPT_ON_STDOUT)
        try:
            return self._stream.write(text)
        except OSError as error:
            raise OutputError(error) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as error:
            raise OutputError(error) from None

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


class _Terminal:
    """sys.stderr on a terminal: no control character of what is written reaches it raw (click writes a file
    name's ESC sequence as it is to a terminal, and strips only ANSI colours elsewhere)."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(for_terminal(text, _KEPT_ON_STDERR))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


class _ClosedOutput(io.TextIOBase):
    """Standard output for a run started with it closed (`toolkit clean >&-`): Python gives None, which click
    writes to as to nowhere, so the run ended 0 with its output lost. Writing to it fails, as to a full disk."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _stop_output(error: OutputError) -> NoReturn:
    """End a run whose output cannot be written, with one line on stderr; a reader that stopped reading
    (`toolkit clean | head`) is no failure of the run's, so it ends quietly, as other tools do."""
    # Whatever is still buffered, and the flush at exit, go nowhere instead of failing again.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.__stdout__.fileno())
    sys.stdout = sys.__stdout__
    if error.error.errno == errno.EPIPE:
        sys.exit(EXIT_FAILURE)
    _fail(f"cannot write the output: {cause(error.error)}", EXIT_FAILURE)


def _guarded(action):
    """Run a command body; a ToolkitError becomes one line on stderr and its exit code, never a traceback.

    toolkit/store/ names the path and operation of every file-system failure; the OSError and the unexpected
    error caught here are the last line, for what slipped past it (TOOLKIT_DEBUG=1 shows the traceback)."""
    try:
        with interrupts.working():
            code = action()
    except OutputError as error:
        _stop_output(error)
    except ToolkitError as error:
        *before, last = error.lines()
        for line in before:
            click.echo(f"toolkit: {line}", err=True)
        _fail(last, error.exit_code)
    except KeyboardInterrupt:
        _fail(interrupts.INTERRUPTED, EXIT_INTERRUPTED)
    except Exception as error:
        if os.environ.get(DEBUG_VARIABLE):
            raise
        exhausted = limits.line_for(error)
        if exhausted:
            # The line made when the run started: the memory the failed work holds is not given back until this
            # handler ends (its traceback keeps it), and putting a line together here ran out again.
            limits.say(exhausted)
            sys.exit(EXIT_FAILURE)
        if isinstance(error, OSError):
            _fail(str(file_system_error("work on it", None, error)), EXIT_FAILURE)
        _fail(internal_error(error), EXIT_FAILURE)
    sys.exit(code or 0)


def _command(name: str):
    """The module of a command, imported when it runs, inside `_guarded`: an import that fails for want of
    memory is named like any other failure of the run."""
    return importlib.import_module(f"toolkit.commands.{name}")


class _OneLineError(click.BadParameter):
    """A value the command line cannot take: one line and exit 2, not click's usage block around it."""

    def show(self, file=None) -> None:
        click.echo(f"toolkit: {self.message}", err=True)


class _WholeNumber(click.ParamType):
    """A whole number from `low` to `high`, or one line naming the option, the value and what it must be. Without
    bounds, the range is the setting's, checked by load_config as in toolkit.toml."""

    name = "integer"

    def __init__(self, meaning: str, low: float = -math.inf, high: float = math.inf) -> None:
        self.meaning, self.low, self.high = meaning, low, high

    def convert(self, value, param, ctx):
        text = str(value).strip()
        # ASCII digits only: int() also takes "80_00" and other scripts' digits, which would bind another port. A
        # minus sign is read, so that -1 is named as out of range, not as "not a whole number".
        number = value if isinstance(value, int) else int(text) if re.fullmatch(r"-?[0-9]+", text) else None
        if number is None or isinstance(number, bool) or not self.low <= number <= self.high:
            shown = "/".join(param.opts) if isinstance(param, click.Option) else "value"
            raise _OneLineError(f"{shown} {value!r} is not {self.meaning}; nothing was done")
        return number


def _refuse_empty(value, param: click.Parameter) -> None:
    if isinstance(value, (str, bytes)) and not value:
        shown = "/".join(param.opts) if isinstance(param, click.Option) else param.human_readable_name
        raise _OneLineError(f"{shown} is empty (an unset shell variable?); nothing was done: give a path")


# A web address given where a file belongs: read as a path, "https://x.org/a.html" became "https:/x.org/a.html:
# no such file", which hid what was wrong.
_WEB_ADDRESS = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def _refuse_web_address(value, param: click.Parameter) -> None:
    if isinstance(value, str) and _WEB_ADDRESS.match(value):
        shown = "/".join(param.opts) if isinstance(param, click.Option) else param.human_readable_name
        raise _OneLineError(
            f"{shown} '{shown_path(value)}' is a web address, not a path: save or download it first and give "
            "its path; nothing was done"
        )


def _refuse_unexpanded_home(value, param: click.Parameter) -> None:
    """A path beginning with ~ that reached the toolkit as it was typed: the shell expands it only unquoted (not
    in "~/news", nor from a service file or a script's variable), and taken as it is, init made a folder named ~
    in the current folder. A folder really named so is still taken: it is there, or given as ./~."""
    if not isinstance(value, str) or not value.startswith("~"):
        return
    first = value.split("/", 1)[0]
    home = os.path.expanduser(first)
    if home == first or file_mode(first, follow_links=False) is not None:
        return
    shown = "/".join(param.opts) if isinstance(param, click.Option) else param.human_readable_name
    meant = shown_path(os.path.expanduser(value))
    raise _OneLineError(
        f"{shown} '{shown_path(value)}' begins with '{first}', which the shell expands to a home folder only "
        f"where it is not quoted; give {meant} (or ./{shown_path(value)} for a folder named '{first}'); nothing "
        "was done"
    )


class _GivenPath(click.Path):
    """The one type of every path the command line takes: click's Path, refusing the empty string, a web
    address and a ~ the shell did not expand. What kind of entry it names is the command's to check, in one
    line: click looked at the path from the current folder, which the command takes from the project folder
    (-C), and refused a file of the project for a folder of that name where the command was run, in three lines
    of usage."""

    def __init__(self, kind: str = "path") -> None:
        super().__init__(path_type=Path)
        self.name = kind  # its metavar in the help: DIRECTORY, FILE or PATH

    def convert(self, value, param, ctx):
        _refuse_empty(value, param)
        _refuse_web_address(value, param)
        _refuse_unexpanded_home(value, param)
        return super().convert(value, param, ctx)


class _ArticleName(click.ParamType):
    """An article id or its source file (a path too), refusing the empty string as paths do."""

    name = "article"

    def convert(self, value, param, ctx):
        _refuse_empty(value, param)
        return value


_pass_options = click.make_pass_decorator(dict, ensure=True)


def _set_option(context: click.Context, param: click.Parameter, value):
    if value not in (None, False):
        options = context.ensure_object(dict)
        # A -C after the command is relative to the one before it, as git's second -C is to its first.
        options[param.name] = options["project"] / value if param.name == "project" and "project" in options else value


def _in_project(project: Path, value):
    """A path argument's value (a path, a tuple of them, or None) relative to the project folder."""
    if isinstance(value, tuple):
        return tuple(project / path for path in value)
    return None if value is None else project / value


def _paths_in_project(callback):
    """Every path a command is given is relative to the project folder (-C), as `git -C` makes them: the
    shell changes to that folder first, in effect. Only the paths the command line names are moved; an
    absolute one stays as it is."""

    @functools.wraps(callback)
    def command(options: dict, **arguments):
        for param in click.get_current_context().command.params:
            if isinstance(param.type, _GivenPath) and param.name in arguments:
                arguments[param.name] = _in_project(options["project"], arguments[param.name])
        return callback(options, **arguments)

    return command


def pass_project(command):
    """Give a subcommand the global options, also accepted after its name (`toolkit build -C ../other`), and
    its path arguments relative to the project folder."""
    command = _pass_options(_paths_in_project(command))
    command = click.option(
        "-q", "--quiet", is_flag=True, expose_value=False, callback=_set_option, help="No progress display."
    )(command)
    return click.option(
        "-C",
        "--project",
        type=_GivenPath("directory"),
        expose_value=False,
        callback=_set_option,
        help="Project folder (default: the one given before the command, else the current folder).",
    )(command)


@click.group(
    epilog=EXIT_CODES_HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="""Clean scraped Arabic news, draft English with Argos Translate into PO files, publish a bilingual site.

    Pipeline: source/ --clean--> articles --translate--> translations/*.po --build--> site/.
    """,
)
@click.option(
    "-C",
    "--project",
    type=_GivenPath("directory"),
    default=".",
    show_default=True,
    help="Project folder (holds toolkit.toml, source/, translations/, site/); paths given to commands are relative "
    "to it, as with git -C.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress display (also off when stderr is not a terminal).")
@click.version_option(__version__, prog_name="toolkit")
@click.pass_context
def cli(context: click.Context, project: Path, quiet: bool) -> None:
    context.obj = {"project": project, "quiet": quiet}


def _reachable(project: Path) -> Path:
    """The project folder as given; a relative one when the current folder is gone (deleted or moved while a
    shell was in it) is refused, naming that, instead of ending at the last guard as 'no such file'."""
    if not project.is_absolute():
        try:
            os.getcwd()
        except OSError as error:
            raise ConfigError(
                f"the current folder cannot be reached ({cause(error)}: deleted or moved?); cd to the project, "
                "or give its full path with -C"
            ) from None
    return project


def _config(options: dict, require_project: bool = True, **overrides):
    """The project's settings; a folder that is not a project is refused (untouched) unless the command
    does not need one (translate-text, models, clean given files)."""
    from toolkit.commands.init import require_project as check_project

    _reachable(options["project"])
    if require_project:
        check_project(options["project"])
    return load_config(options["project"], **overrides)


@cli.command(
    epilog=exit_codes(0, 2),
    short_help="Start a project: toolkit.toml, source/, translations/.",
    help="""Start a project in DIRECTORY (default: the project folder, else the current folder).

    Writes a commented toolkit.toml, empty source/ and translations/ folders, and a .gitignore entry for
    site/ and .toolkit/ (added to an existing .gitignore). Reads only whether the folder already holds a
    project: one with a toolkit.toml is refused and left unchanged.
    """,
)
@click.argument("directory", required=False, type=_GivenPath("directory"))
@click.option("--from", "source", default="ar", show_default=True, help="The articles' language.")
@click.option("--to", "target", default="en", show_default=True, help="The translations' language.")
@click.option("--title", help="The site's title (default: the folder's name).")
@pass_project
def init(options: dict, directory: Path | None, source: str, target: str, title: str | None) -> None:
    _guarded(lambda: _command("init").run(_reachable(directory or options["project"]), source, target, title))


@cli.command(
    epilog=exit_codes(0, 1, 2, 130),
    short_help="Strip web boilerplate from scraped articles.",
    help="""Strip web boilerplate from scraped articles (.txt; pages as saved: .html, .htm, .mhtml, .webarchive,
    .php, ...; also compressed: .gz, .bz2, .xz) and print clean articles.

    Reads PATHS (files or folders), or every file in source/ when none is given. Writes only to stdout;
    with --explain the explanation goes to stderr so stdout stays clean.
    """,
)
@click.argument("paths", nargs=-1, type=_GivenPath())
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True
)
@click.option(
    "--explain", is_flag=True, help="Also list every removed line with its rule, and where metadata came from."
)
@pass_project
def clean(options: dict, paths: tuple[Path, ...], output_format: str, explain: bool) -> None:
    _guarded(
        lambda: _command("clean").run(_config(options, require_project=not paths), list(paths), output_format, explain)
    )


_CLUSTER_OPTION = click.option(
    "--cluster",
    "cluster_address",
    metavar="ADDRESS",
    help="Draft on a Ray cluster: host:port, ray://host:port, auto, or local (Ray on this machine); "
    "default: [cluster] address in toolkit.toml, else this machine without Ray. "
    "Needs Ray, the toolkit's cluster extra: without it, --cluster says the command that installs it.",
)


@cli.command(
    epilog=exit_codes(0, 1, 2, 3, 4, 130),
    short_help="Update every catalog and draft what is untranslated.",
    help="""Bring every article's PO catalog up to date and draft English for what is untranslated.

    Reads source/ (cleaned as `toolkit clean` does), translations/*.po and the Argos package for the
    project's language pair (model_file in toolkit.toml is installed on first use). Writes
    translations/<article-id>.po atomically, only when its content changed: new blocks are added, changed
    ones merged like `msgmerge --previous`, removed ones kept as obsolete entries, and machine drafts are
    marked fuzzy. Reviewed entries (a translation without the fuzzy flag) are never changed. A catalog that
    does not parse is named with its line and left untouched. Without a model every catalog is still
    brought up to date, the missing package and its install command are named, and the exit code is 3.
    With --cluster the drafts (the same ones) are made by one worker per core or GPU of a Ray cluster; a
    cluster that cannot be reached, or whose workers cannot load the package, is exit 1 before any catalog
    is touched.
    """,
)
@_CLUSTER_OPTION
@pass_project
def translate(options: dict, cluster_address: str | None) -> None:
    _guarded(lambda: _command("translate").run(_config(options, cluster_address=cluster_address), options["quiet"]))


@cli.command(
    epilog=exit_codes(0, 1, 2),
    short_help="Entries by state and warnings, per article.",
    help="""Print, per article and in total, the entries by state and the warnings the checks found.

    The entries are the title and every block; each is reviewed, a machine draft, needs review or is
    untranslated, counted as publish, check and the site count them.

    Reads translations/*.po and glossary.csv (writes nothing). Each warning of the quality checks (as `toolkit
    check`) is listed as file:line. Exit code 1 when a catalog does not parse, 2 when glossary.csv is bad.
    """,
)
@click.option(
    "--by-confidence",
    is_flag=True,
    help="Also list every machine draft and alignment with its confidence (0-1), lowest first: where to look first.",
)
@click.option(
    "--needs-review",
    is_flag=True,
    help="Also list every entry that needs review with why (its source changed, from the memory, ...), file:line.",
)
@pass_project
def status(options: dict, by_confidence: bool, needs_review: bool) -> None:
    _guarded(lambda: _command("status").run(_config(options), by_confidence, needs_review))


@cli.command(
    epilog=exit_codes(0, 1, 2),
    short_help="Quality checks on every translation.",
    help="""Run the quality checks on every translation in translations/*.po; exit 1 when anything is flagged.

    Reads translations/*.po and glossary.csv (writes nothing). Prints one file:line warning per problem on
    stdout, ending with the check's name, and a count on stderr. The checks: empty, line-breaks, same,
    numbers, source-script, latin-words, names, glossary, artifacts, hidden (words the page never shows),
    dropped-span, repetition, sentences, length,
    and engine (what the engine noted on its draft); of a whole catalog: date (an article date that names no
    day) and order (paragraphs a tool sorted by their text with their source lines dropped, which the site shows
    in that order). A translator silences one on one entry with the flag
    `#, ignore-<name>` or a translator comment line `# ignore-<name>` (kept by msgcat and msgmerge, which drop
    flags they do not know). Exit code 0 when no translation is flagged, 1 on any warning or unreadable catalog, 2
    when glossary.csv is bad.
    """,
)
@pass_project
def check(options: dict) -> None:
    _guarded(lambda: _command("check").run(_config(options)))


@cli.group(
    epilog=exit_codes(0, 1, 2, 130),
    short_help="List and install Argos Translate packages.",
    help="""Argos Translate packages: list the installed ones, install one from the index or from a file.

    Packages live where argostranslate keeps them (ARGOS_PACKAGES_DIR, or its settings.json).
    """,
)
def models() -> None:
    pass


@models.command(
    "list",
    epilog=exit_codes(0, 1, 2),
    short_help="The installed packages, and the project's one.",
    help="""Print the installed packages and mark the one serving the project's language pair.

    Reads toolkit.toml (the pair) and the packages folder. Writes only to stdout.
    """,
)
@pass_project
def models_list(options: dict) -> None:
    _guarded(lambda: _command("models").run_list(_config(options, require_project=False)))


def _names_a_package_file(argument: str) -> bool:
    """`models install translate-zh_en-1_9.argosmodel`, as pip takes a wheel's path: the one argument is a
    package file, which was refused as "give two languages"."""
    return argument.endswith(".argosmodel") or "/" in argument


@models.command(
    "install",
    epilog=exit_codes(0, 1, 2, 130),
    short_help="Install the package for a language pair.",
    help="""Install the package for SOURCE TARGET (e.g. `ar en`; the project's pair when omitted).

    Downloads it from the Argos package index (needs the network; offline it fails at once), or with
    --from (or a FILE.argosmodel given alone) installs a package file after checking it. Writes the package
    into the packages folder, which every project on this machine shares: a package of another pair than the
    project's is installed all the same, with a warning that the project's pair is still to be served (and how).
    Reads toolkit.toml (for the pair when SOURCE TARGET is omitted) and the package file or the index.
    """,
)
@click.argument("languages", nargs=-1, metavar="[SOURCE TARGET]")
@click.option(
    "--from",
    "package_file",
    type=_GivenPath("file"),
    help="Install this package file (.argosmodel) instead of downloading.",
)
@pass_project
def models_install(options: dict, languages: tuple[str, ...], package_file: Path | None) -> None:
    if len(languages) == 1 and package_file is None and _names_a_package_file(languages[0]):
        context = click.get_current_context()
        from_option = next(param for param in context.command.params if param.name == "package_file")
        package_file = _in_project(options["project"], from_option.type.convert(languages[0], from_option, context))
        languages = ()
    if languages and package_file:
        raise click.UsageError("give SOURCE TARGET (e.g. `ar en`) or --from FILE.argosmodel, not both")
    if len(languages) not in (0, 2):
        raise click.UsageError(
            f"give two languages, SOURCE and TARGET (e.g. `ar en`), or none for the project's pair; "
            f"got {len(languages)}: {' '.join(languages)}"
        )
    pair = (languages[0], languages[1]) if languages else None
    _guarded(
        lambda: _command("models").run_install(
            _config(options, require_project=False), pair, package_file, options["quiet"]
        )
    )


@cli.command(
    "translate-text",
    epilog=exit_codes(0, 1, 2, 3, 130),
    short_help="Machine-translate lines from stdin to stdout.",
    help="""Machine-translate lines: reads stdin, writes one translation per line to stdout.

    Same number of lines, same order; an empty line stays empty. Uses the installed Argos package for the
    pair (model_file in toolkit.toml is installed on first use). Output-check warnings go to stderr as
    `<stdin>:LINE: warning`. A progress bar over sentences shows on a terminal unless --quiet. On a terminal,
    control characters (ESC, bidi overrides) are shown as escapes (\\x1b); a pipe or file gets them as they are.
    """,
)
@click.option("--from", "source", help="Source language code (default: source_language in toolkit.toml).")
@click.option("--to", "target", help="Target language code (default: target_language in toolkit.toml).")
@click.option(
    "--beam-size",
    type=_WholeNumber("a whole number"),
    help="Beam size (default: beam_size in toolkit.toml, else 4).",
)
@pass_project
def translate_text(options: dict, source: str | None, target: str | None, beam_size: int | None) -> None:
    _guarded(
        lambda: _command("translate_text").run(
            _config(options, False, source_language=source, target_language=target, beam_size=beam_size),
            options["quiet"],
            languages_given=source is not None or target is not None,
        )
    )


@cli.command(
    epilog=exit_codes(0, 1, 2, 4, 130),
    short_help="Put an existing translation into an article's catalog.",
    help="""Put an existing translation of one article (its English edition, a translator's earlier file) into
    the article's catalog, paragraph by paragraph.

    ARTICLE is an article id (its file name in source/ without the suffix), its source file or its catalog.
    TRANSLATION_FILE is text or a saved HTML page, cleaned as an article in the target language first.
    Reads source/ (cleaned as `toolkit translate` does), the article's catalog, glossary.csv when present,
    and the Argos package for the pair when installed.
    Sentences are aligned over the whole document (1-1, 1-2, 2-1, 1-0, 0-1 links) by length, numbers, dates,
    names, quotes and the project's glossary.csv, and by machine drafts when the project's model is
    installed. Writes translations/<article-id>.po atomically: a block gets its counterpart as a fuzzy
    entry noted `aligned: FILE score S` (reviewed with --reviewed); a reviewed or hand-edited translation is
    never replaced; a block without counterpart stays empty, one whose link scores low is left out and
    listed, as are paragraphs of the translation that match nothing. Prints a table of what it did.
    """,
)
@click.argument("article", type=_ArticleName())
@click.argument("translation_file", type=_GivenPath("file"))
@click.option("--reviewed", is_flag=True, help="Enter the aligned text as reviewed (no fuzzy flag).")
@click.option("--explain", is_flag=True, help="Also print every link with its score and evidence.")
@pass_project
def align(options: dict, article: str, translation_file: Path, reviewed: bool, explain: bool) -> None:
    # ARTICLE is a path as well (`toolkit -C ../other align source/x.txt ...`), relative to the project as all are.
    article_path = _in_project(options["project"], article)
    _guarded(
        lambda: _command("align").run(
            _config(options), article, article_path, translation_file, reviewed, explain, options["quiet"]
        )
    )


@cli.command(
    epilog=exit_codes(0, 1, 2, 3, 4, 130, strict=True),
    short_help="Clean, translate and build the site in one run.",
    help="""Clean source/, bring translations/*.po up to date with machine drafts, and build site/, in one run.

    Reads source/, translations/*.po, toolkit.toml and the Argos package for the language pair. Writes
    translations/<article-id>.po and site/ atomically, only what changed: a new file in source/ means one
    new catalog translated and only the pages that changed rewritten. Reviewed translations are never
    changed. Prints one line per article (entries by state, as `toolkit status`, and warnings) and the path of
    site/index.html. A source file or catalog that cannot be read is named on stderr and the rest is still
    published (exit 1). Without a model for the pair the site is still built from what is translated, the
    summary says how many blocks wait and the command that installs the model (exit 3); with --strict, any
    warning also gives exit 3. --cluster drafts on a Ray cluster, as for `toolkit translate`.
    """,
)
@click.option("--strict", is_flag=True, help="Treat any warning (cleaning or translation checks) as failure: exit 3.")
@_CLUSTER_OPTION
@pass_project
def publish(options: dict, strict: bool, cluster_address: str | None) -> None:
    _guarded(
        lambda: _command("publish").run(_config(options, cluster_address=cluster_address), strict, options["quiet"])
    )


@cli.command(
    epilog=exit_codes(0, 1, 2, 4, 130),
    short_help="Build the bilingual site from the catalogs.",
    help="""Build the bilingual static site in site/ from translations/*.po and toolkit.toml.

    Reads translations/*.po and toolkit.toml only. Writes site/ (index, one page per article, search index,
    Atom feed, sitemap.xml) and its build manifest in .toolkit/. Only pages whose inputs changed are
    rewritten, and the new site replaces the old one in one step: every catalog that does not parse is named
    with its line (exit 1) and the previous site is left exactly as it was.
    """,
)
@pass_project
def build(options: dict) -> None:
    _guarded(lambda: _command("build").run(_config(options), options["quiet"]))


@cli.command(
    epilog=exit_codes(0, 1, 2, 4, 130),
    short_help="Serve the site locally, rebuilt on changes.",
    help="""Serve site/ on http://127.0.0.1:PORT/ and rebuild it when translations/ or toolkit.toml changes.

    Reads translations/*.po and toolkit.toml (polled once a second); writes site/ and .toolkit/ as
    `toolkit build` does. A failed rebuild is reported and the previous site stays served. Ctrl-C or
    `kill` (SIGTERM) stops the server (exit 0); a stop that cuts a rebuild is an interrupted run (130).
    """,
)
@click.option(
    "--port",
    type=_WholeNumber("a port number (1 to 65535; 0 takes any free port)", 0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1.",
)
@pass_project
def serve(options: dict, port: int) -> None:
    _guarded(lambda: _command("serve").run(_config(options), port))


def main() -> None:
    # `kill`, `timeout`, a CI job cancelled, a terminal closed: stopped as by Ctrl-C, the files written so far
    # whole, the lock let go and the staging folder removed; by default the run died mid-write, saying nothing.
    # The entry point (toolkit/__main__.py) installed this before importing anything; a caller of main() may not.
    interrupts.install()
    watch_file_size_limit()
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    else:
        # A path the file system holds in another encoding than UTF-8 is printed with its bytes escaped, the
        # same way on both streams, whatever the locale (errors.SHOWN_BYTES).
        with contextlib.suppress(AttributeError, ValueError):
            sys.stdout.reconfigure(errors=SHOWN_BYTES)
    with contextlib.suppress(AttributeError, ValueError):
        sys.stderr.reconfigure(errors=SHOWN_BYTES)
    sys.stdout = _Output(sys.stdout)
    if sys.stderr is not None and is_terminal(sys.stderr):
        sys.stderr = _Terminal(sys.stderr)
    try:
        _run_cli()
    except SystemExit as stop:
        interrupts.ending(stop.code)
        raise
    except BaseException:
        interrupts.ending(1)
        raise


def _run_cli() -> None:
    try:
        cli(prog_name="toolkit")
    except OutputError as error:  # writing the help or a usage message
        _stop_output(error)
    except SystemExit:
        # The output's last buffer is written now, while its failure can still be reported.
        try:
            if sys.stdout is not None:
                sys.stdout.flush()
        except OutputError as error:
            _stop_output(error)
        raise
