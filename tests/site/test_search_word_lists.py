"""Each search bundle's word lists (toolkit/site/word_list.py): the words of its pages folded as site.js folds a
query's, listed under the keys site.js looks a query's word up under, in shards sorted as JavaScript compares
strings, and written beside Pagefind's files by the build."""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path

import pytest
from site_projects import BlockSpec, catalog_text, sample_project, write_project

from toolkit.config import load_config
from toolkit.site import word_list as word_list_module
from toolkit.site.build import build_site
from toolkit.site.search import FRAGMENT_DIR, FRAGMENT_SUFFIX, cut_letters
from toolkit.site.word_list import (
    SHARD_SUFFIX,
    SITE_WORDS_INDEX,
    WORDS_DIR,
    WORDS_INDEX,
    fold,
    input_words,
    lookup_keys,
    page_words,
    word_list,
)


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Erdoğan", "erdogan"),
        ("Łódź", "lodz"),
        ("Weiß", "weiss"),
        ("inter\u00adnational", "international"),  # a soft hyphen
        ("Russia’s", "russia's"),
        ("«بوتين»", "بوتين"),
        ("مُستوى", "مستوي"),  # its vowel mark, and a final alef maqsura in a word of four letters
        ("على", "على"),  # in three, another word
        ("مسؤول", "مسءول"),
        ("أوضح", "اوضح"),
        ("خطة", "خطه"),
        ("بوینت", "بوينت"),  # the Persian yeh
        ("١٩٩٧", "1997"),
        ("ＪＲ", "jr"),
        ("ｺﾝﾋﾞﾆ", "コンビニ"),
        ("...", ""),
    ],
)
def test_a_word_is_folded_as_the_search_page_folds_it(written: str, folded: str) -> None:
    assert fold(written) == folded


def test_a_page_s_words_are_cut_as_the_search_page_cuts_them() -> None:
    text = "NATO's summit \u2063 al-Kharabsheh said: «الناتو» — Jordan-Iraq, 1997."
    assert page_words(text, letters_cut=False) == {
        "nato's", "summit", "al", "kharabsheh", "said", "الناتو", "jordan", "iraq", "1997",
    }  # fmt: skip


def test_letters_given_to_pagefind_one_by_one_are_read_as_the_text_wrote_them() -> None:
    cut = cut_letters("他在北京工作 Mate60 手机".encode()).decode()
    assert page_words(cut, letters_cut=True) == {"他", "在", "北", "京", "工", "作", "mate60", "手", "机"}


def test_an_arabic_word_is_listed_without_what_is_written_onto_it() -> None:
    assert lookup_keys("وبالناتو") == {"وبالناتو", "ناتو", "بالناتو", "الناتو"}
    assert lookup_keys("للكرملين") == {"للكرملين", "كرملين", "لكرملين"}
    assert lookup_keys("putin") == {"putin"}


def _words(text: str) -> str:
    return input_words(f"<p data-pagefind-body>{text}</p>".encode(), letters_cut=False)


def _fragment_text(data: bytes) -> str:
    """The text of a Pagefind fragment (gzip'd JSON after a signature) as Pagefind's script gives it to site.js:
    without the zero-width spaces it writes between the words it cut."""
    page = zlib.decompress(data, wbits=31)
    return json.loads(page.removeprefix(b"pagefind_dcd"))["content"].replace("\u200b", "")


def _entries(listed) -> list[list]:
    return [entry for shard in listed.shards for entry in json.loads(gzip.decompress(shard))]


def test_each_word_names_the_pages_that_hold_it_in_shards_sorted_as_javascript_compares(monkeypatch) -> None:
    monkeypatch.setattr(word_list_module, "WORD_SHARD_BYTES", 40)
    # U+10330 (Gothic ahsa) is two UTF-16 code units below U+E000: JavaScript sorts it first, Python's code points last.
    pages = [("en_b", "Putin met Macron a\U00010330b"), ("en_a", "Putin a\ue000b said")]
    listed = word_list((page, _words(text)) for page, text in pages)
    assert listed.pages == ["en_a", "en_b"]
    entries = _entries(listed)
    assert [entry[0] for entry in entries] == ["a\U00010330b", "a\ue000b", "macron", "met", "putin", "said"]
    assert [entry[2:] for entry in entries] == [[1], [0], [1], [1], [0, 1], [0]]
    assert len(listed.shards) > 1
    assert listed.first_keys == [json.loads(gzip.decompress(shard))[0][0] for shard in listed.shards]


