"""A catalog copied by hand to a renamed source's name is found by build whatever its first translated block:
the copy was looked for only through it (its feed summary), so a copy whose new source gained a first
paragraph left the old page on the site beside it. The evidence stays most of the old reviewed text: an
article new to the site that shares a few reviewed paragraphs with the orphan does not take its place."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from abuse_projects import copy_default_project
from test_nothing_left_out import (
    _copy,
    _copy_by_hand,
    _invoke,
    _kept_in,
    _naming,
    _pages,
    _redate,
    _retitle,
    _reviewed,
    _warnings,
)

from toolkit.catalog.entries import is_reviewed


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed project published once; the tests work on copies."""
    project = copy_default_project(tmp_path_factory.mktemp("published") / "p")
    assert _invoke(project, "publish").exit_code in (0, 3)
    return project

ADDED = "تنويه من المحرر: نشر هذا الخبر أول مرة في عدد سابق وأعيد نشره بعد تحديث عنوانه."


def test_a_hand_copy_whose_source_gained_a_first_paragraph_succeeds_the_old_catalog(
    published: Path, tmp_path: Path
) -> None:
    project = _copy(published, tmp_path)
    _redate(project, None)
    assert _invoke(project, "publish").exit_code in (0, 3)
    old, new = _retitle(project)
    _copy_by_hand(old, new)
    source = project / "source" / "002_retitled.txt"
    title, *paragraphs = source.read_text(encoding="utf-8").split("\n\n")
    source.write_text("\n\n".join([title, ADDED, *paragraphs]), encoding="utf-8")
    copy = polib.pofile(str(new))
    copy.insert(0, polib.POEntry(msgctxt="b-added", msgid=ADDED, msgstr="Editor's note: first published earlier."))
    copy.save(str(new))
    reviewed = _reviewed(old)
    del reviewed[next(entry.msgid for entry in polib.pofile(str(old)) if entry.msgctxt == "title")]

    result = _invoke(project, "publish")  # translate gives the copy its new title, build decides
    assert result.exit_code in (0, 3), result.output
    named = _naming(_warnings(result), old)
    assert len(named) == 1 and f"{new} (retitled, a copy of its text and reviewed translations)" in named[0], named
    pages = _pages(project)
    assert "002_retitled.html" in pages and f"{old.stem}.html" not in pages and len(pages) == 5, pages
    assert _kept_in(new, reviewed)


def test_an_article_new_to_the_site_sharing_a_few_reviewed_paragraphs_is_another_article(
    published: Path, tmp_path: Path
) -> None:
    project = _copy(published, tmp_path)
    orphan_source = sorted((project / "source").glob("*.txt"))[2]
    orphan = project / "translations" / f"{orphan_source.stem}.po"
    orphan_source.unlink()
    shared = [entry for entry in polib.pofile(str(orphan)) if entry.msgctxt != "title" and entry.msgstr][:2]
    own = [f"فقرة من مقال آخر تماما عن موضوع مختلف، رقم {number}، لا علاقة لها بالخبر." for number in range(6)]
    (project / "source" / "009_other.txt").write_text("\n\n".join(["مقال آخر", *own]), encoding="utf-8")
    other = polib.POFile()
    other.metadata = polib.pofile(str(orphan)).metadata
    other.append(polib.POEntry(msgctxt="title", msgid="مقال آخر", msgstr="Another article"))
    for entry in shared:
        other.append(polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid, msgstr=entry.msgstr))
    for number, text in enumerate(own):
        translated = f"Another article, paragraph {number}."
        other.append(polib.POEntry(msgctxt=f"b-own{number}", msgid=text, msgstr=translated))
    other.save(str(project / "translations" / "009_other.po"))

    result = _invoke(project, "build")
    assert result.exit_code == 0, result.output
    named = _naming(_warnings(result), orphan)
    assert len(named) == 1 and "its page stays on the site" in named[0], named
    assert {f"{orphan.stem}.html", "009_other.html"} <= set(_pages(project)) and len(_pages(project)) == 6


