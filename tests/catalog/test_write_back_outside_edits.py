"""The grouped write-back (catalog/update.py's _WriteBack) against a translator's saves and a killed run."""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from catalog_fakes import FakeTranslator, NullProgress, article, project

from toolkit.catalog import store, update
from toolkit.catalog.store import read_catalog
from toolkit.catalog.update import update_catalogs
from toolkit.errors import ModelMissingError
from toolkit.store.files import AtomicWrites

PARAGRAPHS = ["الفقرة الأولى من المقال.", "الفقرة الثانية من المقال.", "الفقرة الثالثة من المقال."]


def _no_model():
    raise ModelMissingError("no Argos package for ar -> en")


class EditsOnCall(FakeTranslator):
    """On its `call`-th translate call, a translator saves the file in an editor: `edit(path)`."""

    def __init__(self, path: Path, call: int, edit: Callable[[Path], None]) -> None:
        super().__init__()
        self.path, self.call, self.edit = path, call, edit

    def translate(self, paragraphs, on_sentences_done=None):
        if len(self.calls) == self.call:
            self.edit(self.path)
        return super().translate(paragraphs, on_sentences_done)


def _review_title(path: Path) -> None:
    catalog = read_catalog(path)
    title = catalog.find("Title", msgctxt="title")
    title.msgstr = "The translator's title"
    title.flags = []
    catalog.save(str(path))


def _set_french(path: Path) -> None:
    """The translator finds the catalog is French and says so in its header."""
    path.write_bytes(path.read_bytes().replace(b'"Language: en\\n"', b'"Language: fr\\n"'))


@pytest.mark.parametrize("write_back_seconds", [0, 3600])
def test_a_save_between_two_chunks_of_one_catalog_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_back_seconds: int
) -> None:
    """The translator saves after the first chunk was drafted: written already (0 s) or still due (3600 s)."""
    monkeypatch.setattr(update, "CHUNK_SOURCE_CHARS", 30)
    monkeypatch.setattr(update, "WRITE_BACK_SECONDS", write_back_seconds)
    monkeypatch.setattr(update, "WRITE_BACK_MAX_SHARE", math.inf)  # at 0 s, every write at once
    config = project(tmp_path)
    path = config.translations_dir / "one.po"
    articles = [article("one", PARAGRAPHS)]
    update_catalogs(config, articles, _no_model, NullProgress)
    translator = EditsOnCall(path, call=2, edit=_review_title)
    result = update_catalogs(config, articles, lambda: translator, NullProgress)
    assert len(translator.calls) > 2
    catalog = read_catalog(path)
    title = catalog.find("Title", msgctxt="title")
    assert title.msgstr == "The translator's title" and not title.fuzzy
    assert [entry.msgstr for entry in catalog if entry.msgctxt != "title"] == [f"EN({p})" for p in PARAGRAPHS]
    assert not result.errors


def test_a_catalog_saved_as_another_language_during_the_drafting_is_named_and_left_as_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The Language a translator set while the engine drafted was the catalog stage's own field: the next write
    # put "en" back over their "fr", and a French catalog was English again, with exit 0.
    monkeypatch.setattr(update, "CHUNK_SOURCE_CHARS", 30)
    monkeypatch.setattr(update, "WRITE_BACK_SECONDS", 0)
    config = project(tmp_path)
    path = config.translations_dir / "one.po"
    articles = [article("one", PARAGRAPHS)]
    update_catalogs(config, articles, _no_model, NullProgress)
    translator = EditsOnCall(path, call=1, edit=_set_french)
    result = update_catalogs(config, articles, lambda: translator, NullProgress)
    assert len(translator.calls) > 1
    saved = path.read_bytes()
    assert b'"Language: fr\\n"' in saved
    assert [str(error.path) for error in result.errors] == [str(path)]
    assert "its header says Language: 'fr' (French)" in result.errors[0].message
    more = update_catalogs(config, articles, FakeTranslator, NullProgress)
    assert path.read_bytes() == saved and [str(error.path) for error in more.errors] == [str(path)]


