"""Cases from the eleventh hostile sweep (issue 10), the acceptance run kept outside the repository
(/tmp/s10b/harness.py, cases.py and serve_probe.py): catalogs as editors and Weblate-like tools leave them,
settings and cluster addresses at their edges, source files in other encodings, and requests to `toolkit
serve` framed as RFC 9112 allows or forbids. Each test failed before its fix."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from abuse_projects import command_environment, copy_default_project, run_toolkit, status_lines

from toolkit.catalog.store import parse_catalog
from toolkit.clean.decode import decode_source
from toolkit.config import ray_endpoint
from toolkit.errors import InputError
from toolkit.translate.packages import install_file

FIRST = "000_bff552917bc11dca"
ARTICLE = (
    "عنوان المقال الجديد\n\n"
    "قال وزير الخارجية إن المحادثات مع الجانب الآخر ستستمر الأسبوع المقبل في العاصمة.\n\n"
    "وأضاف أن الطرفين اتفقا على مواصلة الحوار حول القضايا الأمنية والاقتصادية العالقة بينهما.\n"
)


@pytest.mark.parametrize("blank", [b"\r\n", b"\n"])
def test_one_empty_line_before_the_request_line_is_ignored(site_served: int, blank: bytes) -> None:
    # RFC 9112 2.2: a server SHOULD ignore at least one empty line received before the request line. It
    # was answered 400 (the line taken for a request line with no method).
    request = blank + b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    assert status_lines(site_served, request) == [b"HTTP/1.1 200 OK"]


def test_more_empty_lines_before_the_request_line_are_refused(site_served: int) -> None:
    request = b"\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    assert status_lines(site_served, request) == [b"HTTP/1.1 400 expected a request line METHOD /path HTTP/1.1"]


def test_an_empty_line_and_nothing_after_it_closes_without_an_answer(site_served: int) -> None:
    with socket.create_connection(("127.0.0.1", site_served), timeout=30) as connection:
        connection.sendall(b"\r\n")
        connection.shutdown(socket.SHUT_WR)
        assert connection.recv(1024) == b""


@pytest.mark.parametrize("header", [b"Host: x\rX-Injected: y", b"X-A: a\rHost: y", b"Host: x\r \r"])
def test_a_bare_cr_in_a_header_line_is_refused(site_served: int, header: bytes) -> None:
    # RFC 9112 2.2: a bare CR is no line end. The email parser the standard library hands the header block to
    # takes it for one, so `Host: x\rX: y` was served as two headers (200) where a proxy in front sees one.
    request = b"GET / HTTP/1.1\r\n" + header + b"\r\nConnection: close\r\n\r\n"
    assert status_lines(site_served, request) == [b"HTTP/1.1 400 a bare CR in a header line"]


def test_pipelined_requests_after_an_ignored_empty_line_are_each_answered(site_served: int) -> None:
    request = b"\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    assert status_lines(site_served, request) == [b"HTTP/1.1 200 OK", b"HTTP/1.1 200 OK"]


@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        ("#,fuzzy\n", "#, fuzzy\n"),
        ("#!fuzzy\n", "#, fuzzy\n"),
        ("#,fuzzy,c-format\n", "#, fuzzy,c-format\n"),
        ("#.note\n", "#. note\n"),
        ("#:source/a.txt:3\n", "#: source/a.txt:3\n"),
        ("#note typed by hand\n", "# note typed by hand\n"),
        ("#= no-wrap\n", "# = no-wrap\n"),
        ('#|msgid "old"\n', '#| msgid "old"\n'),
    ],
)
def test_a_comment_without_a_space_after_its_marker_is_read_as_gettext_reads_it(written: str, read_as: str) -> None:
    # msgfmt and msgcat read a comment by the character after its `#`; polib refused each of these lines
    # ("Syntax error in po file (line 5)"), so the catalog was unreadable to every command.
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    entry = 'msgid "a"\nmsgstr "b"\n'
    tight = parse_catalog(header + written + entry, Path("a.po"))
    spaced = parse_catalog(header + read_as + entry, Path("a.po"))
    assert [(e.msgid, e.flags, e.tcomment, e.comment, e.occurrences, e.previous_msgid) for e in tight] == [
        (e.msgid, e.flags, e.tcomment, e.comment, e.occurrences, e.previous_msgid) for e in spaced
    ]


def test_an_obsolete_entry_without_a_space_after_its_marker_is_kept(tmp_path: Path) -> None:
    text = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n#~msgid "gone"\n#~msgstr "kept"\n'
    (entry,) = parse_catalog(text, Path("a.po"))
    assert (entry.obsolete, entry.msgid, entry.msgstr) == (1, "gone", "kept")


def test_a_catalog_a_hand_flagged_fuzzy_without_a_space_is_published_with_that_entry_to_review(
    tmp_path: Path,
) -> None:
    project = copy_default_project(tmp_path / "p")
    catalog = project / "translations" / f"{FIRST}.po"
    text = catalog.read_text(encoding="utf-8").replace(
        'msgctxt "b-924c67e7"', '#note typed by hand\n#,fuzzy\nmsgctxt "b-924c67e7"', 1
    )
    catalog.write_text(text + '\n#~msgid "gone"\n#~msgstr "kept"\n', encoding="utf-8")
    result = run_toolkit(project, "-q", "publish")
    assert result.returncode == 0, result.stderr
    assert f"{FIRST}         10         9               0            1" in result.stdout
    assert catalog.read_text(encoding="utf-8") == text + '\n#~msgid "gone"\n#~msgstr "kept"\n'


@pytest.mark.parametrize("address", ["\x1b[31m:1", "ray://[::1", "1.2.3.4.5:6379", "999.0.0.1:6379", "a b:6379"])
def test_a_cluster_address_whose_host_cannot_be_is_refused_before_anything_runs(tmp_path: Path, address: str) -> None:
    # Only the port was checked: a host that is an escape sequence, an unclosed bracket or five numbers was
    # taken, and a translate with nothing to draft ended 0 with it.
    project = copy_default_project(tmp_path / "p")
    result = run_toolkit(project, "-q", "translate", "--cluster", address)
    assert result.returncode == 2, result.stderr
    assert f"cluster.address must be a Ray address (host:port, ray://host:port, auto) or 'local', not {address!r}" in (
        result.stderr
    )
    settings = project / "toolkit.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + f"\n[cluster]\naddress = {json.dumps(address)}\n",
        encoding="utf-8",
    )
    result = run_toolkit(project, "-q", "status")
    assert result.returncode == 2, result.stderr
    assert f"{settings}: cluster.address must be a Ray address" in result.stderr


@pytest.mark.parametrize(
    "address", ["head-node.cluster.local:6379", "my_head:6379", "ray://[::1]:10001", "::1:6379", "head.:6379"]
)
def test_a_cluster_address_of_any_host_shape_is_taken(address: str) -> None:
    assert ray_endpoint(address)[1] in (6379, 10001)


@pytest.mark.parametrize(
    ("language", "encoding", "text"),
    [
        ("zh", "gb18030", "北京的天气\n\n今天北京的天气很好。我喜欢读书。南京的学生在图书馆学习。\n"),
        ("zt", "cp950", "北京的天氣\n\n今天北京的天氣很好。我喜歡讀書。南京的學生在圖書館學習。\n"),
        ("ru", "cp1251", "Погода в Москве\n\nСегодня в Москве хорошая погода. Студенты учатся в библиотеке.\n"),
        ("fr", "cp1252", "Le temps à Paris\n\nIl fait très beau à Paris. Les étudiants élèvent la voix.\n"),
    ],
)
def test_a_text_saved_in_its_languages_old_code_page_is_read_in_it(
    tmp_path: Path, language: str, encoding: str, text: str
) -> None:
    # Only Windows Arabic was tried: GB18030 bytes read as cp1256 make Arabic letters, so a Chinese project's
    # file was refused as "the text is in the Arabic script, project source language is Chinese".
    project = tmp_path / "p"
    assert run_toolkit(tmp_path, "-q", "init", "p").returncode == 0
    settings = project / "toolkit.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace('source_language = "ar"', f'source_language = "{language}"'),
        encoding="utf-8",
    )
    if language == "fr":
        settings.write_text(settings.read_text(encoding="utf-8").replace('"en"', '"de"'), encoding="utf-8")
    (project / "source" / "a.txt").write_bytes(text.encode(encoding))
    result = run_toolkit(project, "clean", "source/a.txt")
    assert result.returncode == 0, result.stderr
    assert text.split("\n")[2].split(" ")[0] in result.stdout


def test_a_text_in_no_encoding_of_its_language_names_the_ones_tried(tmp_path: Path) -> None:
    project = tmp_path / "p"
    assert run_toolkit(tmp_path, "-q", "init", "p").returncode == 0
    settings = project / "toolkit.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace('source_language = "ar"', 'source_language = "zh"'),
        encoding="utf-8",
    )
    (project / "source" / "a.txt").write_bytes(b"\x81\x30\x81" * 40)
    result = run_toolkit(project, "clean", "source/a.txt")
    assert result.returncode == 1
    tried = "is not UTF-8, and the file is not UTF-16 or gb18030 or cp950 (zh text saved the old way) either"
    assert tried in result.stderr


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be"])
@pytest.mark.parametrize(("language", "text"), [("ar", ARTICLE), ("zh", "北京的天气 😀\n\n今天北京的天气很好。\n")])
def test_a_text_in_utf32_without_a_byte_order_mark_is_read(encoding: str, language: str, text: str) -> None:
    # It was "binary file (NUL bytes), not text": UTF-16 without a mark was told apart, UTF-32 not.
    assert decode_source(text.encode(encoding), "a.txt", language=language) == text


def test_a_vertical_tab_word_writes_for_a_line_break_is_one(tmp_path: Path) -> None:
    # Word writes a line break inside a paragraph (Shift+Enter) as a vertical tab into the text it saves;
    # a file with a few of them was refused as "binary file (control characters), not text".
    project = copy_default_project(tmp_path / "p")
    (project / "source" / "new.txt").write_text(ARTICLE.replace("\n\n", "\n\v\n"), encoding="utf-8")
    result = run_toolkit(project, "clean", "source/new.txt")
    assert result.returncode == 0, result.stderr
    assert "وأضاف أن الطرفين اتفقا" in result.stdout


def _package_file(path: Path, top: str, model: bytes) -> Path:
    metadata = {"package_version": "1.0", "from_code": "zh", "to_code": "en", "type": "translate"}
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{top}/metadata.json", json.dumps(metadata))
        archive.writestr(f"{top}/model/model.bin", model)
        archive.writestr(f"{top}/model/config.json", "{}")
        archive.writestr(f"{top}/sentencepiece.model", b"garbage")
    return path


def test_a_damaged_package_installed_over_one_of_its_name_leaves_the_installed_one_as_it_was(
    argos_packages_dir: Path, tmp_path: Path
) -> None:
    # argostranslate unpacks over the folder of the same name, and the damaged result was then removed: the
    # working package was gone after "damaged Argos package, not installed".
    installed = argos_packages_dir / "translate-zh_en-1_0"
    (installed / "model").mkdir(parents=True)
    before = {
        "metadata.json": b'{"package_version": "1.0", "from_code": "zh", "to_code": "en"}',
        "model/model.bin": b"the working model",
        "model/config.json": b'{"working": true}',
        "sentencepiece.model": b"the working tokenizer",
    }
    for name, data in before.items():
        (installed / name).write_bytes(data)
    damaged = _package_file(tmp_path / "damaged.argosmodel", "translate-zh_en-1_0", b"\0garbage" * 64)
    with pytest.raises(InputError, match="damaged Argos package, not installed: ") as raised:
        install_file(damaged)
    assert ".installing-" not in str(raised.value)
    # The damaged file's tokenizer is named as its member: the installed one, at the path on disk, is whole.
    assert "from translate-zh_en-1_0/sentencepiece.model)" in str(raised.value)
    assert str(installed) not in str(raised.value)
    assert {name: (installed / name).read_bytes() for name in before} == before
    assert sorted(path.name for path in argos_packages_dir.iterdir()) == ["translate-zh_en-1_0"]


@pytest.mark.slow
def test_the_real_package_survives_a_damaged_one_of_its_name(argos_packages_dir: Path, model_file: Path) -> None:
    install_file(model_file)
    with zipfile.ZipFile(model_file) as archive:
        top = archive.namelist()[0].split("/")[0]
    damaged = _package_file(argos_packages_dir.parent / "damaged.argosmodel", top, b"\0garbage" * 64)
    with pytest.raises(InputError, match="damaged Argos package, not installed"):
        install_file(damaged)
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "translate-text", "--from", "zh", "--to", "en"],
        input="我喜欢读书。\n",
        capture_output=True,
        text=True,
        env=command_environment(ARGOS_PACKAGES_DIR=str(argos_packages_dir)),
    )
    assert result.returncode == 0, result.stderr
    assert "book" in result.stdout.lower() or "read" in result.stdout.lower()


def test_a_paragraph_whose_context_a_tool_made_title_keeps_its_reviewed_translation(tmp_path: Path) -> None:
    # The merge took an entry for the title by its context alone, and a title entry matches only the title:
    # the paragraph's reviewed translation went obsolete and the paragraph came back untranslated (exit 3).
    project = copy_default_project(tmp_path / "p")
    catalog = project / "translations" / f"{FIRST}.po"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace('msgctxt "b-924c67e7"', 'msgctxt "title"', 1), encoding="utf-8"
    )
    result = run_toolkit(project, "-q", "publish")
    assert result.returncode == 0, result.stderr
    assert f"{FIRST}         10        10               0            0             0" in result.stdout
    (entry,) = [e for e in parse_catalog(catalog.read_text(encoding="utf-8"), catalog) if e.msgid.startswith("وطن:")]
    assert not entry.obsolete and entry.msgstr.startswith("Watan: The Kremlin said") and not entry.fuzzy
