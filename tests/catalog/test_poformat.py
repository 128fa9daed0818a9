"""PO files are written byte for byte as GNU gettext's msgcat writes them, and read as gettext reads them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest
from catalog_fakes import FakeTranslator, NullProgress, article, project, save_over
from examples import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.catalog.poformat import Catalog, Layout, format_catalog, read_layout
from toolkit.catalog.store import parse_catalog, read_catalog, serialize_catalog
from toolkit.catalog.update import update_catalogs
from toolkit.errors import CatalogError

REPO = Path(__file__).resolve().parents[2]

# Arabic letters and marks, Latin, digits, CJK, and every character gettext escapes or breaks around.
_ALPHABET = st.sampled_from(
    "بوتينلماكرونالغربتجاهل\u064e\u0651\u060c\u061f\u0640\u0660abcdefghijklmnopqrstuvwxyzABCXYZ0123456789"
    + " " * 12
    + "\"'\\\t\n\r\a\b\f\v.,;:!?()[]{}-/%$#&*+=<>|~_\u00a0\u2014\u2026\u201c\u201d我喜。"
)
_TEXT = st.text(_ALPHABET, min_size=1, max_size=260)


def _msgcat(text: str, *options: str) -> str:
    result = subprocess.run(
        ["msgcat", *options, "-"], input=text.encode("utf-8"), capture_output=True, check=True, timeout=60
    )
    return result.stdout.decode("utf-8")


@st.composite
def _catalogs(draw) -> Catalog:
    catalog = Catalog()
    catalog.header = draw(st.sampled_from(["", "A header comment.\n\nSecond paragraph."]))
    catalog.metadata = {
        "Project-Id-Version": draw(_TEXT.map(lambda text: " ".join(text.split()))),
        "Language": "en",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Article-Title": draw(_TEXT.map(lambda text: " ".join(text.split()))),
    }
    for number in range(draw(st.integers(1, 6))):
        obsolete = draw(st.booleans()) and number > 0
        entry = polib.POEntry(
            msgctxt=f"b-{number}",
            msgid=draw(_TEXT),
            msgstr=draw(st.one_of(st.just(""), _TEXT)),
            tcomment=draw(st.sampled_from(["", "a translator's note", "two\nlines"])),
            flags=draw(st.sampled_from([[], ["fuzzy"], ["no-wrap"], ["fuzzy", "no-wrap"]])),
            obsolete=obsolete,
        )
        if not obsolete:
            entry.comment = draw(st.sampled_from(["", "kind: paragraph", "kind: title\nmachine: test"]))
            entry.occurrences = draw(
                st.sampled_from(
                    [[], [("source/a.txt", "")], [(f"source/{'long-' * 12}{n}.txt", str(n)) for n in range(4)]]
                )
            )
        if draw(st.booleans()):
            entry.previous_msgid = draw(_TEXT)
        catalog.append(entry)
    return catalog


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_catalogs(), st.integers(1, 200))
def test_written_catalog_is_what_msgcat_writes(catalog, width):
    # The one difference: msgcat drops an obsolete entry without a translation even when it carries a
    # translator's comment; the toolkit keeps that comment (it comes back with its paragraph).
    as_gettext_keeps = Catalog()
    as_gettext_keeps.header, as_gettext_keeps.metadata = catalog.header, catalog.metadata
    as_gettext_keeps.extend(entry for entry in catalog if entry.msgstr or not entry.obsolete)
    written = format_catalog(catalog)
    assert _msgcat(written) == format_catalog(as_gettext_keeps)
    assert _msgcat(written, "--no-wrap") == format_catalog(as_gettext_keeps, Layout(None))
    # At any width, references too (gettext takes a width under 20 for 20), and in ASCII.
    assert _msgcat(written, f"--width={width}") == format_catalog(as_gettext_keeps, Layout(width))
    assert _msgcat(written, "--escape", f"--width={width}") == format_catalog(
        as_gettext_keeps, Layout(width, escape=True)
    )


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_catalogs())
def test_written_catalog_reads_back_the_same(catalog):
    again = parse_catalog(format_catalog(catalog), Path("random.po"))
    fields = ("msgctxt", "msgid", "msgstr", "tcomment", "comment", "occurrences")

    def kept(entries):
        # gettext does not keep an obsolete entry without a translation (the toolkit keeps one that carries a
        # translator's comment), nor a fuzzy flag without one.
        return [
            (
                *(getattr(entry, name) for name in fields),
                bool(entry.obsolete),
                "fuzzy" in entry.flags and bool(entry.msgstr),
                entry.previous_msgid,
            )
            for entry in entries
            if entry.msgstr or entry.tcomment or not entry.obsolete
        ]

    assert kept(again) == kept([e for e in catalog if not e.obsolete] + [e for e in catalog if e.obsolete])
    assert again.metadata == catalog.metadata


@settings(max_examples=examples(400), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    _catalogs(),
    st.one_of(st.none(), st.integers(1, 200)),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
    st.booleans(),
)
def test_any_catalog_written_in_any_layout_reads_as_a_layout_that_writes_it_back(catalog, width, newline, bom, escape):
    # The width read off the file need not be the one it was written at (a file whose strings all fit is the
    # same at many), but it must give back every line: a publish with nothing to change leaves the file.
    written = format_catalog(catalog, Layout(width, newline, bom, escape))
    assert format_catalog(catalog, read_layout(written)[0]) == written


def _repository_catalogs() -> list[Path]:
    # translate-toolkit's own output, which it wraps its way (test_translate_toolkit_layout), is left out.
    other_tools = REPO / "tests" / "catalog" / "data" / "translate_toolkit"
    tests = [path for path in (REPO / "tests").rglob("*.po") if other_tools not in path.parents]
    return sorted((REPO / "translations").glob("*.po")) + sorted(tests)


@pytest.mark.parametrize("path", _repository_catalogs(), ids=lambda path: str(path.relative_to(REPO)))
def test_every_catalog_in_the_repository_is_written_as_msgcat_writes_it(path):
    text = path.read_text(encoding="utf-8")
    try:
        catalog = parse_catalog(text, path)
    except CatalogError:
        pytest.skip("a deliberately broken fixture: the reader's tests, not the writer's")
    options = [f"--width={catalog.layout.width}"] if catalog.layout.width else ["--no-wrap"]
    assert serialize_catalog(catalog).decode("utf-8").replace("\r\n", "\n") == _msgcat(text, *options)


@pytest.mark.parametrize("path", sorted((REPO / "translations").glob("*.po")), ids=lambda path: path.name)
def test_shipped_catalogs_are_already_in_gettext_layout(path):
    text = path.read_text(encoding="utf-8")
    assert _msgcat(text) == text


def test_a_no_wrap_file_keeps_its_layout_through_a_rewrite(tmp_path):
    source = REPO / "translations" / "000_bff552917bc11dca.po"
    path = tmp_path / "nowrap.po"
    path.write_text(_msgcat(source.read_text(encoding="utf-8"), "--no-wrap"), encoding="utf-8")
    before = path.read_bytes()
    catalog = read_catalog(path)
    assert catalog.layout.width is None
    assert save_over(path, catalog) is False
    entry = next(entry for entry in catalog if entry.msgctxt == "title")
    entry.msgstr = "A new title that is long enough to be wrapped by gettext if the file were a wrapped file"
    assert save_over(path, catalog) is True
    after = path.read_bytes().decode("utf-8")
    assert after == _msgcat(after, "--no-wrap")
    changed = set(after.splitlines()) ^ set(before.decode("utf-8").splitlines())
    assert all("title" in line or "A new title" in line or "Putin to Macron" in line for line in changed)


def test_a_crlf_file_keeps_its_line_endings(tmp_path):
    source = (REPO / "translations" / "000_bff552917bc11dca.po").read_text(encoding="utf-8")
    path = tmp_path / "crlf.po"
    path.write_bytes(source.replace("\n", "\r\n").encode("utf-8"))
    catalog = read_catalog(path)
    assert catalog.layout == Layout(79, "\r\n")
    assert save_over(path, catalog) is False
    catalog[0].msgstr = "Changed"
    save_over(path, catalog)
    data = path.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n")


def test_layout_detection():
    wrapped = 'msgid ""\n"a long line that was broken "\n"here"\nmsgstr ""\n'
    # A break gettext would not make at 79 columns: wrapped at the widest line, which gives the break back.
    assert read_layout(wrapped)[0] == Layout(30, "\n")
    unwrapped = 'msgid "' + "word " * 30 + '"\nmsgstr ""\n'
    assert read_layout(unwrapped)[0] == Layout(None, "\n")
    assert read_layout(unwrapped.replace("\n", "\r\n"))[0] == Layout(None, "\r\n")


@pytest.mark.parametrize("width", [79, 77, 60, 120])
@pytest.mark.parametrize("where", ["first", "last"])
def test_a_string_typed_on_one_line_is_no_width_of_its_file_wherever_it_stands(width, where):
    """A wrapped file with one string saved on one line far past its width (an editor that does not wrap):
    its width is the breaks' (the line is a hand edit: the file written afresh is msgcat's), whether the
    string comes before the file's first full line or after it; it was the line's own width (150 and more)
    or 79 by where it stood. Written back unchanged, the file keeps the line as typed."""
    seed = _msgcat((REPO / "translations" / "000_bff552917bc11dca.po").read_text(encoding="utf-8"), f"--width={width}")
    catalog = parse_catalog(seed, Path("seed.po"))
    entries = [entry for entry in catalog if entry.msgid and entry.msgstr]
    entry = entries[0] if where == "first" else entries[-1]
    typed = " ".join([entry.msgstr.replace("\n", " ")] * 3)[:190]
    entry.msgstr = "placeholder"
    text = serialize_catalog(catalog).decode("utf-8").replace('msgstr "placeholder"', f'msgstr "{typed}"')
    assert max(map(len, text.splitlines())) > max(150, width + 20)
    edited = parse_catalog(text, Path("edited.po"))
    assert format_catalog(edited, edited.layout) == _msgcat(text, f"--width={width}")
    assert serialize_catalog(edited).decode("utf-8") == text


def test_a_byte_order_mark_is_told_in_one_place_from_text_and_from_bytes(tmp_path):
    text = 'msgid ""\r\nmsgstr ""\r\n"Content-Type: text/plain; charset=UTF-8\\n"\r\n\r\nmsgid "a"\r\nmsgstr "b"\r\n'
    parsed = parse_catalog("\ufeff" + text, Path("bom.po"))
    assert parsed.layout.bom and parsed.layout.newline == "\r\n" and parsed[0].msgstr == "b"
    assert not parse_catalog(text, Path("plain.po")).layout.bom
    path = tmp_path / "bom.po"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    catalog = read_catalog(path)
    assert catalog.layout == parsed.layout
    catalog[0].msgstr = "c"
    save_over(path, catalog)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfmsgid") and b'msgstr "c"\r\n' in path.read_bytes()


def test_header_fields_keep_their_order(tmp_path):
    path = tmp_path / "order.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"X-Generator: Poedit 3.4\\n"\n"Language: en\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n',
        encoding="utf-8",
    )
    catalog = read_catalog(path)
    assert list(catalog.metadata) == ["X-Generator", "Language", "Content-Type"]
    assert save_over(path, catalog) is False


def _mo(path: Path, tmp_path: Path) -> bytes:
    out = tmp_path / f"{path.stem}.mo"
    subprocess.run(["msgfmt", "-o", str(out), str(path)], check=True, capture_output=True)
    return out.read_bytes()


_ESCAPES = st.lists(
    st.sampled_from(
        [r"\x20", r"\101", r"\7", r"\12", r"\a", r"\b", r"\f", r"\v", r"\t", r"\r", r"\n", r"\\", r"\"",
         r"\303\251", r"\xc3\xa9", r"\x41B", r"\1234", "plain", " ", "مرحبا", "\\\\x20", "\\\\101"]
    ),
    min_size=1,
    max_size=12,
).map("".join)  # fmt: skip


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_ESCAPES)
def test_escapes_keep_their_meaning_through_a_rewrite(tmp_path, escaped):
    path = tmp_path / "escapes.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgctxt "b-1"\nmsgid "{escaped}"\nmsgstr "{escaped}"\n',
        encoding="utf-8",
    )
    original = _mo(path, tmp_path)
    catalog = read_catalog(path)
    unformatted = subprocess.run(["msgunfmt", str(tmp_path / "escapes.mo")], capture_output=True, check=True)
    assert parse_catalog(unformatted.stdout.decode("utf-8"), path)[0].msgstr == catalog[0].msgstr
    catalog[0].tcomment = "rewritten"
    save_over(path, catalog)
    assert _mo(path, tmp_path) == original


def test_escapes_that_are_not_utf8_are_named_with_their_line(tmp_path):
    path = tmp_path / "bad.po"
    path.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "\\xff"\n', encoding="utf-8")
    with pytest.raises(CatalogError, match="not UTF-8") as raised:
        read_catalog(path)
    assert raised.value.line == 5


def test_catalogs_the_translate_workflow_writes_are_what_msgcat_writes(tmp_path):
    config = project(tmp_path)
    long = 'قال المتحدث باسم الكرملين "دميتري بيسكوف" إن ' * 6
    articles = [
        article("one", [long, "فقرة\tمع علامة جدولة.", "سطر أول\nسطر ثان"], title="عنوان طويل " * 9),
        article("two", ["Latin and عربي mixed: 'quotes', \\backslash\\ and 100% of (brackets)." * 3]),
    ]
    result = update_catalogs(config, articles, FakeTranslator, NullProgress)
    assert len(result.written) == 2
    for path in result.written:
        text = path.read_text(encoding="utf-8")
        assert _msgcat(text) == text


def test_an_obsolete_entrys_previous_source_survives_a_rewrite(tmp_path):
    """`#~|` lines (msgmerge --previous keeps them when an entry goes obsolete): read, and written back as
    msgcat writes them, one line or several, with a previous msgctxt."""
    long_source = "مصدر سابق طويل " * 8
    text = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "b-1"\nmsgid "active"\nmsgstr "Active"\n\n'
        '#, fuzzy\n#~| msgctxt "b-old"\n#~| msgid "the old source"\n'
        '#~ msgctxt "b-2"\n#~ msgid "gone"\n#~ msgstr "Gone"\n\n'
        f'#~| msgid "{long_source}"\n#~ msgctxt "b-3"\n#~ msgid "gone too"\n#~ msgstr "Gone too"\n'
    )
    path = tmp_path / "obsolete.po"
    path.write_text(_msgcat(text), encoding="utf-8")
    catalog = read_catalog(path)
    obsolete = {entry.msgctxt: entry for entry in catalog if entry.obsolete}
    assert (obsolete["b-2"].previous_msgctxt, obsolete["b-2"].previous_msgid) == ("b-old", "the old source")
    assert obsolete["b-3"].previous_msgid == long_source
    assert serialize_catalog(catalog).decode("utf-8") == path.read_text(encoding="utf-8")
    catalog[0].msgstr = "Still active"  # a rewrite for another reason keeps them too
    save_over(path, catalog)
    text = path.read_text(encoding="utf-8")
    assert _msgcat(text) == text and "Still active" in text
    again = {entry.msgctxt: entry for entry in read_catalog(path) if entry.obsolete}
    assert (again["b-2"].previous_msgctxt, again["b-2"].previous_msgid, again["b-3"].previous_msgid) == (
        "b-old",
        "the old source",
        long_source,
    )


def test_chinese_paragraphs_break_where_msgcat_breaks_them():
    """In Chinese a line may break before almost every character: each line is filled at once, not place by
    place. Long paragraphs of the bench's Chinese news lines, alone and with Latin words and marks between."""
    lines = [line for line in (REPO / "bench" / "data" / "zh_en.zh").read_text(encoding="utf-8").splitlines() if line]
    catalog = Catalog()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for number in range(0, 60, 3):
        paragraph = "".join(lines[number : number + 3])
        mixed = f"{lines[number]} Reuters, 2021\u0301 {lines[number + 1]}（{lines[number + 2]}）"
        catalog.append(polib.POEntry(msgctxt=f"b-{number}", msgid=paragraph, msgstr=mixed))
    written = format_catalog(catalog)
    assert _msgcat(written) == written
    assert _msgcat(written, "--width=30") == format_catalog(catalog, Layout(30))


