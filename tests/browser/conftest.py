"""A real Chromium (Debian's) driven by Playwright, on sites built into temporary project copies."""

from __future__ import annotations

import fcntl
import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

from toolkit.catalog.entries import TITLE_CONTEXT
from toolkit.config import CONFIG_FILE
from toolkit.site.pages import article_slug
from toolkit.site.render import article_path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "site"))
from local_http import served_folder  # noqa: E402
from site_projects import (  # noqa: E402
    CROWDED_ARCHIVE_ARTICLES,
    LOOKALIKE_ARTICLES,
    SHARED_START_ARTICLES,
    chinese_terms_project,
    cjk_source_project,
    crowded_project,
    hostile_project,
    names_project,
    prefix_crowded_project,
    sample_project,
    unspaced_project,
)

# Chromium's headless build (Debian's chromium-headless-shell, what Playwright itself runs headless): the same
# Blink as the full browser, without its windowing layer; a fresh context and page load cost a quarter of the
# full browser's CPU (0.3 s vs 1.1-1.4 s at load 20).
CHROMIUM = Path("/usr/bin/chromium-headless-shell")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = REPO / "test-artifacts"


@dataclass(frozen=True)
class ArticleUnderTest:
    page: str  # relative to the site root
    blocks: int


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    url: str
    articles: tuple[ArticleUnderTest, ...]


def _default_corpus_or_sample(project: Path) -> Path:
    """The repo's own catalogs when they exist (the real site), else a generated sample project."""
    catalogs = sorted((REPO / "translations").glob("*.po"))
    if not catalogs:
        return sample_project(project)
    project.mkdir(parents=True)
    shutil.copy2(REPO / CONFIG_FILE, project / CONFIG_FILE)
    shutil.copytree(REPO / "translations", project / "translations")
    return project


def _articles(project: Path) -> tuple[ArticleUnderTest, ...]:
    found = []
    for path in sorted((project / "translations").glob("*.po")):
        catalog = polib.pofile(str(path))
        blocks = [e for e in catalog if not e.obsolete and e.msgid and e.msgctxt != TITLE_CONTEXT]
        found.append(ArticleUnderTest(article_path(article_slug(path.stem)), len(blocks)))
    return tuple(found)


def _built(project: Path) -> Path:
    """Built by the real command, as a user would: `toolkit -C <copy> build`."""
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "-C", str(project), "-q", "build"], capture_output=True, text=True, cwd=REPO
    )
    assert done.returncode == 0, done.stderr
    return project / "site"


