"""One hand edit in an editor that does not wrap (vim, sed, nano) in a catalog msgcat wrapped: the file's width
is still read as msgcat's, and a translate that changes one entry rewrites that entry alone, the edited one
left as it stands. Built from real gettext output (msgcat at several widths) of Arabic and Chinese catalogs."""

from __future__ import annotations

import difflib
import functools
import subprocess
from pathlib import Path

import polib
import pytest
from catalog_fakes import FakeTranslator, NullProgress, article
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from zh_projects import SENTENCES

from toolkit.catalog.poformat import Catalog, entry_content, entry_lines, format_catalog, read_layout
from toolkit.catalog.store import catalog_fingerprint, parse_catalog, serialize_catalog
from toolkit.catalog.update import update_catalogs
from toolkit.config import Config

REPO = Path(__file__).resolve().parents[2]
EDITS = ["shorten", "lengthen", "join", "break early"]
WIDTHS = [79, 72, 60]


def _msgcat(text: str, *options: str) -> str:
    made = subprocess.run(["msgcat", *options, "-"], input=text.encode(), capture_output=True, check=True, timeout=60)
    return made.stdout.decode()


class KnownTranslator(FakeTranslator):
    """Drafts a paragraph it knows as its known translation, any other as FakeTranslator does."""

    def __init__(self, known: dict[str, str]) -> None:
        super().__init__()
        self.known = known

    def translate(self, paragraphs, on_sentences_done=None):
        drafts = super().translate(paragraphs, on_sentences_done)
        return [
            draft._replace(text=self.known.get(paragraph, draft.text))
            for paragraph, draft in zip(paragraphs, drafts, strict=True)
        ]


def _arabic() -> tuple[list[str], dict[str, str]]:
    """The paragraphs of a seed article and their reviewed translations."""
    seed = polib.pofile(str(REPO / "translations" / "001_7e7eb9076ff80330.po"))
    entries = [entry for entry in seed if "kind: paragraph" in entry.comment]
    return [entry.msgid for entry in entries], {entry.msgid: entry.msgstr for entry in entries}


def _chinese() -> tuple[list[str], dict[str, str]]:
    paragraphs = ["".join(SENTENCES[start : start + 6]) for start in range(0, 13, 3)]
    return paragraphs, {}


LANGUAGES = {"ar": (_arabic, "قال مراسلنا: "), "zh": (_chinese, "据新华社报道，")}


def _edited(line: str, edit: str, following: str) -> list[str]:
    """A string line's text after the hand edit (one or two lines; `join` takes the following line in): a word
    taken out of its middle or put in (four characters, in Chinese), or the line broken in its middle."""
    words = line.split(" ")
    middle = len(words) // 2
    spaced = len(words) > 2
    if edit == "shorten":
        return [" ".join(words[:middle] + words[middle + 1 :]) if spaced else line[:4] + line[8:]]
    if edit == "lengthen":
        return [" ".join([*words[:middle], "very", *words[middle:]]) if spaced else f"{line[:4]}非常重要{line[4:]}"]
    if edit == "join":
        return [line + following]
    cut = len(" ".join(words[:middle])) + 1 if spaced else len(line) // 2
    return [line[:cut], line[cut:]]


def _hand_edit(text: str, edit: str) -> tuple[str, str]:
    """The file with the edit made on the second line of its longest wrapped msgstr, and that entry's msgid."""
    lines = text.split("\n")
    starts = [number for number, line in enumerate(lines) if line == 'msgstr ""' and lines[number - 1] != 'msgid ""']
    start = max(starts, key=lambda number: lines.index("", number) - number)
    line, following = lines[start + 2][1:-1], lines[start + 3][1:-1]
    assert line and following, "the msgstr edited has three lines or more"
    edited = [f'"{part}"' for part in _edited(line, edit, following)]
    lines[start + 2 : start + 4 if edit == "join" else start + 3] = edited
    entry_start = max(number for number in range(start) if not lines[number]) + 1
    entry = polib.pofile('msgid ""\nmsgstr ""\n\n' + "\n".join(lines[entry_start:start]) + '\nmsgstr ""\n')[0]
    return "\n".join(lines), entry.msgid


def _blocks(text: str) -> list[str]:
    return text.split("\n\n")