def test_a_page_break_on_a_line_of_its_own_is_passed_over_as_msgfmt_does(tmp_path: Path) -> None:
    # Emacs po-mode and old GNU catalogs put a form feed (^L) between entries; msgfmt -c and msgcat accept
    # it. It was refused as "a line separator character inside a string or comment", the whole catalog with it.
    text = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n\f\n'
        '#. paragraph 1\nmsgid "نص"\nmsgstr "text"\n \f\t\n\n#. paragraph 2\nmsgid "آخر"\nmsgstr "other"\n'
    )
    path = tmp_path / "paged.po"
    path.write_text(text, encoding="utf-8")
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, check=True, timeout=60)
    expected = {entry.msgid: entry.msgstr for entry in polib.pofile(_msgcat(text)) if entry.msgid}
    assert {entry.msgid: entry.msgstr for entry in read_catalog(path) if entry.msgid} == expected
    assert expected == {"نص": "text", "آخر": "other"}


@pytest.mark.parametrize(
    "entry",
    [
        'msgid "x"\f\nmsgstr "y"\n',  # a form feed as trailing white space after a keyword line
        'msgid "x"\v\nmsgstr "y"\v\n',
        'msgid\f"x"\nmsgstr\v"y"\n',
        'msgctxt\v"c"\nmsgid "x"\nmsgstr "y"\n',
        '\fmsgid "x"\n\v msgstr "y"\n',
        'msgid "x"\n"z"\f\nmsgstr "y"\n',
        'msgid "x"\n\f"z"\nmsgstr "y"\n',
        'msgid "x"\f\f \v\t\nmsgstr "y"\n',
        '#, fuzzy\f\nmsgid "x"\nmsgstr "y"\n',
        '# a note\f\nmsgid "x"\nmsgstr "y"\n',
        '#| msgid "w"\f\nmsgid "x"\nmsgstr "y"\n',
        'msgid "x"\nmsgstr "y"\n\n#~ msgid "o"\f\n#~\vmsgstr "p"\n',
        'msgid "x"\r\nmsgstr "y"\f\r\n',
        # Refused by msgfmt: a no-break space or a unit separator is no white space to gettext.
        '\u00a0msgid "x"\nmsgstr "y"\n',
        'msgid "x"\x1f\nmsgstr "y"\n',
        'msgid "x"\u3000\nmsgstr "y"\n',
    ],
)
def test_what_gettext_reads_as_white_space_is_accepted_as_msgfmt_does(tmp_path: Path, entry: str) -> None:
    # A form feed after a keyword line (`msgid "x"^L`) refused the whole catalog, which msgfmt accepts; and
    # str.strip's white space (a no-break space, U+001F) passed where msgfmt refuses the line.
    text = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + entry
    path = tmp_path / "blanks.po"
    path.write_bytes(text.encode("utf-8"))
    checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, timeout=60)
    if checked.returncode != 0:
        with pytest.raises(CatalogError) as raised:
            read_catalog(path)
        assert raised.value.line == 5, raised.value
        return
    cat = subprocess.run(["msgcat", str(path)], capture_output=True, check=True, timeout=60)
    expected = {(e.msgid, e.msgstr, e.obsolete, e.fuzzy) for e in polib.pofile(cat.stdout.decode()) if e.msgid}
    assert {(e.msgid, e.msgstr, e.obsolete, e.fuzzy) for e in read_catalog(path) if e.msgid} == expected


