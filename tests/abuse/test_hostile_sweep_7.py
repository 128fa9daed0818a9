"""Cases from the seventh hostile sweep (issue 10), a run kept outside the repository in classes the earlier
sweeps did not try: catalogs written by gettext's own tools, real saved pages damaged as browsers save them,
mounts and links an administrator makes, every setting with the wrong kind of value, runs at the same time,
model packages of the wrong kind, and slow or odd clients of `toolkit serve`. Each failed before its fix."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from abuse_projects import copy_default_project
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.errors import EXIT_FAILURE, EXIT_INCOMPLETE, EXIT_USAGE, ClusterError
from toolkit.site.server import SiteServer
from toolkit.translate import cluster


@pytest.fixture
def quick_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SiteServer, "head_seconds", 1.5)


def test_a_client_sending_its_request_a_byte_at_a_time_is_cut_off_at_the_deadline(
    quick_deadline: None, site_served: int
) -> None:
    # Slowloris: a byte every 0.3 s never let a read time out, so the connection (and, 64 of them, the whole
    # server: everyone else got 503) was held for as long as the client liked.
    with socket.create_connection(("127.0.0.1", site_served), timeout=10) as client:
        client.sendall(b"GET /index.html HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        cut = False
        while time.monotonic() - started < 8:
            try:
                client.sendall(b"X")
            except OSError:
                cut = True
                break
            client.settimeout(0.3)
            try:
                if client.recv(1024) == b"":
                    cut = True
                    break
            except TimeoutError:
                pass
            except OSError:
                cut = True
                break
        assert cut, "the connection was still open after 8 s"


def test_an_answer_to_a_request_sent_in_time_is_not_cut_by_the_deadline(quick_deadline: None, site_served: int) -> None:
    with socket.create_connection(("127.0.0.1", site_served), timeout=10) as client:
        replies = client.makefile("rb")
        for _ in range(3):  # keep-alive: each request has its own deadline
            client.sendall(b"GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n")
            assert replies.readline() == b"HTTP/1.1 200 OK\r\n"
            length = 0
            while (line := replies.readline()) != b"\r\n":
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            assert replies.read(length) == b"<p>home</p>"
            time.sleep(1)


def _bind_unix_socket(path: Path) -> None:
    # Bound by its name from its folder: a socket's whole path may hold at most 107 bytes.
    listener = socket.socket(socket.AF_UNIX)
    folder = os.open(path.parent, os.O_RDONLY)
    here = os.open(".", os.O_RDONLY)
    try:
        os.fchdir(folder)
        listener.bind(path.name)
    finally:
        os.fchdir(here)
        os.close(folder)
        os.close(here)
        listener.close()


def test_a_socket_file_among_the_sources_and_catalogs_is_named_as_a_socket(
    tmp_path: Path, argos_packages_dir: Path
) -> None:
    # Opening one fails with ENXIO, which was shown as "No such device or address".
    project = copy_default_project(tmp_path / "p")
    _bind_unix_socket(project / "source" / "sock.txt")
    _bind_unix_socket(project / "translations" / "sock.po")
    for command in (["clean", str(project / "source" / "sock.txt")], ["status"], ["publish"]):
        result = CliRunner().invoke(cli, ["-C", str(project), "-q", *command])
        assert result.exit_code == EXIT_FAILURE, (command, result.output)
        assert "sock." in result.output and "a socket" in result.output, (command, result.output)
        assert "No such device" not in result.output
    assert (project / "site" / "articles" / "000_bff552917bc11dca.html").is_file()


def test_a_command_run_in_a_folder_deleted_under_the_shell_says_so(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    script = (
        f"import os; os.mkdir({str(gone)!r}); os.chdir({str(gone)!r}); os.rmdir({str(gone)!r}); "
        "from toolkit.cli import main; main()"
    )
    for command in (["status"], ["init"], ["translate-text", "--from", "zh", "--to", "en"]):
        done = subprocess.run(
            [sys.executable, "-c", script, *command],
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode == EXIT_USAGE, (command, done.stderr)
        assert done.stderr.startswith("toolkit: the current folder cannot be reached"), (command, done.stderr)


@pytest.mark.parametrize("context", ["Title", "t" * 300_000], ids=["capitalised", "300 KB long"])
def test_a_reviewed_title_whose_context_a_tool_changed_stays_the_reviewed_title(
    tmp_path: Path, argos_packages_dir: Path, context: str
) -> None:
    # Matched as a block (its context no longer "title"), the entry was made obsolete and the title started
    # afresh, empty: the reviewed translation left the page.
    project = copy_default_project(tmp_path / "p")
    catalog = project / "translations" / "000_bff552917bc11dca.po"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace('msgctxt "title"', f'msgctxt "{context}"', 1), encoding="utf-8"
    )
    CliRunner().invoke(cli, ["-C", str(project), "-q", "translate"])

    entries = polib.pofile(str(catalog))
    title = next(entry for entry in entries if entry.msgctxt == "title")
    assert title.msgstr == "Putin to Macron: the West ignored our security concerns"
    assert not title.fuzzy and not title.obsolete
    assert not [entry for entry in entries if entry.obsolete]


def _nested_page(project: Path, depth: int) -> str:
    lines = (project / "source" / "000_bff552917bc11dca.txt").read_text(encoding="utf-8").splitlines()
    paragraphs = [line for line in lines[3:] if len(line.split()) > 12]
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>{lines[0]}</title></head>'
        f"<body>{'<div>' * depth}<article><h1>{lines[0]}</h1>{body}</article></body></html>"
    )


def test_an_article_nested_past_256_levels_is_read_whole(tmp_path: Path) -> None:
    # libxml2 stops at 256 levels and drops what lies deeper without a word: the page was "no main content",
    # or, with the article half above the limit, published without its other half.
    project = copy_default_project(tmp_path / "p")
    page = tmp_path / "deep.html"
    page.write_text(_nested_page(project, 600), encoding="utf-8")
    flat = tmp_path / "flat.html"
    flat.write_text(_nested_page(project, 1), encoding="utf-8")

    deep = CliRunner().invoke(cli, ["-C", str(project), "clean", str(page)])
    assert deep.exit_code == 0, deep.output
    assert deep.output == CliRunner().invoke(cli, ["-C", str(project), "clean", str(flat)]).output


def test_an_article_nested_past_what_the_parser_reads_is_named(tmp_path: Path) -> None:
    project = copy_default_project(tmp_path / "p")
    page = tmp_path / "deeper.html"
    page.write_text(_nested_page(project, 6000), encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(project), "clean", str(page)])
    assert result.exit_code == EXIT_FAILURE
    assert f"{page}: elements nested more than 2,048 deep" in result.output


def test_a_model_file_holding_a_nul_character_is_named_as_a_setting(tmp_path: Path) -> None:
    # TOML lets "\u0000" into a string; making a path of it ended every command in an internal error.
    project = copy_default_project(tmp_path / "p")
    settings = project / "toolkit.toml"
    settings.write_text(
        'model_file = "models/\\u0000x.argosmodel"\n' + settings.read_text(encoding="utf-8"), encoding="utf-8"
    )
    for command in ("status", "build", "translate"):
        result = CliRunner().invoke(cli, ["-C", str(project), command])
        assert result.exit_code == EXIT_USAGE, (command, result.output)
        assert result.output == f"toolkit: {settings}: model_file holds a NUL character, which no file name can\n"


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port on 127.0.0.1 that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                held.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    listener.close()


@pytest.mark.parametrize("scheme", ["", "ray://"], ids=["head", "ray client"])
def test_a_cluster_address_that_accepts_and_never_answers_is_named_in_time(
    monkeypatch: pytest.MonkeyPatch, silent_port: int, scheme: str
) -> None:
    # The connection test passed (something accepted), then ray.init retried the silent port for ever.
    monkeypatch.setattr(cluster, "CLUSTER_CONNECT_TIMEOUT_SECONDS", 1)
    address = f"{scheme}127.0.0.1:{silent_port}"
    with pytest.raises(ClusterError, match=r"accepts connections but gave no answer within 1 s"):
        cluster._check_reachable(address)


def test_a_cluster_address_where_another_server_answers_is_named(site_served: int) -> None:
    with pytest.raises(ClusterError, match=r"what answers there is not Ray"):
        cluster._check_reachable(f"127.0.0.1:{site_served}")


@pytest.fixture
def tls_port() -> Iterator[int]:
    """A port on 127.0.0.1 where a TLS server answers a plaintext request with a TLS alert, as a Ray head started
    with RAY_USE_TLS=1 does."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)

    def answer() -> None:
        connection = listener.accept()[0]
        with connection:
            connection.recv(1024)
            connection.sendall(b"\x15\x03\x03\x00\x02\x02\x46")  # alert: protocol version

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    thread.join(timeout=10)
    listener.close()


