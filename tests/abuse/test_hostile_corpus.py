"""Hostile input through `toolkit publish`: each gives one clear line or a correct result, never a traceback,
and nothing it has no business touching changes.

Every hostile file is generated here (nothing binary is committed). Each case runs on its own copy of a
project already published once, so the only difference between before and after is the hostile file.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import polib
import pytest
from abuse_projects import copy_default_project, run_toolkit, tree_hashes

from toolkit.catalog.store import read_catalog
from toolkit.clean.sources import article_id
from toolkit.errors import EXIT_FAILURE, EXIT_INCOMPLETE, EXIT_OK

SEED_ID = "000_bff552917bc11dca"
# Text that must never reach a built page as markup: a script body and an event handler.
PAYLOAD = "PWNED_BY_HOSTILE_INPUT"
HOSTILE_MARKUP = f'<script>alert("{PAYLOAD}")</script><img src=x onerror="alert(\'{PAYLOAD}\')">'
BOILERPLATE_LINES = [
    "الرئيسية | أخبار | رياضة | اقتصاد | اتصل بنا",
    "شارك على فيسبوك",
    "تابعنا على تويتر",
    "اقرأ أيضا",
    "المصدر: وكالات",
    "جميع الحقوق محفوظة © 2022",
]


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], Path]  # writes the hostile file into the project, returns its path
    outcome: str  # "refused": one line naming the file, exit 1; "published": a page; "either": one of both


def _seed_bytes(project: Path) -> bytes:
    return (project / "source" / f"{SEED_ID}.txt").read_bytes()


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _empty(project: Path) -> Path:
    return _write(project / "source" / "empty.txt", b"")


def _binary(project: Path) -> Path:
    return _write(project / "source" / "binary.txt", random.Random(5).randbytes(20_000))


def _truncated_utf8(project: Path) -> Path:
    data = _seed_bytes(project).rstrip()
    return _write(project / "source" / "truncated.txt", data[:-1])  # the last Arabic letter loses a byte


def _cp1256(project: Path) -> Path:
    text = _seed_bytes(project).decode("utf-8")
    return _write(project / "source" / "windows_arabic.txt", text.encode("cp1256"))


def _utf16(project: Path) -> Path:
    text = _seed_bytes(project).decode("utf-8")
    return _write(project / "source" / "utf16.txt", text.encode("utf-16"))


def _fifty_megabytes(project: Path) -> Path:
    line = "قال المتحدث باسم الكرملين إن المحادثات مستمرة بين الجانبين.\n".encode()
    return _write(project / "source" / "huge.txt", line * (50 * 1024 * 1024 // len(line) + 1))


def _long_paragraph(project: Path) -> Path:
    words = ["روسيا", "حلف", "الناتو", "الضمانات", "الأمنية", "الرئيس", "قال", "اليوم", "في", "بيان", "له", "إن"]
    rng = random.Random(20_000)
    # Sentences of 10 to 30 words, run together without a line break: one paragraph, 20,000 words.
    sentences, count = [], 0
    while count < 20_000:
        length = min(rng.randint(10, 30), 20_000 - count)
        sentences.append(" ".join(rng.choice(words) for _ in range(length)) + ".")
        count += length
    paragraph = " ".join(sentences)
    text = f"عنوان مقال بفقرة واحدة طويلة جدا\n\n{paragraph}\n"
    return _write(project / "source" / "long_paragraph.txt", text.encode())


def _only_boilerplate(project: Path) -> Path:
    return _write(project / "source" / "boilerplate.txt", "\n\n".join(BOILERPLATE_LINES).encode())


def _hostile_html(project: Path) -> Path:
    body = "".join(f"<p>{line}</p>" for line in _seed_bytes(project).decode("utf-8").splitlines()[2:] if line.strip())
    page = (
        '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>بوتين لماكرون: الغرب تجاهل مخاوفنا الأمنية</title>{HOSTILE_MARKUP}</head><body>"
        f'<nav><a href="/">الرئيسية</a></nav><article onload="alert(\'{PAYLOAD}\')">'
        f"<h1>بوتين لماكرون: الغرب تجاهل مخاوفنا الأمنية</h1>{HOSTILE_MARKUP}{body}"
        f"<table><tr><td>خلية {PAYLOAD.lower()}<td><script>document.write('{PAYLOAD}')</script>"
    )
    return _write(project / "source" / "hostile page.html", page.encode())


def _arabic_file_name(project: Path) -> Path:
    return _write(project / "source" / "خبر عاجل من موسكو 2022.txt", _seed_bytes(project))


def _po_syntax_error(project: Path) -> Path:
    path = project / "translations" / f"{SEED_ID}.po"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(len(lines) // 2, 'msgstr "an unclosed string\n')
    return _write(path, "".join(lines).encode())


def _po_with_markup_and_controls(project: Path) -> Path:
    path = project / "translations" / f"{SEED_ID}.po"
    catalog = polib.pofile(str(path))
    entry = next(entry for entry in catalog if entry.msgctxt != "title" and not entry.obsolete)
    entry.msgstr = f"{HOSTILE_MARKUP} bell\x07 escape\x1b[31m red <b>bold</b>"
    if entry.fuzzy:
        entry.flags.remove("fuzzy")
    return _write(path, str(catalog).encode())


CASES = [
    Case("empty file", _empty, "refused"),
    Case("binary file", _binary, "refused"),
    Case("truncated UTF-8", _truncated_utf8, "published"),
    Case("Windows Arabic (cp1256)", _cp1256, "published"),
    Case("UTF-16", _utf16, "published"),
    Case("50 MB file", _fifty_megabytes, "refused"),
    Case("20,000-word paragraph", _long_paragraph, "published"),
    Case("only boilerplate", _only_boilerplate, "either"),
    Case("HTML with scripts and an unclosed table", _hostile_html, "published"),
    Case("file name with spaces and Arabic letters", _arabic_file_name, "published"),
    Case("PO file with a syntax error", _po_syntax_error, "refused"),
    Case("PO file holding HTML and control characters", _po_with_markup_and_controls, "either"),
]


@pytest.fixture(scope="module")
def published_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default project after one `publish` (no model): catalogs and a site to compare against."""
    root = tmp_path_factory.mktemp("published")
    project = copy_default_project(root / "project")
    packages = root / "argos-packages"
    packages.mkdir()
    result = run_toolkit(project, "publish", ARGOS_PACKAGES_DIR=str(packages))
    assert result.returncode in (EXIT_OK, EXIT_INCOMPLETE), result.stderr
    return project


