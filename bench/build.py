"""Site build speed: a synthetic corpus of 1,000 articles x 20 blocks, built in full, then after one change.

The catalogs are generated in a temporary project from the entries of the repository's own translations/
(real Arabic and English text, numbered so every block is distinct; 70% reviewed, 20% machine drafts, 10%
untranslated). Each build runs in its own process, like `toolkit build`, so its peak memory is its own.
Goals: full build under 10 s, the rebuild after one catalog changes under 1 s. The CPU seconds (the build
and its Pagefind runs) are printed beside the wall-clock time: on a machine shared with other work they
show what the build itself costs.

Baselines, when Hugo is installed (Debian: `apt-get install hugo`): the same articles as a Hugo site (one
content file per article, the pairs in its front matter, a two-column layout) built by `hugo` and then
indexed by one run of Pagefind's binary (the one the toolkit runs), as a site glued together by hand would
be. Hugo rebuilds everything after a change, so its one-article rebuild is `hugo` and Pagefind again over
the site in place (its old output is not removed first: Hugo writes over it, as a user's second run does).
Goals: full build at most 0.8x the time of Hugo followed by Pagefind, one-article rebuild at most 0.25x.
The goal is wall-clock time on a quiet machine; the CPU seconds are printed beside it, since on a shared
machine only they (and ratios taken side by side) mean anything. Both are printed against two Hugo sites:
- "one interface": one page per article (1,000 pages), all of it indexed as English. This was the only
  baseline until this round, and it does half the work the toolkit does: the toolkit makes every page in
  an Arabic and an English interface (2,000 article pages) and indexes each language's text as that
  language.
- "both interfaces" (the fair one): a Hugo multilingual site with the same two interfaces (English at the
  root, Arabic under ar/, each article page in both, linked by hreflang), each page's cells in the other
  language marked data-pagefind-ignore, so Pagefind indexes each text once, in its own language, over
  2,000 pages: the same output and the same search index as the toolkit's.

A git revision given with --before (e.g. main) is built the same way from a copy of the corpus in the same
run, so the figures before and after a change are taken side by side, and the two sites are compared file
for file (a speed-up must not change a byte).

The toolkit's builds here are cold: each runs in a fresh process, and the full build starts from a project
that has never been built (no site, no manifest, no cache of any kind). The run ends with a verdict for
both goals against both baselines, wall-clock and CPU, and the load average before and after: on a machine
whose load was over 1, the wall-clock verdict is not the goal's verdict.

    .venv/bin/python bench/build.py                  # 1000 articles x 20 blocks
    .venv/bin/python bench/build.py --articles 200 --keep DIR
    .venv/bin/python bench/build.py --articles 10000 --before main --no-hugo
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parent.parent
FULL_BUILD_GOAL_SECONDS = 10.0
REBUILD_GOAL_SECONDS = 1.0
FULL_BUILD_GOAL_RATIO = 0.8
REBUILD_GOAL_RATIO = 0.25
HUGO_CONFIG = 'baseURL = "http://127.0.0.1/"\ntitle = "bench"\ndisableKinds = ["taxonomy", "term"]\n'
HUGO_BILINGUAL_CONFIG = (
    HUGO_CONFIG
    + 'defaultContentLanguage = "en"\n[languages.en]\nweight = 1\nlanguageName = "English"\n'
    + '[languages.ar]\nweight = 2\nlanguageName = "العربية"\n'
)
HUGO_SINGLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<link rel="stylesheet" href="/site.css"></head><body><main data-pagefind-body><h1>{{ .Params.source_title }}
<br>{{ .Title }}</h1><p>{{ .Date.Format "2 January 2006" }}</p>
{{ range .Params.pairs }}<div class="pair"><div lang="ar" dir="rtl"><p>{{ .ar }}</p></div>
<div lang="en"><p>{{ .en }}</p></div></div>{{ end }}</main></body></html>
"""
# Both interfaces: the page in its interface's language and direction, linked to its other version, and the
# cells of the other language kept out of search, as the toolkit's pages are.
HUGO_BILINGUAL_SINGLE = """<!DOCTYPE html>{{ $ui := .Site.Language.Lang }}<html lang="{{ $ui }}"
dir="{{ if eq $ui "ar" }}rtl{{ else }}ltr{{ end }}"><head><meta charset="utf-8"><title>{{ .Title }}</title>
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .Permalink }}">{{ end }}
<link rel="stylesheet" href="/site.css"></head><body><nav>{{ range .Translations }}<a href="{{ .RelPermalink }}"
hreflang="{{ .Lang }}">{{ .Language.LanguageName }}</a>{{ end }}</nav><main data-pagefind-body><h1>
{{ .Params.source_title }}<br>{{ .Title }}</h1><p>{{ .Date.Format "2 January 2006" }}</p>
{{ range .Params.pairs }}<div class="pair"><div lang="ar" dir="rtl"{{ if ne $ui "ar" }} data-pagefind-ignore{{ end }}>
<p>{{ .ar }}</p></div><div lang="en"{{ if ne $ui "en" }} data-pagefind-ignore{{ end }}><p>{{ .en }}</p></div></div>
{{ end }}</main></body></html>
"""
HUGO_LIST = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Site.Title }}</title></head>
<body><main><ol>{{ range .Site.RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ .Date.Format "2 January 2006" }}</li>{{ end }}</ol></main></body></html>
"""
# The mix of states a corpus under review has; drafts and placeholders render differently from reviewed text.
STATE_CYCLE = ("reviewed",) * 7 + ("draft",) * 2 + ("untranslated",)


def _material() -> list[tuple[str, str, str]]:
    """(kind, Arabic, English) of every reviewed block entry in the repository's catalogs."""
    found = []
    for path in sorted((REPO / "translations").glob("*.po")):
        for entry in polib.pofile(str(path)):
            if entry.msgctxt != "title" and entry.msgstr and not entry.obsolete:
                kind = "heading" if "kind: heading" in entry.comment else "paragraph"
                found.append((kind, entry.msgid, entry.msgstr))
    if not found:
        sys.exit("bench/build.py needs the reviewed catalogs in translations/")
    return found