def _built_beside_the_old(published: Path, tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    """A hand copy of the third catalog made for a retitled source, undated, whose first paragraph is new and
    translated, published while the old source is still there (both pages built): (project, old catalog, copy,
    old source)."""
    project = _copy(published, tmp_path)
    _redate(project, None)
    assert _invoke(project, "publish").exit_code in (0, 3)
    old_source = sorted((project / "source").glob("*.txt"))[2]
    old_text = old_source.read_text(encoding="utf-8")
    old, new = _retitle(project)
    old_source.write_text(old_text, encoding="utf-8")
    _copy_by_hand(old, new)
    source = project / "source" / "002_retitled.txt"
    title, *paragraphs = source.read_text(encoding="utf-8").split("\n\n")
    source.write_text("\n\n".join([title, ADDED, *paragraphs]), encoding="utf-8")
    copy = polib.pofile(str(new))
    copy.insert(0, polib.POEntry(msgctxt="b-added", msgid=ADDED, msgstr="Editor's note: first published earlier."))
    copy.save(str(new))
    assert _invoke(project, "publish").exit_code in (0, 3)
    assert {f"{old.stem}.html", "002_retitled.html"} <= set(_pages(project)) and len(_pages(project)) == 6
    return project, old, new, old_source


def test_a_hand_copy_built_before_the_old_source_was_removed_succeeds_it(published: Path, tmp_path: Path) -> None:
    # Neither new to the site nor found by its first translated block (a paragraph the old article never had),
    # the copy was not looked at: the old page stayed beside it. The manifest keeps a few of each article's
    # pairs, hashed, and one of the copy's is one of the old catalog's reviewed pairs.
    project, old, new, old_source = _built_beside_the_old(published, tmp_path)
    reviewed = _reviewed(old)
    del reviewed[next(entry.msgid for entry in polib.pofile(str(old)) if entry.msgctxt == "title")]
    old_source.unlink()

    result = _invoke(project, "publish")
    assert result.exit_code in (0, 3), result.output
    named = _naming(_warnings(result), old)
    assert len(named) == 1 and f"{new} (retitled, a copy of its text and reviewed translations)" in named[0], named
    pages = _pages(project)
    assert "002_retitled.html" in pages and f"{old.stem}.html" not in pages and len(pages) == 5, pages
    assert _kept_in(new, reviewed)


def test_an_article_built_before_sharing_a_few_reviewed_paragraphs_does_not_succeed_it(
    published: Path, tmp_path: Path
) -> None:
    project = _copy(published, tmp_path)
    orphan_source = sorted((project / "source").glob("*.txt"))[2]
    orphan = project / "translations" / f"{orphan_source.stem}.po"
    shared = [entry for entry in polib.pofile(str(orphan)) if entry.msgctxt != "title" and is_reviewed(entry)][:2]
    assert len(shared) == 2
    own = [f"فقرة من مقال آخر تماما عن موضوع مختلف، رقم {number}، لا علاقة لها بالخبر." for number in range(2)]
    (project / "source" / "009_other.txt").write_text("\n\n".join(["مقال آخر", *own]), encoding="utf-8")
    other = polib.POFile()
    other.metadata = polib.pofile(str(orphan)).metadata
    other.append(polib.POEntry(msgctxt="title", msgid="مقال آخر", msgstr="Another article"))
    for entry in shared:  # two of its four translated pairs: its kept pairs hold one of the orphan's
        other.append(polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid, msgstr=entry.msgstr))
    for number, text in enumerate(own):
        other.append(polib.POEntry(msgctxt=f"b-own{number}", msgid=text, msgstr=f"Another article, {number}."))
    other.save(str(project / "translations" / "009_other.po"))
    assert _invoke(project, "build").exit_code == 0
    orphan_source.unlink()

    result = _invoke(project, "build")
    assert result.exit_code == 0, result.output
    named = _naming(_warnings(result), orphan)
    assert len(named) == 1 and "its page stays on the site" in named[0], named
    assert {f"{orphan.stem}.html", "009_other.html"} <= set(_pages(project)) and len(_pages(project)) == 6
