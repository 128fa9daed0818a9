"""Catalog -> page data: states, kinds, counts, order, and article ids made into safe file names."""

from __future__ import annotations

import unicodedata

import polib
import pytest
from site_projects import BlockSpec, catalog_text

from toolkit.catalog.entries import StateCounts
from toolkit.site.pages import article_page, article_slug, block_ids


def _page(blocks: list[BlockSpec], **header: str):
    return article_page(polib.pofile(catalog_text("a1", ("عنوان", "Title"), blocks, **header)), "fallback", "ar", "en")


def test_states_kinds_and_progress_come_from_the_entries() -> None:
    page = _page(
        [
            BlockSpec("b-1", "عنوان", "Heading", "reviewed", "heading"),
            BlockSpec("b-2", "فقرة", "Draft", "draft"),
            BlockSpec("b-3", "فقرة أخرى", "", "untranslated"),
            BlockSpec("b-4", "تعليق", "Caption", "reviewed", "caption"),
        ]
    )
    assert [(pair.block_id, pair.kind, pair.state) for pair in page.pairs] == [
        ("b-1", "heading", "reviewed"),
        ("b-2", "paragraph", "draft"),
        ("b-3", "paragraph", "untranslated"),
        ("b-4", "caption", "reviewed"),
    ]
    assert page.summary.progress == StateCounts(reviewed=3, drafts=1, untranslated=1)  # the title counts
    assert (page.summary.title_source, page.summary.title_target) == ("عنوان", "Title")
    assert page.summary.summary_target == "Draft"  # the first translated block that is not a heading


def test_obsolete_entries_are_not_shown() -> None:
    catalog = polib.pofile(catalog_text("a1", ("عنوان", "Title"), [BlockSpec("b-1", "فقرة", "Text")]))
    catalog.append(polib.POEntry(msgctxt="b-old", msgid="قديم", msgstr="Old", obsolete=True))
    assert [pair.block_id for pair in article_page(catalog, "a1", "ar", "en").pairs] == ["b-1"]


def test_header_metadata_and_languages() -> None:
    page = _page([], byline="بقلم فلان", attribution="AFP | رويترز", date="2022-02-01", outlet="وطن")
    assert page.byline == "بقلم فلان"
    assert page.attribution == ("AFP", "رويترز")
    assert (page.summary.date, page.summary.outlet) == ("2022-02-01", "وطن")
    assert (page.source_language, page.target_language) == ("ar", "en")


@pytest.mark.parametrize(
    "article_id",
    ["../../etc/passwd", "a/b\\c", "..", ".", "", "x\x00y\x1f", "مقال/عن..الناتو", "a" * 400, "con:aux*?<>|"],
)
def test_slugs_are_safe_file_names(article_id: str) -> None:
    slug = article_slug(article_id)
    assert slug and "/" not in slug and "\\" not in slug and ".." not in slug
    assert not any(ord(character) < 32 for character in slug)
    assert not slug.startswith(".")
    assert len(f"{slug}.html".encode()) < 255


def test_readable_ids_stay_as_they_are_and_changed_ids_never_collide() -> None:
    assert article_slug("000_bff552917bc11dca") == "000_bff552917bc11dca"
    assert article_slug("مقال_الناتو") == "مقال_الناتو"
    assert article_slug("a/b") != article_slug("a-b")
    assert article_slug("a/b").startswith("a-b-")
    composed, decomposed = "أخبار_café", unicodedata.normalize("NFD", "أخبار_café")
    assert composed != decomposed and article_slug(composed) == composed
    assert article_slug(decomposed) != composed and article_slug(decomposed).startswith(composed + "-")


@pytest.mark.parametrize("article_id", ["CON", "nul", "Aux.v2", "COM1", "lpt9", "COM¹", "prn..x"])
def test_a_windows_device_name_gets_a_slug_windows_can_hold(article_id: str) -> None:
    # A source named CON.txt published site/articles/CON.html: the console to Windows, whatever its case or
    # suffix, so a site or a repository holding it cannot be copied or checked out there.
    slug = article_slug(article_id)
    base = slug.split(".")[0].upper()
    assert base not in {"CON", "PRN", "AUX", "NUL"}
    assert not (base[:3] in ("COM", "LPT") and len(base) == 4), slug
    assert slug.lower().startswith(article_id.lower().split(".")[0])


def test_a_name_that_only_begins_as_a_device_name_stays_as_it_is() -> None:
    assert [article_slug(name) for name in ("console", "nullable", "COM10", "aux_news")] == [
        "console",
        "nullable",
        "COM10",
        "aux_news",
    ]


def test_pair_ids_are_the_block_ids_made_unique_and_blank_free() -> None:
    assert block_ids(["b-1", "b-2"]) == ["b-1", "b-2"]
    assert block_ids(["b-1", "b-1", "b 3", ""]) == ["b-1", "b-1-2", "b-3", "block"]


@pytest.mark.parametrize(
    ("declared", "expected"), [("ar_EG", "ar"), ("AR-eg", "ar"), ("", "fa"), ("123", "fa"), ("عربي", "fa")]
)
def test_header_language_tags_give_their_primary_language_or_the_configured_one(declared: str, expected: str) -> None:
    catalog = polib.pofile(catalog_text("a1", ("عنوان", "Title"), []))
    catalog.metadata["X-Source-Language"] = declared
    assert article_page(catalog, "a1", "fa", "en").source_language == expected


def test_only_untouched_engine_output_is_a_machine_draft() -> None:
    catalog = polib.pofile(
        catalog_text(
            "a1",
            ("عنوان", "Title"),
            [
                BlockSpec("b-1", "فقرة", "Engine output", "draft"),
                BlockSpec("b-2", "فقرة ثانية", "Carried over after a source edit", "needs-review"),
                BlockSpec("b-3", "فقرة ثالثة", "Edited by hand", "draft"),
                BlockSpec("b-4", "فقرة رابعة", "Reused", "needs-review"),
                BlockSpec("b-5", "فقرة خامسة", "Checked", "reviewed"),
                BlockSpec("b-6", "فقرة سادسة", "", "untranslated"),
            ],
            title_state="draft",
        )
    )
    by_context = {entry.msgctxt: entry for entry in catalog}
    by_context["b-3"].msgstr = "Edited by a translator, flag left on"  # no longer the hashed engine output
    by_context["b-4"].comment += "\ntm: from other-article b-12345678"
    page = article_page(catalog, "a1", "ar", "en")
    assert [pair.state for pair in page.pairs] == [
        "draft",
        "needs-review",
        "needs-review",
        "needs-review",
        "reviewed",
        "untranslated",
    ]
    assert page.summary.title_state == "draft"
    assert page.summary.progress == StateCounts(reviewed=1, drafts=2, untranslated=1, needs_review=3)
