"""Search bundles grow in number with the archive, at a bounded size each, and an article keeps its bundle:
a one-article rebuild re-indexes one bundle of about the same size at any archive size."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from site_projects import sample_project

from toolkit.config import load_config
from toolkit.site.build import build_site
from toolkit.site.render import PAIR_MARK, SiteInfo, with_pair_marks
from toolkit.site.search import CUT_MARK, KEPT_SPACE, bundle_count, bundle_of, bundle_size, cut_letters, is_engine_file
from toolkit.site.settings import (
    LATIN_LETTERS_SPELT_PLAIN,
    LETTER_SCRIPTS,
    SEARCH_BUNDLE_ARTICLES,
    SEARCH_BUNDLE_SLACK,
    SEARCH_INPUT_MEMORY_FOLDER,
    UNSEEN_IN_WORDS,
)


@pytest.mark.parametrize("articles", [0, 1, 63, 64, 65, 1000, 10_000, 100_000])
def test_the_bundle_count_keeps_bundles_at_their_size(articles: int) -> None:
    count = bundle_count(articles)
    assert count & (count - 1) == 0
    assert articles <= count * bundle_size(articles)
    assert count == 1 or articles > count * bundle_size(articles) // 2


def test_a_big_archive_grows_its_bundles_as_well_as_their_count() -> None:
    assert bundle_size(1000) == SEARCH_BUNDLE_ARTICLES and bundle_count(1000) == 16
    assert (bundle_count(10_000), bundle_count(100_000)) == (64, 256)  # a search fetches from each
    assert bundle_size(100_000) < 1000  # and a one-article rebuild re-indexes one of them
    assert bundle_size(100_000, size=64) == 64  # a size the site sets is kept


def test_an_archive_crossing_a_power_of_two_keeps_its_count_until_far_past_it() -> None:
    size = SEARCH_BUNDLE_ARTICLES
    at_limit = 16 * size
    assert bundle_count(at_limit + 1, size=size) == 32
    assert bundle_count(at_limit + 1, previous=16, size=size) == 16  # one article more does not re-index everything
    assert bundle_count(at_limit - 1, previous=32, size=size) == 32  # nor one fewer, back again
    assert bundle_count(16 * size * SEARCH_BUNDLE_SLACK + 1, previous=16, size=size) == 64
    assert bundle_count(size, previous=32, size=size) == 1
    assert bundle_count(100, previous=3) == bundle_count(100)  # not a count this toolkit records


def test_an_article_stays_in_its_bundle_as_the_count_doubles() -> None:
    slugs = [f"article-{number}" for number in range(2000)]
    for count in (1, 2, 16, 256, 4096):
        for slug in slugs[:200]:
            parent = bundle_of(slug, count)
            child = bundle_of(slug, count * 2)
            assert int(child.rstrip("/").rsplit("/b", 1)[1], 16) // 2 == int(parent.rstrip("/").rsplit("/b", 1)[1], 16)
    sizes = Counter(bundle_of(slug, 16) for slug in slugs)
    assert len(sizes) == 16 and max(sizes.values()) < 2 * min(sizes.values())  # spread evenly
    assert len({bundle_of(slug, 4096) for slug in slugs}) > 1000
    assert bundle_of("x", 4096).endswith("/") and len(bundle_of("x", 4096)) == len(bundle_of("y", 4096))


def test_the_site_gets_more_bundles_as_it_grows_and_one_change_indexes_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("toolkit.site.search.SEARCH_BUNDLE_ARTICLES", 2)
    monkeypatch.setattr("toolkit.site.search.SEARCH_BUNDLE_GROWTH", 0)
    project = sample_project(tmp_path / "p", articles=12)
    first = build_site(load_config(project))
    folders = {path.name for path in (project / "site" / "pagefind").iterdir() if path.is_dir()}
    assert len(first.bundles_indexed) == len(folders) and 4 < len(folders) <= 8
    catalog = project / "translations" / "005_sample.po"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace("NATO, item 1 of", "NATO, the first item of"), encoding="utf-8"
    )
    again = build_site(load_config(project))
    assert len(again.bundles_indexed) == 1
    search = (project / "site" / "search.html").read_text(encoding="utf-8")
    assert all(f"pagefind/{folder}/" in search for folder in folders)


def _engines(site: Path) -> tuple[list[str], dict[str, dict[str, bytes]]]:
    """The search page's bundles, in its order, and Pagefind's engine files each holds, by name."""
    bundles = re.search(r'data-bundles="([^"]*)"', (site / "search.html").read_text(encoding="utf-8")).group(1).split()
    held = {
        bundle: {path.name: path.read_bytes() for path in (site / bundle).iterdir() if is_engine_file(path.name)}
        for bundle in bundles
    }
    return bundles, held


def test_pagefinds_engine_is_kept_in_the_first_bundle_alone_through_every_rebuild(tmp_path: Path) -> None:
    """The browser loads Pagefind's script, worker and WebAssembly from the search page's first bundle only
    (a merged bundle brings its index alone): the other bundles do not get them, and a rebuild keeps them in
    whichever bundle is first, when the first one is indexed again, carried over, or gone."""
    from toolkit.config import CONFIG_FILE

    project = sample_project(tmp_path / "p", articles=6)
    toml = project / CONFIG_FILE
    toml.write_text(toml.read_text(encoding="utf-8") + "search_bundle_articles = 1\n", encoding="utf-8")
    site = project / "site"
    build_site(load_config(project))
    bundles, held = _engines(site)
    engine = held[bundles[0]]
    assert {"pagefind.js", "pagefind-worker.js", "wasm.ar.pagefind", "wasm.en.pagefind"} <= set(engine)
    assert len(bundles) >= 3 and all(not held[bundle] for bundle in bundles[1:])

    def catalogs_in(bundle: str) -> list[Path]:
        return [
            path for path in sorted((project / "translations").glob("*.po")) if path.stem in _pages_of(site, bundle)
        ]

    def change(catalog: Path) -> None:
        text = catalog.read_text(encoding="utf-8")
        catalog.write_text(text.replace("NATO, item 1 of", "NATO, the first item of"), encoding="utf-8")

    # One article of another bundle changed, then one of the first bundle: that bundle indexed again.
    for bundle in (bundles[-1], bundles[0]):
        change(catalogs_in(bundle)[0])
        assert build_site(load_config(project)).bundles_indexed == (bundle,)
        assert _engines(site) == (bundles, {**{name: {} for name in bundles}, bundles[0]: engine})
    # The first bundle's articles gone: the next bundle, carried over, is first and gets the engine.
    for catalog in catalogs_in(bundles[0]):
        catalog.unlink()
    assert build_site(load_config(project)).bundles_indexed == ()
    assert _engines(site) == (bundles[1:], {**{name: {} for name in bundles[1:]}, bundles[1]: engine})


def _pages_of(site: Path, bundle: str) -> str:
    """The names of the pages the bundle indexes, as its fragments hold them (one string)."""
    import gzip

    return "".join(
        gzip.decompress(path.read_bytes()).decode("utf-8", "replace") for path in (site / bundle / "fragment").iterdir()
    )


def _indexed(page: bytes) -> tuple[str, list[str], list[str], dict[str, str]]:
    """What Pagefind takes from a page, read with a real HTML parser: the language, the words of the
    data-pagefind-body elements outside data-pagefind-ignore ones, their ids (the anchors) and the meta. A
    pair's text starts with PAIR_MARK in what search is given (render.search_input): these are read as the
    mark followed by the pair's id."""
    from lxml import html

    root = html.fromstring(page)
    words: list[str] = []
    anchors: list[str] = []

    def walk(element) -> None:
        if element.get("data-pagefind-ignore") is not None:
            words.extend((element.tail or "").split())
            return
        if element.get("id"):
            anchors.append(element.get("id"))
        text = (element.text or "").split()
        words.extend([f"{PAIR_MARK}{element.get('id')}" if word == PAIR_MARK else word for word in text])
        for child in element:
            walk(child)
        words.extend((element.tail or "").split())

    for body in root.xpath("//*[@data-pagefind-body]"):
        words.extend((body.text or "").split())
        for child in body:
            walk(child)
    meta = {
        element.get("data-pagefind-meta"): element.text_content() for element in root.xpath("//*[@data-pagefind-meta]")
    }
    return root.get("lang"), words, anchors, meta


