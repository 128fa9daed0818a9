"""A catalog as a translator's tool wrote it keeps its layout: the real GNU gettext tools (msgcat at widths from
20 to 200 columns, --no-wrap, --sort-output, --escape, --indent, --strict, msgattrib's fuzzy flags...) and
polib's own writer (a script's `save()`) over the seed catalogs, a Chinese one and shortened ones with few or
no wrapped strings, with CRLF line ends and a byte order mark. A rewrite with nothing to change gives every
file back byte for byte; a rewrite that changes one entry writes it as the tool would, and touches no other
entry's lines."""

from __future__ import annotations

import difflib
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from abuse.abuse_projects import copy_default_project
from click.testing import CliRunner
from zh_projects import chinese_catalog

from toolkit.catalog.poformat import GETTEXT_LAYOUT
from toolkit.catalog.store import parse_catalog, serialize_catalog
from toolkit.catalog.update import update_catalogs
from toolkit.clean.pipeline import clean_stream
from toolkit.cli import cli
from toolkit.config import load_config
from toolkit.errors import CatalogError

REPO = Path(__file__).resolve().parents[2]
SEEDS = {path.stem[:3]: path for path in sorted((REPO / "translations").glob("*.po"))}


def _run(*command: str) -> Callable[[bytes], bytes]:
    def tool(data: bytes) -> bytes:
        return subprocess.run([*command, "-"], input=data, capture_output=True, check=True, timeout=60).stdout

    return tool


def _polib_save(data: bytes) -> bytes:
    """The file as a script that reads it with polib and saves it (polib's own writer, default width) gives it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "saved.po"
        polib.pofile(data.decode("utf-8")).save(str(path))
        return path.read_bytes()


def _crlf(tool: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    return lambda data: tool(data).replace(b"\n", b"\r\n")


def _bom(tool: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    return lambda data: b"\xef\xbb\xbf" + tool(data)


TOOLS: dict[str, Callable[[bytes], bytes]] = {
    **{f"width {width}": _run("msgcat", f"--width={width}") for width in (20, 33, 40, 60, 76, 77, 78, 79, 80, 100)},
    "width 200": _run("msgcat", "--width=200"),
    "no-wrap": _run("msgcat", "--no-wrap"),
    "sort-output": _run("msgcat", "--sort-output"),
    "sort-by-file": _run("msgcat", "--sort-by-file"),
    "no-location": _run("msgcat", "--no-location"),
    "add-location=file": _run("msgcat", "--add-location=file"),
    "indent": _run("msgcat", "--indent"),
    "indent, width 60": _run("msgcat", "--indent", "--width=60"),
    "indent, no-wrap": _run("msgcat", "--indent", "--no-wrap"),
    "indent, escape, width 40": _run("msgcat", "--indent", "--escape", "--width=40"),
    "polib": _polib_save,
    "polib, CRLF": _crlf(_polib_save),
    "strict": _run("msgcat", "--strict"),
    "strict, width 60, indent": _run("msgcat", "--strict", "--width=60", "--indent"),
    "strict, no-location, sort-output": _run("msgcat", "--strict", "--no-location", "--sort-output"),
    "set-fuzzy": _run("msgattrib", "--set-fuzzy"),
    "clear-fuzzy at 60": _run("msgattrib", "--clear-fuzzy", "--width=60"),
    "force-po": _run("msgcat", "--force-po"),
    "escape": _run("msgcat", "--escape"),
    "escape, width 60": _run("msgcat", "--escape", "--width=60"),
    "CRLF": _crlf(_run("msgcat")),
    "CRLF, no-wrap": _crlf(_run("msgcat", "--no-wrap")),
    "BOM": _bom(_run("msgcat")),
    "BOM, CRLF, width 60": _bom(_crlf(_run("msgcat", "--width=60"))),
    "BOM, CRLF, width 100": _bom(_crlf(_run("msgcat", "--width=100"))),
}


def _shortened(text: str, seed: int) -> str:
    """The catalog with its strings cut to 30-110 characters: few or no strings wrapped, some put on a line of
    their own, the file's width told by little."""
    catalog = polib.pofile(text)
    for number, entry in enumerate(entry for entry in catalog if entry.msgid):
        size = 30 + (number * 37 + seed * 11) % 80
        entry.msgid = entry.msgid[:size].strip() or entry.msgid
        entry.msgstr = entry.msgstr[: size + 7].strip()
        entry.previous_msgid = entry.previous_msgid[:size] if entry.previous_msgid else None
    return str(catalog)


