"""Each search bundle's words, as the search page reads a page's words, so that it fetches only the pages that hold
a query (site.js `wordPages`).

Pagefind finds a page by the stems of the query's words, and names the word it matched only in the page's fragment,
a fetch of its own: the search page fetched every page Pagefind gave to tell the pages holding the query from those
holding only its stem or a shorter word ("Tokyo" finds "to"), and a query no page holds fetched every page holding
a shorter word before it could say "no results". Each bundle now holds, for each language, every word of its pages'
text folded as site.js folds a word (`fold`, `page_words`), each with the pages that hold it, sorted by the keys
site.js looks a query's word up under (`lookup_keys`) and cut into shards of about WORD_SHARD_BYTES, gzip'd, in
WORDS_DIR; and a list in WORDS_INDEX of the language's pages (Pagefind's fragment names, which its results carry as
their ids) and of each shard's first key. A query loads the shard (rarely two) of each of its words in each bundle,
a few kB, and reads only the pages those name.

A page's words are read as the render worker makes the page, from its search input (`indexed_text`, the text
Pagefind gives of it, `input_words`); the build's process only gathers each bundle's pages' words under the
fragment ids Pagefind gave them (`word_list`).

The folding is site.js's (`words`, `uncut`, `fold`, `ARTICLE`, `CLITIC`), the same here: a word folded otherwise
here than there is a page the search does not find.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from toolkit.site.settings import LATIN_LETTERS_SPELT_PLAIN, LETTER_SCRIPTS, UNSEEN_IN_WORDS, WORD_SHARD_BYTES

# In a bundle: the folder of the word lists, their index (by language: its pages, its shards' first keys) and
# their shards (`<language>-<number>.words`), each gzip'd JSON.
WORDS_DIR = "words"
WORDS_INDEX = f"{WORDS_DIR}/index.words"
# Beside the bundles (search.SEARCH_DIR): every bundle's WORDS_INDEX, in the order the search page lists the bundles,
# in one file: the search page's first query reads one file, not one a bundle (256 on an archive of 256 bundles).
SITE_WORDS_INDEX = "index.words"
SHARD_SUFFIX = ".words"
# What Pagefind's fragments start with once decompressed.
_FRAGMENT_SIGNATURE = b"pagefind_dcd"

# JavaScript's \s, which Python's leaves the byte order mark out of.
_SPACES = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_UNSPACED = (
    r"\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}"
    r"\p{Script=Myanmar}"
)
_WORDS = regex.compile(
    f"[{_UNSPACED}](?:[\\p{{M}}\\uff9e\\uff9f\\u0e33\\u0eb3]|(?<=[\\u0e4d\\u0ecd])[\\u0e32\\u0eb2])*"
    f"|[^{_SPACES}{_UNSPACED}]+"
)
# Split by the standard library's re: a quarter of the time regex takes to find the same words.
_SPACE_RUN = re.compile(f"[{_SPACES}]+")
_JOINED = regex.compile(r"(?<=[\p{L}\p{N}\p{M}][-\u2010\u2011\u2013\u2014])(?=[\p{L}\p{N}])")
_UNCUT = "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in LETTER_SCRIPTS)
_CUT_SPACE = regex.compile(f"(?<=[{_UNCUT}]) (?=[^{_SPACES}])|(?<=[^{_SPACES}]) (?=[{_UNCUT}])")
_KEPT_SPACE = " \u2060 "
_CUT_MARK = "\u200a"
_PAIR_MARK = "\u2063"  # render.PAIR_MARK
_LATIN_ACCENTS = regex.compile(r"(?<=\p{Script=Latin}\p{M}*)\p{M}")
_EDGES = regex.compile(r"^[^\p{L}\p{N}\p{M}]+|[^\p{L}\p{N}\p{M}]+\Z")
_REMOVED = regex.compile(f"[{UNSEEN_IN_WORDS}\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed]")
_FINAL_MAQSURA = regex.compile(f"(?<=[^{_SPACES}]{{3}})\u0649\\Z")
_DIGITS = {chr(0x660 + digit): str(digit) for digit in range(10)} | {
    chr(0x6F0 + digit): str(digit) for digit in range(10)
}
_FOLDED_LETTERS = str.maketrans(
    _DIGITS
    | LATIN_LETTERS_SPELT_PLAIN
    | dict.fromkeys("\u0622\u0623\u0625\u0671", "\u0627")  # alefs
    | {"\u0629": "\u0647", "\u06cc": "\u064a", "\u06a9": "\u0643"}  # taa marbuta, Persian yeh and keheh
    | dict.fromkeys("\u2018\u2019\u02bc\u2032", "'")
    | dict.fromkeys("\u0624\u0626", "\u0621")  # a hamza on a waw or a yeh
)
_ARTICLE = regex.compile(f"^[\u0648\u0641]?(?:\u0644\u0644|[\u0628\u0643]?\u0627\u0644)(?=[^{_SPACES}]{{2}})")
_PAST_THE_BMP = re.compile("[\U00010000-\U0010ffff]")
_CLITIC = regex.compile("^[\u0648\u0641]?[\u0628\u0643\u0644]?\\Z")


def fold(word: str) -> str:
    """A word as site.js `fold` reads it: without accents, marks and invisible characters, lower case, one
    spelling of the letters written two ways, no punctuation at its ends."""
    folded = unicodedata.normalize("NFKC", _LATIN_ACCENTS.sub("", unicodedata.normalize("NFD", word))).lower()
    folded = _REMOVED.sub("", folded.translate(_FOLDED_LETTERS))
    return _FINAL_MAQSURA.sub("\u064a", _EDGES.sub("", folded))


def _uncut(text: str) -> str:
    """site.js `uncut`: a text whose letters search.cut_letters cut apart, whole again."""
    return " ".join(_CUT_SPACE.sub("", piece) for piece in text.replace(_CUT_MARK, " ").split(_KEPT_SPACE))


def page_words(content: str, letters_cut: bool) -> set[str]:
    """The folded words of a page's text as Pagefind gives it (site.js `pageWords`)."""
    return {word for token in _page_tokens(content, letters_cut) for word in _token_words(token)}


