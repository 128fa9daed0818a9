"""The build manifest: what the site in place was built from, kept as an SQLite file in the state folder.

SQLite (Python's own sqlite3), not one JSON document: a build fills the next manifest row by row as it stages
files, and reads the article list, the feed and the sitemap back from it in date order, so no step holds every
article's summary at once and memory stays flat however big the corpus grows. Lookups by catalog or file
name use the tables' keys.

A manifest is built under a name of its own and renamed into place whole, so a reader sees either the
previous manifest or the complete next one.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from toolkit.catalog.entries import article_moment
from toolkit.site.pages import ArticleSummary, Neighbour
from toolkit.site.search import BundlePage
from toolkit.site.settings import MANIFEST_CACHE_KIB
from toolkit.store.files import fsync_file, is_regular_file, real_path, remove_file
from toolkit.store.sqlite import connect

# The meta key of the time the site was sealed at (toolkit/site/fingerprints.py).
SEALED_SETTING = "sealed_ns"
# The meta keys of what a build records before its swap (toolkit/site/generation.py): the staging folder's
# identity, which becomes site/'s by the swap, and a time at or after every change made to the staged files.
SITE_FOLDER_SETTING = "site_folder"
STAGED_SEAL_SETTING = "staged_ns"

# Bumped when the tables change: a manifest of another version is not trusted, and the next build is full.
MANIFEST_VERSION = 10

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    catalog TEXT PRIMARY KEY,
    catalog_hash TEXT NOT NULL,
    page TEXT NOT NULL,
    slug TEXT NOT NULL,
    bundle TEXT NOT NULL,
    article_id TEXT NOT NULL,
    date TEXT NOT NULL,
    title_source TEXT NOT NULL,
    title_target TEXT NOT NULL,
    links TEXT,
    summary TEXT NOT NULL,
    status_row TEXT NOT NULL,
    pair_hashes TEXT NOT NULL
);
CREATE INDEX articles_by_slug ON articles (slug, catalog);
CREATE INDEX articles_by_bundle ON articles (bundle, page);
CREATE TABLE files (name TEXT PRIMARY KEY, hash TEXT NOT NULL);
CREATE TABLE bundles (path TEXT PRIMARY KEY, input_hash TEXT NOT NULL);
CREATE TABLE catalog_stats (catalog TEXT PRIMARY KEY, stat TEXT NOT NULL);
CREATE TABLE tree (name TEXT PRIMARY KEY, stat TEXT NOT NULL);
CREATE TABLE tree_hashes (name TEXT PRIMARY KEY, hash TEXT NOT NULL);
CREATE TABLE inputs (name TEXT PRIMARY KEY, digest TEXT NOT NULL);
"""

# The inode in a file's signature (toolkit/site/fingerprints.py: mode, inode, size and mtime, joined by ":"), as text.
_INODE_OF_SIGNATURE = """substr(substr({signature}, instr({signature}, ':') + 1), 1,
    instr(substr({signature}, instr({signature}, ':') + 1), ':') - 1)"""

# Dated articles newest first, then undated ones; ties by id (text compares as UTF-8 bytes, that is by code
# point), so the order never depends on the disk. `date` is the article's date only when it names a day
# (article_moment): as text, one shown unverified ("31/31/2021", other digits than ASCII's) came before every
# real date, the newest of the list and the feed.
_NEWEST_FIRST = "ORDER BY date = '', date DESC, article_id"

# What an article page's links to its neighbours in the list are made from: each neighbour's slug and titles
# (null at either end). Kept beside the article as `links`, so that a build finds the pages whose
# neighbours changed (an article added, removed, redated or retitled) in one query, without parsing a page.
_NEIGHBOURS = """json_array(
    lag(slug) OVER list, lag(title_source) OVER list, lag(title_target) OVER list,
    lead(slug) OVER list, lead(title_source) OVER list, lead(title_target) OVER list)"""


@dataclass(frozen=True)
class ArticleRecord:
    catalog_hash: str
    page: str  # the article's file, relative to the site root
    slug: str
    summary: ArticleSummary
    links: str | None = None  # the neighbours its staged page links to (see _NEIGHBOURS); None: no links yet
    status_row: str = ""  # its row of the status page (render.render_status_row)
    pair_hashes: str = ""  # its translated pairs, hashed (catalog/renames.py: shown_pair_hashes)


