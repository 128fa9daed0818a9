"""Cases from the sixth hostile sweep (issue 10), a run kept outside the repository with what a new user and a
careless administrator meet on a real machine: a project copied from a machine with a wrong clock, ... Each
failed before its fix."""

from __future__ import annotations

import contextlib
import os
import resource
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from abuse_projects import REPO, copy_default_project, status_lines
from click.testing import CliRunner

import toolkit
from toolkit.cli import cli
from toolkit.errors import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from toolkit.store import listing
from toolkit.store.listing import LeftOutCatalogs


def _set_every_time(project: Path, seconds: int) -> None:
    for root, folders, files in os.walk(project):
        for name in folders + files:
            os.utime(os.path.join(root, name), (seconds, seconds), follow_symlinks=False)


@pytest.mark.parametrize("seconds", [13_569_465_600, -9_300_000_000], ids=["year 2400", "year 1675"])
def test_a_project_whose_file_times_a_64_bit_nanosecond_count_cannot_hold_is_published(
    tmp_path: Path, argos_packages_dir: Path, seconds: int
) -> None:
    project = copy_default_project(tmp_path / "p")
    assert CliRunner().invoke(cli, ["-C", str(project), "-q", "build"]).exit_code == EXIT_OK
    _set_every_time(project, seconds)  # as `cp -a` brings them from a machine whose clock was wrong
    catalog = project / "translations" / "000_bff552917bc11dca.po"
    catalog.write_bytes(catalog.read_bytes().replace(b'msgstr "Putin', b'msgstr "PUTIN', 1))
    os.utime(catalog, (seconds, seconds))

    for command in ("translate", "status", "publish"):
        result = CliRunner().invoke(cli, ["-C", str(project), "-q", command])
        assert result.exit_code == EXIT_OK, (command, result.output)

    assert "PUTIN" in (project / "site" / "articles" / "000_bff552917bc11dca.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("headers", "answer"),
    [
        (b"Host: x\r\nNoColonHere\r\n", b"HTTP/1.1 400 a header line that is not 'Name: value'"),
        (b"Host : x\r\n", b"HTTP/1.1 400 a header line that is not 'Name: value'"),
        (b"Host: a\r\nHost: b\r\n", b"HTTP/1.1 400 more than one Host header"),
        (b"", b"HTTP/1.1 400 an HTTP/1.1 request without a Host header"),
    ],
    ids=["no colon", "space before the colon", "two hosts", "no host"],
)
def test_a_request_whose_headers_http_1_1_refuses_gets_400_at_once(
    site_served: int, headers: bytes, answer: bytes
) -> None:
    # The Connection: close after a line that is no header was dropped unread: the server answered 200 and
    # held the connection open.
    request = b"GET /index.html HTTP/1.1\r\n" + headers + b"Connection: close\r\n\r\n"
    assert status_lines(site_served, request) == [answer]


def test_an_http_1_0_request_needs_no_host(site_served: int) -> None:
    assert status_lines(site_served, b"GET /index.html HTTP/1.0\r\n\r\n") == [b"HTTP/1.1 200 OK"]


@pytest.mark.parametrize("suffix", [".PO", ".Po"])
def test_a_catalog_whose_suffix_is_not_lower_case_is_named_by_every_command_that_reads_catalogs(
    tmp_path: Path, argos_packages_dir: Path, suffix: str
) -> None:
    # As a Windows tool, or a copy through a FAT stick, may name it: read there, left out here without a word
    # (build took the article's page off the site, translate started it afresh).
    project = copy_default_project(tmp_path / "p")
    catalog = project / "translations" / "000_bff552917bc11dca.po"
    renamed = catalog.rename(catalog.with_suffix(suffix))
    for command in ("status", "check", "build", "translate"):
        result = CliRunner().invoke(cli, ["-C", str(project), "-q", command])
        named = [line for line in result.output.splitlines() if f"{renamed}:" in line]
        assert len(named) == 1, (command, result.output)
        assert f"read only in lower case; rename it to {catalog.name}" in named[0]
    assert renamed.read_bytes() == (REPO / "translations" / catalog.name).read_bytes()


