"""Cases from the nineteenth hostile sweep (issue 10): a project's .toolkit/ deleted to start afresh; two inits
of one folder at once; a catalog or site/ made immutable; help naming an option its command lacks; align given a
file outside source/ named as an article; a value on the command line that is not UTF-8; a folder where a
catalog goes; serve through a site/ replaced by a link; a draft whose confidence note is no number; a package
file that is a folder; an article without a headline; a catalog with no entries; help read under python -OO; a
HOME that does not exist; a compression bomb of 50 bytes; a file of blank lines. Each test failed before its fix,
but the one guarding init on a file system without hard links."""

from __future__ import annotations

import bz2
import contextlib
import errno
import os
import re
import shutil
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import click
import polib
import pytest
from abuse_projects import command_environment, copy_default_project, run_toolkit
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.commands import init as init_command
from toolkit.errors import EXIT_OK, EXIT_USAGE, shown_size
from toolkit.site.server import site_file

ARTICLE = "000_bff552917bc11dca"


def test_a_build_after_the_state_folder_was_deleted_keeps_aside_only_what_it_did_not_make_again(
    tmp_path: Path,
) -> None:
    # `rm -rf .toolkit` (to start afresh, or a site/ copied to another machine without it): the next build
    # found no manifest, took none of site/ for the build's, moved the whole site (every file of which it had
    # just made again, byte for byte) into .toolkit/not-built-*, said "site/404.html (and 9 more): not made by
    # the build", and each such build left another copy of the site there, which the toolkit never removes.
    # What differs from the new build (a page edited by hand, a file of the user's) is still kept and named.
    project = copy_default_project(tmp_path / "p")
    assert run_toolkit(project, "-q", "build").returncode == 0
    shutil.rmtree(project / ".toolkit")
    (project / "site" / "notes.txt").write_text("mine\n", encoding="utf-8")
    edited = project / "site" / "articles" / f"{ARTICLE}.html"
    edited.write_text(edited.read_text(encoding="utf-8") + "<!-- a hand edit -->\n", encoding="utf-8")
    result = run_toolkit(project, "-q", "build")
    assert result.returncode == 0, result.stderr
    (kept,) = (project / ".toolkit").glob("not-built-*")
    assert result.stderr == (
        f"toolkit: warning: {project / 'site' / 'notes.txt'} (and 1 more): not made by the build, so not in the "
        f"new site (a build replaces site/ whole); moved with its path to {kept}, which the toolkit never removes: "
        "keep such files outside site/ and copy them in after building\n"
    )
    assert sorted(str(path.relative_to(kept)) for path in kept.rglob("*") if path.is_file()) == [
        f"articles/{ARTICLE}.html",
        "notes.txt",
    ]
    assert "a hand edit" not in edited.read_text(encoding="utf-8")
    assert (project / "site" / "index.html").is_file()


def test_init_racing_another_init_of_the_same_folder_leaves_that_ones_project_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `toolkit init --title AAA news & toolkit init --title BBB news`: both looked, found no toolkit.toml, and
    # both said "Started a toolkit project" with exit 0, while one's rename had replaced the other's
    # toolkit.toml: the site was titled AAA after the command that said it started BBB, or the other way round.
    folder = tmp_path / "news"
    folder.mkdir()
    theirs = '# the other init\n[site]\ntitle = "AAA"\n'
    checked = init_command.check_layout

    def other_init_meanwhile(settings):
        checked(settings)
        (folder / "toolkit.toml").write_text(theirs, encoding="utf-8")

    monkeypatch.setattr(init_command, "check_layout", other_init_meanwhile)
    result = CliRunner().invoke(cli, ["init", "--title", "BBB", str(folder)])
    assert result.exit_code == EXIT_USAGE, result.output
    assert result.stdout == ""
    assert result.stderr == f"toolkit: {folder / 'toolkit.toml'}: already a toolkit project; nothing was changed\n"
    assert (folder / "toolkit.toml").read_text(encoding="utf-8") == theirs
    assert sorted(path.name for path in folder.iterdir()) == ["toolkit.toml"]