def test_a_run_killed_with_catalogs_due_keeps_them_and_the_next_run_carries_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(update, "CHUNK_SOURCE_CHARS", 30)
    monkeypatch.setattr(update, "WRITE_BACK_SECONDS", 3600)
    config = project(tmp_path)

    class DiesOnThirdChunk(FakeTranslator):
        def translate(self, paragraphs, on_sentences_done=None):
            if len(self.calls) == 2:
                raise KeyboardInterrupt
            return super().translate(paragraphs, on_sentences_done)

    articles = [article("one", PARAGRAPHS)]
    with pytest.raises(KeyboardInterrupt):
        update_catalogs(config, articles, DiesOnThirdChunk, NullProgress)
    assert [path.name for path in config.translations_dir.iterdir()] == ["one.po"]  # nothing half-written
    done = [entry for entry in read_catalog(config.translations_dir / "one.po") if entry.msgstr]
    assert 0 < len(done) < 4  # of the title and three paragraphs: the chunks drafted before the kill
    translator = FakeTranslator()
    result = update_catalogs(config, articles, lambda: translator, NullProgress)
    assert result.untranslated == 0 and len(translator.translated) == 4 - len(done)


def test_a_save_while_the_group_is_staged_is_kept_and_the_drafts_still_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """one.po is checked and staged first; the translator saves it while two.po is staged (or the group is
    flushed): putting the staged one.po in place would lose their save."""
    config = project(tmp_path)
    articles = [article("one", ["فقرة أولى."]), article("two", ["فقرة ثانية."])]
    update_catalogs(config, articles, _no_model, NullProgress)
    one = config.translations_dir / "one.po"
    stage = AtomicWrites.stage
    saved: list[Path] = []

    def staging(writes, path, chunks, *rest):
        if path.name == "two.po" and not saved:
            catalog = read_catalog(one)
            catalog.find("Title", msgctxt="title").msgstr = "The translator's title"
            catalog.save(str(one))
            saved.append(one)
        return stage(writes, path, chunks, *rest)

    monkeypatch.setattr(AtomicWrites, "stage", staging)
    result = update_catalogs(config, articles, FakeTranslator, NullProgress)
    catalog = read_catalog(one)
    assert saved and catalog.find("Title", msgctxt="title").msgstr == "The translator's title"
    assert catalog.find("فقرة أولى.", msgctxt=catalog[1].msgctxt).msgstr == "EN(فقرة أولى.)"
    assert [path.name for path in result.written] == ["one.po", "two.po"]
    assert sorted(path.name for path in config.translations_dir.iterdir()) == ["one.po", "two.po"]


def test_atomic_writes_leave_out_a_file_changed_since_it_was_staged(tmp_path: Path) -> None:
    kept, replaced = tmp_path / "kept", tmp_path / "replaced"
    kept.write_bytes(b"theirs")
    writes = AtomicWrites()
    writes.stage(kept, [b"ours"], lambda: True)
    writes.stage(replaced, [b"ours"], lambda: False)
    assert writes.commit() == [replaced]
    assert kept.read_bytes() == b"theirs" and replaced.read_bytes() == b"ours"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["kept", "replaced"]


def test_a_chunks_catalogs_are_on_disk_before_the_engine_drafts_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One machine drafts a chunk in seconds: each chunk's catalogs are written together once it is back, so a
    kill while the next is drafted loses that one only (the first of them alone was written, the others
    waited for the next chunk)."""
    clock = SimpleNamespace(now=0.0)
    monkeypatch.setattr(update, "time", SimpleNamespace(monotonic=lambda: clock.now))
    monkeypatch.setattr(update, "CHUNK_SOURCE_CHARS", 25)
    config = project(tmp_path)
    articles = [article(name, [f"فقرة {name}."]) for name in ("a", "b", "c")]
    on_disk: list[list[str]] = []

    class Slow(FakeTranslator):
        def translate(self, paragraphs, on_sentences_done=None):
            on_disk.append(sorted(path.name for path in config.translations_dir.glob("*.po")))
            clock.now += 10
            return super().translate(paragraphs, on_sentences_done)

    translator = Slow()
    update_catalogs(config, articles, lambda: translator, NullProgress)
    assert [len(call) for call in translator.calls] == [4, 2]  # a's and b's title and paragraph, then c's
    assert on_disk == [[], ["a.po", "b.po"]]


def _an_hour_later(monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalog's files looked at an hour after they were last written, so their status (whose change
    time no tool can set back) stands for their bytes."""
    now = store.time.time_ns
    monkeypatch.setattr(store.time, "time_ns", lambda: now() + 3600 * 10**9)


