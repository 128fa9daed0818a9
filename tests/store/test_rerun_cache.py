"""Re-runs cost what changed: the cache of cleaned articles, merged catalogs and summaries (.toolkit/cache.sqlite).

The work done is seen through the stage functions each run calls (counted by wrapping them, never replaced):
a source read and split (`read_document`), an article cleaned (`clean_document`), a catalog read for a
merge (`load_catalog` in the catalog stage) or for the summary (in the status command).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from shared_paths import REPO

from toolkit.catalog import update
from toolkit.catalog.store import MAX_CATALOG_BYTES, read_catalog
from toolkit.catalog.update import update_catalogs
from toolkit.clean import pipeline
from toolkit.clean.decode import MAX_SOURCE_BYTES
from toolkit.clean.pipeline import clean_stream
from toolkit.clean.sources import source_article_ids
from toolkit.commands import publish as publish_command
from toolkit.commands import rerun, status
from toolkit.commands.status import summarize_project
from toolkit.config import MAX_SETTINGS_BYTES, load_config
from toolkit.store import cache as cache_module
from toolkit.store import identity as identity_module
from toolkit.store.cache import CACHE_FILE, run_cache
from toolkit.store.settings import LARGEST_READ_BYTES
from toolkit.translate.engine import Draft

FURNITURE = "ملف خاص عن الأمن الأوروبي"  # short, no final stop: furniture once it recurs in 3 articles
NEW_LINE = "وأضاف المتحدث في بيان لاحق أن المحادثات ستستأنف الأسبوع المقبل في العاصمة."


class EchoTranslator:
    description = "echo (tests)"

    def translate(self, paragraphs, on_sentences_done=None):
        return [Draft(f"EN {len(paragraph)}") for paragraph in paragraphs]


class _NoProgress:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter:
    counted: Counter = Counter()

    def counting(module, name: str, label: str) -> None:
        original = getattr(module, name)

        def wrapper(*args, **kwargs):
            counted[label] += 1
            if label.endswith("read") and isinstance(args[0], Path) and args[0].suffix == ".po":
                counted[f"{label} {args[0].stem}"] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    counting(pipeline, "read_document", "read")
    counting(pipeline, "clean_document", "cleaned")
    counting(update, "load_catalog", "merge read")
    counting(status, "read_project_catalog", "summary read")
    counting(pipeline, "article_digest", "digested")
    counting(pipeline, "read_source", "source bytes read")
    get = cache_module.RunCache.get

    def counting_whole_articles(cache, kind: str, name: str, key: bytes):
        if kind == "article":  # unpickled, where its head (pipeline.CachedArticle) is all a run needs
            counted["article read whole"] += 1
        return get(cache, kind, name, key)

    monkeypatch.setattr(cache_module.RunCache, "get", counting_whole_articles)
    return counted


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(REPO / "source", project / "source")
    shutil.copy2(REPO / "toolkit.toml", project / "toolkit.toml")
    return project


def _publish_stages(project: Path, calls: Counter, cached: bool = True) -> dict:
    """clean -> catalogs -> summary as publish runs them; what they did, and the work it took."""
    calls.clear()
    config = load_config(project)
    with run_cache(config.state_dir) as cache:
        if not cached:
            from toolkit.store.cache import NO_CACHE

            cache = NO_CACHE
        cleaning = clean_stream(config, cache=cache)
        result = update_catalogs(
            config, cleaning.articles, EchoTranslator, lambda total: _NoProgress(), cache, cleaning.digest_of
        )
        summaries, errors = summarize_project(config, source_article_ids(config), cache=cache)
    assert not cleaning.errors and not result.errors and not errors
    return {"work": dict(calls), "written": [path.name for path in result.written], "summaries": summaries}


def _add_line(source: Path, line: str) -> None:
    """A line after the longest one (in the body: the end of a seed is its footer, cut as boilerplate)."""
    lines = source.read_text(encoding="utf-8").splitlines()
    body = max(range(len(lines)), key=lambda number: len(lines[number]))
    lines.insert(body + 1, line)
    source.write_text("\n".join(lines) + "\n", "utf-8")


def _active_sources(project: Path, source: Path) -> list[str]:
    return [entry.msgid for entry in read_catalog(project / "translations" / f"{source.stem}.po") if not entry.obsolete]


def _catalogs(project: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((project / "translations").glob("*.po"))}


def test_nothing_changed_nothing_is_cleaned_merged_or_read_again(tmp_path: Path, calls: Counter) -> None:
    project = _project(tmp_path)
    first = _publish_stages(project, calls)
    assert first["work"]["cleaned"] == 5 and len(first["written"]) == 5
    again = _publish_stages(project, calls)
    assert again["work"] == {}, "an unchanged project was worked on again"
    assert again["written"] == []
    assert again["summaries"] == first["summaries"]


def test_one_changed_source_is_the_only_one_cleaned_merged_and_summarized_again(tmp_path: Path, calls: Counter) -> None:
    project = _project(tmp_path)
    _publish_stages(project, calls)
    _publish_stages(project, calls)
    changed = sorted((project / "source").glob("*.txt"))[2]
    _add_line(changed, NEW_LINE)
    after = _publish_stages(project, calls)
    work = after["work"]
    # Only the changed article is digested for its catalog's merge key: the others' digests come with them.
    assert (work["source bytes read"], work["read"], work["cleaned"], work["digested"]) == (1, 1, 1, 1), work
    assert work["summary read"] == 1
    # Its catalog is read once, to be merged and drafted; no other catalog is read at all.
    assert {label for label in work if label.startswith(("merge read ", "summary read "))} == {
        f"merge read {changed.stem}",
        f"summary read {changed.stem}",
    }
    assert work[f"merge read {changed.stem}"] == 1
    assert after["written"] == [f"{changed.stem}.po"]


def test_cached_runs_write_exactly_what_uncached_runs_write(tmp_path: Path, calls: Counter) -> None:
    cached, uncached = _project(tmp_path / "a"), _project(tmp_path / "b")
    for project, use_cache in ((cached, True), (uncached, False)):
        _publish_stages(project, calls, use_cache)
        source = project / "source" / "001_7e7eb9076ff80330.txt"
        source.write_text(source.read_text(encoding="utf-8").replace("روسيا", "روسيا الاتحادية", 1), "utf-8")
        _publish_stages(project, calls, use_cache)
    assert _catalogs(cached) == _catalogs(uncached)


def test_new_corpus_evidence_recleans_only_the_articles_it_concerns(tmp_path: Path, calls: Counter) -> None:
    project = _project(tmp_path)
    sources = sorted((project / "source").glob("*.txt"))
    for source in sources[:2]:
        _add_line(source, FURNITURE)
    _publish_stages(project, calls)
    assert FURNITURE in _active_sources(project, sources[0]), "in two articles of five the line is not yet furniture"
    # A third article with the line: now it recurs in 3 of 5, and the two others must be cleaned again.
    _add_line(sources[2], FURNITURE)
    after = _publish_stages(project, calls)
    # The changed file is read for the evidence; the two whose evidence changed are read again to be cleaned;
    # the two others are neither read nor cleaned.
    assert (after["work"]["read"], after["work"]["cleaned"]) == (3, 3)
    for source in sources[:3]:
        assert FURNITURE not in _active_sources(project, source)


def test_a_changed_cleaner_setting_cleans_everything_again(tmp_path: Path, calls: Counter) -> None:
    project = _project(tmp_path)
    _publish_stages(project, calls)
    with (project / "toolkit.toml").open("a", encoding="utf-8") as config:
        config.write("\n[clean]\n[clean.corpus]\nmin_articles = 4\n")
    after = _publish_stages(project, calls)
    assert after["work"]["read"] == 5 and after["work"]["cleaned"] == 5


@pytest.mark.parametrize("package", ["trafilatura", "htmldate", "justext", "lxml", "beautifulsoup4"])
def test_an_upgraded_extractor_cleans_everything_again(
    tmp_path: Path, calls: Counter, monkeypatch: pytest.MonkeyPatch, package: str
) -> None:
    # htmldate finds an HTML page's date and justext its paragraphs (under trafilatura): upgrading one alone
    # kept the articles the old one made.
    project = _project(tmp_path)
    _publish_stages(project, calls)
    installed = pipeline.installed_version
    monkeypatch.setattr(pipeline, "installed_version", lambda name: "99.0" if name == package else installed(name))
    after = _publish_stages(project, calls)
    assert after["work"]["read"] == 5 and after["work"]["cleaned"] == 5


def test_a_translators_save_is_read_merged_and_summarized_again(tmp_path: Path, calls: Counter) -> None:
    project = _project(tmp_path)
    _publish_stages(project, calls)
    catalog = sorted((project / "translations").glob("*.po"))[0]
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('msgstr "EN ', 'msgstr "Edited EN ', 1), "utf-8")
    after = _publish_stages(project, calls)
    assert after["work"] == {
        "article read whole": 1,  # to merge its catalog again
        "merge read": 1,
        f"merge read {catalog.stem}": 1,
        "summary read": 1,
        f"summary read {catalog.stem}": 1,
    }
    assert "Edited EN" in catalog.read_text(encoding="utf-8")


def test_a_damaged_cache_is_replaced_and_the_run_does_the_work(tmp_path: Path, calls: Counter) -> None:
    project = _project(tmp_path)
    first = _publish_stages(project, calls)
    (project / ".toolkit" / CACHE_FILE).write_bytes(b"not a database at all" * 100)
    again = _publish_stages(project, calls)
    assert again["work"]["cleaned"] == 5 and again["written"] == []
    assert again["summaries"] == first["summaries"]
    assert _publish_stages(project, calls)["work"] == {}


@contextmanager
def _echo_translator(config):
    yield EchoTranslator


@pytest.fixture
def stages(monkeypatch: pytest.MonkeyPatch, calls: Counter) -> Counter:
    """`calls`, plus how often `toolkit publish` ran each stage at all; its translator is the echo one."""

    def counting(module, name: str) -> None:
        original = getattr(module, name)

        def wrapper(*args, **kwargs):
            calls[name] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    counting(pipeline, "clean_stream")
    counting(publish_command, "update_catalogs")
    counting(status, "project_summary")
    monkeypatch.setattr(publish_command, "project_translator", _echo_translator)
    return calls


def _publish(project: Path, calls: Counter) -> dict:
    """`toolkit publish` itself: what it reported, and the work it took."""
    calls.clear()
    result = publish_command.publish(load_config(project), quiet=True)
    assert not result.errors
    return {
        "work": dict(calls),
        "articles": result.update.articles,
        "written": [path.name for path in result.update.written],
        "summaries": result.summary,
        "clean_warnings": result.clean_warnings,
        "site_written": result.build.written,
    }


def _summary_read_afresh(project: Path):
    """publish's summary of the project as it is, every catalog read and checked (no cache)."""
    config = load_config(project)
    summary, errors, _ = status.project_summary(config, source_article_ids(config))
    assert not errors
    return summary