def test_a_ray_head_that_speaks_tls_is_not_refused_as_not_ray(tls_port: int) -> None:
    # The check's plaintext HTTP/2 preface meets a TLS record: that is Ray with TLS on, which ray.init reaches.
    cluster._check_reachable(f"127.0.0.1:{tls_port}")


def test_with_ray_tls_on_the_check_shakes_hands_in_tls(monkeypatch: pytest.MonkeyPatch, tls_port: int) -> None:
    monkeypatch.setenv("RAY_USE_TLS", "1")
    cluster._check_reachable(f"127.0.0.1:{tls_port}")


def test_with_ray_tls_on_a_silent_address_is_still_named(monkeypatch: pytest.MonkeyPatch, silent_port: int) -> None:
    monkeypatch.setenv("RAY_USE_TLS", "1")
    monkeypatch.setattr(cluster, "CLUSTER_CONNECT_TIMEOUT_SECONDS", 1)
    with pytest.raises(ClusterError, match=r"accepts connections but gave no answer within 1 s"):
        cluster._check_reachable(f"127.0.0.1:{silent_port}")


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("page.docx", "is a word-processor document, which is not read"),
        ("page.pdf", "is a PDF document, which is not read"),
        ("page.md", "is a Markdown file, which is not read"),
        ("12345", "has no file type, so it is not read"),
    ],
)
def test_an_article_file_in_a_form_that_is_not_read_is_named_by_clean_and_publish(
    tmp_path: Path, argos_packages_dir: Path, name: str, why: str
) -> None:
    # Put in source/ (a document, or a page wget named after its address), it was left out without a word:
    # its article was never published and nothing said why.
    project = copy_default_project(tmp_path / "p")
    (project / "source" / name).write_bytes(b"MIME-Version: 1.0\r\n\r\n<p>\xd9\x86\xd8\xb5</p>")
    for command in ("clean", "publish"):
        result = CliRunner().invoke(cli, ["-C", str(project), "-q", command])
        warning = f"toolkit: warning: {project / 'source' / name}: {why}"
        assert warning in result.output, (command, result.output)
    assert CliRunner().invoke(cli, ["-C", str(project), "-q", "publish", "--strict"]).exit_code == EXIT_INCOMPLETE


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "-0.5", "true"])
def test_a_cleaner_weight_that_is_endless_negative_or_a_boolean_is_named(tmp_path: Path, value: str) -> None:
    # nan was refused by a comparison further on; inf, a negative weight and true were taken as numbers.
    project = copy_default_project(tmp_path / "p")
    settings = project / "toolkit.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + f"\n[clean.lines]\nrun_weight_power = {value}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["-C", str(project), "clean"])
    assert result.exit_code == EXIT_USAGE, result.output
    assert "cleaner setting lines.run_weight_power must be a number >= 0, not " in result.output