def _chinese_material() -> list[tuple[str, str, str]]:
    """(kind, Chinese, English) blocks for a zh -> en corpus (--chinese): news-like sentences naming CLDR's places,
    languages, currencies and scripts in Chinese and in English (Babel's data; no Chinese corpus ships here), so that
    the text holds thousands of different names of two to eight letters, many inside longer words."""
    from babel import Locale

    chinese, english = Locale("zh"), Locale("en")
    places, languages, currencies, scripts = (
        [
            (name, getattr(english, kind)[code])
            for code, name in sorted(getattr(chinese, kind).items())
            if code in getattr(english, kind)
        ]
        for kind in ("territories", "languages", "currencies", "scripts")
    )
    found = []
    for number in range(2 * len(languages)):
        one, other, host = (places[(number * step) % len(places)] for step in (1, 7, 13))
        language, currency, script = (names[number % len(names)] for names in (languages, currencies, scripts))
        if number % 5 == 0:
            found.append(("heading", f"{one[0]}与{other[0]}加强合作", f"{one[1]} and {other[1]} strengthen ties"))
        found.append(
            (
                "paragraph",
                f"{one[0]}和{other[0]}的代表{1 + number % 28}日在{host[0]}举行会谈，讨论了{currency[0]}汇率、"
                f"{language[0]}教育以及{script[0]}文献的保护问题。",
                f"Representatives of {one[1]} and {other[1]} met in {host[1]} on day {1 + number % 28} to discuss the "
                f"{currency[1]} exchange rate, {language[1]} teaching and the care of {script[1]} documents.",
            )
        )
    return found


