"""The translate workflow with a fake engine: drafts, re-runs, no model, bad catalogs, chunked saves."""

from __future__ import annotations

import math
import subprocess
import unicodedata
from collections import Counter
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import polib
import pytest
from catalog_fakes import FakeTranslator, NullProgress, article, project

from toolkit.catalog import store, update
from toolkit.catalog.poformat import string_lines
from toolkit.catalog.store import read_catalog
from toolkit.catalog.update import update_catalogs
from toolkit.clean.text import letters_for_forms
from toolkit.errors import ModelMissingError
from toolkit.store.cache import run_cache
from toolkit.store.files import AtomicWrites
from toolkit.translate.engine import Draft

ARTICLES = [
    article("one", ["الفقرة الأولى من المقال الأول.", "الفقرة الثانية warn."]),
    article("two", ["فقرة في المقال الثاني.", "الفقرة الأولى من المقال الأول."]),
]


def _no_model():
    raise ModelMissingError("no Argos package for ar -> en; install it with: toolkit models install ar en")


def _run(config, articles, translator: FakeTranslator | None = None):
    def factory():
        return _no_model() if translator is None else translator

    return update_catalogs(config, articles, factory, NullProgress)


def _entries(path: Path):
    return [entry for entry in read_catalog(path) if not entry.obsolete]


def test_first_run_drafts_every_entry_as_fuzzy_machine_draft(tmp_path: Path) -> None:
    config = project(tmp_path)
    translator = FakeTranslator()
    result = _run(config, ARTICLES, translator)
    assert result.drafted == 6 and result.untranslated == 0 and not result.errors
    assert len(translator.calls) == 1  # every article's pending entries in one engine run
    entries = _entries(config.translations_dir / "one.po")
    assert entries[0].msgctxt == "title"
    for entry in entries:
        assert entry.fuzzy and entry.msgstr == f"EN({entry.msgid})"
        assert "machine: fake-engine 1.0 (tests)" in entry.comment.splitlines()
    assert "warning: fake warning" in entries[2].comment.splitlines()
    for path in config.translations_dir.glob("*.po"):
        checked = subprocess.run(["msgfmt", "--check-format", "-c", "-o", "/dev/null", str(path)])
        assert checked.returncode == 0


def test_rerun_with_nothing_changed_translates_nothing_and_rewrites_nothing(tmp_path: Path) -> None:
    config = project(tmp_path)
    _run(config, ARTICLES, FakeTranslator())
    before = {path: (path.stat().st_mtime_ns, path.read_bytes()) for path in config.translations_dir.glob("*.po")}

    def no_model_needed():
        raise AssertionError("the translator must not be loaded when nothing is pending")

    result = update_catalogs(config, ARTICLES, no_model_needed, NullProgress)
    assert result.written == [] and result.drafted == 0
    after = {path: (path.stat().st_mtime_ns, path.read_bytes()) for path in config.translations_dir.glob("*.po")}
    assert after == before


def test_reviewed_translation_is_reused_by_memory_and_survives_reruns(tmp_path: Path) -> None:
    config = project(tmp_path)
    path_one = config.translations_dir / "one.po"
    _run(config, ARTICLES[:1], FakeTranslator())
    text = path_one.read_text(encoding="utf-8")
    text = text.replace('#, fuzzy\nmsgctxt "b-', '# checked against the wire copy\nmsgctxt "b-', 1).replace(
        'msgstr "EN(الفقرة الأولى من المقال الأول.)"', 'msgstr "The first paragraph, reviewed."'
    )
    path_one.write_text(text, encoding="utf-8")
    translator = FakeTranslator()
    result = _run(config, ARTICLES, translator)
    assert result.reused == 1
    assert "الفقرة الأولى من المقال الأول." not in translator.translated
    reviewed = _entries(path_one)[1]
    assert reviewed.msgstr == "The first paragraph, reviewed." and not reviewed.fuzzy
    assert reviewed.tcomment == "checked against the wire copy"
    reused = _entries(config.translations_dir / "two.po")[2]
    assert reused.msgstr == "The first paragraph, reviewed." and reused.fuzzy


def test_written_lists_catalogs_in_article_order_also_when_the_memory_writes_one_later(tmp_path: Path) -> None:
    config = project(tmp_path)
    _run(config, ARTICLES, None)
    path_one = config.translations_dir / "one.po"
    text = path_one.read_text(encoding="utf-8")
    reviewed = text.replace(
        'msgid "الفقرة الأولى من المقال الأول."\nmsgstr ""',
        'msgid "الفقرة الأولى من المقال الأول."\nmsgstr "Reviewed."',
    )
    assert reviewed != text
    path_one.write_text(reviewed, encoding="utf-8")
    three = article("three", ["مقال جديد لم يترجم بعد."])
    # two.po is unchanged by the merge and rewritten by the memory, after three.po is written by the merge.
    result = _run(config, [ARTICLES[1], three, ARTICLES[0]], None)
    assert result.reused == 1
    assert result.written == [config.translations_dir / "two.po", config.translations_dir / "three.po"]


