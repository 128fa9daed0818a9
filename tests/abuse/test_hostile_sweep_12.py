"""Cases from the twelfth hostile sweep (issue 10), the acceptance run kept outside the repository
(/tmp/s10b/harness.py and b*.py): folders a new project is started over, catalogs and settings at their edges,
and requests to `toolkit serve`. Each test failed before its fix."""

from __future__ import annotations

import errno
import html
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import markdown
import pytest
from abuse_projects import copy_default_project, run_toolkit, tree_hashes
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.commands import init
from toolkit.store.disk import file_system_error

FIRST = "000_bff552917bc11dca"


def _file(path: Path) -> None:
    path.write_text("not a folder\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "make"),
    [("source", _file), ("translations", os.mkfifo), (".gitignore", Path.mkdir), (".gitignore", os.mkfifo)],
    ids=["source-file", "translations-fifo", "gitignore-folder", "gitignore-fifo"],
)
def test_init_over_something_of_the_wrong_kind_writes_nothing_and_runs_once_it_is_moved(
    tmp_path: Path, name: str, make
) -> None:
    # init wrote toolkit.toml and only then found source/ or translations/ a file, or .gitignore a folder: the
    # project was left half-made, and init run again once the thing was moved said "already a toolkit
    # project". A .gitignore that is a pipe was replaced by a file without a word.
    project = tmp_path / "news"
    project.mkdir()
    make(project / name)
    result = run_toolkit(project, "init")
    assert result.returncode != 0
    (line,) = result.stderr.splitlines()
    assert str(project / name) in line
    assert os.listdir(project) == [name]
    if (project / name).is_dir():
        (project / name).rmdir()
    else:
        (project / name).unlink()
    result = run_toolkit(project, "init")
    assert result.returncode == 0, result.stderr
    assert {"toolkit.toml", "source", "translations", ".gitignore"} <= set(os.listdir(project))


def test_a_source_folder_linked_from_elsewhere_leaves_every_catalog_as_it_was(tmp_path: Path) -> None:
    # source/ as a link to the folder the scraper fills (another disk, a shared folder): every catalog was
    # rewritten with the resolved absolute path in X-Article-Source and every #: reference, a machine's path in
    # files kept in git, and back again once the link was gone.
    project = copy_default_project(tmp_path / "p")
    shutil.move(project / "source", tmp_path / "scraped")
    (project / "source").symlink_to(tmp_path / "scraped")
    shipped = tree_hashes(project / "translations")
    result = run_toolkit(project, "-q", "publish")
    assert result.returncode == 0, result.stderr
    assert tree_hashes(project / "translations") == shipped


ARTICLE = (
    "عنوان المقال الجديد عن المحادثات\n\n"
    "قال وزير الخارجية إن المحادثات مع الجانب الآخر ستستمر الأسبوع المقبل في العاصمة.\n\n"
    "وأضاف أن الطرفين اتفقا على مواصلة الحوار حول القضايا الأمنية والاقتصادية العالقة بينهما.\n"
)


@pytest.mark.parametrize("separator", ["\u2029", "\u2028"], ids=["paragraph-separator", "line-separator"])
def test_unicode_line_and_paragraph_separators_end_lines(tmp_path: Path, separator: str) -> None:
    # Text copied out of a web page or a layout program keeps U+2029 between paragraphs and U+2028 for a line
    # break inside one; read as spaces, the headline and every paragraph ran into one paragraph ("no headline").
    project = copy_default_project(tmp_path / "p")
    (project / "source" / "new.txt").write_text(ARTICLE.replace("\n\n", separator), encoding="utf-8")
    result = run_toolkit(project, "clean", "--format", "json", "source/new.txt")
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["title"] == "عنوان المقال الجديد عن المحادثات"
    assert [block["text"][:12] for block in article["blocks"]] == ["قال وزير الخ", "وأضاف أن الط"]


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ("\u200b\u200f\n\n\ufeff\u2066\n".encode(), "no article text found: it holds only blank lines and invisible"),
        (b"\xef\xbb\xbf\xff\xfe" + ARTICLE.encode(), "starts with a utf-8 mark but byte 3 (0xff) is not utf-8"),
    ],
    ids=["invisible-characters-only", "byte-order-mark-then-no-utf8"],
)
def test_a_text_that_cannot_be_an_article_is_named_for_what_it_holds(tmp_path: Path, data: bytes, said: str) -> None:
    # A file of zero-width and direction marks only was "all 0 lines were boilerplate"; a UTF-8 mark followed
    # by bytes that are no UTF-8 was "byte 0 is not utf-8", counted from after the mark (byte 0 is the mark).
    project = copy_default_project(tmp_path / "p")
    (project / "source" / "new.txt").write_bytes(data)
    result = run_toolkit(project, "clean", "source/new.txt")
    assert result.returncode == 1
    assert said in result.stderr, result.stderr


