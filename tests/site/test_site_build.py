"""Whole builds: deterministic, incremental, atomic, and the build command's exit codes."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from site_projects import TOML, BlockSpec, catalog_text, cjk_source_project, sample_project

from toolkit.cli import cli
from toolkit.config import load_config
from toolkit.errors import CatalogError, CatalogErrors, SiteError
from toolkit.site import build as build_module
from toolkit.site import pool as pool_module
from toolkit.site.build import build_site
from toolkit.site.generation import MANIFEST_NAME, PENDING_MANIFEST_NAME, STAGING_PREFIX
from toolkit.site.manifest import SITE_FOLDER_SETTING
from toolkit.site.pages import article_slug


def _tree(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def _inodes(root: Path) -> dict[str, tuple[int, int]]:
    return {
        path.relative_to(root).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return sample_project(tmp_path / "project", articles=3)


def test_same_input_gives_byte_identical_sites(tmp_path: Path) -> None:
    first = sample_project(tmp_path / "one")
    second = sample_project(tmp_path / "two")
    build_site(load_config(first))
    build_site(load_config(second))
    assert _tree(first / "site") == _tree(second / "site")
    expected = {"index.html", "search.html", "feed.xml", "sitemap.xml", "static/site.css", "static/site.js", "404.html"}
    expected |= {"ar/index.html", "ar/search.html", "status.html", "ar/status.html", "ar/articles/000_sample.html"}
    assert expected <= set(_tree(first / "site"))
    assert any(name.startswith("pagefind/") for name in _tree(first / "site"))


def test_only_pages_with_something_for_the_script_to_drive_load_it(project: Path) -> None:
    build_site(load_config(project))
    site = project / "site"
    scripted = {
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if not path.relative_to(site).as_posix().startswith("pagefind/") and b"static/site.js" in path.read_bytes()
    }
    assert {"search.html", "ar/search.html", "articles/000_sample.html", "ar/articles/000_sample.html"} <= scripted
    assert not scripted & {"index.html", "ar/index.html", "status.html", "ar/status.html", "404.html"}


def test_rebuilding_unchanged_input_writes_nothing(project: Path) -> None:
    build_site(load_config(project))
    before = _inodes(project / "site")
    result = build_site(load_config(project))
    assert result.written == () and result.bundles_indexed == ()
    assert _inodes(project / "site") == before


def test_one_changed_catalog_rewrites_only_its_page_and_the_lists(project: Path) -> None:
    build_site(load_config(project))
    before = _inodes(project / "site")
    catalog = project / "translations" / "001_sample.po"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace("NATO, item 1 of 1.", "NATO, the first item of 1."),
        encoding="utf-8",
    )
    result = build_site(load_config(project))
    assert {"articles/001_sample.html", "ar/articles/001_sample.html"} <= set(result.written)
    # The edit turns a machine draft into text that needs review: it counts in the status table of both
    # interfaces.
    # The site's index of the bundles' word lists (pagefind/index.words) names the changed bundle's shards anew.
    lists = {"index.html", "status.html", "feed.xml", "sitemap.xml", "ar/index.html", "ar/status.html"}
    lists.add("pagefind/index.words")
    assert set(result.written) <= {"articles/001_sample.html", "ar/articles/001_sample.html", *lists}
    assert len(result.bundles_indexed) == 1
    after = _inodes(project / "site")
    changed = {name for name in after if before.get(name) != after[name]}
    assert {"articles/000_sample.html", "articles/002_sample.html", "static/site.css"}.isdisjoint(changed)
    assert all(name in result.written or name.startswith(result.bundles_indexed[0]) for name in changed)


def test_a_catalog_that_does_not_parse_leaves_the_previous_site_whole(project: Path) -> None:
    build_site(load_config(project))
    before = _tree(project / "site")
    (project / "translations" / "002_sample.po").write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        build_site(load_config(project))
    assert raised.value.path.name == "002_sample.po" and raised.value.line == 2
    assert _tree(project / "site") == before
    assert not list((project / ".toolkit").glob(f"{STAGING_PREFIX}*"))


def test_publish_mode_skips_a_bad_catalog_and_keeps_its_previous_page(project: Path) -> None:
    build_site(load_config(project))
    old_page = (project / "site" / "articles" / "002_sample.html").read_bytes()
    (project / "translations" / "002_sample.po").write_text("garbage\n", encoding="utf-8")
    result = build_site(load_config(project), skip_bad_catalogs=True)
    assert [error.path.name for error in result.errors] == ["002_sample.po"]
    assert result.articles == 3
    assert (project / "site" / "articles" / "002_sample.html").read_bytes() == old_page


def test_a_removed_catalog_removes_its_page(project: Path) -> None:
    build_site(load_config(project))
    (project / "translations" / "000_sample.po").unlink()
    result = build_site(load_config(project))
    assert "articles/000_sample.html" in result.removed
    assert not (project / "site" / "articles" / "000_sample.html").exists()


def _pending_with_folder(state: Path, folder: str | None) -> None:
    """The current manifest made pending, recording `folder` as its site's (None: none, as an earlier toolkit's)."""
    os.replace(state / MANIFEST_NAME, state / PENDING_MANIFEST_NAME)
    connection = sqlite3.connect(state / PENDING_MANIFEST_NAME)
    if folder is None:
        connection.execute("DELETE FROM meta WHERE key = ?", (SITE_FOLDER_SETTING,))
    else:
        connection.execute("UPDATE meta SET value = ? WHERE key = ?", (folder, SITE_FOLDER_SETTING))
    connection.commit()
    connection.close()


def test_a_pending_manifest_that_names_no_folder_means_an_unknown_swap_and_a_full_rebuild(project: Path) -> None:
    build_site(load_config(project))
    state = project / ".toolkit"
    _pending_with_folder(state, None)
    (project / "site" / "articles" / "000_sample.html").write_text("stale", encoding="utf-8")
    result = build_site(load_config(project))
    assert {"articles/000_sample.html", "articles/001_sample.html"} <= set(result.written)
    assert (project / "site" / "articles" / "000_sample.html").read_bytes() != b"stale"
    assert not (state / PENDING_MANIFEST_NAME).exists()


def test_a_pending_manifest_of_a_swap_not_done_goes_and_the_current_one_stays(project: Path) -> None:
    build_site(load_config(project))
    state = project / ".toolkit"
    shutil.copy2(state / MANIFEST_NAME, project / "current")
    _pending_with_folder(state, "0:0")
    shutil.copy2(project / "current", state / MANIFEST_NAME)
    result = build_site(load_config(project))
    assert result.written == () and result.bundles_indexed == ()
    assert not (state / PENDING_MANIFEST_NAME).exists()


def test_leftovers_of_a_killed_build_and_an_older_manifest_are_removed(project: Path) -> None:
    build_site(load_config(project))
    state = project / ".toolkit"
    leftovers = [state / "site-manifest.next-99999.sqlite", state / "site-manifest.json", state / f"{STAGING_PREFIX}1"]
    for path in leftovers[:2]:
        path.write_text("{}", encoding="utf-8")
    leftovers[2].mkdir()
    result = build_site(load_config(project))
    assert result.written == ()  # the current manifest is still trusted
    assert not [path for path in leftovers if path.exists()]
    assert sorted(path.name for path in state.iterdir()) == [MANIFEST_NAME]


def test_a_manifest_damaged_past_its_first_pages_means_a_full_rebuild(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "project", articles=40)
    build_site(load_config(project))
    manifest = project / ".toolkit" / MANIFEST_NAME
    damaged = bytearray(manifest.read_bytes())
    damaged[8192:] = b"\xa5" * (len(damaged) - 8192)
    manifest.write_bytes(bytes(damaged))
    result = build_site(load_config(project))
    assert "articles/000_sample.html" in result.written and result.articles == 40


def test_an_sqlite_failure_mid_build_is_one_clear_error_and_the_site_stays(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from toolkit.site.manifest import NextManifest

    build_site(load_config(project))
    before = _tree(project / "site")
    (project / "translations" / "001_sample.po").write_text(
        (project / "translations" / "001_sample.po").read_text(encoding="utf-8").replace("title 1", "title one"),
        encoding="utf-8",
    )

    def disk_full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    with monkeypatch.context() as patched:
        patched.setattr(NextManifest, "add_article", disk_full)
        with pytest.raises(SiteError, match=r"build manifest failed.*no space left"):
            build_site(load_config(project))
    assert _tree(project / "site") == before
    assert not (project / ".toolkit" / MANIFEST_NAME).exists()
    assert "articles/000_sample.html" in build_site(load_config(project)).written  # from scratch


def test_a_template_or_settings_change_rebuilds_every_page(project: Path) -> None:
    build_site(load_config(project))
    toml = project / "toolkit.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("Test site", "Renamed site"), encoding="utf-8")
    result = build_site(load_config(project))
    assert {f"articles/00{n}_sample.html" for n in range(3)} <= set(result.written)


def test_file_names_that_collide_on_one_page_are_an_error(tmp_path: Path) -> None:
    from site_projects import write_project

    blocks = [BlockSpec("b-1", "فقرة", "Text")]
    renamed = article_slug("a b")  # "a-b-<hash>": a file of that very name claims the same page
    root = write_project(
        tmp_path / "p",
        {"a b": catalog_text("a b", ("ع", "T"), blocks), renamed: catalog_text(renamed, ("ع", "T"), blocks)},
    )
    with pytest.raises(CatalogError, match="same page"):
        build_site(load_config(root))


def test_a_refused_clash_leaves_the_live_page_alone_and_a_later_build_right(tmp_path: Path) -> None:
    from site_projects import write_project

    from toolkit.site.pages import article_slug

    # Two file names, one page: an id whose page name is altered (a decomposed é) and an id that is that name.
    decomposed = "cafe\u0301"
    twin = article_slug(decomposed)
    root = write_project(tmp_path / "p", {decomposed: catalog_text(decomposed, ("ع", "First"), [BlockSpec("b", "ف")])})
    build_site(load_config(root))
    before = _tree(root / "site")
    intruder = root / "translations" / f"{twin}.po"
    intruder.write_text(catalog_text(twin, ("ع", "Second"), [BlockSpec("b", "ق")]), encoding="utf-8")
    with pytest.raises(CatalogError, match="same page"):
        build_site(load_config(root))
    assert _tree(root / "site") == before  # the refused build wrote nothing through a linked page
    intruder.unlink()
    build_site(load_config(root))
    assert _tree(root / "site") == before


def test_a_catalog_name_that_is_not_utf8_is_named_and_skipped_in_publish_mode(project: Path) -> None:
    bad_name = os.fsdecode(b"bad\xff.po")
    (project / "translations" / bad_name).write_bytes((project / "translations" / "000_sample.po").read_bytes())
    with pytest.raises(CatalogError, match="not valid UTF-8") as raised:
        build_site(load_config(project))
    assert raised.value.path.name == bad_name
    result = build_site(load_config(project), skip_bad_catalogs=True)
    assert [error.path.name for error in result.errors] == [bad_name] and result.articles == 3


def test_a_catalog_that_vanishes_while_listed_is_skipped_in_publish_mode(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.site import build

    hash_of = build.catalog_file_hash

    def vanishing(path: Path) -> str:
        if path.name == "001_sample.po":
            raise CatalogError("cannot read: No such file or directory", path)
        return hash_of(path)

    monkeypatch.setattr(build, "catalog_file_hash", vanishing)
    result = build_site(load_config(project), skip_bad_catalogs=True)
    assert [error.path.name for error in result.errors] == ["001_sample.po"] and result.articles == 2


def test_a_copied_catalog_is_a_second_article_whatever_its_header_says(project: Path) -> None:
    translations = project / "translations"
    (translations / "zz_copy.po").write_bytes((translations / "001_sample.po").read_bytes())
    build_site(load_config(project))
    articles = project / "site" / "articles"
    assert {"001_sample.html", "zz_copy.html"} <= {path.name for path in articles.iterdir()}
    index = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="articles/001_sample.html"' in index and 'href="articles/zz_copy.html"' in index


def test_build_command_reports_and_exits(project: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(cli, ["-C", str(project), "-q", "build"])
    assert done.exit_code == 0, done.output
    assert "3 articles" in done.output
    (project / "translations" / "000_sample.po").write_text('msgid "x"\n', encoding="utf-8")
    failed = runner.invoke(cli, ["-C", str(project), "-q", "build"])
    assert failed.exit_code == 1
    assert "000_sample.po:" in failed.output and "Traceback" not in failed.output
    assert "Reads translations/*.po" in runner.invoke(cli, ["build", "--help"]).output


def test_the_build_command_names_every_catalog_that_does_not_parse_and_keeps_the_site(project: Path) -> None:
    # It named the first one only: fixed, the next build named the next, one run per broken catalog.
    assert CliRunner().invoke(cli, ["-C", str(project), "-q", "build"]).exit_code == 0
    before = _tree(project / "site")
    translations = project / "translations"
    (translations / "000_sample.po").write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    (translations / "002_sample.po").write_text('msgid "x"\n', encoding="utf-8")
    failed = CliRunner().invoke(cli, ["-C", str(project), "-q", "build"])
    assert failed.exit_code == 1
    lines = failed.output.splitlines()
    assert [line.split(": ", 2)[1] for line in lines] == [
        f"{translations / '000_sample.po'}:2",
        f"{translations / '002_sample.po'}:1",
    ], failed.output
    assert all(line.startswith("toolkit: ") for line in lines)
    assert _tree(project / "site") == before


def test_once_a_catalog_does_not_parse_the_build_only_reads_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every page was rendered into a staging folder thrown away at the end: on a large site, minutes of work
    # before the one line naming the catalog. The rest are still read, so that every broken one is named.
    project = sample_project(tmp_path / "project", articles=12)
    translations = project / "translations"
    (translations / "000_sample.po").write_text("garbage\n", encoding="utf-8")
    (translations / "011_sample.po").write_text('msgid "x"\n', encoding="utf-8")
    rendered = tmp_path / "rendered"
    render = build_module.article_page

    def counted_render(catalog, stem, *args, **kwargs):
        with rendered.open("a", encoding="utf-8") as log:  # appended by whichever worker renders it
            log.write(f"{stem}\n")
        return render(catalog, stem, *args, **kwargs)

    monkeypatch.setattr(build_module, "article_page", counted_render)
    for name, value in (("PARALLEL_RENDER_MIN", 2), ("RENDER_CHUNK", 1), ("RENDER_IN_FLIGHT", 1)):
        monkeypatch.setattr(pool_module, name, value)
    with pytest.raises(CatalogErrors) as raised:
        build_site(load_config(project))
    assert [error.path.name for error in raised.value.errors] == ["000_sample.po", "011_sample.po"]
    assert len(rendered.read_text(encoding="utf-8").split()) <= 2


def test_catalogs_whose_pages_cannot_be_kept_are_all_named_before_the_build_stops(project: Path) -> None:
    build_site(load_config(project))
    before = _tree(project / "site")
    (project / ".toolkit" / MANIFEST_NAME).unlink()  # no record of the pages to keep them by
    for name in ("000_sample.po", "001_sample.po"):
        (project / "translations" / name).write_text("garbage\n", encoding="utf-8")
    with pytest.raises(CatalogErrors) as raised:
        build_site(load_config(project), skip_bad_catalogs=True)
    assert [(error.path.name, error.line) for error in raised.value.errors] == [
        ("000_sample.po", 1),
        ("001_sample.po", 1),
    ]
    assert all("the site is left as it was" in line for line in raised.value.lines())
    assert _tree(project / "site") == before


def _build_process(project: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "toolkit", "-C", str(project), "-q", "build"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


# Moments to kill at, as shares of a whole build: spread over it, thickest near its end where the swap happens;
# the quick run takes three of them.
ALL_KILL_SHARES = (0.15, 0.35, 0.55, 0.7, 0.8, 0.88, 0.94, 0.97, 1.0, 1.05)
QUICK_KILL_SHARES = (0.55, 0.94, 1.0)


@pytest.mark.parametrize(
    "kill_shares", [QUICK_KILL_SHARES, pytest.param(ALL_KILL_SHARES, marks=pytest.mark.slow)], ids=["quick", "all"]
)
def test_site_is_the_old_or_the_new_build_whenever_a_build_is_killed(
    tmp_path: Path, kill_shares: tuple[float, ...]
) -> None:
    """Two settings give two known sites; builds flipping between them are SIGKILLed at varied moments."""
    toml = {"old": TOML, "new": TOML.replace("Test site", "Renamed site")}
    expected = {}
    for name, text in toml.items():
        reference = sample_project(tmp_path / f"reference-{name}", articles=40)
        (reference / "toolkit.toml").write_text(text, encoding="utf-8")
        build_site(load_config(reference))
        expected[name] = _tree(reference / "site")
    project = sample_project(tmp_path / "project", articles=40)
    started = time.monotonic()
    assert _build_process(project).wait() == 0
    full_build = time.monotonic() - started
    assert _tree(project / "site") == expected["old"]
    current = "old"
    for delay in [full_build * share for share in kill_shares]:
        wanted = "new" if current == "old" else "old"
        (project / "toolkit.toml").write_text(toml[wanted], encoding="utf-8")
        process = _build_process(project)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        site = _tree(project / "site")
        matches = [name for name, tree in expected.items() if tree == site]
        assert matches, f"site is neither build after a kill at {delay} s"
        current = matches[0]
    (project / "toolkit.toml").write_text(toml["old"], encoding="utf-8")
    build_site(load_config(project))
    assert _tree(project / "site") == expected["old"]


@pytest.mark.slow
def test_a_build_killed_while_its_workers_render_leaves_no_process_holding_the_lock(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "project", articles=400)  # far above PARALLEL_RENDER_MIN: workers
    staged = project / ".toolkit"
    process = _build_process(project)
    deadline = time.monotonic() + 60
    while not list(staged.glob(f"{STAGING_PREFIX}*/articles/*.html")) and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while (retry := _build_process(project)).wait() == 4 and time.monotonic() < deadline:
        time.sleep(0.2)  # a worker may take a moment to follow its build
    assert retry.returncode == 0
    assert len(list((project / "site" / "articles").glob("*.html"))) == 400


@pytest.mark.slow
def test_a_search_bundle_of_many_long_arabic_page_names_is_indexed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from site_projects import write_project

    monkeypatch.setattr("toolkit.site.search.SEARCH_BUNDLE_ARTICLES", 1000)
    # 650 names of 100 Arabic letters: listed in one argument they would be ~140 kB, past Linux's 128 kB.
    ids = [f"{number:03d}_" + "خبر" * 32 for number in range(650)]
    blocks = [BlockSpec("b-1", "فقرة عن الأمن", "A paragraph on security")]
    root = write_project(tmp_path / "p", {name: catalog_text(name, ("عنوان", "Title"), blocks) for name in ids})
    result = build_site(load_config(root))
    assert result.bundles_indexed == ("pagefind/b00/",)
    entry = json.loads((root / "site" / "pagefind" / "b00" / "pagefind-entry.json").read_text(encoding="utf-8"))
    # Each article twice: its English-interface page indexed as English, its Arabic one as Arabic.
    assert {code: language["page_count"] for code, language in entry["languages"].items()} == {"ar": 650, "en": 650}
    assert not list((root / "site").glob(".*"))  # the indexer's input folder is not published


def test_feed_and_sitemap_are_well_formed_with_absolute_links(project: Path) -> None:
    from lxml import etree

    build_site(load_config(project))
    atom = "{http://www.w3.org/2005/Atom}"
    feed = etree.fromstring((project / "site" / "feed.xml").read_bytes())
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == 3
    assert [entry.findtext(f"{atom}updated") for entry in entries] == [
        "2022-01-03T00:00:00Z",
        "2022-01-02T00:00:00Z",
        "2022-01-01T00:00:00Z",
    ]
    assert entries[0].find(f"{atom}link").get("href") == "https://example.org/news/articles/002_sample.html"
    sitemap = etree.fromstring((project / "site" / "sitemap.xml").read_bytes())
    locations = [node.text for node in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locations[:2] == ["https://example.org/news/index.html", "https://example.org/news/ar/index.html"]
    assert len(locations) == 8  # the list page and three articles, in both interfaces
    page = (project / "site" / "articles" / "000_sample.html").read_text(encoding="utf-8")
    for tag in ('property="og:title"', 'property="og:type" content="article"', 'property="og:url"'):
        assert tag in page
    assert not re.search(r'(?:src|href)="(?:https?:)?//(?!example\.org/news/)', page)  # nothing loads from elsewhere


def test_an_undated_articles_feed_entry_carries_a_date_from_the_catalogs_that_any_build_repeats(
    tmp_path: Path, project: Path
) -> None:
    from lxml import etree

    blocks = [BlockSpec("p1", "نص الفقرة.", "The paragraph.")]
    (project / "translations" / "undated.po").write_text(
        catalog_text("undated", ("عنوان", "A title"), blocks, date=""), encoding="utf-8"
    )
    stamped = catalog_text("stamped", ("عنوان آخر", "Another title"), blocks, date="")
    stamped = stamped.replace('"Language:', '"PO-Revision-Date: 2024-02-18 13:05+0300\\n"\n"Language:', 1)
    (project / "translations" / "stamped.po").write_text(stamped, encoding="utf-8")
    build_site(load_config(project))
    built = (project / "site" / "feed.xml").read_bytes()
    time.sleep(1.1)  # a build that read the clock would write another second
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns("site", ".toolkit"))
    build_site(load_config(fresh))

    assert (fresh / "site" / "feed.xml").read_bytes() == built
    atom = "{http://www.w3.org/2005/Atom}"
    feed = etree.fromstring(built)
    entries = feed.iter(f"{atom}entry")
    updated = {entry.findtext(f"{atom}id").rsplit("/", 1)[1]: entry.findtext(f"{atom}updated") for entry in entries}
    assert updated == {
        "002_sample.html": "2022-01-03T00:00:00Z",
        "001_sample.html": "2022-01-02T00:00:00Z",
        "000_sample.html": "2022-01-01T00:00:00Z",
        "stamped.html": "2024-02-18T10:05:00Z",  # the catalog's PO-Revision-Date
        "undated.html": "2024-02-18T10:05:00Z",  # the feed's: the newest date its catalogs hold
    }
    assert feed.findtext(f"{atom}updated") == "2024-02-18T10:05:00Z"


def test_a_feed_whose_catalogs_hold_no_date_is_dated_by_its_build_and_kept_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = sample_project(tmp_path / "project", articles=1)
    catalog = project / "translations" / "000_sample.po"
    catalog.write_text(re.sub(r"X-Article-Date: [^\\]*", "X-Article-Date: ", catalog.read_text("utf-8")), "utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772600767")
    build_site(load_config(project))
    built = (project / "site" / "feed.xml").read_bytes()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    build_site(load_config(project))  # later, by the clock: nothing changed, nothing redated

    assert (project / "site" / "feed.xml").read_bytes() == built
    assert built.count(b"<updated>2026-03-04T05:06:07Z</updated>") == 2  # the feed's and its entry's


def test_the_feed_holds_the_newest_articles_and_the_index_and_sitemap_all(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("toolkit.site.build.FEED_ENTRIES", 2)
    build_site(load_config(project))
    feed = (project / "site" / "feed.xml").read_text(encoding="utf-8")
    assert "002_sample.html" in feed and "001_sample.html" in feed and "000_sample.html" not in feed
    assert "<updated>2022-01-03T00:00:00Z</updated>\n<author>" in feed
    index = (project / "site" / "index.html").read_text(encoding="utf-8")
    positions = [index.index(f"articles/00{n}_sample.html") for n in (2, 1, 0)]
    assert positions == sorted(positions)
    assert 'rel="next"' not in index and "Page 1 of" not in index  # one page: no pager
    assert (project / "site" / "sitemap.xml").read_text(encoding="utf-8").count("<url>") == 8


def test_a_date_that_names_no_day_is_listed_after_every_real_date(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ordered as text, "31/31/2021" and Arabic-Indic digits came before every ISO date: the newest of the list
    # and of the feed, above the articles dated this year.
    blocks = [BlockSpec("p1", "نص الفقرة.", "The paragraph.")]
    for name, date in (("odd_order", "31/31/2021"), ("other_digits", "٢٠٢٣-٠٢-٣٠")):
        (project / "translations" / f"{name}.po").write_text(
            catalog_text(name, ("عنوان", "A title"), blocks, date=date), encoding="utf-8"
        )
    monkeypatch.setattr("toolkit.site.build.FEED_ENTRIES", 3)
    build_site(load_config(project))
    index = (project / "site" / "index.html").read_text(encoding="utf-8")
    listed = ["002_sample", "001_sample", "000_sample", "odd_order", "other_digits"]
    positions = [index.index(f"articles/{name}.html") for name in listed]
    assert positions == sorted(positions)
    feed = (project / "site" / "feed.xml").read_text(encoding="utf-8")
    assert "odd_order" not in feed and "other_digits" not in feed and "000_sample.html" in feed


def test_a_long_article_list_is_split_into_linked_pages(project: Path) -> None:
    toml = project / "toolkit.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "articles_per_page = 2\n", encoding="utf-8")
    build_site(load_config(project))
    site = project / "site"
    first = (site / "index.html").read_text(encoding="utf-8")
    second = (site / "index-2.html").read_text(encoding="utf-8")
    assert "002_sample.html" in first and "001_sample.html" in first and "000_sample.html" not in first
    assert '<a href="index-2.html" rel="next">Older articles</a>' in first and 'rel="prev"' not in first
    assert "000_sample.html" in second and '<ol class="article-list" start="3">' in second
    assert '<a href="index.html" rel="prev">Newer articles</a>' in second and 'rel="next"' not in second
    assert "<title>Page 2 · Test site</title>" in second and "Page 2 of 2" in second
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/news/ar/index-2.html" in sitemap and sitemap.count("<url>") == 10
    (project / "translations" / "000_sample.po").unlink()
    result = build_site(load_config(project))
    assert "index-2.html" in result.removed and not (site / "index-2.html").exists()


def test_a_new_page_size_rewrites_the_list_pages_only(project: Path) -> None:
    build_site(load_config(project))
    toml = project / "toolkit.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "articles_per_page = 1\n", encoding="utf-8")
    result = build_site(load_config(project))
    lists = {"index.html", "index-2.html", "index-3.html"}
    assert set(result.written) == {*lists, *(f"ar/{name}" for name in lists), "sitemap.xml"}
    assert result.bundles_indexed == ()


def test_an_empty_project_gets_an_index_that_says_what_to_do(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "empty", articles=0)
    result = build_site(load_config(project))
    index = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert result.articles == 0 and "No articles yet" in index and "article-list" not in index


def test_worker_processes_give_the_same_site_and_the_same_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = sample_project(tmp_path / "serial", articles=5)
    build_site(load_config(serial))
    monkeypatch.setattr("toolkit.site.pool.PARALLEL_RENDER_MIN", 1)
    # One catalog a chunk and two chunks in flight: the pool is refilled as pages are written.
    monkeypatch.setattr("toolkit.site.pool.RENDER_CHUNK", 1)
    monkeypatch.setattr("toolkit.site.pool.RENDER_IN_FLIGHT", 2)
    pooled = sample_project(tmp_path / "pooled", articles=5)
    build_site(load_config(pooled))
    assert _tree(pooled / "site") == _tree(serial / "site")
    (pooled / "translations" / "003_sample.po").write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    (pooled / "toolkit.toml").write_text(TOML.replace("Test site", "Renamed"), encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        build_site(load_config(pooled))
    assert (raised.value.path.name, raised.value.line) == ("003_sample.po", 2)


def _rendering_process(job: int) -> int:
    return os.getpid()


_MEGABYTE = 1 << 20


def _group_leaving(monkeypatch: pytest.MonkeyPatch, left: int) -> None:
    """The run in a control group that leaves it `left` bytes, whatever its processes take meanwhile."""
    from toolkit import limits

    group = limits.ControlGroup("/sys/fs/cgroup/box", "memory.max", 1024 * _MEGABYTE, 1024 * _MEGABYTE - left)
    monkeypatch.setattr(limits, "control_group", lambda: group)


@pytest.mark.parametrize("room_for", [0, 1, 2])
def test_the_render_pool_forks_only_the_workers_its_control_group_has_room_for(
    monkeypatch: pytest.MonkeyPatch, room_for: int
) -> None:
    # Two workers were forked whatever the group's limit left, and the kernel killed the build without a word; with
    # no room for one, the build renders the pages itself.
    from toolkit import limits
    from toolkit.site import pool
    from toolkit.site.settings import PARALLEL_RENDER_MIN, RENDER_WORKER_GROUP_BYTES

    _group_leaving(monkeypatch, room_for * RENDER_WORKER_GROUP_BYTES + _MEGABYTE)
    memory = limits.GroupLedger()
    jobs = range(4 * PARALLEL_RENDER_MIN)
    rendered = list(pool.map_in_order(_rendering_process, iter(jobs), memory))
    assert [job for job, _ in rendered] == list(jobs)
    processes = {process for _, process in rendered}
    if room_for == 0:
        assert processes == {os.getpid()}
    else:
        assert os.getpid() not in processes and 1 <= len(processes) <= room_for
    # The workers' promise is given back once they are gone.
    assert memory.refusal("rendering", room_for * RENDER_WORKER_GROUP_BYTES) is None


def _pagefind_runs_at_once(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, bool]]:
    """Each Pagefind run's start, as how many runs are under way with it and whether render workers are."""
    import threading

    from toolkit.site import search

    started: list[tuple[int, bool]] = []
    under_way = {"runs": 0, "pools": 0}
    lock = threading.Lock()
    index_one = search._index_one

    def counted(*arguments: object) -> None:
        with lock:
            under_way["runs"] += 1
            started.append((under_way["runs"], under_way["pools"] > 0))
        try:
            index_one(*arguments)
        finally:
            with lock:
                under_way["runs"] -= 1

    class CountedPool(pool_module.ProcessPoolExecutor):
        def __enter__(self) -> CountedPool:
            under_way["pools"] += 1
            return super().__enter__()

        def __exit__(self, *exception: object) -> None:
            super().__exit__(*exception)
            under_way["pools"] -= 1

    monkeypatch.setattr(search, "_index_one", counted)
    monkeypatch.setattr(pool_module, "ProcessPoolExecutor", CountedPool)
    return started