def test_search_is_given_exactly_what_it_indexes_of_each_page(tmp_path: Path) -> None:
    from site_projects import hostile_project

    from toolkit.site.render import search_input

    for project in (sample_project(tmp_path / "sample", articles=3), hostile_project(tmp_path / "hostile")):
        build_site(load_config(project))
        pages = sorted((project / "site").glob("**/articles/*.html"))
        assert len(pages) >= 2
        for path in pages:
            page = path.read_bytes()
            lean = search_input(page)
            assert _indexed(lean) == _indexed(with_pair_marks(page)), path
            _, words, anchors, _ = _indexed(lean)
            pairs = [anchor for anchor in anchors if anchor.startswith("p-")]
            # A word of the text may start with "p-" too (the hostile page quotes a forged pair's markup as text).
            marked = [word.removeprefix(PAIR_MARK) for word in words if word.startswith(PAIR_MARK)]
            assert len(pairs) >= 3 and marked == pairs, path
            assert len(lean) < len(page) * 0.75
            assert not re.search(rb'<[^<>]* (?:class|dir|lang|data-pair)="', lean.partition(b"<meta")[2]), path


def test_search_input_leaves_the_words_of_a_text_that_reads_like_an_attribute() -> None:
    from toolkit.site.render import SEARCHED_END, SEARCHED_START, search_input

    page = (
        b'<html lang="en">' + SEARCHED_START + b'<div class="pair pair-paragraph" data-pair="b-1" id="p-b-1">\n'
        b'<p class="text" dir="ltr"> class="x" and dir="rtl" &gt; lang="ar"</p></div>' + SEARCHED_END
    )
    assert search_input(page).endswith(
        b'<div id="p-b-1">\n %s <p> class="x" and dir="rtl" &gt; lang="ar"</p></div></html>\n'
        % PAIR_MARK.encode("utf-8")
    )


