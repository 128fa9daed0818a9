"""Files to Articles: which files are sources, ids and paths, corpus evidence, one bad file among good ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from shared_paths import SEEDS

from toolkit.clean.pipeline import clean_corpus, clean_file
from toolkit.clean.settings import load_settings
from toolkit.clean.sources import article_id, source_files
from toolkit.config import load_config
from toolkit.errors import ConfigError, InputError

SEED = "004_2044ffbcf3d48fbd.txt"


def _project(tmp_path: Path, toml: str = "") -> Path:
    (tmp_path / "toolkit.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "source").mkdir()
    return tmp_path


def test_source_files_are_the_known_types_sorted(tmp_path):
    project = _project(tmp_path)
    for name in ("b.txt", "a.html", "c.htm", "notes.md", "image.png", "D.TXT"):
        (project / "source" / name).write_text("x", encoding="utf-8")
    (project / "source" / "folder.txt").mkdir()
    assert [path.name for path in source_files(load_config(project))] == ["D.TXT", "a.html", "b.txt", "c.htm"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("004_2044ffbcf3d48fbd.txt", "004_2044ffbcf3d48fbd"),
        ("خبر عاجل.txt", "خبر عاجل"),
        ("a:b*c?.html", "a_b_c_"),
        ("tab\there.txt", "tab_here"),
        ("...txt", "article"),
    ],
)
def test_article_id_is_the_stem_made_safe(name, expected):
    assert article_id(Path(name)) == expected


def test_source_inside_the_project_is_relative(tmp_path):
    project = _project(tmp_path)
    shutil.copy(SEEDS / SEED, project / "source" / SEED)
    path = project / "source" / SEED
    article = clean_file(path, path.read_bytes(), load_config(project))
    assert article.source == f"source/{SEED}"
    assert article.id == Path(SEED).stem
    outside = clean_file(SEEDS / SEED, (SEEDS / SEED).read_bytes(), load_config(project))
    assert outside.source == str(SEEDS / SEED)


def test_unknown_type_named_explicitly_is_an_error(tmp_path):
    project = _project(tmp_path)
    with pytest.raises(InputError, match=r"unknown file type '\.pdf'"):
        clean_file(project / "a.pdf", b"%PDF", load_config(project))


def test_one_bad_file_never_stops_the_others(tmp_path):
    project = _project(tmp_path)
    shutil.copy(SEEDS / SEED, project / "source" / SEED)
    (project / "source" / "zz_empty.txt").write_bytes(b"")
    (project / "source" / "aa_boilerplate.txt").write_text("اعلان\nشارك هذا المقال\n", encoding="utf-8")
    articles, errors = clean_corpus(load_config(project))
    assert [article.id for article in articles] == [Path(SEED).stem]
    messages = sorted(str(error) for error in errors)
    assert len(messages) == 2
    assert "no article text found (all 2 lines were boilerplate)" in messages[0]
    assert "file is empty" in messages[1]


def test_html_page_without_main_content_says_so(tmp_path):
    project = _project(tmp_path)
    data = "<html><head><title>عنوان الصفحة</title></head><body><nav>الرئيسية</nav></body></html>".encode()
    with pytest.raises(InputError, match="no main content found in the page"):
        clean_file(project / "source" / "empty.html", data, load_config(project))


def test_default_corpus_is_the_projects_seeds():
    repo = Path(__file__).resolve().parents[2]
    articles, errors = clean_corpus(load_config(repo))
    assert errors == []
    assert len(articles) == 5
    assert all(article.blocks and article.title for article in articles)


def test_project_overrides_a_threshold(tmp_path):
    project = _project(tmp_path, "[clean.lines]\nheading_max_words = 1\n")
    settings = load_settings(load_config(project).extra["clean"])
    assert settings.lines.heading_max_words == 1
    assert settings.lines.anchor_min_words == load_settings().lines.anchor_min_words


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ({"lines": {"no_such_threshold": 3}}, "unknown cleaner setting"),
        ({"lines": {"heading_max_words": "many"}}, "whole number"),
        ({"words": {"share": "شارك"}}, "list of words"),
        ({"scripts": {"ar": ["0600-06FF"]}}, "unknown cleaner setting"),
    ],
)
def test_bad_overrides_are_config_errors(table, problem):
    with pytest.raises(ConfigError, match=problem):
        load_settings(table)