@pytest.mark.parametrize("suffix", [".PO", ".po..", ".po. "])
@pytest.mark.parametrize("command", ["translate", "publish"])
def test_an_article_whose_catalog_is_left_out_for_its_name_is_not_drafted_afresh(
    tmp_path: Path, argos_packages_dir: Path, command: str, suffix: str
) -> None:
    # A fresh catalog of machine drafts beside the translator's x.PO would take its place on the site. A name
    # with a run of spaces and dots after its suffix was told apart only past the run's first 1,000 articles.
    project = copy_default_project(tmp_path / "p")
    catalog = project / "translations" / "000_bff552917bc11dca.po"
    renamed = catalog.rename(catalog.with_name(catalog.stem + suffix))
    result = CliRunner().invoke(cli, ["-C", str(project), "-q", command])
    assert result.exit_code != EXIT_OK
    assert f"{catalog}: missing, while {renamed.name} beside it" in result.output, result.output
    assert f"rename it to {catalog.name}" in result.output
    assert not catalog.exists()
    assert renamed.read_bytes() == (REPO / "translations" / catalog.name).read_bytes()


@pytest.mark.parametrize("handed", [False, True], ids=["scanned", "from the run's listing"])
def test_a_catalog_left_out_for_its_name_is_found_by_the_listing_s_own_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, handed: bool
) -> None:
    # The listing names a.po.. and b.po. left out for their names, while the first 1,000 articles without a
    # catalog asked only for one space or dot after the suffix: translate drafted a fresh a.po beside them in a
    # small project and refused in a large one. An lstat for each name that may stand for a catalog, for each
    # article without one, was 300,000 on an archive's first translate: translations/ is scanned once at most.
    folder = tmp_path / "translations"
    folder.mkdir()
    left = ["a.PO", "b.po..", "c.po. ", "d.Po .", "e.po. ..  "]
    for name in [*left, "f.po", "g.txt", "h.po.txt."]:
        (folder / name).write_bytes(b"")
    (folder / "i.pO").mkdir()
    listed = listing.list_catalogs(folder)
    assert len(listed.passed_over) == len(left) + 1
    scans: list[Path] = []
    scan = listing._scan
    monkeypatch.setattr(listing, "_scan", lambda folder, *how: scans.append(folder) or scan(folder, *how))
    left_out = LeftOutCatalogs(folder, listed.stood_for) if handed else LeftOutCatalogs(folder)
    names = ["a", "b", "c", "d", "e", "g", "h", "i", *(f"new{number}" for number in range(300))]
    found = {name: left_out.beside(folder / f"{name}.po") for name in names}
    assert found == {
        **{name[0]: folder / name for name in left},
        "i": folder / "i.pO",
        **dict.fromkeys(["g", "h", *names[8:]]),
    }
    assert {f"{name}.po": path.name for name, path in found.items() if path is not None} == listed.stood_for
    assert scans == ([] if handed else [folder])


