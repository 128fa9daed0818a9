"""End to end with the real Argos zh->en package (TOOLKIT_TEST_MODEL): drafts, edits, re-runs, kills."""

from __future__ import annotations

import random
import re
import signal
import subprocess
from pathlib import Path

import pytest
from zh_projects import (
    SENTENCES,
    add_articles,
    command,
    environment,
    make_project,
    msgfmt_check,
    run,
    write_article,
)

from toolkit.catalog.store import read_catalog, serialize_catalog
from toolkit.errors import EXIT_OK

KILLS = 5
KILL_SEED = 20261122
_HAN = re.compile(r"[\u4e00-\u9fff]")
_COMMON_ENGLISH = {"the", "of", "and", "in", "to", "a", "on", "with", "for", "is", "was", "has", "will"}


def _active(path: Path):
    return [entry for entry in read_catalog(path) if not entry.obsolete]


def _stamps(project: Path) -> dict[Path, tuple[int, bytes]]:
    return {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (project / "translations").glob("*.po")}


def test_chinese_project_is_drafted_in_english_and_translator_work_survives(tmp_path: Path, model_file: Path) -> None:
    project = make_project(tmp_path / "project", model_file, articles=2)
    packages = tmp_path / "packages"
    first = run(project, packages, "translate")
    assert first.returncode == EXIT_OK, first.stderr
    path = project / "translations" / "article-00.po"
    entries = _active(path)
    assert entries[0].msgctxt == "title" and len(entries) == 4
    for entry in entries:
        assert entry.fuzzy and entry.msgstr
        assert not _HAN.search(entry.msgstr), entry.msgstr
        assert "machine: argos translate-zh_en" in entry.comment
        words = set(re.findall(r"[a-z]+", entry.msgstr.lower()))
        assert words & _COMMON_ENGLISH, entry.msgstr

    catalog = read_catalog(path)
    edited, removed = catalog[1], catalog[2]
    edited.msgstr = "The spokesman answered questions at today's press briefing; both sides discussed security."
    edited.flags.remove("fuzzy")
    edited.tcomment = "checked by Li"
    path.write_bytes(serialize_catalog(catalog))

    before = _stamps(project)
    again = run(project, packages, "translate")
    assert again.returncode == EXIT_OK, again.stderr
    assert _stamps(project) == before, "a re-run with nothing changed rewrote a file"

    paragraphs = [e.msgid for e in entries[1:]]
    changed = paragraphs[0].replace("今天", "昨天")
    write_article(project, "article-00", entries[0].msgid, [changed, paragraphs[2], SENTENCES[-1]])
    third = run(project, packages, "translate")
    assert third.returncode == EXIT_OK, third.stderr

    by_context = {e.msgctxt: e for e in read_catalog(path)}
    kept = by_context[edited.msgctxt]
    assert kept.msgid == changed and kept.fuzzy and kept.previous_msgid == paragraphs[0]
    assert kept.msgstr == edited.msgstr and kept.tcomment == "checked by Li"
    assert by_context[removed.msgctxt].obsolete
    new = [e for e in _active(path) if e.msgid == SENTENCES[-1]]
    assert len(new) == 1 and new[0].msgstr and new[0].fuzzy
    for catalog_path in (project / "translations").glob("*.po"):
        checked = msgfmt_check(catalog_path)
        assert checked.returncode == 0, checked.stderr


@pytest.mark.slow
def test_translate_killed_at_random_points_leaves_whole_files_and_rerun_completes(
    tmp_path: Path, model_file: Path
) -> None:
    project = make_project(tmp_path / "project", model_file, articles=2, paragraphs=4)
    packages = tmp_path / "packages"
    assert run(project, packages, "translate").returncode == EXIT_OK
    path = project / "translations" / "article-00.po"
    catalog = read_catalog(path)
    catalog[1].msgstr, catalog[1].flags = "Reviewed before the kills.", []
    path.write_bytes(serialize_catalog(catalog))
    rng = random.Random(KILL_SEED)
    for kill in range(KILLS):
        # New articles each time, so every run has translation work to be killed in the middle of.
        add_articles(project, range(2 + 4 * kill, 6 + 4 * kill), paragraphs=4)
        process = subprocess.Popen(
            command(project, "translate"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=environment(packages),
        )
        try:
            process.wait(timeout=rng.uniform(0.05, 3.0))
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
        _, stderr = process.communicate()
        assert b"Traceback" not in stderr, stderr.decode()
        for catalog_path in (project / "translations").glob("*.po"):
            read_catalog(catalog_path)
        assert read_catalog(path)[1].msgstr == "Reviewed before the kills."
    last = run(project, packages, "translate")
    assert last.returncode == EXIT_OK, last.stderr
    catalogs = sorted((project / "translations").glob("*.po"))
    assert len(catalogs) == 2 + 4 * KILLS
    for catalog_path in catalogs:
        assert all(entry.msgstr for entry in _active(catalog_path)), f"{catalog_path.name} unfinished"
        assert msgfmt_check(catalog_path).returncode == 0
    assert read_catalog(path)[1].msgstr == "Reviewed before the kills."
    assert not list((project / "translations").glob(".*.tmp")), "a killed write's temp file was left behind"


def test_publish_with_an_installed_package_that_cannot_load_names_it_once_and_builds_the_site(
    tmp_path: Path, model_file: Path
) -> None:
    # The closing summary said "install it with: toolkit models install zh en" under the line that named the
    # installed package as damaged and said to reinstall it from its file.
    from toolkit.errors import EXIT_INCOMPLETE
    from toolkit.translate.packages import install_file

    packages = tmp_path / "packages"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARGOS_PACKAGES_DIR", str(packages))
        installed = install_file(model_file).path
    (installed / "model" / "model.bin").write_bytes(b"not a CTranslate2 model")
    project = make_project(tmp_path / "project", None, articles=1)
    result = run(project, packages, "publish")
    assert result.returncode == EXIT_INCOMPLETE, result.stderr
    named = [line for line in result.stderr.splitlines() if str(installed) in line]
    assert len(named) == 1 and "cannot be loaded" in named[0] and "reinstall it" in named[0], result.stderr
    assert "4 entries wait for a translation model; its installed package cannot be used (see above)" in (
        result.stdout
    ), result.stdout
    assert "install it with" not in result.stdout
    assert (project / "site" / "index.html").is_file()