@dataclass(frozen=True)
class StaleLinks:
    """An article whose page does not link to its neighbours in the list as they now are."""

    catalog: str
    page: str
    staged: str | None  # the neighbours its staged page links to, None when it was staged without links
    wanted: str  # the neighbours it must link to (see _NEIGHBOURS)

    @property
    def neighbours(self) -> tuple[Neighbour | None, Neighbour | None]:
        """The article before it in the list and the one after it, None at either end."""
        before_slug, before_source, before_target, after_slug, after_source, after_target = json.loads(self.wanted)
        return (
            Neighbour(before_slug, before_source, before_target) if before_slug is not None else None,
            Neighbour(after_slug, after_source, after_target) if after_slug is not None else None,
        )


def _read_only(path: Path) -> sqlite3.Connection:
    connection = connect(path, read_only=True)
    try:
        connection.execute(f"PRAGMA cache_size = {-MANIFEST_CACHE_KIB}")
    except sqlite3.Error:
        connection.close()
        raise
    return connection


def summary_of(text: str) -> ArticleSummary:
    """An article's summary from the manifest's JSON text."""
    return ArticleSummary.from_dict(json.loads(text))


# An article's record as the manifest keeps it; one of an earlier version is read without the last (version 6
# had no pairs, 7 a sample of 4 under another name).
_RECORD_COLUMNS = "catalog_hash, page, slug, summary, links, status_row, pair_hashes"
_RECORD_COLUMNS_WITHOUT_PAIRS = _RECORD_COLUMNS.removesuffix(", pair_hashes")


def _record(row: tuple) -> ArticleRecord:
    catalog_hash, page, slug, summary, *rest = row
    return ArticleRecord(catalog_hash, page, slug, ArticleSummary.from_dict(json.loads(summary)), *rest)


def pages_differing_in_case_only(connection: sqlite3.Connection) -> list[tuple[str, str]]:
    """(catalog, the catalog whose page's name is the same but for its letters' case) for each such page, in
    name order: a disk or web server that ignores case (macOS's, Windows's) keeps one of the two. Only a name
    with an ASCII capital can have such a twin: those are found by a scan of the slug index (milliseconds at
    100,000 articles) and each looked up in lower case; letters outside ASCII are not folded."""
    capitalized = connection.execute("SELECT slug, catalog FROM articles WHERE slug <> lower(slug)").fetchall()
    pages: dict[str, set[tuple[str, str]]] = {}
    for slug, catalog in capitalized:
        pages.setdefault(slug.lower(), set()).add((slug, catalog))
    for folded, found in pages.items():
        found.update(connection.execute("SELECT slug, catalog FROM articles WHERE slug = ?", (folded,)))
    twins = []
    for found in pages.values():
        (first_slug, first), *rest = sorted(found, key=lambda page: page[1])
        twins += [(catalog, first) for slug, catalog in rest if slug != first_slug]
    return sorted(twins)


