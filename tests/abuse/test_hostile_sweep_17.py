"""Cases from the seventeenth hostile sweep (issue 10): two projects sharing folders by link, what a rewrite of a
translator's file keeps, articles saved twice or hard-wrapped, a clock set back, named pipes where files belong.
Each test failed before its fix."""

from __future__ import annotations

import contextlib
import grp
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from abuse_projects import (
    command_environment,
    copy_default_project,
    launcher_beside_python,
    run_toolkit,
    translate_one_chinese_sentence,
    tree_hashes,
)

from toolkit.translate.packages import install_file

ARTICLE = "000_bff552917bc11dca"


@pytest.mark.parametrize("folder", ["translations", ".toolkit"])
def test_a_folder_linked_to_another_projects_own_is_refused_and_that_project_left_as_it_was(
    tmp_path: Path, folder: str
) -> None:
    # A second project (another site title, another set of sources) made with `ln -s ../news/translations`:
    # its publish rewrote the first project's catalogs against its own sources, and the first project's
    # reviewed entries stayed marked fuzzy after its own next publish. A shared .toolkit/ mixed the two
    # projects' records: each build moved the other's search files out of site/ as "not made by the build".
    first = copy_default_project(tmp_path / "news")
    assert run_toolkit(first, "-q", "publish").returncode == 0
    second = copy_default_project(tmp_path / "mirror")
    shutil.rmtree(second / "translations")
    (second / folder).symlink_to(first / folder)
    source = second / "source" / f"{ARTICLE}.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("الكرملين", "القصر"), encoding="utf-8")
    if folder != "translations":
        shutil.copytree(first / "translations", second / "translations")
    kept = tree_hashes(first, skip=())
    for command in ("publish", "build", "status"):
        result = run_toolkit(second, "-q", command)
        assert result.returncode == 1, (command, result.stderr)
        assert result.stderr == (
            f"toolkit: {second / folder}: leads to {first / folder}, the {folder}/ folder of the toolkit project "
            f"{first}, which that project's runs read and write; give this project a {folder}/ folder of its own "
            "(a copy, not a link)\n"
        ), command
    assert tree_hashes(first, skip=()) == kept


def _another_group() -> int | None:
    """A group this user may give a file other than the one its new files get, or None."""
    if os.geteuid() == 0:
        return next((group.gr_gid for group in grp.getgrall() if group.gr_gid != os.getegid()), None)
    return next((gid for gid in os.getgroups() if gid != os.getegid()), None)


def test_a_catalog_a_run_rewrites_keeps_its_group_and_extended_attributes(tmp_path: Path) -> None:
    # A translators' collective shares the project by group (chgrp translators, mode 664) and tags files with
    # extended attributes (a POSIX ACL is one, system.posix_acl_access): the rewrite kept the file's mode but made
    # it the running user's group with no attributes, so the other translators could no longer save it.
    project = copy_default_project(tmp_path / "p")
    catalog = project / "translations" / f"{ARTICLE}.po"
    group = _another_group()
    if group is None:
        pytest.skip("no second group to give the catalog")
    os.chown(catalog, -1, group)
    catalog.chmod(0o664)
    try:
        os.setxattr(catalog, "user.reviewer", b"amal")
    except OSError as error:
        pytest.skip(f"no user extended attributes here: {error}")
    source = project / "source" / f"{ARTICLE}.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("الكرملين", "القصر"), encoding="utf-8")
    before = catalog.read_bytes()
    result = run_toolkit(project, "-q", "translate")
    assert result.returncode == 0, result.stderr
    assert catalog.read_bytes() != before  # rewritten: the paragraph's entry is now fuzzy
    status = catalog.stat()
    assert (status.st_gid, stat.S_IMODE(status.st_mode)) == (group, 0o664)
    assert os.getxattr(catalog, "user.reviewer") == b"amal"


def _assert_each_seed_cleans_as_itself(tmp_path: Path, saved_as: Callable[[str], str]) -> None:
    """Each seed article, saved as `saved_as` makes its text, cleans to the seed's own title, date, byline and
    blocks."""
    project = copy_default_project(tmp_path / "p")
    for source in sorted((project / "source").iterdir()):
        reshaped = tmp_path / source.name
        reshaped.write_text(saved_as(source.read_text(encoding="utf-8")), encoding="utf-8")
        seed, saved = (
            run_toolkit(project, "-q", "clean", "--format", "json", str(path)) for path in (source, reshaped)
        )
        assert saved.returncode == 0, saved.stderr
        fields = ("title", "date", "byline", "blocks")
        assert [json.loads(saved.stdout)[name] for name in fields] == [
            json.loads(seed.stdout)[name] for name in fields
        ], source.name


def test_an_article_saved_twice_in_one_file_cleans_as_the_article_once(tmp_path: Path) -> None:
    # A scraper that appends to its file and ran twice: every seed saved twice was "no article text found (all
    # 26 lines were boilerplate)", and --explain said why no more. The headline is taken where it first
    # appears, the body is the copy below (a paragraph shown twice anchors where it appears last), so the first
    # copy went as header furniture and the second as lines seen before.
    def twice(text: str) -> str:
        text = text.rstrip("\n")
        return f"{text}\n\n{text}\n"

    _assert_each_seed_cleans_as_itself(tmp_path, twice)