def test_init_on_a_file_system_without_hard_links_still_starts_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The new toolkit.toml is put in place by a hard link, which fails where another init made one meanwhile;
    # FAT and exFAT (a USB stick) have no hard links at all, and init must still start a project there.
    def no_hard_links(source, target, **options):
        raise OSError(errno.EPERM, "Operation not permitted", source, None, target)

    monkeypatch.setattr(os, "link", no_hard_links)
    folder = tmp_path / "news"
    result = CliRunner().invoke(cli, ["init", "--title", "BBB", str(folder)])
    assert result.exit_code == EXIT_OK, result.output
    assert 'title = "BBB"' in (folder / "toolkit.toml").read_text(encoding="utf-8")
    assert sorted(path.name for path in folder.iterdir()) == [".gitignore", "source", "toolkit.toml", "translations"]


@contextlib.contextmanager
def _attribute(path: Path, attribute: str):
    """`path` with the file attribute (chattr +`attribute`) while the block runs; skipped where it cannot be set
    (no chattr, not root, a file system without such attributes)."""
    if shutil.which("chattr") is None or subprocess.run(["chattr", f"+{attribute}", str(path)]).returncode != 0:
        pytest.skip(f"chattr +{attribute} cannot be set here")
    try:
        yield
    finally:
        subprocess.run(["chattr", f"-{attribute}", str(path)], check=True)


def test_a_catalog_or_site_made_immutable_is_named_so_not_sent_to_its_owner_and_mode(tmp_path: Path) -> None:
    # `chattr +i` on one catalog, or on site/: the run failed with "operation not permitted; check the owner and
    # mode of the file and its folder", and the owner and mode were right (root may write any mode): the
    # attribute, which ls does not show, was what refused, and nothing said so.
    project = copy_default_project(tmp_path / "p")
    assert run_toolkit(project, "-q", "publish").returncode == 0
    source = project / "source" / f"{ARTICLE}.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("الكرملين", "القصر"), encoding="utf-8")
    catalog = project / "translations" / f"{ARTICLE}.po"
    before = catalog.read_bytes()
    with _attribute(catalog, "i"):
        result = run_toolkit(project, "-q", "publish")
    assert result.returncode == 1
    assert result.stderr == (
        f"toolkit: {catalog}: cannot write: operation not permitted: {catalog} is immutable (chattr +i, which "
        "lsattr shows); take the attribute off (chattr -i) for the toolkit to write it\n"
    )
    assert catalog.read_bytes() == before
    site = project / "site"
    (project / "toolkit.toml").write_text(
        (project / "toolkit.toml").read_text(encoding="utf-8").replace("Security", "Safety"), encoding="utf-8"
    )
    with _attribute(site, "i"):
        result = run_toolkit(project, "-q", "build")
    assert result.returncode == 1
    assert result.stderr == (
        f"toolkit: {site}: cannot swap the new site into place: operation not permitted: {site} is immutable "
        "(chattr +i, which lsattr shows); take the attribute off (chattr -i) for the toolkit to write in it\n"
    )


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append(((*path, name), command))
        if isinstance(command, click.Group):
            found += _commands(command, (*path, name))
    return found


def test_every_commands_exit_codes_name_only_options_it_has() -> None:
    # `toolkit translate --help` and `translate-text --help` said exit 3 meant "warnings under --strict", and
    # both refuse --strict: "No such option '--strict'".
    for path, command in _commands(cli):
        shown = CliRunner().invoke(cli, [*path, "--help"])
        assert shown.exit_code == EXIT_OK, shown.output
        _, _, exit_codes = shown.output.partition("Exit codes:")
        options = {option for parameter in command.params for option in getattr(parameter, "opts", ())}
        for option in re.findall(r"--[a-z][a-z-]*", exit_codes):
            assert option in options, f"toolkit {' '.join(path)} --help: exit codes name {option}, not an option"