def test_without_model_catalogs_are_still_brought_up_to_date(tmp_path: Path) -> None:
    config = project(tmp_path)
    result = _run(config, ARTICLES, None)
    assert result.model_missing is not None
    assert result.untranslated == 6 and result.drafted == 0
    assert {p.name for p in result.written} == {"one.po", "two.po"}
    assert all(entry.msgstr == "" for entry in _entries(config.translations_dir / "one.po"))
    again = _run(config, ARTICLES, None)
    assert again.written == [] and again.model_missing is not None


def test_bad_catalog_is_reported_left_untouched_and_others_go_on(tmp_path: Path) -> None:
    config = project(tmp_path)
    config.translations_dir.mkdir()
    broken = config.translations_dir / "one.po"
    broken.write_bytes(b'msgid ""\nmsgstr ""\n\nmsgid "x\nmsgstr ""\n')
    result = _run(config, ARTICLES, FakeTranslator())
    assert [(error.path, error.line) for error in result.errors] == [(broken, 4)]
    assert broken.read_bytes() == b'msgid ""\nmsgstr ""\n\nmsgid "x\nmsgstr ""\n'
    assert result.drafted == 3
    assert all(entry.msgstr for entry in _entries(config.translations_dir / "two.po"))


def test_drafts_are_saved_chunk_by_chunk_so_a_failed_run_keeps_earlier_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(update, "CHUNK_SOURCE_CHARS", 40)
    config = project(tmp_path)

    class DiesOnSecondChunk(FakeTranslator):
        def translate(self, paragraphs, on_sentences_done=None):
            if self.calls:
                raise KeyboardInterrupt
            return super().translate(paragraphs, on_sentences_done)

    with pytest.raises(KeyboardInterrupt):
        _run(config, ARTICLES, DiesOnSecondChunk())
    # one.po's entries span both chunks: it was written with the first chunk's drafts. two.po's turn never
    # came: it is not written at all, and the next run merges it again.
    saved = {path.name: _entries(path) for path in config.translations_dir.glob("*.po")}
    assert saved.keys() == {"one.po"}
    done = [entry for entry in saved["one.po"] if entry.msgstr]
    assert 0 < len(done) < len(saved["one.po"])
    translator = FakeTranslator()
    result = _run(config, ARTICLES, translator)
    assert result.untranslated == 0
    assert len(translator.translated) == 6 - len(done)


class DiesMidChunk(FakeTranslator):
    """Drafts chunk by chunk, telling of each paragraph as it is done (as the engine does), and is stopped (a
    Ctrl-C) once `told` paragraphs are: before the chunk holding them is done."""

    def __init__(self, told: int) -> None:
        super().__init__()
        self.left = told

    def translate_chunks(self, chunks, on_sentences_done=None, on_paragraph_done=None):
        for number, paragraphs in enumerate(chunks):
            for index, paragraph in enumerate(paragraphs):
                if not self.left:
                    raise KeyboardInterrupt
                self.left -= 1
                self.calls.append([paragraph])
                on_paragraph_done(number, index, Draft(f"EN({paragraph})"))
            yield [Draft(f"EN({paragraph})") for paragraph in paragraphs]


def test_new_articles_stopped_midway_through_one_chunk_keep_every_paragraph_drafted_so_far(tmp_path: Path) -> None:
    # Two new articles in one chunk (CHUNK_SOURCE_CHARS is minutes of a loaded machine's work in Chinese): a
    # Ctrl-C at 40% wrote no catalog, and the re-run drafted everything again.
    config = project(tmp_path)
    articles = [
        article("first", [f"الفقرة {number} من المقال الأول." for number in range(12)]),
        article("second", [f"الفقرة {number} من المقال الثاني." for number in range(12)]),
    ]
    with pytest.raises(KeyboardInterrupt):
        _run(config, articles, DiesMidChunk(told=15))
    saved = {
        path.name: [entry.msgid for entry in _entries(path) if entry.msgstr]
        for path in config.translations_dir.glob("*.po")
    }
    assert {name: len(drafted) for name, drafted in saved.items()} == {"first.po": 13, "second.po": 2}
    translator = FakeTranslator()
    result = _run(config, articles, translator)
    assert result.untranslated == 0 and result.drafted == 26 - 15
    assert not set(translator.translated) & {msgid for drafted in saved.values() for msgid in drafted}