@pytest.mark.parametrize("width", [64, 72, 79])
def test_an_article_hard_wrapped_at_a_width_cleans_as_its_paragraphs(tmp_path: Path, width: int) -> None:
    # Text saved by `lynx -dump` or `w3m -dump`, an e-mail or an editor's hard wrap: read line by line, every
    # paragraph became several blocks (some called headings), each translated apart, and the first lines of
    # the first paragraph were cut as the page's header ("removed by header_furniture").
    _assert_each_seed_cleans_as_itself(
        tmp_path, lambda text: "\n".join("\n".join(textwrap.wrap(line, width)) or line for line in text.split("\n"))
    )


def test_a_page_edited_after_the_clock_went_back_is_rebuilt(tmp_path: Path) -> None:
    # The site's seal is a change time: a file in site/ whose ctime is at or before it is trusted as built.
    # Once the clock is set back (an NTP step, a VM restored, a wrong date fixed by hand), every later edit has
    # a ctime before the seal, and a page edited in place with its size and times kept (rsync --inplace -t)
    # was carried as built by every later build. The clock going back is stood for by a seal an hour ahead.
    project = copy_default_project(tmp_path / "p")
    assert run_toolkit(project, "-q", "build").returncode == 0
    manifest = project / ".toolkit" / "site-manifest.sqlite"
    with contextlib.closing(sqlite3.connect(manifest)) as connection, connection:
        connection.execute("UPDATE meta SET value = ? WHERE key = 'sealed_ns'", (str(time.time_ns() + 3600 * 10**9),))
    page = project / "site" / "articles" / f"{ARTICLE}.html"
    built = page.read_bytes()
    status = page.stat()
    with page.open("r+b") as handle:
        handle.write(built.replace(b"<body", b"<BODY", 1))
    os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert run_toolkit(project, "-q", "build").returncode == 0
    assert page.read_bytes() == built


def test_a_named_pipe_where_a_file_belongs_is_named_as_one(tmp_path: Path) -> None:
    # A FIFO under toolkit.toml was "not a regular file (a folder?)", and one among the catalogs or given to
    # clean "not a regular file (a pipe, socket or device?)": the file's mode says which it is.
    project = copy_default_project(tmp_path / "p")
    settings = project / "toolkit.toml"
    settings.rename(tmp_path / "toolkit.toml")
    os.mkfifo(settings)
    result = run_toolkit(project, "-q", "build")
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        f"toolkit: {settings}: is a named pipe (FIFO), not a regular file; toolkit.toml must be a text file\n"
    )
    settings.unlink()
    (tmp_path / "toolkit.toml").rename(settings)
    catalog = project / "translations" / "pipe.po"
    os.mkfifo(catalog)
    result = run_toolkit(project, "-q", "status")
    named = f"toolkit: {catalog}: cannot read: not a regular file but a named pipe (FIFO); only files are read\n"
    assert named in result.stderr, result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("name", ["model/shared_vocabulary.json", "model/config.json", "sentencepiece.model"])
def test_an_installed_package_holding_a_named_pipe_is_named_not_waited_on(
    argos_packages_dir: Path, model_file: Path, name: str
) -> None:
    # The engine's native loaders open a package's files by name: a named pipe under one of them (a package
    # folder restored by a tool that recreates special files, a mistaken mkfifo) held every translation for
    # ever, without a word.
    installed = install_file(model_file).path
    (installed / name).unlink()
    os.mkfifo(installed / name)
    result = translate_one_chinese_sentence(argos_packages_dir)
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith(f"toolkit: {installed}: "), result.stderr
    assert f"({name} is a named pipe (FIFO), not a regular file); reinstall it" in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr


@pytest.mark.parametrize("form", ["{}", ":{}"])
def test_a_tz_naming_a_named_pipe_is_one_line_not_a_hang(tmp_path: Path, form: str) -> None:
    # The C library opens the file TZ names for the time zone while Python starts: a named pipe there held
    # every command, `toolkit --version` too, for ever before any Python code ran.
    launcher = launcher_beside_python(tmp_path / "bin")
    zone = tmp_path / "zone"
    os.mkfifo(zone)
    result = subprocess.run(
        [str(launcher), "--version"],
        capture_output=True,
        text=True,
        env=command_environment(TZ=form.format(zone)),
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        f"toolkit: {zone}: the TZ variable names it, and no time zone can be read from a named pipe; set TZ to a "
        "zone name (TZ=Europe/Paris) or unset it\n"
    )


def test_argos_settings_that_are_a_named_pipe_are_one_line_not_a_hang(tmp_path: Path) -> None:
    # argostranslate opens its settings.json as it is at its import: a named pipe there held `models list`,
    # `translate` and `translate-text` for ever.
    settings = tmp_path / "config" / "argos-translate" / "settings.json"
    settings.parent.mkdir(parents=True)
    os.mkfifo(settings)
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "-q", "models", "list"],
        capture_output=True,
        text=True,
        env=command_environment(XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data")),
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == (
        f"toolkit: {settings}: cannot read Argos Translate's settings: not a regular file but a named pipe (FIFO); "
        "only files are read\n"
    )