def test_pagefind_writes_the_same_index_from_the_lean_input_as_from_the_whole_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The words, anchors, meta and excerpts search gives are Pagefind's own reading of each page: the bundles it
    writes from what the build hands it are byte for byte the ones it writes from the whole pages (whose words
    hold no letter the build also spells plain: render.plain_spellings)."""
    from site_projects import hostile_project

    bundles = {}
    for lean in (True, False):
        if not lean:
            monkeypatch.setattr("toolkit.site.search.search_input", lambda page, other=None: with_pair_marks(page))
        for name, make in (("sample", lambda folder: sample_project(folder, articles=3)), ("hostile", hostile_project)):
            project = make(tmp_path / f"{name}-{lean}")
            build_site(load_config(project))
            search = project / "site" / "pagefind"
            bundles[name, lean] = {
                path.relative_to(search).as_posix(): path.read_bytes() for path in search.rglob("*") if path.is_file()
            }
    for name in ("sample", "hostile"):
        assert any("/fragment/" in path for path in bundles[name, True])
        assert bundles[name, True] == bundles[name, False], name


def test_a_language_without_an_interface_is_given_from_the_first_interface_s_pages_as_itself(tmp_path: Path) -> None:
    """A zh -> en site has the English interface alone: each of its pages is given once as English (its
    English title and cells) and once as Chinese (its Chinese title and cells), never the two mixed."""
    from site_projects import CHINESE_ARTICLES, cjk_source_project

    from toolkit.site.build import site_info
    from toolkit.site.render import search_input

    config = load_config(cjk_source_project(tmp_path / "zh"))
    build_site(config)
    english, chinese = site_info(config).searched
    assert (english.language, english.own_pages, chinese.language, chinese.own_pages) == ("en", True, "zh", False)
    assert chinese.prefix == english.prefix == ""
    for name, ((source_title, target_title), blocks) in CHINESE_ARTICLES.items():
        page = (config.site_dir / "articles" / f"{name}.html").read_bytes()
        assert _indexed(search_input(page)) == _indexed(with_pair_marks(page))
        language, words, anchors, meta = _indexed(search_input(page, chinese))
        assert language == "zh"
        marked = [
            word for number, (source, _) in enumerate(blocks) for word in (f"{PAIR_MARK}p-b-{number:08x}", source)
        ]
        assert words == [source_title, *marked]
        assert anchors == _indexed(page)[2] and meta == {"source_title": source_title, "target_title": target_title}


@pytest.mark.parametrize("source", ["ar", "fa"])
def test_the_byline_is_searched_with_the_source_language_s_text(tmp_path: Path, source: str) -> None:
    """A writer's name the page shows under its title was found by no search: the byline was indexed nowhere. It
    is searched with the source's title and cells: in the Arabic interface's pages of an ar -> en site, and in
    the Persian index taken from the English interface's pages of a fa -> en site; never as English."""
    from site_projects import TOML, catalog_text, sample_blocks, write_project

    from toolkit.site.build import site_info
    from toolkit.site.render import search_input

    byline = "یوسف یعکوبی" if source == "fa" else "يوسف يعكوبي"
    catalogs = {
        "000_signed": catalog_text(
            "000_signed", ("عنوان", "A title"), sample_blocks(0), byline=byline, source_language=source
        )
    }
    toml = TOML.replace('source_language = "ar"', f'source_language = "{source}"')
    config = load_config(write_project(tmp_path / source, catalogs, toml))
    build_site(config)
    searched = {language.language: language for language in site_info(config).searched}
    read = set()
    for page_path in sorted(config.site_dir.glob("**/articles/000_signed.html")):
        page = page_path.read_bytes()
        for language in searched.values():
            if language.prefix + "articles" != page_path.parent.relative_to(config.site_dir).as_posix():
                continue
            indexed_as, words, _, _ = _indexed(search_input(page, None if language.own_pages else language))
            assert indexed_as == language.language
            assert (words[1:3] == byline.split()) == (language.language == source), (page_path, words)
            read.add(language.language)
    assert read == {source, "en"}