def _package_file(path: Path, source: str, target: str) -> Path:
    """A package file read_package_file takes (metadata, model files; no model that loads)."""
    metadata = {"package_version": "1.0", "from_code": source, "to_code": target, "type": "translate"}
    top = f"translate-{source}_{target}-1_0"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{top}/metadata.json", json.dumps(metadata))
        for name in ("model/model.bin", "model/config.json", "sentencepiece.model"):
            archive.writestr(f"{top}/{name}", b"{}")
    return path


def _with_model_file(project: Path, model_file: Path) -> None:
    settings = project / "toolkit.toml"
    settings.write_text(f"model_file = {json.dumps(str(model_file))}\n" + settings.read_text(encoding="utf-8"))


def test_models_list_says_what_becomes_of_the_projects_model_file(argos_packages_dir: Path, tmp_path: Path) -> None:
    # With model_file set and nothing installed, the list said only "install it with: toolkit models install ar
    # en", a download, as if the file were not there; a model_file that is missing, no package or one for another
    # pair went unmentioned (exit 0) until a translate tried it.
    project = copy_default_project(tmp_path / "p")
    _with_model_file(project, _package_file(tmp_path / "ar_en.argosmodel", "ar", "en"))
    result = run_toolkit(project, "models", "list")
    assert result.returncode == 0, result.stderr
    assert f"the next translate or publish installs model_file {tmp_path / 'ar_en.argosmodel'}" in result.stdout
    for model_file, said in [
        (tmp_path / "missing.argosmodel", "no such package file"),
        (
            _package_file(tmp_path / "zh_en.argosmodel", "zh", "en"),
            "a package for zh -> en, not this project's ar -> en",
        ),
    ]:
        project = copy_default_project(tmp_path / model_file.stem)
        _with_model_file(project, model_file)
        result = run_toolkit(project, "models", "list")
        assert result.returncode == 1
        assert result.stderr == f"toolkit: {model_file}: model_file in toolkit.toml: {said}\n"


def test_init_keeps_the_line_ends_of_a_gitignore_it_adds_to(tmp_path: Path) -> None:
    # A .gitignore written on Windows (CRLF) came back with every line of it ending in LF: a change to each of
    # the user's lines in their repository, for two lines added.
    project = tmp_path / "news"
    project.mkdir()
    (project / ".gitignore").write_bytes(b"*.pyc\r\nbuild/\r\n")
    result = run_toolkit(project, "init")
    assert result.returncode == 0, result.stderr
    kept = (project / ".gitignore").read_bytes()
    assert kept.startswith(b"*.pyc\r\nbuild/\r\n")
    assert kept.count(b"\n") == kept.count(b"\r\n") and b"site/\r\n" in kept


def test_a_project_at_a_path_longer_than_sqlite_opens_is_told_to_move(tmp_path: Path) -> None:
    # SQLite opens no database whose path, with "-journal" after it, passes 512 bytes, and says only "unable to
    # open database file": a project some 480 bytes deep (240 Arabic letters of folder names) could not be built,
    # "the build manifest failed: it cannot be opened; check the owner and mode of the file and its folder".
    deep = tmp_path
    while len(os.fsencode(deep)) < 500:
        deep = deep / ("أرشيف الأخبار " * 4).strip()
    project = copy_default_project(deep / "p")
    result = run_toolkit(project, "-q", "build")
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert "SQLite" in line and "move the project to a folder with a shorter path" in line, line
    assert not (project / "site").exists()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_catalog_saved_as_utf16_or_utf32_is_named_so(tmp_path: Path, encoding: str) -> None:
    # Notepad's "Unicode" is UTF-16: such a catalog was "not UTF-8 text, although its header says charset=UTF-8
    # (saved in another encoding?)", the header unread between the NUL bytes of every letter.
    project = copy_default_project(tmp_path / "p")
    catalog = project / "translations" / f"{FIRST}.po"
    saved = catalog.read_text(encoding="utf-8").encode(encoding)
    catalog.write_bytes(saved)
    result = run_toolkit(project, "status")
    assert result.returncode == 1
    name = encoding.upper().removesuffix("-BE")
    assert f"{catalog}:1: saved as {name}, and PO files are read as UTF-8 (as gettext reads them)" in result.stderr
    assert catalog.read_bytes() == saved


