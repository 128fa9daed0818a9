"""Project folders of the wrong kind, names the file system refuses, files that are not files: each is one
line naming the path, a non-zero exit, and nothing lost (issue 10's classes)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from abuse_projects import (
    COMMAND_TIMEOUT_SECONDS,
    command_environment,
    copy_default_project,
    run_toolkit,
    toolkit_command,
    tree_hashes,
)
from click.testing import CliRunner, Result

from toolkit.catalog.store import read_catalog
from toolkit.cli import cli
from toolkit.config import load_config
from toolkit.errors import EXIT_FAILURE, EXIT_USAGE
from toolkit.site.build import build_site
from toolkit.site.generation import MANIFEST_NAME

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "site"))
from site_projects import TOML, BlockSpec, catalog_text, sample_project, write_project


def _invoke(project: Path, *arguments: str) -> Result:
    return CliRunner().invoke(cli, ["-C", str(project), "-q", *arguments])


def _one_line_naming(result: Result, *words: str) -> str:
    """The run's stderr, once it is known to be one `toolkit:` line holding every word, and no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = [line for line in result.output.splitlines() if line.startswith("toolkit: ")]
    assert "Traceback" not in result.output
    assert len(lines) == 1, result.output
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def _built(project: Path) -> dict[str, str]:
    result = _invoke(project, "build")
    assert result.exit_code == 0, result.output
    return tree_hashes(project / "site")


# toolkit.toml