def _sources() -> dict[str, bytes]:
    full = {name: path.read_text(encoding="utf-8") for name, path in SEEDS.items()} | {"zh": chinese_catalog()}
    shortened = {f"{name} shortened": _shortened(text, seed) for seed, (name, text) in enumerate(full.items())}
    return {name: _run("msgcat")(text.encode("utf-8")) for name, text in (full | shortened).items()}


SOURCES = _sources()


@pytest.mark.parametrize("tool", TOOLS)
@pytest.mark.parametrize("source", SOURCES)
def test_a_rewrite_with_nothing_to_change_gives_the_file_back(source: str, tool: str) -> None:
    written = TOOLS[tool](SOURCES[source])
    assert serialize_catalog(parse_catalog(written.decode("utf-8"), Path("tool.po"))) == written


def _changed(text: str) -> polib.POFile:
    """The catalog `text` holds, one entry's translation made longer."""
    catalog = parse_catalog(text, Path("tool.po"))
    entry = sorted((entry for entry in catalog if entry.msgid and not entry.obsolete), key=_by_text)[7]
    entry.msgstr = f"{entry.msgstr} And a sentence added, long enough to be wrapped at any width here. " * 2
    return catalog


@pytest.mark.parametrize("tool", TOOLS)
@pytest.mark.parametrize("source", [name for name in SOURCES if "shortened" not in name])
def test_a_rewrite_that_changes_one_entry_writes_it_as_the_tool_would(source: str, tool: str) -> None:
    # Files where every width the tool could have used gives the file back, and only one the changed entry
    # (a shortened file at 120 columns reads as unwrapped): not these.
    as_gettext = serialize_catalog(_changed(SOURCES[source].decode("utf-8")))
    written = TOOLS[tool](SOURCES[source])
    assert serialize_catalog(_changed(written.decode("utf-8"))) == TOOLS[tool](as_gettext)


def _line_ends(*ends: bytes) -> Callable[[bytes], bytes]:
    """The file with its line ends taken in turn from `ends`, line by line: an editor that kept the line ends
    of the lines it did not touch and wrote its own on the others, or a file pasted together."""

    def mixed(data: bytes) -> bytes:
        lines = data.split(b"\n")
        return b"".join(line + ends[number % len(ends)] for number, line in enumerate(lines[:-1])) + lines[-1]

    return mixed


MIXED_LINE_ENDS: dict[str, Callable[[bytes], bytes]] = {
    "LF, CRLF": _line_ends(b"\n", b"\r\n"),
    "CRLF, LF": _line_ends(b"\r\n", b"\n"),
    "CR, CRLF": _line_ends(b"\r", b"\r\n"),
    "CRLF, CR": _line_ends(b"\r\n", b"\r"),
    "CR, LF": _line_ends(b"\r", b"\n"),
    "LF, CR, CRLF, CRLF": _line_ends(b"\n", b"\r", b"\r\n", b"\r\n"),
    "CR, CR, CRLF, LF": _line_ends(b"\r", b"\r", b"\r\n", b"\n"),
}
LAYOUTS = TOOLS | MIXED_LINE_ENDS


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("source", [name for name in SOURCES if "shortened" not in name])
def test_the_first_write_of_a_catalog_is_the_one_the_next_run_reads_and_writes_again(source: str, layout: str) -> None:
    # A catalog of mixed line ends, CR alone among CRLFs, was split at its first kind only: the lines as read
    # that a write keeps held the other kind inside them, the first write turned those into blank lines, and
    # the next run, reading the same meaning, wrote the file again without them.
    first = serialize_catalog(_changed(LAYOUTS[layout](SOURCES[source]).decode("utf-8")))
    assert serialize_catalog(parse_catalog(first.decode("utf-8"), Path("tool.po"))) == first


def _poedit(data: bytes) -> bytes:
    """The file as Poedit 3 saves it: gettext's layout, its own header fields filled and added."""
    header = {
        '"PO-Revision-Date: \\n"': '"PO-Revision-Date: 2024-02-18 13:05+0300\\n"',
        '"Last-Translator: \\n"': '"Last-Translator: Rana Qasem <rana@example.org>\\n"',
        '"Language-Team: \\n"': '"Language-Team: Arabic <ar@example.org>\\n"',
        '"Plural-Forms: ': '"X-Generator: Poedit 3.4.2\\n"\n"X-Poedit-SourceCharset: UTF-8\\n"\n"Plural-Forms: ',
    }
    text = data.decode("utf-8")
    for field, saved in header.items():
        assert field in text
        text = text.replace(field, saved, 1)
    return _run("msgcat")(text.encode("utf-8"))


def _project_catalogs(project: Path) -> dict[str, tuple[bytes, int]]:
    return {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in (project / "translations").iterdir()}