def _catalog(
    number: int, blocks: int, material: list[tuple[str, str, str]], source_language: str = "ar"
) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=0)
    article_id = f"synthetic_{number:05d}"
    title = f"第{number}号文章" if source_language == "zh" else f"مقال رقم {number}"
    catalog.metadata = {
        "Project-Id-Version": "bench",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Language": "en",
        "X-Source-Language": source_language,
        "X-Article-Id": article_id,
        "X-Article-Title": title,
        "X-Article-Date": f"20{10 + number % 15:02d}-{1 + number % 12:02d}-{1 + number % 28:02d}",
        "X-Article-Outlet": "新华网" if source_language == "zh" else "وطن",
        "X-Article-Source": f"source/{article_id}.txt",
    }
    catalog.append(polib.POEntry(msgctxt="title", msgid=title, msgstr=f"Article number {number}"))
    for index in range(blocks):
        kind, arabic, english = material[(number * blocks + index) % len(material)]
        state = STATE_CYCLE[(number + index) % len(STATE_CYCLE)]
        entry = polib.POEntry(
            msgctxt=f"b-{number:04x}{index:04x}",
            msgid=f"{arabic} ({number}-{index})",
            msgstr="" if state == "untranslated" else f"{english} ({number}-{index})",
            comment=f"kind: {kind}",
        )
        if state == "draft":
            entry.flags.append("fuzzy")
        catalog.append(entry)
    return catalog


def write_project(project: Path, articles: int, blocks: int, chinese: bool = False) -> None:
    """The corpus: Arabic -> English from the repository's catalogs, or with `chinese` Chinese -> English."""
    project.mkdir(parents=True)
    settings = (REPO / "toolkit.toml").read_text(encoding="utf-8")
    if chinese:
        settings = settings.replace('source_language = "ar"', 'source_language = "zh"', 1)
    (project / "toolkit.toml").write_text(settings, encoding="utf-8")
    translations = project / "translations"
    translations.mkdir()
    material = _chinese_material() if chinese else _material()
    for number in range(articles):
        catalog = _catalog(number, blocks, material, "zh" if chinese else "ar")
        catalog.save(str(translations / f"synthetic_{number:05d}.po"))


