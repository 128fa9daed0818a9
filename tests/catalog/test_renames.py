"""The one rule by which translate and build tell a renamed (and perhaps retitled) article from another."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import astuple
from pathlib import Path

import polib
import pytest

from toolkit.catalog import renames
from toolkit.catalog.entries import former_titles
from toolkit.catalog.renames import (
    COPIED,
    RETITLED,
    SAME_TITLE,
    ArticleText,
    SuccessionKeys,
    SuccessionText,
    Successor,
    catalog_text,
    find_successors,
    is_same_article,
    same_article_evidence,
    source_gone_warning,
    succession,
)
from toolkit.site.manifest import summary_of
from toolkit.site.pages import article_page, summary_markers

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


def _succeeds(new: polib.POFile, old: polib.POFile) -> tuple[str, bool] | None:
    return succession(SuccessionText.of(new), SuccessionText.of(old))


def test_a_retitled_successor_must_hold_every_reviewed_translation_of_the_old_catalog() -> None:
    reviewed = {"العنوان": "The title", BLOCKS[0]: "Paragraph zero"}
    old = _catalog("العنوان", BLOCKS, reviewed)
    new = _catalog("عنوان آخر", BLOCKS, {BLOCKS[0]: "Paragraph zero"})
    assert (catalog_text(new).title, catalog_text(new).blocks) == ("عنوان آخر", BLOCKS)
    assert _succeeds(new, old) is None, "the old title's reviewed translation is not in the new catalog"
    new.append(polib.POEntry(msgctxt="title", msgid="العنوان", msgstr="The title", obsolete=True))
    assert _succeeds(new, old) == (RETITLED, True)
    other = _catalog("عنوان ثالث", BLOCKS[:3], {**reviewed, BLOCKS[0]: "Paragraph zero"})
    other.append(polib.POEntry(msgctxt="title", msgid="العنوان", msgstr="The title", obsolete=True))
    assert _succeeds(other, old) is None, "an excerpt that holds the reviewed entries is still another article"


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


# A catalog copied by hand to the new name: its old title deleted, so no merge left a trace of it

PARAGRAPHS = tuple(
    f"الفقرة رقم {number} من الخبر عن اجتماع وزراء الخارجية في العاصمة حول الأمن الأوروبي." for number in range(6)
)
BOILERPLATE = ("المصدر: موقع الكرملين", "تابعونا على تويتر", "جميع الحقوق محفوظة")


def _translated(blocks: tuple[str, ...]) -> dict[str, str]:
    return {block: f"Reviewed: {block[-12:]}" for block in blocks}


def test_a_catalog_copied_by_hand_to_the_new_name_succeeds_the_old_one_without_its_old_title() -> None:
    old = _catalog("العنوان القديم", PARAGRAPHS, {"العنوان القديم": "The old title", **_translated(PARAGRAPHS)})
    copy = _catalog("عنوان جديد تماما", PARAGRAPHS, _translated(PARAGRAPHS))
    assert _succeeds(copy, old) == (COPIED, False)
    assert is_same_article(ArticleText(*astuple(catalog_text(copy))[:2]), catalog_text(old)), "the text alone too"
    # Paragraphs edited after the copy: the merge kept their reviewed translations against the old text.
    edited = _catalog("عنوان جديد تماما", tuple(f"{block} (محدث)" for block in PARAGRAPHS), {})
    for entry, block in zip(list(edited)[1:], PARAGRAPHS, strict=True):
        entry.msgstr, entry.previous_msgid, entry.flags = _translated(PARAGRAPHS)[block], block, ["fuzzy"]
    assert same_article_evidence(catalog_text(edited), catalog_text(old)) == COPIED
    assert _succeeds(edited, old) == (COPIED, False)


def test_a_copy_that_lost_a_reviewed_paragraph_or_changed_its_translation_does_not_succeed() -> None:
    reviewed = {"العنوان القديم": "The old title", **_translated(PARAGRAPHS)}
    old = _catalog("العنوان القديم", PARAGRAPHS, reviewed)
    retranslated = _catalog("عنوان جديد", PARAGRAPHS, {**_translated(PARAGRAPHS), PARAGRAPHS[2]: "Another text"})
    assert _succeeds(retranslated, old) is None, "the old catalog's reviewed paragraph is on no other page"


def test_two_articles_sharing_reviewed_boilerplate_lines_are_two_articles() -> None:
    ours = tuple(f"خبرنا: {block}" for block in PARAGRAPHS[:4])
    theirs = tuple(f"خبر آخر عن موضوع مختلف تماما، الفقرة {number} منه." for number in range(4))
    old = _catalog("العنوان", (*BOILERPLATE, *ours), {"العنوان": "The title", **_translated((*BOILERPLATE, *ours))})
    other = _catalog("عنوان آخر", (*BOILERPLATE, *theirs), _translated((*BOILERPLATE, *theirs)))
    assert not is_same_article(catalog_text(other), catalog_text(old))
    assert _succeeds(other, old) is None
    # The old article's own paragraphs still machine drafts: all it has reviewed is the boilerplate.
    drafted = _catalog("العنوان", (*BOILERPLATE, *ours), _translated(BOILERPLATE))
    assert not is_same_article(catalog_text(other), catalog_text(drafted))


def test_an_article_quoting_the_old_one_whole_with_its_translations_is_another_article() -> None:
    old = _catalog("العنوان", PARAGRAPHS[:3], {"العنوان": "The title", **_translated(PARAGRAPHS[:3])})
    longer = (*PARAGRAPHS[:3], *(f"تحليل مطول للخبر، الجزء {number}، مع آراء الخبراء." * 2 for number in range(4)))
    quoting = _catalog("تحليل: ماذا يعني الاجتماع", longer, _translated(longer))
    assert not is_same_article(catalog_text(quoting), catalog_text(old))


def test_two_articles_of_one_title_sharing_only_boilerplate_are_two_articles() -> None:
    """A recurring title (a daily briefing, a press statement): the old article's source removed, its page
    must not give way to another article that only shares its title and its reviewed boilerplate lines."""
    ours = tuple(f"خبرنا: {block}" for block in PARAGRAPHS[:4])
    theirs = tuple(f"خبر آخر عن موضوع مختلف تماما، الفقرة {number} منه." for number in range(4))
    old = _catalog("بيان صحفي", (*BOILERPLATE, *ours), _translated(BOILERPLATE))
    other = _catalog("بيان صحفي", (*BOILERPLATE, *theirs), _translated(BOILERPLATE))
    assert not is_same_article(catalog_text(other), catalog_text(old))
    assert _succeeds(other, old) is None
    untranslated = _catalog("بيان صحفي", ours, {})
    assert _succeeds(_catalog("بيان صحفي", theirs, {}), untranslated) is None


def test_a_catalog_holding_the_old_text_only_as_obsolete_entries_is_another_article() -> None:
    """A source file reused for another article: its catalog keeps the old text obsolete, reviewed
    translations and all, but its page shows the new article; the old catalog's page must stay."""
    old = _catalog("العنوان القديم", PARAGRAPHS, {"العنوان القديم": "The old title", **_translated(PARAGRAPHS)})
    other = ("مقال آخر قصير عن موضوع مختلف.", "وفقرة ثانية منه.", "وفقرة ثالثة.")
    reused = _catalog("عنوان جديد", other, {})
    for number, block in enumerate(PARAGRAPHS):
        reused.append(
            polib.POEntry(msgctxt=f"o{number}", msgid=block, msgstr=_translated(PARAGRAPHS)[block], obsolete=True)
        )
    assert same_article_evidence(catalog_text(reused), catalog_text(old)) is None
    assert _succeeds(reused, old) is None