@pytest.mark.parametrize(
    ("source", "target", "interfaces"),
    [("ar", "en", ["en", "ar"]), ("zh", "en", ["en"]), ("en", "fr", ["en"]), ("fa", "de", ["en"])],
)
def test_both_languages_of_a_site_are_searched_whatever_its_interfaces(
    source: str, target: str, interfaces: list[str]
) -> None:
    """Each language from its own interface's pages, else from the first interface's (English when neither
    language has one: both of a Persian -> German site's languages are taken from its English pages)."""
    site = SiteInfo("Site", "", "", source, target)
    assert [ui.language for ui in site.interfaces] == interfaces
    searched = [(language.language, language.side, language.interface.language) for language in site.searched]
    own = set(interfaces)
    assert searched == [
        (target, "target", target if target in own else interfaces[0]),
        (source, "source", source if source in own else interfaces[0]),
    ]


def test_a_page_without_the_searched_part_marked_is_given_whole() -> None:
    from toolkit.site.render import SEARCHED_START, search_input

    page = b"<html lang=en><body><main data-pagefind-body><p>whole</p></main></body></html>"
    assert search_input(page) == page
    assert search_input(page + SEARCHED_START + b"<p>cut short") == page + SEARCHED_START + b"<p>cut short"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("大熊猫", ["大", "熊", "猫"]),  # a dictionary's one word: 熊猫 is two of Pagefind's words in it
        ("发布了Mate60系列，搭载9000S", ["发", "布", "了", "Mate60", "系", "列", "，", "搭", "载", "9000S"]),
        ("ＪＲ京都駅のｺﾝﾋﾞﾆ", ["ＪＲ", "京", "都", "駅", "の", "ｺ", "ﾝ", "ﾋ", "ﾞ", "ﾆ"]),
        ("ແມ່ນ້ຳ", ["ແ", "ມ່", "ນ້", "ຳ"]),  # a mark stays on its letter
        ("เที่ยวเชียงใหม่", ["เ", "ที่", "ย", "ว", "เ", "ชี", "ย", "ง", "ใ", "ห", "ม่"]),  # Thai's vowel and tone marks
    ],
)
def test_letters_searched_by_letter_and_the_words_beside_them_are_each_a_word_to_pagefind(
    text: str, words: list[str]
) -> None:
    assert cut_letters(text.encode()).decode().split(CUT_MARK) == words


def test_a_space_beside_a_letter_searched_by_letter_is_kept_apart_from_the_cuts() -> None:
    assert cut_letters("发布 Mate60 手机 and more".encode()).decode() == (
        f"发{CUT_MARK}布{KEPT_SPACE}Mate60{KEPT_SPACE}手{CUT_MARK}机{KEPT_SPACE}and more"
    )


def test_site_js_cuts_a_query_into_the_letters_the_build_cuts_its_index_into() -> None:
    script = (Path(__file__).parents[2] / "toolkit" / "site" / "static" / "site.js").read_text(encoding="utf-8")
    found = re.search(r"var LETTER_SCRIPTS = \[(.*?)\];", script, re.DOTALL)
    assert found
    ranges = re.findall(r"\[(0x[0-9a-f]+), (0x[0-9a-f]+)\]", found.group(1))
    assert [(int(first, 16), int(last, 16)) for first, last in ranges] == list(LETTER_SCRIPTS)


def test_site_js_folds_the_letters_the_build_spells_plain_as_the_build_does() -> None:
    script = (Path(__file__).parents[2] / "toolkit" / "site" / "static" / "site.js").read_text(encoding="utf-8")
    found = re.search(r"var LATIN_LETTERS_SPELT_PLAIN = \{(.*?)\};", script, re.DOTALL)
    assert found
    letters = re.findall(r'"\\u([0-9a-f]{4})": "([a-z]+)"', found.group(1))
    assert {chr(int(code, 16)): plain for code, plain in letters} == LATIN_LETTERS_SPELT_PLAIN
    found = re.search(r'var UNSEEN_IN_WORDS = "(.*?)";', script)
    assert found and found.group(1).encode("ascii").decode("unicode_escape") == UNSEEN_IN_WORDS


