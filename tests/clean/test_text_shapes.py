"""A text that gives no article is named for what it is: boilerplate only when its lines are boilerplate."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.clean.pipeline import clean_file
from toolkit.config import load_config
from toolkit.errors import InputError

PROSE = (
    "قال مسؤولون إن المفاوضات بين الجانبين ستستأنف الأسبوع المقبل في العاصمة، بعد توقف دام شهرين بسبب الخلاف "
    "على جدول الأعمال والضمانات الأمنية المطلوبة."
)


def _page(body: str) -> bytes:
    head = '<html lang="ar"><head><meta charset="utf-8"><title>عنوان الخبر</title></head>'
    return f"{head}<body><article>{body}</article></body></html>".encode()


@pytest.fixture
def config(tmp_path: Path):
    (tmp_path / "toolkit.toml").write_text('source_language = "ar"\n', encoding="utf-8")
    (tmp_path / "source").mkdir()
    return load_config(tmp_path)


def _problem(config, name: str, data: bytes) -> str:
    with pytest.raises(InputError) as raised:
        clean_file(config.project_dir / "source" / name, data, config)
    return raised.value.message


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("letters.txt", "ب" * 300_000, "line 1 runs 300,000 characters without a space"),
        ("latin_letters.txt", "x" * 100_000 + "\n", "line 1 runs 100,000 characters without a space"),
        ("long_words.txt", " ".join(["ب" * 200] * 50), "line 1 runs 200 characters without a space"),
        ("base64.txt", "\n".join(["QUJD" * 40] * 30), "runs 160 characters without a space"),
        ("numbers.txt", "\n".join(str(n * 7919) for n in range(60)), "its 60 lines hold no words, only digits"),
        ("symbols.txt", "!!!! ---- ****\n" * 20, "its 20 lines hold no words"),
        ("links.txt", "\n".join(f"https://example.com/news/{n}" for n in range(40)), "40 lines with letters are web"),
        ("one_word.txt", "\n".join(["خبر"] * 50), "one word repeated 50 times ('خبر')"),
        ("one_word_line.txt", " ".join(["عاجل"] * 5000), "one word repeated 5,000 times ('عاجل')"),
        ("one_line.txt", "\n".join(["خبر عاجل"] * 30), "one line repeated 30 times ('خبر عاجل')"),
        (
            "run_on.txt",
            " ".join(f"كلمة{n}" for n in range(400)),
            "line 1 runs 400 words without a stop or comma",
        ),
        (
            "word_list.txt",
            "\n".join(PROSE.split()[:18]),
            "none of its 18 lines reads as a paragraph",
        ),
    ],
)
def test_text_of_an_odd_shape_is_named_for_it(config, name, text, said):
    problem = _problem(config, name, text.encode())
    assert said in problem
    assert problem.startswith("no article text found: ")
    assert "boilerplate" not in problem


def test_furniture_is_still_boilerplate(config):
    problem = _problem(config, "furniture.txt", "اعلان\n\nشارك هذا المقال\n\nCopyright 2021\n".encode())
    assert problem == "no article text found (all 3 lines were boilerplate)"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (PROSE, 1),  # a whole article on one line is prose
        ("\n\n".join([PROSE, "https://example.com/source/1", PROSE.replace("قال", "أكد")]), 2),
        ("\n\n".join(["عاجل", PROSE, PROSE.replace("الأسبوع", "الشهر")]), 2),
    ],
)
def test_prose_beside_the_shapes_is_kept(config, text, kept):
    article = clean_file(config.project_dir / "source" / "prose.txt", text.encode(), config)
    assert sum(block.kind in ("lead", "paragraph") for block in article.blocks) == kept


def test_page_of_links_is_not_said_to_be_in_the_latin_script(config):
    body = "".join(f"<p>https://example.com/news/{n}</p>" for n in range(30))
    problem = _problem(config, "links.html", _page(body))
    assert problem == (
        "no main content found in the page: its 30 blocks with letters are web addresses only, a list of links"
    )


def test_arabic_text_citing_links_is_arabic(config):
    links = "\n".join(f"https://www.example.com/english/long-path/article-{n}" for n in range(12))
    article = clean_file(config.project_dir / "source" / "cited.txt", f"{PROSE}\n\n{links}\n".encode(), config)
    assert article.blocks[0].text == PROSE


def test_chinese_text_has_no_over_long_words(config):
    problem = _problem(config, "zh.txt", ("俄罗斯和乌克兰的谈判将在下周恢复" * 20).encode())
    assert "Han script" in problem
    assert "without a space" not in problem


def test_text_saved_as_html_is_named(config):
    problem = _problem(config, "plain.html", ("ب" * 100_000).encode())
    assert problem == "no HTML markup in the page: it is plain text; name it .txt to clean it as text"
    assert "no HTML markup" in _problem(config, "prose.html", PROSE.encode())


# A paragraph of each shape that is no prose, at a paragraph's length or far beyond it.
NOT_PROSE = {
    "letters": "ب" * 1_000_000,
    "latin_letters": "x" * 5_000,
    "long_words": " ".join(["ب" * 200] * 50),
    "digits": " ".join(str(n * 7919) for n in range(3_000)),
    "digits_with_commas": ", ".join(str(n * 7919) for n in range(3_000)) + ".",
    "links": " ".join(f"https://example.com/news/{n}" for n in range(300)),
    "one_word": " ".join(["خبر"] * 5_000),
    "one_word_with_stops": "، ".join(["خبر"] * 5_000) + ".",
    "phrase": " ".join(["خبر عاجل الآن:"] * 100),
    "one_han_character": "好" * 500,
}
SECOND = PROSE.replace("قال مسؤولون", "أكد دبلوماسيون").replace("الأسبوع", "الشهر")


def _kept_and_removed(config, name: str, data: bytes) -> tuple[list[str], list[str]]:
    article = clean_file(config.project_dir / "source" / name, data, config)
    kept = [block.text for block in article.blocks if block.kind in ("lead", "paragraph", "heading")]
    return kept, [removed.text for removed in article.removed if removed.rule == "not_prose"]


@pytest.mark.parametrize("shape", sorted(NOT_PROSE))
def test_a_paragraph_that_is_no_prose_goes_and_the_article_stays(config, shape):
    odd = NOT_PROSE[shape]
    cases = {
        "page.html": _page(f"<p>{PROSE}</p><p>{odd}</p><p>{SECOND}</p>"),
        "page.txt": f"{PROSE}\n\n{odd}\n\n{SECOND}\n".encode(),
    }
    for name, data in cases.items():
        kept, removed = _kept_and_removed(config, name, data)
        assert kept == [PROSE, SECOND], name
        assert removed == [odd.strip()], name


def test_a_text_that_opens_with_a_paragraph_of_no_prose_keeps_its_headline_and_body(config):
    # Digits with commas are as long as paragraphs and have clauses: they must not become the body the headline
    # and the prose are measured against.
    odd = NOT_PROSE["digits_with_commas"]
    text = f"عنوان الخبر عن المفاوضات\n\n{odd}\n\n{PROSE}\n\n{SECOND}\n"
    article = clean_file(config.project_dir / "source" / "first.txt", text.encode(), config)
    assert article.title == "عنوان الخبر عن المفاوضات"
    assert [block.text for block in article.blocks] == [PROSE, SECOND]


@pytest.mark.parametrize("shape", ["letters", "digits", "links", "one_word"])
def test_a_page_whose_only_paragraph_is_no_prose_is_named_not_published(config, shape):
    problem = _problem(config, "only.html", _page(f"<p>{NOT_PROSE[shape]}</p>"))
    assert problem.startswith("no main content found in the page: ")
    assert "boilerplate" not in problem


def test_a_long_paragraph_of_a_dozen_words_is_prose(config):
    words = ["روسيا", "حلف", "الناتو", "الضمانات", "الأمنية", "الرئيس", "قال", "اليوم", "في", "بيان", "له", "إن"]
    long = " ".join(f"{' '.join(words[n % 12 :] + words[: n % 12])}." for n in range(200))
    kept, removed = _kept_and_removed(config, "long.html", _page(f"<p>{PROSE}</p><p>{long}</p><p>{SECOND}</p>"))
    assert kept == [PROSE, long, SECOND]
    assert removed == []


def test_short_lines_of_those_shapes_are_the_articles(config):
    # A table's row of figures, a line of code's numbers, a link under a picture: the extractor kept them, and
    # they are shorter than a paragraph (settings.toml [lines] not_prose_min_chars).
    rows = ["1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26", "$100,000 – $200,000"]
    body = "".join(f"<p>{row}</p>" for row in rows)
    kept, removed = _kept_and_removed(config, "table.html", _page(f"<p>{PROSE}</p>{body}<p>{SECOND}</p>"))
    assert kept == [PROSE, *rows, SECOND]
    assert removed == []


def test_the_length_judged_is_a_setting(tmp_path):
    (tmp_path / "toolkit.toml").write_text(
        'source_language = "ar"\n[clean.lines]\nnot_prose_min_chars = 100000\n', encoding="utf-8"
    )
    (tmp_path / "source").mkdir()
    config = load_config(tmp_path)
    odd = NOT_PROSE["digits"]
    kept, removed = _kept_and_removed(config, "page.html", _page(f"<p>{PROSE}</p><p>{odd}</p><p>{SECOND}</p>"))
    assert kept == [PROSE, odd, SECOND]
    assert removed == []