def _with_setting(project: Path, line: str) -> Path:
    toml = project / CONFIG_FILE
    toml.write_text(toml.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    return project


@contextmanager
def _built_once_and_served(
    name: str, make: Callable[[Path], Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BuiltSite]:
    """The project `make` writes, built once for the whole run and served by each worker that asks for it.

    pytest-xdist's workers share their base temporary folders' parent: the first worker to ask builds there,
    under a lock the others wait on, and they serve what it built (the tests only read the sites). Without
    workers the session's own folder holds it."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    folder = shared / f"site-{name}"
    with open(shared / f"site-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "built").exists():
            shutil.rmtree(folder, ignore_errors=True)
            _built(make(folder / "project"))
            (folder / "built").touch()
    project = folder / "project"
    with served_folder(project / "site") as url:
        yield BuiltSite(project / "site", url, _articles(project))


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    # An article to a search bundle: the search page merges several bundles, as a big archive's does.
    def make(project: Path) -> Path:
        return _with_setting(_default_corpus_or_sample(project), "search_bundle_articles = 1")

    with _built_once_and_served("corpus", make, tmp_path_factory) as built:
        yield built


@pytest.fixture(scope="session")
def untranslated_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """The corpus before anything is translated (a new project waiting for its model): the English interface's
    pages hold no English, so no search bundle has an English index. An article to a search bundle. The last
    article has no title entry (the cleaner found no headline in it)."""

    def make(project: Path) -> Path:
        _default_corpus_or_sample(project)
        catalogs = sorted((project / "translations").glob("*.po"))
        for path in catalogs:
            catalog = polib.pofile(str(path))
            for entry in catalog:
                entry.msgstr = ""
            if path == catalogs[-1]:
                catalog.remove(catalog.find(TITLE_CONTEXT, by="msgctxt"))
            catalog.save()
        return _with_setting(project, "search_bundle_articles = 1")

    with _built_once_and_served("untranslated", make, tmp_path_factory) as built:
        yield built


@pytest.fixture(scope="session", params=["zh", "zt", "ja"])
def cjk_source_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """A zh -> en or ja -> en site (an English interface alone), an article to a search bundle; and one of
    Argos's Traditional Chinese ("zt", tagged zh-Hant on the site), whose tag is not all lower case as Pagefind
    keys it."""

    def make(project: Path) -> Path:
        return _with_setting(cjk_source_project(project, request.param), "search_bundle_articles = 1")

    with _built_once_and_served(f"cjk-{request.param}", make, tmp_path_factory) as built:
        yield built


@pytest.fixture(scope="session")
def chinese_terms_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """A zh -> en site of names and terms inside longer words (site_projects.CHINESE_TERM_ARTICLES), an article to
    a search bundle."""

    def make(project: Path) -> Path:
        return _with_setting(chinese_terms_project(project), "search_bundle_articles = 1")

    with _built_once_and_served("chinese-terms", make, tmp_path_factory) as built:
        yield built


@pytest.fixture(scope="session")
def unspaced_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """An en -> th, ja, lo, km or my site (the test's parameter): its target language is written without spaces
    between words."""
    with _built_once_and_served(
        f"unspaced-{request.param}", lambda project: unspaced_project(project, request.param), tmp_path_factory
    ) as built:
        yield built


@pytest.fixture(scope="session")
def names_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """Articles naming people (and a virus) in two words (site_projects.NAME_ARTICLES), one to a search bundle."""

    def make(project: Path) -> Path:
        return _with_setting(names_project(project), "search_bundle_articles = 1")

    with _built_once_and_served("names", make, tmp_path_factory) as built:
        yield built


@pytest.fixture(scope="session")
def shared_start_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """Names and terms that start alike or share a stem (site_projects.SHARED_START_ARTICLES), one to a bundle."""

    def make(project: Path) -> Path:
        return _with_setting(names_project(project, SHARED_START_ARTICLES), "search_bundle_articles = 1")

    with _built_once_and_served("shared-start", make, tmp_path_factory) as built:
        yield built


@pytest.fixture(scope="session")
def lookalike_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """More names and terms that start alike, share a stem or differ by a mark (site_projects.LOOKALIKE_ARTICLES),
    one to a bundle."""

    def make(project: Path) -> Path:
        return _with_setting(names_project(project, LOOKALIKE_ARTICLES), "search_bundle_articles = 1")

    with _built_once_and_served("lookalike", make, tmp_path_factory) as built:
        yield built


@pytest.fixture(scope="session")
def crowded_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """Pages Pagefind finds for a query ahead of the one that holds it (site_projects.crowded_project)."""
    with _built_once_and_served("crowded", crowded_project, tmp_path_factory) as built:
        yield built


@pytest.fixture(scope="session")
def crowded_archive_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """More pages for the start of a word than a search reads unasked (site_projects.CROWDED_ARCHIVE_ARTICLES)."""
    make = functools.partial(crowded_project, articles=CROWDED_ARCHIVE_ARTICLES)
    with _built_once_and_served("crowded-archive", make, tmp_path_factory) as built:
        yield built


@pytest.fixture(scope="session")
def prefix_crowded_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """Many pages for longer words a short word starts, ranked ahead of the few holding the word itself
    (site_projects.prefix_crowded_project)."""
    with _built_once_and_served("prefix-crowded", prefix_crowded_project, tmp_path_factory) as built:
        yield built


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    with _built_once_and_served("hostile", hostile_project, tmp_path_factory) as built:
        yield built


@pytest.fixture(scope="session")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """Five articles, two to a page: the article list is three pages with links between them."""

    def make(project: Path) -> Path:
        return _with_setting(sample_project(project, articles=5), "articles_per_page = 2")

    with _built_once_and_served("paged", make, tmp_path_factory) as built:
        yield built


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/test.sh installs Debian's chromium-headless-shell")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class WatchedPage:
    """A page with every console error, page error, dialog and off-site request it caused."""

    page: object
    errors: list[str]
    dialogs: list[str]
    offsite: list[str]


@pytest.fixture
def open_page(browser, site: BuiltSite):
    contexts = []

    def open_(
        url: str, width: int = 1280, height: int = 900, javascript: bool = True, bypass_csp: bool = False
    ) -> WatchedPage:
        context = browser.new_context(
            viewport={"width": width, "height": height}, java_script_enabled=javascript, bypass_csp=bypass_csp
        )
        contexts.append(context)
        page = context.new_page()
        watched = WatchedPage(page, [], [], [])
        page.on(
            "console",
            lambda message: (
                message.type == "error" and watched.errors.append(f"{message.text} ({message.location['url']})")
            ),
        )
        page.on("pageerror", lambda error: watched.errors.append(str(error)))
        page.on("dialog", lambda dialog: (watched.dialogs.append(dialog.message), dialog.dismiss()))
        page.on(
            "request",
            lambda request: (
                request.url.startswith(("http://127.0.0.1", "data:", "blob:", "file:"))
                or watched.offsite.append(request.url)
            ),
        )
        page.goto(url)
        page.wait_for_load_state("load")
        return watched

    yield open_
    for context in contexts:
        context.close()


# Chromium now and then refuses one capture ("Unable to capture screenshot", more often on a loaded machine) and
# takes the same picture when asked again: playwright#32144, robotframework-browser#5237.
REFUSED_CAPTURE = "Unable to capture screenshot"
CAPTURE_TRIES = 3


@dataclass
class Artifacts:
    """test-artifacts/: the screenshots a test run leaves for people to look at."""

    folder: Path

    def screenshot(self, page, name: str) -> None:
        from playwright.sync_api import Error

        for attempt in range(1, CAPTURE_TRIES + 1):
            try:
                page.screenshot(path=str(self.folder / name), full_page=True)
                return
            except Error as error:
                if REFUSED_CAPTURE not in str(error) or attempt == CAPTURE_TRIES:
                    raise
                page.wait_for_timeout(200 * attempt)


@pytest.fixture(scope="session")
def artifacts() -> Artifacts:
    ARTIFACTS.mkdir(exist_ok=True)
    return Artifacts(ARTIFACTS)
