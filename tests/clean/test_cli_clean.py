"""`toolkit clean` end to end through click: each format, --explain on stderr, several files with a bad one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from shared_paths import SEEDS

from toolkit.cli import cli
from toolkit.commands.clean import article_markdown
from toolkit.errors import shown_path
from toolkit.model import Article, Block

SEED_NAMES = ["002_697928dbe68ab915.txt", "004_2044ffbcf3d48fbd.txt"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "toolkit.toml").write_text('source_language = "ar"\ntarget_language = "en"\n', encoding="utf-8")
    (tmp_path / "source").mkdir()
    for name in SEED_NAMES:
        shutil.copy(SEEDS / name, tmp_path / "source" / name)
    return tmp_path


def _run(project: Path, *args: str):
    return CliRunner().invoke(cli, ["-C", str(project), "clean", *args])


def test_text_format_is_title_then_blocks(project):
    result = _run(project, str(project / "source" / SEED_NAMES[1]))
    assert result.exit_code == 0, result.output
    parts = result.stdout.rstrip("\n").split("\n\n")
    assert parts[0] == 'بوتين يريد مفاوضات "فورية" مع حلف الأطلسي حول أمن روسيا'
    assert 'العقوبات على "فاغنر"' in parts
    assert "اعلان" not in parts
    assert result.stderr == ""


def test_text_of_several_files_heads_each_article_with_its_source(project):
    # Joined by a blank line alone, the next article's title read as one more paragraph of the last.
    result = _run(project)
    assert result.exit_code == 0, result.output
    headed = [line for line in result.stdout.splitlines() if line.startswith("==> ")]
    assert headed == [f"==> source/{name} <==" for name in SEED_NAMES]
    first = result.stdout.split("\n", 1)[1]
    assert first.startswith(_run(project, str(project / "source" / SEED_NAMES[0])).stdout)


def test_json_format_has_exactly_the_article_keys(project):
    result = _run(project, "--format", "json", str(project / "source" / SEED_NAMES[1]))
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"id", "source", "title", "date", "byline", "attribution", "blocks", "removed"}
    assert data["id"] == "004_2044ffbcf3d48fbd"
    assert data["source"] == "source/004_2044ffbcf3d48fbd.txt"
    assert data["byline"] == "يورونيوز"
    assert data["attribution"] == ["المصادر الإضافية • أ ف ب"]
    assert {"kind": "heading", "text": 'العقوبات على "فاغنر"'} in data["blocks"]
    assert all(set(block) == {"kind", "text"} for block in data["blocks"])
    assert {"line": 4, "text": "اعلان", "rule": "advertisement"} in data["removed"]
    article = Article.from_dict(data)
    assert article.to_dict()["blocks"][0]["kind"] == data["blocks"][0]["kind"]


def test_json_of_several_files_is_a_list(project):
    result = _run(project, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [item["id"] for item in data] == [Path(name).stem for name in SEED_NAMES]
    assert "cleaned 2 of 2 files" in result.stderr


def test_markdown_has_front_matter_and_headings(project):
    result = _run(project, "--format", "markdown", str(project / "source" / SEED_NAMES[1]))
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("---\ntitle: ")
    front = text.split("---\n")[1]
    for key in ("title:", "date: null", 'byline: "يورونيوز"', "attribution:", 'source: "source/004'):
        assert key in front
    assert '\n## العقوبات على "فاغنر"\n' in text
    assert "\n> دعا الرئيس" in text


def test_markdown_fences_a_code_block_beyond_the_backticks_it_holds():
    code = "x = `one`\n```\nnot a fence\n```"
    article = Article("a", "a.html", "Title", blocks=[Block("paragraph", "Text."), Block("code", code)])
    assert article_markdown(article).endswith(f"\n\nText.\n\n````\n{code}\n````\n")


def test_explain_lists_removed_lines_and_metadata_sources_on_stderr(project):
    plain = _run(project, str(project / "source" / SEED_NAMES[0]))
    result = _run(project, "--explain", str(project / "source" / SEED_NAMES[0]))
    assert result.exit_code == 0
    assert result.stdout == plain.stdout
    assert "line 29: removed by site_chrome: Source link" in result.stderr
    assert "line 25: removed by related_heading: المزيد عن هذا الموضوع" in result.stderr
    assert "title: " in result.stderr and "RT EN" in result.stderr
    assert "date: '2022-02-14' from line 3" in result.stderr


def test_explain_names_a_source_with_a_line_end_in_its_name_on_one_line(project, tmp_path):
    # The summary line printed the name raw: a newline in it split the line naming the file in two. The file is
    # named as it was given, as its errors name it.
    odd = tmp_path / "a\nb.txt"
    shutil.copy(SEEDS / SEED_NAMES[0], odd)
    result = _run(project, "--explain", str(odd))
    assert result.exit_code == 0
    first = result.stderr.split("\n")[0]
    assert first.startswith(f"{shown_path(odd)}: ") and "\\n" in first and "blocks kept" in first, result.stderr


def test_several_files_with_bad_ones(project):
    (project / "source" / "empty.txt").write_bytes(b"")
    (project / "source" / "binary.html").write_bytes(b"\x00\x01\x02\x03" * 100)
    (project / "source" / "furniture.txt").write_text("اعلان\n\nشارك هذا المقال\n\nCopyright 2021\n", encoding="utf-8")
    (project / "notes.pdf").write_bytes(b"%PDF-1.4")
    result = _run(
        project,
        *(str(project / "source" / name) for name in [*SEED_NAMES, "empty.txt", "binary.html", "furniture.txt"]),
        str(project / "notes.pdf"),
        str(project / "missing.txt"),
    )
    assert result.exit_code == 1
    assert "بوتين يريد مفاوضات" in result.stdout
    assert "هناك دائمًا فرصة" in result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("toolkit: ") and "cleaned" not in line]
    assert len(errors) == 5
    assert any("empty.txt: file is empty" in line for line in errors)
    assert any("binary.html: binary file" in line for line in errors)
    assert any("furniture.txt: no article text found (all 3 lines were boilerplate)" in line for line in errors)
    assert any("notes.pdf: unknown file type" in line for line in errors)
    assert any("missing.txt: no such file" in line for line in errors)
    assert "cleaned 2 of 7 files; 5 failed" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_one_bad_file_is_one_line_and_exit_1(project):
    (project / "source" / "empty.txt").write_bytes(b"")
    result = _run(project, str(project / "source" / "empty.txt"))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [f"toolkit: {project / 'source' / 'empty.txt'}: file is empty"]


def test_default_is_every_source_file(project):
    (project / "source" / "readme.md").write_text("not a source", encoding="utf-8")
    result = _run(project)
    assert result.exit_code == 0
    assert "cleaned 2 of 2 files" in result.stderr


def test_help_names_inputs_outputs_and_exit_codes():
    result = CliRunner().invoke(cli, ["clean", "--help"])
    assert result.exit_code == 0
    assert "source/" in result.output and "stdout" in result.output and "Exit codes" in result.output


def test_an_empty_source_folder_is_an_error(tmp_path):
    (tmp_path / "source").mkdir()
    result = _run(tmp_path)
    assert result.exit_code == 1
    assert "no source files (.txt, .html, .htm, .mhtml, ...) to clean" in result.stderr
