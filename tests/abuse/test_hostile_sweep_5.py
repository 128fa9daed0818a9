"""Cases from the fifth hostile sweep (issue 10), a run kept outside the repository with input nobody here had
tried: each failed before its fix. A date a catalog or a scraped page gives that is real but whose UTC time
falls outside years 1-9999; a request line in the absolute form HTTP/1.1 servers must take; a toolkit.toml
nested thousands deep."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from abuse_projects import run_toolkit, status_lines
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from toolkit.clean.decode import decode_source
from toolkit.cli import cli
from toolkit.config import NESTED_TOO_DEEPLY
from toolkit.errors import EXIT_FAILURE, EXIT_INCOMPLETE, EXIT_OK, EXIT_USAGE, InputError
from toolkit.site.pages import block_ids
from toolkit.site.server import origin_form, site_file
from toolkit.translate import packages
from toolkit.translate.packages import read_package_file

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "site"))
from site_projects import TOML, BlockSpec, catalog_text, write_project


@pytest.mark.parametrize("date", ["0001-01-01T00:00+14:00", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+23:59"])
def test_a_date_outside_the_years_utc_can_hold_is_shown_as_text_and_the_feed_stays_well_formed(
    tmp_path: Path, date: str
) -> None:
    blocks = [BlockSpec("p1", "نص الفقرة الأولى.", "The first paragraph.")]
    catalogs = {
        "odd_date": catalog_text("odd_date", ("عنوان", "A title"), blocks, date=date),
        "plain": catalog_text("plain", ("عنوان آخر", "Another title"), blocks),
    }
    project = write_project(tmp_path / "p", catalogs)

    result = CliRunner().invoke(cli, ["-C", str(project), "-q", "build"])

    assert result.exit_code == EXIT_OK, result.output
    site = project / "site"
    page = (site / "articles" / "odd_date.html").read_text(encoding="utf-8")
    assert date in page and f'datetime="{date}"' not in page  # the catalog's words, not a machine date
    feed = ElementTree.fromstring((site / "feed.xml").read_bytes())
    updated = [element.text for element in feed.iter("{http://www.w3.org/2005/Atom}updated")]
    assert "2022-01-28T00:00:00Z" in updated and not [date for date in updated if date.startswith("1970")]


@pytest.mark.parametrize(
    ("target", "path"),
    [
        ("http://127.0.0.1:8000/index.html", "/index.html"),
        ("HTTP://localhost/articles/a.html?x=1", "/articles/a.html?x=1"),
        ("https://example.org", "/"),
        ("/plain/path", "/plain/path"),
        ("ftp://example.org/index.html", "ftp://example.org/index.html"),  # not ours: site_file answers 400
    ],
)
def test_a_request_target_in_absolute_form_is_read_as_its_path(target: str, path: str) -> None:
    assert origin_form(target) == path


def test_an_absolute_form_target_reaches_no_further_than_a_path_would(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>home</p>")
    (tmp_path / "secret.txt").write_text("never sent")
    assert site_file(str(site), origin_form("http://x/index.html")).path == str(site / "index.html")
    for target in ("http://x/../secret.txt", "http://x/%2e%2e/secret.txt", "http://x//../secret.txt"):
        assert site_file(str(site), origin_form(target)).status in (400, 404), target
    assert site_file(str(site), origin_form("ftp://x/index.html")).status == 400


@pytest.mark.parametrize("nested", ["[" * 5000 + "]" * 5000, "{a = " * 3000 + "1" + "}" * 3000])
def test_a_toolkit_toml_nested_thousands_deep_is_one_line_naming_it(tmp_path: Path, nested: str) -> None:
    project = write_project(tmp_path / "p", {})
    (project / "toolkit.toml").write_text(f"deep = {nested}\n" + TOML, encoding="utf-8")

    result = CliRunner().invoke(cli, ["-C", str(project), "-q", "status"])

    assert result.exit_code == EXIT_USAGE, result.output
    assert result.output.splitlines() == [f"toolkit: {project / 'toolkit.toml'}: {NESTED_TOO_DEEPLY}"]


def test_a_project_whose_path_is_not_utf8_is_published(tmp_path: Path) -> None:
    """A folder named in Latin-1 (`café` from an old archive), in a UTF-8 locale whose stdout refuses such
    bytes: Pagefind takes only UTF-8 arguments, SQLite only UTF-8 text. The site is built whole, the path is
    printed escaped, and the run cache, keyed by paths, is left out with one warning."""
    blocks = [BlockSpec("p1", "نص الفقرة الأولى.", "The first paragraph.")]
    catalogs = {"a1": catalog_text("a1", ("عنوان", "A title"), blocks)}
    project = write_project(tmp_path / os.fsdecode(b"caf\xe9"), catalogs)
    (project / "source").mkdir()
    (project / "source" / "a2.txt").write_text("عنوان ثان\n\nنص الفقرة الأولى من المقال الثاني.\n", encoding="utf-8")
    environment = {"ARGOS_PACKAGES_DIR": str(tmp_path / "argos"), "PYTHONIOENCODING": "utf-8:strict"}

    published = run_toolkit(project, "publish", **environment)
    status = run_toolkit(project, "status", **environment)

    for result in (published, status):
        assert result.returncode in (EXIT_OK, EXIT_INCOMPLETE), result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    site = project / "site"
    assert {page.name for page in (site / "articles").iterdir()} == {"a1.html", "a2.html"}
    assert any((site / "pagefind").rglob("pagefind-entry.json"))
    # One form of the path on both streams (stdout printed caf\udce9, stderr caf\xe9).
    assert f"site: {tmp_path}/caf\\xe9/site/index.html" in published.stdout.splitlines()
    assert [line for line in published.stderr.splitlines() if "run cache is not used" in line] == [
        f"toolkit: warning: {tmp_path}/caf\\xe9/.toolkit/cache.sqlite: the project's path is not UTF-8 text, so the "
        "run cache is not used; this run does all its work itself (rename the folder to speed runs up)"
    ]


@pytest.mark.parametrize("option", ["--title", "--from", "--to"])
def test_init_given_bytes_that_are_not_utf8_names_the_option_and_writes_nothing(tmp_path: Path, option: str) -> None:
    value = os.fsdecode(b"caf\xe9")
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "p"), option, value])
    assert result.exit_code == EXIT_USAGE, result.output
    assert result.output.splitlines() == [f"toolkit: {option} 'caf\\xe9' is not UTF-8 text; nothing was written"]
    assert not (tmp_path / "p").exists()


def test_init_in_a_folder_named_in_another_encoding_titles_the_site_readably(tmp_path: Path) -> None:
    project = tmp_path / os.fsdecode(b"caf\xe9")
    result = run_toolkit(project, "init", PYTHONIOENCODING="utf-8:strict")
    assert result.returncode == EXIT_OK, result.stderr
    assert f"Started a toolkit project in {tmp_path}/caf\\xe9:" in result.stdout
    assert 'title = "caf\ufffd"' in (project / "toolkit.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "body_headers",
    [b"Content-Length: 31\r\n", b"Transfer-Encoding: chunked\r\n"],
    ids=["content-length", "chunked"],
)
def test_a_get_with_a_body_is_answered_once_and_its_body_never_read_as_a_request(
    site_served: int, body_headers: bytes
) -> None:
    smuggled = b"GET /index.html HTTP/1.1\r\n\r\n\r\n"  # 31 bytes: a second request, if the body were read as one
    request = b"GET /index.html HTTP/1.1\r\nHost: x\r\n" + body_headers + b"\r\n" + smuggled
    assert status_lines(site_served, request) == [b"HTTP/1.1 200 OK"]


def test_an_absolute_form_request_is_served(site_served: int) -> None:
    request = b"GET http://127.0.0.1/index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    assert status_lines(site_served, request) == [b"HTTP/1.1 200 OK"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--beam-size", "0"], "beam_size must be a whole number from 1 to 16, not 0"),
        (["--from", "x1"], "source_language must be a language code such as 'ar' or 'en', not 'x1'"),
        (["--to", "ar"], "source_language and target_language are both 'ar'"),
    ],
)
def test_a_wrong_value_on_the_command_line_is_blamed_on_the_command_line(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    project = write_project(tmp_path / "p", {})
    result = CliRunner().invoke(cli, ["-C", str(project), "translate-text", *arguments], input="نص\n")
    assert result.exit_code == EXIT_USAGE, result.output
    [line] = result.output.splitlines()
    assert message in line and "(given on the command line: " in line and "toolkit.toml" not in line


def test_a_wrong_value_in_toolkit_toml_is_blamed_on_it_whatever_the_command_line_gives(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {}, toml=TOML.replace("[site]", "beam_size = 99\n\n[site]"))
    result = CliRunner().invoke(cli, ["-C", str(project), "translate-text", "--beam-size", "4"], input="نص\n")
    assert result.exit_code == EXIT_USAGE, result.output
    assert result.output.splitlines() == [
        f"toolkit: {project / 'toolkit.toml'}: beam_size must be a whole number from 1 to 16, not 99"
    ]


def _block_ids_one_by_one(contexts: list[str]) -> list[str]:
    """block_ids as it was: each repeat tries every number from 2 up."""
    seen: set[str] = set()
    ids = []
    for context in contexts:
        base = re.sub(r"\s+", "-", context) or "block"
        candidate, number = base, 1
        while candidate in seen:
            number += 1
            candidate = f"{base}-{number}"
        seen.add(candidate)
        ids.append(candidate)
    return ids


@given(st.lists(st.sampled_from(["p", "p-2", "p-3", "p-2-2", "", "a b", "a-b", "block", "block-2"]), max_size=40))
def test_pair_ids_of_repeated_contexts_are_the_ones_they_always_were(contexts: list[str]) -> None:
    assert block_ids(contexts) == _block_ids_one_by_one(contexts)


def test_a_catalog_whose_every_entry_has_one_context_gets_its_ids_at_once() -> None:
    """A catalog from another tool may use one msgctxt for every paragraph; 8,000 took 8 s, 100,000 hours."""
    ids = block_ids(["paragraph"] * 100_000)
    assert ids[:3] == ["paragraph", "paragraph-2", "paragraph-3"] and ids[-1] == "paragraph-100000"
    assert len(set(ids)) == 100_000


def test_files_beside_the_installed_packages_are_passed_over(tmp_path: Path) -> None:
    """The package file downloaded into the packages folder, a note, a dangling link: none is a package, and
    none stops `models list` or a translation ('README.txt/metadata.json: a part of the path is a file')."""
    packages = tmp_path / "packages"
    packages.mkdir()
    (packages / "translate-ar_en-1_0.argosmodel").write_bytes(b"PK\x05\x06" + bytes(18))
    (packages / "README.txt").write_text("packages go here\n")
    (packages / "gone").symlink_to(tmp_path / "nowhere")
    project = write_project(tmp_path / "p", {})
    environment = {"ARGOS_PACKAGES_DIR": str(packages)}

    listed = CliRunner().invoke(cli, ["-C", str(project), "models", "list"], env=environment)
    assert listed.exit_code == EXIT_OK, listed.output
    assert f"no Argos packages installed in {packages}" in listed.output

    translated = CliRunner().invoke(cli, ["-C", str(project), "translate-text"], input="نص\n", env=environment)
    assert translated.exit_code == EXIT_INCOMPLETE, translated.output
    assert "no Argos package for ar -> en" in translated.output and "metadata.json" not in translated.output


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--title", 'x"\nbase_url = "javascript:alert(1)'], "site.title holds the control character U+000A"),
        (["--from", "../../x"], "source_language must be a language code such as 'ar' or 'en', not '../../x'"),
        (["--to", "en\n"], "target_language must be a language code such as 'ar' or 'en', not 'en\\n'"),
        (["--from", "xx"], "source_language 'xx' is not a language the cleaner knows the script of"),
    ],
)
def test_init_given_a_wrong_value_names_the_command_line_not_a_file_it_never_kept(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "p"), *arguments])
    assert result.exit_code == EXIT_USAGE, result.output
    [line] = result.output.splitlines()
    assert message in line and "(given on the command line" in line and "toolkit.toml" not in line
    assert not (tmp_path / "p").exists()


def test_init_in_a_folder_whose_name_holds_a_newline_titles_the_site_with_a_space(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "news\n2022")])
    assert result.exit_code == EXIT_OK, result.output
    assert 'title = "news 2022"' in (tmp_path / "news\n2022" / "toolkit.toml").read_text(encoding="utf-8")


TERMINAL_ESCAPES = "\x1b]0;PWNED\x07 \x1b]52;c;cHduZWQ=\x07 \x1b[2J \u202e\x9b"


def test_clean_explain_shows_a_removed_lines_escapes_instead_of_sending_them_to_the_terminal(tmp_path: Path) -> None:
    """A scraped share bar holding OSC sequences (set the terminal's title, its clipboard) was printed raw."""
    source = tmp_path / "page.txt"
    body = "قال المتحدث باسم الكرملين إن المحادثات مستمرة بين الجانبين في جنيف وبروكسل منذ أسابيع."
    text = f"عنوان الخبر\n\nشارك على فيسبوك {TERMINAL_ESCAPES}\n\n" + f"{body}\n\n" * 8  # controls under 1%
    source.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["clean", "--explain", str(source)])
    assert result.exit_code == EXIT_OK, result.output
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", result.output)
    # The line is explained as the cleaner reads it: the controls are junk it drops from every line (40547eb).
    assert "removed by share_bar: شارك على فيسبوك ]0;PWNED ]52;c;cHduZWQ= [2J" in result.output


