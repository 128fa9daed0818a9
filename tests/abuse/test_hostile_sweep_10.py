"""Cases from the tenth hostile sweep (issue 10), a run kept outside the repository (/tmp/t10b/cases.py and
serve_probe.py) in classes the earlier sweeps did not try: catalogs as gettext's own tools leave them, settings
at their edges, sparse and growing files, clock skew, the state of a newer version, site/ of other kinds, HTML
declaring its charset three ways, and requests to `toolkit serve` with ranges, odd hosts and framing.
Each test failed before its fix."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from abuse_projects import (
    command_environment,
    copy_default_project,
    copy_project,
    published_default_project,
    run_toolkit,
    status_lines,
    toolkit_command,
    tree_hashes,
)

from toolkit.errors import shown_path

FIRST = "000_bff552917bc11dca"
GIGABYTES_2 = 2 * 1024**3


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return published_default_project(tmp_path_factory.mktemp("published"))


@pytest.mark.parametrize(
    "base_url", ["http://[::1/", "http://127.0.0.1:99999999999/", "https://news.example:port/", "http://[::1]:65536/"]
)
def test_a_base_url_whose_host_or_port_cannot_be_is_named_not_an_internal_error(tmp_path: Path, base_url: str) -> None:
    # urlsplit raises ValueError for an unclosed IPv6 bracket: "internal error (ValueError: Invalid IPv6 URL)"
    # from every command; a port past 65535 was taken and written into every link of the feed and sitemap.
    project = copy_default_project(tmp_path / "p")
    settings = project / "toolkit.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace('"http://127.0.0.1:8000/"', f'"{base_url}"'), encoding="utf-8"
    )
    for command in ("status", "publish"):
        result = run_toolkit(project, "-q", command)
        assert result.returncode == 2, result.stderr
        assert f"{settings}: site.base_url must be an absolute http:// or https:// address" in result.stderr
        assert "internal error" not in result.stderr
    assert not (project / "site").exists()


@pytest.mark.parametrize("host", [b"a b", b"\xd8\xa7.example", b"a/b", b"127.0.0.1:80:80", b"[::1"])
def test_a_host_header_that_is_no_host_is_refused_with_400(site_served: int, host: bytes) -> None:
    # RFC 9112 3.2: a Host of another shape is a 400; it was answered 200.
    request = b"GET / HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n"
    assert status_lines(site_served, request) == [b"HTTP/1.1 400 a Host header that is no host[:port]"]


@pytest.mark.parametrize("host", [b"127.0.0.1:8000", b"[::1]:8000", b"news.example", b"", b"xn--mgbh0fb.example:1"])
def test_a_host_header_with_or_without_a_port_is_served(site_served: int, host: bytes) -> None:
    request = b"GET / HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n"
    assert status_lines(site_served, request) == [b"HTTP/1.1 200 OK"]


@pytest.mark.parametrize("length", [b"+27", b"0x1b", b"27, 27", b"-1", b"27 bytes"])
def test_a_content_length_that_is_no_number_is_refused_with_400(site_served: int, length: bytes) -> None:
    # RFC 9112 6.3: the framing of such a request is an unrecoverable error. It was answered 200 (the
    # connection then closed), where a proxy in front may have framed the body its own way.
    request = (
        b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + b"\r\n\r\nGET /index.html HTTP/1.1\r\nX: \r\n\r\n"
    )
    assert status_lines(site_served, request) == [b"HTTP/1.1 400 a Content-Length that is not a number of bytes"]


def _sparse(path: Path) -> None:
    with open(path, "wb") as handle:
        handle.truncate(GIGABYTES_2)


def test_a_sparse_catalog_of_2_gb_is_named_without_being_read_and_keeps_its_page(
    published: Path, tmp_path: Path
) -> None:
    # The whole file was read, copied by the blank check and decoded: `status` held 6 GB of memory and took
    # a minute; build and translate 2 GB each (the run cache and the build's hash read it whole too).
    project = copy_project(published, tmp_path / "p")
    catalog = project / "translations" / f"{FIRST}.po"
    _sparse(catalog)
    site = tree_hashes(project / "site")
    for command in ("status", "build", "translate", "check"):
        result = run_toolkit(project, "-q", command)
        assert result.returncode == 1, (command, result.stderr)
        assert f"{catalog}: cannot read: the file is too large (2.1 GB; the limit is 134.2 MB)" in result.stderr
    assert tree_hashes(project / "site") == site
    assert catalog.stat().st_size == GIGABYTES_2


@pytest.mark.parametrize("name", ["glossary.csv", "toolkit.toml"])
def test_a_sparse_settings_file_of_2_gb_is_named_without_being_read(published: Path, tmp_path: Path, name: str) -> None:
    project = copy_project(published, tmp_path / "p")
    _sparse(project / name)
    result = run_toolkit(project, "-q", "status")
    assert result.returncode == 2
    assert f"{project / name}: " in result.stderr
    assert "the file is too large (2.1 GB; the limit is 16.8 MB)" in result.stderr


def test_a_sparse_source_or_translation_of_2_gb_is_named_as_too_large_for_an_article(
    published: Path, tmp_path: Path
) -> None:
    project = copy_project(published, tmp_path / "p")
    _sparse(project / "source" / "big.txt")
    _sparse(project / "edition.txt")
    said = "file is too large for an article (2.1 GB; the limit is 8.4 MB)"
    for command in (("clean", "source/big.txt"), ("align", FIRST, "edition.txt")):
        result = run_toolkit(project, "-q", *command)
        assert result.returncode == 1, result.stderr
        assert f"{command[-1]}: {said}" in result.stderr


def test_a_file_name_holding_a_newline_is_named_on_one_line(published: Path, tmp_path: Path) -> None:
    # `toolkit: .../source/a` then `b.txt: binary file (NUL bytes), not text`: the problem's one line was two,
    # the second one read as a message of its own by anything reading the output line by line (CI logs).
    project = copy_project(published, tmp_path / "p")
    (project / "source" / "a\nb.txt").write_bytes(b"\x00\x01")
    for command in (("publish",), ("clean", "source/a\nb.txt"), ("models", "install", "--from", "source/a\nb.txt")):
        result = run_toolkit(project, "-q", *command)
        assert result.returncode == 1, (command, result.stderr)
        problem = next(line for line in result.stderr.splitlines() if line.startswith("toolkit: "))
        assert "source/a\\nb.txt: " in problem and problem.endswith(("not text", "not a zip archive")), problem
    # A cleaning warning names its source the same way (publish, translate and clean print them).
    (project / "source" / "a\nb.txt").unlink()
    (project / "source" / "c\nd.txt").write_text("قال المتحدث إن الاجتماع سيعقد يوم الثلاثاء المقبل في العاصمة.\n")
    said = f"toolkit: warning: {shown_path(project / 'source')}/c\\nd.txt: no headline found"
    for command in (("publish",), ("clean", "source/c\nd.txt")):
        result = run_toolkit(project, "-q", *command)
        assert said in result.stderr.splitlines(), result.stderr


def test_an_element_with_200000_attributes_is_cleaned_with_its_text_in_time(tmp_path: Path) -> None:
    # libxml2 checks each attribute of a tag against those before it, and justext and htmldate walk them again:
    # cleaning took the square of their number (60,000 on one <div>: 38 s of CPU; 200,000: about 7 minutes).
    project = copy_default_project(tmp_path / "p")
    body = "<h1>عنوان الخبر هنا</h1><p>قال المتحدث باسم الوزارة إن الاجتماع سيعقد يوم الثلاثاء المقبل.</p>"
    attributes = " ".join(f'data-a{number}="x y"' for number in range(200_000))
    (project / "page.html").write_text(f"<html><body><div {attributes}>{body}</div></body></html>", encoding="utf-8")
    result = subprocess.run(
        [*toolkit_command(project, "-q", "clean", "page.html")],
        capture_output=True,
        text=True,
        env=command_environment(),
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "قال المتحدث باسم الوزارة إن الاجتماع سيعقد يوم الثلاثاء المقبل." in result.stdout


def test_files_in_site_that_no_build_made_are_kept_and_named_when_the_new_site_replaces_them(
    published: Path, tmp_path: Path
) -> None:
    # A host's CNAME, a deployment checkout's .git/: a build puts a whole new site in place, and they went
    # without a word ("0 removed"), .git/ with its unpushed commits at the build after.
    project = copy_project(published, tmp_path / "p")
    site = project / "site"
    (site / "CNAME").write_text("news.example.org\n")
    (site / ".git").mkdir()
    (site / ".git" / "config").write_text("[core]\n")
    result = run_toolkit(project, "-q", "build")
    assert result.returncode == 0, result.stderr
    [kept] = (project / ".toolkit").glob("not-built-*")
    assert (
        f"toolkit: warning: {site / '.git'} (and 1 more): not made by the build, so not in the new site (a build "
        f"replaces site/ whole); moved with its path to {kept}, which the toolkit never removes"
    ) in result.stderr
    again = run_toolkit(project, "-q", "build")
    assert again.returncode == 0 and "not made by the build" not in again.stderr, again.stderr
    assert (kept / "CNAME").read_text() == "news.example.org\n" and (kept / ".git" / "config").read_text() == "[core]\n"


def test_a_catalog_without_source_named_with_a_newline_is_named_on_one_line(published: Path, tmp_path: Path) -> None:
    project = copy_project(published, tmp_path / "p")
    catalogs = project / "translations"
    (catalogs / "x\ny.po").write_bytes((catalogs / f"{FIRST}.po").read_bytes())
    for command in ("status", "build"):
        result = run_toolkit(project, "-q", command)
        warning = next(line for line in result.stderr.splitlines() if "no file in source/ makes" in line)
        assert warning.startswith(f"toolkit: warning: {catalogs}/x\\ny.po: no file in source/ makes"), warning
        assert not any(line.startswith("y.po") for line in result.stderr.splitlines()), result.stderr


def test_an_entry_passed_over_for_its_kind_named_with_a_newline_is_named_on_one_line(
    published: Path, tmp_path: Path
) -> None:
    project = copy_project(published, tmp_path / "p")
    (project / "translations" / "d\ne.po").mkdir()
    result = run_toolkit(project, "-q", "status")
    assert f"toolkit: warning: {project}/translations/d\\ne.po: is a folder, not a file" in result.stderr
    assert not any(line.startswith("e.po") for line in result.stderr.splitlines()), result.stderr
