"""Cases from the twenty-first hostile sweep (issue 10): a run holding the project's lock stopped with Ctrl-Z; a
catalog of another user's in a sticky folder; a path beginning with a ~ the shell did not expand; articles of
source/ with no catalog yet; init in a folder of the kernel's; toolkit.toml with a character that looks like
another or like nothing; clean given a pipe or a file with no type in its name; a site description written as a
multi-line string; ARGOS_PACKAGES_DIR naming a package file; a run refused a folder or a file by its owner; a
glossary whose last row opens a quote; a bzip2 file named .gz; a compressed file of nothing. Each test failed
before its fix."""

from __future__ import annotations

import bz2
import gzip
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from abuse_projects import command_environment, copy_default_project, run_toolkit, translate_one_chinese_sentence
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.errors import EXIT_LOCKED, EXIT_OK, EXIT_USAGE, ToolkitError
from toolkit.store.files import atomic_write_bytes, read_file

NOBODY = 65534
ARTICLE = "000_bff552917bc11dca"

_HOLD_THE_LOCK = """
import sys, time
from pathlib import Path
from toolkit.store.lock import project_lock

with project_lock(Path(sys.argv[1]), sys.argv[2]):
    print("held", flush=True)
    time.sleep(600)
"""


@pytest.mark.parametrize("command", ["build", "serve"])
def test_a_run_holding_the_lock_that_is_stopped_is_named_as_stopped_at_once(tmp_path: Path, command: str) -> None:
    # A build put in the background with Ctrl-Z (or sent SIGSTOP) holds the project's lock for as long as it
    # is stopped: the next run said "toolkit build (pid N) is building this project's site; try again when it
    # ends", and it never ends until someone resumes it; behind a stopped serve the next run waited 60 s first.
    project = copy_default_project(tmp_path / "p")
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_THE_LOCK, str(project / ".toolkit"), command],
        stdout=subprocess.PIPE,
        text=True,
        env=command_environment(),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        os.kill(holder.pid, signal.SIGSTOP)
        result = run_toolkit(project, "-q", "publish")
        assert result.returncode == EXIT_LOCKED
        assert result.stderr == (
            f"toolkit: {project}: toolkit {command} (pid {holder.pid}) holds the project's lock and is stopped "
            "(Ctrl-Z in its terminal, SIGSTOP or a debugger), so it ends only once it goes on: resume it (fg in "
            f"its terminal, or kill -CONT {holder.pid}), then run again\n"
        )
    finally:
        os.kill(holder.pid, signal.SIGCONT)
        holder.kill()
        holder.wait()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root, to write as another user")
def test_a_file_of_another_user_in_a_sticky_folder_is_named_so_not_sent_to_its_owner_and_mode(tmp_path: Path) -> None:
    # translations/ shared by a team as /tmp is (mode 1777), a catalog another member made, mode 666: a run
    # failed with "operation not permitted; check the owner and mode of the file and its folder", and the mode
    # let everyone write it. A sticky folder lets only a file's owner replace it, as every save does.
    shared = tmp_path / "translations"
    shared.mkdir()
    shared.chmod(0o1777)
    catalog = shared / "000.po"
    catalog.write_bytes(b"theirs\n")
    catalog.chmod(0o666)
    # The write as another user, who may write the file but not replace it.
    written = _as_nobody(shared, lambda: atomic_write_bytes(Path(catalog.name), b"mine\n"))
    assert written == (
        "000.po: cannot write: operation not permitted: 000.po belongs to root (uid 0) and its folder is sticky "
        "(mode 1777, as /tmp is), where only a file's owner may replace or remove it, as every save of the "
        "toolkit does; run the toolkit as root (uid 0), or have the file made yours (chown)"
    )
    assert catalog.read_bytes() == b"theirs\n"
    assert sorted(path.name for path in shared.iterdir()) == ["000.po"]


