"""`toolkit align` end to end: a seed article and its English edition as text and as a saved page."""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from toolkit.catalog.entries import confidence_of
from toolkit.catalog.store import read_catalog, serialize_catalog
from toolkit.cli import cli
from toolkit.site.pages import entry_state
from toolkit.store.lock import project_lock

REPO = Path(__file__).resolve().parents[2]
ARTICLE = "001_7e7eb9076ff80330"


@pytest.fixture
def project(tmp_path: Path, argos_packages_dir: Path) -> Path:
    """The seed project without its translations: the reviewed English is the edition to align."""
    folder = tmp_path / "project"
    folder.mkdir()
    shutil.copy(REPO / "toolkit.toml", folder)
    shutil.copytree(REPO / "source", folder / "source")
    return folder


def _reference() -> list[polib.POEntry]:
    return [
        entry for entry in read_catalog(REPO / "translations" / f"{ARTICLE}.po") if entry.msgid and not entry.obsolete
    ]


def _align(project: Path, *arguments: str):
    return CliRunner().invoke(cli, ["-C", str(project), "align", *arguments])


def _entries(project: Path) -> dict[str, polib.POEntry]:
    catalog = read_catalog(project / "translations" / f"{ARTICLE}.po")
    return {entry.msgid: entry for entry in catalog if entry.msgid and not entry.obsolete}


def test_an_english_edition_fills_the_catalog_as_drafts_to_review(project: Path) -> None:
    reference = _reference()
    english = [entry.msgstr for entry in reference]
    # The edition joins two paragraphs into one and adds an editor's line of its own at the end.
    note = "Read more: our coverage of the summit in Geneva last week."
    edition = [english[0], *english[1:3], f"{english[3]} {english[4]}", *english[5:], note]
    (project / "edition.txt").write_text("\n\n".join(edition) + "\n", encoding="utf-8")

    result = _align(project, ARTICLE, str(project / "edition.txt"))
    assert result.exit_code == 0, result.output
    assert f"blocks aligned               {len(english)} of {len(english)}" in result.output
    assert (
        "paragraphs unused            1" in result.output
        and f"unused paragraph {len(edition)}: {note}" in result.output
    )
    entries = _entries(project)
    for entry in reference:
        aligned = entries[entry.msgid]
        assert aligned.msgstr == entry.msgstr
        assert aligned.fuzzy and "aligned: edition.txt score " in aligned.comment
        assert entry_state(aligned) == "needs-review"  # the site labels it "Needs review", not a machine draft


def test_a_reviewed_entry_survives_and_reviewed_alignment_has_no_fuzzy_flag(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project.parent)
    english = [entry.msgstr for entry in _reference()]
    (project / "edition.txt").write_text("\n\n".join(english) + "\n", encoding="utf-8")
    assert _align(project, f"source/{ARTICLE}.txt", str(project / "edition.txt")).exit_code == 0  # project-relative
    path = project / "translations" / f"{ARTICLE}.po"
    catalog = read_catalog(path)
    mine = next(entry for entry in catalog if entry.msgctxt != "title")
    mine.msgstr = "My own reviewed wording."
    mine.flags.remove("fuzzy")
    path.write_bytes(serialize_catalog(catalog))

    result = _align(project, ARTICLE, str(project / "edition.txt"), "--reviewed")
    assert result.exit_code == 0, result.output
    assert "kept: a translator's work  1" in result.output
    entries = [entry for entry in read_catalog(path) if entry.msgid and not entry.obsolete]
    assert any(entry.msgstr == "My own reviewed wording." for entry in entries)
    assert all(not entry.fuzzy for entry in entries)


