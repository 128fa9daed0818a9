"""`toolkit check` beside translate-toolkit's `pofilter`, finding by finding, on real catalogs.

    bench/pofilter_compare.py                     # the seed catalogs (translations/) and real zh->en drafts
    bench/pofilter_compare.py --zh FILE --package-file translate-zh_en-1_9.argosmodel

Two sets: the five seed catalogs (Arabic source, reviewed English), and machine drafts of the Chinese lines
in --zh (default bench/data/zh_en.zh) made by the toolkit's engine with the installed zh->en package. For
every pofilter test that fires: how many entries it flags, how many of those `toolkit check` flags too
(and with which checks), and the verdict from reading each finding (REAL_DAMAGE below). Then the toolkit's
findings pofilter has no test for. pofilter runs with its standard checker and the target language set,
as `pofilter --language=en` does; it is a bench-only dependency (pip install translate-toolkit).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import polib

from toolkit.catalog.checks import check_catalog

# What each pofilter test that fires here finds, judged by reading every finding on the two sets.
# True: damage a translator must fix (and `toolkit check` catches that class); False: noise on these texts.
REAL_DAMAGE = {
    "startcaps": (False, "Arabic and Chinese have no capitals: fires on nearly every entry"),
    "simplecaps": (False, "Arabic and Chinese have no capitals: fires on nearly every entry"),
    "puncspacing": (False, "Arabic's space before '،' and full-width CJK marks are not English spacing"),
    "endpunc": (False, "'。' and Arabic '.' after a quote end a sentence as '.' does"),
    "startpunc": (False, "a dateline's '( ' or a quote mark moved by English word order"),
    "doublequoting": (False, '“…” and "…" are the same quotes; a dropped quoted span is caught as dropped-span'),
    "singlequoting": (False, "English apostrophes (the leaders' call) counted as quotes"),
    "doublewords": (False, "the same word across a sentence end ('NATO. NATO'); real loops are caught as repetition"),
    "brackets": (True, "a parenthetical or dateline dropped: toolkit dropped-span (an added '(JCPOA)' is not)"),
    "numbers": (True, "a number changed or dropped: toolkit numbers, which also reads Arabic digits and '01'"),
    "sentencecount": (True, "sentences dropped or run together: toolkit sentences, when far off"),
    "unchanged": (True, "the source left as the translation: toolkit same"),
    "untranslated": (True, "no translation: counted by status, not warned"),
    "acronyms": (True, "a Latin acronym of the source missing: toolkit latin-words"),
    "doublespacing": (True, "doubled spaces from detokenizing: toolkit artifacts"),
    "xmltags": (False, "angle brackets in prose"),
    "urls": (True, "a URL changed"),
    "long": (False, "English is longer than Chinese by nature: toolkit length knows each pair's ratio"),
    "short": (True, "a draft much shorter than its source: toolkit length"),
    "endwhitespace": (False, "whitespace at the end of a wrapped line"),
    "startwhitespace": (False, "whitespace at the start of a wrapped line"),
    "validchars": (False, "no valid-character list configured"),
    "escapes": (True, "an escape sequence changed"),
    "newlines": (True, "a line break lost: toolkit line-breaks"),
}


def pofilter_findings(path: Path, target_language: str) -> dict[tuple[str, str], set[str]]:
    """(msgctxt, msgid) -> the names of the pofilter tests that fail on that entry."""
    # bench/translate.py, beside this script, would shadow translate-toolkit's `translate` package.
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [entry for entry in sys.path if str(Path(entry or ".").resolve()) != here]
    from translate.filters import checks
    from translate.storage import factory

    checker = checks.StandardChecker(checks.CheckerConfig(targetlanguage=target_language))
    found: dict[tuple[str, str], set[str]] = {}
    for unit in factory.getobject(str(path)).units:
        if unit.isheader() or not unit.target or unit.isobsolete():
            continue
        failures = checker.run_filters(unit)
        if failures:
            found[(unit.getcontext() or "", unit.source)] = set(failures)
    return found


def toolkit_findings(path: Path, source_language: str, target_language: str) -> dict[tuple[str, str], set[str]]:
    catalog = polib.pofile(str(path))
    by_line = {entry.linenum: (entry.msgctxt or "", entry.msgid) for entry in catalog}
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for warning in check_catalog(catalog, path, source_language, target_language):
        found[by_line[warning.line]].add(warning.check)
    return found


def zh_draft_catalog(lines_file: Path, folder: Path) -> Path:
    """The lines of `lines_file` drafted by the toolkit's engine, one fuzzy entry each, as a catalog."""
    from toolkit.config import Config
    from toolkit.translate.packages import load_translator

    lines = [line for line in lines_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    translator = load_translator(Config(project_dir=folder, source_language="zh", target_language="en"))
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en", "X-Source-Language": "zh"}
    for number, (line, draft) in enumerate(zip(lines, translator.translate(lines), strict=True), start=1):
        catalog.append(polib.POEntry(msgctxt=f"line-{number}", msgid=line, msgstr=draft.text, flags=["fuzzy"]))
    path = folder / "zh-drafts.po"
    catalog.save(str(path))
    return path


def report(name: str, catalogs: list[Path], source_language: str) -> None:
    pofilter: dict[tuple[str, tuple[str, str]], set[str]] = {}
    toolkit: dict[tuple[str, tuple[str, str]], set[str]] = {}
    entries = 0
    for path in catalogs:
        entries += sum(1 for entry in polib.pofile(str(path)) if entry.msgstr and not entry.obsolete)
        pofilter.update({(path.name, key): tests for key, tests in pofilter_findings(path, "en").items()})
        toolkit.update(
            {(path.name, key): checks for key, checks in toolkit_findings(path, source_language, "en").items()}
        )
    print(f"\n{name}: {len(catalogs)} catalog(s), {entries} translated entries")
    print(f"{'pofilter test':<16} {'entries':>7} {'toolkit too':>11}  {'real?':<5} toolkit checks on them / verdict")
    by_test: dict[str, list] = defaultdict(list)
    for key, tests in pofilter.items():
        for test in tests:
            by_test[test].append(key)
    for test, keys in sorted(by_test.items(), key=lambda item: -len(item[1])):
        also = [key for key in keys if key in toolkit]
        checks = Counter(check for key in also for check in toolkit[key])
        real, why = REAL_DAMAGE.get(test, (None, "not judged"))
        verdict = {True: "yes", False: "no", None: "?"}[real]
        shown = ", ".join(f"{check} {count}" for check, count in checks.most_common()) or "-"
        print(f"{test:<16} {len(keys):>7} {len(also):>11}  {verdict:<5} {shown} / {why}")
    print(f"{'all pofilter':<16} {len(pofilter):>7} {len(pofilter.keys() & toolkit.keys()):>11}")
    print("each finding of a test for a kind of real damage, read one by one:")
    for test, keys in sorted(by_test.items()):
        if REAL_DAMAGE.get(test, (None, ""))[0]:
            for catalog, (context, source) in keys:
                caught = ", ".join(sorted(toolkit.get((catalog, (context, source)), ()))) or "not flagged"
                print(f"  {test}: {catalog} [{context}] {' '.join(source.split())[:50]}... -> toolkit: {caught}")
    only = Counter(check for key, checks in toolkit.items() if key not in pofilter for check in checks)
    print(f"toolkit check: {len(toolkit)} entries flagged; on entries pofilter passes: {dict(only) or 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=Path, default=Path("translations"), help="folder of the seed catalogs")
    parser.add_argument("--zh", type=Path, default=Path("bench/data/zh_en.zh"), help="Chinese lines to draft")
    parser.add_argument("--package-file", type=Path, help="install this .argosmodel into a temporary folder first")
    args = parser.parse_args()
    report("seed catalogs (ar -> en, reviewed)", sorted(args.seeds.glob("*.po")), "ar")
    with tempfile.TemporaryDirectory(prefix="bench-pofilter-") as temp:
        if args.package_file:
            os.environ["ARGOS_PACKAGES_DIR"] = temp
            subprocess.run(
                [sys.executable, "-m", "toolkit", "models", "install", "--from", str(args.package_file)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        report(f"real machine drafts of {args.zh} (zh -> en)", [zh_draft_catalog(args.zh, Path(temp))], "zh")


if __name__ == "__main__":
    main()