@pytest.mark.parametrize("edit", EDITS)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_a_translate_after_a_hand_edit_rewrites_only_the_entry_it_changes(
    tmp_path: Path, language: str, width: int, edit: str
) -> None:
    source, new_words = LANGUAGES[language]
    paragraphs, known = source()
    (tmp_path / "source").mkdir()
    config = Config(project_dir=tmp_path, source_language=language, target_language="en", site_title="Test")
    translator = KnownTranslator(known)
    update_catalogs(config, [article("news", paragraphs)], lambda: translator, NullProgress)
    path = config.translations_dir / "news.po"
    edited, edited_msgid = _hand_edit(_msgcat(path.read_text(encoding="utf-8"), f"--width={width}"), edit)
    path.write_text(edited, encoding="utf-8")
    changed = next(index for index, paragraph in enumerate(paragraphs) if paragraph != edited_msgid)
    changed_paragraphs = [new_words + text if index == changed else text for index, text in enumerate(paragraphs)]

    update_catalogs(config, [article("news", changed_paragraphs)], lambda: translator, NullProgress)

    written = path.read_text(encoding="utf-8")
    differing = [
        (before, after) for before, after in zip(_blocks(edited), _blocks(written), strict=True) if before != after
    ]
    assert len(differing) == 1, "\n".join(difflib.unified_diff(edited.split("\n"), written.split("\n"), lineterm=""))
    ((_, rewritten),) = differing
    assert polib.pofile('msgid ""\nmsgstr ""\n\n' + rewritten)[0].msgid == changed_paragraphs[changed]
    # The entry the run changed is wrapped as msgcat wraps it at the file's width.
    assert rewritten in _blocks(_msgcat(written, f"--width={width}"))


ODD_FILE = """# A header comment.
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#. kind: paragraph
#, fuzzy
msgctxt "b-1"
msgid "A paragraph whose translation an editor put after a blank line."

msgstr "Its translation, typed by hand on a line of its own far past the width of the file it is in."
#. kind: paragraph
msgctxt "b-2"
msgid "A paragraph whose comment came right after the last entry's translation."
msgstr "Its translation."

#~ msgid "Gone"
#~ msgstr "A reviewed translation of a paragraph that is gone, on one line past the width."
"""


def test_lines_that_are_not_one_entry_alone_are_written_as_gettext_writes_them() -> None:
    """Written back unchanged, a file whose entries are no blocks of their own (a blank line inside one, one
    ending on the next one's comment) loses nothing: those entries are written gettext's way (not wrapped, as
    no string in the file is), the others as they stand."""
    catalog = parse_catalog(ODD_FILE, Path("odd.po"))
    written = serialize_catalog(catalog).decode("utf-8")
    assert catalog_fingerprint(parse_catalog(written, Path("odd.po"))) == catalog_fingerprint(catalog)
    blocks = _blocks(written.removesuffix("\n"))
    assert blocks[0] == _blocks(ODD_FILE)[0]
    assert blocks[1:3] == ["\n".join(entry_lines(entry, catalog.layout)) for entry in catalog[:2]]
    assert blocks[3] == _blocks(ODD_FILE)[-1].rstrip("\n")
    assert "\n\n".join(blocks[1:3]) in _msgcat(ODD_FILE, "--no-wrap")


def test_lines_kept_for_an_entry_that_say_something_else_are_not_written() -> None:
    """Lines held for an entry are written only when, read on their own, they are that entry and no other."""
    catalog = parse_catalog(ODD_FILE, Path("odd.po"))
    entry = catalog[1]
    made = "\n".join(entry_lines(entry, catalog.layout))
    wrong = [
        ('msgctxt "b-2"', 'msgid "Another paragraph."', 'msgstr "Its translation."'),
        ("#. kind: paragraph", 'msgctxt "b-2"', f'msgid "{entry.msgid}"', 'msgstr "Its translation."', 'msgid "x"'),
        (f'msgctxt "b-2"\nmsgid "{entry.msgid}"\nmsgstr "Its translation."',),
    ]
    for lines in wrong:
        catalog.as_read = {entry_content(entry): "\n".join(lines)}
        assert made in _blocks(serialize_catalog(catalog).decode("utf-8"))
    right = "\n".join(
        ["#. kind: paragraph", 'msgctxt "b-2"', f'msgid "{entry.msgid}"', 'msgstr ""', '"Its translation."']
    )
    catalog.as_read = {entry_content(entry): right}
    assert right in _blocks(serialize_catalog(catalog).decode("utf-8"))


@functools.cache
def _wrapped(language: str, width: int) -> str:
    """A catalog of the language as msgcat writes it at `width`: a seed's, or Chinese paragraphs and drafts."""
    if language == "ar":
        return _msgcat((REPO / "translations" / "000_bff552917bc11dca.po").read_text(encoding="utf-8"), f"-w{width}")
    catalog = Catalog()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    paragraphs, _ = _chinese()
    catalog.extend(polib.POEntry(msgid=text, msgstr=f"EN({text}) {text[:9]}") for text in paragraphs)
    return _msgcat(format_catalog(catalog), f"--width={width}")


def _edit_one_line(text: str, edit: str, pick: int) -> str:
    """The file with the edit made on one line of a wrapped string (msgid or msgstr), the `pick`-th."""
    lines = text.split("\n")
    continued = [
        number
        for number in range(1, len(lines) - 1)
        if lines[number].startswith('"') and lines[number + 1].startswith('"') and not lines[number].endswith('\\n"')
    ]
    number = continued[pick % len(continued)]
    edited = [f'"{part}"' for part in _edited(lines[number][1:-1], edit, lines[number + 1][1:-1])]
    lines[number : number + 2 if edit == "join" else number + 1] = edited
    return "\n".join(lines)