def test_a_control_character_the_page_leaves_out_of_a_translation_is_a_warning(tmp_path: Path) -> None:
    # A control character or a bell pasted into a reviewed translation is left out of the page ("Putin\1to"
    # shows as "Putinto"), and check said nothing: 0 warnings, exit 0. (A NUL, where gettext ends the string, makes
    # the catalog unreadable: tests/catalog/test_nul_in_strings.py.)
    project = copy_default_project(tmp_path / "p")
    catalog = project / "translations" / f"{FIRST}.po"
    text = catalog.read_bytes()
    catalog.write_bytes(text.replace(b"Putin to Macron", b"Putin\x01to\x07Macron", 1))
    result = run_toolkit(project, "check")
    assert result.returncode == 1
    assert ": [title] control characters the page leaves out: U+0001, U+0007 [artifacts]" in result.stdout
    assert result.stdout.startswith(f"{catalog}:")


def test_a_noncharacter_past_the_first_plane_is_left_out_of_the_page_and_named(tmp_path: Path) -> None:
    # HTML forbids the last two code points of every plane, not of the first alone: U+1FFFE and U+10FFFF pasted
    # into a translation reached the page (an error of the Nu checker's), and check said nothing.
    project = copy_default_project(tmp_path / "p")
    catalog = project / "translations" / f"{FIRST}.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace("Putin to Macron", "Putin\U0001fffeto\U0010ffffMacron", 1), encoding="utf-8")
    checked = run_toolkit(project, "check")
    assert ": [title] control characters the page leaves out: U+1FFFE, U+10FFFF [artifacts]" in checked.stdout
    built = run_toolkit(project, "build")
    assert built.returncode == 0, built.stderr
    pages = [path for path in (project / "site").rglob("*.html") if "PutintoMacron" in path.read_text(encoding="utf-8")]
    assert pages
    for page in (project / "site").rglob("*"):
        if page.is_file() and page.suffix in {".html", ".xml", ".json"}:
            assert not {"\U0001fffe", "\U0010ffff"} & set(page.read_text(encoding="utf-8")), page