def test_align_given_a_file_outside_source_named_as_an_article_leaves_that_articles_catalog_alone(
    tmp_path: Path,
) -> None:
    # `toolkit align /elsewhere/000_x.txt english.txt`, a file from another project or a download named as an
    # article of this one: it was taken for that article's text, exit 0, and the article's catalog rewritten
    # against it: every reviewed translation made obsolete (off the site until the next translate), the title,
    # date and attribution blanked, X-Article-Source the outside path.
    project = copy_default_project(tmp_path / "p")
    elsewhere = tmp_path / "downloads" / f"{ARTICLE}.txt"
    elsewhere.parent.mkdir()
    elsewhere.write_text("عنوان آخر\n\nنص مختلف تماما عن المقال.\n", encoding="utf-8")
    english = tmp_path / "english.txt"
    english.write_text("Another title\n\nA text quite unlike the article.\n", encoding="utf-8")
    catalog = project / "translations" / f"{ARTICLE}.po"
    before = catalog.read_bytes()
    result = run_toolkit(project, "-q", "align", str(elsewhere), str(english))
    assert result.returncode == 1, result.stdout
    assert result.stderr == (
        f"toolkit: {elsewhere}: not the article {ARTICLE}'s source, source/{ARTICLE}.txt, though named as it is; "
        "give that file or the id to align that article, or rename this one to align it as an article of its own\n"
    )
    assert catalog.read_bytes() == before


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (
            ["translate-text", "--from", b"\xff"],
            "source_language must be a language code such as 'ar' or 'en', not '\\xff'",
        ),
        (["translate", "--cluster", b"h\xe9ad:6379"], "not 'h\\xe9ad:6379' (given on the command line: --cluster)"),
    ],
)
def test_a_value_in_bytes_that_are_not_utf8_is_quoted_by_its_bytes(
    tmp_path: Path, arguments: list[str | bytes], said: str
) -> None:
    # A value given in another encoding than UTF-8 (a Latin-1 terminal) was quoted as Python holds it inside,
    # '\udcff', which names no byte the user typed; a path with the same byte is shown as \xff.
    project = copy_default_project(tmp_path / "p")
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "-C", str(project), *arguments],
        capture_output=True,
        env=command_environment(),
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert result.returncode == EXIT_USAGE
    stderr = result.stderr.decode("utf-8")
    assert said in stderr and "\\udc" not in stderr, stderr


@pytest.mark.parametrize("command", ["translate", "publish"])
def test_a_folder_where_an_articles_catalog_goes_is_named_once(tmp_path: Path, command: str) -> None:
    # translations/<id>.po made a folder (an unzip, a sync tool): translate and publish named it twice, as a
    # catalog that cannot be read and as an entry of translations/ left out: one problem, two lines.
    project = copy_default_project(tmp_path / "p")
    catalog = project / "translations" / f"{ARTICLE}.po"
    catalog.unlink()
    catalog.mkdir()
    result = run_toolkit(project, "-q", command)
    assert result.returncode == 1
    named = [line for line in result.stderr.splitlines() if f"{catalog}:" in line]
    assert named == [f"toolkit: {catalog}: cannot read: is a folder, where a file was expected"], result.stderr


def test_serve_answers_nothing_through_a_site_folder_replaced_by_a_link(tmp_path: Path) -> None:
    # While `toolkit serve` ran, site/ was replaced by a link to another folder (`ln -s /etc site`, a deploy
    # script's link): every file there was served, /passwd with 200, since the site's root was taken as the
    # link's target. A build refuses such a site/; the server now serves only what is really under site/.
    project = copy_default_project(tmp_path / "p")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.txt").write_text("not for readers\n", encoding="utf-8")
    (elsewhere / "index.html").write_text("<p>not the site</p>\n", encoding="utf-8")
    (project / "site").symlink_to(elsewhere, target_is_directory=True)
    for target in ("/secret.txt", "/index.html", "/"):
        assert site_file(str(project / "site"), target).status == HTTPStatus.NOT_FOUND, target
    (project / "site").unlink()
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("<p>the site</p>\n", encoding="utf-8")
    assert site_file(str(project / "site"), "/").path == str(project / "site" / "index.html")


