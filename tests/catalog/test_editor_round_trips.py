"""Catalogs as translators' tools leave them, through the toolkit. Two seed catalogs, dressed as a team leaves
them (a translator comment, a flag, a fuzzy entry with its previous source, a machine draft, an obsolete entry
with its own, a plural entry, a tab), pass through a real GNU gettext tool (msguniq, msgconv, msgattrib,
msgmerge --previous against a changed template) or a polib save as scripts around Weblate and Poedit write
them (their header fields, widths, the fuzzy flag last, CRLF, a byte order mark); then the toolkit merges
them with the articles. With nothing to change, each comes back byte for byte; with a paragraph and the title
changed, no other entry changes in meaning as gettext reads it (translations, escapes, comments, flags), each
entry the toolkit writes is laid out as the tool lays out the file (msgcat with its options, polib at its
width), an entry whose source changed has the previous source (`#|`) msgmerge --previous gives it, and the next
run writes nothing."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from catalog_fakes import FakeTranslator, NullProgress

from toolkit.catalog.entries import draft_hash
from toolkit.catalog.update import update_catalogs
from toolkit.clean.pipeline import clean_stream
from toolkit.config import load_config

REPO = Path(__file__).resolve().parents[2]
ARTICLES = ("000_bff552917bc11dca", "004_2044ffbcf3d48fbd")
Tool = Callable[[bytes, Path], bytes]


def _run(*command: str) -> Tool:
    return lambda data, _: subprocess.run([*command, "-"], input=data, capture_output=True, check=True).stdout


def _msgmerge(*options: str) -> Tool:
    """msgmerge against the catalog's own template with one paragraph's source changed by a word."""

    def merged(data: bytes, folder: Path) -> bytes:
        template = polib.pofile(data.decode("utf-8"))
        for entry in template:
            entry.msgstr, entry.flags, entry.tcomment = "", [], ""
            entry.previous_msgctxt = entry.previous_msgid = None
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
        changed = [entry for entry in template if entry.msgid and not entry.obsolete][2]
        changed.msgid = changed.msgid.replace(" ", " جدا ", 1)
        (folder / "def.po").write_bytes(data)
        template.save(str(folder / "ref.pot"))
        command = ["msgmerge", "-q", *options, str(folder / "def.po"), str(folder / "ref.pot"), "-o", "-"]
        return subprocess.run(command, capture_output=True, check=True).stdout

    return merged


def _polib(width: int, header: dict[str, str], fuzzy_last: bool = False, newline: bytes = b"\n") -> Tool:
    def saved(data: bytes, folder: Path) -> bytes:
        catalog = polib.pofile(data.decode("utf-8"), wrapwidth=width)
        catalog.metadata.update(header)
        for entry in catalog:
            if fuzzy_last and "fuzzy" in entry.flags:
                entry.flags = [flag for flag in entry.flags if flag != "fuzzy"] + ["fuzzy"]
        catalog.save(str(folder / "saved.po"))
        return (folder / "saved.po").read_bytes().replace(b"\n", newline)

    return saved


def _typed_escapes(data: bytes, _: Path) -> bytes:
    """Every paragraph's translation opened with escapes a translator types and gettext reads: octal and hex."""
    typed = r"Tab\there, a back\\slash, \"quoted\", CR\r, octal \101\102, hex \x43; "
    parts = data.decode("utf-8").split("#. kind: paragraph")
    for number, part in enumerate(parts[1:], start=1):
        marker = 'msgstr "' if 'msgstr "' in part else 'msgstr[0] "'
        start = part.index(marker) + len(marker)
        parts[number] = part[:start] + typed + part[start:]
    return "#. kind: paragraph".join(parts).encode("utf-8")


def _no_wrap_flags(data: bytes, _: Path) -> bytes:
    catalog = polib.pofile(data.decode("utf-8"))
    for entry in catalog:
        if entry.msgid:
            entry.flags.append("no-wrap")
    return str(catalog).encode("utf-8")