@pytest.mark.parametrize(
    ("arguments", "named", "given"),
    [
        (["init", "--title", "News", "~/news"], "DIRECTORY", "~/news"),
        (["-C", "~/news", "status"], "-C/--project", "~/news"),
        (["-C", "project", "clean", "~/Downloads/a.html"], "PATHS", "~/Downloads/a.html"),
    ],
)
def test_a_path_beginning_with_a_tilde_the_shell_left_is_named_and_nothing_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, arguments: list[str], named: str, given: str
) -> None:
    # `toolkit init "~/news"` (quoted, or from a service file or a script's variable, where no shell expands
    # it) made a folder named ~ in the current folder and started the project there; `-C "~/news"` said
    # "project folder does not exist" of ./~/news. A later `rm -rf ~` meant for that folder removes the home.
    home = tmp_path / "home"
    home.mkdir()
    copy_default_project(tmp_path / "project")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == EXIT_USAGE, result.output
    assert result.stderr == (
        f"toolkit: {named} '{given}' begins with '~', which the shell expands to a home folder only where it is "
        f"not quoted; give {home / given[2:]} (or ./{given} for a folder named '~'); nothing was done\n"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["home", "project"]
    assert list(home.iterdir()) == []
    (tmp_path / "~").mkdir()  # a folder really named so is taken
    assert CliRunner().invoke(cli, ["init", "--title", "News", "~/news"]).exit_code == EXIT_OK
    assert (tmp_path / "~" / "news" / "toolkit.toml").is_file()


def test_articles_of_source_without_a_catalog_yet_are_named_by_build_and_status(tmp_path: Path) -> None:
    # A newcomer's first steps: init, articles copied into source/, `toolkit build` (or `serve`): "build: 0
    # articles", a site of no article, exit 0, and `toolkit status` an empty table, neither naming the articles
    # nor saying that translate makes their catalogs. A catalog deleted by mistake took its page off the same way.
    project = copy_default_project(tmp_path / "p")
    for catalog in sorted((project / "translations").glob("*.po"))[:2]:
        catalog.unlink()
    first = project / "source" / f"{ARTICLE}.txt"
    said = (
        f"toolkit: warning: {first} (and 1 more): no catalog in translations/ yet, so no page on the site; "
        "`toolkit translate` makes the catalogs (`toolkit publish` the pages too)"
    )
    for command in ("build", "status"):
        result = run_toolkit(project, "-q", command)
        assert result.returncode == EXIT_OK, result.stderr
        assert [line for line in result.stderr.splitlines() if "no catalog" in line] == [said], result.stderr
    assert sorted(path.name for path in (project / "site" / "articles").iterdir())[0] == "002_697928dbe68ab915.html"
    assert run_toolkit(project, "-q", "translate").returncode in (EXIT_OK, 3)
    for command in ("build", "status"):
        assert "no catalog" not in run_toolkit(project, "-q", command).stderr


@pytest.mark.parametrize("folder", ["/proc/self", "/sys/kernel"])
def test_init_in_a_folder_of_the_kernel_s_is_refused_as_the_system_s(
    monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    # `toolkit init /proc/self` said "/proc/4242/toolkit.toml: cannot write: no such file or folder" of a
    # folder ls lists, and `init /sys/kernel` as root "permission denied; check the owner and mode": /proc and
    # /sys themselves were refused as the system's, not the folders in them, where nothing can be made either.
    from toolkit.commands import init as init_command

    def refuse(*arguments: object) -> None:
        raise AssertionError("init wrote a project")

    monkeypatch.setattr(init_command, "_write_project", refuse)
    result = CliRunner().invoke(cli, ["init", "--title", "News", folder])
    assert result.exit_code == EXIT_USAGE, result.output
    named = os.path.realpath(folder)  # /proc/self is this process's folder, named by its pid
    assert result.stderr.startswith(f"toolkit: {named}: is a folder of the system itself; a project fills its ")


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        (
            'target_language\u00a0= "en"\n',
            "Expected '=' after a key in a key/value pair (at line 1, column 16); the character there is U+00A0 "
            "NO-BREAK SPACE: type ' ' in its place",
        ),
        (
            '\ufeff\ufeffsource_language = "ar"\n',
            "Invalid statement (at line 1, column 1); the character there is U+FEFF ZERO WIDTH NO-BREAK SPACE, "
            "which shows as nothing: delete it",
        ),
        (
            'source_language = "ar"\n\u200b[site]\n',
            "Invalid statement (at line 2, column 1); the character there is U+200B ZERO WIDTH SPACE, which shows "
            "as nothing: delete it",
        ),
        (
            "[site]\ntitle = \u201cNews\u201d\n",
            "Invalid value (at line 2, column 9); the character there is U+201C LEFT DOUBLE QUOTATION MARK: type "
            "'\"' in its place",
        ),
        (
            "\uff3bsite\uff3d\n",
            "Invalid statement (at line 1, column 1); the character there is U+FF3B FULLWIDTH LEFT SQUARE BRACKET: "
            "type '[' in its place",
        ),
        ('source_language: "ar"\n', "Expected '=' after a key in a key/value pair (at line 1, column 16)"),
    ],
)
def test_a_toolkit_toml_character_that_looks_like_another_or_like_nothing_is_named(
    tmp_path: Path, settings: str, said: str
) -> None:
    # A line copied from a web page or a chat (a no-break space, a zero-width space), typed with an editor's
    # typographic quotes or an input method's full-width brackets, or a file given a second byte-order mark:
    # "not valid TOML: Invalid statement (at line 2, column 1)", of a line that looks right.
    project = copy_default_project(tmp_path / "p")
    (project / "toolkit.toml").write_text(settings, encoding="utf-8")
    result = run_toolkit(project, "-q", "status")
    assert result.returncode == EXIT_USAGE
    assert result.stderr == f"toolkit: {project / 'toolkit.toml'}: not valid TOML: {said}\n"