HAND_EDITS = {
    "language": st.sampled_from(sorted(LANGUAGES)),
    "width": st.sampled_from([79, 77, 76, 72, 65, 60]),
    "edit": st.sampled_from(EDITS),
    "pick": st.integers(min_value=0, max_value=10_000),
}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(**HAND_EDITS)
def test_one_hand_edit_anywhere_leaves_the_width_msgcat_wrote(language: str, width: int, edit: str, pick: int) -> None:
    """Any line of a wrapped string (msgid or msgstr) shortened, lengthened, joined to the next or broken in
    two: the file is still read as wrapped at msgcat's width (a line shortened or broken early read as the
    width of the whole file before)."""
    assert read_layout(_edit_one_line(_wrapped(language, width), edit, pick))[0].width == width


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(**HAND_EDITS, changed=st.integers(min_value=0, max_value=10_000))
def test_after_one_hand_edit_a_changed_entry_is_the_only_one_written_anew(
    language: str, width: int, edit: str, pick: int, changed: int
) -> None:
    """One entry's translation changed in a file with a hand edit anywhere: that entry's lines alone differ,
    and they are msgcat's at the file's width (the edited entry too, when it is the one changed)."""
    text = _edit_one_line(_wrapped(language, width), edit, pick)
    catalog = parse_catalog(text, Path("edited.po"))
    entries = [entry for entry in catalog if entry.msgid and not entry.obsolete]
    entries[changed % len(entries)].msgstr += " Corrected."
    written = serialize_catalog(catalog).decode("utf-8")
    pairs = zip(_blocks(text.rstrip("\n")), _blocks(written.rstrip("\n")), strict=True)
    differing = [after for before, after in pairs if before != after]
    assert len(differing) == 1
    assert differing[0] in _blocks(_msgcat(written, f"--width={width}").rstrip("\n"))


LINE_EDITS = {
    "octal escape typed": lambda line: line.replace('"', '"\\302\\240', 1),
    "character pasted": lambda line: line.replace('"', '"é', 1),
    "line indented": lambda line: f"    {line.lstrip()}",
    "line flush left": str.lstrip,
}


@pytest.mark.parametrize("hand_edit", sorted(LINE_EDITS))
@pytest.mark.parametrize("options", [(), ("--escape",), ("--indent",), ("--indent", "--escape")])
@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_one_line_a_hand_edited_does_not_change_how_the_file_is_written(
    language: str, options: tuple[str, ...], hand_edit: str
) -> None:
    """An octal escape typed into a string of a file msgcat wrote in UTF-8, a character pasted into one it
    wrote in octal escapes (--escape), a line indented by an editor in one not in columns, or flush left in
    one in columns (--indent): the layout is still the file's (each turned every string of the file over)."""
    text = _msgcat(_wrapped(language, 79), *options)
    lines = text.split("\n")
    number = next(
        number
        for number in range(len(lines) // 2, len(lines))
        if lines[number].lstrip().startswith('"') and lines[number - 1].lstrip().startswith(("msgstr", '"'))
    )
    lines[number] = LINE_EDITS[hand_edit](lines[number])
    assert read_layout("\n".join(lines))[0] == read_layout(text)[0]


NO_WRAP_ENTRY = r"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"X-Article-Title: "
"\330\214\330\214\330\214\n"

#, no-wrap
msgctxt "b-0"
msgid ":\302\240\302\240\302\240\342\200\224 and more words"
msgstr ""
"""


def test_the_lines_of_an_entry_flagged_no_wrap_say_nothing_of_the_width() -> None:
    """A line of a no-wrap entry wider than the file's width is no hand edit: the one break of the file (at
    44 columns or less) holds against it, and the file is written back as it is (it was read as 79)."""
    catalog = parse_catalog(NO_WRAP_ENTRY, Path("no-wrap.po"))
    assert catalog.layout.width < 45
    assert format_catalog(catalog, catalog.layout) == NO_WRAP_ENTRY


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_one_string_broken_by_hand_in_a_file_not_wrapped_leaves_it_not_wrapped(language: str) -> None:
    """msgcat --no-wrap's file, one msgstr broken in two by hand: still not wrapped (it was read as wrapped at
    its widest line's width, and references were filled to it)."""
    text = _msgcat(_wrapped(language, 79), "--no-wrap")
    lines = text.split("\n")
    number, line = max(enumerate(lines), key=lambda pair: len(pair[1]) if pair[1].startswith("msgstr ") else 0)
    cut = line.index(" ", len(line) // 3) + 1  # early: a line as wide as the rest would say they are wrapped
    lines[number : number + 1] = ['msgstr ""', f'"{line[8:cut]}"', f'"{line[cut:-1]}"']
    assert read_layout(text)[0].width is None
    assert read_layout("\n".join(lines))[0].width is None