def test_empty_draft_leaves_entry_pending(tmp_path: Path) -> None:
    config = project(tmp_path)

    class Silent(FakeTranslator):
        def translate(self, paragraphs, on_sentences_done=None):
            return [Draft("") for _ in paragraphs]

    result = _run(config, ARTICLES[:1], Silent())
    assert result.drafted == 0 and result.untranslated == 3


def test_draft_corrected_but_left_fuzzy_is_kept_when_its_source_changes(tmp_path: Path) -> None:
    config = project(tmp_path)
    paragraphs = ["قال المتحدث إن موسكو ستدرس الرد بعناية.", "فقرة أخرى لم تتغير."]
    _run(config, [article("one", paragraphs)], FakeTranslator())
    path = config.translations_dir / "one.po"
    catalog = read_catalog(path)
    untouched_context = catalog[2].msgctxt
    catalog[1].msgstr = "The spokesman said Moscow would study the reply carefully."
    catalog.save(str(path))
    edited_source = ["قال المتحدث إن موسكو ستدرس الرد الأمريكي بعناية.", "نص جديد تماما في مكانها."]
    translator = FakeTranslator()
    _run(config, [article("one", edited_source)], translator)
    by_context = {entry.msgctxt: entry for entry in read_catalog(path)}
    kept = by_context[catalog[1].msgctxt]
    assert kept.msgstr == "The spokesman said Moscow would study the reply carefully."
    # Still waiting for review, with no #| lines: none are written, as msgmerge --previous writes none.
    assert kept.fuzzy and kept.previous_msgid is None
    assert "machine:" not in kept.comment
    assert translator.translated == [edited_source[1]]
    assert by_context[untouched_context].obsolete  # too different to be the same block: an untouched draft


class TranslatorSavingMidRun(FakeTranslator):
    """While the engine drafts, a translator saves the file in an editor: a title and a comment, reviewed."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def translate(self, paragraphs, on_sentences_done=None):
        catalog = read_catalog(self.path)
        title = catalog.find("Title", msgctxt="title")
        title.msgstr = "The translator's own title"
        title.tcomment = "checked with the desk"
        catalog.metadata["Last-Translator"] = "Rana <rana@example.org>"
        catalog.save(str(self.path))
        return super().translate(paragraphs, on_sentences_done)


def test_a_translator_saving_during_the_drafting_keeps_their_work(tmp_path: Path) -> None:
    config = project(tmp_path)
    path = config.translations_dir / "one.po"
    articles = [article("one", ["الفقرة الأولى.", "الفقرة الثانية."])]
    _run(config, articles, None)  # the catalog is there, untranslated, for the translator to open
    translator = TranslatorSavingMidRun(path)
    result = _run(config, articles, translator)
    catalog = read_catalog(path)
    title = catalog.find("Title", msgctxt="title")
    assert title.msgstr == "The translator's own title"
    assert title.tcomment == "checked with the desk"
    assert not title.fuzzy
    assert catalog.metadata["Last-Translator"] == "Rana <rana@example.org>"
    drafts = [entry.msgstr for entry in catalog if entry.msgctxt != "title"]
    assert drafts == ["EN(الفقرة الأولى.)", "EN(الفقرة الثانية.)"]
    assert result.drafted == 3


class TranslatorCorrectedBetweenParagraphs(FakeTranslator):
    """An engine that tells of each paragraph as it is drafted (as the CTranslate2 engine does); after the
    first one's draft is saved, the translator edits the file in an editor (`edit`: corrects that draft) and
    saves it."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    correction = "The translator's correction"

    def save(self, catalog: polib.POFile) -> None:
        catalog.save(str(self.path))

    def edit(self, catalog: polib.POFile, paragraphs: list[str], draft: Draft) -> None:
        corrected = next(entry for entry in catalog if entry.msgstr == draft.text)
        corrected.msgstr = self.correction
        corrected.flags = []

    def translate_chunks(self, chunks, on_sentences_done=None, on_paragraph_done=None):
        for number, paragraphs in enumerate(chunks):
            drafts = self.translate(paragraphs, on_sentences_done)
            for index, draft in enumerate(drafts):
                on_paragraph_done(number, index, draft)
                if number == 0 and index == 0:
                    catalog = read_catalog(self.path)
                    self.edit(catalog, paragraphs, draft)
                    self.save(catalog)
            yield drafts