def test_the_search_input_spells_each_word_holding_a_letter_readers_do_not_type_plain() -> None:
    """Łódź, Ørsted, ĐOKOVIĆ and Straße as a reader without those letters types them, and words holding a soft
    hyphen or a zero-width non-joiner without it; a word without either (José, İstanbul: Pagefind takes its marks
    off; commu\u200bnity: Pagefind drops a zero-width space), punctuation and markup are left out."""
    from toolkit.site.render import plain_spellings

    searched = (
        '<p title="ł">Łódź, Ørsted &amp; ĐOKOVIĆ</p> <p>in Straße, José and İstanbul.</p>'
        "<p>«inter&shy;national» می\u200cخواهد \u2063 commu\u200bnity</p>"
    ).encode()
    assert plain_spellings(searched).decode() == (
        '<span data-pagefind-meta="plain_spellings[data-words]" '
        'data-words="dokovic international lodz orsted strasse میخواهد"></span>\n'
    )
    assert plain_spellings("<p>José in İstanbul and commu\u200bnity \u2063 Kyiv.</p>".encode()) == b""


def test_only_the_words_a_language_s_index_holds_are_given_to_it_spelt_plain() -> None:
    """The plain spellings were taken from the whole searched part of the page, the text Pagefind does not index
    there too: the English index of an ar -> en site found the page for "Lodz" and "Lukasz", which only its Arabic
    title and its byline (searched as Arabic) hold, where "Łódź" and "Łukasz" found nothing in it."""
    from toolkit.catalog.entries import StateCounts
    from toolkit.site.pages import ArticlePage, ArticleSummary, Pair
    from toolkit.site.render import render_article, search_input

    summary = ArticleSummary("a", "a", "عنوان Łódź", "Gdańsk Łask", "reviewed", "", "", StateCounts(reviewed=1), "")
    pairs = (Pair("b-1", "paragraph", "فقرة Ørsted", "Paragraph Straße", "reviewed"),)
    site = SiteInfo("Site", "", "", "ar", "en")
    page = ArticlePage(summary, "Łukasz Nowak", (), "ar", "en", pairs)
    given = {ui.language: search_input(render_article(page, site, ui)).decode("utf-8") for ui in site.interfaces}
    assert 'data-words="lask strasse"' in given["en"]
    assert 'data-words="lodz lukasz orsted"' in given["ar"]


def test_the_site_sets_its_bundle_size(tmp_path: Path) -> None:
    from toolkit.config import CONFIG_FILE
    from toolkit.errors import ConfigError

    project = sample_project(tmp_path / "p", articles=5)
    toml = project / CONFIG_FILE
    toml.write_text(toml.read_text(encoding="utf-8") + "search_bundle_articles = 1\n", encoding="utf-8")
    result = build_site(load_config(project))
    assert len(result.bundles_indexed) >= 3  # 5 articles over 8 bundles
    toml.write_text(toml.read_text(encoding="utf-8").replace("= 1\n", "= 0\n"), encoding="utf-8")
    with pytest.raises(ConfigError, match="search_bundle_articles"):
        load_config(project)