@pytest.mark.parametrize("noted", ["nan", "-1", "1e309", "high", None])
def test_a_machine_draft_whose_confidence_note_is_no_number_is_listed_first_by_confidence(
    tmp_path: Path, noted: str | None
) -> None:
    # `status --by-confidence` lists "every machine draft and alignment with its confidence, lowest first":
    # a draft whose note was no number from 0 to 1 (nan, -1, a hand edit, a draft noted before confidences
    # were) was left out of it without a word, though it is the draft least known.
    project = copy_default_project(tmp_path / "p")
    catalog = project / "translations" / f"{ARTICLE}.po"
    note = "" if noted is None else f"#. confidence: {noted}\n"
    text = catalog.read_text(encoding="utf-8")
    for context, confidence in (("b-924c67e7", note), ("title", "#. confidence: 0.30\n")):
        text = text.replace(
            f'msgctxt "{context}"',
            f'#. machine: argos translate-ar_en 1.0\n{confidence}#, fuzzy\nmsgctxt "{context}"',
            1,
        )
    catalog.write_text(text, encoding="utf-8")
    result = run_toolkit(project, "status", "--by-confidence")
    listed = result.stdout.split("lowest confidence first:\n", 1)[1].splitlines()
    assert [line.split("] ", 1)[0].rsplit("[", 1)[1] for line in listed] == ["b-924c67e7", "title"], result.stdout
    assert listed[0].split("] ", 1)[1].startswith("none Watan: The Kremlin said")
    assert listed[1].split("] ", 1)[1].startswith("0.30 Putin to Macron")


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_package_file_given_that_is_no_file_is_named_for_what_it_is(tmp_path: Path, kind: str) -> None:
    # `toolkit models install --from ~/Downloads/translate-ar_en` (the package unpacked by a file manager, a
    # folder) said only "not a regular file".
    given = tmp_path / "translate-ar_en-1_0.argosmodel"
    if kind == "folder":
        given.mkdir()
    else:
        os.mkfifo(given)
    project = copy_default_project(tmp_path / "p")
    result = run_toolkit(project, "models", "install", "--from", str(given), ARGOS_PACKAGES_DIR=str(tmp_path / "a"))
    assert result.returncode == 1
    said = {"folder": "a folder", "fifo": "a named pipe (FIFO)"}[kind]
    assert result.stderr == f"toolkit: {given}: is {said}, not a package file\n"


@pytest.mark.parametrize("headline", ["2024", "!!! ؟؟"])
def test_an_article_without_a_headline_is_not_shown_waiting_for_a_title_translation(
    tmp_path: Path, headline: str
) -> None:
    # An article whose headline is only digits or punctuation: the cleaner finds no headline and its catalog
    # holds no title entry, yet the index and its page said "Title not yet translated" beside its file name for
    # ever, while status counted every entry translated: there is no title for anyone to translate.
    project = copy_default_project(tmp_path / "p")
    text = (project / "source" / f"{ARTICLE}.txt").read_text(encoding="utf-8")
    (project / "source" / "untitled.txt").write_text(text.replace(text.splitlines()[0], headline, 1), encoding="utf-8")
    result = run_toolkit(project, "-q", "publish")
    assert result.returncode in (0, 3), result.stderr
    assert 'msgctxt "title"' not in (project / "translations" / "untitled.po").read_text(encoding="utf-8")
    for page in ("index.html", "articles/untitled.html", "ar/index.html", "ar/articles/untitled.html"):
        shown = (project / "site" / page).read_text(encoding="utf-8")
        assert "untitled" in shown, page
        assert "Title not yet translated" not in shown and "العنوان لم يُترجم بعد" not in shown, page


@pytest.mark.parametrize("left", ["header", "obsolete entries"])
def test_a_catalog_with_no_entries_has_no_page_and_the_build_names_it(tmp_path: Path, left: str) -> None:
    # A catalog holding only its header (emptied by a script, saved by an editor after a bad merge), or only
    # obsolete entries: its article was published as a page with a title and no text, listed on the index, and
    # nothing said why. A reader gets no page; the build names the catalog, build after build, until it is filled.
    project = copy_default_project(tmp_path / "p")
    catalog = project / "translations" / f"{ARTICLE}.po"
    emptied = polib.pofile(str(catalog))
    for entry in list(emptied):
        if left == "header":
            emptied.remove(entry)
        else:
            entry.obsolete = True
    emptied.save(str(catalog))
    said = (
        f"toolkit: warning: {catalog}: holds no title or block, only its {left}, so its article has no page; "
        "`toolkit translate` fills it from the article's source\n"
    )
    for _ in range(2):
        result = run_toolkit(project, "-q", "build")
        assert result.returncode == EXIT_OK, result.stderr
        assert result.stderr == said
        assert result.stdout.startswith("build: 4 articles, ")
        for interface in ("", "ar/"):
            assert not (project / "site" / interface / "articles" / f"{ARTICLE}.html").exists()
            assert ARTICLE not in (project / "site" / interface / "index.html").read_text(encoding="utf-8")


_EVERY_HELP = """
import click
from click.testing import CliRunner
from toolkit.cli import cli

def paths(group, path=()):
    for name, command in group.commands.items():
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from paths(command, (*path, name))

for path in [(), *paths(cli)]:
    print(CliRunner().invoke(cli, [*path, "--help"]).output)
"""