def test_the_confidence_list_shows_a_drafts_escapes_instead_of_sending_them_to_the_terminal(tmp_path: Path) -> None:
    blocks = [BlockSpec("p1\x1b[31m", "نص الفقرة الأولى.", f"A draft {TERMINAL_ESCAPES}", state="draft")]
    project = write_project(tmp_path / "p", {"a1": catalog_text("a1", ("عنوان", "A title"), blocks)})
    catalog = project / "translations" / "a1.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("#. machine:", "#. confidence: 0.2\n#. machine:"))
    result = CliRunner().invoke(cli, ["-C", str(project), "status", "--by-confidence"])
    assert result.exit_code == EXIT_OK, result.output
    [listed] = [line for line in result.output.splitlines() if " 0.20 " in line]
    assert "[p1\\x1b[31m] 0.20 A draft \\x1b]0;PWNED\\x07" in listed
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", result.output)


def test_the_confidence_list_names_a_catalog_with_a_line_end_in_its_name_on_one_line(tmp_path: Path) -> None:
    blocks = [BlockSpec("p1", "نص الفقرة الأولى.", "A draft", state="draft")]
    project = write_project(tmp_path / "p", {"a1": catalog_text("a1", ("عنوان", "A title"), blocks)})
    catalog = project / "translations" / "a1.po"
    text = catalog.read_text(encoding="utf-8").replace("#. machine:", "#. confidence: 0.2\n#. machine:")
    catalog.unlink()
    (project / "translations" / "x\ny.po").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(project), "status", "--by-confidence"])
    assert result.exit_code == EXIT_OK, result.output
    [listed] = [line for line in result.output.splitlines() if " 0.20 " in line]
    assert listed.startswith(f"{project / 'translations'}/x\\ny.po:"), listed