@pytest.mark.parametrize(("old_form", "new_form"), [("NFD", "NFC"), ("NFC", "NFD")])
def test_a_renamed_catalog_of_the_same_name_otherwise_encoded_has_each_name_s_form_told(
    old_form: str, new_form: str
) -> None:
    # Old NFC and new NFD (the source copied through macOS) was told "its accents encoded as Unicode NFC, as
    # copies through macOS write it": the wrong form named as macOS's.
    old, new = (Path("translations") / unicodedata.normalize(form, "café.po") for form in (old_form, new_form))
    forms = {
        "NFD": "Unicode NFD (decomposed, as copies through macOS write them)",
        "NFC": "Unicode NFC (composed)",
    }
    told = f"its name is the same one with its accents encoded as {forms[old_form]}, {new.name}'s as {forms[new_form]}"
    assert told in source_gone_warning(str(old), Successor(str(new), SAME_TITLE))


class _EveryCatalogMarked:
    """Marks as a possible successor every catalog (many share a date or a boilerplate line's translation)."""

    def known(self, name: str, keys: SuccessionKeys) -> bool | None:
        return None

    def of(self, name: str, catalog: polib.POFile, keys: SuccessionKeys) -> bool:
        return True


def test_successors_are_found_with_each_catalog_s_text_made_once_and_only_catalogs_sharing_text_compared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many renamed sources before any build: every old catalog was compared with every marked catalog and both
    their texts made again for each comparison (357,400 of them at 2,000 catalogs, 200 renamed: 90 s of status).
    Only catalogs that share a text with an old one can hold it (the same title, common blocks, a common
    reviewed pair), and each catalog's text is made once."""

    def article(number: int) -> tuple[str, tuple[str, ...]]:
        return f"عنوان الخبر {number}", tuple(f"الفقرة {place} من الخبر {number}" for place in range(4))

    olds = {f"old_{number:02d}.po": _catalog(*article(number), {}) for number in range(40)}
    for number in range(40):
        renamed = number < 3
        _catalog(*article(number if renamed else 100 + number), {}).save(str(tmp_path / f"new_{number:02d}.po"))
    texts_made, comparisons = [], []
    monkeypatch.setattr(renames, "catalog_text", lambda catalog: texts_made.append(1) or catalog_text(catalog))
    compare = renames.same_article_evidence
    monkeypatch.setattr(renames, "same_article_evidence", lambda new, old: comparisons.append(1) or compare(new, old))
    found = find_successors(
        tmp_path, "en", olds, sorted(path.name for path in tmp_path.iterdir()), _EveryCatalogMarked()
    )
    assert {name: successor.catalog for name, successor in found.items() if successor is not None} == {
        f"old_{number:02d}.po": str(tmp_path / f"new_{number:02d}.po") for number in range(3)
    }
    assert len(texts_made) == 80, "each catalog's text is made once"
    assert len(comparisons) == 3, "only the catalogs that share a text with an old one are compared with it"