def write_hugo_site(project: Path, hugo_dir: Path, bilingual: bool) -> None:
    """The catalogs' articles as a Hugo site: JSON front matter holding the title, date and pairs; with
    `bilingual`, every article in both interfaces (a content file per language: Hugo's translation by file
    name)."""
    (hugo_dir / "content" / "articles").mkdir(parents=True)
    (hugo_dir / "layouts" / "_default").mkdir(parents=True)
    config, single = (HUGO_BILINGUAL_CONFIG, HUGO_BILINGUAL_SINGLE) if bilingual else (HUGO_CONFIG, HUGO_SINGLE)
    (hugo_dir / "hugo.toml").write_text(config, encoding="utf-8")
    (hugo_dir / "layouts" / "_default" / "single.html").write_text(single, encoding="utf-8")
    (hugo_dir / "layouts" / "index.html").write_text(HUGO_LIST, encoding="utf-8")
    (hugo_dir / "layouts" / "_default" / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    for path in sorted((project / "translations").glob("*.po")):
        write_hugo_article(path, hugo_dir, bilingual)


def write_hugo_article(catalog_path: Path, hugo_dir: Path, bilingual: bool) -> None:
    catalog = polib.pofile(str(catalog_path))
    title = next(entry for entry in catalog if entry.msgctxt == "title")
    front = {
        "title": title.msgstr,
        "source_title": title.msgid,
        "date": catalog.metadata["X-Article-Date"],
        "pairs": [{"ar": e.msgid, "en": e.msgstr} for e in catalog if e.msgctxt != "title" and not e.obsolete],
    }
    text = json.dumps(front, ensure_ascii=False) + "\n"
    for suffix in (".en.md", ".ar.md") if bilingual else (".md",):
        (hugo_dir / "content" / "articles" / f"{catalog_path.stem}{suffix}").write_text(text, encoding="utf-8")


def _pagefind_binary() -> str:
    from pagefind.service import get_executable

    return str(get_executable())


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_hugo(hugo_dir: Path) -> dict:
    """hugo, then one Pagefind run over its output: wall-clock and CPU seconds of both, and Pagefind's CPU
    seconds alone (what indexing the same text costs whoever drives it: a floor under any build's CPU)."""
    pagefind = _pagefind_binary()
    before = _children_cpu()
    started = time.perf_counter()
    subprocess.run(["hugo", "--quiet", "-s", str(hugo_dir), "-d", str(hugo_dir / "public")], check=True)
    indexing = _children_cpu()
    subprocess.run([pagefind, "--site", str(hugo_dir / "public"), "--silent"], check=True)
    after = _children_cpu()
    return {"seconds": time.perf_counter() - started, "cpu_seconds": after - before, "pagefind_cpu": after - indexing}


def pagefind_over_our_input(project: Path, folder: Path) -> tuple[float, float, int]:
    """CPU seconds of Pagefind's binary over what the toolkit's build hands Pagefind of its built site (each
    article page's search input, written as the build writes it), run as Hugo's site's is: beside Hugo's
    Pagefind line, what indexing the toolkit's text costs by itself, whoever drives Pagefind. Twice: as one
    index, as over Hugo's site, and as the build's bundles (one run each, in turn), whose count is the third
    figure: what splitting the index for quick rebuilds costs a full build."""
    from toolkit.config import load_config
    from toolkit.site.build import site_info
    from toolkit.site.search import BundlePlan, _write_input, bundle_count, bundle_of

    site_dir = project / "site"
    searched = site_info(load_config(project)).searched
    pages = [path.relative_to(site_dir).as_posix() for path in sorted(site_dir.glob("**/articles/*.html"))]
    _write_input(site_dir, BundlePlan("", pages, ""), folder, searched)
    before = _children_cpu()
    subprocess.run([_pagefind_binary(), "--site", str(folder), "--silent"], check=True)
    one_index = _children_cpu() - before
    bundles = bundle_count(len(list(site_dir.glob("articles/*.html"))))
    by_bundle: dict[str, list[str]] = {}
    for page in pages:
        by_bundle.setdefault(bundle_of(Path(page).stem, bundles), []).append(page)
    before = _children_cpu()
    for number, members in enumerate(by_bundle.values()):
        bundle_folder = folder.with_name(f"{folder.name}-bundle-{number}")
        _write_input(site_dir, BundlePlan("", members, ""), bundle_folder, searched)
        subprocess.run([_pagefind_binary(), "--site", str(bundle_folder), "--silent"], check=True)
    return one_index, _children_cpu() - before, len(by_bundle)


def _ratios(ours: dict, hugo: dict) -> tuple[float, float]:
    """(wall-clock, CPU) of the toolkit's build against Hugo + Pagefind's."""
    return ours["process_seconds"] / hugo["seconds"], ours["cpu_seconds"] / hugo["cpu_seconds"]


def _ratio_line(name: str, ours: dict, hugo: dict, goal: float) -> str:
    wall, cpu = _ratios(ours, hugo)
    return (
        f"{name:<22}{wall:5.2f}x wall ({ours['process_seconds']:.2f} s vs {hugo['seconds']:.2f} s), "
        f"{cpu:5.2f}x CPU ({ours['cpu_seconds']:.2f} s vs {hugo['cpu_seconds']:.2f} s)  goal <= {goal:g}x: "
        f"{_verdict(wall, goal)} by wall, {_verdict(cpu, goal)} by CPU"
    )


def _verdict(ratio: float, goal: float) -> str:
    return "meets" if ratio <= goal else "MISSES"


def _load_text(load: tuple[float, float, float]) -> str:
    return ", ".join(f"{value:.1f}" for value in load)


def child(project: Path) -> None:
    """One build in this process; prints its figures as JSON for the parent."""
    from toolkit.config import load_config
    from toolkit.site.build import build_site

    started = time.perf_counter()
    result = build_site(load_config(project))
    seconds = time.perf_counter() - started
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
                "children_cpu_seconds": children.ru_utime + children.ru_stime,
                "written": len(result.written),
                "bundles": len(result.bundles_indexed),
                "build_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "indexer_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            }
        )
    )


def run_build(project: Path, toolkit_root: Path | None = None) -> dict:
    """One build in a child process, with the toolkit of `toolkit_root` (a revision's files) when given."""
    env = dict(os.environ)
    if toolkit_root is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(toolkit_root), env.get("PYTHONPATH")]))
    load = os.getloadavg()[0]
    started = time.perf_counter()
    finished = subprocess.run(
        [sys.executable, __file__, "--child", str(project)], capture_output=True, text=True, check=True, env=env
    )
    figures = json.loads(finished.stdout)
    figures["process_seconds"] = time.perf_counter() - started
    figures["load"] = load
    return figures


