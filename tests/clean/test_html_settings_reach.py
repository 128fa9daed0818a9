"""A project's [clean.html] and [clean.dates] overrides reach HTML mode, and a wrong one is reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_html_language import ARABIC

from toolkit.clean.pipeline import clean_corpus
from toolkit.config import load_config
from toolkit.errors import ConfigError

CAPTION = "صورة الوزير في المؤتمر"
PAGE = (
    "<html lang='ar'><head><title>مصر تسجل ثلاثين إصابة جديدة</title></head><body><article>"
    "<h1>مصر تسجل ثلاثين إصابة جديدة</h1>"
    f"<p>{ARABIC[0]}</p><div class='pic-note'><p>{CAPTION}</p></div><p>{ARABIC[1]}</p><p>{ARABIC[2]}</p>"
    "<div class='post-date'>نشر في 3 نوفمبر 1985</div>"
    "</article></body></html>"
)


def _clean(tmp_path: Path, toml: str):
    (tmp_path / "toolkit.toml").write_text(toml, encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    articles, errors = clean_corpus(load_config(tmp_path), [page])
    assert errors == []
    return articles[0]


def test_html_overrides_reach_the_html_reader(tmp_path: Path) -> None:
    packaged = _clean(tmp_path, 'source_language = "ar"\n')
    assert CAPTION in [block.text for block in packaged.blocks]
    # A project whose caption boxes are named "pic-note": the short block in one is a caption, not kept.
    project = _clean(tmp_path, 'source_language = "ar"\n[clean.html]\ncaption_box_tokens = ["pic-note"]\n')
    assert CAPTION not in [block.text for block in project.blocks]
    assert [removed.rule for removed in project.removed if removed.text == CAPTION] == ["caption"]


def test_date_overrides_reach_the_html_reader(tmp_path: Path) -> None:
    assert _clean(tmp_path, 'source_language = "ar"\n').date is None  # before [dates] min_year, 1990
    # An archive project that takes older dates.
    toml = 'source_language = "ar"\n[clean.dates]\nmin_year = 1980\n'
    article = _clean(tmp_path, toml)
    assert article.date == "1985-11-03"
    assert article.provenance["date"].startswith("date line after the headline")  # the HTML reader found it


@pytest.mark.parametrize(
    ("toml", "problem"),
    [
        ("[clean.html]\nmax_caption_chars = -3\n", "html.max_caption_chars"),
        ("[clean.html]\nextraction_focus = 'sideways'\n", "extraction_focus"),
        ("[clean.html]\nno_such_setting = 1\n", "no_such_setting"),
    ],
)
def test_a_wrong_html_setting_is_reported_against_toolkit_toml(tmp_path: Path, toml: str, problem: str) -> None:
    (tmp_path / "toolkit.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    with pytest.raises(ConfigError, match=problem) as caught:
        clean_corpus(load_config(tmp_path), [tmp_path / "page.html"])
    assert caught.value.path == tmp_path / "toolkit.toml"


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.mark.parametrize(
    ("token", "attribute"),
    [("author's", '"author\'s"'), ('say-"when"', "'say-\"when\"'"), ('it\'s-"x"', '"it\'s-&quot;x&quot;"')],
)
def test_a_class_token_holding_a_quote_is_looked_for_as_written(tmp_path: Path, token: str, attribute: str) -> None:
    # Tokens were written into the XPath between single quotes: "author's" ended every HTML page in an internal
    # error (XPathSyntaxError).
    page = PAGE.replace("class='post-date'", f"class={attribute}")
    toml = 'source_language = "ar"\n[clean.dates]\nmin_year = 1980\n[clean.html]\n'
    for name in ("date_box_tokens", "byline_name_tokens", "not_byline_box_tokens", "byline_box_tokens"):
        toml += f"{name} = [{_toml_string(token)}]\n"
    (tmp_path / "toolkit.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    articles, errors = clean_corpus(load_config(tmp_path), [tmp_path / "page.html"])
    assert errors == []
    assert articles[0].date == "1985-11-03", articles[0].provenance
