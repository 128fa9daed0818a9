"""Triage on a small project with the real Argos zh->en package (TOOLKIT_TEST_MODEL): confidence on every
draft, glossary notes, `toolkit check` findings on real drafts, a translator's flag silencing one. Each
damage check alone on a real draft: tests/translate/test_damage_zh_model.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from zh_projects import make_project, run, write_article

from toolkit.catalog.entries import CONFIDENCE_NOTE, GLOSSARY_NOTE, MACHINE_NOTE, notes_with_prefix
from toolkit.catalog.store import read_catalog, serialize_catalog
from toolkit.errors import EXIT_FAILURE, EXIT_OK

# Each source block, and the check its real draft from translate-zh_en 1.9 (beam 4) trips.
DAMAGED = {
    "该国央行宣布将基准利率下调零点二五个百分点。": "numbers",  # 0.25 percentage points -> "225"
    "（路透社）美国总统周三签署了新法案。": "dropped-span",  # the agency dateline "(Reuters)" is gone
    "北京（新华社）——国家统计局周一公布的数据显示，经济增长百分之五。": "glossary",  # "National Statistics Office"
    "这家公司第三季度净利润比去年同期下降了百分之十二。": "artifacts",  # "The company ' s net profit"
}
CLEAN = ["外交部发言人今天在例行记者会上回答了有关问题。", "双方就地区安全局势交换了意见。"]
GLOSSARY = "source,target,note\n国家统计局,National Bureau of Statistics,the official English name\n"
_WARNING = re.compile(r"^(?P<path>\S+):(?P<line>\d+): \[(?P<context>[^\]]*)\] .* \[(?P<check>[a-z-]+)\]$")


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory, model_file: Path, zh_packages_dir: Path) -> tuple[Path, Path]:
    """The damage article drafted by the real model, with the session's installed package (installing it is
    tested in tests/translate/test_packages.py)."""
    folder = tmp_path_factory.mktemp("triage")
    project = make_project(folder / "project", model_file, articles=0)
    (project / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    write_article(project, "damage", "人民日报", [*DAMAGED, *CLEAN])
    packages = zh_packages_dir
    done = run(project, packages, "translate")
    assert done.returncode == EXIT_OK, done.stderr
    return project, packages


def _entries(project: Path):
    return [entry for entry in read_catalog(project / "translations" / "damage.po") if not entry.obsolete]


def _warnings(output: str) -> list[dict]:
    return [match.groupdict() for line in output.splitlines() if (match := _WARNING.match(line))]


def test_every_real_draft_has_a_confidence_from_0_to_1_beside_its_engine_note(drafted) -> None:
    project, _ = drafted
    entries = _entries(project)
    assert len(entries) == 1 + len(DAMAGED) + len(CLEAN)
    for entry in entries:
        notes = entry.comment.splitlines()
        machine = next(index for index, note in enumerate(notes) if note.startswith(MACHINE_NOTE))
        assert notes[machine + 1].startswith(CONFIDENCE_NOTE), entry.comment
        assert 0.0 <= float(notes[machine + 1][len(CONFIDENCE_NOTE) :]) <= 1.0


def test_status_lists_every_draft_lowest_confidence_first(drafted) -> None:
    project, packages = drafted
    done = run(project, packages, "status", "--by-confidence")
    assert done.returncode == EXIT_OK, done.stderr
    listed = done.stdout.split("lowest confidence first:\n")[1].splitlines()
    assert len(listed) == 1 + len(DAMAGED) + len(CLEAN)
    confidences = [float(line.split("] ")[1].split()[0]) for line in listed]
    assert confidences == sorted(confidences)
    assert all(line.startswith(str(project / "translations" / "damage.po")) for line in listed)


def test_glossary_terms_are_noted_on_their_entry(drafted) -> None:
    project, _ = drafted
    noted = {entry.msgid: notes_with_prefix(entry, GLOSSARY_NOTE) for entry in _entries(project)}
    term = "国家统计局 = National Bureau of Statistics (the official English name)"
    assert {msgid: notes for msgid, notes in noted.items() if notes} == {
        "北京（新华社）——国家统计局周一公布的数据显示，经济增长百分之五。": [term]
    }


def test_each_damage_check_names_the_real_draft_that_shows_it_and_nothing_else(drafted) -> None:
    project, packages = drafted
    done = run(project, packages, "check")
    assert done.returncode == EXIT_FAILURE
    by_line = {entry.linenum: entry for entry in _entries(project)}
    found = {(by_line[int(warning["line"])].msgid, warning["check"]) for warning in _warnings(done.stdout)}
    expected = {(source, check) for source, check in DAMAGED.items()} | {("人民日报", "artifacts")}
    assert expected <= found, done.stdout
    assert not {msgid for msgid, _ in found} & set(CLEAN), done.stdout
    assert all(warning["path"].endswith("damage.po") for warning in _warnings(done.stdout))


def test_a_translator_flag_silences_one_check_on_one_entry(drafted, tmp_path: Path) -> None:
    project, packages = drafted
    path = project / "translations" / "damage.po"
    original = path.read_bytes()
    try:
        catalog = read_catalog(path)
        entry = next(entry for entry in catalog if DAMAGED.get(entry.msgid) == "glossary")
        entry.flags.append("ignore-glossary")
        path.write_bytes(serialize_catalog(catalog))
        done = run(project, packages, "check")
        checks = {warning["check"] for warning in _warnings(done.stdout)}
        assert "glossary" not in checks
        assert {"numbers", "artifacts", "dropped-span"} <= checks
    finally:
        path.write_bytes(original)
