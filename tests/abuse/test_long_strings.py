"""A paragraph of megabytes (a 7 MB page of one paragraph) is read, written and published in time and memory
linear in its size: polib appended each continuation line to the string read so far, so reading a string of n
lines copied n^2/2 lines (35 s of a 7 MB page's 41 s publish). Counted, not timed: the characters polib copies
while it reads the catalog, the bytes allocated while a string is wrapped, the n-grams the translation memory
takes; the whole publish of such a page is one slow test, untimed."""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.catalog import memory, store
from toolkit.catalog.memory import Memory, MemoryEntry, near_matches
from toolkit.catalog.poformat import format_catalog, string_lines
from toolkit.catalog.store import gettext_unescape, parse_catalog

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def _catalog(lines: int) -> str:
    """A catalog whose paragraph, its draft and an obsolete entry each run to `lines` continuation lines."""
    words = [f'"كلمة{number} \\"{number}\\" "' for number in range(lines)]
    obsolete = [f"#~ {line}" for line in words]
    return (
        f'{HEADER}#. kind: paragraph\n#, fuzzy\nmsgctxt "b-1"\nmsgid ""\n'
        + "\n".join(words)
        + '\nmsgstr ""\n'
        + "\n".join(words).replace("كلمة", "word")
        + '\n\n#: source/a.txt:5\nmsgctxt "b-2"\nmsgid "قصير"\nmsgstr "short"\n\n'
        + '#~ msgctxt "b-0"\n#~ msgid ""\n'
        + "\n".join(obsolete)
        + '\n#~ msgstr "gone"\n'
    )