WEBLATE = {
    "PO-Revision-Date": "2025-03-02 10:11+0000",
    "Last-Translator": "Rana Qasem <rana@example.org>",
    "Language-Team": "English <https://hosted.weblate.org/projects/press/articles/en/>",
    "X-Generator": "Weblate 5.4",
    "Plural-Forms": "nplurals=2; plural=n != 1;",  # Weblate's spelling of English's rule
}
POEDIT = {"PO-Revision-Date": "2025-03-02 13:05+0300", "X-Generator": "Poedit 3.5", "X-Poedit-SourceCharset": "UTF-8"}
# Each tool, and how the file it wrote is laid out: msgcat's options, or ("polib", its width).
TOOLS: dict[str, tuple[Tool, list]] = {
    "msguniq, width 50": (_run("msguniq", "--width=50"), ["--width=50"]),
    "msgconv": (_run("msgconv", "--to-code=UTF-8"), []),
    "msgattrib --clear-fuzzy": (_run("msgattrib", "--clear-fuzzy"), []),
    "msgattrib --set-fuzzy, width 63": (_run("msgattrib", "--set-fuzzy", "--width=63"), ["--width=63"]),
    "msgmerge --previous, width 60": (_msgmerge("--previous", "--width=60"), ["--width=60"]),
    "msgmerge --previous --no-wrap": (_msgmerge("--previous", "--no-wrap"), ["--no-wrap"]),
    "typed escapes": (
        lambda data, folder: _run("msgcat", "--width=45")(_typed_escapes(data, folder), folder),
        ["--width=45"],
    ),
    "no-wrap flags": (lambda data, folder: _run("msgcat")(_no_wrap_flags(data, folder), folder), []),
    "polib at 60, Weblate's header": (_polib(60, WEBLATE), ["polib", 60]),
    "polib, Poedit's header, fuzzy last, CRLF": (_polib(78, POEDIT, fuzzy_last=True, newline=b"\r\n"), ["polib", 78]),
}


def _dressed(path: Path) -> None:
    catalog = polib.pofile(str(path))
    entries = [entry for entry in catalog if entry.msgid and not entry.obsolete]
    entries[1].tcomment = 'checked against the "agency" wire\twith a tab'
    entries[2].flags = ["python-format"]
    entries[2].msgstr = entries[2].msgstr.replace(" ", "\t", 1)
    entries[3].flags = ["fuzzy", "python-format"]
    entries[3].previous_msgctxt, entries[3].previous_msgid = entries[3].msgctxt, entries[3].msgid[:-5]
    entries[4].flags = ["fuzzy"]
    entries[4].comment += f"\nmachine: fake-engine 1.0 (tests)\ndraft-sha1: {draft_hash(entries[4].msgstr)}"
    entries[5].msgid_plural = f"{entries[5].msgid} (%d)"
    entries[5].msgstr_plural = {0: entries[5].msgstr, 1: f"{entries[5].msgstr} (%d)"}
    entries[5].msgstr = ""
    catalog.append(
        polib.POEntry(
            msgctxt="b-00000000",
            msgid="نص قديم حذف",
            msgstr="Old text \\ removed",
            obsolete=True,
            previous_msgctxt="b-00000000",
            previous_msgid="نص أقدم",
        )
    )
    catalog.save(str(path))
    path.write_bytes(_run("msgcat")(path.read_bytes(), path.parent))


def _meaning(data: bytes) -> dict:
    """What a catalog says to gettext: each entry's strings, translator comment, flags and previous source."""
    plain = data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")
    read = subprocess.run(["msgcat", "--no-wrap", "-"], input=plain, capture_output=True, check=True).stdout
    return {
        (entry.msgctxt, entry.msgid, entry.obsolete): (
            entry.msgstr,
            entry.msgstr_plural,
            entry.tcomment,
            sorted(entry.flags),
            (entry.previous_msgctxt, entry.previous_msgid),
        )
        for entry in polib.pofile(read.decode("utf-8"))
    }