def test_a_state_folder_on_another_file_system_is_named_as_such_and_the_site_stays(tmp_path: Path) -> None:
    """.toolkit/ linked to a tmpfs: the new site, staged there, cannot be renamed into site/. The message named
    site/ only ('cannot swap the new site into place: on another file system')."""
    elsewhere = Path("/dev/shm")
    if not elsewhere.is_dir() or elsewhere.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("no second file system at /dev/shm")
    blocks = [BlockSpec("p1", "نص الفقرة الأولى.", "The first paragraph.")]
    project = write_project(tmp_path / "p", {"a1": catalog_text("a1", ("عنوان", "A title"), blocks)})
    assert CliRunner().invoke(cli, ["-C", str(project), "-q", "build"]).exit_code == EXIT_OK
    page = (project / "site" / "articles" / "a1.html").read_bytes()
    with tempfile.TemporaryDirectory(dir=elsewhere) as state:
        shutil.rmtree(project / ".toolkit")
        (project / ".toolkit").symlink_to(state)
        result = CliRunner().invoke(cli, ["-C", str(project), "-q", "build"])
        assert result.exit_code == EXIT_FAILURE, result.output
        assert result.output.splitlines() == [
            f"toolkit: {project / '.toolkit'}: is on another file system than {project / 'site'}, and the new site "
            "is built in it and renamed into place: keep both on one file system (make it a folder of the project, "
            "not a link elsewhere)"
        ]
    assert (project / "site" / "articles" / "a1.html").read_bytes() == page