def _drafted_again_while_edited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, translator: type[TranslatorCorrectedBetweenParagraphs]
):
    """A three-paragraph article drafted once without a model, then again by `translator`, which edits the
    catalog between paragraphs, every draft written back at once: the catalog's path and the second run's result."""
    monkeypatch.setattr(update, "WRITE_BACK_SECONDS", 0)
    monkeypatch.setattr(update, "WRITE_BACK_MAX_SHARE", math.inf)
    config = project(tmp_path)
    path = config.translations_dir / "one.po"
    articles = [article("one", ["الفقرة الأولى.", "الفقرة الثانية.", "الفقرة الثالثة."])]
    _run(config, articles, None)
    return path, _run(config, articles, translator(path))


def test_a_correction_saved_between_two_paragraphs_drafts_is_not_drafted_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A paragraph's draft is saved before its chunk is done; a translator's correction of it, taken in at the
    next paragraph's save, stays when the chunk's drafts are all back."""
    path, result = _drafted_again_while_edited(tmp_path, monkeypatch, TranslatorCorrectedBetweenParagraphs)
    texts = [entry.msgstr for entry in read_catalog(path) if not entry.obsolete]
    assert "The translator's correction" in texts
    assert texts.count("The translator's correction") == 1
    assert result.drafted == 4  # the title and three paragraphs, the corrected one counted once


class TranslatorTypingAhead(TranslatorCorrectedBetweenParagraphs):
    """After the first paragraph's draft is saved, the translator types their own translation into the last
    paragraph, not drafted yet, and saves the file: the cluster test's translator, on one machine."""

    correction = "The translator's own last paragraph"

    def edit(self, catalog: polib.POFile, paragraphs: list[str], draft: Draft) -> None:
        last = next(entry for entry in catalog if entry.msgid == paragraphs[-1])
        last.msgstr = self.correction


def test_a_translation_typed_into_a_paragraph_not_drafted_yet_is_not_drafted_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Taken in at the next save, before that paragraph's draft came back: the draft went over it (a reviewed
    translation lost; the real-cluster test caught it now and then)."""
    path, result = _drafted_again_while_edited(tmp_path, monkeypatch, TranslatorTypingAhead)
    last = next(entry for entry in read_catalog(path) if entry.msgid == "الفقرة الثالثة.")
    assert (last.msgstr, last.fuzzy) == ("The translator's own last paragraph", False)
    assert result.drafted == 3  # the title and the two other paragraphs


@pytest.fixture
def catalog_io(monkeypatch: pytest.MonkeyPatch) -> dict[str, Counter]:
    """Every parse and every write of a catalog file, by file name (the store's functions, wrapped)."""
    counted: dict[str, Counter] = {"parsed": Counter(), "written": Counter()}
    parse, write, stage = store.parse_catalog, store.atomic_write_bytes, AtomicWrites.stage

    def parsing(text, path, *options):
        counted["parsed"][path.name] += 1
        return parse(text, path, *options)

    def writing(path, data):
        if path.suffix == ".po":
            counted["written"][path.name] += 1
        return write(path, data)

    def staging(writes, path, chunks, *options):
        if path.suffix == ".po":  # not the run cache's own files
            counted["written"][path.name] += 1
        return stage(writes, path, chunks, *options)

    monkeypatch.setattr(store, "parse_catalog", parsing)
    monkeypatch.setattr(store, "atomic_write_bytes", writing)
    monkeypatch.setattr(AtomicWrites, "stage", staging)
    return counted


def test_one_translate_reads_each_catalog_once_and_writes_it_once(
    tmp_path: Path, catalog_io: dict[str, Counter]
) -> None:
    config = project(tmp_path)
    with run_cache(config.state_dir) as cache:
        update_catalogs(config, ARTICLES, _no_model, NullProgress, cache)
    path_one = config.translations_dir / "one.po"
    text = path_one.read_text(encoding="utf-8")
    path_one.write_text(
        text.replace(
            'msgid "الفقرة الأولى من المقال الأول."\nmsgstr ""',
            'msgid "الفقرة الأولى من المقال الأول."\nmsgstr "Reviewed."',
        ),
        encoding="utf-8",
    )
    three = article("three", ["مقال جديد لم يترجم بعد.", "وفيه فقرة ثانية."])
    catalog_io["parsed"].clear()
    catalog_io["written"].clear()
    translator = FakeTranslator()
    with run_cache(config.state_dir) as cache:
        # one.po edited by hand (merged, then drafted), two.po unchanged since the last run (filled from the
        # memory with one.po's review, then drafted), three.po new (no file to read).
        result = update_catalogs(config, [*ARTICLES, three], lambda: translator, NullProgress, cache)
    assert not result.errors and result.untranslated == 0 and result.reused == 1
    assert result.drafted == 2 + 2 + 3
    assert catalog_io["parsed"] == {"one.po": 1, "two.po": 1}
    assert catalog_io["written"] == {"one.po": 1, "two.po": 1, "three.po": 1}


def test_a_catalog_drafted_over_several_chunks_is_written_after_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog_io: dict[str, Counter]
) -> None:
    """The one exception to one write a run: what a chunk drafted is saved when it is back (a kill loses at
    most the chunks in flight), also when the catalog's last pending entry is in a later chunk. (Here every
    write is put on disk at once; a run groups the writes of a second.)"""
    monkeypatch.setattr(update, "CHUNK_SOURCE_CHARS", 40)
    monkeypatch.setattr(update, "WRITE_BACK_SECONDS", 0)
    monkeypatch.setattr(update, "WRITE_BACK_MAX_SHARE", math.inf)
    config = project(tmp_path)
    translator = FakeTranslator()
    result = _run(config, ARTICLES, translator)
    assert result.untranslated == 0
    # Entries are drafted in article then file order: one.po's three (title and two paragraphs), two.po's.
    owners = iter(["one.po"] * 3 + ["two.po"] * 3)
    chunks_with = Counter(name for call in translator.calls for name in {next(owners) for _ in call})
    assert chunks_with["one.po"] > 1 and len(translator.calls) > 2
    assert catalog_io["written"] == chunks_with
    assert catalog_io["parsed"] == {}