@pytest.mark.parametrize("upgraded", ["no", "another version", "version 6, before the pairs"])
def test_a_catalog_that_does_not_parse_keeps_its_page_also_right_after_an_upgrade(
    tmp_path: Path, argos_packages_dir: Path, upgraded: str
) -> None:
    # The last build's manifest of another version was not read at all: with no record to keep the page by,
    # publish first dropped the article's page, then (sweep 7's fix) stopped and left the whole old site. Its
    # records are read now: the article is named, its old page kept, every other page rebuilt, as without a
    # version change.
    project = copy_default_project(tmp_path / "p")
    assert CliRunner().invoke(cli, ["-C", str(project), "-q", "publish"]).exit_code == 0
    if upgraded != "no":
        with contextlib.closing(sqlite3.connect(project / ".toolkit" / "site-manifest.sqlite")) as manifest, manifest:
            manifest.execute("UPDATE meta SET value = ? WHERE key = 'version'", ("6" if "6" in upgraded else "1",))
            if "6" in upgraded:
                manifest.execute("ALTER TABLE articles DROP COLUMN pair_hashes")
    catalog = project / "translations" / "000_bff552917bc11dca.po"
    catalog.write_bytes(catalog.read_bytes() + b'\nmsgid "unterminated\n')
    other = project / "translations" / "001_7e7eb9076ff80330.po"
    polish = polib.pofile(str(other))
    title = next(entry for entry in polish if entry.msgctxt == "title")
    title.msgstr, title.flags = "A retitled article", []
    polish.save()
    page = project / "site" / "articles" / "000_bff552917bc11dca.html"
    before = page.read_text(encoding="utf-8")

    result = CliRunner().invoke(cli, ["-C", str(project), "-q", "publish"])
    assert result.exit_code == EXIT_FAILURE
    assert f"{catalog}:" in result.output and "the site is left as it was" not in result.output
    article = re.compile(r'<article class="article">.*</article>', re.DOTALL)  # its links may name a new title
    assert article.search(page.read_text(encoding="utf-8"))[0] == article.search(before)[0]
    index = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "articles/000_bff552917bc11dca.html" in index and "A retitled article" in index
    assert "A retitled article" in (project / "site" / "articles" / "001_7e7eb9076ff80330.html").read_text("utf-8")


def test_after_an_upgrade_a_record_that_cannot_be_read_stops_the_build_and_keeps_the_site(
    tmp_path: Path, argos_packages_dir: Path
) -> None:
    # A manifest of a version whose article rows this one cannot read: nothing to keep the page by, so the
    # build stops rather than drop it.
    project = copy_default_project(tmp_path / "p")
    assert CliRunner().invoke(cli, ["-C", str(project), "-q", "publish"]).exit_code == 0
    with contextlib.closing(sqlite3.connect(project / ".toolkit" / "site-manifest.sqlite")) as manifest, manifest:
        manifest.execute("UPDATE meta SET value = '1' WHERE key = 'version'")
        manifest.execute("ALTER TABLE articles DROP COLUMN status_row")
    catalog = project / "translations" / "000_bff552917bc11dca.po"
    catalog.write_bytes(catalog.read_bytes() + b'\nmsgid "unterminated\n')
    page = project / "site" / "articles" / "000_bff552917bc11dca.html"
    before = page.read_bytes()

    result = CliRunner().invoke(cli, ["-C", str(project), "-q", "publish"])
    assert result.exit_code == EXIT_FAILURE
    assert f"{catalog}:" in result.output and "the site is left as it was" in result.output
    assert page.read_bytes() == before