def test_an_edition_in_reverse_order_is_written_marked_low_confidence_even_as_reviewed(project: Path) -> None:
    english = [entry.msgstr for entry in _reference()]
    (project / "edition.txt").write_text("\n\n".join(english[::-1]) + "\n", encoding="utf-8")
    result = _align(project, ARTICLE, str(project / "edition.txt"), "--reviewed")
    assert result.exit_code == 0, result.output
    assert "sentence pairs trusted" in result.output
    assert "warning: most sentence pairs are not trusted" in result.output
    written = [entry for entry in _entries(project).values() if entry.msgstr]
    confidences = [confidence_of(entry) for entry in written]
    assert written and all(confidence is not None for confidence in confidences)
    untrusted = [entry for entry, confidence in zip(written, confidences, strict=True) if confidence < 0.5]
    assert len(untrusted) > len(written) / 2
    assert all(entry.fuzzy and entry_state(entry) == "needs-review" for entry in untrusted)  # not taken as reviewed
    assert sum(f"untrusted: {entry.msgctxt} trust " in result.output for entry in untrusted) == len(untrusted)
    listed = CliRunner().invoke(cli, ["-C", str(project), "status", "--by-confidence"]).stdout
    listed = listed.split("machine drafts and alignments, lowest confidence first:\n")[1].splitlines()
    assert len(listed) == len(written) and all(f"[{entry.msgctxt}] 0." in "".join(listed) for entry in untrusted)

    (project / "edition.txt").write_text("\n\n".join(english) + "\n", encoding="utf-8")
    result = _align(project, ARTICLE, str(project / "edition.txt"))
    assert f"sentence pairs trusted       {len(english)} of {len(english)}" in result.output, result.output
    assert "untrusted:" not in result.output and "warning:" not in result.output
    assert all(confidence_of(entry) >= 0.5 for entry in _entries(project).values())