def test_each_bundle_is_indexed_as_soon_as_its_articles_are_staged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind starts on a bundle while the articles of the next ones are still being rendered, and the site
    is the same as when every bundle waits for the last article."""
    from toolkit.site import build
    from toolkit.site.search import Indexer

    staged: list[str] = []
    handed_in: list[tuple[str, int, int]] = []  # bundle, its pages, articles staged by then
    events: list[str] = []  # bundles handed in, and unchanged articles carried over at once, in turn
    index = Indexer.index
    carry_unchanged = build._carry_unchanged

    def recording(indexer: Indexer, plan) -> None:
        handed_in.append((plan.path, len(list(plan.pages)), len(staged)))
        events.append(plan.path)
        index(indexer, plan)

    def carrying(*arguments):
        events.append("carried")
        return carry_unchanged(*arguments)

    def add_article(staging, catalog: str, *rest) -> None:
        staged.append(catalog)
        add(staging, catalog, *rest)

    def finish(bundles) -> tuple[str, ...]:
        made_before_finish.append(set(bundles.made))
        return finish_bundles(bundles)

    add = build._add_article
    made_before_finish: list[set[str]] = []
    finish_bundles = build._Bundles.finish
    monkeypatch.setattr(build._Bundles, "finish", finish)
    monkeypatch.setattr(Indexer, "index", recording)
    monkeypatch.setattr(build, "_carry_unchanged", carrying)
    # Catalogs written within a timestamp tick of a build may have changed whatever their status says: not these.
    monkeypatch.setattr("toolkit.site.fingerprints.is_racy", lambda identity, looked_at_ns: False)
    monkeypatch.setattr(build, "_add_article", add_article)
    projects = {}
    for name in ("early", "late"):
        projects[name] = sample_project(tmp_path / name, articles=9)
        toml = projects[name] / "toolkit.toml"
        toml.write_text(toml.read_text(encoding="utf-8") + "search_bundle_articles = 1\n", encoding="utf-8")
    first = build_site(load_config(projects["early"]))
    paths = [path for path, _, _ in handed_in]
    assert paths == sorted(paths) == list(first.bundles_indexed) and len(paths) >= 4
    assert sum(pages for _, pages, _ in handed_in) == 2 * 9  # both interfaces of every article, once
    assert handed_in[0][2] < 9 and len(set(staged)) == len(staged) == 9  # the first before the last article

    # A rebuild stages the bundles holding a changed catalog first: the last bundle's catalog here.
    changed = max(projects["early"].glob("translations/*.po"), key=lambda path: bundle_of(path.stem, 16))
    changed.write_text(changed.read_text(encoding="utf-8").replace("Article title", "Retitled"), encoding="utf-8")
    staged.clear()
    handed_in.clear()
    events.clear()
    assert build_site(load_config(projects["early"])).bundles_indexed == (bundle_of(changed.stem, 16),)
    assert [path for path, _, _ in handed_in] == [bundle_of(changed.stem, 16)] and handed_in[0][2] < 9
    # Handed to Pagefind before the unchanged articles of the other bundles are carried over, all of them at once.
    assert events == [handed_in[0][0], "carried"]
    # The bundles without a change are carried over as their articles are, not left for the end.
    assert made_before_finish[-1] == set(first.bundles_indexed)

    monkeypatch.setattr(build._Bundles, "done", lambda bundles, bundle: None)  # every bundle waits
    assert build_site(load_config(projects["late"])).bundles_indexed == first.bundles_indexed
    late_catalog = projects["late"] / "translations" / changed.name
    late_catalog.write_text(changed.read_text(encoding="utf-8"), encoding="utf-8")
    build_site(load_config(projects["late"]))
    assert _site_files(projects["late"]) == _site_files(projects["early"])


def _site_files(project: Path) -> dict[str, bytes]:
    site = project / "site"
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def _bundles(site: Path) -> dict[str, bytes]:
    search = site / "pagefind"
    return {path.relative_to(search).as_posix(): path.read_bytes() for path in search.rglob("*") if path.is_file()}


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def _recording_inputs(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The folders the build writes Pagefind's input in, as it writes each bundle's."""
    from toolkit.site import search

    folders: list[Path] = []
    write = search._write_input

    def recording(site_dir: Path, plan, mirror: Path, searched, made=None) -> int:
        folders.append(mirror)
        return write(site_dir, plan, mirror, searched, made)

    monkeypatch.setattr(search, "_write_input", recording)
    return folders


def test_a_page_rendered_in_the_build_is_not_read_back_for_what_search_indexes_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What Pagefind indexes of a page is made as the page is (search.page_search_inputs, in the render worker):
    the build's process read each of a full build's 2,000 pages back from the staging folder and took it apart.
    Only a page carried over, in a bundle indexed anew, is read for it."""
    from toolkit.site import search

    monkeypatch.setattr("toolkit.site.search.SEARCH_BUNDLE_ARTICLES", 2)
    read = search.read_file
    staged_pages_read: list[str] = []

    def recording(path: Path, *arguments: object) -> bytes:
        if "site-staging-" in str(path) and search.MIRROR_DIR not in Path(path).parts and str(path).endswith(".html"):
            staged_pages_read.append(Path(path).name)
        return read(path, *arguments)

    monkeypatch.setattr(search, "read_file", recording)
    project = sample_project(tmp_path / "project", articles=6)
    result = build_site(load_config(project))
    assert len(result.bundles_indexed) > 1
    assert staged_pages_read == []


def test_pagefinds_input_is_made_in_memory_and_gives_the_site_the_staging_folder_does_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The input goes in a folder of its own in the memory folder (the real one, /dev/shm: tmpfs, which lists a
    folder newest first, where the staging folder's ext4 lists it by the names' hash), is gone after the build,
    and the site is the one an input on disk gives, file for file, the search index's files too: Pagefind
    numbered a bundle's pages in the order its input folder listed them, so the index files differed."""
    monkeypatch.setattr("toolkit.site.search.SEARCH_BUNDLE_ARTICLES", 2)
    memory = Path(SEARCH_INPUT_MEMORY_FOLDER)
    if not memory.is_dir():
        pytest.skip(f"no memory folder here ({memory})")
    folders = _recording_inputs(monkeypatch)
    in_memory = sample_project(tmp_path / "in-memory", articles=12)
    build_site(load_config(in_memory))
    assert len(folders) > 1 and all(folder.is_relative_to(memory) for folder in folders)
    assert not (memory / folders[0].relative_to(memory).parts[0]).exists()
    folders.clear()
    monkeypatch.setattr("toolkit.site.search.SEARCH_INPUT_MEMORY_FOLDER", str(tmp_path / "none-here"))
    on_disk = sample_project(tmp_path / "on-disk", articles=12)
    build_site(load_config(on_disk))
    assert folders and not any(folder.is_relative_to(memory) for folder in folders)
    site = _files(in_memory / "site")
    assert len([name for name in site if name.startswith("pagefind/") and "/index/" in name]) > 2
    assert site == _files(on_disk / "site")