def test_clean_given_a_pipe_or_a_name_without_a_type_says_so(tmp_path: Path) -> None:
    # `toolkit clean <(zcat article.txt.gz)` and `toolkit clean article` (a file saved without a suffix) were
    # both "unknown file type '(none)'", and nothing can rename a pipe.
    expected = (
        "expected text (.txt) or a saved web page (.html, .htm, .xhtml, .mhtml, .webarchive, .php, ...), or one of "
        "them compressed (.gz, .bz2, .xz)"
    )
    unnamed = tmp_path / "article"
    unnamed.write_text("عنوان\n\nنص المقال.\n", encoding="utf-8")
    result = run_toolkit(tmp_path, "clean", str(unnamed))
    assert result.returncode == 1
    assert result.stderr == f"toolkit: {unnamed}: its name gives no file type; rename it with its type: {expected}\n"
    reading, writing = os.pipe()
    os.write(writing, "عنوان\n\nنص المقال.\n".encode())
    os.close(writing)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "toolkit", "clean", f"/dev/fd/{reading}"],
            capture_output=True,
            text=True,
            env=command_environment(),
            pass_fds=(reading,),
            timeout=60,
        )
    finally:
        os.close(reading)
    assert result.returncode == 1
    assert result.stderr == (
        f"toolkit: /dev/fd/{reading}: a stream (a pipe, standard input) with no file name to give its type; save "
        f"what it gives to a file named with its type: {expected}\n"
    )


def test_a_site_title_or_description_written_on_several_lines_of_toolkit_toml_is_one_line_of_text(
    tmp_path: Path,
) -> None:
    # TOML's multi-line strings are how a long description is written ('description = """' and the text on the
    # lines below): every command refused the file, "site.description holds the control character U+000A".
    project = copy_default_project(tmp_path / "p")
    settings = project / "toolkit.toml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace(
        '"Arabic news reports on Russia, NATO and security guarantees, with English translations"',
        '"""\nArabic news reports on Russia,\n  NATO and security guarantees,\twith English translations\n"""',
    ).replace('"Security Guarantees: Arabic Press in English"', '"""Security Guarantees:\r\nArabic Press in English"""')
    settings.write_text(text, encoding="utf-8")
    result = run_toolkit(project, "-q", "build")
    assert result.returncode == EXIT_OK, result.stderr
    index = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>Security Guarantees: Arabic Press in English</title>" in index
    assert (
        '<meta name="description" content="Arabic news reports on Russia, NATO and security guarantees, with '
        'English translations">' in index
    )


def test_a_packages_folder_that_is_a_package_file_is_named_as_a_file(tmp_path: Path) -> None:
    # ARGOS_PACKAGES_DIR=~/Downloads/translate-zh_en-1_9.argosmodel, the package file itself: `models list` said
    # "no Argos packages installed in .../translate-zh_en-1_9.argosmodel" (exit 0) and translate-text "no Argos
    # package for zh -> en; install it with: toolkit models install zh en", which would unpack it there.
    package_file = tmp_path / "translate-zh_en-1_9.argosmodel"
    package_file.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip file
    said = (
        f"toolkit: {package_file}: is a file, where the Argos packages folder (ARGOS_PACKAGES_DIR, or Argos "
        "Translate's settings) should be: give a folder; a package file is installed with `toolkit models install "
        "--from FILE`\n"
    )
    listed = run_toolkit(tmp_path, "models", "list", ARGOS_PACKAGES_DIR=str(package_file))
    assert (listed.returncode, listed.stdout, listed.stderr) == (1, "", said)
    translated = translate_one_chinese_sentence(package_file)
    assert (translated.returncode, translated.stdout, translated.stderr) == (1, "", said)