@pytest.mark.parametrize("failing", ["translations", ".gitignore"])
def test_init_stopped_by_a_full_disk_part_way_leaves_nothing_and_runs_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    # On a disk without a free inode init wrote toolkit.toml, then failed to make translations/ ("free some
    # space and run again"), and run again said "already a toolkit project; nothing was changed".
    project = tmp_path / "news"

    def full(real):
        def write(path: Path, *rest) -> None:
            if path.name == failing:
                raise file_system_error("write", path, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
            real(path, *rest)

        return write

    monkeypatch.setattr(init, "make_folder", full(init.make_folder))
    monkeypatch.setattr(init, "atomic_write_text", full(init.atomic_write_text))
    result = CliRunner().invoke(cli, ["-q", "init", str(project)])
    assert result.exit_code == 1
    assert result.output.startswith(f"toolkit: {project / failing}: cannot write: no space left on the device")
    assert not project.exists()
    monkeypatch.undo()
    assert CliRunner().invoke(cli, ["-q", "init", str(project)]).exit_code == 0
    assert {"toolkit.toml", "source", "translations", ".gitignore"} <= set(os.listdir(project))


CHINESE_WITH_LATIN_NAMES = "\n\n".join(
    [
        "苹果公司发布新款iPhone手机",
        "苹果公司（Apple Inc.）首席执行官蒂姆·库克（Tim Cook）周二在加利福尼亚州库比蒂诺（Cupertino, California）"
        "发布了新款iPhone 15 Pro Max。",
        "分析师表示，新款手机采用了台积电（TSMC）的3纳米芯片，并支持USB-C接口和Wi-Fi 7标准。",
        "微软（Microsoft）和谷歌（Google）的股价当天也有所上涨，纳斯达克指数（Nasdaq Composite）收盘上涨1.2%。",
    ]
)


def test_a_chinese_article_naming_companies_in_latin_letters_keeps_its_headline_and_paragraphs(tmp_path: Path) -> None:
    # Chinese writes Latin names into its text with no space, and one character says what a Latin word of
    # five letters does: the headline went as "glued scripts" (UI labels run together, on an Arabic page) and
    # two of three paragraphs as "foreign script", their Latin letters as many as their characters; the
    # article came out one paragraph long, with only "no headline found" said.
    project = tmp_path / "news"
    assert run_toolkit(tmp_path, "init", "--from", "zh", "--to", "en", str(project)).returncode == 0
    (project / "source" / "tech.txt").write_text(CHINESE_WITH_LATIN_NAMES, encoding="utf-8")
    result = run_toolkit(project, "clean", "--format", "json", "source/tech.txt")
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["title"] == "苹果公司发布新款iPhone手机"
    assert [block["text"][:4] for block in article["blocks"]] == ["苹果公司", "分析师表", "微软（M"]


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("mount") is None, reason="needs root to bind-mount a folder")
def test_a_site_folder_that_is_a_mount_point_is_refused_before_building(tmp_path: Path) -> None:
    # The web server's folder mounted on site/ (a bind mount, a container's volume): the whole build ran, then
    # its swap failed with "Device or resource busy", the raw system message, and nothing said what to do.
    project = copy_default_project(tmp_path / "p")
    served = tmp_path / "www"
    served.mkdir()
    (project / "site").mkdir()
    mounted = subprocess.run(["mount", "--bind", str(served), str(project / "site")], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {mounted.stderr.decode().strip()}")
    try:
        for command in ("build", "publish"):
            result = run_toolkit(project, "-q", command)
            assert result.returncode == 1
            assert result.stderr == (
                f"toolkit: {project / 'site'}: is a mount point; the toolkit swaps site/ in as a whole folder, "
                "which a mount point cannot be, so mount the folder above it or point the web server at site/\n"
            )
            assert os.listdir(served) == []
    finally:
        subprocess.run(["umount", "-l", str(project / "site")], capture_output=True)


@pytest.mark.parametrize(
    ("base_url", "said"),
    [
        ("https://editor:s3cret@staging.example.org/news/", "a user name or password"),
        ("https://editor@staging.example.org/news/", "a user name or password"),
        ("https://example.org/%zz/", "'%' that begins no escape"),
    ],
    ids=["password", "user", "broken-escape"],
)
def test_a_base_url_that_would_publish_a_password_or_broken_links_is_refused(
    tmp_path: Path, base_url: str, said: str
) -> None:
    # The staging address pasted with its login was written into every link of the feed and the sitemap, for
    # every reader; a '%' that begins no escape made every one of those links invalid. Both built, exit 0.
    project = copy_default_project(tmp_path / "p")
    settings = project / "toolkit.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace('"http://127.0.0.1:8000/"', json.dumps(base_url)), encoding="utf-8"
    )
    result = run_toolkit(project, "-q", "build")
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"toolkit: {settings}: site.base_url") and said in line, line
    assert not (project / "site").exists()


def test_clean_as_markdown_keeps_scraped_markup_text_where_the_markdown_is_rendered(tmp_path: Path) -> None:
    # `clean --format markdown` is for a Markdown site (Hugo, MkDocs): a scraped <img onerror> or a
    # [link](javascript:...) was written into it as it was, live HTML and a live link once rendered, and a
    # paragraph opening with "# " became a heading.
    project = copy_default_project(tmp_path / "p")
    hostile = (
        "عنوان المقال الجديد عن المحادثات <img src=x onerror=alert(1)>\n\n"
        "قال وزير الخارجية إن المحادثات مع الجانب الآخر ستستمر الأسبوع المقبل [هنا](javascript:alert(1)) في "
        "العاصمة *بحسب* المصادر.\n\n"
        "# وأضاف أن الطرفين اتفقا على مواصلة الحوار حول القضايا الأمنية والاقتصادية العالقة بينهما &amp; غيرها.\n"
    )
    (project / "source" / "new.txt").write_text(hostile, encoding="utf-8")
    result = run_toolkit(project, "clean", "--format", "markdown", "source/new.txt")
    assert result.returncode == 0, result.stderr
    body = result.stdout.split("---\n", 2)[2]
    rendered = markdown.markdown(body)
    assert "<img" not in rendered and "<a " not in rendered and "<em>" not in rendered
    assert rendered.count("<h1>") == 1
    shown = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    for text in ("<img src=x onerror=alert(1)>", "[هنا](javascript:alert(1))", "*بحسب*", "# وأضاف", "&amp; غيرها"):
        assert text in shown
