"""Sources that hold one article under two names (a page saved as .html and its text as .txt, a file copied
under another name) are named by publish, translate and status: each was published as an article of its own
without a word."""

from __future__ import annotations

import html
import os
from pathlib import Path

import pytest
from abuse.abuse_projects import copy_default_project
from click.testing import CliRunner

from toolkit.clean import pipeline
from toolkit.clean.pipeline import clean_file
from toolkit.cli import cli
from toolkit.config import load_config

SAVED_PAGE = """<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title></head>
<body><nav><a href="/">الرئيسية</a> <a href="/sport">رياضة</a></nav>
<article><h1>{title}</h1>
{paragraphs}
</article><footer>جميع الحقوق محفوظة</footer></body></html>
"""


def _as_saved_page(project: Path, text_source: Path, page: Path) -> None:
    """The article of a text source as the page a browser would have saved (another name, menus and all)."""
    article = clean_file(text_source, text_source.read_bytes(), load_config(project))
    paragraphs = "\n".join(f"<p>{html.escape(block.text)}</p>" for block in article.blocks)
    page.write_text(SAVED_PAGE.format(title=html.escape(article.title), paragraphs=paragraphs), encoding="utf-8")


def _said(project: Path, command: str) -> list[str]:
    previous = Path.cwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(cli, [command])
    finally:
        os.chdir(previous)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    # Each source named by its absolute path, as every file of the project is: P/ for the project's.
    return [
        line.replace(f"{project.resolve()}/", "P/")
        for line in result.output.splitlines()
        if "hold the same article" in line
    ]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = copy_default_project(tmp_path / "project")
    source = project / "source"
    (source / "000_again.txt").write_bytes((source / "000_bff552917bc11dca.txt").read_bytes())
    _as_saved_page(project, source / "001_7e7eb9076ff80330.txt", source / "001_saved.html")
    # One paragraph changed: another version of the article, not a second copy of it.
    edited = (source / "002_697928dbe68ab915.txt").read_text(encoding="utf-8").replace("بوتين", "الرئيس", 1)
    (source / "002_edited.txt").write_text(edited, encoding="utf-8")
    return project


EXPECTED = [
    "toolkit: warning: P/source/000_again.txt and P/source/000_bff552917bc11dca.txt hold the same article (its title "
    "and text); each is published as an article of its own: delete one",
    "toolkit: warning: P/source/001_7e7eb9076ff80330.txt and P/source/001_saved.html hold the same article (its title "
    "and text); each is published as an article of its own: delete one",
]


def test_publish_translate_and_status_name_sources_of_one_article_also_on_a_re_run_that_cleans_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _said(project, "publish") == EXPECTED
    assert _said(project, "status") == EXPECTED

    def no_cleaning(*arguments, **options):
        raise AssertionError("a re-run with nothing changed cleaned the sources again")

    monkeypatch.setattr(pipeline, "clean_stream", no_cleaning)
    assert _said(project, "publish") == EXPECTED
    assert _said(project, "translate") == EXPECTED


def test_a_third_copy_and_its_removal(project: Path) -> None:
    source = project / "source"
    (source / "000_third.txt").write_bytes((source / "000_again.txt").read_bytes())
    assert _said(project, "translate")[0] == (
        "toolkit: warning: P/source/000_again.txt, P/source/000_bff552917bc11dca.txt and P/source/000_third.txt hold "
        "the "
        "same article (its title and text); each is published as an article of its own: delete all but one"
    )
    for name in ("000_again.txt", "000_third.txt", "001_saved.html"):
        (source / name).unlink()
    assert _said(project, "publish") == []
    assert _said(project, "status") == []


def test_status_names_no_source_that_is_gone(project: Path) -> None:
    # 004's source was renamed from 004_old.txt, and a reviewed translation changed in its catalog since: the old
    # catalog has no successor and its page stays, which source_gone_warning says. status named 004_old.txt, a
    # file that is no more, as holding the same article as 004's source, to be deleted; publish never did.
    assert _said(project, "publish") == EXPECTED
    live = (project / "translations" / "004_2044ffbcf3d48fbd.po").read_text(encoding="utf-8")
    reviewed = 'msgstr "Finland is a traditional intermediary between Russia and the West."'
    assert reviewed in live
    old = live.replace("source/004_2044ffbcf3d48fbd.txt", "source/004_old.txt").replace(
        reviewed, 'msgstr "Finland has long stood between Russia and the West."'
    )
    (project / "translations" / "004_old.po").write_text(old, encoding="utf-8")
    assert _said(project, "publish") == EXPECTED
    assert _said(project, "status") == EXPECTED


def test_many_copies_of_one_article_are_counted_on_a_short_line_and_listed_by_status(project: Path) -> None:
    # 300 copies of one source made a warning of one line naming every one of them: 12 kB, unreadable on a
    # terminal and in CI's log alike. Now a count and the first few names; status lists every one.
    source = project / "source"
    text = (source / "000_again.txt").read_bytes()
    for number in range(40):
        (source / f"000_copy_{number:02}.txt").write_bytes(text)
    said = _said(project, "translate")
    copies = [line for line in said if "000_again.txt" in line]
    assert copies == [
        "toolkit: warning: 42 sources hold the same article (its title and text): P/source/000_again.txt, "
        "P/source/000_bff552917bc11dca.txt, P/source/000_copy_00.txt and 39 more (`toolkit status` lists them all); "
        "each is published as an article of its own: delete all but one"
    ], said
    previous = Path.cwd()
    os.chdir(project)
    try:
        status = CliRunner().invoke(cli, ["status"])
    finally:
        os.chdir(previous)
    lines = status.stderr.splitlines()
    start = next(index for index, line in enumerate(lines) if "42 sources hold the same article" in line)
    assert "and 39 more (each named below); each is published" in lines[start], lines[start]
    listed = [line.strip() for line in lines[start + 1 : start + 40]]
    assert listed == [f"{project.resolve()}/source/000_copy_{number:02}.txt" for number in range(1, 40)], lines