@pytest.mark.parametrize(
    "declaration",
    ['<meta charset="windows-1256">', '<meta charset="windows-1256"><meta charset="utf-8">', '<meta charset="latin1">'],
)
def test_a_utf8_page_that_declares_another_charset_is_read_as_utf8(declaration: str) -> None:
    text = "بوتين لماكرون: الغرب تجاهل مخاوفنا الأمنية"
    page = f"<html><head>{declaration}<title>{text}</title></head><body><p>{text}</p></body></html>"
    assert text in decode_source(page.encode("utf-8"), "page.html", html=True)


def test_a_page_in_the_charset_it_declares_is_still_read_by_it() -> None:
    text = "بوتين لماكرون: الغرب تجاهل مخاوفنا الأمنية"
    page = f'<html><head><meta charset="windows-1256"></head><body><p>{text}</p></body></html>'
    assert text in decode_source(page.encode("cp1256"), "page.html", html=True)
    latin = '<html><head><meta charset="latin1"></head><body><p>Café crème, déjà vu</p></body></html>'
    assert "Café crème, déjà vu" in decode_source(latin.encode("latin-1"), "page.html", html=True)


def _package(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


MODEL = {"pkg/model/model.bin": b"\0" * 4096, "pkg/sentencepiece.model": b"x"}


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"pkg/metadata.json": b"[1, 2]"}, "metadata.json names no from_code and to_code"),
        ({"pkg/metadata.json": json.dumps({"from_code": 5, "to_code": "en"}).encode()}, "from_code in metadata.json"),
        (
            {"pkg/metadata.json": b"{}", "other/metadata.json": b"{}", **MODEL},
            "not an Argos package: metadata.json in 2 top folders; one top folder holds it",
        ),
    ],
)
def test_a_package_is_refused_for_what_is_wrong_with_it(tmp_path: Path, files: dict, message: str) -> None:
    """A package whose metadata.json is wrong was refused for 'sentencepiece.model missing'."""
    with pytest.raises(InputError, match=re.escape(message)):
        read_package_file(_package(tmp_path / "p.argosmodel", files))


