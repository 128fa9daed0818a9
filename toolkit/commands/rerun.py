"""Re-runs with nothing changed: `translate` and `publish` skip the clean and catalog stages whole, and
`publish` its closing summary, when their inputs are exactly those of a run that recorded its outcome.

The inputs are everything those stages read: source/ and translations/ (each entry's name and content, by
`RunCache.fingerprint`: one listing and one status per file, a file read only when its status cannot vouch
for it), toolkit.toml, glossary.csv and the settings as loaded, the toolkit's own code, and the installed
packages (the folders that hold them: a package installed, upgraded or removed renames its dist-info
folder). A run records its outcome only when it left nothing to do (no file failed, nothing waits for a
translation) and a look at the end finds every file as the run last saw it; a file changed behind its back
while it ran (a translator's save, a source replaced) is left for the next run to find.
"""

from __future__ import annotations

import sysconfig
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import toolkit
from toolkit.catalog.glossary import GLOSSARY_FILE
from toolkit.catalog.summary import ProjectSummary
from toolkit.catalog.update import TranslatorFactory, UpdateResult
from toolkit.config import CONFIG_FILE, Config
from toolkit.errors import CatalogError, ModelMissingError, shown_path
from toolkit.model import Article
from toolkit.store.cache import RunCache, digest
from toolkit.store.files import entries_under

if TYPE_CHECKING:
    from toolkit.clean.pipeline import CachedArticle

# Python's byte-code caches: one appears in a code folder when a module of it is first imported (a fresh copy
# of the code, a package's first use in the middle of a run), which changes no code.
BYTE_CODE_CACHE = "__pycache__"


def _code_entries() -> list[Path]:
    """Every entry of the toolkit's package folders, and the entries of the folders that hold installed
    packages, but for byte-code caches: any edit to the toolkit's code, or any package installed, upgraded
    or removed (which renames its dist-info folder), makes every recorded outcome stale."""
    entries = entries_under(Path(toolkit.__file__).parent, skip=BYTE_CODE_CACHE)
    installed = {path for path in (sysconfig.get_path("purelib"), sysconfig.get_path("platlib")) if path}
    for folder in sorted(installed):
        entries += entries_under(folder, skip=BYTE_CODE_CACHE, recursive=False)
    return entries


@dataclass(frozen=True)
class TranslationOutcome:
    """What a run of the clean and catalog stages that left nothing to do reports."""

    articles: int
    passed_over: tuple[str, ...]  # "<path>: <why>" for the entries of source/ not read
    clean_warnings: tuple[str, ...]  # "<source file>: <warning>"
    source_ids: Container[str] | None  # what `source_article_ids` says (the build is told which catalogs have one)
    untranslated: int = 0  # entries left waiting for a model that was not there
    same_articles: tuple[str, ...] = ()  # `SameArticles.warnings`: said by translate too, and on every re-run


def noting_warnings(
    config: Config, articles: Iterable[Article | CachedArticle], warnings: list[str]
) -> Iterator[Article | CachedArticle]:
    """The articles passed on one by one, their cleaning warnings kept as "<source file>: <warning>"."""
    for article in articles:
        shown = shown_path(config.source_file(article.source))
        warnings.extend(f"{shown}: {warning}" for warning in article.warnings)
        yield article


def translation_inputs(config: Config, cache: RunCache) -> bytes | None:
    """A digest of everything the clean and catalog stages read, and of the code they run; None without a
    usable cache."""
    files = cache.fingerprint(
        [config.source_dir, config.translations_dir],
        [config.project_dir / CONFIG_FILE, config.project_dir / GLOSSARY_FILE, *_code_entries()],
    )
    # Where the drafts are made is not what they are (a cluster's are one machine's): a run with or without
    # --cluster replays the other's outcome.
    return None if files is None else digest(files, replace(config, cluster_address=None))


def recorded_translation(cache: RunCache, inputs: bytes | None) -> TranslationOutcome | None:
    """The outcome a run recorded for exactly these inputs; None if there is none."""
    return None if inputs is None else cache.get("run", "translate", inputs)