class Outcome(NamedTuple):
    project: Path
    hostile: Path
    before: dict[str, str]
    result: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def publish_with(published_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[Callable], Outcome]:
    """`publish` on a copy of the published project with one hostile file written into it, run once a module for
    each file: the re-encoded seeds' checks read the same run as the hostile-input checks of those files."""
    outcomes: dict[Callable, Outcome] = {}

    def publish(make: Callable[[Path], Path]) -> Outcome:
        if make not in outcomes:
            root = tmp_path_factory.mktemp(make.__name__.strip("_"))
            project = root / "project"
            shutil.copytree(published_project, project)
            hostile = make(project)
            before = tree_hashes(project)
            result = run_toolkit(project, "publish", ARGOS_PACKAGES_DIR=str(root / "argos-packages"))
            outcomes[make] = Outcome(project, hostile, before, result)
        return outcomes[make]

    return publish


def _site_texts(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): path.read_text(encoding="utf-8", errors="replace")
        for path in site.rglob("*")
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".js", ".txt")
    }


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input_is_reported_or_published(case: Case, publish_with: Callable[[Callable], Outcome]):
    project, hostile, before, result = publish_with(case.make)

    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (EXIT_OK, EXIT_FAILURE, EXIT_INCOMPLETE), result.stderr
    after = tree_hashes(project)
    # Most cases are a seed article re-encoded or renamed beside the seed itself: that the two hold one article
    # is said (tests/clean/test_same_articles.py), and is no complaint about the hostile file.
    complaints = [
        line for line in result.stderr.splitlines() if hostile.name in line and "hold the same article" not in line
    ]
    refused = result.returncode == EXIT_FAILURE and len(complaints) == 1
    if case.outcome == "refused" or (case.outcome == "either" and refused):
        assert result.returncode == EXIT_FAILURE, result.stderr
        assert len(complaints) == 1, result.stderr
        if hostile.suffix == ".po":  # the catalog keeps its row in the summary, saying why it counts nothing
            assert [line for line in result.stdout.splitlines() if line.split()[:3] == [hostile.stem, "not", "read"]]

    if case.outcome == "published":
        assert result.returncode in (EXIT_OK, EXIT_INCOMPLETE) and not complaints, result.stderr
        assert (project / "translations" / f"{article_id(hostile)}.po") in set(project.glob("translations/*.po"))
        new_pages = set(after) - set(before)
        assert [page for page in new_pages if page.startswith("site/articles/")], "no page for the new article"

    # What people wrote is never touched: every source file and every catalog that existed stays as it was.
    for path, digest in before.items():
        if path.startswith(("source/", "translations/")) or path == "toolkit.toml":
            assert after.get(path) == digest, f"{case.name} changed {path}"
    if case.outcome == "refused":
        assert after == before, f"{case.name} changed {sorted(p for p in after if after[p] != before.get(p))}"

    site_texts = _site_texts(project / "site")
    assert (project / "site" / "index.html").is_file()
    for name, text in site_texts.items():
        # Escaped, the payload is harmless text; raw, it would be a live script or handler.
        assert f'<script>alert("{PAYLOAD}")' not in text, name
        assert f"onerror=\"alert('{PAYLOAD}')" not in text, name
        if name.endswith((".html", ".xml")):
            assert "\x07" not in text and "\x1b" not in text, f"control character in {name}"


@pytest.mark.parametrize("make", [_truncated_utf8, _cp1256, _utf16, _arabic_file_name], ids=lambda make: make.__name__)
def test_re_encoded_seed_gives_the_same_catalog_as_the_seed(make, publish_with: Callable[[Callable], Outcome]):
    project, hostile, _, result = publish_with(make)
    assert result.returncode in (EXIT_OK, EXIT_INCOMPLETE), result.stderr

    seed = read_catalog(project / "translations" / f"{SEED_ID}.po")
    copy = read_catalog(project / "translations" / f"{hostile.stem}.po")
    seed_sources = [entry.msgid for entry in seed if not entry.obsolete]
    copy_sources = [entry.msgid for entry in copy if not entry.obsolete]
    if make is _truncated_utf8:
        assert copy_sources[:-1] == seed_sources[:-1]
        assert seed_sources[-1].startswith(copy_sources[-1])
    else:
        assert copy_sources == seed_sources