@pytest.mark.parametrize(
    ("line", "where"),
    [
        ('msgstr "a\fb"', "inside a string"),
        ("# a translator's\fnote", "inside a comment"),
        ("\u2028", "outside any string or comment"),
    ],
)
def test_a_line_separator_that_cannot_be_kept_is_named_with_where_it_is(tmp_path: Path, line: str, where: str) -> None:
    text = f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n#. p\nmsgid "نص"\n{line}\n'
    if not line.startswith("msgstr"):
        text += 'msgstr "text"\n'
    path = tmp_path / "marked.po"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        read_catalog(path)
    assert (
        raised.value.line == 7
        and f"line separator character (U+0085, U+2028, U+2029 or a control character) {where}" in raised.value.message
    )


# Pieces of a string's line: letters, spaces, a zero-width space, a mark, a wide letter, an escaped newline.
_LINE_PIECES = st.lists(st.sampled_from([*"ab ,.", "\u200b", "\u0651", "中", "ع", "\\n", "  "]), max_size=30).map(
    "".join
)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(_LINE_PIECES, min_size=1, max_size=6))
def test_any_wrapped_string_gives_a_layout(lines: list[str]) -> None:
    # A continuation line opening with a zero-width space (a break of no width) left no width to choose, and
    # publish and translate ended in an internal error on the catalog (ValueError from max()).
    text = 'msgid ""\nmsgstr ""\n' + "".join(f'"{line}"\n' for line in lines)
    layout = read_layout(text)[0]
    assert layout.width is None or layout.width > 0


def test_a_continuation_opening_with_a_zero_width_space_gives_a_layout() -> None:
    assert read_layout('msgid ""\nmsgstr ""\n"a b"\n"\u200bc"\n')[0].width == 79