def _settled_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, msgstr: str):
    """A project's one catalog, looked at an hour after it was written: its path, the catalog read with the
    first paragraph's msgstr changed to `msgstr`, and what the file held."""
    config = project(tmp_path)
    update_catalogs(config, [article("one", PARAGRAPHS)], _no_model, NullProgress)
    path = config.translations_dir / "one.po"
    _an_hour_later(monkeypatch)
    catalog, read = store.load_catalog(path, "en")
    catalog[1].msgstr = msgstr
    return path, catalog, read


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    reads: list[Path] = []
    for name in ("read_regular_file", "read_regular_file_and_status"):
        original = getattr(store, name)
        monkeypatch.setattr(
            store, name, lambda path, *rest, original=original: reads.append(path) or original(path, *rest)
        )
    return reads


def test_a_settled_catalog_is_not_read_again_to_save_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its status (inode, size, time of the last change) vouches for the bytes read at the merge: the save and
    the commit's check that nobody saved it meanwhile look at the status only."""
    path, catalog, read = _settled_catalog(tmp_path, monkeypatch, "The first paragraph.")
    reads = _count_reads(monkeypatch)
    writes = AtomicWrites()
    wrote, _ = store.save_catalog(path, catalog, read, update.keep_outside_edits, "en", writes)
    assert wrote and writes.commit() == [path] and reads == []
    assert read_catalog(path)[1].msgstr == "The first paragraph."


@pytest.mark.parametrize("keeps_times", [False, True], ids=["new times", "old times kept"])
@pytest.mark.parametrize("when", ["before the save", "while staged"])
def test_a_save_of_the_same_size_over_a_settled_catalog_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str, keeps_times: bool
) -> None:
    """The translator's editor writes the file in place, the same number of bytes: its time of change moved, so
    the bytes are read and their work taken in (before the save) or the staged file left out (while staged).
    Also when the tool put the old modification time back (`cp -p`, `rsync -t --inplace`, `touch -r`): the
    status change time, which no tool can set back, still moved."""
    path, catalog, read = _settled_catalog(tmp_path, monkeypatch, "Ours.")
    size = path.stat().st_size
    # Their name as the last translator, four bytes taken from the header's comment to keep the size.
    theirs = (
        path.read_bytes().replace(b"(ar -> en).", b"(ar-en)").replace(b"Last-Translator: ", b"Last-Translator: Amal")
    )
    assert theirs != path.read_bytes() and len(theirs) == size

    def edit() -> None:
        before = path.stat()
        with path.open("r+b") as handle:  # in place: the same inode, the same size
            handle.write(theirs)
        if keeps_times:
            os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))

    writes = AtomicWrites()
    if when == "before the save":
        edit()
        wrote, _ = store.save_catalog(path, catalog, read, update.keep_outside_edits, "en", writes)
        assert wrote and writes.commit() == [path]
        saved = read_catalog(path)
        assert saved.metadata["Last-Translator"] == "Amal" and saved[1].msgstr == "Ours."
    else:
        wrote, _ = store.save_catalog(path, catalog, read, update.keep_outside_edits, "en", writes)
        edit()
        assert wrote and writes.commit() == []
        assert path.read_bytes() == theirs


def test_a_linked_catalog_is_said_replaced_only_once_its_file_is_placed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """A translator saves the linked file while the group is staged: the commit leaves the catalog out (still a
    link), so no line says it became a file of its own; the next save, placed, says it once."""
    config = project(tmp_path)
    update_catalogs(config, [article("one", PARAGRAPHS)], _no_model, NullProgress)
    path = config.translations_dir / "one.po"
    elsewhere = tmp_path / "shared.po"
    path.rename(elsewhere)
    path.symlink_to(elsewhere)
    catalog, read = store.load_catalog(path, "en")
    catalog[1].msgstr = "Ours."
    writes = AtomicWrites()
    wrote, _ = store.save_catalog(path, catalog, read, update.keep_outside_edits, "en", writes)
    theirs = read_catalog(elsewhere)
    theirs[2].msgstr = "Theirs."
    theirs.save(str(elsewhere))
    assert wrote and writes.commit() == []
    assert path.is_symlink() and capsys.readouterr().err == ""

    catalog, read = store.load_catalog(path, "en")
    catalog[1].msgstr = "Ours."
    wrote, _ = store.save_catalog(path, catalog, read, update.keep_outside_edits, "en", writes)
    assert capsys.readouterr().err == ""  # staged, not yet placed
    assert wrote and writes.commit() == [path]
    assert capsys.readouterr().err.count("was a link to") == 1
    assert not path.is_symlink() and read_catalog(path)[2].msgstr == "Theirs."