def worth_recording(result: UpdateResult, clean_errors: list) -> bool:
    """Whether a run left nothing to do: nothing failed, and nothing waits but for a model that is missing."""
    return not (clean_errors or result.errors) and (not result.untranslated or result.model_missing is not None)


def replayed(
    outcome: TranslationOutcome, translations_dir: Path, open_engine: Callable[[], TranslatorFactory]
) -> tuple[UpdateResult | None, TranslatorFactory | None]:
    """The catalog stage's result as the outcome says, the engine not opened when nothing waits (on a cluster,
    opening it starts the workers, each loading the model); or (None, the factory of the translator loaded here)
    when entries wait and the model they wait for is there now: the run drafts them."""
    result = UpdateResult(translations_dir, outcome.articles, untranslated=outcome.untranslated)
    if not outcome.untranslated:
        return result, None
    translator_factory = open_engine()
    try:
        translator = translator_factory()
    except ModelMissingError as error:
        result.model_missing = error
        return result, None
    return None, lambda: translator


def record_translation(config: Config, cache: RunCache, outcome: TranslationOutcome, changes: int) -> bytes | None:
    """Record the outcome of a run that left nothing to do under the inputs it leaves, if one look at them finds
    every file as the run left it (`cache.changes_seen` is still `changes`): nothing changed behind its back (the
    caller checks that nothing failed and nothing is pending). Returns those inputs, None when not recorded."""
    inputs = translation_inputs(config, cache)
    if inputs is None or cache.changes_seen != changes:
        return None
    cache.put("run", "translate", inputs, outcome)
    return inputs


def replayed_summary(
    config: Config, cache: RunCache, inputs: bytes | None, source_ids: Container[str] | None
) -> tuple[ProjectSummary, list[CatalogError]]:
    """The summary of a run that replayed an outcome recorded under `inputs` (`status.project_summary`, with the
    run's `source_ids`: source/ is not listed again): the one a run recorded with them when the site's manifest
    says now what it said then of the catalogs whose source is gone (`_record_summary`); else made (from the
    counts kept per catalog) and recorded if one more look finds the inputs as they were."""
    from toolkit.commands.status import project_summary as summarized

    key = None if inputs is None else digest(inputs)
    known = None if key is None else cache.get("run", "summary", key)
    if known is not None and known[0].still_so(config.state_dir):
        return known[1], []
    changes = cache.changes_seen
    summary, errors, sourceless = summarized(config, source_ids, cache)
    if key is not None and not errors and translation_inputs(config, cache) == inputs and cache.changes_seen == changes:
        cache.put("run", "summary", key, (sourceless, summary))
    return summary, errors


def summarize_and_record(
    config: Config,
    cache: RunCache,
    source_ids: Container[str] | None,
    outcome: TranslationOutcome | None,
    changes: int,
) -> tuple[ProjectSummary, list[CatalogError]]:
    """The summary of a run that cleaned and merged (`status.project_summary`, with the run's `source_ids`), then
    its `outcome` (None: it left something to do) and that summary recorded under one look at the inputs, if
    that look and the summary found every file as the run left it (`cache.changes_seen` is still `changes`, as
    when the catalog stage ended). The summary's own sound key is those inputs and what the site's manifest
    said of the catalogs whose source is gone (`Sourceless`): the counts are of the catalogs and source ids the
    inputs name, and a translator's save, a catalog or source renamed or deleted after the catalog stage is a
    change seen, by the summary's look at each catalog or by that last look (which finds a file gone)."""
    from toolkit.commands.status import project_summary as summarized

    summary, errors, sourceless = summarized(config, source_ids, cache)
    if outcome is None:
        return summary, errors
    inputs = record_translation(config, cache, outcome, changes)
    if inputs is not None and not errors:
        cache.put("run", "summary", digest(inputs), (sourceless, summary))
    return summary, errors