_QUICK_LAYOUTS = ("CR, CRLF", "CRLF, LF", "poedit", "BOM, CR")


@pytest.mark.parametrize(
    "layout",
    [
        *_QUICK_LAYOUTS,
        *(
            pytest.param(name, marks=pytest.mark.slow)
            for name in (
                "width 20",
                "width 40",
                "width 60",
                "width 77",
                "width 100",
                "width 200",
                "no-wrap",
                "sort-output",
                "CR",
                "BOM",
                "BOM, CRLF, width 60",
                "poedit, no-wrap",
                *(name for name in MIXED_LINE_ENDS if name not in _QUICK_LAYOUTS),
            )
        ),
    ],
)
def test_publish_leaves_a_catalog_it_has_nothing_to_change_and_settles_at_its_first_write(
    tmp_path: Path, layout: str
) -> None:
    # Every seed catalog saved in the layout: a publish with nothing to change writes none of them, and after a
    # paragraph of each article changed, the first publish writes each once and the next writes nothing: same
    # bytes, same modification time.
    make = {
        **LAYOUTS,
        "poedit": _poedit,
        "poedit, no-wrap": lambda data: _run("msgcat", "--no-wrap")(_poedit(data)),
        "CR": lambda data: _run("msgcat")(data).replace(b"\n", b"\r"),
        "BOM, CR": lambda data: b"\xef\xbb\xbf" + _run("msgcat")(data).replace(b"\n", b"\r"),
    }[layout]
    project = copy_default_project(tmp_path / "project")
    for path in (project / "translations").iterdir():
        path.write_bytes(make(path.read_bytes()))
    runner = CliRunner()

    def publish() -> dict[str, tuple[bytes, int]]:
        result = runner.invoke(cli, ["-C", str(project), "-q", "publish"], env={"ARGOS_PACKAGES_DIR": str(tmp_path)})
        assert result.exit_code == 0, result.output
        return _project_catalogs(project)

    saved = _project_catalogs(project)
    assert publish() == saved
    for source in (project / "source").iterdir():
        paragraphs = source.read_text(encoding="utf-8").split("\n\n")
        paragraphs[3] = paragraphs[3].rstrip("\n") + " وأضاف المتحدث أن الاجتماع سيعقد الأسبوع المقبل."
        source.write_text("\n\n".join(paragraphs), encoding="utf-8")
    first = publish()
    assert all(first[name] != saved[name] for name in saved)  # each article's catalog took its changed paragraph
    assert publish() == first


def _by_text(entry: polib.POEntry) -> tuple[str, str]:
    return entry.msgctxt or "", entry.msgid


def _entry_names(lines: list[str]) -> list[str]:
    """Each line's entry, named by its msgctxt (an entry's comments come before it; msgcat --indent puts
    spaces between keyword and string)."""
    names, current = [], None
    for line in lines:
        current = line.split(None, 1)[1] if line.startswith("msgctxt ") else current
        names.append(current)
    following, upcoming = [], None
    for line in reversed(lines):
        separator = line in ("", "#")  # msgcat --strict separates entries by a `#` line
        upcoming = line.split(None, 1)[1] if line.startswith("msgctxt ") else (None if separator else upcoming)
        following.append(upcoming)
    return [after or before for before, after in zip(names, reversed(following), strict=True)]


@pytest.mark.parametrize(
    "tool",
    [
        "width 79",
        "width 33",
        "width 77",
        "width 100",
        "no-wrap",
        "sort-output",
        "indent",
        "indent, width 60",
        "strict",
        "polib",
        "set-fuzzy",
        "escape",
        "BOM, CRLF, width 60",
    ],
)
def test_a_publish_after_one_paragraph_changed_touches_only_that_entry(tmp_path: Path, tool: str) -> None:
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    (project / "translations").mkdir()
    shutil.copy(REPO / "toolkit.toml", project)
    name = "000_bff552917bc11dca"
    shutil.copy(REPO / "source" / f"{name}.txt", project / "source")
    path = project / "translations" / f"{name}.po"
    path.write_bytes(TOOLS[tool](SEEDS["000"].read_bytes()))
    written = path.read_bytes()
    config = load_config(project)

    def merge() -> None:
        result = update_catalogs(config, clean_stream(config).articles, lambda: None, lambda total: None)
        assert result.errors == [] and result.drafted == 0

    merge()
    assert path.read_bytes() == written
    source = project / "source" / f"{name}.txt"
    text = source.read_text(encoding="utf-8")
    assert "الهواجس الأساسية لروسيا" in text
    source.write_text(text.replace("الهواجس الأساسية لروسيا", "المخاوف الأساسية لروسيا", 1), encoding="utf-8")
    merge()

    before = written.decode("utf-8-sig").splitlines()
    after = path.read_bytes().decode("utf-8-sig").splitlines()
    old_names, new_names = _entry_names(before), _entry_names(after)
    touched = set()
    for tag, old_start, old_end, new_start, new_end in difflib.SequenceMatcher(None, before, after).get_opcodes():
        if tag != "equal":
            touched |= set(old_names[old_start:old_end]) | set(new_names[new_start:new_end])
    assert touched == {'"b-924c67e7"'}
    # A reviewed entry gets its old source as #| lines; one msgattrib marked fuzzy gets none, as msgmerge gives it.
    previous_written = any(line.startswith("#| msgid") for line in set(after) - set(before))
    assert previous_written == (tool != "set-fuzzy")
    changed = next(entry for entry in parse_catalog("\n".join(after), path) if entry.msgctxt == "b-924c67e7")
    assert changed.fuzzy and "المخاوف" in changed.msgid
    # And the whole file is what the tool writes of its catalog, line ends and byte order mark included (given
    # in gettext's own layout: msgcat reads the `# File:` lines of a --strict file as translator comments).
    rewritten = path.read_bytes()
    catalog = parse_catalog(rewritten.decode("utf-8"), path)
    catalog.layout = GETTEXT_LAYOUT
    assert TOOLS[tool](serialize_catalog(catalog)) == rewritten