class ParagraphByParagraph(FakeTranslator):
    """An engine that tells of each paragraph as it is drafted, a second of the run's clock apart."""

    def __init__(self, clock: list[float]) -> None:
        super().__init__()
        self.clock = clock

    def translate_chunks(self, chunks, on_sentences_done=None, on_paragraph_done=None):
        for number, paragraphs in enumerate(chunks):
            drafts = self.translate(paragraphs, on_sentences_done)
            for index, draft in enumerate(drafts):
                self.clock[0] += 1.0
                on_paragraph_done(number, index, draft)
            yield drafts


def test_a_catalog_slow_to_write_is_written_at_most_a_tenth_of_the_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog_io: dict[str, Counter]
) -> None:
    """A catalog is written whole: a big article's takes seconds, and written every second it kept the driver
    busy rewriting it while the engine waited. After a write-back that took 2 s the next waits 20 s
    (WRITE_BACK_MAX_SHARE), a quick one a second (WRITE_BACK_SECONDS); the run's end still writes every draft."""
    clock = [0.0]
    monkeypatch.setattr(update, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    config = project(tmp_path)
    paragraphs = [f"الفقرة رقم {number}." for number in range(40)]
    articles = [article("big", paragraphs)]
    _run(config, articles, None)
    save = update.save_catalog

    def slow_save(*arguments, **options):
        clock[0] += 2.0
        return save(*arguments, **options)

    monkeypatch.setattr(update, "save_catalog", slow_save)
    catalog_io["written"].clear()
    result = _run(config, articles, ParagraphByParagraph(clock))
    # 41 drafts a second apart: a write at the first, then one each 20 s + 2 s of writing, then the end's.
    assert catalog_io["written"] == {"big.po": 3}
    assert result.drafted == 41
    assert all(entry.msgstr for entry in read_catalog(config.translations_dir / "big.po"))

    monkeypatch.setattr(update, "save_catalog", save)  # a quick write: a save at the first draft each second
    (tmp_path / "quick").mkdir()
    config = project(tmp_path / "quick")
    _run(config, articles, None)
    catalog_io["written"].clear()
    _run(config, articles, ParagraphByParagraph(clock))
    assert catalog_io["written"] == {"big.po": 41}


def test_no_more_catalogs_wait_for_their_write_than_a_group_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog_io: dict[str, Counter]
) -> None:
    """A due catalog is held parsed until the group is written: an engine faster than the disk must not make
    a second's worth of catalogs wait in memory, however many that is."""
    monkeypatch.setattr(update, "WRITE_BACK_CATALOGS", 2)
    monkeypatch.setattr(update, "WRITE_BACK_SECONDS", 3600)
    groups: list[int] = []
    commit = update._WriteBack.commit

    def counted_commit(self) -> None:
        groups.append(len(self._due))
        commit(self)

    monkeypatch.setattr(update._WriteBack, "commit", counted_commit)
    config = project(tmp_path)
    articles = [article(f"a{number}", [f"فقرة رقم {number}."]) for number in range(5)]
    result = _run(config, articles, FakeTranslator())
    assert result.untranslated == 0 and len(result.written) == 5
    assert max(groups) == 2 and sum(groups) == 5, groups


