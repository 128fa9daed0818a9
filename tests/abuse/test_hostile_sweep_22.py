"""Cases from the twenty-second hostile sweep (issue 10), a translator collective's git workflow and Windows
tools: a catalog or a source whose name ends in a space or a dot after its suffix; toolkit.toml or the glossary
holding an unresolved merge conflict; a link git checked out as a text file; a umask that takes from the owner what
the run makes. Each test failed before its fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from abuse_projects import COMMAND_TIMEOUT_SECONDS, REPO, command_environment, copy_default_project, toolkit_command
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE

ARTICLE = "000_bff552917bc11dca"


@pytest.mark.parametrize("end", [" ", "."])
def test_a_catalog_whose_name_ends_in_a_space_or_a_dot_keeps_its_page_and_is_not_drafted_afresh(
    tmp_path: Path, argos_packages_dir: Path, end: str
) -> None:
    # A copy through Windows tools or a script that appended a space: "000.po " is 000.po where Windows drops a
    # name's trailing spaces and dots. Here it was left out without a word: build took the reviewed article's
    # page off the site with exit 0, status told translate to make the catalog, and translate wrote a fresh
    # catalog beside the translator's.
    project = copy_default_project(tmp_path / "p")
    catalog = project / "translations" / f"{ARTICLE}.po"
    assert CliRunner().invoke(cli, ["-C", str(project), "-q", "build"]).exit_code == EXIT_OK
    renamed = catalog.rename(catalog.with_name(catalog.name + end))
    for command in ("status", "check", "build", "translate"):
        result = CliRunner().invoke(cli, ["-C", str(project), "-q", command])
        assert result.exit_code == (EXIT_FAILURE if command == "translate" else EXIT_OK), (command, result.output)
        named = [line for line in result.stderr.splitlines() if str(renamed) in line]
        assert named, (command, result.stderr)
        assert f"rename it to {catalog.name}" in named[0], (command, named)
        assert "no catalog in translations/ yet" not in result.stderr
    assert not catalog.exists()
    assert renamed.read_bytes() == (REPO / "translations" / catalog.name).read_bytes()
    assert (project / "site" / "articles" / f"{ARTICLE}.html").is_file()


def test_a_source_whose_name_ends_in_a_space_is_named_not_left_out(tmp_path: Path) -> None:
    # "article.txt " (a scraper's title with its trailing space kept) was passed over by every command in
    # silence; "article.txt." was told it "has no file type".
    project = copy_default_project(tmp_path / "p")
    source = project / "source" / f"{ARTICLE}.txt"
    for end in (" ", "."):
        renamed = source.rename(source.with_name(source.name + end))
        result = CliRunner().invoke(cli, ["-C", str(project), "-q", "status"])
        named = [line for line in result.stderr.splitlines() if f"{renamed}:" in line]
        assert len(named) == 1, result.stderr
        assert named[0].endswith(f"rename it to {source.name}"), named
        source = renamed.rename(source)


def _in_conflict(text: str, line: int, theirs: str) -> str:
    """`text` as `git pull` or `git stash pop` leaves it when both sides changed its line `line` (from 1)."""
    lines = text.split("\n")
    ours = lines[line - 1]
    lines[line - 1 : line] = ["<<<<<<< HEAD", ours, "=======", theirs, ">>>>>>> origin/main"]
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("relative", "line", "command"),
    [
        ("toolkit.toml", 7, "status"),
        ("glossary.csv", 2, "check"),
    ],
)
def test_a_file_holding_a_git_merge_conflict_is_named_as_one(
    tmp_path: Path, relative: str, line: int, command: str
) -> None:
    # A translator collective's `git pull` (or `git stash pop`) that stopped at a conflict in toolkit.toml or the
    # glossary: "not valid TOML: Invalid statement" or "a term needs both a source and a target", neither saying
    # what happened. A catalog and a source are named so in the same words (bd8bf29, 6752401).
    project = copy_default_project(tmp_path / "p")
    assert CliRunner().invoke(cli, ["-C", str(project), "-q", "build"]).exit_code == EXIT_OK
    page = (project / "site" / "articles" / f"{ARTICLE}.html").read_bytes()
    (project / "glossary.csv").write_text("source,target\nروسيا,Russia\n", encoding="utf-8")
    path = project / relative
    text = path.read_text(encoding="utf-8")
    path.write_text(_in_conflict(text, line, text.split("\n")[line - 1] + " (edited)"), encoding="utf-8")
    held = path.read_bytes()
    result = CliRunner().invoke(cli, ["-C", str(project), "-q", command])
    assert result.exit_code != EXIT_OK
    said = [said for said in result.stderr.splitlines() if said.startswith(f"toolkit: {path}:")]
    assert said == [
        f"toolkit: {path}:{line}: {'glossary: ' if relative == 'glossary.csv' else ''}a merge conflict left "
        "unresolved (a <<<<<<< line): keep the side you want of each conflict, delete its marker lines (<<<<<<<, "
        "|||||||, =======, >>>>>>>) and commit"
    ], result.stderr
    assert path.read_bytes() == held
    assert (project / "site" / "articles" / f"{ARTICLE}.html").read_bytes() == page


@pytest.mark.parametrize("relative", [f"translations/{ARTICLE}.po", "toolkit.toml", f"source/{ARTICLE}.txt"])
def test_a_link_git_checked_out_as_a_text_file_is_named_as_one(tmp_path: Path, relative: str) -> None:
    # A repository keeping a link (toolkit.toml -> ../shared/toolkit.toml), checked out where links are off
    # (core.symlinks=false, a Windows share): the file holds the link's target alone. It was "not a valid PO
    # file", "not valid TOML", or for a source "in the Latin script, project source language is Arabic".
    project = copy_default_project(tmp_path / "p")
    path = project / relative
    target = f"../../shared/{path.name}"
    path.write_text(target, encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(project), "-q", "publish"])
    assert result.exit_code != EXIT_OK
    assert f"toolkit: {path}: holds only the path '{target}': git checked out a symbolic link as a text file " in (
        result.stderr
    ), result.stderr
    assert f"make it a link again (ln -sf {target} {path.name}) or copy the file it leads to in its place" in (
        result.stderr
    )
    assert path.read_text(encoding="utf-8") == target


@pytest.mark.parametrize("umask", [0o777, 0o277, 0o177])
def test_a_umask_that_takes_from_the_owner_what_the_run_makes_stops_it_before_it_writes(
    tmp_path: Path, umask: int
) -> None:
    # `umask 0777` (a hardening script's, or a typo for 077): the first build made .toolkit/ mode 0 and a site of
    # mode-0 files and folders with exit 0; every later run of its own user was refused the lock, told that
    # .toolkit "belongs to amal, mode 0, and this run's user, amal, may not read or write it; run as its owner".
    project = copy_default_project(tmp_path / "p")
    before = sorted(path.name for path in project.iterdir())
    result = subprocess.run(
        toolkit_command(project, "-q", "publish"),
        capture_output=True,
        text=True,
        env=command_environment(),
        preexec_fn=lambda: os.umask(umask),
        timeout=COMMAND_TIMEOUT_SECONDS,
    )
    assert result.returncode == EXIT_FAILURE
    assert result.stderr == (
        f"toolkit: {project}: this run's umask {umask:04o} would make the folders and files the toolkit writes here "
        f"mode {0o777 & ~umask:o} and {0o666 & ~umask:o}, which take from their owner, you, the right to open, read "
        "or write them, and the next run would be refused them; set a umask that leaves them to their owner (umask "
        "022, or 077 to keep them from others) and run again; nothing was done\n"
    )
    assert sorted(path.name for path in project.iterdir()) == before


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", "is empty (a download or a copy that failed?); download the package again"),
        (
            b"version https://git-lfs.github.com/spec/v1\noid sha256:" + b"0" * 64 + b"\nsize 93405332\n",
            "is a Git LFS pointer, not the file itself: git-lfs was not installed when it was checked out; run "
            "`git lfs install` and `git lfs pull` in the repository",
        ),
        (
            b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head></html>\n",
            "is a web page or a server's answer, not the package (a download link that gave an error or a sign-in "
            "page?); download the .argosmodel file itself",
        ),
        (
            b"PK\x03\x04" + bytes(2_000_000),
            "is a zip archive cut short (2.0 MB, its end and table of contents missing: a download that stopped?); "
            "download the package again",
        ),
    ],
    ids=["empty", "lfs pointer", "web page", "cut short"],
)
def test_a_package_file_that_is_no_zip_archive_is_named_for_what_it_is(
    tmp_path: Path, argos_packages_dir: Path, content: bytes, said: str
) -> None:
    # A model kept in the team's repository with git-lfs and cloned without it, a download that stopped, a
    # link that saved a sign-in page: each was "not an Argos package: not a zip archive".
    package = tmp_path / "translate-zh_en-1_9.argosmodel"
    package.write_bytes(content)
    result = CliRunner().invoke(cli, ["models", "install", "--from", str(package)])
    assert result.exit_code == EXIT_FAILURE
    assert result.stderr == f"toolkit: {package}: {said}\n"
    assert list(argos_packages_dir.iterdir()) == []


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
@pytest.mark.parametrize(
    ("relative", "command", "named"), [("toolkit.toml", "status", ""), ("glossary.csv", "check", "glossary: ")]
)
def test_toolkit_toml_or_the_glossary_saved_as_utf16_is_named_so(
    tmp_path: Path, relative: str, command: str, named: str, encoding: str
) -> None:
    # Saved by Notepad as "Unicode" (UTF-16 with a byte order mark) or by PowerShell's `>`: "not UTF-8 text; save
    # it as UTF-8", with no word of what it is, as a catalog's was named (test_a_catalog_saved_as_utf16_or_utf32).
    # Without a mark, UTF-16 of ASCII text even decoded as UTF-8 and was "not valid TOML: Invalid statement".
    project = copy_default_project(tmp_path / "p")
    path = project / relative
    text = path.read_text(encoding="utf-8") if path.exists() else "source,target\nروسيا,Russia\n"
    path.write_bytes(text.encode(encoding))
    result = CliRunner().invoke(cli, ["-C", str(project), "-q", command])
    assert result.exit_code == EXIT_USAGE
    read_as = (
        "TOML files are UTF-8 by the format's own rule"
        if relative == "toolkit.toml"
        else "the glossary is read as UTF-8"
    )
    assert result.stderr == (
        f"toolkit: {path}:1: {named}saved as UTF-16, and {read_as}; save it as UTF-8 (iconv -f UTF-16"
        f"{'BE' if encoding.endswith('be') else 'LE'} -t UTF-8)\n"
    )


def test_a_toolkit_toml_of_an_old_mac_editor_s_line_ends_is_read(tmp_path: Path) -> None:
    # Lines each ended by a CR alone (classic Mac OS editors, some Mac exports): "not valid TOML: Found invalid
    # character '\r' (at line 1, column 23)", where a catalog so saved is read.
    project = copy_default_project(tmp_path / "p")
    settings = project / "toolkit.toml"
    settings.write_bytes(settings.read_bytes().replace(b"\n", b"\r"))
    result = CliRunner().invoke(cli, ["-C", str(project), "-q", "build"])
    assert result.exit_code == EXIT_OK, result.stderr
    index = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>Security Guarantees: Arabic Press in English</title>" in index


def test_the_copies_git_mergetool_left_beside_a_file_are_named_not_published(tmp_path: Path) -> None:
    # `git mergetool` copies each side of a file in conflict beside it (a_BASE_4242.po, a_LOCAL_..., a_REMOTE_...)
    # and leaves them when it is stopped: each was published as an article of its own, the one story three
    # times over with three translations, called "catalogs whose article no file in source/ makes any more
    # (renamed or removed?)"; a source's copy was cleaned and drafted as a new article.
    project = copy_default_project(tmp_path / "p")
    catalog = project / "translations" / f"{ARTICLE}.po"
    copies = [catalog.with_name(f"{ARTICLE}_{side}_4242.po") for side in ("BASE", "LOCAL", "REMOTE")]
    for number, copy in enumerate(copies):
        copy.write_bytes(catalog.read_bytes().replace(b'msgstr "', f'msgstr "({number}) '.encode(), 3))
    source = project / "source" / f"{ARTICLE}.txt"
    source_copy = source.with_name(f"{ARTICLE}_REMOTE_5151.txt")
    source_copy.write_bytes(source.read_bytes())
    own_name = source.with_name("elections_LOCAL_2024.txt")  # no elections.txt beside it: an article's own name
    own_name.write_bytes((REPO / "source" / "001_7e7eb9076ff80330.txt").read_bytes())
    result = CliRunner().invoke(cli, ["-C", str(project), "-q", "publish"])
    for copy, original in [*((copy, catalog) for copy in copies), (source_copy, source)]:
        side = copy.stem.split("_")[-2]
        assert (
            f"toolkit: warning: {copy}: is the {side} side of {original.name} that git mergetool copied beside it "
            f"and left, so it is left out; delete it once the merge of {original.name} is resolved"
        ) in result.stderr.splitlines(), result.stderr
    pages = sorted(path.name for path in (project / "site" / "articles").iterdir())
    assert pages == sorted(
        [*(path.with_suffix(".html").name for path in (REPO / "source").iterdir()), "elections_LOCAL_2024.html"]
    )
    assert not (project / "translations" / f"{ARTICLE}_REMOTE_5151.po").exists()


def test_a_catalog_whose_lines_end_in_cr_cr_lf_is_read_as_msgfmt_reads_it_and_so_is_toolkit_toml(
    tmp_path: Path, argos_packages_dir: Path
) -> None:
    # A file already CRLF, checked out again through git's core.autocrlf (or an editor's second conversion):
    # each line ends in CR CR LF. msgfmt -c takes such a catalog (a CR before a line end is blank space to it);
    # the toolkit refused it, at first as "quoted string without a keyword (msgid, msgstr, ...) before it", then
    # by naming the doubled CR, and the reviewed article's page stayed off the site until it was fixed by hand.
    project = copy_default_project(tmp_path / "p")
    catalog = project / "translations" / f"{ARTICLE}.po"
    catalog.write_bytes(catalog.read_bytes().replace(b"\n", b"\r\r\n"))
    assert subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(catalog)], check=False).returncode == 0
    settings = project / "toolkit.toml"
    settings.write_bytes(settings.read_bytes().replace(b"\n", b"\r\r\n"))
    for command in ("check", "build", "translate"):
        result = CliRunner().invoke(cli, ["-C", str(project), "-q", command])
        assert result.exit_code == EXIT_OK, (command, result.stderr)
        assert "toolkit.toml" not in result.stderr, (command, result.stderr)
        assert catalog.name not in result.stderr, (command, result.stderr)
    # Written back, if at all, with one CR a line: the CRLF it was before git converted it again.
    written = catalog.read_bytes()
    original = (REPO / "translations" / catalog.name).read_bytes()
    assert written in (original.replace(b"\n", b"\r\r\n"), original.replace(b"\n", b"\r\n"))
    page = (project / "site" / "articles" / f"{ARTICLE}.html").read_text(encoding="utf-8")
    assert "Putin to Macron: the West ignored our security concerns" in page


@pytest.mark.parametrize("name", ["README.txt", "readme.md", "LICENSE", "CONTRIBUTING.html"])
def test_a_note_on_source_a_repository_keeps_is_no_article(tmp_path: Path, name: str) -> None:
    # A team keeping the project in git explains its folders: source/README.txt was cleaned as an article and
    # every publish failed, "the text is in the Latin script, project source language is Arabic"; README.md was
    # told at every run to be saved "as .txt (text) to publish it".
    project = copy_default_project(tmp_path / "p")
    (project / "source" / name).write_text("Sources\n\nOne scraped article a file, as the scraper saves it.\n")
    result = CliRunner().invoke(cli, ["-C", str(project), "-q", "publish"])
    assert result.exit_code == EXIT_OK, result.stderr
    assert name not in result.stderr
    assert sorted(path.name for path in (project / "translations").iterdir()) == sorted(
        path.name for path in (REPO / "translations").iterdir()
    )


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("page.html", b"<html><body></body></html>", "no main content found in the page"),
        ("link.txt", b"https://example.com/news/2022/01/28", "web addresses only"),
    ],
)
def test_a_text_of_one_line_with_a_slash_is_not_taken_for_a_link_git_wrote(
    tmp_path: Path, name: str, content: bytes, said: str
) -> None:
    # A page of one line, or a saved address, holds a "/" and no space as a link's target does: 5c9e922 told
    # both they were links git checked out as text.
    source = tmp_path / name
    source.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "clean", str(source)],
        capture_output=True,
        text=True,
        env=command_environment(),
        timeout=COMMAND_TIMEOUT_SECONDS,
    )
    assert result.returncode == EXIT_FAILURE
    assert "symbolic link" not in result.stderr
    assert said in result.stderr, result.stderr


@pytest.mark.parametrize("name", ["CON.txt", "nul.txt", "Aux.txt", "COM1.txt", "lpt3.txt"])
def test_a_source_named_as_a_windows_device_publishes_a_page_windows_can_hold(tmp_path: Path, name: str) -> None:
    # source/CON.txt published site/articles/CON.html, a file Windows takes for the console: the site could not
    # be copied to Windows, nor a repository holding it checked out there.
    project = copy_default_project(tmp_path / "p")
    (project / "source" / name).write_bytes((REPO / "source" / f"{ARTICLE}.txt").read_bytes())
    result = CliRunner().invoke(cli, ["-C", str(project), "-q", "publish"])
    assert result.exit_code == EXIT_OK, result.stderr
    stem = name.removesuffix(".txt")
    pages = [
        path.name for path in (project / "site" / "articles").iterdir() if path.name.lower().startswith(stem.lower())
    ]
    assert len(pages) == 1, pages
    assert pages[0] != f"{stem}.html" and pages[0].split(".")[0].lower() != stem.lower()
    listing = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert f"articles/{pages[0]}" in listing


@pytest.mark.parametrize("after", ["\x1a", "\x1a\x1a\r\n", "\x1a\n"])
def test_a_dos_end_of_file_mark_is_read_past_in_toolkit_toml_and_named_in_a_catalog(tmp_path: Path, after: str) -> None:
    # DOS's copy /a and editors of its time wrote Ctrl-Z (0x1A) after a file's last line. toolkit.toml was "not
    # valid TOML: Invalid statement", a catalog "not a PO comment, keyword or quoted string: '\x1a'", neither
    # saying what the byte was. msgfmt refuses the catalog too, so it is named; toolkit.toml is read past it.
    project = copy_default_project(tmp_path / "p")
    settings = project / "toolkit.toml"
    settings.write_bytes(settings.read_bytes() + after.encode())
    result = CliRunner().invoke(cli, ["-C", str(project), "-q", "publish"])
    assert result.exit_code == EXIT_OK, result.stderr
    catalog = project / "translations" / f"{ARTICLE}.po"
    lines = catalog.read_bytes().count(b"\n")
    held = catalog.read_bytes() + after.encode()
    catalog.write_bytes(held)
    result = CliRunner().invoke(cli, ["-C", str(project), "-q", "build"])
    assert result.exit_code == EXIT_FAILURE
    assert (
        f"toolkit: {catalog}:{lines + 1}: it ends in a DOS end-of-file mark (Ctrl-Z, byte 0x1A), which msgfmt "
        f"refuses too; delete it (sed -i 's/\\x1a//g' {catalog.name}); it is left untouched"
    ) in result.stderr.splitlines(), result.stderr
    assert catalog.read_bytes() == held


def test_two_catalogs_swapped_are_named_not_merged_into_the_wrong_article(tmp_path: Path) -> None:
    # Two articles' catalogs swapped (a rename in the wrong order, a merge tool's mix-up): check and build said
    # nothing, and translate merged each into the other's article, turning every reviewed translation obsolete
    # and leaving 19 entries untranslated, with no word of why.
    project = copy_default_project(tmp_path / "p")
    first, second = (project / "translations" / f"{name}.po" for name in (ARTICLE, "001_7e7eb9076ff80330"))
    held = {first: second.read_bytes(), second: first.read_bytes()}
    for path, data in held.items():
        path.write_bytes(data)
    result = CliRunner().invoke(cli, ["-C", str(project), "-q", "translate"])
    assert result.exit_code == EXIT_FAILURE
    for path, other in ((first, second), (second, first)):
        assert (
            f"toolkit: {path}: holds the translations of article {other.stem!r} (its header's X-Article-Id, and its "
            f"texts are not this article's): two catalogs swapped, or one copied under another's name; rename it "
            f"to {other.name}; it is left untouched"
        ) in result.stderr.splitlines(), result.stderr
        assert path.read_bytes() == held[path]


def test_a_catalog_renamed_by_hand_with_its_source_is_merged_as_its_own(tmp_path: Path) -> None:
    project = copy_default_project(tmp_path / "p")
    (project / "source" / f"{ARTICLE}.txt").rename(project / "source" / "putin_macron.txt")
    (project / "translations" / f"{ARTICLE}.po").rename(project / "translations" / "putin_macron.po")
    result = CliRunner().invoke(cli, ["-C", str(project), "-q", "translate"])
    assert result.exit_code == EXIT_OK, result.stderr
    assert "X-Article-Id: putin_macron" in (project / "translations" / "putin_macron.po").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["publish", "translate", "clean"])
def test_a_source_language_no_source_is_in_is_named_as_the_setting_at_fault(tmp_path: Path, command: str) -> None:
    # source_language = "zh" in a project of Arabic pages: each source was told "the text is in the Arabic
    # script, project source language is Chinese (zh): not cleaned", five lines sending the user to the pages.
    project = copy_default_project(tmp_path / "p")
    settings = project / "toolkit.toml"
    settings.write_text(settings.read_text().replace('source_language = "ar"', 'source_language = "zh"'))
    result = CliRunner().invoke(cli, ["-C", str(project), "-q", command])
    assert result.exit_code == EXIT_FAILURE
    assert (
        f"toolkit: {settings}: source_language is 'zh', but in all 5 sources the text is in the Arabic script: set "
        "source_language to the sources' language"
    ) in result.stderr.splitlines(), result.stderr
    if command == "clean":
        assert "toolkit: cleaned 0 of 5 files; 5 failed: " in result.stderr


def test_one_page_in_another_script_is_named_alone(tmp_path: Path) -> None:
    project = copy_default_project(tmp_path / "p")
    (project / "source" / "en.txt").write_text("Talks in Geneva\n\nThe ministers met in Geneva on Monday.\n")
    result = CliRunner().invoke(cli, ["-C", str(project), "-q", "publish"])
    assert "source_language is" not in result.stderr
    assert "en.txt: the text is in the Latin script, project source language is Arabic (ar)" in result.stderr