def _review_first_draft(catalog: Path) -> None:
    """A translator's save: the first machine draft of the catalog made reviewed (its fuzzy flag taken off)."""
    text = catalog.read_text(encoding="utf-8")
    assert "\n#, fuzzy\n" in text
    catalog.write_text(text.replace("\n#, fuzzy\n", "\n", 1), encoding="utf-8")


def test_the_first_runs_summary_reads_no_catalog_the_catalog_stage_left(tmp_path: Path, stages: Counter) -> None:
    project = _project(tmp_path)
    first = _publish(project, stages)
    assert len(first["written"]) == 5 and "summary read" not in first["work"], first["work"]
    assert first["summaries"] == _summary_read_afresh(project)
    assert first["summaries"].articles == 5 and first["summaries"].total.warning_count > 0


def _rename_catalog(project: Path, catalog: Path) -> None:
    catalog.rename(project / "translations" / "renamed_by_hand.po")


def _delete_source(project: Path, catalog: Path) -> None:
    (project / "source" / f"{catalog.stem}.txt").unlink()


@pytest.mark.parametrize(
    ("change", "changes_counts"),
    [
        pytest.param(lambda project, catalog: _review_first_draft(catalog), True, id="a translator's save"),
        pytest.param(lambda project, catalog: catalog.unlink(), True, id="catalog deleted"),
        # The next run makes the article's catalog from the renamed one (its reviewed entry too), and keeps the
        # page of the article whose source is gone (its reviewed work): the counts are the same, the run's own.
        pytest.param(_rename_catalog, False, id="catalog renamed"),
        pytest.param(_delete_source, False, id="source deleted"),
    ],
)
@pytest.mark.parametrize("when", ["between two runs", "after the catalog stage", "once the summary is counted"])
def test_every_change_to_what_the_summary_counts_is_in_the_next_summary(
    tmp_path: Path, stages: Counter, monkeypatch: pytest.MonkeyPatch, change: Callable, changes_counts: bool, when: str
) -> None:
    """The summary a run records (and the next run with nothing changed shows again) is never stale: a change
    made between two runs, or during a run once its catalogs are written, is counted by the next run. Each
    change is then undone, back to the bytes of a state a run recorded: its summary is that state's."""
    project = _project(tmp_path)
    _publish(project, stages)
    catalog = sorted((project / "translations").glob("*.po"))[2]
    _review_first_draft(catalog)
    reviewed = _publish(project, stages)["summaries"]
    assert reviewed.total.counts.of("reviewed") == 1 and reviewed == _summary_read_afresh(project)
    kept = {path: path.read_bytes() for folder in ("source", "translations") for path in (project / folder).iterdir()}
    if when == "between two runs":
        change(project, catalog)
    else:
        _add_line(sorted((project / "source").glob("*.txt"))[0], NEW_LINE)  # the run cleans and merges again
        done = (publish_command, "update_catalogs") if "catalog stage" in when else (status, "project_summary")
        _publish_then_meanwhile(project, stages, monkeypatch, lambda: change(project, catalog), done)
    for _ in range(2):  # the run that meets the change, then one with nothing changed
        after = _publish(project, stages)["summaries"]
        assert after == _summary_read_afresh(project)
        if changes_counts:
            assert after.total.counts != reviewed.total.counts, "the change was not counted"
    for folder in ("source", "translations"):
        for path in (project / folder).iterdir():
            if path not in kept:
                path.unlink()
    for path, data in kept.items():
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
    for _ in range(2):
        assert _publish(project, stages)["summaries"] == _summary_read_afresh(project)


