"""Cases from the thirteenth hostile sweep (issue 10), run as the acceptance run outside the repository would:
settings at their edges, files changed under a run, requests to `toolkit serve`. Each test failed before its
fix."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from abuse_projects import (
    REPO,
    command_environment,
    copy_default_project,
    published_default_project,
    run_toolkit,
    status_lines,
    toolkit_command,
    tree_hashes,
)

from toolkit.catalog import update

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "catalog"))
from catalog_fakes import FakeTranslator, NullProgress, article, project

FIRST = "000_bff552917bc11dca"
# Long enough for a clean of one seed under load; the hang this guards against never ended.
CLEAN_SECONDS = 120


def _clean_with(tmp_path: Path, table: str, line: str) -> subprocess.CompletedProcess[str]:
    project = copy_default_project(tmp_path / "p")
    with open(project / "toolkit.toml", "a", encoding="utf-8") as settings:
        settings.write(f"\n[clean.{table}]\n{line}\n")
    return subprocess.run(
        toolkit_command(project, "clean", f"source/{FIRST}.txt"),
        capture_output=True,
        text=True,
        env=command_environment(),
        timeout=CLEAN_SECONDS,
    )


@pytest.mark.parametrize("name", ["furniture_max_words", "extend_min_words", "caption_max_words"])
def test_a_word_count_setting_past_any_line_cleans_in_time(tmp_path: Path, name: str) -> None:
    # A threshold set past any line's length, so that its rule never applies, made `clean` (and every command
    # that cleans) first build a table of every line length up to it: it never ended.
    result = _clean_with(tmp_path, "lines", f"{name} = 1000000000")
    assert result.returncode == 0, result.stderr
    assert "الكرملين" in result.stdout


@pytest.mark.parametrize(
    ("table", "line", "told"),
    [
        ("lines", "run_weight_power = 1e18", "lines.run_weight_power must be a number from 0 to 10, not 1e+18"),
        ("lines", "prose_max_word_letters = 5000000000", "lines.prose_max_word_letters must be a whole number"),
        ("stems", "min_stem_letters = 5000000000", "stems.min_stem_letters must be a whole number"),
    ],
)
def test_a_cleaner_number_too_large_to_work_with_is_named_in_toolkit_toml(
    tmp_path: Path, table: str, line: str, told: str
) -> None:
    # Each was an internal error of every command that cleans: words ** 1e18 overflows a float, and a regular
    # expression takes no repetition count past 4,294,967,294.
    result = _clean_with(tmp_path, table, line)
    assert result.returncode == 2, result.stderr
    (said,) = result.stderr.splitlines()
    assert said.startswith(f"toolkit: {tmp_path / 'p' / 'toolkit.toml'}: cleaner setting {told}"), said


@pytest.mark.parametrize(
    ("version", "answer"),
    [
        (b"HTTP/0.9", b"HTTP/1.1 505 "),
        (b"HTTP/0.0", b"HTTP/1.1 505 "),
        (b"HTTP/2.0", b"HTTP/1.1 505 "),
        (b"HTTP/01.1", b"HTTP/1.1 400 "),
        (b"HTTP/1.10", b"HTTP/1.1 400 "),
        (b"HTTP/1.2", b"HTTP/1.1 200 "),
    ],
)
def test_a_request_in_a_version_other_than_http_1_is_answered_with_a_status_line(
    site_served: int, version: bytes, answer: bytes
) -> None:
    # "GET / HTTP/0.9" was answered as HTTP/0.9 is: the page's bytes alone, no status line, no Content-Type or
    # charset and no nosniff header; HTTP/0.x and a version of two digits were served as HTTP/1. RFC 9112 2.3:
    # a version is HTTP/ digit . digit, and a later minor version of 1 is answered as 1.1.
    request = b"GET /index.html " + version + b"\r\nHost: x\r\nConnection: close\r\n\r\n"
    (first, *_) = status_lines(site_served, request) or [b"no status line"]
    assert first.startswith(answer), first


def _entry_of(catalog: Path, text: str) -> polib.POEntry:
    (entry,) = [entry for entry in polib.pofile(str(catalog)) if not entry.obsolete and text in entry.msgid]
    return entry


def test_a_reviewed_entry_whose_source_changes_shows_the_text_it_was_reviewed_against(
    tmp_path: Path, argos_packages_dir: Path
) -> None:
    # The catalog's own header says "correct a draft, then remove the fuzzy flag": in a text editor that leaves
    # the #| lines of an earlier change on the reviewed entry. When its source changed again, the entry kept
    # those stale lines as its previous text, so the translator's diff showed the change from a text two
    # versions old and hid the one to check. msgmerge --previous takes a reviewed entry's own msgid.
    project = copy_default_project(tmp_path / "p")
    source = project / "source" / f"{FIRST}.txt"
    catalog = project / "translations" / f"{FIRST}.po"
    first, second, third = "وطن: أفاد الكرملين", "وطن: قال الكرملين", "وطن: أكد الكرملين"
    source.write_text(source.read_text(encoding="utf-8").replace(first, second), encoding="utf-8")
    assert run_toolkit(project, "-q", "translate").returncode == 0
    assert first in _entry_of(catalog, second).previous_msgid
    reviewed = catalog.read_text(encoding="utf-8")
    at = reviewed.index(f'"{second}')
    flag = reviewed.rindex("#, fuzzy\n", 0, at)
    catalog.write_text(reviewed[:flag] + reviewed[flag + len("#, fuzzy\n") :], encoding="utf-8")
    assert "fuzzy" not in _entry_of(catalog, second).flags
    source.write_text(source.read_text(encoding="utf-8").replace(second, third), encoding="utf-8")
    assert run_toolkit(project, "-q", "translate").returncode == 0
    entry = _entry_of(catalog, third)
    assert "fuzzy" in entry.flags
    assert entry.previous_msgid.startswith(second), entry.previous_msgid


# Per language: the glossary's many terms' word, a paragraph, and the one term it holds.
GLOSSARY_CASES = {
    "ar": ("كلمة", "قال الوزير إن المحادثات ستستمر", "المحادثات"),
    "en": ("word", "The minister said talks go on", "talks"),
    "zh": ("词", "部长说会谈继续", "会谈"),
}


@pytest.mark.parametrize("language", sorted(GLOSSARY_CASES))
def test_a_paragraph_is_compared_with_the_glossary_terms_that_start_with_its_words_not_every_term(
    monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    # A term base of 200,000 rows took 80 s to check the five seed articles (a thousand articles: hours), every
    # paragraph compared with every term. Counted, not timed: the terms that start with none of a paragraph's
    # words are not compared with it.
    from toolkit.catalog import glossary as module

    compared = []
    real_source_has = module.source_has

    def source_has(term: str, text: str, language: str) -> bool:
        compared.append(term)
        return real_source_has(term, text, language)

    monkeypatch.setattr(module, "source_has", source_has)
    word, paragraph, found = GLOSSARY_CASES[language]
    rows = "".join(f"{word}{index},t{index},\n" for index in range(10_000))
    glossary = module.parse_glossary(f"source,target,note\n{rows}{found},found,\n", Path("glossary.csv"))
    assert [term.target for term in module.terms_in(glossary, paragraph, language)] == ["found"]
    assert len(compared) <= 10, len(compared)


def test_a_catalog_made_a_folder_during_a_run_is_named_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A catalog a sync tool or a careless hand replaced with a folder while translate drafted it was named again
    # at each later save of its chunks: the same line twice or more, depending on when the write-back ran.
    monkeypatch.setattr(update, "CHUNK_SOURCE_CHARS", 30)
    monkeypatch.setattr(update, "WRITE_BACK_SECONDS", 0)
    monkeypatch.setattr(update, "WRITE_BACK_MAX_SHARE", float("inf"))  # every save written at once
    config = project(tmp_path)
    path = config.translations_dir / "one.po"
    paragraphs = ["الفقرة الأولى من المقال.", "الفقرة الثانية من المقال.", "الفقرة الثالثة من المقال."]

    class MakesItAFolder(FakeTranslator):
        def translate(self, texts, on_sentences_done=None):
            if len(self.calls) == 1:
                path.unlink()
                path.mkdir()
            return super().translate(texts, on_sentences_done)

    translator = MakesItAFolder()
    result = update.update_catalogs(config, [article("one", paragraphs)], lambda: translator, NullProgress)
    assert len(translator.calls) > 2
    assert [str(error) for error in result.errors] == [f"{path}: cannot read: is a folder, where a file was expected"]
    assert path.is_dir() and not any(path.iterdir())


@pytest.mark.parametrize("folder", ["translations", "source"])
@pytest.mark.parametrize("command", ["build", "publish"])
def test_a_project_folder_linked_into_site_stops_the_build_and_keeps_its_files(
    tmp_path: Path, folder: str, command: str
) -> None:
    # An administrator publishing the catalogs (or the originals) for download links translations/ to
    # site/translations: every build, which replaces site/ as a whole, moved all the catalogs out to
    # .toolkit/not-built-*, with exit 0, and the next translate started every article afresh.
    project = published_default_project(tmp_path)
    inside = project / "site" / folder
    (project / folder).rename(inside)
    (project / folder).symlink_to(inside)
    kept = tree_hashes(inside)
    result = run_toolkit(project, "-q", command)
    assert result.returncode != 0
    (said,) = result.stderr.splitlines()
    assert said.startswith(f"toolkit: {project / folder}: ") and "site/" in said, said
    assert tree_hashes(inside) == kept


def test_two_pages_whose_names_differ_only_in_case_are_named_by_every_build(tmp_path: Path) -> None:
    # source/Kremlin.txt and source/kremlin.txt (two scrapers' names, on Linux two files) gave the pages
    # articles/Kremlin.html and articles/kremlin.html without a word: copied to a disk or served by a server that
    # ignores case (macOS, Windows), one page took the other's place.
    project = copy_default_project(tmp_path / "p")
    for seed, name in ((FIRST, "Kremlin"), ("001_7e7eb9076ff80330", "kremlin")):
        (project / "source" / f"{seed}.txt").rename(project / "source" / f"{name}.txt")
        (project / "translations" / f"{seed}.po").rename(project / "translations" / f"{name}.po")
    for command in ("publish", "build"):  # the build with nothing to change too
        result = run_toolkit(project, "-q", command)
        assert result.returncode == 0, result.stderr
        told = [line for line in result.stderr.splitlines() if "only in case" in line]
        assert told == [
            f"toolkit: warning: {project / 'translations' / 'kremlin.po'}: its page's name differs from Kremlin.po's "
            "only in case, so a disk or web server that ignores case (macOS, Windows) keeps one of the two pages; "
            "rename one of the sources and its catalog"
        ], result.stderr
    assert {"Kremlin.html", "kremlin.html"} <= {page.name for page in (project / "site" / "articles").iterdir()}


@pytest.mark.parametrize(
    ("settings", "setting"),
    [
        ("beam_size = [" + ", ".join(["0"] * 200_000) + "]\n", "beam_size"),
        ('source_language = "' + "a" * 1_000_000 + '"\n', "source_language"),
        ('[site]\nbase_url = "ftp://' + "x" * 1_000_000 + '"\n', "site.base_url"),
        ("[clean.words]\nshare = [" + ", ".join(['""'] * 100_000) + "]\n", "words.share"),
    ],
    ids=["list", "string", "address", "word list"],
)
def test_a_huge_wrong_value_in_toolkit_toml_is_named_in_a_line_a_person_can_read(
    tmp_path: Path, settings: str, setting: str
) -> None:
    # The message quoted the value whole: a list of 200,000 items, or a string of a megabyte, made one line
    # of up to a megabyte on the terminal.
    project = copy_default_project(tmp_path / "p")
    (project / "toolkit.toml").write_text(settings, encoding="utf-8")
    result = run_toolkit(project, "clean", f"source/{FIRST}.txt")
    assert result.returncode == 2
    (said,) = result.stderr.splitlines()
    assert setting in said and len(said) < 600, said[:300]


def test_a_first_publish_whose_only_sources_make_one_article_says_so(tmp_path: Path) -> None:
    # "a\tb.txt" and "a_b.txt" (a scraper's name with a tab, and another's) both make article a_b, so no catalog
    # is made: publish said only "no translations/ folder, so nothing to build; run `toolkit translate` first",
    # which translate does not cure, and never named the two files.
    project = copy_default_project(tmp_path / "p")
    shutil.rmtree(project / "translations")
    for source in (project / "source").iterdir():
        source.unlink()
    for name, seed in (("a\tb.txt", FIRST), ("a_b.txt", "001_7e7eb9076ff80330")):
        shutil.copy(REPO / "source" / f"{seed}.txt", project / "source" / name)
    result = run_toolkit(project, "-q", "publish")
    assert result.returncode == 1
    (said,) = result.stderr.splitlines()
    assert "two sources make article 'a_b'" in said and "nothing to build" in said, said
    assert not (project / "site").exists()


class _CountingText(str):
    """A text that counts the characters its slices copy."""

    copied = 0

    def __getitem__(self, key):
        part = super().__getitem__(key)
        _CountingText.copied += len(part)
        return part


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Long translation text. ", 20_000),
        # No sentence end at all, only periods of abbreviations and initials: each period copied the line from
        # the sentence's start to find the word before it (64 kB took 9 s).
        ("Mr. ", 1),
        ("a. ", 1),
    ],
    ids=["sentences", "abbreviations", "initials"],
)
def test_a_long_translation_is_split_into_sentences_copying_each_sentence_once(text: str, sentences: int) -> None:
    # A translator's msgstr of 10 MB (a paste gone wrong) held `toolkit check` past five minutes and status for
    # 150 s: each sentence end copied the rest of the line to look at its next letter. Counted, not timed.
    from toolkit.translate.segment import split_sentences

    line = _CountingText(text * 20_000)
    _CountingText.copied = 0
    assert len(split_sentences(line, "en")) == sentences
    assert _CountingText.copied <= 3 * len(line), _CountingText.copied