def _copied_while_parsing(text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """The characters polib copies appending continuation lines to the strings it reads."""
    copied = 0
    handle = polib._POFileParser.handle_mc
    fields = {"ct": "msgctxt", "mi": "msgid", "mp": "msgid_plural", "ms": "msgstr", "pm": "previous_msgid"}

    def counting(parser: polib._POFileParser) -> bool:
        nonlocal copied
        copied += len(getattr(parser.current_entry, fields.get(parser.current_state, "msgstr")) or "")
        return handle(parser)

    with monkeypatch.context() as patch:
        patch.setattr(polib._POFileParser, "handle_mc", counting)
        parse_catalog(text, Path("a.po"))
    return copied


def test_reading_a_string_twice_as_long_copies_about_twice_as_much(monkeypatch: pytest.MonkeyPatch) -> None:
    single = _copied_while_parsing(_catalog(4_000), monkeypatch)
    double = _copied_while_parsing(_catalog(8_000), monkeypatch)
    assert double <= 2.2 * max(single, 1), (single, double)


@pytest.mark.parametrize("lines", [3, 64, 65, 2_000])
def test_a_long_string_reads_as_polib_reads_it_line_by_line(lines: int) -> None:
    text = _catalog(lines)
    ours = parse_catalog(text, Path("a.po"))
    theirs = polib.pofile(text)
    assert [(e.msgctxt, e.msgid, e.msgstr, e.obsolete, e.linenum) for e in ours] == [
        (e.msgctxt, e.msgid, e.msgstr, e.obsolete, e.linenum) for e in theirs
    ]
    assert 'word1 "1" word2' in ours[0].msgstr
    assert format_catalog(ours, ours.layout) == format_catalog(theirs, ours.layout)


PARAGRAPH = (
    "قال مسؤولون إن المفاوضات بين الجانبين ستستأنف الأسبوع المقبل في العاصمة، بعد توقف دام شهرين بسبب الخلاف "
    "على جدول الأعمال والضمانات الأمنية المطلوبة."
)


def _long_paragraph(characters: int) -> str:
    return " ".join([PARAGRAPH] * (characters // len(PARAGRAPH) + 1))[:characters]


def _bytes_allocated_wrapping(text: str) -> int:
    tracemalloc.start()
    try:
        string_lines("", "msgid", text, 79)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_wrapping_a_string_takes_memory_in_proportion_to_it() -> None:
    # The breaker kept a running total of columns as a list of Python ints, about 36 bytes a character (43 in all):
    # 140 MB for the 7 MB page's paragraph. The lines written take 2-3 bytes a character of Arabic.
    single, double = (_bytes_allocated_wrapping(_long_paragraph(size)) for size in (200_000, 400_000))
    assert double <= 2.2 * single, (single, double)
    assert double <= 16 * 400_000, double


def test_a_source_longer_than_any_reviewed_one_can_match_is_not_fingerprinted(monkeypatch: pytest.MonkeyPatch):
    reviewed = Memory.of([MemoryEntry("a", "b-1", PARAGRAPH, "Officials said the talks would resume.")])
    fingerprinted: list[int] = []
    grams = memory._grams
    monkeypatch.setattr(memory, "_grams", lambda text: fingerprinted.append(len(text)) or grams(text))
    # A ratio of 0.7 allows a source up to 2 / 0.7 - 1 = 1.86 times the reviewed one: just inside, it is offered.
    near = PARAGRAPH + " " + PARAGRAPH[: int(len(PARAGRAPH) * 0.8)]
    assert [item.context for _, item in near_matches(near, reviewed)] == ["b-1"]
    assert fingerprinted == [len(near)]
    fingerprinted.clear()
    assert near_matches(_long_paragraph(1_000_000), reviewed) == []
    assert near_matches(PARAGRAPH + " " + PARAGRAPH, reviewed) == []
    assert fingerprinted == []


@pytest.mark.slow
def test_a_seven_megabyte_paragraph_publishes(tmp_path: Path) -> None:
    # Its CPU (41.6 s at first, about 10 s once polib's reading, the wrapping and the translation memory were made
    # linear) is a measured figure in the README, not a bound here: tests assert no timings. The counting tests
    # above hold the work linear; this one, that the whole page goes through publish to the site.
    subprocess.run([sys.executable, "-m", "toolkit", "init", str(tmp_path / "p")], check=True, capture_output=True)
    project = tmp_path / "p"
    head = '<html lang="ar"><head><meta charset="utf-8"><title>عنوان الخبر</title></head>'
    body = f"<h1>عنوان الخبر</h1><p>{PARAGRAPH}</p><p>{_long_paragraph(3_900_000)}</p>"
    page = f"{head}<body><article>{body}</article></body></html>"
    (project / "source" / "one_paragraph.html").write_bytes(page.encode())
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "publish"], cwd=project, capture_output=True, text=True, timeout=900
    )
    assert "Traceback" not in done.stderr
    assert (project / "translations" / "one_paragraph.po").stat().st_size > 7_000_000
    assert (project / "site" / "index.html").exists(), done.stderr


# A comment line of escaped quotes: the strings of a line were found by finditer, which after a string that
# never ends (every quote escaped) read to the line's end again from each later quote. 1,000,000 of them: about
# two hours that way (127,000 characters took 23-110 s), a fraction of a second read as each string is once.
ESCAPED_QUOTES = '\\"' * 1_000_000
QUOTE_RUN_LINES = {
    "an obsolete entry's comment holding an escape": (f"#~ # {ESCAPED_QUOTES} \\a", None),
    "a comment holding a control character": (f"# {ESCAPED_QUOTES}\x1c", "inside a comment"),
}


@pytest.mark.parametrize("name", QUOTE_RUN_LINES)
def test_a_line_of_two_million_escaped_quotes_is_read_in_time_linear_in_it(tmp_path: Path, name: str) -> None:
    line, named = QUOTE_RUN_LINES[name]
    path = tmp_path / "quotes.po"
    path.write_text(f'{HEADER}msgid "a"\nmsgstr "b"\n\n{line}\n#~ msgid "c"\n#~ msgstr "d"\n', encoding="utf-8")
    reading = "from pathlib import Path; from toolkit.catalog.store import read_catalog; import sys\n"
    reading += "try:\n    print(len(read_catalog(Path(sys.argv[1]))))\nexcept Exception as error:\n    print(error)"
    # A generous limit for a busy machine: the whole read takes well under a second alone.
    done = subprocess.run([sys.executable, "-c", reading, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    if named is None:
        assert done.stdout.strip() == "2"  # the entry and the obsolete one, whose comment the line is
    else:
        assert done.stdout.startswith(f"{path}:8: a line separator character") and named in done.stdout


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet='"\\ax41 0', max_size=40))
def test_a_lines_quoted_strings_are_the_ones_finditer_finds(line: str) -> None:
    assert [match.span() for match in store._quoted_strings(line)] == [
        match.span() for match in store._QUOTED_STRING.finditer(line)
    ]

    def old(line: str) -> str:
        return store._QUOTED_STRING.sub(lambda match: store._polib_quoted(gettext_unescape(match.group(1))), line)

    outcomes = []
    for decode in (old, store._decoded_strings):
        try:
            outcomes.append(decode(line))
        except ValueError as error:  # an escape gettext_unescape refuses (one the syntax check lets through never)
            outcomes.append(type(error))
    assert outcomes[0] == outcomes[1]