def test_a_re_run_with_nothing_changed_runs_no_stage_but_the_build(tmp_path: Path, stages: Counter) -> None:
    project = _project(tmp_path)
    first = _publish(project, stages)
    assert first["work"]["clean_stream"] == 1 and len(first["written"]) == 5
    again = _publish(project, stages)
    assert again["work"] == {}, "an unchanged project was cleaned, merged or summarized again"
    assert again["written"] == [] and again["site_written"] == ()
    for report in ("articles", "summaries", "clean_warnings"):
        assert again[report] == first[report], report


def test_byte_code_caches_made_by_a_run_do_not_make_its_outcome_stale(
    tmp_path: Path, stages: Counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh copy of the code has no byte-code caches: the modules a run imports late (the build's, the
    summary's) make them after the outcome is recorded. A new module is a change of code."""
    code = tmp_path / "code" / "toolkit"
    shutil.copytree(Path(rerun.toolkit.__file__).parent, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(rerun.toolkit, "__file__", str(code / "__init__.py"))
    project = _project(tmp_path)
    first = _publish(project, stages)
    assert first["work"]["clean_stream"] == 1
    (code / "site" / "__pycache__").mkdir()
    (code / "site" / "__pycache__" / "build.cpython-311.pyc").write_bytes(b"byte code")
    assert _publish(project, stages)["work"] == {}, "a byte-code cache made the recorded outcome stale"
    (code / "site" / "new_rule.py").write_text("RULE = 1\n", encoding="utf-8")
    assert _publish(project, stages)["work"]["clean_stream"] == 1, "a new module left the outcome standing"


def test_a_translators_edit_that_keeps_size_and_modification_time_is_seen(
    tmp_path: Path, stages: Counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every file's times are trusted at once, as they are for files older than a timestamp tick: what tells
    # the edit is the change time alone.
    monkeypatch.setattr(identity_module, "RACY_WINDOW_NS", 0)
    project = _project(tmp_path)
    _publish(project, stages)
    catalog = sorted((project / "translations").glob("*.po"))[1]
    before = catalog.stat()
    # Written in place, the same length, its modification time set back: only the change time tells.
    text = catalog.read_text(encoding="utf-8")
    edited = text.replace('msgstr "EN ', 'msgstr "NE ', 1)
    assert edited != text and len(edited.encode()) == before.st_size
    with catalog.open("r+b") as file:
        file.write(edited.encode("utf-8"))
    os.utime(catalog, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (catalog.stat().st_size, catalog.stat().st_mtime_ns, catalog.stat().st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    after = _publish(project, stages)
    assert after["work"]["merge read"] == 1 and after["work"][f"merge read {catalog.stem}"] == 1
    assert "summary read" not in after["work"], "the merge left the summary's counts of the catalog it read"
    assert after["summaries"] == _summary_read_afresh(project), "the edit was not counted"
    assert "NE " in catalog.read_text(encoding="utf-8")


def _publish_then_meanwhile(
    project: Path,
    stages: Counter,
    monkeypatch: pytest.MonkeyPatch,
    meanwhile: Callable[[], object],
    after: tuple[object, str] = (publish_command, "update_catalogs"),
) -> None:
    """One publish during which `meanwhile` happens once a stage is done (`after`: the module and name the run
    calls it by; by default the catalogs are updated), before the run ends."""
    module, name = after
    stage = getattr(module, name)

    def stage_then_meanwhile(*args, **kwargs):
        result = stage(*args, **kwargs)
        meanwhile()
        return result

    with monkeypatch.context() as patched:
        patched.setattr(module, name, stage_then_meanwhile)
        _publish(project, stages)


def test_a_catalog_saved_while_the_run_works_is_seen_by_the_next_run(
    tmp_path: Path, stages: Counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save the run did not see (it came after the run read the catalog) keeps the run from recording that
    nothing is left to do: the next run reads it."""
    project = _project(tmp_path)
    _publish(project, stages)
    source = sorted((project / "source").glob("*.txt"))[3]
    _add_line(source, NEW_LINE)
    catalog = sorted((project / "translations").glob("*.po"))[0]

    def a_translator_saves() -> None:
        text = catalog.read_text(encoding="utf-8")
        catalog.write_text(text.replace('msgstr "EN ', 'msgstr "Saved EN ', 1), encoding="utf-8")

    _publish_then_meanwhile(project, stages, monkeypatch, a_translator_saves)
    after = _publish(project, stages)
    assert after["work"]["clean_stream"] == 1 and after["work"][f"merge read {catalog.stem}"] == 1
    assert _publish(project, stages)["work"] == {}


def test_one_changed_source_rebuilds_only_its_own_pages(tmp_path: Path, stages: Counter) -> None:
    project = _project(tmp_path)
    _publish(project, stages)
    changed = sorted((project / "source").glob("*.txt"))[1]
    _add_line(changed, NEW_LINE)
    after = _publish(project, stages)
    work = after["work"]
    assert (work["read"], work["cleaned"]) == (1, 1), work
    # Its catalog is read once, to be merged: the summary has its counts from the write-back.
    assert {label for label in work if label.startswith(("merge read ", "summary read "))} == {
        f"merge read {changed.stem}"
    }
    assert after["written"] == [f"{changed.stem}.po"]
    pages = [name for name in after["site_written"] if "articles/" in name]
    assert pages and all(changed.stem in name for name in pages), pages


def _bytes_read() -> int:
    return int(Path("/proc/self/io").read_text(encoding="ascii").split("rchar: ")[1].split()[0])


def test_a_file_larger_than_any_reader_takes_is_known_without_being_read(tmp_path: Path) -> None:
    # translate hashed a sparse 2 GB catalog whole, twice (8 s of CPU), before refusing it as too large.
    assert max(MAX_CATALOG_BYTES, MAX_SOURCE_BYTES, MAX_SETTINGS_BYTES) <= LARGEST_READ_BYTES  # every reader's
    folder = tmp_path / "translations"
    folder.mkdir()
    big = folder / "big.po"
    with open(big, "wb") as handle:
        handle.truncate(LARGEST_READ_BYTES + 1)
    with run_cache(tmp_path / ".toolkit") as cache:
        before = _bytes_read()
        first = cache.file_key(big), cache.fingerprint([folder])
        assert _bytes_read() - before < 1_000_000
        assert first == (cache.file_key(big), cache.fingerprint([folder]))
        with open(big, "r+b") as handle:
            handle.truncate(LARGEST_READ_BYTES + 2)
        assert cache.file_key(big) != first[0]


def test_file_keys_never_trust_times_within_one_timestamp_tick(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a file system with a coarse clock (here: whole seconds, no change time), a file rewritten within
    the tick it was looked at keeps its times; it is hashed again at every look until it is older."""

    def coarse(status: os.stat_result) -> tuple:
        seconds = status.st_mtime_ns // 10**9 * 10**9
        return status.st_dev, status.st_ino, status.st_size, seconds, seconds

    monkeypatch.setattr(cache_module, "file_identity", coarse)
    reads: Counter = Counter()
    original_digest = cache_module._file_digest

    def counted_digest(path, identity):
        reads[Path(path).name] += 1
        return original_digest(path, identity)

    monkeypatch.setattr(cache_module, "_file_digest", counted_digest)
    state = tmp_path / ".toolkit"
    folder = tmp_path / "translations"
    folder.mkdir()
    recent, old = folder / "recent.po", folder / "old.po"
    recent.write_text('msgid "a"\n', encoding="utf-8")
    old.write_text('msgid "b"\n', encoding="utf-8")
    long_ago = time.time_ns() - 60 * 10**9
    os.utime(old, ns=(long_ago, long_ago))
    with run_cache(state) as cache:
        first = cache.file_key(recent), cache.file_key(old), cache.fingerprint([folder])
    mtime = recent.stat().st_mtime_ns
    recent.write_text('msgid "c"\n', encoding="utf-8")  # the same size, within the same second
    os.utime(recent, ns=(mtime, mtime))
    with run_cache(state) as cache:
        again = cache.fingerprint([folder]), cache.file_key(recent), cache.file_key(old)
    assert again[0] != first[2], "an edit within the tick was hidden from the folder's fingerprint"
    assert again[1] != first[0], "an edit within the tick was hidden by the file's times"
    assert again[2] == first[1] and reads["old.po"] == 1, "an old, unchanged file was read again"


def test_translate_skips_what_publish_left_with_nothing_to_do_and_says_the_same(
    tmp_path: Path, stages: Counter, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    from toolkit.commands import translate as translate_command

    monkeypatch.setattr(translate_command, "project_translator", _echo_translator)
    project = _project(tmp_path)
    _publish(project, stages)
    stages.clear()
    capsys.readouterr()
    assert translate_command.run(load_config(project), quiet=True) == 0
    assert stages == {}
    assert "translate: 5 articles, 0 entries drafted, 0 from memory, 0 untranslated, 0 files written" in (
        capsys.readouterr().err
    )


def test_a_run_with_nothing_to_draft_opens_no_engine_on_any_cluster_and_replays_one_without(
    tmp_path: Path, stages: Counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening the engine on a cluster connects to it and starts its workers, each loading the model, and a
    cluster out of reach fails the run: a re-run with nothing to draft opened it first thing, and the address
    was part of the inputs a run is replayed by, so `--cluster` re-cleaned and re-merged a project published
    without it (the drafts are the same wherever they are made)."""
    from toolkit.commands import translate as translate_command

    opened: list[str | None] = []

    @contextmanager
    def counted_engine(config):
        opened.append(config.cluster_address)
        yield EchoTranslator

    monkeypatch.setattr(publish_command, "project_translator", counted_engine)
    monkeypatch.setattr(translate_command, "project_translator", counted_engine)
    project = _project(tmp_path)
    _publish(project, stages)
    assert opened == [None]
    opened.clear()
    stages.clear()
    for address in ("10.0.0.5:6379", "local", None):
        config = load_config(project, cluster_address=address)
        assert not publish_command.publish(config, quiet=True).errors
        assert translate_command.run(config, quiet=True) == 0
    assert opened == [], "a run with nothing to draft opened the engine"
    assert dict(stages) == {}, "a run on a cluster cleaned or merged again what one without it left"


def test_a_catalog_deleted_while_the_run_works_is_made_again_by_the_next_run(
    tmp_path: Path, stages: Counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path)
    _publish(project, stages)
    source = sorted((project / "source").glob("*.txt"))[0]
    _add_line(source, NEW_LINE)
    gone = sorted((project / "translations").glob("*.po"))[4]
    _publish_then_meanwhile(project, stages, monkeypatch, gone.unlink)
    after = _publish(project, stages)
    assert after["work"]["clean_stream"] == 1 and gone.name in after["written"] and gone.exists()


def test_entries_waiting_for_a_missing_model_are_replayed_until_the_model_is_there(
    tmp_path: Path, stages: Counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.errors import ModelMissingError

    installed = False

    @contextmanager
    def until_installed(config):
        def factory():
            if not installed:
                raise ModelMissingError("no ar->en package is installed")
            return EchoTranslator()

        yield factory

    monkeypatch.setattr(publish_command, "project_translator", until_installed)
    project = _project(tmp_path)
    first = _publish(project, stages)
    waiting = publish_command.publish(load_config(project), quiet=True)
    assert waiting.update.untranslated > 0 and waiting.update.model_missing is not None
    stages.clear()
    again = publish_command.publish(load_config(project), quiet=True)
    assert dict(stages) == {}, "a project waiting for its model was cleaned or merged again"
    assert (again.update.untranslated, str(again.update.model_missing)) == (
        waiting.update.untranslated,
        str(waiting.update.model_missing),
    )
    assert again.install_command == waiting.install_command and first["summaries"] == again.summary
    installed = True
    drafted = _publish(project, stages)
    assert drafted["work"]["clean_stream"] == 1 and len(drafted["written"]) == 5
    assert publish_command.publish(load_config(project), quiet=True).update.untranslated == 0


def test_a_file_whose_device_and_inode_numbers_use_the_top_bit_is_known_by_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some network and FUSE file systems give 64-bit inode numbers with the top bit set; SQLite's integers
    are signed, so such a file ended every run in an internal error."""
    real_stat = os.stat

    def wide_stat(path, *args, **kwargs):
        status = real_stat(path, *args, **kwargs)
        shown = {name: getattr(status, name) for name in dir(status) if name.startswith("st_")}
        return SimpleNamespace(**{**shown, "st_ino": 2**64 - 2 - status.st_ino % 1000, "st_dev": 2**64 - 1})

    monkeypatch.setattr(cache_module.os, "stat", wide_stat)
    folder = tmp_path / "translations"
    folder.mkdir()
    catalog = folder / "a.po"
    catalog.write_text('msgid "a"\n', encoding="utf-8")
    long_ago = time.time_ns() - 60 * 10**9
    os.utime(catalog, ns=(long_ago, long_ago))
    with run_cache(tmp_path / ".toolkit") as cache:
        first = cache.file_key(catalog)
    with run_cache(tmp_path / ".toolkit") as cache:
        assert cache.file_key(catalog) == first is not None
        assert not cache.warnings


def test_look_ups_in_name_order_read_ahead_and_never_answer_stale(tmp_path: Path) -> None:
    """Rows read ahead a page at a time answer as one look-up each would: values written or files changed after
    the page was read are seen, a key that does not match misses, look-ups out of order still find their row."""
    names = [f"article-{number:04d}" for number in range(3 * cache_module.READ_AHEAD_ROWS)]
    folder = tmp_path / "files"
    folder.mkdir()
    with run_cache(tmp_path) as cache:
        for name in names:
            cache.put("kind", name, b"old", name)
            (folder / name).write_text(name)
            cache.file_key(folder / name)
    later = time.time_ns() + identity_module.RACY_WINDOW_NS + 10**9
    for name in names:
        os.utime(folder / name, ns=(later - 2 * identity_module.RACY_WINDOW_NS,) * 2)
    with run_cache(tmp_path) as cache:
        cache.file_key(folder / names[0])  # trusted from here on (their times are old enough now)
    queries: Counter = Counter()
    with run_cache(tmp_path) as cache:
        cache._connection.set_trace_callback(lambda statement: queries.update([statement.split()[0]]))
        assert cache.get("kind", names[0], b"old") == names[0]
        cache.put("kind", names[5], b"new", "rewritten")  # within the page read next
        (folder / names[7]).write_text("changed")
        keys = {name: cache.file_key(folder / name) for name in names}
        assert [cache.get("kind", name, b"old") for name in names[1:5]] == names[1:5]
        assert cache.get("kind", names[5], b"old") is None
        assert cache.get("kind", names[5], b"new") == "rewritten"
        assert cache.get("kind", names[-1], b"old") == names[-1]
        assert cache.get("kind", names[6], b"old") == names[6]  # out of order: asked on its own
        assert all(cache.get("kind", name, b"old") == name for name in names[7:])
    assert keys[names[7]] == cache_module.content_digest(b"changed")
    assert keys[names[8]] == cache_module.content_digest(names[8].encode())
    assert queries["SELECT"] < len(names) // 10


def test_a_first_run_does_not_hold_what_it_writes_in_the_rows_read_ahead(tmp_path: Path) -> None:
    """A first run looks each name up (a page read at the end of the rows, which covers every name after it),
    then writes its value: the page keeps at most READ_AHEAD_ROWS of those values, not every one until the
    run ends (a run over 10,000 articles held 30 MB of pickled articles so, its peak 2.3x that of 1,000)."""
    names = [f"article-{number:05d}" for number in range(8 * cache_module.READ_AHEAD_ROWS)]
    value_bytes = 8_000
    with run_cache(tmp_path) as cache:
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            for name in names:
                assert cache.get("article", name, b"key") is None
                cache.put("article", name, b"key", name.encode() * (value_bytes // len(name)))
            held = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
        assert held < 2 * cache_module.READ_AHEAD_ROWS * value_bytes, held
        assert all(cache.get("article", name, b"key").startswith(name.encode()) for name in names)
    with run_cache(tmp_path) as cache:
        assert all(cache.get("article", name, b"key").startswith(name.encode()) for name in names[::-1])


def test_a_folder_with_a_file_just_written_is_listed_once_and_that_file_looked_at_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A catalog the run has just written is too recent for its times to vouch for its content: the folder's
    later looks in the run (after the catalog stage, after the summary) take the listing's shortcut all the
    same, and look that one file again (a change within the file system's tick is still seen), rather than
    meeting every file of the folder in the join again."""
    folder = tmp_path / "translations"
    folder.mkdir()
    for number in range(20):
        (folder / f"{number}.po").write_text(f"catalog {number}")
    # Their change times one tick ago (here 10 ms), so that their status vouches for them.
    monkeypatch.setattr(identity_module, "RACY_WINDOW_NS", 10_000_000)
    time.sleep(0.05)
    with run_cache(tmp_path) as cache:
        cache.fingerprint([folder])
    just_written = folder / "7.po"
    just_written.write_text("catalog 7, drafted")
    # Too recent to vouch for itself at every look, however slow the machine (a time ahead of the clock).
    ahead = time.time_ns() + 60 * 10**9
    os.utime(just_written, ns=(ahead, ahead))
    joins: Counter = Counter()
    looked_at: Counter = Counter()
    folder_keys, look = cache_module.RunCache._folder_keys, cache_module.RunCache._look
    monkeypatch.setattr(
        cache_module.RunCache, "_folder_keys", lambda self, folder: joins.update(["join"]) or folder_keys(self, folder)
    )
    monkeypatch.setattr(
        cache_module.RunCache,
        "_look",
        lambda self, name: looked_at.update([os.path.basename(name)]) or look(self, name),
    )
    with run_cache(tmp_path) as cache:
        changed = cache.fingerprint([folder])
        assert cache.fingerprint([folder]) == changed
        assert joins["join"] == 1 and looked_at == Counter({"7.po": 2})
        # Its content changed within the tick, its status the same: the look again sees it.
        monkeypatch.setattr(
            cache_module.RunCache,
            "_look",
            lambda self, name: (b"other content", False, None) if name == str(just_written) else look(self, name),
        )
        assert cache.fingerprint([folder]) != changed
    assert joins["join"] == 1
    monkeypatch.setattr(cache_module.RunCache, "_look", look)
    # The shortcut's fingerprint is the one the join makes.
    with run_cache(tmp_path / "fresh") as fresh:
        assert fresh.fingerprint([folder]) == changed


def test_a_folder_whose_files_changed_is_vouched_for_from_its_first_look(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A source changed since the last run is read once, and the folder's next look in the same run (after the
    catalog stage, after the summary) takes the listing's shortcut instead of meeting every file again."""
    folder = tmp_path / "source"
    folder.mkdir()
    old = time.time_ns() - 2 * identity_module.RACY_WINDOW_NS
    for number in range(20):
        (folder / f"{number}.txt").write_text(f"article {number}")
        os.utime(folder / f"{number}.txt", ns=(old, old))
    with run_cache(tmp_path) as cache:
        first = cache.fingerprint([folder])
    (folder / "7.txt").write_text("article 7, edited")
    # Edited a moment before the run (its change time cannot be set back): one tick later, here 10 ms.
    monkeypatch.setattr(identity_module, "RACY_WINDOW_NS", 10_000_000)
    time.sleep(0.05)
    joins = Counter()
    folder_keys = cache_module.RunCache._folder_keys
    monkeypatch.setattr(
        cache_module.RunCache,
        "_folder_keys",
        lambda self, folder: joins.update(["join"]) or folder_keys(self, folder),
    )
    with run_cache(tmp_path) as cache:
        changed = cache.fingerprint([folder])
        assert cache.fingerprint([folder]) == changed != first
    assert joins["join"] == 1


def test_a_file_looked_at_then_deleted_back_to_a_known_listing_is_a_change_seen(tmp_path: Path) -> None:
    """A source added after the run's first look at the folder, cleaned (looked at), and deleted while the run
    works: the folder lists as that first look knew it, and its fingerprint comes from that look's record
    without a look at any file; the deletion is still a change seen (the run records nothing: the source ids
    it took had the article)."""
    folder = tmp_path / "source"
    folder.mkdir()
    for number in range(5):
        (folder / f"{number}.txt").write_text(f"article {number}")
    with run_cache(tmp_path) as cache:
        known = cache.fingerprint([folder])
        (folder / "new.txt").write_text("an article added")
        assert cache.file_key(folder / "new.txt") is not None
        seen = cache.changes_seen
        (folder / "new.txt").unlink()
        assert cache.fingerprint([folder]) == known
        assert cache.changes_seen == seen + 1, "a file gone since this run looked at it was no change"
        assert cache.fingerprint([folder]) == known and cache.changes_seen == seen + 1


def _rows_by_kind(project: Path) -> dict[str, int]:
    import sqlite3

    with contextlib.closing(sqlite3.connect(project / ".toolkit" / CACHE_FILE)) as connection:
        return dict(connection.execute("SELECT kind, count(*) FROM entries GROUP BY kind"))


def test_the_results_of_sources_that_are_gone_are_forgotten(tmp_path: Path, calls: Counter) -> None:
    project = _project(tmp_path / "a")
    _publish_stages(project, calls)
    assert {kind: _rows_by_kind(project)[kind] for kind in ("source", "article", "article head")} == dict.fromkeys(
        ("source", "article", "article head"), 5
    )
    sorted((project / "source").glob("*.txt"))[0].unlink()
    _publish_stages(project, calls)
    rows = _rows_by_kind(project)
    assert (rows["source"], rows["article"], rows["article head"]) == (4, 4, 4)
    # A copy of the project (its cache too) keeps the results of its own sources only, not those of the
    # folder it was copied from as well.
    copy = tmp_path / "b" / "project"
    shutil.copytree(project, copy)
    _publish_stages(copy, calls)
    rows = _rows_by_kind(copy)
    assert (rows["source"], rows["article"], rows["article head"]) == (4, 4, 4)


def test_a_source_edited_while_the_run_cleans_is_not_cached_under_the_key_of_its_earlier_bytes(
    tmp_path: Path,
) -> None:
    """A source the evidence pass found unchanged but whose article must be cleaned again (its evidence changed:
    a line of it became furniture) is read again to be cleaned; edited in between, what is cleaned is the edit,
    and it is cached under the key of the bytes cleaned. Keyed by the bytes first read, the same source put
    back as it was came out of the cache as the edit."""
    project = _project(tmp_path)
    sources = sorted((project / "source").iterdir())
    source = sources[0]
    for furnished in sources[:2]:
        _add_line(furnished, FURNITURE)
    config = load_config(project)
    with run_cache(config.state_dir) as cache:
        list(clean_stream(config, cache=cache).articles)
    _add_line(sources[2], FURNITURE)  # in a third article: furniture, in the first one too
    original = source.read_bytes()
    files = len(sources)
    ticks = Counter()

    def edit_after_the_evidence_pass() -> None:
        ticks["files"] += 1
        if ticks["files"] == files:
            _add_line(source, NEW_LINE)

    with run_cache(config.state_dir) as cache:
        edited = {
            article.id: pipeline.whole_article(article)
            for article in clean_stream(config, on_file=edit_after_the_evidence_pass, cache=cache).articles
        }
    assert NEW_LINE in str(edited[source.stem].blocks)
    source.write_bytes(original)
    with run_cache(config.state_dir) as cache:
        again = {article.id: pipeline.whole_article(article) for article in clean_stream(config, cache=cache).articles}
    fresh = {article.id: article for article in pipeline.clean_corpus(config)[0]}
    assert again[source.stem] == fresh[source.stem]


def test_a_recorded_summary_counts_a_catalog_whose_source_is_gone_as_the_site_in_place_shows_it(
    tmp_path: Path, stages: Counter
) -> None:
    """The page of an article whose source is gone is kept while the site shows it (its manifest says so), and
    the summary counts it then: a summary recorded so is not shown once the manifest says otherwise, which no
    input of the clean and catalog stages covers (here: no manifest, as before a build)."""
    project = _project(tmp_path)
    _publish(project, stages)
    catalog = sorted((project / "translations").glob("*.po"))[2]
    _review_first_draft(catalog)
    _delete_source(project, catalog)
    kept = _publish(project, stages)["summaries"]
    assert kept.articles == 5 and kept == _summary_read_afresh(project)
    assert _publish(project, stages)["work"] == {}, "the summary was not recorded"
    (project / ".toolkit" / "site-manifest.sqlite").unlink()
    config = load_config(project)
    with run_cache(config.state_dir) as cache:
        recorded = rerun.recorded_translation(cache, rerun.translation_inputs(config, cache))
        assert recorded is not None
        inputs = rerun.translation_inputs(config, cache)
        summary, errors = rerun.replayed_summary(config, cache, inputs, recorded.source_ids)
    assert not errors and summary.articles == 4 and summary == _summary_read_afresh(project)


def test_a_run_cache_failing_while_a_known_folder_is_looked_at_again_is_left_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault injection (SQLite's "disk I/O error" at each statement of a publish) found a cache that failed on the
    first of a folder's files too recent to vouch for: it was left aside, and the look at the next file used the
    connection it no longer had, an internal error (AttributeError, AssertionError) instead of a run without it."""
    import sqlite3

    from toolkit.store import sqlite as sqlite_module

    folder = tmp_path / "source"
    folder.mkdir()
    for number in range(3):
        (folder / f"{number}.txt").write_text(str(number), encoding="utf-8")
    with run_cache(tmp_path / ".toolkit") as cache:
        assert cache.fingerprint([folder]) is not None
    real = sqlite_module._Connection.execute

    def failing_on_files(self, statement, *arguments):
        if " files " in f"{statement} ":
            raise sqlite3.OperationalError("disk I/O error")
        return real(self, statement, *arguments)

    with run_cache(tmp_path / ".toolkit") as cache:  # the folder known, its files each looked at again
        monkeypatch.setattr(sqlite_module._Connection, "execute", failing_on_files)
        assert cache.fingerprint([folder]) is None
        assert cache.file_key(folder / "0.txt") is None
    assert [warning for warning in cache.warnings if "the run cache failed (input/output error" in warning]
