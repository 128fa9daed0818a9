"""Text that is already clean loses (almost) nothing: at least 98% of its words are kept."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from clean_helpers import clean
from shared_paths import SEEDS

GOLD_FILES = sorted((SEEDS / "gold").glob("*.json"))
KEPT_LABELS = ("title", "body", "heading", "lead")


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text))


def _kept_share(text: str, source_language: str = "ar") -> float:
    article = clean(text, source_language)
    kept = _words("\n".join([article.title, *(block.text for block in article.blocks)]))
    wanted = _words(text)
    return sum((kept & wanted).values()) / sum(wanted.values())


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda path: path.stem)
def test_gold_text_as_a_plain_file_keeps_its_words(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    lines = [line["text"] for line in gold["lines"] if line["label"] in KEPT_LABELS]
    assert _kept_share("\n\n".join(lines)) >= 0.98


def test_all_seed_bodies_in_one_file_without_blank_lines():
    texts = []
    for gold_path in GOLD_FILES:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        texts += [line["text"] for line in gold["lines"] if line["label"] in ("body", "lead")]
    assert _kept_share("\n".join(texts)) >= 0.98


def test_body_without_a_headline_is_kept_and_warned_about():
    text = (
        "قال المتحدث باسم الوزارة إن الاجتماع سيعقد الأسبوع المقبل في العاصمة لبحث الملفات العالقة بين الجانبين.\n"
        "وأضاف أن الوفدين سيناقشان أيضا سبل تعزيز التعاون الاقتصادي والتجاري خلال السنوات المقبلة.\n"
    )
    article = clean(text)
    assert len(article.blocks) == 2
    assert "no headline found" in article.warnings


def test_short_lines_and_lists_inside_a_clean_article_are_kept():
    text = "\n".join(
        [
            "خطة الحكومة لدعم المزارعين",
            "أعلنت الحكومة اليوم عن خطة جديدة لدعم المزارعين في المحافظات الجنوبية، تشمل قروضا ميسرة.",
            "وتشمل الخطة:",
            "قروضا بلا فوائد",
            "بذورا محسنة",
            "إعفاءات ضريبية",
            "وقال الوزير إن تنفيذ الخطة سيبدأ في مطلع الشهر المقبل بعد استكمال الإجراءات الإدارية.",
        ]
    )
    assert _kept_share(text) == 1.0


def test_a_long_article_broken_by_lists_and_code_keeps_its_sections():
    section = [
        "The first section explains how the archive was moved from the old servers to the new ones over a summer.",
        "Every page was checked by hand against the printed edition before it was published again on the site.",
    ]
    breaks = [
        "Steps",
        "export the pages",
        "check each page",
        "import the pages",
        "fix the links",
        "publish",
        "rebuild the index",
        "tell the readers",
        "archive the old servers",
        "Results",
    ]
    later = [
        "The second section reports what the readers said about the new archive in the weeks after it opened.",
        "Most of them found the search faster, and many wrote in to say they had found pages they had lost.",
        "A few asked for the old layout back, and the team added a setting that shows the pages as they were.",
    ]
    text = "\n\n".join([*section, *breaks, *later])
    assert _kept_share(text, "en") >= 0.98