def test_a_summary_s_markers_are_made_without_the_page_rendering_only_the_block_they_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What tells a possible successor (title, former titles, date, first translation) is the build's summary's,
    made without rendering every translation of the catalog as its page does (status and check made the page of
    every catalog that might succeed one whose source is gone)."""
    from toolkit.site import render

    catalog = _catalog("العنوان", PARAGRAPHS, {"العنوان": "The *title*", **_translated(PARAGRAPHS[1:])})
    catalog.metadata = {"X-Article-Date": " 2024-03-01 "}
    catalog[0].previous_msgid = "العنوان الأول"
    catalog[1].comment = "kind: heading"
    catalog[1].msgstr = "A [heading](https://example.org)"
    catalog[2].msgstr = "<b> </b>"  # rendered to nothing: not the summary's first translation
    page = article_page(catalog, "a", "ar", "en")
    assert page.summary.summary_target == _translated(PARAGRAPHS)[PARAGRAPHS[3]]
    rendered = []
    shown_words = render.shown_words  # what tells a translation that shows nothing (pages._shown), since 1833bb4
    monkeypatch.setattr(render, "shown_words", lambda text: rendered.append(text) or shown_words(text))
    assert summary_markers(catalog, "a") == page.summary.markers
    assert rendered == ["<b> </b>", _translated(PARAGRAPHS)[PARAGRAPHS[3]]]
    for other in (_catalog("العنوان", PARAGRAPHS, {}), polib.POFile(), _catalog("", (), {"": "x"})):
        assert summary_markers(other, "b") == article_page(other, "b", "ar", "en").summary.markers


HAND_MADE = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    'msgctxt "title"\nmsgid "عنوان"\nmsgstr "A title"\n'
)


def test_catalogs_made_by_hand_beside_an_empty_source_folder_are_not_parsed_to_tell_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each command asked every catalog of such a project whether a source made it by parsing it whole (2.3 s of
    CPU at 2,000 catalogs); only one whose bytes name the header field is parsed."""
    source, translations = tmp_path / "source", tmp_path / "translations"
    source.mkdir()
    translations.mkdir()
    for number in range(3):
        (translations / f"{number}.po").write_text(HAND_MADE, encoding="utf-8")
    parsed: list[Path] = []
    read = renames.read_catalog
    monkeypatch.setattr(
        renames, "read_catalog", lambda path, keep_layout: parsed.append(path) or read(path, keep_layout)
    )
    assert renames.emptied_source_error(source, translations, None) is None
    assert parsed == []
    made = HAND_MADE.replace('"Content-Type', '"X-Article-Source: a.txt\\n"\n"Content-Type')
    (translations / "3.po").write_text(made, encoding="utf-8")
    assert renames.emptied_source_error(source, translations, None) is not None
    assert [path.name for path in parsed] == ["3.po"]