def test_pagefinds_input_goes_on_disk_past_the_memory_limit_or_from_the_memory_folder_s_first_refusal_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.errors import FileSystemError
    from toolkit.site import search

    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr("toolkit.site.search.SEARCH_BUNDLE_ARTICLES", 2)
    monkeypatch.setattr("toolkit.site.search.SEARCH_INPUT_MEMORY_FOLDER", str(memory))
    folders = _recording_inputs(monkeypatch)
    monkeypatch.setattr("toolkit.site.search.SEARCH_INPUT_MEMORY_BYTES", 0)
    project = sample_project(tmp_path / "limit", articles=6)
    build_site(load_config(project))
    assert folders and all(folder.is_relative_to(project / ".toolkit") for folder in folders)
    expected = _bundles(project / "site")

    folders.clear()
    monkeypatch.setattr("toolkit.site.search.SEARCH_INPUT_MEMORY_BYTES", 1 << 30)
    write = search.write_scratch
    refused: list[Path] = []

    def full(path: Path, data: bytes) -> None:
        if Path(path).is_relative_to(memory):
            refused.append(path)
            raise FileSystemError("cannot write: no space left on the device", path)
        write(path, data)

    monkeypatch.setattr(search, "write_scratch", full)
    project = sample_project(tmp_path / "full", articles=6)
    build_site(load_config(project))
    # The first bundle tried in memory, then on disk; every later one on disk at once.
    assert len(refused) == 1 and len(folders) > 2
    assert folders[0].is_relative_to(memory)
    assert all(folder.is_relative_to(project / ".toolkit") for folder in folders[1:])
    assert list(memory.iterdir()) == []
    assert _bundles(project / "site") == expected


