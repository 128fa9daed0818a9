"""An entry's previous source (`#| msgctxt`, `#| msgid`, `#| msgid_plural`) as GNU msgmerge --previous writes it:
a reviewed entry whose source changes gets its context and text as its previous source (`#| msgctxt` too, though
the context stays), an entry still waiting for review keeps the previous source it has, whole, and an entry
whose translation goes loses all of it. The three lines are one: gettext reads no `#| msgctxt` without its
`#| msgid` (msgcat, msgfmt and Poedit refuse the whole file)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
from catalog_fakes import FakeTranslator, NullProgress, article, project

from toolkit.catalog.entries import previous_source
from toolkit.catalog.poformat import entry_lines, format_catalog
from toolkit.catalog.store import parse_catalog
from toolkit.catalog.update import keep_outside_edits, update_catalogs

TITLE = "The title of the article"
PARAGRAPHS = [
    "الفقرة الأولى من المقال هنا",
    "الفقرة الثانية من المقال هنا",
    "الفقرة الثالثة من المقال هنا",
    "الفقرة الرابعة من المقال هنا",
]


def _msgcat(path: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["msgcat", str(path)], capture_output=True, timeout=60)


def _merged_by_msgmerge(before: Path, written: str, tmp_path: Path) -> dict[str | None, polib.POEntry]:
    """The entries, by context, msgmerge --previous makes of the catalog `before` and a template of the sources
    the toolkit `written` holds: what gettext gives each changed entry."""
    template = polib.pofile(written)
    for entry in template:
        entry.msgstr, entry.flags, entry.comment, entry.previous_msgctxt, entry.previous_msgid = "", [], "", None, None
    template.save(str(tmp_path / "new.pot"))
    merged = subprocess.run(
        ["msgmerge", "-q", "--previous", str(before), str(tmp_path / "new.pot")], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return {entry.msgctxt: entry for entry in polib.pofile(merged)}


def _edited_by_translators(path: Path) -> None:
    """The drafted catalog as translators leave it: the title and the first paragraph reviewed, the second
    reviewed in a text editor that left the #| lines of an older change, the third waiting for review against
    an older source, the fourth's translation deleted with its #| lines left. Laid out by msgcat."""
    catalog = polib.pofile(str(path))
    entries = {entry.msgid: entry for entry in catalog}
    for text, translation in [(TITLE, "A title"), *zip(PARAGRAPHS, ["One", "Two", "Three", ""], strict=True)]:
        entries[text].msgstr, entries[text].flags, entries[text].comment = translation, [], ""
    second, third, fourth = (entries[text] for text in PARAGRAPHS[1:])
    second.previous_msgctxt, second.previous_msgid = second.msgctxt, "an older text of the second"
    third.flags, third.previous_msgctxt, third.previous_msgid = ["fuzzy"], "b-older", "an older text of the third"
    fourth.previous_msgctxt, fourth.previous_msgid = fourth.msgctxt, "an older text of the fourth"
    catalog.save(str(path))
    path.write_bytes(_msgcat(path).stdout)


def test_a_changed_source_gets_the_previous_source_msgmerge_gives_it(tmp_path: Path):
    config = project(tmp_path)
    update_catalogs(config, [article("a", PARAGRAPHS, title=TITLE)], FakeTranslator, NullProgress)
    path = config.translations_dir / "a.po"
    _edited_by_translators(path)
    before = tmp_path / "before.po"
    before.write_bytes(path.read_bytes())

    changed = article("a", [f"{text} اليوم" for text in PARAGRAPHS], title=f"{TITLE} today")
    update_catalogs(config, [changed], FakeTranslator, NullProgress)

    written = path.read_bytes()
    read_back = _msgcat(path)
    assert read_back.returncode == 0, read_back.stderr.decode()
    assert read_back.stdout == written, "not laid out as msgcat lays it out"
    theirs = _merged_by_msgmerge(before, written.decode("utf-8"), tmp_path)
    ours = {entry.msgctxt: entry for entry in parse_catalog(written.decode("utf-8"), path) if not entry.obsolete}
    translated = [context for context, entry in ours.items() if entry.msgstr in ("A title", "One", "Two", "Three")]
    assert len(translated) == 4
    for context in translated:
        assert previous_source(ours[context]) == previous_source(theirs[context]), context
    assert previous_source(ours["title"]) == ("title", TITLE, None)

    update_catalogs(config, [changed], FakeTranslator, NullProgress)
    assert path.read_bytes() == written, "a catalog with nothing to change was rewritten"