def _line(name: str, figures: dict, goal: float) -> str:
    verdict = "meets" if figures["seconds"] < goal else "MISSES"
    return (
        f"{name:<22}{figures['seconds']:6.2f} s (process {figures['process_seconds']:5.2f} s, "
        f"CPU {figures['cpu_seconds']:5.2f} s, of which Pagefind and render workers "
        f"{figures['children_cpu_seconds']:5.2f} s)  goal < {goal:g} s: "
        f"{verdict}  | {figures['written']} files written, {figures['bundles']} search bundles indexed, "
        f"peak memory {figures['build_rss_mb']:.0f} MB build, "
        f"{figures['indexer_rss_mb']:.0f} MB largest child (render worker or Pagefind); load {figures['load']:.1f}"
    )


def export_revision(revision: str, folder: Path) -> Path:
    """The toolkit package as it is at `revision` of this repository, unpacked under `folder`."""
    folder.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", revision, "toolkit"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def differences(old: dict[str, bytes], new: dict[str, bytes]) -> list[str]:
    """The files of two sites (as `_files` reads them) that differ or are in one only, sorted."""
    return sorted(name for name in old.keys() | new.keys() if old.get(name) != new.get(name))


def where_they_differ(differing: list[str]) -> str:
    """Which kind of file differs: Pagefind numbers a bundle's pages in the order it lists its input, so its
    index files (not the pages' records, its fragments) can differ while every page and record is the same."""
    search = [name for name in differing if name.startswith("pagefind/")]
    records = [name for name in search if "/fragment/" in name]
    return (
        f"{len(differing) - len(search)} outside the search bundles, {len(records)} of the pages' search records, "
        f"{len(search) - len(records)} of the search index files; e.g. {', '.join(differing[:5])}"
    )


def _same_site_line(before: Path, after: Path, revision: str) -> str:
    """Whether both toolkits made the same site, file for file and byte for byte (the search index too)."""
    old, new = _files(before), _files(after)
    differing = differences(old, new)
    if not differing:
        return f"site: {len(new)} files, byte for byte the same as {revision}'s"
    return f"site: {len(differing)} of {len(new)} files DIFFER from {revision}'s: {where_they_differ(differing)}"


def edit_one(project: Path, articles: int) -> Path:
    """Retitle the middle article; returns its catalog."""
    changed = project / "translations" / f"synthetic_{articles // 2:05d}.po"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace('msgstr "Article number', 'msgstr "Revised article number', 1), "utf-8")
    return changed


def build_three_times(label: str, project: Path, articles: int, toolkit_root: Path | None = None) -> dict:
    """Full build, rebuild with nothing changed, rebuild after one edit: each printed, all returned."""
    figures = {}
    for name, goal in (("full build", FULL_BUILD_GOAL_SECONDS), ("rebuild, no change", REBUILD_GOAL_SECONDS)):
        figures[name] = run_build(project, toolkit_root)
        print(_line(f"{label}{name}", figures[name], goal))
    edit_one(project, articles)
    figures["rebuild, one PO edited"] = run_build(project, toolkit_root)
    print(_line(f"{label}rebuild, one PO edited", figures["rebuild, one PO edited"], REBUILD_GOAL_SECONDS))
    return figures