def test_the_memory_folder_takes_at_most_half_the_free_space_of_its_file_system(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Docker's /dev/shm is 64 MB by default, and POSIX semaphores, Chromium and Ray's object store live there."""
    import os
    from types import SimpleNamespace

    from toolkit.store import memory_folder

    def free(bytes_free: int):
        return lambda path: SimpleNamespace(f_bavail=bytes_free // 4096, f_frsize=4096, f_favail=1000)

    monkeypatch.setattr(memory_folder.os, "statvfs", free(64 << 20))
    folder = memory_folder.make_memory_folder(tmp_path, "toolkit-test-", 256 << 20)
    assert folder is not None and folder.room == 32 << 20
    folder.remove()
    monkeypatch.setattr(memory_folder.os, "statvfs", free(1 << 30))
    folder = memory_folder.make_memory_folder(tmp_path, "toolkit-test-", 256 << 20)
    assert folder is not None and folder.room == 256 << 20
    folder.remove()
    monkeypatch.setattr(memory_folder.os, "statvfs", free(0))
    assert memory_folder.make_memory_folder(tmp_path, "toolkit-test-", 256 << 20) is None
    assert os.listdir(tmp_path) == []


def test_a_memory_folder_a_killed_build_left_is_removed_and_a_running_ones_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder is a running build's while its lock file is held (from whichever PID namespace: containers share
    /dev/shm); a name that is not the toolkit's own pattern (a '²' where the process id goes) is no error."""
    import fcntl
    import os
    import time

    from toolkit.site.search import MEMORY_FOLDER_PREFIX
    from toolkit.store.memory_folder import LOCK_NAME

    memory = tmp_path / "memory"
    abandoned = memory / f"{MEMORY_FOLDER_PREFIX}1-x1"
    odd_name = memory / f"{MEMORY_FOLDER_PREFIX}\u00b2-abc"
    running = memory / f"{MEMORY_FOLDER_PREFIX}1-x2"  # process 1 of another container's, alive
    being_made = memory / f"{MEMORY_FOLDER_PREFIX}{os.getpid()}-x4"  # no lock file yet
    unlocked_long = memory / f"{MEMORY_FOLDER_PREFIX}4242-old"  # an earlier version's, or killed before its lock
    other = memory / "1-another-programs-folder"
    for folder in (abandoned, odd_name, running, being_made, unlocked_long, other, tmp_path / "elsewhere"):
        (folder / "pagefind" / "b00").mkdir(parents=True)
    an_hour_ago = time.time() - 3600
    os.utime(unlocked_long, (an_hour_ago, an_hour_ago))
    for folder in (abandoned, odd_name, running, other, tmp_path / "elsewhere"):
        (folder / LOCK_NAME).touch()
    held = os.open(running / LOCK_NAME, os.O_RDONLY)
    fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
    link = memory / f"{MEMORY_FOLDER_PREFIX}1-x3"
    link.symlink_to(tmp_path / "elsewhere")
    monkeypatch.setattr("toolkit.site.search.SEARCH_INPUT_MEMORY_FOLDER", str(memory))
    try:
        build_site(load_config(sample_project(tmp_path / "p", articles=2)))
        build_site(load_config(sample_project(tmp_path / "q", articles=2)))
    finally:
        os.close(held)
    assert sorted(memory.iterdir()) == sorted([running, being_made, other, link])
    assert (tmp_path / "elsewhere" / "pagefind" / "b00").is_dir()


def test_a_bundle_discarded_before_its_run_gives_its_input_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bundle planned again after a page joined it (Indexer.discard) while its run still waits: its input
    is removed at once and no longer counts against the memory folder's limit."""
    import threading

    from toolkit import limits
    from toolkit.site import search
    from toolkit.site.render import SEARCHED_END, SEARCHED_START

    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(search, "SEARCH_INPUT_MEMORY_FOLDER", str(memory))
    monkeypatch.setattr(search, "_indexer", lambda: "pagefind")
    release = threading.Event()
    monkeypatch.setattr(search, "_index_one", lambda *arguments: release.wait(30))
    staging = tmp_path / "staging"
    (staging / "articles").mkdir(parents=True)
    (staging / "articles" / "a.html").write_bytes(b"<html lang=en>" + SEARCHED_START + b"<p>x</p>" + SEARCHED_END)
    plans = [search.BundlePlan(f"pagefind/b{number:02x}/", ("articles/a.html",), "hash") for number in range(3)]
    memory_promised = limits.GroupLedger()
    with search.Indexer(staging, SiteInfo("Site", "", "", "ar", "en").searched, memory_promised) as indexer:
        for plan in plans:
            indexer.index(plan)
        (folder,) = memory.iterdir()
        assert (folder / plans[2].path / "articles" / "a.html").is_file()
        held = indexer._in_memory
        indexer.discard(plans[2].path)  # both runs under way, this one waiting: cancelled
        assert not (folder / plans[2].path).exists()
        assert indexer._in_memory == held * 2 // 3
        release.set()
        assert indexer.finish() == tuple(plan.path for plan in plans[:2])
        assert indexer._in_memory == 0 and not (folder / "pagefind" / "b00").exists()
    assert list(memory.iterdir()) == []


def test_a_bundle_is_indexed_by_a_run_a_language_while_a_core_is_free_and_is_byte_for_byte_the_one_run_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bundle handed in while an indexer waits is indexed by a Pagefind run a language, at once (a
    one-article rebuild's one bundle on both cores); one handed in while both are busy, by one run for both.
    Either way the bundle, its entry listing both languages, is the one a single run over both gives, file
    for file."""
    from toolkit.site import search

    monkeypatch.setattr("toolkit.site.search.SEARCH_BUNDLE_ARTICLES", 2)
    runs: list[tuple[str, tuple[str, ...]]] = []
    index_one = search._index_one

    def recording(children, indexer, site_dir, plan, mirror, searched, words, output) -> None:
        runs.append((plan.path, tuple(language.language for language in searched)))
        index_one(children, indexer, site_dir, plan, mirror, searched, words, output)

    monkeypatch.setattr(search, "_index_one", recording)
    split = sample_project(tmp_path / "split", articles=6)
    build_site(load_config(split))
    bundles = {path for path, _ in runs}
    assert len(bundles) > 1 and runs[0][1] in (("ar",), ("en",))  # the first bundle: both indexers free
    for bundle in bundles:
        languages = sorted(language for path, languages in runs if path == bundle for language in languages)
        assert languages == ["ar", "en"], runs
    catalog = split / "translations" / "001_sample.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace("NATO, item 1 of", "NATO, the first item of"), encoding="utf-8")
    runs.clear()
    build_site(load_config(split))
    assert sorted(languages for _, languages in runs) == [("ar",), ("en",)] and len({path for path, _ in runs}) == 1
    monkeypatch.setattr(search, "_language_runs", lambda searched: [tuple(searched)])
    whole = sample_project(tmp_path / "whole", articles=6)
    whole_catalog = whole / "translations" / "001_sample.po"
    whole_catalog.write_text(catalog.read_text(encoding="utf-8"), encoding="utf-8")
    build_site(load_config(whole))
    assert _files(split / "site") == _files(whole / "site")
    for bundle in bundles:
        entry = json.loads((split / "site" / bundle / "pagefind-entry.json").read_bytes())
        assert list(entry["languages"]) == ["ar", "en"]
