"""The toolkit's `#.` notes as a writer that wraps comments leaves them: polib's save() (and the scripts and tools
built on it) breaks a long note over lines at its wrapwidth, as textwrap does. A note is still one note: read
whole, replaced whole when the engine drafts again, never leaving its last words behind as a note of their own;
an entry whose notes do not change keeps its lines as they were saved."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from catalog_fakes import FakeTranslator, NullProgress, article, project

from toolkit.catalog.entries import note_lines
from toolkit.catalog.store import parse_catalog
from toolkit.catalog.update import update_catalogs
from toolkit.translate.engine import Draft

NOTES = [
    "kind: paragraph",
    "machine: argos translate-ar_en 1.9 (ctranslate2 int8_float16 on cuda, beam 4)",
    "confidence: 0.42",
    "warning: source-language text left untranslated",
    "draft-sha1: ce0af2e9006c",
    "glossary: الاتحاد الأوروبي = European Union",
    "aligned: editions/2022/long-form/the-english-edition-of-this-article.txt score 0.87",
    "tm: from 003_c0fc1715b878b95d b-5d1bf0e4",
]


def _saved_by_polib(entries: list[polib.POEntry], width: int) -> str:
    catalog = polib.POFile(wrapwidth=width)
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalog.extend(entries)
    return str(catalog)


@pytest.mark.parametrize("width", [20, 27, 30, 33, 40, 50, 60, 78])
def test_each_note_is_read_whole_however_polib_wrapped_it(width):
    text = _saved_by_polib([polib.POEntry(msgctxt="b-1", msgid="نص", msgstr="text", comment="\n".join(NOTES))], width)
    assert len([line for line in text.split("\n") if line.startswith("#.")]) > len(NOTES), "no note was wrapped"

    (entry,) = parse_catalog(text, Path("a.po"))

    assert note_lines(entry) == NOTES


class _Engine(FakeTranslator):
    description = "argos translate-ar_en 1.9 (ctranslate2 int8_float16 on cuda, beam 4)"

    def translate(self, paragraphs, on_sentences_done=None):
        drafts = super().translate(paragraphs, on_sentences_done)
        return [Draft(draft.text, ("source-language text left untranslated in a long warning",)) for draft in drafts]


class _NewEngine(FakeTranslator):
    description = "argos translate-ar_en 2.0 (ctranslate2 int8 on cpu, beam 4)"


@pytest.mark.parametrize("width", [30, 40, 78])
def test_a_redrafted_entry_leaves_no_line_of_its_wrapped_notes_behind(tmp_path: Path, width):
    config = project(tmp_path)
    update_catalogs(config, [article("a", ["نص أول", "نص ثان"])], _Engine, NullProgress)
    (path,) = (tmp_path / "translations").glob("*.po")
    polib.pofile(str(path), wrapwidth=width).save(str(path))
    saved = path.read_text(encoding="utf-8")
    kept_entry = saved[saved.index("#. kind: paragraph") : saved.index('msgstr "EN(نص أول)"')]

    update_catalogs(config, [article("a", ["نص أول", "نص ثالث"])], _NewEngine, NullProgress)

    written = path.read_text(encoding="utf-8")
    redrafted = next(entry for entry in parse_catalog(written, path) if entry.msgid == "نص ثالث")
    assert note_lines(redrafted) == [
        "kind: paragraph",
        f"machine: {_NewEngine.description}",
        f"draft-sha1: {redrafted.comment.rsplit(': ', 1)[1]}",
    ]
    assert kept_entry in written, "an entry with nothing to change was rewritten"