def test_a_toolkit_toml_that_is_a_folder_stops_every_command(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p", articles=1)
    (project / "toolkit.toml").unlink()
    (project / "toolkit.toml").mkdir()
    for command in ("build", "status", "publish"):
        result = _invoke(project, command)
        assert result.exit_code == EXIT_USAGE
        _one_line_naming(result, "toolkit.toml", "not a regular file")
    assert not (project / "site").exists()


def test_a_toolkit_toml_in_another_encoding_is_named_with_its_line(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p", articles=1)
    (project / "toolkit.toml").write_bytes(TOML.replace("Test site", "Fran\xe7ais").encode("latin-1"))
    result = _invoke(project, "build")
    assert result.exit_code == EXIT_USAGE
    assert _one_line_naming(result, "not UTF-8").startswith(f"toolkit: {project / 'toolkit.toml'}:5: ")


def test_a_byte_order_mark_at_the_start_of_toolkit_toml_is_read(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p", articles=1)
    (project / "toolkit.toml").write_bytes(b"\xef\xbb\xbf" + TOML.encode())
    assert load_config(project).site_title == "Test site"


@pytest.mark.parametrize(
    "base_url",
    ["javascript:alert(1)", "JavaScript://example.org/%0Aalert(1)", "data:text/html,x", "//example.org/", "x.org"],
)
def test_base_url_must_be_an_http_address(tmp_path: Path, base_url: str) -> None:
    project = sample_project(tmp_path / "p", articles=1)
    (project / "toolkit.toml").write_text(TOML.replace("https://example.org/news/", base_url), encoding="utf-8")
    result = _invoke(project, "build")
    assert result.exit_code == EXIT_USAGE
    _one_line_naming(result, "site.base_url", "http")


@pytest.mark.parametrize("character", ["\x07", "\x1b", "\u202e"])
def test_control_characters_in_the_site_title_are_named(tmp_path: Path, character: str) -> None:
    project = sample_project(tmp_path / "p", articles=1)
    escaped = f"Test\\u{ord(character):04X}site"  # as TOML writes it: a raw control character is not TOML
    (project / "toolkit.toml").write_text(TOML.replace("Test site", escaped), encoding="utf-8")
    result = _invoke(project, "build")
    assert result.exit_code == EXIT_USAGE
    _one_line_naming(result, "site.title", f"U+{ord(character):04X}")


def test_an_unknown_source_language_is_named_as_such(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p", articles=1)
    (project / "toolkit.toml").write_text(TOML.replace('source_language = "ar"', 'source_language = "xx"'))
    result = _invoke(project, "publish")
    assert result.exit_code == EXIT_USAGE
    _one_line_naming(result, "source_language 'xx'", "ar")


# Project folders of the wrong kind


def test_a_missing_translations_folder_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p", articles=2)
    before = _built(project)
    shutil.rmtree(project / "translations")
    result = _invoke(project, "build")
    assert result.exit_code == EXIT_FAILURE
    _one_line_naming(result, "translations", "nothing to build")
    assert tree_hashes(project / "site") == before


@pytest.mark.parametrize("folder", ["translations", "source", "site", ".toolkit"])
def test_a_project_folder_that_is_a_file_stops_before_writing(tmp_path: Path, folder: str) -> None:
    project = copy_default_project(tmp_path / "p")
    if (project / folder).is_dir():
        shutil.rmtree(project / folder)
    (project / folder).write_text("not a folder\n")
    catalogs = tree_hashes(project / "translations") if folder != "translations" else {}
    # translate does not write site/, so a site/ of the wrong kind does not stop it
    for command in ("build", "publish") if folder == "site" else ("build", "publish", "translate"):
        result = _invoke(project, command)
        assert result.exit_code == EXIT_FAILURE
        _one_line_naming(result, str(project / folder), "is not a folder")
    assert (project / folder).read_text() == "not a folder\n"
    if catalogs:
        assert tree_hashes(project / "translations") == catalogs


@pytest.mark.parametrize("name", ["lock", MANIFEST_NAME])
def test_state_files_of_the_wrong_kind_are_named(tmp_path: Path, name: str) -> None:
    project = sample_project(tmp_path / "p", articles=1)
    before = _built(project)
    target = project / ".toolkit" / name
    target.unlink()
    target.mkdir()
    result = _invoke(project, "build")
    assert result.exit_code == EXIT_FAILURE
    _one_line_naming(result, str(target), "not a regular file")
    assert tree_hashes(project / "site") == before


# Catalogs that cannot be read keep their page


def test_an_unreadable_catalog_keeps_its_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = sample_project(tmp_path / "p", articles=3)
    before = _built(project)
    refused = project / "translations" / "001_sample.po"
    refused.write_text(refused.read_text() + "\n", encoding="utf-8")  # changed, so it must be read again
    real_read = os.open

    def deny(path, flags, *args, **kwargs):
        if Path(path) == refused:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path, flags, *args, **kwargs)

    monkeypatch.setattr("toolkit.store.files.os.open", deny)
    result = build_site(load_config(project), skip_bad_catalogs=True)
    assert [str(error.path) for error in result.errors] == [str(refused)]
    assert "permission denied" in result.errors[0].message
    assert result.articles == 3
    after = tree_hashes(project / "site")
    pages = [name for name in before if name.startswith("articles/")]
    assert {name: after.get(name) for name in pages} == {name: before[name] for name in pages}


def test_a_page_edited_by_hand_inside_site_is_rebuilt(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p", articles=2)
    before = _built(project)
    page = next(name for name in before if name.startswith("articles/"))
    with (project / "site" / page).open("a", encoding="utf-8") as handle:  # in place, as an editor may
        handle.write("<script>alert('hand edit')</script>")
    assert _built(project) == before


def test_bidi_controls_in_a_translation_do_not_reach_the_page(tmp_path: Path) -> None:
    blocks = [BlockSpec("b-1", "نص عربي", "Pay \u202eevil\u202c and \u2066isolated\u2069 text", "reviewed")]
    text = catalog_text("bidi", ("عنوان", "Title \u202eredro"), blocks)
    project = write_project(tmp_path / "p", {"bidi": text})
    site = _built(project)
    page = (project / "site" / next(name for name in site if name.startswith("articles/"))).read_text()
    assert "Pay evil and isolated text" in page
    for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert control not in page


def test_control_characters_in_a_catalog_keep_the_feed_well_formed(tmp_path: Path) -> None:
    blocks = [BlockSpec("b-1", "نص عربي", "Bell \\a and escape \\x1b here", "reviewed")]
    text = catalog_text("bell", ("عنوان", "Title with a bell \\a"), blocks)
    project = write_project(tmp_path / "p", {"bell": text})
    _built(project)
    ElementTree.parse(project / "site" / "feed.xml")
    ElementTree.parse(project / "site" / "sitemap.xml")


# Source names and files


def test_a_fifo_given_to_clean_is_named_not_waited_on(tmp_path: Path) -> None:
    project = copy_default_project(tmp_path / "p")
    fifo = project / "source" / "pipe.txt"
    os.mkfifo(fifo)
    named = run_toolkit(project, "clean", str(fifo))
    assert named.returncode == EXIT_FAILURE
    assert "not a regular file" in named.stderr and str(fifo) in named.stderr
    whole = run_toolkit(project, "clean")
    assert whole.returncode == EXIT_FAILURE
    assert "pipe.txt: cannot read" in whole.stderr
    assert "Traceback" not in named.stderr + whole.stderr


def test_a_symlink_loop_in_source_is_named_and_the_rest_published(tmp_path: Path) -> None:
    project = copy_default_project(tmp_path / "p")
    os.symlink("loop.txt", project / "source" / "loop.txt")
    result = run_toolkit(project, "publish")
    assert result.returncode == EXIT_FAILURE, result.stderr
    assert "loop.txt: cannot read: too many levels of symbolic links" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(list((project / "site" / "articles").glob("*.html"))) == 5


def _headline(letters: int) -> str:
    """A realistic Arabic headline of `letters` characters, spaces included."""
    words = ("مصادر", "تكشف", "تفاصيل", "جديدة", "عن", "المفاوضات", "بين", "الحكومة", "والمعارضة")
    words += ("حول", "الدستور", "والانتخابات", "المقبلة")
    text = ""
    while len(text) < letters:
        text += words[len(text) % len(words)] + " "
    return text[:letters].strip()


def test_a_long_arabic_headline_as_a_file_name_is_published(tmp_path: Path) -> None:
    project = copy_default_project(tmp_path / "p")
    name = _headline(129)
    assert len(f"{name}.txt".encode()) < 256  # the file system holds it; names made from it must fit too
    shutil.copy(next((project / "source").glob("000_*.txt")), project / "source" / f"{name}.txt")
    result = run_toolkit(project, "publish")
    assert result.returncode in (0, 3), result.stderr
    catalogs = list((project / "translations").glob("*.po"))
    assert len(catalogs) == 6
    for catalog in catalogs:
        read_catalog(catalog)
    assert len(list((project / "site" / "articles").glob("*.html"))) == 6
    assert not list((project / "translations").glob(".*.tmp"))


def test_a_source_name_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    project = copy_default_project(tmp_path / "p")
    data = next((project / "source").glob("000_*.txt")).read_bytes()
    with open(os.path.join(os.fsencode(project / "source"), b"caf\xe9.txt"), "wb") as handle:
        handle.write(data)
    for command in ("publish", "translate", "clean", "publish"):  # the second publish: with a cache filled
        result = run_toolkit(project, command, TOOLKIT_DEBUG="1")
        assert "Traceback" not in result.stderr, (command, result.stderr)
        assert result.returncode == EXIT_FAILURE, (command, result.stderr)
        assert "/caf" in result.stderr and ".txt: the file name is not valid UTF-8" in result.stderr, command
    assert len(list((project / "site" / "articles").glob("*.html"))) == 5


def test_the_cli_guard_names_an_oserror_that_slipped_through(tmp_path: Path, monkeypatch) -> None:
    project = sample_project(tmp_path / "p", articles=1)

    def broken(*args, **kwargs):
        raise OSError(5, "Input/output error", str(project / "x"))

    monkeypatch.setattr("toolkit.commands.status.summarize_project", broken)
    result = _invoke(project, "status")
    assert result.exit_code == EXIT_FAILURE
    _one_line_naming(result, str(project / "x"), "input/output error")


def test_the_cli_guard_turns_an_unexpected_error_into_one_line(tmp_path: Path, monkeypatch) -> None:
    project = sample_project(tmp_path / "p", articles=1)

    def broken(*args, **kwargs):
        raise RuntimeError("surprise")

    monkeypatch.setattr("toolkit.commands.status.summarize_project", broken)
    result = _invoke(project, "status")
    assert result.exit_code == EXIT_FAILURE
    _one_line_naming(result, "internal error", "surprise", "TOOLKIT_DEBUG")


def test_a_catalog_in_another_charset_is_named_as_such(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p", articles=1)
    catalog = project / "translations" / "000_sample.po"
    text = catalog.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=windows-1256")
    catalog.write_bytes(text.encode("cp1256", errors="replace"))
    result = _invoke(project, "status")
    assert result.exit_code == EXIT_FAILURE
    _one_line_naming(result, str(catalog), "windows-1256", "msgconv")
    catalog.write_bytes(text.replace("charset=windows-1256", "charset=UTF-8").encode("cp1256", errors="replace"))
    _one_line_naming(_invoke(project, "status"), "although its header says charset=UTF-8")


def test_a_catalog_behind_a_looping_link_is_named_and_the_rest_built(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p", articles=2)
    before = _built(project)
    os.symlink("loop.po", project / "translations" / "loop.po")
    result = _invoke(project, "build")
    assert result.exit_code == EXIT_FAILURE
    _one_line_naming(result, "loop.po: cannot read", "symbolic links")
    assert tree_hashes(project / "site") == before
    status = _invoke(project, "status")
    assert status.exit_code == EXIT_FAILURE
    assert "loop.po: cannot read" in status.output and "Traceback" not in status.output


def test_a_site_folder_that_is_a_symlink_is_refused_before_building(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p", articles=1)
    (tmp_path / "www").mkdir()
    os.symlink(tmp_path / "www", project / "site")
    result = _invoke(project, "build")
    assert result.exit_code == EXIT_FAILURE
    _one_line_naming(result, str(project / "site"), "symbolic link")
    assert list((tmp_path / "www").iterdir()) == []


@pytest.mark.parametrize("kind", ["dangling link", "link to a folder", "file"])
def test_a_site_of_the_wrong_kind_stops_only_the_commands_that_write_it(tmp_path: Path, kind: str) -> None:
    project = copy_default_project(tmp_path / "p")
    site = project / "site"
    if kind == "file":
        site.write_text("not a site\n", encoding="utf-8")
    else:
        (tmp_path / "www").mkdir()
        site.symlink_to(tmp_path / ("www" if kind == "link to a folder" else "nowhere"))
    catalogs = tree_hashes(project / "translations")
    for command in ("clean", "translate", "status", "check"):
        result = _invoke(project, command)
        assert "Traceback" not in result.output and str(site) not in result.output, (command, result.output)
        assert result.exit_code in (0, 3), (command, result.output)
    for command in ("build", "publish"):
        result = _invoke(project, command)
        assert result.exit_code == EXIT_FAILURE, (command, result.output)
        _one_line_naming(result, str(site), "symbolic link" if kind != "file" else "is not a folder")
    assert tree_hashes(project / "translations") == catalogs
    assert not (tmp_path / "www").exists() or list((tmp_path / "www").iterdir()) == []


def test_every_command_names_a_file_by_the_same_path_whatever_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from inside the project, status named catalogs from the working folder and build by their full
    path: one file, two names. Every command now names it as build does."""
    project = copy_default_project(tmp_path / "p").resolve()
    gone = sorted((project / "source").glob("*.txt"))[0]
    gone.unlink()
    orphan = project / "translations" / f"{gone.stem}.po"
    broken = project / "translations" / "broken.po"
    broken.write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    monkeypatch.chdir(project / "translations")
    named = {}
    for command in ("translate", "status", "check", "build", "publish"):
        result = CliRunner().invoke(cli, ["-C", "..", "-q", command])
        assert "Traceback" not in result.output, result.output
        lines = result.output.splitlines()
        named[command] = {re.search(r"(\S*broken\.po)", line)[1] for line in lines if "broken.po" in line}
        if command in ("translate", "status", "publish"):  # check does not look at source/; build stops first
            assert any(line.startswith(f"toolkit: warning: {orphan}: ") for line in lines), (command, result.output)
    assert all(names == {str(broken)} for names in named.values()), named


# Output that cannot be written, links that lead nowhere, names in another encoding: each is one line


@pytest.mark.parametrize("arguments", [("clean",), ("status",), ("--help",), ("models", "list")])
def test_output_to_a_full_disk_is_one_line_not_a_traceback(tmp_path: Path, arguments: tuple[str, ...]) -> None:
    project = copy_default_project(tmp_path / "p")
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            toolkit_command(project, "-q", *arguments),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=command_environment(TOOLKIT_DEBUG="1"),
            timeout=COMMAND_TIMEOUT_SECONDS,
        )
    assert result.returncode == EXIT_FAILURE, result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, result.stderr
    assert result.stderr.splitlines()[-1] == (
        "toolkit: cannot write the output: no space left on the device; free some space and run again"
    )


def test_a_reader_that_stops_reading_ends_the_run_quietly(tmp_path: Path) -> None:
    project = copy_default_project(tmp_path / "p")
    reader = subprocess.Popen(["head", "-c", "1"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    result = subprocess.run(
        toolkit_command(project, "-q", "clean", "--format", "json"),
        stdout=reader.stdin,
        stderr=subprocess.PIPE,
        text=True,
        env=command_environment(TOOLKIT_DEBUG="1"),
        timeout=COMMAND_TIMEOUT_SECONDS,
    )
    reader.stdin.close()
    reader.wait()
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, result.stderr


@pytest.mark.parametrize("command", ["publish", "build", "status"])
def test_a_link_loop_among_the_catalogs_or_as_the_project_is_named(tmp_path: Path, command: str) -> None:
    project = copy_default_project(tmp_path / "p")
    loop = project / "translations" / "loop.po"
    loop.symlink_to(loop.name)
    result = run_toolkit(project, command, TOOLKIT_DEBUG="1")
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == EXIT_FAILURE and "loop.po" in result.stderr and "symbolic links" in result.stderr
    project_loop = tmp_path / "looped"
    project_loop.symlink_to(project_loop.name)
    result = run_toolkit(project_loop, command, TOOLKIT_DEBUG="1")
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode != 0 and f"{project_loop}: cannot look at it: too many levels" in result.stderr


def test_a_catalog_name_that_is_not_utf8_is_named_by_publish_build_and_status_and_the_rest_published(
    tmp_path: Path,
) -> None:
    project = copy_default_project(tmp_path / "p")
    catalog = next((project / "translations").glob("000_*.po"))
    bad = os.path.join(os.fsencode(project / "translations"), b"caf\xe9.po")
    shutil.copyfile(catalog, bad)
    for command in ("publish", "build", "status", "publish"):
        result = run_toolkit(project, command, TOOLKIT_DEBUG="1")
        assert "Traceback" not in result.stderr, (command, result.stderr)
        assert result.returncode == EXIT_FAILURE, (command, result.stderr)
        assert ".po: the file name is not valid UTF-8; rename the file" in result.stderr, (command, result.stderr)
    assert len(list((project / "site" / "articles").glob("*.html"))) == 5


def test_two_catalog_names_that_differ_only_in_unicode_form_get_a_page_each(tmp_path: Path) -> None:
    """A name copied from macOS is decomposed (NFD); beside its composed (NFC) twin it is another article."""
    project = sample_project(tmp_path / "p", articles=2)
    translations = project / "translations"
    composed, decomposed = "أخبار_café", unicodedata.normalize("NFD", "أخبار_café")
    (translations / "000_sample.po").rename(translations / f"{composed}.po")
    (translations / "001_sample.po").rename(translations / f"{decomposed}.po")
    result = _invoke(project, "build")
    assert result.exit_code == 0, result.output
    pages = {page.name for page in (project / "site" / "articles").glob("*.html")}
    assert len(pages) == 2 and f"{composed}.html" in pages, pages
