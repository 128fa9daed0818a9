"""Fuzzing the two readers of files people hand us: the source decoder and the PO reader.

Random and mutated bytes (mutations of real seed lines and devdata HTML, and of a real catalog) must come out
as text or as one ToolkitError naming the file, never as any other exception.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from examples import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.catalog.store import read_catalog
from toolkit.clean.decode import decode_source
from toolkit.clean.pipeline import clean_file
from toolkit.config import Config
from toolkit.errors import ToolkitError

# Bounded so that the whole module stays around a minute on CI's two cores.
FUZZ = settings(max_examples=examples(2000), deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])
# The whole cleaner (HTML extraction, line rules) is slower per example than the decoder alone.
FUZZ_CLEANER = settings(
    max_examples=examples(300), deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Bytes that make decoders and parsers branch: BOMs, NUL, lone UTF-8 continuation bytes, cp1256 Arabic,
# quotes and escapes, PO keywords and comment markers.
_NASTY_FRAGMENTS = [
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x00",
    b"\x80",
    b"\xd8",
    b"\xc7\xe1\xda\xd1\xc8\xed\xc9",
    b"\r\n",
    b"\r",
    b'"',
    b"\\",
    b"\\x",
    b"msgid ",
    b"msgstr ",
    b"msgctxt ",
    b"#~ ",
    b"#| ",
    b"#, fuzzy\n",
    b"<script>",
    b"<table><tr><td>",
    b'<meta charset="windows-1256">',
    b'<meta charset="bogus-9">',
    b"\x1b[31m",
    b"\x07",
]


@st.composite
def mutated(draw: st.DrawFn, bases: list[bytes]) -> bytes:
    """A real file with a few random edits: inserted junk, deleted or duplicated spans, flipped bytes, cuts."""
    data = bytearray(draw(st.sampled_from(bases)))
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        position = draw(st.integers(min_value=0, max_value=len(data)))
        operation = draw(st.sampled_from(["insert", "delete", "duplicate", "flip", "truncate"]))
        if operation == "insert":
            junk = draw(st.one_of(st.sampled_from(_NASTY_FRAGMENTS), st.binary(min_size=1, max_size=16)))
            data[position:position] = junk
        elif operation == "delete":
            del data[position : position + draw(st.integers(min_value=1, max_value=64))]
        elif operation == "duplicate":
            span = bytes(data[position : position + draw(st.integers(min_value=1, max_value=200))])
            data[position:position] = span
        elif operation == "flip" and position < len(data):
            data[position] ^= 1 << draw(st.integers(min_value=0, max_value=7))
        elif operation == "truncate":
            del data[position:]
    return bytes(data)


@pytest.fixture(scope="module")
def sources(shared_dir: Path) -> list[bytes]:
    texts = [path.read_bytes() for path in sorted((shared_dir / "seeds").glob("*.txt"))]
    pages = [path.read_bytes()[:20_000] for path in sorted((shared_dir / "devdata" / "html").glob("*.html"))[:4]]
    return texts + pages


def _decode_or_refuse(data: bytes, html: bool) -> None:
    try:
        text = decode_source(data, "fuzzed.txt", html=html)
    except ToolkitError as error:
        assert str(error).startswith("fuzzed.txt: ")
        assert "\n" not in str(error)
        return
    assert isinstance(text, str) and text.strip()
    assert "\r" not in text


def _clean_or_refuse(data: bytes, name: str, config: Config) -> None:
    try:
        article = clean_file(config.source_dir / name, data, config)
    except ToolkitError as error:
        assert name in str(error)
        assert "\n" not in str(error)
        return
    assert article.blocks
    assert all(block.text.strip() and "\n" not in block.text for block in article.blocks)


@FUZZ
@given(data=st.binary(max_size=4096), html=st.booleans())
def test_decoder_takes_random_bytes(data: bytes, html: bool):
    _decode_or_refuse(data, html)


@pytest.mark.slow
@FUZZ
@given(data=st.data(), html=st.booleans())
def test_decoder_takes_mutated_real_articles(sources: list[bytes], data: st.DataObject, html: bool):
    _decode_or_refuse(data.draw(mutated(sources)), html)


@FUZZ_CLEANER
@given(data=st.data(), name=st.sampled_from(["article.txt", "page.html"]))
def test_cleaner_takes_mutated_real_articles_and_pages(
    tmp_path: Path, sources: list[bytes], data: st.DataObject, name: str
):
    _clean_or_refuse(data.draw(mutated(sources)), name, Config(project_dir=tmp_path))


@FUZZ_CLEANER
@given(data=st.binary(max_size=2048), name=st.sampled_from(["article.txt", "page.html"]))
def test_cleaner_takes_random_bytes(tmp_path: Path, data: bytes, name: str):
    _clean_or_refuse(data, name, Config(project_dir=tmp_path))


def _catalog_text(seed: Path) -> str:
    """A catalog laid out as toolkit/catalog/__init__.py describes, over a real seed article."""
    catalog = polib.POFile(wrapwidth=78)
    catalog.metadata = {
        "Project-Id-Version": "fuzz",
        "Language": "en",
        "X-Source-Language": "ar",
        "Content-Type": "text/plain; charset=UTF-8",
        "X-Article-Id": seed.stem,
        "X-Article-Source": f"source/{seed.name}",
    }
    lines = [line for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]
    for number, line in enumerate(lines, start=1):
        entry = polib.POEntry(
            msgctxt=f"b-{number:08x}",
            msgid=line,
            msgstr=f'Line {number} "quoted"\\ reviewed' if number % 3 else "",
            comment="kind: paragraph",
            occurrences=[(f"source/{seed.name}", str(number))],
            flags=["fuzzy"] if number % 2 else [],
            previous_msgid=line[:20] if number % 5 == 0 else None,
        )
        catalog.append(entry)
    catalog.append(polib.POEntry(msgctxt="b-gone", msgid="قديم", msgstr="old", obsolete=True))
    return str(catalog)


@pytest.fixture(scope="module")
def catalogs(shared_dir: Path) -> list[bytes]:
    return [_catalog_text(seed).encode("utf-8") for seed in sorted((shared_dir / "seeds").glob("*.txt"))[:2]]


@pytest.mark.slow
@FUZZ
@given(data=st.data())
def test_po_reader_takes_mutated_real_catalogs(tmp_path: Path, catalogs: list[bytes], data: st.DataObject):
    path = tmp_path / "article.po"
    path.write_bytes(data.draw(mutated(catalogs)))
    try:
        catalog = read_catalog(path)
    except ToolkitError as error:
        assert str(error).startswith(str(path))
        assert "\n" not in str(error)
        return
    assert all(isinstance(entry.msgid, str) for entry in catalog)


@FUZZ
@given(text=st.text(alphabet=st.sampled_from(list('msgidtrcx "\\\n#~|,:.0123456789ابت\x00\x1b')), max_size=400))
def test_po_reader_takes_random_po_like_text(tmp_path: Path, text: str):
    path = tmp_path / "random.po"
    path.write_text(text, encoding="utf-8")
    try:
        read_catalog(path)
    except ToolkitError as error:
        assert str(error).startswith(str(path))