def test_a_package_that_would_unpack_to_more_than_any_model_needs_is_refused(tmp_path: Path, monkeypatch) -> None:
    """A zip bomb: a few MB that unpack to gigabytes would fill the disk while argostranslate extracts it."""
    metadata = json.dumps({"from_code": "ar", "to_code": "en"}).encode()
    path = _package(tmp_path / "p.argosmodel", {"pkg/metadata.json": metadata, **MODEL})
    read_package_file(path)
    monkeypatch.setattr(packages, "MAX_PACKAGE_UNPACKED_BYTES", 4000)
    said = r"it would unpack to 4\.1 kB, more than any model needs \(the limit is 4\.0 kB\)"
    with pytest.raises(InputError, match=said):
        read_package_file(path)


def test_a_catalog_with_a_second_header_is_named_and_left_untouched(tmp_path: Path) -> None:
    """msgfmt refuses a second `msgid ""`; polib took it for the metadata, translate rewrote and reordered the
    header and dropped the second one."""
    blocks = [BlockSpec("p1", "نص الفقرة الأولى.", "The first paragraph.")]
    project = write_project(tmp_path / "p", {"a1": catalog_text("a1", ("عنوان", "A title"), blocks)})
    catalog = project / "translations" / "a1.po"
    second_header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-6\\n"\n'
    text = catalog.read_text(encoding="utf-8") + "\n" + second_header
    catalog.write_text(text, encoding="utf-8")
    (project / "source").mkdir()
    (project / "source" / "a1.txt").write_text("عنوان\n\nنص الفقرة الأولى.\n", encoding="utf-8")
    second = len(text.splitlines()) - 2  # the line of its msgid
    for command in ("translate", "status", "build"):
        result = CliRunner().invoke(cli, ["-C", str(project), "-q", command], env={"ARGOS_PACKAGES_DIR": str(tmp_path)})
        assert result.exit_code == EXIT_FAILURE, result.output
        assert f"toolkit: {catalog}:{second}: not a valid PO file: a second header" in result.output
    assert catalog.read_text(encoding="utf-8") == text