@pytest.mark.parametrize("options", [["--no-wrap"], ["--no-wrap", "--escape"], ["--no-wrap", "--indent"]])
def test_an_unwrapped_file_whose_references_take_a_line_each_reads_as_unwrapped(options: list[str]) -> None:
    """gettext fills references to 79 columns in a file whose strings it does not wrap: two long ones take a
    line each, which says the page is narrower than both together; a string line wider than that still says
    the strings are not wrapped (it was read as wrapped at 79 and the title's line broken)."""
    folder = "source/" + "long-" * 12
    text = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"X-Article-Title: {" ".join(["a title of many words,"] * 8)}\\n"\n\n'
        f'#: {folder}0.txt:1 {folder}1.txt:2\nmsgctxt "b-0"\nmsgid "short"\nmsgstr "court"\n'
    )
    written = _run("msgcat", *options)(text.encode("utf-8"))
    assert written.count(b"\n#: ") == 2
    assert serialize_catalog(parse_catalog(written.decode("utf-8"), Path("tool.po"))) == written


@pytest.mark.parametrize(
    ("option", "named"), [("--properties-output", "Java .properties"), ("--stringtable-output", ".strings file")]
)
def test_a_catalog_msgcat_wrote_in_another_format_is_named_as_that_format(option: str, named: str) -> None:
    """msgcat writes a catalog as a Java .properties or a NeXTstep .strings file on request: saved as a .po
    file, it is named for what it is and how to get the PO back, on one line, not a syntax error at line 1."""
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#: source/a.txt:3\nmsgid "مرحبا بالعالم"\nmsgstr "Hello world"\n\nmsgid "مرة"\nmsgstr "Once"\n'
    )
    written = _run("msgcat", option)(text.encode("utf-8"))
    with pytest.raises(CatalogError) as raised:
        parse_catalog(written.decode("utf-8"), Path("translations/a.po"))
    assert named in str(raised.value) and "not a PO file" in str(raised.value)
    assert "\n" not in str(raised.value) and raised.value.line is not None
    # A PO file that goes wrong further down is a PO file with a fault.
    broken = text.encode("utf-8") + b"\nkey=value\n"
    with pytest.raises(CatalogError, match="not a valid PO file"):
        parse_catalog(broken.decode("utf-8"), Path("translations/a.po"))


@pytest.mark.parametrize("options", [["--previous"], ["--previous", "--width=60"], ["--previous", "--no-wrap"]])
@pytest.mark.parametrize("seed", SEEDS)
def test_a_catalog_msgmerge_brought_up_to_date_is_given_back(tmp_path: Path, seed: str, options: list[str]) -> None:
    """msgmerge (what a project on gettext's own tools runs against a new template) writes fuzzy entries with
    their previous source: a rewrite with nothing to change gives its file back."""
    template = tmp_path / "article.pot"  # the article's text with a word changed in its paragraphs
    template.write_bytes(SEEDS[seed].read_bytes().replace("الضمانات".encode(), "التطمينات".encode()))
    merged = tmp_path / "merged.po"
    subprocess.run(["msgmerge", "-q", *options, str(SEEDS[seed]), str(template), "-o", str(merged)], check=True)
    written = merged.read_bytes()
    assert b"\n#| msgid" in written
    assert serialize_catalog(parse_catalog(written.decode("utf-8"), merged)) == written