def test_pagefind_runs_wait_for_room_in_the_control_group_and_one_without_it_is_named(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two Pagefind runs at a time (a bundle's two languages) started whatever the group's limit left: the kernel
    # killed the build without a word. With room for one run, the second waits for the first; with room for none,
    # the build stops in one line, the site as it was.
    from toolkit.site.settings import BUILD_GROUP_BYTES, PAGEFIND_GROUP_BYTES

    started = _pagefind_runs_at_once(monkeypatch)
    _group_leaving(monkeypatch, BUILD_GROUP_BYTES + PAGEFIND_GROUP_BYTES * 3 // 2)
    build_site(load_config(project))
    assert len(started) >= 2 and {runs for runs, _ in started} == {1}, started
    before = _tree(project / "site")
    catalog = project / "translations" / "001_sample.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("Article title 1", "Changed"), encoding="utf-8")
    _group_leaving(monkeypatch, BUILD_GROUP_BYTES + PAGEFIND_GROUP_BYTES)
    with pytest.raises(SiteError, match=r": the Pagefind search indexer takes about 16 MB of memory, .* 12 MB more "):
        build_site(load_config(project))
    assert _tree(project / "site") == before


def test_pagefind_runs_wait_for_the_render_workers_room(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each part of a build was checked alone against what its control group held when it started: a Pagefind run
    # was let start beside the render workers, they and the build grew on, and the kernel killed the build (SIGKILL)
    # without a word, a first build of 300 articles at 72 and 120 MB. What the workers are promised is now kept for
    # them: the run waits for them to end.
    from toolkit.site.settings import BUILD_GROUP_BYTES, PAGEFIND_GROUP_BYTES, RENDER_WORKER_GROUP_BYTES

    monkeypatch.setattr("toolkit.site.pool.PARALLEL_RENDER_MIN", 1)
    monkeypatch.setattr("toolkit.site.pool.RENDER_CHUNK", 1)
    monkeypatch.setattr("toolkit.site.pool.RENDER_IN_FLIGHT", 2)
    project = sample_project(tmp_path / "p", articles=12)
    toml = project / "toolkit.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "search_bundle_articles = 1\n", encoding="utf-8")
    started = _pagefind_runs_at_once(monkeypatch)
    _group_leaving(monkeypatch, BUILD_GROUP_BYTES + 2 * RENDER_WORKER_GROUP_BYTES + PAGEFIND_GROUP_BYTES)
    build_site(load_config(project))
    assert len(started) > 1 and not any(beside_workers for _, beside_workers in started), started


def test_search_input_kept_in_memory_is_a_share_of_what_the_control_group_leaves(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The search input went in /dev/shm up to 256 MB whatever the build's control group left: files there are the
    # group's memory, which the kernel cannot take back, and past the limit it killed the build without a word.
    from toolkit import limits
    from toolkit.site import search
    from toolkit.site.settings import SEARCH_INPUT_MEMORY_BYTES

    megabyte = 1 << 20
    asked = []
    made = search.make_memory_folder

    def memory_folder(base: Path, prefix: str, limit: int) -> object:
        asked.append(limit)
        return made(base, prefix, limit)

    monkeypatch.setattr(search, "make_memory_folder", memory_folder)
    group = limits.ControlGroup("/sys/fs/cgroup/box", "memory.max", 1024 * megabyte, 984 * megabyte)
    monkeypatch.setattr(limits, "control_group", lambda: group)
    build_site(load_config(project))
    assert asked == [10 * megabyte]  # a quarter of the 40 MB the group leaves
    catalog = project / "translations" / "001_sample.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("Article title 1", "Changed"), encoding="utf-8")
    monkeypatch.setattr(limits, "control_group", lambda: None)
    build_site(load_config(project))
    assert asked == [10 * megabyte, SEARCH_INPUT_MEMORY_BYTES]


def test_an_indexer_that_fails_is_named_and_the_site_left_as_it_was(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_site(load_config(project))
    before = _tree(project / "site")
    catalog = project / "translations" / "001_sample.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("Article title 1", "Changed"), encoding="utf-8")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")  # pagefind's own override of its binary
    with pytest.raises(SiteError, match="Pagefind search indexer failed for pagefind/b"):
        build_site(load_config(project))
    assert _tree(project / "site") == before


@pytest.mark.parametrize("workers", [False, True])
def test_a_page_the_renderer_cannot_write_is_named_and_the_site_left_as_it_was(
    project: Path, monkeypatch: pytest.MonkeyPatch, workers: bool
) -> None:
    """The render workers stage the pages they render: a write that fails there (a full disk) is reported as
    the build's own would be, by path, across the process boundary, and the site stays as it was."""
    from toolkit.errors import FileSystemError
    from toolkit.store import files

    build_site(load_config(project))
    before = _tree(project / "site")
    for catalog in (project / "translations").glob("*.po"):
        catalog.write_text(catalog.read_text(encoding="utf-8").replace("Article title", "Changed"), encoding="utf-8")
    if workers:
        monkeypatch.setattr("toolkit.site.pool.PARALLEL_RENDER_MIN", 1)
    real_open = files.os.open

    def full_disk(path, flags, *rest):
        if str(path).endswith(".html") and flags & os.O_EXCL:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_open(path, flags, *rest)

    monkeypatch.setattr(files.os, "open", full_disk)
    with pytest.raises(FileSystemError, match="cannot write: no space left on the device") as raised:
        build_site(load_config(project))
    assert raised.value.path is not None and raised.value.path.name.endswith(".html")
    monkeypatch.undo()
    assert _tree(project / "site") == before


def test_a_rebuild_compiles_no_template_an_earlier_build_compiled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compiled templates are kept in the state folder; one kept there that cannot be read as Jinja's (a
    damaged file, or another Jinja's) is compiled again, and the pages are the same."""
    import jinja2

    from toolkit.site import render

    def fresh_process() -> None:
        render._environment.cache_clear()
        render._BYTECODE._compiled.clear()

    project = sample_project(tmp_path / "project", articles=2)
    fresh_process()  # templates compiled by an earlier test in this process are not compiled again
    first = build_site(load_config(project))
    kept = sorted((project / ".toolkit" / "templates").iterdir())
    assert kept, "no compiled template kept"
    compiled: list[str] = []
    compile_template = jinja2.Environment.compile

    def counting(environment, source, name=None, *rest, **named):
        compiled.append(name)
        return compile_template(environment, source, name, *rest, **named)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    catalog = next((project / "translations").glob("*.po"))
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("Article title", "Retitled"), encoding="utf-8")
    fresh_process()
    assert build_site(load_config(project)).written and compiled == []

    for path in kept:
        path.write_bytes(b"not bytecode")
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("Retitled", "Article title"), encoding="utf-8")
    fresh_process()
    rebuilt = build_site(load_config(project))
    assert compiled and set(rebuilt.written) <= set(first.written)
    assert _tree(project / "site") == _tree_of_fresh_build(tmp_path / "fresh")


def _tree_of_fresh_build(folder: Path) -> dict[str, bytes]:
    project = sample_project(folder, articles=2)
    build_site(load_config(project))
    return _tree(project / "site")


def test_the_arabic_face_is_credited_only_on_a_site_that_sets_arabic(tmp_path: Path) -> None:
    # A Chinese -> English site credited "Arabic type: Noto Naskh Arabic" in every page's footer.
    credit = "Arabic type: Noto Naskh Arabic"
    for project, credited in ((cjk_source_project(tmp_path / "zh"), False), (sample_project(tmp_path / "ar"), True)):
        result = CliRunner().invoke(cli, ["-C", str(project), "-q", "build"])
        assert result.exit_code == 0, result.output
        pages = [project / "site" / "index.html", *sorted((project / "site" / "articles").glob("*.html"))]
        assert [credit in page.read_text(encoding="utf-8") for page in pages] == [credited] * len(pages)
