"""The site build's reader of catalogs of the usual shape (store._read_usual_catalog) gives what polib gives, field
for field, or leaves the text to polib: on generated catalogs mixing every kind of line polib knows, and on the
repository's catalogs, which it reads itself."""

from __future__ import annotations

from pathlib import Path

import polib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.catalog.poformat import Catalog
from toolkit.catalog.store import _for_polib, _read_usual_catalog, find_syntax_error, read_catalog
from toolkit.errors import CatalogError

REPO = Path(__file__).resolve().parents[2]
GENERATED = Path("generated.po")

_TEXT = st.text(st.sampled_from('سلام عليكم abc XY 09 "\\:,#~|.\t\u00a0\u2028\r\n'), max_size=12)
_ESCAPED = _TEXT.map(lambda text: text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n"))
_QUOTED = _ESCAPED.map(lambda text: f'"{text}"')
_HEADER_LINES = st.sampled_from(
    ['"Content-Type: text/plain; charset=UTF-8\\n"', '"Language: ar\\n"', '"X-Note: a: b\\n"', '" more\\n"', '"\\n"']
)
_COMMENT = st.one_of(
    st.builds("# {}".format, _TEXT),
    st.builds("#. {}".format, _TEXT),
    st.builds("#: {}".format, st.sampled_from(["a.txt:12", "a.txt:x b.c", "c:d:3 e", "", "x:"])),
    st.builds("#, {}".format, st.sampled_from(["fuzzy", "fuzzy, c-format", "", " , no-wrap"])),
    st.sampled_from(["#", "##", "## x", "#.", "#:", "#,", "  # indented", '#~ msgid "old"', '#| msgid "was"']),
)
_KEYWORD_LINE = st.one_of(
    st.builds("msgctxt {}".format, _QUOTED),
    st.builds("msgid {}".format, _QUOTED),
    st.builds("msgstr {}".format, _QUOTED),
    st.sampled_from(['msgid ""', 'msgstr ""', 'msgid_plural "p"', 'msgstr[0] "a"', '#~ msgstr "old"', '#~| msgid "o"']),
)
_ANY_LINE = st.one_of(_COMMENT, _KEYWORD_LINE, _QUOTED, _HEADER_LINES, st.sampled_from(["", "   ", '"', "msgid"]))


@st.composite
def _entry(draw) -> list[str]:
    lines = draw(st.lists(_COMMENT, max_size=3))
    if draw(st.booleans()):
        lines.append(f"msgctxt {draw(_QUOTED)}")
    header = draw(st.integers(0, 4)) == 0
    lines.append('msgid ""' if header else f"msgid {draw(_QUOTED)}")
    lines += draw(st.lists(_QUOTED, max_size=2))
    lines.append(f"msgstr {draw(_QUOTED)}")
    lines += draw(st.lists(_HEADER_LINES if header else _QUOTED, max_size=3))
    return [*lines, *draw(st.lists(st.sampled_from(["", " "]), max_size=1))]


_CATALOG = st.lists(st.one_of(_entry(), st.lists(_ANY_LINE, max_size=2)), max_size=6).map(
    lambda parts: "\n".join(line for part in parts for line in part)
)


def _state(catalog: polib.POFile) -> tuple:
    return vars(catalog), [vars(entry) for entry in catalog]


def _same_as_polib(text: str) -> bool | None:
    """Whether the reader took the text (and then gave polib's catalog); None when the text is no catalog the
    store would hand polib."""
    if find_syntax_error(text) is not None:
        return None
    try:
        for_polib = _for_polib(text, GENERATED)
    except CatalogError:
        return None
    read = _read_usual_catalog(for_polib)
    try:
        expected = polib.pofile(for_polib, klass=Catalog)
    except (OSError, ValueError):
        assert read is None, text
        return None
    if read is None:
        return False
    assert _state(read) == _state(expected), text
    return True


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_CATALOG)
def test_a_generated_catalog_reads_as_polib_reads_it(text: str) -> None:
    _same_as_polib(text)


def test_the_usual_shapes_are_read_without_polib() -> None:
    """The reader is no reader that always gives up: the repository's catalogs, a header with a fuzzy flag and
    comments of every kind, continuation lines and escapes, a trailing comment, are its own."""
    texts = [path.read_text(encoding="utf-8") for path in sorted((REPO / "translations").glob("*.po"))]
    texts.append(
        '# Header comment\n#\n## second\n#, fuzzy\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"X-Long: one\\n"\n"two\\n"\n\n#. kind: heading\n# translator\n#: source/a.txt:3 other x:y\n'
        '#, fuzzy, c-format\nmsgctxt "b-1"\n'
        'msgid "Tab\\there \\"quoted\\" back\\\\slash"\n"continued"\nmsgstr ""\n"مرحبا\\n"\n\n'
        'msgid "second"\nmsgstr "ثاني"\n# trailing comment\n'
    )
    assert len(texts) > 1
    for text in texts:
        assert _same_as_polib(text), text[:200]


def test_the_build_reads_a_catalog_as_the_translate_stage_does() -> None:
    for path in sorted((REPO / "translations").glob("*.po")):
        quick, whole = read_catalog(path, keep_layout=False), read_catalog(path)
        assert [vars(entry) for entry in quick] == [vars(entry) for entry in whole]
        assert (quick.header, quick.metadata, quick.metadata_is_fuzzy) == (
            whole.header,
            whole.metadata,
            whole.metadata_is_fuzzy,
        )


def test_under_another_polib_every_catalog_is_read_by_polib(monkeypatch) -> None:
    # The table mirrors polib 1.2's parser; pyproject allows any later polib, whose parser may differ.
    text = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n'
    assert _read_usual_catalog(text) is not None
    monkeypatch.setattr(polib, "__version__", "1.3.0")
    assert _read_usual_catalog(text) is None