def _as_nobody(folder: Path, work) -> str:
    """What `work` says (its ToolkitError's line, or "done"), run in `folder` as the user nobody, in a child."""
    said_read, said_write = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(said_read)
        try:
            os.chdir(folder)
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            work()
            said = "done"
        except ToolkitError as error:
            said = str(error)
        except BaseException as error:  # anything else is the test's failure, told to the parent
            said = repr(error)
        os.write(said_write, said.encode())
        os._exit(0)
    os.close(said_write)
    with os.fdopen(said_read, "rb") as said:
        told = said.read().decode()
    os.waitpid(child, 0)
    return told


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root, to run as another user")
def test_a_folder_or_file_another_user_keeps_from_a_run_is_named_with_its_owner_and_mode(tmp_path: Path) -> None:
    # A project root made and a user runs it, who may not write .toolkit/: "toolkit: .toolkit/lock: cannot take
    # the project's lock: permission denied; check the owner and mode of the file and its folder", of a lock
    # file that was not there; the folder that refused, its owner, its mode and the run's user went unsaid.
    tmp_path.chmod(0o755)  # a folder the user may go into, as a project's own is
    state = tmp_path / ".toolkit"
    state.mkdir(mode=0o755)
    catalog = tmp_path / "000.po"
    catalog.write_bytes(b'msgid ""\n')
    catalog.chmod(0o600)
    assert _as_nobody(tmp_path, lambda: atomic_write_bytes(Path(".toolkit/lock"), b"")) == (
        ".toolkit/lock: cannot write: permission denied: .toolkit belongs to root (uid 0), mode 755, and this "
        "run's user, nobody (uid 65534), may not make files in it; run as its owner, or have it made yours (chown) "
        "or opened to you (chmod)"
    )
    assert _as_nobody(tmp_path, lambda: read_file(Path("000.po"), 1000)) == (
        "000.po: cannot read: permission denied: 000.po belongs to root (uid 0), mode 600, and this run's user, "
        "nobody (uid 65534), may not read or write it; run as its owner, or have it made yours (chown) or opened "
        "to you (chmod)"
    )
    assert list(state.iterdir()) == []


@pytest.mark.parametrize("end", ["\n", ""])
def test_a_glossary_quote_opened_in_its_last_row_is_named_as_never_closed(tmp_path: Path, end: str) -> None:
    # A quote left open in any row but the last was named so; in the last row (a term typed with one quote at
    # the end of the file) the line said only the csv module's "unexpected end of data".
    project = copy_default_project(tmp_path / "p")
    (project / "glossary.csv").write_text(f'source,target\nروسيا,Russia\n"الكرملين,Kremlin{end}', encoding="utf-8")
    result = run_toolkit(project, "-q", "check")
    assert result.returncode == EXIT_USAGE
    assert result.stderr == (
        f"toolkit: {project / 'glossary.csv'}:3: glossary: a quote opened in this row is never closed (unexpected "
        "end of data)\n"
    )


def test_a_bzip2_file_named_as_gzip_is_told_its_right_name(tmp_path: Path) -> None:
    # `bzip2 -c article.txt > article.txt.gz` (a script that compresses with one tool and names with another):
    # "is named as gzip-compressed, but its bytes are not gzip; if it is the page itself, rename it to
    # article.txt", which it is not either: renamed so, it was read as text of bzip2 bytes.
    article = tmp_path / "article.txt.gz"
    article.write_bytes(bz2.compress("عنوان\n\nنص المقال.\n".encode()))
    result = run_toolkit(tmp_path, "clean", str(article))
    assert result.returncode == 1
    assert result.stderr == (
        f"toolkit: {article}: is named as gzip-compressed, but its bytes are bzip2; rename it to article.txt.bz2\n"
    )


@pytest.mark.parametrize(("content", "said"), [(b"", "holds nothing"), (b"\n \n", "holds only blank lines")])
def test_a_compressed_article_of_nothing_is_not_called_an_empty_file(tmp_path: Path, content: bytes, said: str) -> None:
    # A gzip file of 20 bytes that decompresses to nothing (an export that failed, a download cut short before
    # its first byte of text) was "file is empty", which ls -l denies.
    article = tmp_path / "article.html.gz"
    article.write_bytes(gzip.compress(content))
    result = run_toolkit(tmp_path, "clean", str(article))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"toolkit: {article}: decompressed, {said}"