def _laid_out(data: bytes, layout: list, folder: Path) -> set[bytes]:
    """The entries (blocks between blank lines) of the file as the tool that wrote it lays it out."""
    plain = data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")
    tool = _polib(layout[1], {}) if layout[:1] == ["polib"] else _run("msgcat", *layout)
    return set(tool(plain, folder).split(b"\n\n"))


def _msgmerge_previous(before: bytes, after: bytes, folder: Path) -> dict:
    """The previous source (`#|`) msgmerge --previous gives each entry of `after` from `before`, by key."""
    plain = [data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n") for data in (before, after)]
    template = polib.pofile(plain[1].decode("utf-8"))
    for entry in template:
        entry.msgstr, entry.flags, entry.tcomment, entry.comment = "", [], "", ""
        entry.previous_msgctxt = entry.previous_msgid = None
        entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
    (folder / "before.po").write_bytes(plain[0])
    template.save(str(folder / "after.pot"))
    command = ["msgmerge", "-q", "--previous", str(folder / "before.po"), str(folder / "after.pot"), "-o", "-"]
    merged = subprocess.run(command, capture_output=True, check=True).stdout.decode("utf-8")
    return {
        (entry.msgctxt, entry.msgid, entry.obsolete): (entry.previous_msgctxt, entry.previous_msgid)
        for entry in polib.pofile(merged)
    }


def _catalogs(project: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((project / "translations").glob("*.po"))}


@pytest.mark.slow
@pytest.mark.parametrize("tool", TOOLS)
def test_a_catalog_a_tool_wrote_keeps_its_meaning_and_layout_through_the_toolkit(tmp_path: Path, tool: str):
    make, layout = TOOLS[tool]
    project = tmp_path / "project"
    (project / "translations").mkdir(parents=True)
    (project / "source").mkdir()
    shutil.copy(REPO / "toolkit.toml", project)
    for name in ARTICLES:
        shutil.copy(REPO / "source" / f"{name}.txt", project / "source")
        path = project / "translations" / f"{name}.po"
        shutil.copy(REPO / "translations" / f"{name}.po", path)
        _dressed(path)
        path.write_bytes(make(path.read_bytes(), tmp_path))
    config = load_config(project)

    def merge() -> dict[str, bytes]:
        result = update_catalogs(config, clean_stream(config).articles, FakeTranslator, NullProgress)
        assert result.errors == []
        return _catalogs(project)

    given = _catalogs(project)
    if "msgmerge" not in tool:  # msgmerge changed a source text: the toolkit puts the article's back
        assert merge() == given, "a catalog with nothing to change was rewritten"
    before = merge()
    for source in (project / "source").iterdir():
        paragraphs = source.read_text(encoding="utf-8").split("\n\n")
        paragraphs[0] += ' "عاجل" وتفاصيل إضافية'
        paragraphs[3] = paragraphs[3].rstrip("\n") + " وأضاف المتحدث أن الاجتماع سيعقد الأسبوع المقبل."
        source.write_text("\n\n".join(paragraphs), encoding="utf-8")
    after = merge()

    for name, data in after.items():
        assert data != before[name]
        old, new = _meaning(before[name]), _meaning(data)
        kept = [key for key in old if key in new]
        assert len(kept) >= len(old) - 2  # the title's and the paragraph's entries changed source
        for key in kept:
            assert new[key] == old[key], key
        translations = {value[0] for value in new.values()}
        for key in set(old) - set(kept):
            assert old[key][0] in translations or old[key][0].startswith("EN("), f"{key} lost its translation"
        changed_source = [key for key in new if key not in old and not new[key][0].startswith("EN(")]
        previous = _msgmerge_previous(before[name], data, tmp_path)
        for key in changed_source:
            assert new[key][4] == previous[key], f"{key}: not the previous source msgmerge --previous gives"
        written = set(data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").split(b"\n\n"))
        unchanged = set(before[name].removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").split(b"\n\n"))
        assert written - unchanged <= _laid_out(data, layout, tmp_path), "an entry written otherwise than the tool"
    assert merge() == after, "the next run rewrote a catalog"
