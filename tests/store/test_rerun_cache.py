"""Re-runs cost what changed: the cache of cleaned articles, merged catalogs and summaries (.toolkit/cache.sqlite).

The work done is seen through the stage functions each run calls (counted by wrapping them, never replaced):
a source read and split (`read_document`), an article cleaned (`clean_document`), a catalog read for a
merge (`load_catalog` in the catalog stage) or for the summary (in the status command).
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from shared_paths import REPO

from toolkit.catalog import update
from toolkit.catalog.store import read_catalog
from toolkit.catalog.update import update_catalogs
from toolkit.clean import pipeline
from toolkit.clean.pipeline import clean_stream
from toolkit.commands import status
from toolkit.commands.status import summarize_project
from toolkit.config import load_config
from toolkit.store.cache import CACHE_FILE, run_cache
from toolkit.translate.engine import Draft

FURNITURE = "ملف خاص عن الأمن الأوروبي"  # short, no final stop: furniture once it recurs in 3 articles


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
    counting(status, "read_catalog", "summary read")
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
        result = update_catalogs(config, cleaning.articles, EchoTranslator, lambda total: _NoProgress(), cache)
        summaries, errors = summarize_project(config, cache)
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


def test_one_changed_source_is_the_only_one_cleaned_merged_and_summarized_again(
    tmp_path: Path, calls: Counter
) -> None:
    project = _project(tmp_path)
    _publish_stages(project, calls)
    _publish_stages(project, calls)
    changed = sorted((project / "source").glob("*.txt"))[2]
    _add_line(changed, "وأضاف المتحدث في بيان لاحق أن المحادثات ستستأنف الأسبوع المقبل في العاصمة.")
    after = _publish_stages(project, calls)
    work = after["work"]
    assert (work["read"], work["cleaned"], work["summary read"]) == (1, 1, 1), work
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


def test_a_translators_save_is_read_merged_and_summarized_again(tmp_path: Path, calls: Counter) -> None:
    project = _project(tmp_path)
    _publish_stages(project, calls)
    catalog = sorted((project / "translations").glob("*.po"))[0]
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('msgstr "EN ', 'msgstr "Edited EN ', 1), "utf-8")
    after = _publish_stages(project, calls)
    assert after["work"] == {
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