def test_every_commands_help_keeps_its_description_with_docstrings_stripped() -> None:
    # Under PYTHONOPTIMIZE=2 (python -OO, as some images and packagers run Python) docstrings are stripped, and
    # click took every command's description from its function's docstring: `toolkit translate --help` said
    # nothing of what translate does, only its usage and options.
    def every_help(*optimize: str) -> str:
        environment = command_environment(PYTHONDONTWRITEBYTECODE="1")
        environment.pop("PYTHONOPTIMIZE", None)
        command = [sys.executable, *optimize, "-c", _EVERY_HELP]
        return subprocess.run(command, capture_output=True, text=True, env=environment, check=True).stdout

    stripped = every_help("-OO")
    assert "Bring every article's PO catalog up to date" in stripped
    assert "Install the package for SOURCE TARGET" in stripped
    assert stripped == every_help()


@pytest.mark.parametrize("arguments", [("models", "list"), ("-q", "translate")])
def test_a_home_that_does_not_exist_is_not_made(tmp_path: Path, arguments: tuple[str, ...]) -> None:
    # A service account's HOME=/nonexistent (Debian's convention), as root: importing argostranslate made
    # /nonexistent/.local/share/argos-translate, /nonexistent/.config/argos-translate and its cache, though the
    # packages folder was ARGOS_PACKAGES_DIR and the toolkit only reads Argos's settings there.
    project = copy_default_project(tmp_path / "p")
    (project / "translations" / f"{ARTICLE}.po").unlink()  # for translate to look for its package
    home = tmp_path / "nonexistent"
    environment = {"HOME": str(home), "ARGOS_PACKAGES_DIR": str(tmp_path / "packages")}
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        environment[name] = ""
    result = run_toolkit(project, *arguments, **environment)
    assert result.returncode == {"list": EXIT_OK, "translate": 3}[arguments[-1]], result.stderr
    assert "no Argos package" in result.stdout + result.stderr
    assert not home.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["p"]


def test_a_compression_bomb_of_a_few_bytes_is_measured_in_bytes(tmp_path: Path) -> None:
    # 9 MB of one letter are 50 bytes of bzip2, which the refusal called "its 0.0 MB of bzip2".
    bomb = tmp_path / "page.txt.bz2"
    bomb.write_bytes(bz2.compress(b"a" * 9_000_000, 9))
    result = run_toolkit(tmp_path, "clean", str(bomb))
    assert result.returncode == 1
    assert f"toolkit: {bomb}: decompressed, its {bomb.stat().st_size} bytes of bzip2 hold more than the 8.4 MB " in (
        result.stderr
    )


@pytest.mark.parametrize(("content", "said"), [(b"", "file is empty"), (b"\n\n  \n\t\r\n", "holds only blank lines")])
def test_a_file_of_blank_lines_is_not_called_empty(tmp_path: Path, content: bytes, said: str) -> None:
    # A file of a few blank lines (an export that wrote only line ends) was "file is empty", which ls -l denies.
    article = tmp_path / "article.txt"
    article.write_bytes(content)
    result = run_toolkit(tmp_path, "clean", str(article))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"toolkit: {article}: {said}"


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (50, "50 bytes"),
        (999, "999 bytes"),
        (1_000, "1.0 kB"),
        (99_949, "99.9 kB"),
        (99_999, "0.1 MB"),
        (8 * 1024 * 1024, "8.4 MB"),
        (74_481_402, "74.5 MB"),
        (999_949_999, "999.9 MB"),
        (999_950_000, "1.0 GB"),
        (2**31, "2.1 GB"),
    ],
)
def test_a_size_is_shown_in_the_unit_that_says_it(size: int, shown: str) -> None:
    assert shown_size(size) == shown


@pytest.mark.parametrize(("content", "said"), [(b"", "is empty"), (b"\n\n \n", "holds only blank lines")])
def test_a_catalog_of_blank_lines_is_not_called_empty(tmp_path: Path, content: bytes, said: str) -> None:
    project = copy_default_project(tmp_path / "p")
    catalog = project / "translations" / f"{ARTICLE}.po"
    catalog.write_bytes(content)
    result = run_toolkit(project, "-q", "status")
    assert result.returncode == 1
    assert f"toolkit: {catalog}: the file {said} (a save or a copy that failed?)" in result.stderr
    assert catalog.read_bytes() == content
