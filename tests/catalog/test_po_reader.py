"""The catalog reader (store.polib_read) makes what polib's own parser makes of the same text, attribute for
attribute, for any text: a catalog of the repository, a catalog polib wrote, or lines thrown together, valid
or not (then both refuse it with the same message)."""

from __future__ import annotations

from pathlib import Path

import polib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.catalog.poformat import Catalog
from toolkit.catalog.store import _for_polib, polib_read

REPO = Path(__file__).resolve().parent.parent.parent


def _made(read, text: str) -> tuple:
    """What a reader makes of `text`: the catalog's attributes and each entry's, or the error it raises."""
    try:
        catalog = read(text)
    except (OSError, ValueError) as error:
        return ("refused", type(error).__name__, str(error))
    # repr: a value of another type that compares equal (True for 1) is not the same attribute.
    return ("read", repr(vars(catalog)), [(type(entry), repr(vars(entry))) for entry in catalog])


def _same_as_polib(text: str) -> None:
    assert _made(polib_read, text) == _made(lambda text: polib.pofile(text, klass=Catalog), text)


def test_every_catalog_of_the_repository_reads_as_polib_reads_it() -> None:
    catalogs = sorted((REPO / "translations").glob("*.po"))
    assert catalogs
    for path in catalogs:
        text = _for_polib(path.read_text(encoding="utf-8"), path)
        _same_as_polib(text)
        assert _made(polib_read, text)[0] == "read"


_TEXT = st.text(alphabet='ab :,\\"ntrx0\u0639#~|[]\t', max_size=12)
_QUOTED = st.builds(lambda text: f'"{text}"', _TEXT)
_KEYWORDS = st.sampled_from(
    ["msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr[0]", "msgstr[1]", "msgstr[x]", "msgstr[12]", "msg"]
)
_MARKERS = st.sampled_from(["", "#~ ", "#| ", "#~| ", "#~", "#|", " ", "\t"])
_LINES = st.one_of(
    st.builds(lambda marker, keyword, quoted: f"{marker}{keyword} {quoted}", _MARKERS, _KEYWORDS, _QUOTED),
    st.builds(lambda marker, quoted: f"{marker}{quoted}", _MARKERS, _QUOTED),
    st.builds(
        lambda marker, text: f"{marker}{text}",
        st.sampled_from(["#", "# ", "#. ", "#: ", "#, ", "##", "#~ #, ", "#~ # ", "#| ", "#~| ", ""]),
        _TEXT,
    ),
    st.sampled_from(
        [
            'msgid ""',
            'msgstr ""',
            '"Content-Type: text/plain; charset=UTF-8\\n"',
            '"Content-Type: text/plain; charset=latin-9\\n"',
            '"Language: en\\n"',
            '"X-Note: one\\n"',
            '"continued\\n"',
            "#, fuzzy, python-format",
            "#: source/a.txt:12 source/b.txt :3 c.txt:x a:1:2 b: :",
            "#| msgid",
            "#|",
            "#:",
            "#,",
            "#.",
            "",
            "   ",
        ]
    ),
)


_CONTINUATIONS = st.lists(_QUOTED, max_size=2)
_COMMENTS = st.lists(
    st.one_of(
        st.sampled_from(["#, fuzzy", "#: a.txt:1 :2", "#", "# note", "#. kind: heading", '#| msgid "old"']),
        st.builds(lambda text: f"# {text}", _TEXT),
    ),
    max_size=3,
)


@st.composite
def _entries(draw: st.DrawFn) -> list[str]:
    """An entry's lines as an editor or msgmerge writes them: comments, msgctxt, msgid, msgid_plural, msgstr or
    msgstr[n], each string continued on further lines, the whole maybe obsolete."""
    marker = draw(st.sampled_from(["", "", "#~ "]))
    lines = draw(_COMMENTS)
    keywords = ["msgid"]
    if draw(st.booleans()):
        keywords.insert(0, "msgctxt")
    if draw(st.booleans()):
        keywords += ["msgid_plural", *(f"msgstr[{index}]" for index in range(draw(st.integers(1, 3))))]
    else:
        keywords.append("msgstr")
    for keyword in keywords:
        lines.append(f"{marker}{keyword} {draw(_QUOTED)}")
        lines += [f"{marker}{quoted}" for quoted in draw(_CONTINUATIONS)]
    return lines


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(_entries(), st.lists(_LINES, max_size=2)), max_size=8),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
)
def test_any_text_reads_as_polib_reads_it(parts: list[list[str]], ending: str, bom: bool) -> None:
    _same_as_polib(("\ufeff" if bom else "") + ending.join(line for part in parts for line in part))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINES, max_size=24))
def test_any_lines_read_as_polib_reads_them(lines: list[str]) -> None:
    _same_as_polib("\n".join(lines))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), _TEXT),  # msgctxt
            _TEXT,  # msgid
            _TEXT,  # msgstr
            st.booleans(),  # obsolete
            st.lists(st.sampled_from(["fuzzy", "c-format", "no-wrap"]), max_size=2, unique=True),
            _TEXT,  # comment
            _TEXT,  # translator's comment
            st.one_of(st.none(), _TEXT),  # previous msgid
        ),
        max_size=8,
    )
)
def test_a_catalog_polib_wrote_reads_as_polib_reads_it(entries: list[tuple]) -> None:
    catalog = polib.POFile(wrapwidth=30)
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    for msgctxt, msgid, msgstr, obsolete, flags, comment, tcomment, previous in entries:
        catalog.append(
            polib.POEntry(
                msgctxt=msgctxt,
                msgid=msgid or "x",
                msgstr=msgstr,
                obsolete=obsolete,
                flags=flags,
                comment=comment,
                tcomment=tcomment,
                previous_msgid=previous,
                occurrences=[("source/a.txt", "3")],
            )
        )
    _same_as_polib(str(catalog))