def _page_tokens(content: str, letters_cut: bool) -> set[str]:
    """The runs of characters between spaces in a page's text, each once."""
    tokens = set()
    for piece in content.split(_PAIR_MARK):
        tokens.update(_SPACE_RUN.split(_uncut(piece) if letters_cut else piece))
    return tokens


@lru_cache(maxsize=1 << 16)
def _token_words(token: str) -> tuple[str, ...]:
    """The folded words of a run of characters between spaces, as site.js `words` takes them: each letter of an
    unspaced script with its marks, the runs of other characters between them, and each part of those a hyphen
    or dash joins."""
    return tuple(folded for word in _WORDS.findall(token) for part in _JOINED.split(word) if (folded := fold(part)))


def lookup_keys(word: str) -> set[str]:
    """The keys a folded word is listed under: itself, and itself without the Arabic article or a conjunction or
    preposition written onto it, where site.js `rest` finds a query after them; a query's word is looked up
    under itself and itself without the article (site.js `lookupKeys`)."""
    keys = {word, _ARTICLE.sub("", word)}
    for length in (1, 2):
        if len(word) > length and _CLITIC.match(word[:length]):
            keys.add(word[length:])
    return keys


def _in_javascript_order(keys: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The order JavaScript compares strings in (by UTF-16 code units), which site.js searches the keys in: Python's
    (by code point) but where a key holds a letter past the BMP (a surrogate pair, below U+E000 in UTF-16)."""
    keys = list(keys)
    if not _PAST_THE_BMP.search("".join(key for key, _ in keys)):
        return sorted(keys)
    return sorted(keys, key=lambda key: tuple(part.encode("utf-16-be", errors="surrogatepass") for part in key))


def fragment_url(data: bytes) -> str:
    """The URL a Pagefind fragment (`fragment/<id>.pf_fragment`, gzip'd JSON after a signature) names its page at:
    the URL its input was handed over at."""
    page = zlib.decompress(data, wbits=31)
    return json.loads(page[len(_FRAGMENT_SIGNATURE) :] if page.startswith(_FRAGMENT_SIGNATURE) else page)["url"]


# A tag of a search input (render.search_input): its slash if it ends an element, its name, its attributes.
# Untrusted text holds no "<" there (escaped).
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)([^>]*)>")
# The elements Pagefind runs into the text around them; after any other, a word ends.
_INLINE = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "img", "ins", "kbd", "mark", "q",
    "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
})  # fmt: skip
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


def indexed_text(search_input: bytes) -> str:
    """The text Pagefind gives of a search input (render.search_input), as far as its words go: the text of its
    data-pagefind-body elements but those marked data-pagefind-ignore, a space where an element other than an
    inline one starts or ends. The render worker reads a page's words from it (input_words), as the page is made,
    so the build's process only merges them per bundle; tests hold it to Pagefind's fragments of a built site."""
    text = search_input.decode("utf-8", errors="replace")
    parts = []
    opened: list[tuple[str, bool, bool]] = []  # the elements open: name, whether in a body, whether ignored
    in_body = ignored = False
    position = 0
    for tag in _TAG.finditer(text):
        if in_body and not ignored:
            parts.append(text[position : tag.start()])
        position = tag.end()
        closing, name, attributes = tag[1], tag[2].lower(), tag[3]
        if closing:
            while opened and opened.pop()[0] != name:
                pass
            in_body, ignored = opened[-1][1:] if opened else (False, False)
        elif name not in _VOID:
            in_body = in_body or "data-pagefind-body" in attributes
            ignored = ignored or "data-pagefind-ignore" in attributes
            opened.append((name, in_body, ignored))
        if in_body and not ignored and name not in _INLINE:
            parts.append(" ")
    return html.unescape("".join(parts))


def input_words(search_input: bytes, letters_cut: bool) -> str:
    """What the word list lists of a page from its search input: each of its words under each of its keys
    (lookup_keys), a line each, `key` or `key<TAB>word`; a string, which crosses from the render worker to the
    build's process at a fraction of the cost of a list."""
    return "\n".join(
        key if key == word else f"{key}\t{word}"
        for word in page_words(indexed_text(search_input), letters_cut)
        for key in lookup_keys(word)
    )


@dataclass(frozen=True)
class WordList:
    pages: list[str]  # Pagefind's fragment ids of the language's pages, in the order the shards number them
    first_keys: list[str]  # each shard's first key
    shards: list[bytes]  # gzip'd JSON: [key, word (0 when the key), page number...] in key order


def word_list(pages: Iterable[tuple[str, str]]) -> WordList:
    """The word list of a language of a bundle from its pages' (fragment id, input_words)."""
    page_ids: list[str] = []
    holders: dict[str, list[int]] = defaultdict(list)
    for number, (page, listed) in enumerate(sorted(pages)):
        page_ids.append(page)
        if listed:
            for entry in listed.split("\n"):
                holders[entry].append(number)
    entries = {}
    for entry, numbers in holders.items():
        key, _, word = entry.partition("\t")
        entries[key, word or key] = numbers
    first_keys, shards = [], []
    for first, shard in _shards(_in_javascript_order(entries), entries):
        first_keys.append(first)
        shards.append(gzip.compress(shard, mtime=0))
    return WordList(page_ids, first_keys, shards)


def site_words_index(bundle_indexes: Iterable[bytes]) -> bytes:
    """The site's SITE_WORDS_INDEX from its bundles' WORDS_INDEX files, in the search page's order of the bundles."""
    merged = [json.loads(zlib.decompress(index, wbits=31)) for index in bundle_indexes]
    return gzip.compress(json.dumps(merged, ensure_ascii=False, separators=(",", ":")).encode(), mtime=0)


def _shards(keys: list[tuple[str, str]], listed: dict[tuple[str, str], list[int]]) -> Iterator[tuple[str, bytes]]:
    """(first key, JSON) of each run of entries about WORD_SHARD_BYTES long (counted in characters, a page's number
    as four)."""
    rows: list[list] = []
    size = 0
    for key, word in keys:
        numbers = listed[key, word]
        rows.append([key, 0 if word == key else word, *numbers])
        size += len(key) + (len(word) if word != key else 1) + 4 * len(numbers) + 8
        if size >= WORD_SHARD_BYTES:
            yield rows[0][0], json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()
            rows, size = [], 0
    if rows:
        yield rows[0][0], json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()