def _page(title: str, paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
    menu = "".join(f'<li><a href="/{name.lower()}">{name}</a></li>' for name in ["World", "Business", "Sport", "Tech"])
    related = "".join(f'<li><a href="/story/{n}">Related story number {n} about markets</a></li>' for n in range(5))
    head = f'<meta charset="utf-8"><title>{html.escape(title)} | The Daily</title>'
    return f"""<!DOCTYPE html><html lang="en"><head>{head}
<meta property="og:title" content="{html.escape(title)}"></head><body>
<header><a href="/">The Daily</a><nav><ul>{menu}</ul></nav><a href="/subscribe">Subscribe now</a></header>
<main><article><h1>{html.escape(title)}</h1><time datetime="2022-01-20">20 January 2022</time>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
{body}
</article><aside><h2>Related articles</h2><ul>{related}</ul></aside></main>
<footer><p>© 2022 The Daily. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer></body></html>"""


def test_a_saved_english_page_loses_its_chrome_before_alignment(project: Path) -> None:
    reference = _reference()
    english = [entry.msgstr for entry in reference]
    (project / "edition.html").write_text(_page(english[0], english[1:]), encoding="utf-8")
    result = _align(project, ARTICLE, str(project / "edition.html"), "--explain")
    assert result.exit_code == 0, result.output
    assert "evidence: prior: 1-1 link (+0.1); length: " in result.output and " characters (+" in result.output
    entries = _entries(project)
    aligned = [entries[entry.msgid].msgstr for entry in reference]
    assert aligned == english
    chrome = ("Subscribe", "Share on", "Related", "rights reserved", "Privacy", "The Daily")
    assert not any(word in text for text in aligned for word in chrome)


def test_a_file_in_the_wrong_language_is_one_clear_line(project: Path) -> None:
    before = sorted((project).rglob("*"))
    result = _align(project, ARTICLE, str(project / "source" / f"{ARTICLE}.txt"))
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "not English (en)" in result.output
    assert "Traceback" not in result.output
    assert sorted(project.rglob("*")) == before or not (project / "translations").exists()


def test_a_page_declared_in_another_language_of_the_same_script_is_refused(project: Path) -> None:
    page = _page("Le titre", ["Un paragraphe en français sur les garanties de sécurité.", "Un autre paragraphe."])
    (project / "edition.html").write_text(page.replace('lang="en"', 'lang="fr"'), encoding="utf-8")
    result = _align(project, ARTICLE, str(project / "edition.html"))
    assert result.exit_code == 1 and "is in French (fr), not English (en)" in result.output
    assert result.output.count("\n") == 1


def test_an_unknown_article_is_one_clear_line(project: Path) -> None:
    (project / "edition.txt").write_text("Some English text here.\n", encoding="utf-8")
    result = _align(project, "no-such-article", str(project / "edition.txt"))
    assert result.exit_code == 1 and "no such article" in result.output and result.output.count("\n") == 1


@pytest.mark.parametrize("named", [f"translations/{ARTICLE}.po", f"{ARTICLE}.po"])
def test_the_article_may_be_named_by_its_catalog(project: Path, named: str) -> None:
    # The file a translator has open: it was "unknown file type '.po'", or "no such article".
    english = [entry.msgstr for entry in _reference()]
    (project / "edition.txt").write_text("\n\n".join(english) + "\n", encoding="utf-8")
    assert _align(project, ARTICLE, str(project / "edition.txt")).exit_code == 0  # the catalog is made
    result = _align(project, named, str(project / "edition.txt"))
    assert result.exit_code == 0, result.output
    assert f"align: translations/{ARTICLE}.po <- " in result.output


def test_a_missing_translation_file_and_a_broken_catalog_are_one_line_each(project: Path) -> None:
    missing = _align(project, ARTICLE, str(project / "nowhere.txt"))
    assert missing.exit_code == 1 and "nowhere.txt: cannot read" in missing.output
    assert missing.output.count("\n") == 1

    (project / "edition.txt").write_text("\n\n".join(entry.msgstr for entry in _reference()) + "\n", encoding="utf-8")
    broken = project / "translations" / f"{ARTICLE}.po"
    broken.parent.mkdir()
    broken.write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    result = _align(project, ARTICLE, str(project / "edition.txt"))
    assert result.exit_code == 1 and f"{ARTICLE}.po:2:" in result.output and result.output.count("\n") == 1
    assert broken.read_text(encoding="utf-8") == 'msgid "a"\nmsgstr "b\n'


def test_another_run_holding_the_lock_is_refused(project: Path) -> None:
    (project / "edition.txt").write_text("\n\n".join(entry.msgstr for entry in _reference()) + "\n", encoding="utf-8")
    with project_lock(project / ".toolkit"):
        result = subprocess.run(
            [sys.executable, "-m", "toolkit", "-C", str(project), "align", ARTICLE, str(project / "edition.txt")],
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert result.returncode == 4, result.stderr
    assert not (project / "translations").exists()


def test_the_glossary_is_read_and_a_bad_row_is_named(project: Path) -> None:
    english = [entry.msgstr for entry in _reference()]
    (project / "edition.txt").write_text("\n\n".join(english) + "\n", encoding="utf-8")
    (project / "glossary.csv").write_text("source,target,note\nبوتين,Putin,\nالناتو,\n", encoding="utf-8")
    result = _align(project, ARTICLE, str(project / "edition.txt"))
    assert result.exit_code == 2 and "glossary.csv:3: glossary:" in result.output
    (project / "glossary.csv").write_text("source,target,note\nبوتين,Putin,\nالناتو,NATO,\n", encoding="utf-8")
    result = _align(project, ARTICLE, str(project / "edition.txt"), "--explain")
    assert result.exit_code == 0, result.output
    assert "glossary: shared" in result.output


def test_a_translator_s_save_during_the_run_is_kept(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The project lock keeps out toolkit runs, not editors: align wrote its catalog over a translator's save.
    import toolkit.commands.align as command

    english = [entry.msgstr for entry in _reference()]
    (project / "edition.txt").write_text("\n\n".join(english) + "\n", encoding="utf-8")
    assert _align(project, ARTICLE, str(project / "edition.txt")).exit_code == 0
    path = project / "translations" / f"{ARTICLE}.po"
    edited = _reference()[1].msgid
    own = "A translator's own sentence, saved while align ran."
    aligning = command.align_document

    def saved_meanwhile(*arguments, **options):
        catalog = read_catalog(path)
        entry = next(entry for entry in catalog if entry.msgid == edited and not entry.obsolete)
        entry.msgstr, entry.flags = own, []
        path.write_bytes(serialize_catalog(catalog))
        return aligning(*arguments, **options)

    monkeypatch.setattr(command, "align_document", saved_meanwhile)
    result = _align(project, ARTICLE, str(project / "edition.txt"))
    assert result.exit_code == 0, result.output
    kept = _entries(project)[edited]
    assert kept.msgstr == own and not kept.fuzzy


def test_a_catalog_of_another_language_is_named_and_left_as_it_is(project: Path) -> None:
    # align merged into it and wrote the project's "en" over its "Language: fr": a French catalog then read as
    # English, the evidence gone.
    catalog = project / "translations" / f"{ARTICLE}.po"
    catalog.parent.mkdir()
    reference = (REPO / "translations" / f"{ARTICLE}.po").read_text(encoding="utf-8")
    catalog.write_text(reference.replace('"Language: en\\n"', '"Language: fr\\n"'), encoding="utf-8")
    before = catalog.read_bytes()
    (project / "edition.txt").write_text("\n\n".join(entry.msgstr for entry in _reference()) + "\n", encoding="utf-8")
    result = _align(project, ARTICLE, str(project / "edition.txt"))
    assert result.exit_code != 0
    assert "Language: 'fr' (French), not the project's target_language en (English)" in result.output
    assert catalog.read_bytes() == before