class BuiltManifest:
    """The manifest of the site in place, read-only."""

    def __init__(self, path: Path, connection: sqlite3.Connection, generator: str, current_version: bool = True):
        self.path = path
        self._connection = connection
        self.generator = generator
        self.current_version = current_version  # False: written by a toolkit of another MANIFEST_VERSION

    @classmethod
    def open(cls, path: Path) -> BuiltManifest | None:
        """None when the file is missing or not a manifest at all; sqlite3.Error when it
        cannot be read (damaged, locked by another program)."""
        if not is_regular_file(path):
            return None
        connection = _read_only(path)
        try:
            # A file damaged past its first pages still opens; the check (milliseconds for thousands of
            # articles) finds it before a lookup half-way through the build would.
            if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("database disk image is malformed")
            if not connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
                connection.close()
                return None
            meta = dict(connection.execute("SELECT key, value FROM meta"))
        except sqlite3.Error:
            connection.close()
            raise
        if "generator" not in meta:
            connection.close()
            return None
        # Another version's manifest is never `previous` (its generator differs: the build is full), but its
        # records keep the page of a catalog that does not parse, as without a version change.
        return cls(path, connection, meta["generator"], meta.get("version") == str(MANIFEST_VERSION))

    def close(self) -> None:
        self._connection.close()

    def pages_differing_in_case_only(self) -> list[tuple[str, str]]:
        return pages_differing_in_case_only(self._connection)

    def article(self, catalog: str) -> ArticleRecord | None:
        """The catalog's article as built; None also when a manifest of another version holds no record this
        version can read (a column or a summary's field it did not have)."""
        try:
            columns = _RECORD_COLUMNS if self.current_version else _RECORD_COLUMNS_WITHOUT_PAIRS
            row = self._connection.execute(f"SELECT {columns} FROM articles WHERE catalog = ?", (catalog,)).fetchone()
            return _record(row) if row else None
        except (sqlite3.OperationalError, KeyError, TypeError, ValueError):
            if self.current_version:
                raise
            return None

    def article_and_stat(self, catalog: str) -> tuple[ArticleRecord, str | None] | None:
        """The article and its catalog's stat signature (None when none was safe to keep), in one look-up."""
        row = self._connection.execute(
            f"""SELECT {_RECORD_COLUMNS}, catalog_stats.stat
               FROM articles LEFT JOIN catalog_stats USING (catalog) WHERE catalog = ?""",
            (catalog,),
        ).fetchone()
        return (_record(row[:-1]), row[-1]) if row else None

    def bundle_hash(self, path: str) -> str | None:
        row = self._connection.execute("SELECT input_hash FROM bundles WHERE path = ?", (path,)).fetchone()
        return row[0] if row else None

    def setting(self, key: str) -> str | None:
        row = self._connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @cached_property
    def sealed_ns(self) -> int | None:
        """When the site this manifest describes was sealed (`seal_time`)."""
        return seal_time(self.setting(SEALED_SETTING))

    @cached_property
    def keeps_tree_hashes(self) -> bool:
        """Whether it holds the hashes of its search bundles' files (an earlier toolkit's does not)."""
        found = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tree_hashes'"
        return self._connection.execute(found).fetchone() is not None

    def catalogs(self) -> Iterator[tuple[str, str, str | None]]:
        """Every catalog the site was built from, sorted by name, read a row at a time (held as a dict, the
        100,000 of an archive took 35 MB): its name, its hash, and its file's stat signature when one was safe
        to keep."""
        yield from self._connection.execute(
            """SELECT articles.catalog, articles.catalog_hash, catalog_stats.stat
               FROM articles LEFT JOIN catalog_stats USING (catalog) ORDER BY articles.catalog"""
        )

    def catalog_count(self) -> int:
        return self._connection.execute("SELECT count(*) FROM articles").fetchone()[0]

    def tree(self) -> Iterator[tuple[str, str]]:
        """Every file and folder of the site as built, with its stat signature (folders end in "/"), read a
        row at a time."""
        yield from self._connection.execute("SELECT name, stat FROM tree")

    def tree_under(self, folder: str) -> dict[str, str]:
        """The files and folders recorded under `folder` (a path ending in "/", not itself) with their signatures,
        by name relative to it: a key range, since every name under it sorts between it and the name after
        its "/"."""
        rows = self._connection.execute(
            "SELECT name, stat FROM tree WHERE name > ? AND name < ?", (folder, folder[:-1] + chr(ord("/") + 1))
        )
        return {name[len(folder) :]: stat for name, stat in rows}

    def tree_hashes_under(self, folder: str) -> dict[str, str]:
        """The hashes of the search bundles' files recorded under `folder` (a path ending in "/"), by name
        relative to it, as `tree_under` reads their signatures; none from a manifest that keeps none."""
        if not self.keeps_tree_hashes:
            return {}
        rows = self._connection.execute(
            "SELECT name, hash FROM tree_hashes WHERE name > ? AND name < ?", (folder, folder[:-1] + chr(ord("/") + 1))
        )
        return {name[len(folder) :]: file_hash for name, file_hash in rows}

    def names_in(self, folder: str) -> Iterator[str]:
        """The names of the files and folders (those end in "/") recorded directly in `folder` ("" for the
        site itself, else a path ending in "/"), in code point order (SQLite's of UTF-8), a row at a time: a key
        range, as in `tree_under`, less what lies deeper."""
        start = len(folder) + 1
        try:
            rows = self._connection.execute(
                """SELECT substr(name, ?) FROM tree WHERE name > ? AND (? OR name < ?)
                   AND instr(rtrim(substr(name, ?), '/'), '/') = 0 ORDER BY name""",
                (start, folder, not folder, folder[:-1] + chr(ord("/") + 1), start),
            )
        except sqlite3.OperationalError:
            if self.current_version:
                raise
            return iter(())  # a version without the table: nothing recorded
        return (name for (name,) in rows)

    def input_digest(self, name: str) -> str | None:
        row = self._connection.execute("SELECT digest FROM inputs WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def built_file(self, name: str) -> tuple[str, str | None] | None:
        """A file of the site as built: its hash and its stat signature (None when none was recorded, or a
        manifest of another version has no table of them)."""
        try:
            row = self._connection.execute(
                "SELECT files.hash, tree.stat FROM files LEFT JOIN tree USING (name) WHERE files.name = ?", (name,)
            ).fetchone()
        except sqlite3.OperationalError:
            if self.current_version:
                raise
            return None
        return (row[0], row[1]) if row else None


class NextManifest:
    """The manifest of the site being built, filled as its files are staged. Nothing in it is durable until
    `finish`: a build that dies leaves a scratch file that the next build removes."""

    def __init__(self, path: Path, generator: str) -> None:
        self.path = path
        remove_file(path)
        # As a URI, so that `files_gone_since` can attach the previous manifest read-only.
        self._connection = connect(path)
        # A scratch file until `finish` fsyncs it: no journal to keep, nothing to sync row by row.
        self._connection.execute("PRAGMA journal_mode = OFF")
        self._connection.execute("PRAGMA synchronous = OFF")
        self._connection.execute(f"PRAGMA cache_size = {-MANIFEST_CACHE_KIB}")
        self._connection.executescript(_SCHEMA)
        # The files this build writes rather than links from the site in place: for its result, kept on disk
        # (SQLite's temporary store), not as a list of 200,000 names at 100,000 articles.
        self._connection.execute("CREATE TEMP TABLE written (name TEXT PRIMARY KEY)")
        # The files of the site in place found other than the last build left them (changed by hand) and made
        # again: named in the result, kept on disk as `written` is (a site/ emptied by hand names every page).
        self._connection.execute("CREATE TEMP TABLE changed_by_hand (name TEXT PRIMARY KEY)")
        self._connection.executemany(
            "INSERT INTO meta VALUES (?, ?)", [("version", str(MANIFEST_VERSION)), ("generator", generator)]
        )

    def close(self) -> None:
        self._connection.close()

    def add_article(self, catalog: str, record: ArticleRecord, bundle: str) -> None:
        summary = record.summary
        self._connection.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                catalog,
                record.catalog_hash,
                record.page,
                record.slug,
                bundle,
                summary.article_id,
                summary.date if article_moment(summary.date) else "",
                summary.title_source,
                summary.title_target,
                record.links,
                json.dumps(summary.to_dict(), ensure_ascii=False, sort_keys=True),
                record.status_row,
                record.pair_hashes,
            ),
        )

    def add_file(self, name: str, file_hash: str, written: bool = False) -> None:
        """Record a file of the site; `written` when its bytes were written by this build, not linked."""
        # A name comes twice only when two catalogs claim one page, which the build then refuses.
        self._connection.execute("INSERT OR REPLACE INTO files VALUES (?, ?)", (name, file_hash))
        if written:
            self._connection.execute("INSERT OR IGNORE INTO temp.written VALUES (?)", (name,))

    def written_files(self) -> Iterator[str]:
        """The files recorded as written by this build, sorted, read a row at a time."""
        for (name,) in self._connection.execute("SELECT name FROM temp.written ORDER BY name"):
            yield name

    def add_changed_by_hand(self, name: str) -> None:
        self._connection.execute("INSERT OR IGNORE INTO temp.changed_by_hand VALUES (?)", (name,))

    def changed_by_hand(self) -> Iterator[str]:
        """The files recorded as changed by hand, sorted, read a row at a time."""
        for (name,) in self._connection.execute("SELECT name FROM temp.changed_by_hand ORDER BY name"):
            yield name

    def add_bundle(self, path: str, input_hash: str) -> None:
        self._connection.execute("INSERT INTO bundles VALUES (?, ?)", (path, input_hash))

    def add_catalog_stat(self, catalog: str, stat: str) -> None:
        self._connection.execute("INSERT OR REPLACE INTO catalog_stats VALUES (?, ?)", (catalog, stat))

    def add_tree(self, entries: Iterable[tuple[str, str]]) -> None:
        self._connection.executemany("INSERT INTO tree (name, stat) VALUES (?, ?)", entries)

    def carry_tree_hashes(self, previous: BuiltManifest | None) -> None:
        """Take from `previous` the hash of each file of the tree that `files` does not hold (the search
        bundles' files) and that has the signature it recorded: a bundle carried over, its files linked."""
        connection = self._connection
        if previous is None or not previous.keeps_tree_hashes:
            return
        connection.commit()  # SQLite attaches and detaches outside a transaction only
        connection.execute("ATTACH DATABASE ? AS previous", (f"{real_path(previous.path).as_uri()}?mode=ro",))
        try:
            connection.execute(
                """INSERT INTO main.tree_hashes SELECT tree.name, old.hash FROM main.tree AS tree
                   JOIN previous.tree AS was ON was.name = tree.name AND was.stat = tree.stat
                   JOIN previous.tree_hashes AS old ON old.name = tree.name"""
            )
            connection.commit()
        finally:
            connection.execute("DETACH DATABASE previous")

    def unhashed_files(self) -> Iterator[str]:
        """The files of the tree with no hash in `files` or `tree_hashes`, read a row at a time (from a copy:
        `add_tree_hash` may be called for each as they come)."""
        self._connection.execute("DROP TABLE IF EXISTS temp.unhashed")
        self._connection.execute(
            """CREATE TEMP TABLE unhashed AS SELECT name FROM tree WHERE substr(name, -1) != '/'
               AND name NOT IN (SELECT name FROM files) AND name NOT IN (SELECT name FROM tree_hashes)"""
        )
        try:
            for (name,) in self._connection.execute("SELECT name FROM temp.unhashed"):
                yield name
        finally:
            self._connection.execute("DROP TABLE temp.unhashed")

    def add_tree_hash(self, name: str, file_hash: str) -> None:
        self._connection.execute("INSERT OR REPLACE INTO tree_hashes VALUES (?, ?)", (name, file_hash))

    def add_input_digest(self, name: str, digest: str) -> None:
        self._connection.execute("INSERT OR REPLACE INTO inputs VALUES (?, ?)", (name, digest))

    def set_setting(self, key: str, value: str) -> None:
        self._connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def has_article(self, catalog: str) -> bool:
        return self._connection.execute("SELECT 1 FROM articles WHERE catalog = ?", (catalog,)).fetchone() is not None

    def article(self, catalog: str) -> ArticleRecord | None:
        """The catalog's article as staged so far."""
        row = self._connection.execute(f"SELECT {_RECORD_COLUMNS} FROM articles WHERE catalog = ?", (catalog,))
        found = row.fetchone()
        return _record(found) if found else None

    def article_count(self) -> int:
        return self._connection.execute("SELECT count(*) FROM articles").fetchone()[0]

    def first_page_clash(self) -> tuple[str, str, str] | None:
        """(catalog, article id, the catalog that claimed the page first) for the first catalog, in name
        order, whose page an earlier catalog already gives; None when every page has one catalog."""
        return self._connection.execute(
            """SELECT later.catalog, later.article_id, min(earlier.catalog)
               FROM articles AS later JOIN articles AS earlier
                 ON earlier.slug = later.slug AND earlier.catalog < later.catalog
               GROUP BY later.catalog ORDER BY later.catalog LIMIT 1"""
        ).fetchone()

    def pages_differing_in_case_only(self) -> list[tuple[str, str]]:
        return pages_differing_in_case_only(self._connection)

    def summaries_newest_first(self, limit: int | None = None) -> Iterator[ArticleSummary]:
        """Every article's summary (or the newest `limit`), read a row at a time."""
        for summary in self.summary_texts_newest_first(limit):
            yield summary_of(summary)

    def summary_texts_newest_first(self, limit: int | None = None) -> Iterator[str]:
        """Every article's summary as the manifest keeps it (JSON text: equal summaries, equal texts)."""
        sql_limit = -1 if limit is None else limit  # SQLite reads a negative LIMIT as none
        rows = self._connection.execute(f"SELECT summary FROM articles {_NEWEST_FIRST} LIMIT ?", (sql_limit,))
        for (summary,) in rows:
            yield summary

    def status_rows_newest_first(self) -> Iterator[str]:
        """Every article's row of the status page, read a row at a time."""
        for (row,) in self._connection.execute(f"SELECT status_row FROM articles {_NEWEST_FIRST}"):
            yield row

    def slugs_and_dates_newest_first(self) -> Iterator[tuple[str, str]]:
        yield from self._connection.execute(f"SELECT slug, date FROM articles {_NEWEST_FIRST}")

    def stale_links(self) -> Iterator[StaleLinks]:
        """The articles whose staged page links to other neighbours than the list now gives it, in list
        order; `set_links` may be called for each as they come."""
        self._connection.execute("DROP TABLE IF EXISTS temp.stale")
        # Copied out first: the window runs over the whole table, which set_links then updates.
        self._connection.execute(
            f"""CREATE TEMP TABLE stale AS SELECT catalog, page, links, wanted FROM (
                  SELECT catalog, page, links, {_NEIGHBOURS} AS wanted
                  FROM articles WINDOW list AS ({_NEWEST_FIRST}))
                WHERE links IS NOT wanted"""
        )
        try:
            for catalog, page, staged, wanted in self._connection.execute("SELECT * FROM temp.stale ORDER BY rowid"):
                yield StaleLinks(catalog, page, staged, wanted)
        finally:
            self._connection.execute("DROP TABLE temp.stale")

    def set_links(self, catalog: str, links: str) -> None:
        self._connection.execute("UPDATE articles SET links = ? WHERE catalog = ?", (links, catalog))

    def last_article_row(self) -> int:
        """The row of the article added last (rows only grow: an article added later has a higher one)."""
        return self._connection.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]

    def bundles_last_rows(self) -> Iterator[tuple[str, int]]:
        """Every bundle that holds an article, in path order, with the row of its article added last."""
        yield from self._connection.execute("SELECT bundle, max(rowid) FROM articles GROUP BY bundle ORDER BY bundle")

    def bundle_pages(self, prefixes: Sequence[str] = ("",), bundle: str | None = None) -> Iterator[BundlePage]:
        """Every article page (or those of one `bundle`), in each interface (its page under each of
        `prefixes`), with its bundle and its catalog's hash, in bundle then page order. The catalog's hash, not
        the page's: what Pagefind indexes of a page is made from its catalog alone (the generator being the
        same), while the page's links to its neighbours change with other articles and are not indexed. Read
        from the articles, not the files: indexing starts before a rendered page, waiting for its links, is
        recorded as a file."""
        interfaces = ", ".join("(?)" for _ in prefixes)
        rows = self._connection.execute(
            f"""WITH interfaces(prefix) AS (VALUES {interfaces})
               SELECT articles.bundle, interfaces.prefix || articles.page AS name, articles.catalog_hash
               FROM articles, interfaces {"WHERE articles.bundle = ?" if bundle is not None else ""}
               ORDER BY articles.bundle, name""",
            (*prefixes, *((bundle,) if bundle is not None else ())),
        )
        for bundle, page, catalog_hash in rows:
            yield BundlePage(bundle, page, catalog_hash)

    def carry_articles(
        self,
        previous: BuiltManifest,
        catalogs: Iterable[str],
        live: Iterable[tuple[str, str]],
        prefixes: Sequence[str],
        staged: Iterable[tuple[str, int]] = (),
    ) -> dict[str, str]:
        """Copy from `previous` the articles of `catalogs` (none of them added yet) whose page in every
        interface (under each of `prefixes`) is among the `live` files of the site in place, with the signature
        that build recorded: their rows, their catalogs' signatures (those it recorded: one it could not is
        recorded here already, build._vouched) and their pages' files, a statement each for all of them. Of their
        pages, those that the `staged` files (name, inode) do not hold already are kept for
        `carried_pages_to_link`. Returns the search bundles all of whose articles were carried by this call (none
        added otherwise, before or since), each with the input hash it was made from."""
        connection = self._connection
        connection.commit()  # SQLite attaches and detaches outside a transaction only
        connection.execute("ATTACH DATABASE ? AS previous", (f"{real_path(previous.path).as_uri()}?mode=ro",))
        try:
            connection.execute("CREATE TEMP TABLE vouched (catalog TEXT PRIMARY KEY) WITHOUT ROWID")
            connection.executemany("INSERT OR IGNORE INTO temp.vouched VALUES (?)", ((name,) for name in catalogs))
            connection.execute("CREATE TEMP TABLE live (name TEXT PRIMARY KEY, stat TEXT NOT NULL) WITHOUT ROWID")
            connection.executemany("INSERT OR REPLACE INTO temp.live VALUES (?, ?)", live)
            connection.execute("CREATE TEMP TABLE prefixes (prefix TEXT NOT NULL)")
            connection.executemany("INSERT INTO temp.prefixes VALUES (?)", ((prefix,) for prefix in prefixes))
            # An article is carried when none of its pages is missing from the files or the tree recorded, or
            # other on disk than recorded.
            connection.execute(
                """CREATE TEMP TABLE carried AS SELECT catalog FROM previous.articles AS article
                   JOIN temp.vouched USING (catalog)
                   WHERE NOT EXISTS (
                     SELECT 1 FROM temp.prefixes
                     LEFT JOIN previous.files AS file ON file.name = prefix || article.page
                     LEFT JOIN previous.tree AS tree ON tree.name = prefix || article.page
                     LEFT JOIN temp.live AS live ON live.name = prefix || article.page
                     WHERE file.name IS NULL OR tree.stat IS NULL OR live.stat IS NOT tree.stat)"""
            )
            rows_before = self.last_article_row()
            connection.execute(
                """INSERT INTO main.articles SELECT article.* FROM previous.articles AS article
                   JOIN temp.carried USING (catalog) ORDER BY catalog"""
            )
            connection.execute(
                """INSERT INTO main.catalog_stats SELECT stats.* FROM previous.catalog_stats AS stats
                   JOIN temp.carried USING (catalog)"""
            )
            connection.execute(
                """INSERT INTO main.files SELECT file.* FROM temp.carried
                   JOIN previous.articles AS article USING (catalog), temp.prefixes
                   JOIN previous.files AS file ON file.name = prefix || article.page"""
            )
            connection.execute("CREATE TEMP TABLE staged (name TEXT PRIMARY KEY, inode TEXT NOT NULL) WITHOUT ROWID")
            connection.executemany("INSERT OR REPLACE INTO temp.staged VALUES (?, ?)", staged)
            connection.execute("DROP TABLE IF EXISTS temp.to_link")
            connection.execute(
                f"""CREATE TEMP TABLE to_link AS SELECT prefix || article.page AS name FROM temp.carried
                   JOIN previous.articles AS article USING (catalog), temp.prefixes
                   JOIN temp.live AS live ON live.name = prefix || article.page
                   LEFT JOIN temp.staged AS staged ON staged.name = prefix || article.page
                   WHERE staged.inode IS NOT {_INODE_OF_SIGNATURE.format(signature="live.stat")}"""
            )
            bundles = dict(
                connection.execute(
                    """SELECT path, input_hash FROM previous.bundles
                       WHERE (SELECT count(*) FROM previous.articles WHERE bundle = path)
                           = (SELECT count(*) FROM main.articles WHERE bundle = path AND rowid > ?)
                         AND NOT EXISTS (SELECT 1 FROM main.articles WHERE bundle = path AND rowid <= ?)""",
                    (rows_before, rows_before),
                )
            )
            for table in ("vouched", "live", "prefixes", "carried", "staged"):
                connection.execute(f"DROP TABLE temp.{table}")
            connection.commit()
        except sqlite3.Error:
            connection.rollback()
            raise
        finally:
            connection.execute("DETACH DATABASE previous")
        return bundles

    def carried_pages_to_link(self) -> Iterator[str]:
        """The pages `carry_articles` found missing from staging (or another file there), read a row at a time."""
        rows = self._connection.execute("SELECT name FROM temp.to_link ORDER BY name")
        try:
            yield from (name for (name,) in rows)
        finally:
            rows.close()
            self._connection.execute("DROP TABLE temp.to_link")

    def take_strays(self) -> list[str]:
        """The files of the tree that this build did not stage (neither recorded as its files nor in one of its
        search bundles): files of the site before the current one, in which it staged, that the new site no
        longer has. Their rows are removed from the tree."""
        strays = [
            name
            for (name,) in self._connection.execute(
                """SELECT name FROM tree WHERE substr(name, -1) != '/' AND name NOT IN (SELECT name FROM files)
                   AND NOT EXISTS (SELECT 1 FROM bundles WHERE substr(tree.name, 1, length(path)) = path)"""
            )
        ]
        self._connection.executemany("DELETE FROM tree WHERE name = ?", ((name,) for name in strays))
        return strays

    def empty_folders(self) -> list[str]:
        """The folders of the tree with no file under them, the deepest first."""
        # Every name under the folder "a/b/" sorts after it and before "a/b0" ("0" follows "/").
        return [
            name
            for (name,) in self._connection.execute(
                """SELECT name FROM tree AS folder WHERE substr(name, -1) = '/' AND NOT EXISTS (
                     SELECT 1 FROM tree WHERE tree.name > folder.name
                     AND tree.name < substr(folder.name, 1, length(folder.name) - 1) || '0'
                     AND substr(tree.name, -1) != '/')
                   ORDER BY length(name) DESC"""
            )
        ]

    def forget_folder(self, name: str) -> None:
        self._connection.execute("DELETE FROM tree WHERE name = ?", (name,))

    def catalogs_added(self, after_row: int = 0) -> Iterator[str]:
        """The catalog of every article added after the row `after_row` (last_article_row), by name, read a row
        at a time."""
        for (catalog,) in self._connection.execute(
            "SELECT catalog FROM articles WHERE rowid > ? ORDER BY catalog", (after_row,)
        ):
            yield catalog

    def files_gone_since(self, previous: BuiltManifest) -> list[str]:
        """Files of the previous site that this one no longer has, sorted."""
        self._connection.commit()  # SQLite attaches and detaches outside a transaction only
        self._connection.execute("ATTACH DATABASE ? AS previous", (f"{real_path(previous.path).as_uri()}?mode=ro",))
        try:
            rows = self._connection.execute(
                """SELECT name FROM previous.files WHERE name NOT IN (SELECT name FROM main.files)
                   ORDER BY name"""
            ).fetchall()
        finally:
            self._connection.execute("DETACH DATABASE previous")
        return [name for (name,) in rows]

    def finish(self) -> None:
        """Commit and close, with the file's bytes on disk, ready to be renamed into place."""
        self._connection.commit()
        self._connection.close()
        fsync_file(self.path)