def print_verdict(
    verdicts: list[tuple[str, tuple[float, float], tuple[float, float]]],
    start: tuple[float, float, float],
    end: tuple[float, float, float],
) -> None:
    """The goals' verdict, each baseline on a line, wall-clock first (the goal) and CPU beside it."""
    # Quiet: nothing else ran when the bench started, and at its end the one-minute load is no more than the
    # bench's own (a build keeps every core busy, so the load it leaves is about the core count).
    quiet = start[0] < 1.0 and end[0] < (os.cpu_count() or 1) + 1.0
    print(
        f"VERDICT (goals: full build <= {FULL_BUILD_GOAL_RATIO:g}x, one-article rebuild <= {REBUILD_GOAL_RATIO:g}x "
        "the time of Hugo followed by Pagefind):"
    )
    for name, (full_wall, full_cpu), (one_wall, one_cpu) in reversed(verdicts):
        fair = " (the fair baseline)" if name == "both interfaces" else ""
        print(
            f"  against {name}{fair}: full build {full_wall:.2f}x wall {_verdict(full_wall, FULL_BUILD_GOAL_RATIO)}, "
            f"{full_cpu:.2f}x CPU {_verdict(full_cpu, FULL_BUILD_GOAL_RATIO)}; one-article rebuild "
            f"{one_wall:.2f}x wall {_verdict(one_wall, REBUILD_GOAL_RATIO)}, "
            f"{one_cpu:.2f}x CPU {_verdict(one_cpu, REBUILD_GOAL_RATIO)}"
        )
    print(
        f"  load average {_load_text(start)} at the start, {_load_text(end)} at the end: "
        + (
            "a quiet machine, the wall-clock verdict stands"
            if quiet
            else "NOT a quiet machine (load 1 or more at the start, or more than the cores + 1 at the end), so "
            "the wall-clock ratios are not the goal's verdict; "
            "the CPU ratios, taken side by side, are"
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--blocks", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument("--before", metavar="REVISION", help="also build with the toolkit of this git revision")
    parser.add_argument("--no-hugo", action="store_true", help="leave out the Hugo + Pagefind baseline")
    parser.add_argument("--chinese", action="store_true", help="a Chinese -> English corpus (no Hugo baseline)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child)
        return
    workdir = Path(tempfile.mkdtemp(prefix="bench-build-")) if options.keep is None else options.keep
    project = workdir / "project"
    try:
        write_project(project, options.articles, options.blocks, options.chinese)
        load_at_start = os.getloadavg()
        print(f"corpus: {options.articles} articles x {options.blocks} blocks in {project}")
        print(
            f"machine: {os.cpu_count()} cores, load average {_load_text(load_at_start)} "
            "(other work slows wall-clock figures)"
        )
        if options.before:
            before_project = workdir / "before-project"
            shutil.copytree(project, before_project)
            old_toolkit = export_revision(options.before, workdir / "before-toolkit")
            build_three_times(f"[{options.before}] ", before_project, options.articles, old_toolkit)
        figures = build_three_times("[this tree] " if options.before else "", project, options.articles)
        if options.before:
            print(_same_site_line(before_project / "site", project / "site", options.before))
        full, one = figures["full build"], figures["rebuild, one PO edited"]
        changed = project / "translations" / f"synthetic_{options.articles // 2:05d}.po"
        if options.no_hugo or options.chinese:
            return
        if shutil.which("hugo") is None:
            print("Hugo + Pagefind baseline: hugo is not installed (Debian: apt-get install hugo)")
            return
        one_index, bundled, bundles = pagefind_over_our_input(project, workdir / "search-input")
        print(
            f"Pagefind alone over the toolkit's search input (its binary, as over Hugo's site): {one_index:.2f} s CPU "
            f"as one index, {bundled:.2f} s as the build's {bundles} bundles"
        )
        verdicts = []
        for name, bilingual in (("one interface", False), ("both interfaces", True)):
            hugo_dir = workdir / ("hugo-bilingual" if bilingual else "hugo")
            write_hugo_site(project, hugo_dir, bilingual)
            hugo_full = run_hugo(hugo_dir)
            write_hugo_article(changed, hugo_dir, bilingual)
            hugo_one = run_hugo(hugo_dir)
            print(
                f"Hugo + Pagefind, {name}: full {hugo_full['seconds']:.2f} s (CPU {hugo_full['cpu_seconds']:.2f} s, "
                f"of which Pagefind {hugo_full['pagefind_cpu']:.2f} s), after one edit {hugo_one['seconds']:.2f} s "
                f"(CPU {hugo_one['cpu_seconds']:.2f} s, of which Pagefind {hugo_one['pagefind_cpu']:.2f} s)"
            )
            print(_ratio_line("  full build", full, hugo_full, FULL_BUILD_GOAL_RATIO))
            print(_ratio_line("  one-article rebuild", one, hugo_one, REBUILD_GOAL_RATIO))
            verdicts.append((name, _ratios(full, hugo_full), _ratios(one, hugo_one)))
        load_at_end = os.getloadavg()
        print(f"load average at the end: {_load_text(load_at_end)}")
        print_verdict(verdicts, load_at_start, load_at_end)
    finally:
        if options.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
