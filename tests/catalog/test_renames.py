"""The one rule by which translate and build tell a renamed (and perhaps retitled) article from another."""

from __future__ import annotations

import json

import polib
import pytest

from toolkit.catalog.entries import former_titles
from toolkit.catalog.renames import ArticleText, catalog_text, is_same_article, succeeds
from toolkit.site.manifest import summary_of
from toolkit.site.pages import article_page

BLOCKS = tuple(f"الفقرة رقم {number} من الخبر" for number in range(10))


@pytest.mark.parametrize(
    ("new", "same"),
    [
        (ArticleText("العنوان", BLOCKS), True),
        (ArticleText("العنوان", BLOCKS[:5] + tuple(f"جديدة {n}" for n in range(5))), True),
        (ArticleText("العنوان", BLOCKS[:4] + tuple(f"جديدة {n}" for n in range(6))), False),
        (ArticleText("عنوان آخر", BLOCKS), True),
        (ArticleText("عنوان آخر", (*BLOCKS[:8], "جديدة")), True),
        (ArticleText("عنوان آخر", BLOCKS[:7] + tuple(f"جديدة {n}" for n in range(3))), False),
        (ArticleText("عنوان آخر", BLOCKS[:3]), False),  # an excerpt: most of the old text is not in it
        (ArticleText("عنوان آخر", BLOCKS[:2]), False),
        (ArticleText(None, BLOCKS), False),
    ],
)
def test_same_article_by_title_and_text(new: ArticleText, same: bool) -> None:
    assert is_same_article(new, ArticleText("العنوان", BLOCKS)) is same


def test_two_short_articles_sharing_their_few_paragraphs_are_not_one_when_retitled() -> None:
    old = ArticleText("العنوان", BLOCKS[:2])
    assert not is_same_article(ArticleText("عنوان آخر", BLOCKS[:2]), old)
    assert is_same_article(ArticleText("العنوان", BLOCKS[:2]), old)


def _catalog(title: str, blocks: tuple[str, ...], reviewed: dict[str, str]) -> polib.POFile:
    catalog = polib.POFile()
    catalog.append(polib.POEntry(msgctxt="title", msgid=title, msgstr=reviewed.get(title, "")))
    for number, block in enumerate(blocks):
        catalog.append(polib.POEntry(msgctxt=f"p{number}", msgid=block, msgstr=reviewed.get(block, "")))
    return catalog


def test_a_retitled_successor_must_hold_every_reviewed_translation_of_the_old_catalog() -> None:
    reviewed = {"العنوان": "The title", BLOCKS[0]: "Paragraph zero"}
    old = _catalog("العنوان", BLOCKS, reviewed)
    new = _catalog("عنوان آخر", BLOCKS, {BLOCKS[0]: "Paragraph zero"})
    assert catalog_text(new) == ArticleText("عنوان آخر", BLOCKS)
    assert not succeeds(new, old), "the old title's reviewed translation is not in the new catalog"
    new.append(polib.POEntry(msgctxt="title", msgid="العنوان", msgstr="The title", obsolete=True))
    assert succeeds(new, old)
    other = _catalog("عنوان ثالث", BLOCKS[:3], {**reviewed, BLOCKS[0]: "Paragraph zero"})
    other.append(polib.POEntry(msgctxt="title", msgid="العنوان", msgstr="The title", obsolete=True))
    assert not succeeds(other, old), "an excerpt that holds the reviewed entries is still another article"


def test_former_titles_are_what_a_merge_leaves_of_earlier_titles_and_reach_the_build_manifest() -> None:
    catalog = _catalog("عنوان آخر", BLOCKS[:3], {})
    catalog[0].previous_msgid = "العنوان الأول"
    catalog.append(polib.POEntry(msgctxt="title", msgid="العنوان", msgstr="The title", obsolete=True))
    catalog.append(polib.POEntry(msgctxt="p9", msgid="فقرة قديمة", msgstr="", obsolete=True))
    assert former_titles(catalog) == ("العنوان الأول", "العنوان")
    summary = article_page(catalog, "a", "ar", "en").summary
    assert summary.former_titles == ("العنوان الأول", "العنوان")
    assert summary_of(json.dumps(summary.to_dict())) == summary
    plain = article_page(_catalog("العنوان", BLOCKS[:3], {}), "b", "ar", "en").summary
    assert "former_titles" not in plain.to_dict() and summary_of(json.dumps(plain.to_dict())) == plain