def test_an_obsolete_entry_keeps_its_previous_source_through_later_runs(tmp_path: Path) -> None:
    """As msgmerge --previous: a block edited after its review is fuzzy with `#|` its old source; when the
    block then goes, its entry is obsolete with `#~|`, and later rewrites of the catalog keep those lines."""
    config = project(tmp_path)
    path = config.translations_dir / "one.po"
    first = "قال المتحدث إن موسكو ستدرس الرد بعناية."
    _run(config, [article("one", [first, "فقرة ثانية."])], None)
    catalog = read_catalog(path)
    catalog[1].msgstr = "The spokesman said Moscow would study the reply carefully."
    path.write_bytes(store.serialize_catalog(catalog))
    edited = "قال المتحدث إن موسكو ستدرس الرد الأمريكي بعناية."
    _run(config, [article("one", [edited, "فقرة ثانية."])], None)
    _run(config, [article("one", ["فقرة ثانية."])], None)
    _run(config, [article("one", ["فقرة ثانية.", "فقرة ثالثة جديدة."])], None)
    text = path.read_text(encoding="utf-8")
    assert f'#~| msgid "{first}"' in text and f'#~ msgid "{edited}"' in text
    assert subprocess.run(["msgcat", "-"], input=text.encode(), capture_output=True, check=True).stdout == text.encode()
    gone = next(entry for entry in read_catalog(path) if entry.obsolete and entry.msgid == edited)
    assert gone.previous_msgid == first and gone.fuzzy


def test_a_comment_on_an_untranslated_block_that_goes_is_kept_obsolete_and_comes_back(tmp_path: Path) -> None:
    """gettext drops an obsolete entry without a translation; a translator's comment on it is human work."""
    config = project(tmp_path)
    path = config.translations_dir / "one.po"
    kept, commented = "فقرة باقية في المقال.", "فقرة علق عليها المترجم قبل ترجمتها."
    _run(config, [article("one", [kept, commented])], None)
    catalog = read_catalog(path)
    entry = next(entry for entry in catalog if entry.msgid == commented)
    entry.tcomment = "Rana: ask the desk about this name"
    path.write_bytes(store.serialize_catalog(catalog))
    _run(config, [article("one", [kept])], None)
    gone = next(entry for entry in read_catalog(path) if entry.msgid == commented)
    assert gone.obsolete and gone.tcomment == "Rana: ask the desk about this name"
    checked = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    _run(config, [article("one", [kept, commented])], None)
    back = next(entry for entry in read_catalog(path) if entry.msgid == commented)
    assert not back.obsolete and back.tcomment == "Rana: ask the desk about this name"
    assert back.msgctxt == entry.msgctxt


def test_an_article_two_sources_make_is_named_once_with_both_and_neither_is_merged(tmp_path: Path) -> None:
    # A reviewed a.po made from source/a.txt; then a page saved as source/a.html: the article is ambiguous.
    # The merge took the first source in the stream (a.html sorts first) and rewrote a.po from it: the reviewed
    # entry went obsolete and the site showed the other article. Now a.po is left byte for byte.
    config = project(tmp_path)
    (config.source_dir / "one.txt").write_text("x", encoding="utf-8")
    _run(config, [ARTICLES[0]], FakeTranslator())
    (config.source_dir / "one.html").write_text("x", encoding="utf-8")
    path = config.translations_dir / "one.po"
    path.write_text(path.read_text(encoding="utf-8").replace("#, fuzzy\n", ""), encoding="utf-8")
    before = path.read_bytes()
    twin = article("one", ["فقرة من ملف آخر بالاسم نفسه."])
    twin.source = "source/one.html"
    translator = FakeTranslator()
    result = _run(config, [twin, ARTICLES[0], ARTICLES[1]], translator)
    assert [str(error) for error in result.errors] == [
        f"{path}: two sources make article 'one': {config.source_dir / 'one.html'} and {config.source_dir / 'one.txt'};"
        " rename one (its catalog is left as it is until then)"
    ]
    assert result.written == [config.translations_dir / "two.po"]
    assert result.articles == 2
    assert path.read_bytes() == before
    assert "فقرة من ملف آخر بالاسم نفسه." not in translator.translated