def test_build_tells_articles_without_a_catalog_from_its_own_listing_of_translations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The warning of articles without a catalog scanned translations/ again, after the build had listed it (a
    # tenth of a second at 100,000 catalogs).
    project = copy_default_project(tmp_path / "p")
    translations = project / "translations"
    (translations / "000_bff552917bc11dca.po").rename(translations / "000_bff552917bc11dca.po. .")
    (translations / "001_7e7eb9076ff80330.po").unlink()
    scans: list[Path] = []
    scan = listing._scan
    monkeypatch.setattr(listing, "_scan", lambda folder, *how: scans.append(folder) or scan(folder, *how))
    result = CliRunner().invoke(cli, ["-C", str(project), "-q", "build"])
    assert result.exit_code == EXIT_OK, result.output
    untranslated = [line for line in result.output.splitlines() if "no catalog in translations/ yet" in line]
    assert untranslated == [
        f"toolkit: warning: {project / 'source' / '001_7e7eb9076ff80330.txt'}: no catalog in translations/ yet, so "
        "no page on the site; `toolkit translate` makes the catalogs (`toolkit publish` the pages too)"
    ], result.output
    assert scans.count(translations) == 1


@pytest.mark.parametrize("shape", ["suffix in capitals", "a folder"])
def test_a_catalog_left_out_for_its_name_keeps_its_article_page(tmp_path: Path, shape: str) -> None:
    # Left out, not deleted: the translator's file is still there under a name the toolkit does not read, so
    # its reviewed page stays (as for a catalog that cannot be read), searchable, until the name is fixed.
    project = copy_default_project(tmp_path / "p")
    assert CliRunner().invoke(cli, ["-C", str(project), "-q", "build"]).exit_code == EXIT_OK
    catalog = project / "translations" / "000_bff552917bc11dca.po"
    page = project / "site" / "articles" / "000_bff552917bc11dca.html"
    built = page.read_bytes()
    if shape == "a folder":
        moved = tmp_path / "kept.po"
        catalog.rename(moved)
        catalog.mkdir()
    else:
        catalog.rename(catalog.with_suffix(".PO"))
    for _ in range(2):
        result = CliRunner().invoke(cli, ["-C", str(project), "-q", "build"])
        assert result.exit_code == EXIT_OK, result.output
        assert f"{catalog.parent}/000_bff552917bc11dca." in result.output
        assert page.read_bytes() == built
        index = (project / "site" / "index.html").read_text(encoding="utf-8")
        assert "000_bff552917bc11dca.html" in index
    if shape == "a folder":
        catalog.rmdir()
        moved.rename(catalog)
    else:
        catalog.with_suffix(".PO").rename(catalog)
    result = CliRunner().invoke(cli, ["-C", str(project), "-q", "build"])
    assert result.exit_code == EXIT_OK and "000_bff552917bc11dca" not in result.output, result.output
    assert page.read_bytes() == built


def _in_shell(project: Path, shell_text: str, argos_packages_dir: Path) -> subprocess.CompletedProcess[str]:
    command = shlex.join([sys.executable, "-m", "toolkit", "-C", str(project)])
    return subprocess.run(
        ["bash", "-c", shell_text.format(toolkit=command)],
        capture_output=True,
        text=True,
        env=dict(os.environ, CI="1", ARGOS_PACKAGES_DIR=str(argos_packages_dir)),
        timeout=300,
    )


@pytest.mark.parametrize("command", ["clean", "status", "--help"])
def test_a_run_started_with_its_standard_output_closed_says_so(
    tmp_path: Path, argos_packages_dir: Path, command: str
) -> None:
    # Python gives such a run no sys.stdout; click then wrote to nowhere and the run ended 0, its output lost.
    project = copy_default_project(tmp_path / "p")
    result = _in_shell(project, "{toolkit} " + command + " >&-", argos_packages_dir)
    assert result.returncode == EXIT_FAILURE
    assert result.stderr == "toolkit: cannot write the output: standard output is closed\n"


def test_translate_text_started_with_its_standard_input_closed_says_so(
    tmp_path: Path, argos_packages_dir: Path
) -> None:
    project = copy_default_project(tmp_path / "p")
    result = _in_shell(project, "{toolkit} translate-text <&-", argos_packages_dir)
    assert result.returncode == EXIT_FAILURE
    assert result.stderr == "toolkit: <stdin>: standard input is closed; give the lines to translate on it\n"


@pytest.mark.parametrize("version", [0, 1], ids=["an older layout without a version", "a table of another shape"])
def test_a_run_cache_whose_tables_have_other_columns_is_left_aside_or_started_afresh(
    tmp_path: Path, argos_packages_dir: Path, version: int
) -> None:
    # Version 0 with tables is a toolkit's from before the cache had a version; version 1 with a table of other
    # columns fails at its first query. translate and publish ended in an internal error (AssertionError).
    project = copy_default_project(tmp_path / "p")
    assert CliRunner().invoke(cli, ["-C", str(project), "-q", "translate"]).exit_code == EXIT_OK
    cache = project / ".toolkit" / "cache.sqlite"
    cache.unlink()
    with contextlib.closing(sqlite3.connect(cache)) as database, database:
        database.execute(f"PRAGMA user_version = {version}")
        database.execute("CREATE TABLE entries (kind TEXT, name TEXT, value BLOB)")
        database.execute("CREATE TABLE files (path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER)")
    for command in ("translate", "publish", "translate"):
        result = CliRunner().invoke(cli, ["-C", str(project), "-q", command])
        assert result.exit_code == EXIT_OK, (command, result.output)
        assert "internal error" not in result.output


def test_a_catalog_sorted_by_a_tool_keeps_the_articles_paragraphs_in_order(
    tmp_path: Path, argos_packages_dir: Path
) -> None:
    # msgcat --sort-output (msgmerge -s, a tool's "sort on save") orders entries by msgid: the page showed the
    # paragraphs in that order, its first paragraph and description another one, until the next translate.
    project = copy_default_project(tmp_path / "p")
    assert CliRunner().invoke(cli, ["-C", str(project), "-q", "build"]).exit_code == EXIT_OK
    page = project / "site" / "articles" / "000_bff552917bc11dca.html"
    before = page.read_bytes()
    catalog = project / "translations" / "000_bff552917bc11dca.po"
    subprocess.run(["msgcat", "--sort-output", "-o", str(catalog), str(catalog)], check=True)
    assert CliRunner().invoke(cli, ["-C", str(project), "-q", "build"]).exit_code == EXIT_OK
    assert page.read_bytes() == before


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_build_stopped_by_sigterm_or_sighup_ends_as_interrupted_and_leaves_no_staging(
    tmp_path: Path, argos_packages_dir: Path, signum: int
) -> None:
    # kill, timeout(1), a cancelled CI job, a closed terminal: the run died at once, saying nothing, its staging
    # folder left in .toolkit/.
    project = copy_default_project(tmp_path / "p")
    build = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "-C", str(project), "build"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, CI="1"),
    )
    state = project / ".toolkit"
    deadline = time.monotonic() + 300
    while build.poll() is None and not list(state.glob("site-staging-*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    build.send_signal(signum)
    _, stderr = build.communicate(timeout=300)
    if build.returncode == EXIT_OK:
        pytest.skip("the build ended before the signal came")
    assert build.returncode == EXIT_INTERRUPTED, stderr
    assert stderr.endswith("toolkit: interrupted; files already written are complete, run again to finish\n")
    assert not list(state.glob("site-staging-*"))
    assert CliRunner().invoke(cli, ["-C", str(project), "-q", "build"]).exit_code == EXIT_OK


def _run_limited(
    project: Path, command: str, limit: int | None, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`toolkit -C project command` in a child whose files may grow to `limit` bytes (`ulimit -f`; None: no
    limit)."""
    return subprocess.run(
        [sys.executable, "-m", "toolkit", "-C", str(project), command],
        capture_output=True,
        text=True,
        env=env or dict(os.environ, CI="1"),
        cwd=cwd,
        preexec_fn=(lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))) if limit else None,
        timeout=300,
    )


def test_a_run_limited_to_small_files_names_what_it_could_not_write(tmp_path: Path, argos_packages_dir: Path) -> None:
    # ulimit -f: the buffered write of the documents kept between the cleaning passes failed as its file was
    # rewound, and reached the last guard as 'cannot work on it: File too large'.
    project = copy_default_project(tmp_path / "p")
    result = _run_limited(project, "translate", 8_192)
    assert result.returncode == EXIT_FAILURE
    assert result.stderr.endswith(
        ": cannot write the temporary file that keeps the documents read: file too large: over the size limit "
        "on files this run may write (ulimit -f: 8,192 bytes)\n"
    ), result.stderr


# Pagefind's own case (131,072 bytes: it died of SIGXFSZ writing a file of its UI without a word, which read as
# "?") went with its service (0e79dc3): it writes no file, the build writes the bundle's, none of its UI's.
@pytest.mark.parametrize(
    ("limit", "said"),
    [(8_192, ": the build manifest failed: file too large: ")],  # SQLite's "disk I/O error"
    ids=["the manifest"],
)
def test_a_build_limited_to_small_files_names_the_limit(tmp_path: Path, limit: int, said: str) -> None:
    # SQLite names an EFBIG "disk I/O error", which read as "input/output error (a failing disk, or a full one?)".
    project = copy_default_project(tmp_path / "p")
    result = _run_limited(project, "build", limit)
    assert result.returncode == EXIT_FAILURE, result.stderr
    assert said in result.stderr
    assert result.stderr.count("\n") == 1
    assert f"over the size limit on files this run may write (ulimit -f: {limit:,} bytes)" in result.stderr
    assert "input/output error" not in result.stderr
    assert not (project / "site").exists()


@pytest.mark.parametrize("inside", ["translations", "site", "source", ".toolkit"])
def test_a_command_run_from_a_folder_of_a_project_names_the_project_not_a_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inside: str
) -> None:
    # It said "not a toolkit project ...; start one with `toolkit init .`": a new project inside translations/.
    project = copy_default_project(tmp_path / "p")
    (project / inside).mkdir(exist_ok=True)
    monkeypatch.chdir(project / inside)
    result = CliRunner().invoke(cli, ["status"])
    assert result.exit_code == EXIT_USAGE
    assert result.output == (
        f"toolkit: {project / inside}: a folder inside the toolkit project {project}, not a project itself; "
        f"run the command there, or give it with -C {project}\n"
    )


def test_a_run_under_a_file_size_limit_leaves_the_installation_whole(tmp_path: Path) -> None:
    # Python wrote the compiled file of each module it imported in one unchecked write: under `ulimit -f` it was
    # cut short, and every later run, with or without the limit, ended in "Aborted!" ("marshal data too short").
    package = tmp_path / "installed" / "toolkit"
    shutil.copytree(Path(toolkit.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    project = copy_default_project(tmp_path / "p")
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    environment.update(CI="1", PYTHONPATH=str(package.parent))

    limited = _run_limited(project, "status", 4_096, environment, tmp_path)
    assert limited.returncode == EXIT_OK, limited.stderr
    assert "000_bff552917bc11dca" in limited.stdout
    again = _run_limited(project, "status", None, environment, tmp_path)
    assert again.returncode == EXIT_OK, again.stderr
    assert again.stdout == limited.stdout
    assert (package / "__pycache__").is_dir()  # the copy was the one imported, and compiled once unlimited