def test_an_entry_whose_translation_goes_loses_its_whole_previous_source(tmp_path: Path):
    config = project(tmp_path)
    update_catalogs(config, [article("a", PARAGRAPHS, title=TITLE)], FakeTranslator, NullProgress)
    path = config.translations_dir / "a.po"
    _edited_by_translators(path)

    changed = article("a", [*PARAGRAPHS[:3], f"{PARAGRAPHS[3]} اليوم"], title=TITLE)
    update_catalogs(config, [changed], FakeTranslator, NullProgress)

    checked = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    (redrafted,) = [entry for entry in polib.pofile(str(path)) if entry.msgid.endswith("اليوم")]
    assert previous_source(redrafted) == (None, None, None)


def test_a_translation_saved_while_drafting_brings_its_whole_previous_source():
    ours = polib.POEntry(msgctxt="b-1", msgid="new source", msgstr="", previous_msgctxt="b-1", previous_msgid="x")
    on_disk = polib.POEntry(
        msgctxt="b-1", msgid="new source", msgstr="Saved", flags=["fuzzy"], previous_msgctxt="b-0", previous_msgid="old"
    )
    catalog, theirs = polib.POFile(), polib.POFile()
    catalog.append(ours)
    theirs.append(on_disk)

    keep_outside_edits(catalog, theirs)

    assert (ours.msgstr, previous_source(ours)) == ("Saved", ("b-0", "old", None))


def test_a_previous_context_without_its_previous_text_is_not_written(tmp_path: Path):
    entry = polib.POEntry(msgctxt="b-1", msgid="source", msgstr="Translation", previous_msgctxt="b-1")
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalog.append(entry)
    path = tmp_path / "a.po"
    path.write_bytes(format_catalog(catalog).encode("utf-8"))

    assert not [line for line in entry_lines(entry) if line.startswith("#|")]
    assert _msgcat(path).returncode == 0, _msgcat(path).stderr.decode()


def test_an_entry_waiting_for_review_without_a_previous_source_gets_none_as_msgmerge_gives_it(tmp_path: Path):
    """A translator's fuzzy entry with no #| lines (review asked for, against no older text) whose source
    changes: msgmerge --previous writes it none, since the toolkit's change is not what it waits on; the toolkit
    wrote its text before the change as one, a previous source the translator never reviewed against."""
    config = project(tmp_path)
    update_catalogs(config, [article("a", PARAGRAPHS, title=TITLE)], FakeTranslator, NullProgress)
    path = config.translations_dir / "a.po"
    catalog = polib.pofile(str(path))
    for number, entry in enumerate(catalog):
        entry.msgstr, entry.comment = f"Human {number}", ""
        entry.flags = ["fuzzy"] if entry.msgid in PARAGRAPHS[:2] else []
    catalog.save(str(path))
    path.write_bytes(_msgcat(path).stdout)
    before = tmp_path / "before.po"
    before.write_bytes(path.read_bytes())

    changed = article("a", [f"{text} اليوم" for text in PARAGRAPHS[:3]] + PARAGRAPHS[3:], title=TITLE)
    update_catalogs(config, [changed], FakeTranslator, NullProgress)

    written = path.read_text(encoding="utf-8")
    theirs = _merged_by_msgmerge(before, written, tmp_path)
    ours = {entry.msgctxt: entry for entry in polib.pofile(written) if not entry.obsolete}
    waiting = [context for context, entry in ours.items() if entry.msgstr in ("Human 1", "Human 2")]
    assert len(waiting) == 2
    for context in waiting:
        assert previous_source(ours[context]) == previous_source(theirs[context]) == (None, None, None), context
    reviewed = next(entry for entry in ours.values() if entry.msgstr == "Human 3")
    assert previous_source(reviewed) == (reviewed.msgctxt, PARAGRAPHS[2], None)