def test_a_reviewed_entry_made_from_presentation_forms_keeps_its_translation_once_the_cleaner_gives_letters(
    tmp_path: Path,
) -> None:
    # An article from an old PDF export, translated and reviewed while the cleaner still kept its shaped glyphs
    # (U+FE70-FEFC): today's cleaner gives the letters they show, a msgid in other characters that the similarity
    # match cannot pair (no character in common), so the reviewed translation went obsolete and the page showed
    # the paragraph untranslated.
    letters = "قالت الوزارة إن الفرق الفنية تعمل."
    shaped = "".join(_ISOLATED.get(character, character) for character in letters)
    assert shaped != letters and letters_for_forms(shaped) == letters
    config = project(tmp_path)
    path = config.translations_dir / "one.po"
    _run(config, [article("one", [shaped, "فقرة ثانية."])], FakeTranslator())
    text = path.read_text(encoding="utf-8")
    text = text.replace('#, fuzzy\nmsgctxt "b-', 'msgctxt "b-', 1).replace(
        f'msgstr "EN({shaped})"', 'msgstr "The ministry said the technical teams are at work."'
    )
    path.write_text(text, encoding="utf-8")
    translator = FakeTranslator()
    _run(config, [article("one", [letters, "فقرة ثانية."])], translator)
    kept = _entries(path)[1]
    assert (kept.msgid, kept.msgstr, kept.fuzzy) == (letters, "The ministry said the technical teams are at work.", 0)
    assert letters not in translator.translated
    assert not [entry for entry in read_catalog(path) if entry.obsolete]


# Each Arabic letter with an isolated presentation form, to that form.
_ISOLATED = {
    unicodedata.normalize("NFKC", chr(form)): chr(form)
    for form in range(0xFE80, 0xFEFD)
    if unicodedata.name(chr(form), "").endswith("ISOLATED FORM")
}


def test_a_new_site_title_rewrites_no_catalog(tmp_path: Path) -> None:
    """Project-Id-Version is written once, when a catalog is made, then left to the translators' editors: a
    retitled site touched every catalog (churn in git, "file changed on disk" in every open editor)."""
    config = project(tmp_path)
    _run(config, ARTICLES[:1], FakeTranslator())
    made = config.translations_dir / "one.po"
    before = (made.stat().st_mtime_ns, made.read_bytes())
    retitled = replace(config, site_title="A New Title")
    result = update_catalogs(retitled, ARTICLES, lambda: FakeTranslator(), NullProgress)
    assert (made.stat().st_mtime_ns, made.read_bytes()) == before
    assert [path.name for path in result.written] == ["two.po"]
    assert read_catalog(made).metadata["Project-Id-Version"] == config.site_title
    assert read_catalog(config.translations_dir / "two.po").metadata["Project-Id-Version"] == "A New Title"


def test_a_translator_s_project_id_version_is_kept(tmp_path: Path) -> None:
    config = project(tmp_path)
    _run(config, ARTICLES[:1], FakeTranslator())
    made = config.translations_dir / "one.po"
    made.write_text(
        made.read_text(encoding="utf-8").replace(
            f'"Project-Id-Version: {config.site_title}\\n"', '"Project-Id-Version: Newsroom 2.1\\n"'
        ),
        encoding="utf-8",
    )
    _run(config, ARTICLES[:1], FakeTranslator())
    assert read_catalog(made).metadata["Project-Id-Version"] == "Newsroom 2.1"


_PARAGRAPHS = [
    "الفقرة الأولى من المقال.",
    "فقرة ثانية.",
    "a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg hh ii jj kk ll mm nn oo",
]
_TYPED_ON_ONE_LINE = (
    "A reviewed translation the translator typed in an editor that does not wrap, all of it on one line of the "
    "file, far past the page width of the rest."
)


def _msgcat(text: str, *options: str) -> str:
    made = subprocess.run(["msgcat", *options, "-"], input=text.encode(), capture_output=True, check=True)
    return made.stdout.decode()


@pytest.mark.parametrize("renamed", [False, True], ids=["rewritten", "renamed"])
def test_a_string_typed_on_one_line_is_wrapped_as_the_rest_of_its_catalog_renamed_or_not(
    tmp_path: Path, renamed: bool
) -> None:
    """One reviewed msgstr saved on one line of 150 columns (an editor that does not wrap) in a catalog
    wrapped at gettext's 79: the widest line was taken for the file's width (153, a width no editor uses),
    or 79 where a line filled to 79 came first; the catalog a renamed source's is made from follows the
    same rule. Either way the rewrite is msgcat's at 79 columns; the long string stays as typed where its
    entry is not changed (a paragraph added), and is wrapped back where it is (its references, renamed)."""
    config = project(tmp_path)
    (config.project_dir / "source" / "news2.txt").write_text("news", encoding="utf-8")
    _run(config, [article("news2", _PARAGRAPHS)], FakeTranslator())
    path = config.translations_dir / "news2.po"
    catalog = read_catalog(path)
    entry = next(entry for entry in catalog if entry.msgid == _PARAGRAPHS[0])
    entry.msgstr, entry.flags = "placeholder", []
    text = store.serialize_catalog(catalog).decode("utf-8")
    path.write_text(text.replace('msgstr "placeholder"', f'msgstr "{_TYPED_ON_ONE_LINE}"'), encoding="utf-8")
    assert len(f'msgstr "{_TYPED_ON_ONE_LINE}"') > 150
    more = [*_PARAGRAPHS, "فقرة رابعة."]
    if renamed:
        (config.project_dir / "source" / "news2.txt").rename(config.project_dir / "source" / "news2b.txt")
        result = _run(config, [article("news2b", more)], FakeTranslator())
        assert "news2b" in result.renamed_from
        path = config.translations_dir / "news2b.po"
    else:
        _run(config, [article("news2", more)], FakeTranslator())
    written = path.read_text(encoding="utf-8")
    assert read_catalog(path).find(_PARAGRAPHS[0]).msgstr == _TYPED_ON_ONE_LINE
    typed = f'msgstr "{_TYPED_ON_ONE_LINE}"'
    if renamed:
        assert written == _msgcat(written)
        assert all(len(line) <= 79 for line in written.splitlines() if "translator typed" in line)
    else:
        wrapped = "\n".join(string_lines("", "msgstr", _TYPED_ON_ONE_LINE, 79))
        assert typed in written.splitlines()
        assert written == _msgcat(written).replace(wrapped, typed)


