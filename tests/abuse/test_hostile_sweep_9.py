"""Cases from the ninth hostile sweep (issue 10), a run kept outside the repository (/tmp/t10b/cases9.py) with
cases of the issue's classes that the earlier sweeps did not try: the file system as `nobody` and on a small
tmpfs, project files of every kind (dangling links, FIFOs, sockets, empty, binary, huge), catalogs as other
tools save them, damaged model packages, request fuzz against `toolkit serve` and text that reaches readers.
Each test failed before its fix."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from abuse_projects import copy_project, published_default_project, run_toolkit, tree_hashes

from toolkit.catalog.store import read_catalog
from toolkit.errors import CatalogError

FIRST = "000_bff552917bc11dca"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return published_default_project(tmp_path_factory.mktemp("published"))


@pytest.mark.parametrize("name", ["toolkit.toml", "source", "translations", ".toolkit"])
def test_a_project_file_that_is_a_dangling_link_is_named_and_nothing_is_written(
    published: Path, tmp_path: Path, name: str
) -> None:
    # toolkit.toml behind a link to an unmounted drive was "missing, so the default settings are used": publish
    # rewrote the site with the title 'Bilingual news', exit 0. A source/ or .toolkit/ link was "no source/
    # folder" or "something of another kind" at the lock: what is wrong is the link's target.
    project = copy_project(published, tmp_path / "p")
    (project / name).rename(tmp_path / "moved")
    (project / name).symlink_to(tmp_path / "unmounted" / name)
    site, catalogs = tree_hashes(project / "site"), tree_hashes(project / "translations")
    for command in ("publish", "build", "status"):
        result = run_toolkit(project, "-q", command)
        if name == "source" and command != "publish":
            continue  # build and status do not read the sources
        assert result.returncode in (1, 2), (command, result.stderr)
        assert f"{project / name}: is a link to {tmp_path / 'unmounted' / name}, which does not exist" in result.stderr
        assert "Traceback" not in result.stderr and "default settings" not in result.stderr
    assert tree_hashes(project / "site") == site
    if name != "translations":
        assert tree_hashes(project / "translations") == catalogs


def test_a_catalog_that_is_a_dangling_link_is_named_as_one(published: Path, tmp_path: Path) -> None:
    project = copy_project(published, tmp_path / "p")
    catalog = project / "translations" / f"{FIRST}.po"
    catalog.unlink()
    catalog.symlink_to(tmp_path / "gone.po")
    result = run_toolkit(project, "-q", "build")
    assert result.returncode == 1
    assert f"{catalog}: cannot read: it is a link to {tmp_path / 'gone.po'}, which does not exist" in result.stderr
    assert (project / "site" / "articles" / f"{FIRST}.html").is_file()


@pytest.mark.parametrize("character", ["\u2028", "\u2029", "\x85", "\x1e"])
@pytest.mark.parametrize("place", ["msgstr", "translator comment"])
def test_a_line_separator_in_a_catalog_is_named_as_such_on_its_own_line(
    tmp_path: Path, character: str, place: str
) -> None:
    # msgfmt reads U+2028 (pasted from a word processor or a web page) as a character of its line. The
    # syntax check split lines where str.splitlines does: in a msgstr it said "badly quoted string
    # (unclosed quote or unknown escape)", in a translator's comment polib's "Syntax error in po file (line
    # 29)" without the file's line, and every line number after it was off by one.
    seed = Path(__file__).parents[2] / "translations" / f"{FIRST}.po"
    text = seed.read_text(encoding="utf-8")
    if place == "msgstr":
        marked = "the West ignored our security concerns"
        text = text.replace(marked, marked.replace(" ", character, 1), 1)
    else:
        marked = '# "مخاوفنا" (our fears)'
        text = text.replace(marked, marked.replace(" ", character, 2), 1)
    line = next(number for number, row in enumerate(text.split("\n"), start=1) if character in row)
    path = tmp_path / "article.po"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        read_catalog(path)
    assert raised.value.line == line
    where = "inside a string" if place == "msgstr" else "inside a comment"
    assert f"line separator character (U+0085, U+2028, U+2029 or a control character) {where}" in raised.value.message
    assert subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True).returncode == 0


def test_translate_leaves_a_catalog_behind_a_dangling_link_alone(published: Path, tmp_path: Path) -> None:
    # A catalog linked to a drive not mounted was "no catalog yet": translate wrote a fresh one of 10
    # untranslated entries over the link ("was a link ...; now a file of its own with its content"), exit 3,
    # and the next build published the article without its reviewed translations.
    project = copy_project(published, tmp_path / "p")
    catalog = project / "translations" / f"{FIRST}.po"
    catalog.unlink()
    catalog.symlink_to(tmp_path / "unmounted" / catalog.name)
    result = run_toolkit(project, "-q", "translate")
    assert result.returncode == 1, result.stderr
    target = tmp_path / "unmounted" / catalog.name
    assert f"{catalog}: cannot read: it is a link to {target}, which does not exist" in result.stderr
    assert catalog.is_symlink()


def test_a_glossary_behind_a_dangling_link_is_named_not_left_out(published: Path, tmp_path: Path) -> None:
    # glossary.csv linked to a shared drive not mounted was no glossary at all: check passed, exit 0.
    project = copy_project(published, tmp_path / "p")
    (project / "glossary.csv").symlink_to(tmp_path / "unmounted.csv")
    result = run_toolkit(project, "-q", "check")
    assert result.returncode == 2, result.stderr
    assert f"{project / 'glossary.csv'}: glossary: cannot read: it is a link to" in result.stderr


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_large_glossary_reads_each_paragraph_once_not_once_a_term(
    monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    # A term base exported to glossary.csv (8,000 rows) took 63 s to check the five seed articles, 50,000
    # rows minutes with no output (taken for a hang): each paragraph was normalized and stemmed again for
    # every term. Counted, not timed: the paragraph's words are stemmed once whatever the glossary's size.
    from toolkit.catalog import glossary as module

    stemmed, normalized = [], []
    monkeypatch.setattr(module, "arabic_stems", lambda word: stemmed.append(word) or {word})
    real_normalize = module.normalize_arabic
    monkeypatch.setattr(module, "normalize_arabic", lambda text: normalized.append(text) or real_normalize(text))
    words = [f"كلمة{index}" if language == "ar" else f"word{index}" for index in range(50)]
    paragraph = " ".join(words)
    rows = "".join(f"{word}x{index},t{index},\n" for index, word in enumerate(words * 8))
    glossary = module.parse_glossary("source,target,note\n" + rows + f"{words[7]},found,\n", Path("glossary.csv"))
    assert [term.target for term in module.terms_in(glossary, paragraph, language)] == ["found"]
    assert len(stemmed) <= len(words)
    assert normalized.count(paragraph) <= 1


@pytest.mark.parametrize(
    "text",
    ["[" * 50_000, "[x](" * 4_000, "[[x]" * 4_000, "<b>" * 30_000 + "x"]
    + [" ".join([unit] * 40_000) for unit in ("&amp;", "&#x627;", "*a*", "`x`", "a\\*", "__a__")],
    ids=["[", "[x](", "[[x]", "<b>", "named entities", "numeric entities", "emphasis", "code", "escapes", "strong"],
)
def test_a_msgstr_dense_with_markup_is_shown_as_text_not_parsed_for_minutes(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    # Python-Markdown looks for a link's end from every "[" and reads nested tags again at each level: a
    # translator's msgstr of 50,000 "[" held `toolkit build` past the sweep's 120 s (quadratic: 4,000 "[x]("
    # took 10 s, "<b>" x 30,000 another 10). No paragraph has a thousand links or tags; this one is its text.
    # It copies the rest of the text at every inline match of any kind, too: 40,000 "&amp;" took 5 s of CPU,
    # 100,000 (a 500 kB msgstr) 56 s, and emphasis, code spans and escapes grow the same way.
    from toolkit.site import render

    def refused(_text: str) -> str:
        raise AssertionError("Markdown was given the text")

    monkeypatch.setattr(render._inline_markdown(), "convert", refused)
    shown = render.rich_text(text, "en")
    assert shown.unescape() == text and "<b>" not in shown
    assert render.reader_text(text) == text


def test_a_msgstr_with_links_and_tags_below_the_limit_is_still_markdown() -> None:
    from toolkit.site.render import MARKUP_LIMIT, rich_text

    links = "[Kremlin](https://kremlin.ru) <b>said</b> " * (MARKUP_LIMIT // 3)
    assert links.count("[") + links.count("<") <= MARKUP_LIMIT
    assert rich_text(links, "en").count('<a href="https://kremlin.ru"') == MARKUP_LIMIT // 3


def test_a_catalog_named_in_nfd_beside_its_nfc_source_is_told_apart_in_the_warnings(
    published: Path, tmp_path: Path
) -> None:
    # A translations/ folder copied through macOS has its names in NFD; the source's stays NFC. translate
    # carries the translations over to a catalog of the NFC name, and both warnings said "delete café.po" of
    # two names that print alike: nothing told the user which file, or why there were two.
    import unicodedata

    project = copy_project(published, tmp_path / "p")
    nfc, nfd = (unicodedata.normalize(form, "café") for form in ("NFC", "NFD"))
    (project / "source" / "002_697928dbe68ab915.txt").rename(project / "source" / f"{nfc}.txt")
    (project / "translations" / "002_697928dbe68ab915.po").rename(project / "translations" / f"{nfd}.po")
    told = "its name is the same one with its accents encoded as Unicode NFD"
    for command in ("translate", "build"):
        result = run_toolkit(project, "-q", command)
        assert result.returncode in (0, 3), result.stderr
        warning = next(line for line in result.stderr.splitlines() if f"{nfd}.po: no file in source/" in line)
        assert told in warning, warning
    assert (project / "site" / "articles" / f"{nfc}.html").is_file()