def test_a_word_listed_under_another_key_carries_the_word() -> None:
    entries = _entries(word_list([("ar_a", _words("قال وبالناتو"))]))
    assert ["ناتو", "وبالناتو", 0] in entries and ["وبالناتو", 0, 0] in entries


def test_the_build_lists_the_words_of_every_page_of_each_bundle(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("toolkit.site.search.SEARCH_BUNDLE_ARTICLES", 2)
    monkeypatch.setattr("toolkit.site.search.SEARCH_BUNDLE_GROWTH", 0)
    project = sample_project(tmp_path / "p", articles=6)
    build_site(load_config(project))
    listed = _listed_and_fragment_words(project)
    assert len({bundle for bundle, _ in listed}) > 1
    search_folder = project / "site" / "pagefind"
    bundles = sorted(path for path in search_folder.iterdir() if path.is_dir())
    assert json.loads(gzip.decompress((search_folder / SITE_WORDS_INDEX).read_bytes())) == [
        json.loads(gzip.decompress((bundle / WORDS_INDEX).read_bytes())) for bundle in bundles
    ]
    for words, in_fragment in listed.values():
        assert words == in_fragment
        assert "putin" in words or "بوتين" in words


def test_the_words_listed_as_the_page_is_made_are_those_of_pagefinds_text_through_a_translators_markup(
    tmp_path: Path,
) -> None:
    """The render worker reads a page's words from its search input (indexed_text), not from Pagefind's fragment:
    an inline element runs into the words around it, as in Pagefind's text, and any other ends a word."""
    markup = (
        "**Put**in *met* Mac<s>ron</s> at [the](https://example.org/) summ`it`.  \nLine break\n\n"
        "- one\n- two\n\n> quoted&amp;text <b>x</b>y"
    )
    blocks = [BlockSpec("b-00000001", "قال بوتين", markup, "reviewed")]
    project = write_project(tmp_path / "p", {"000_markup": catalog_text("000_markup", ("عنوان", "A title"), blocks)})
    build_site(load_config(project))
    listed = _listed_and_fragment_words(project)
    english = next(words for (_, page), (words, _) in listed.items() if page.startswith("en_"))
    assert {"putin", "met", "macron", "summit", "line", "break", "one", "two"} <= english
    for words, in_fragment in listed.values():
        assert words == in_fragment


def _listed_and_fragment_words(project: Path) -> dict[tuple[str, str], tuple[set[str], set[str]]]:
    """(bundle, fragment id) -> (the words the bundle's word list lists for the page, those of its fragment's text)
    for each page of a built site, which every fragment's page is listed in."""
    found = {}
    for bundle in sorted(path for path in (project / "site" / "pagefind").iterdir() if path.is_dir()):
        index = json.loads(gzip.decompress((bundle / WORDS_INDEX).read_bytes()))
        fragments = sorted((bundle / FRAGMENT_DIR).glob(f"*{FRAGMENT_SUFFIX}"))
        assert sorted(page for listed in index.values() for page in listed["pages"]) == [
            fragment.name.removesuffix(FRAGMENT_SUFFIX) for fragment in fragments
        ]
        for fragment in fragments:
            page = fragment.name.removesuffix(FRAGMENT_SUFFIX)
            language = page.rpartition("_")[0]
            number = index[language]["pages"].index(page)
            listed = set()
            for shard in (bundle / WORDS_DIR).glob(f"{language}-*{SHARD_SUFFIX}"):
                entries = json.loads(gzip.decompress(shard.read_bytes()))
                listed |= {entry[1] or entry[0] for entry in entries if number in entry[2:]}
            in_fragment = page_words(_fragment_text(fragment.read_bytes()), letters_cut=False)
            found[bundle.name, page] = (listed, in_fragment)
    return found