def seal_time(recorded: str | None) -> int | None:
    """The time a manifest records its site was sealed at (toolkit/site/fingerprints.py), from its meta value;
    None when it was never sealed (a build that could not seal it, an older toolkit's), or when the seal is
    later than now: the clock was set back since (an NTP step, a restored machine), and every edit made after
    that has a change time before the seal. Then no file in site/ is trusted unread."""
    if recorded is None or not recorded.lstrip("-").isdigit() or int(recorded) > time.time_ns():
        return None
    return int(recorded)


def record_seal(path: Path, sealed_ns: int, untrusted: Iterable[str] = ()) -> None:
    """Record in the finished manifest at `path` when the site was sealed (toolkit/site/fingerprints.py), once
    it is in place and the previous one removed, forgetting the signatures of the `untrusted` files (their
    next build reads them, or makes them anew), and put it on disk. The manifest is pending meanwhile."""
    connection = connect(path)
    try:
        connection.executemany("DELETE FROM tree WHERE name = ?", ((name,) for name in untrusted))
        connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (SEALED_SETTING, str(sealed_ns)))
        connection.commit()
    finally:
        connection.close()
    fsync_file(path)


def manifest_settings(path: Path) -> dict[str, str]:
    """The meta settings of the finished manifest at `path` (sqlite3.Error when it cannot be read)."""
    connection = connect(path)
    try:
        return dict(connection.execute("SELECT key, value FROM meta"))
    finally:
        connection.close()


def recorded_files(path: Path) -> Iterator[tuple[str, str, str | None]]:
    """Every file of the site the manifest at `path` describes: its name, its signature and its hash (None
    when none could be taken), read a row at a time."""
    connection = _read_only(path)
    try:
        yield from connection.execute(
            """SELECT tree.name, tree.stat, coalesce(files.hash, tree_hashes.hash)
               FROM tree LEFT JOIN files USING (name) LEFT JOIN tree_hashes USING (name)
               WHERE substr(tree.name, -1) != '/'"""
        )
    finally:
        connection.close()
