"""No input makes the line rules fail: random lines, mixed scripts, digits, brackets, empty lines."""

from __future__ import annotations

from clean_helpers import clean
from examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st

PIECES = st.sampled_from(
    [
        "بوتين",
        "الناتو",
        "قال",
        "،",
        ".",
        ":",
        "؟",
        "(",
        ")",
        "-",
        "–",
        "|",
        "+",
        "©",
        "2022",
        "٠٣",
        "۱۲",
        "فبراير",
        "كانون الثاني",
        "اعلان",
        "شارك",
        "اقرأ أيضا",
        "المصدر:",
        "بقلم",
        "Copyright",
        "RT EN",
        "\u200f",
        "\u0640",
        "ـ",
        "...",
        "…",
        "中国",
        "。",
        "https://x.y/z",
        "(تستمر)",
        " ",
        "\t",
    ]
)
LINE = st.lists(PIECES, max_size=40).map(" ".join)
TEXT = st.lists(st.one_of(LINE, st.text(max_size=80)), max_size=30).map("\n".join)


@settings(max_examples=examples(300), deadline=None)
@given(TEXT, st.sampled_from(["ar", "zh", "en", "fa"]))
def test_any_text_gives_an_article_or_no_blocks(text, language):
    article = clean(text, source_language=language)
    numbers = [block.line for block in article.blocks] + [removed.line for removed in article.removed]
    assert len(numbers) == len(set(numbers)), "every line is decided once"
    assert article.date is None or len(article.date) == 10