class TranslatorSavedInAnotherLayout(TranslatorCorrectedBetweenParagraphs):
    """After the first paragraph's draft is saved, a translator corrects it in an editor that saves the file
    its own way: wrapped at 60 columns, CRLF line ends, a byte order mark (a Windows editor)."""

    correction = "The translator's correction, long enough to be wrapped at sixty columns."

    def save(self, catalog: polib.POFile) -> None:
        text = _msgcat(store.serialize_catalog(catalog).decode("utf-8"), "--width=60")
        self.path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))


def test_a_translator_s_save_during_the_drafting_keeps_its_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save taken in between two drafts keeps the layout the file was saved in (its line ends, byte order
    mark and width), as a rewrite of a file saved before the run does: the drafts came back LF-only at 79."""
    monkeypatch.setattr(update, "WRITE_BACK_SECONDS", 0)
    monkeypatch.setattr(update, "WRITE_BACK_MAX_SHARE", math.inf)
    config = project(tmp_path)
    path = config.translations_dir / "one.po"
    paragraphs = [
        "الفقرة الأولى.",
        "الفقرة الثانية وهي فقرة طويلة بما يكفي لتلتف على أكثر من سطر واحد في الملف عند عرض ستين عمودا.",
        "الفقرة الثالثة.",
    ]
    _run(config, [article("one", paragraphs)], None)
    _run(config, [article("one", paragraphs)], TranslatorSavedInAnotherLayout(path))
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == data.count(b"\n") == data.count(b"\r")
    text = data.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    assert text == _msgcat(text, "--width=60")
    texts = [entry.msgstr for entry in read_catalog(path)]
    assert texts[0].startswith("The translator's correction") and texts[1:] == [f"EN({p})" for p in paragraphs]


@pytest.mark.parametrize(
    "theirs",
    [
        "nplurals=2; plural=n != 1;",  # Weblate's spelling of English's rule
        "nplurals=1; plural=0;",  # a translator's own choice, as msgmerge keeps it
    ],
)
def test_a_translator_s_plural_forms_is_kept_and_the_file_not_rewritten(tmp_path: Path, theirs: str) -> None:
    """Plural-Forms is written when a catalog is made, then the translators' (msgmerge keeps the catalog's own
    header): translate rewrote an editor's rule to the toolkit's without a word, in every catalog."""
    config = project(tmp_path)
    _run(config, ARTICLES[:1], FakeTranslator())
    made = config.translations_dir / "one.po"
    assert read_catalog(made).metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    made.write_text(made.read_text(encoding="utf-8").replace("nplurals=2; plural=(n != 1);", theirs), encoding="utf-8")
    before = (made.stat().st_mtime_ns, made.read_bytes())
    result = _run(config, ARTICLES[:1], FakeTranslator())
    assert (made.stat().st_mtime_ns, made.read_bytes()) == before
    assert not result.written
    assert read_catalog(made).metadata["Plural-Forms"] == theirs


def test_a_catalog_without_plural_forms_is_given_the_target_language_s(tmp_path: Path) -> None:
    config = project(tmp_path)
    _run(config, ARTICLES[:1], FakeTranslator())
    made = config.translations_dir / "one.po"
    made.write_text(
        made.read_text(encoding="utf-8").replace('"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n', ""),
        encoding="utf-8",
    )
    assert "Plural-Forms" not in read_catalog(made).metadata
    _run(config, ARTICLES[:1], FakeTranslator())
    assert read_catalog(made).metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
