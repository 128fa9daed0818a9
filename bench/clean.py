"""Clean-stage speed, beside trafilatura alone, and what HTML mode finds on each devdata page.

    .venv/bin/python bench/clean.py [--seconds 3]

Measured after one warm-up pass, passes of each alternating for --seconds per measurement, in this process's
CPU time (the machine is shared: wall time counts the waits for a core, which on a loaded machine vary tenfold
from pass to pass). Each HTML page counts with its own fastest pass, the raw-text corpus with its fastest pass
(a pass over eight pages at once varied 1.4-1.9x under load; page by page, 1.2x):
  raw text   the five seeds and the eight devdata/text pages through toolkit.clean.pipeline.clean_corpus
             (files read, decoded, corpus evidence, line rules): what `toolkit clean` runs
  HTML       the eight devdata/html pages through the same pipeline (extract_page, then the line rules)
  extract_page alone, the HTML reader without the line rules
  trafilatura.extract() on the same pages, given the decoded text (its best case): with its defaults, and
             with include_comments=False as the toolkit calls it
Goals (issue 2): raw text >= 200 articles/s; HTML mode no slower than 1.5x trafilatura's extract() alone.

Streamed HTML corpus: --copies copies of each devdata page (each with a paragraph of its own) in a temporary
project, cleaned whole through clean_stream as `toolkit publish` streams them, beside the way it ran before
each page's extraction was kept for the cleaning: read_document in the evidence pass and again in the
cleaning. Each run is its own process (so its peak RSS is its own); the two alternate --rounds times and the
fastest wall time of each counts, with that run's CPU seconds and the highest peak RSS of its kind.

Then, per devdata page, whether HTML mode found the title (the og:title, or the og:title minus its site
name), the publication date of the htmldate gold, and the lead (the og:description, where the page prints
it). Word overlap with trafilatura's text is not shown: trafilatura's output is not a gold. Last, how many
words trafilatura extracts per page with favor_precision, the default and favor_recall (the measurement
behind the [html] extraction_focus setting).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import trafilatura

from toolkit.clean.corpus import build_corpus_evidence
from toolkit.clean.html import extract_page
from toolkit.clean.pipeline import clean_corpus, clean_file, clean_stream, read_document, settings_for
from toolkit.clean.text import normalize
from toolkit.config import Config, load_config
from toolkit.model import Article

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
DEVDATA_TEXT = sorted((SHARED / "devdata" / "text").glob("*.raw.txt"))
DEVDATA_HTML = sorted((SHARED / "devdata" / "html").glob("*.html"))
RAW_TEXT_GOAL = 200.0  # articles per second
HTML_SLOWDOWN_GOAL = 1.5  # times trafilatura's extract() alone
MIN_PASSES = 5  # of each run, however long they take
LEAD_PROBE_CHARS = 80  # descriptions are cut off mid-word; this much identifies the lead
# 320 pages: the extraction dominates the run, as in a real scraped corpus, and a round of both ways takes
# about 20 s.
DEFAULT_COPIES = 40
DEFAULT_ROUNDS = 2
COPY_PARAGRAPH = "هذه النسخة رقم {number} من الصفحة، أضيفت إليها هذه الفقرة لتختلف عن النسخ الأخرى."


def best_rates(runs: dict[str, tuple[list[Callable[[], object]], int]], seconds: float) -> dict[str, float]:
    """Articles per CPU second of each run: a list of items (one page each, or one whole corpus pass) and the
    number of articles they make together; each item counts with its fastest pass.

    Passes of all runs alternate item by item for `seconds` each (MIN_PASSES at least), so a machine busy with
    other work slows them alike; the fastest pass of each item is the one least disturbed by it, and a page
    taken alone cannot be disturbed by what happened to the pages before it in the same pass.
    """
    for items, _ in runs.values():
        for item in items:
            item()
    fastest = {name: [float("inf")] * len(items) for name, (items, _) in runs.items()}
    started, passes = time.perf_counter(), 0
    while passes < MIN_PASSES or time.perf_counter() - started < seconds * len(runs):
        passes += 1
        for index in range(max(len(items) for items, _ in runs.values())):
            for name, (items, _) in runs.items():
                if index < len(items):
                    begun = time.process_time()
                    items[index]()
                    fastest[name][index] = min(fastest[name][index], time.process_time() - begun)
    return {name: articles / sum(fastest[name]) for name, (_, articles) in runs.items()}


def _clean_all(config: Config, paths: list[Path]) -> list[Article]:
    articles, errors = clean_corpus(config, paths)
    if errors:
        raise SystemExit("; ".join(str(error) for error in errors))
    return articles


def speed(config: Config, seconds: float) -> None:
    raw_paths = SEEDS + DEVDATA_TEXT
    pages = [path.read_text(encoding="utf-8") for path in DEVDATA_HTML]
    language = config.source_language
    # Each HTML page is its own item, through the whole pipeline (read, decoded, extracted, its evidence
    # counted, cleaned); the raw text is one pass over its corpus, whose evidence is shared.
    html_items: dict[str, Callable[[Path, str], object]] = {
        "HTML, pipeline": lambda path, page: _clean_all(config, [path]),
        "HTML, extract_page alone": lambda path, page: extract_page(page, language),
        "trafilatura.extract(), defaults": lambda path, page: trafilatura.extract(page),
        "trafilatura.extract(include_comments=False)": lambda path, page: trafilatura.extract(
            page, include_comments=False
        ),
    }
    runs = {"raw text, pipeline": ([lambda: _clean_all(config, raw_paths)], len(raw_paths))}
    for name, run in html_items.items():
        runs[name] = ([partial(run, path, page) for path, page in zip(DEVDATA_HTML, pages, strict=True)], len(pages))
    rates = best_rates(runs, seconds)
    print(f"articles per CPU second, fastest passes ({len(raw_paths)} raw-text files, {len(pages)} HTML pages)")
    for name, value in rates.items():
        print(f"  {name:45} {value:8.1f}")
    raw = rates["raw text, pipeline"]
    print(f"raw text: {raw:.0f} articles/s, goal >= {RAW_TEXT_GOAL:g}: {_verdict(raw >= RAW_TEXT_GOAL)}")
    for name in ("trafilatura.extract(), defaults", "trafilatura.extract(include_comments=False)"):
        slowdown = rates[name] / rates["HTML, pipeline"]
        verdict = _verdict(slowdown <= HTML_SLOWDOWN_GOAL)
        print(f"HTML pipeline time / {name}: {slowdown:.2f}x, goal <= {HTML_SLOWDOWN_GOAL:g}x: {verdict}")


def _verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


def _lead_probe(description: str) -> str:
    return normalize(re.sub(r"\s*(\.{2,}|…)\s*$", "", description.replace("&nbsp;", " ")))[:LEAD_PROBE_CHARS]


def findings(config: Config) -> None:
    articles = {article.id: article for article in _clean_all(config, DEVDATA_HTML)}
    print("\nHTML mode on the devdata pages (title vs og:title, date vs htmldate gold, lead = og:description)")
    tally = {"title": 0, "date": 0, "lead": 0, "lead on page": 0}
    for path in DEVDATA_HTML:
        meta = json.loads(path.with_suffix(".meta.json").read_text(encoding="utf-8"))
        article = articles[path.stem]
        if article.title == meta["og_title"]:
            title = "yes"
        elif article.title and article.title in meta["og_title"]:
            title = "yes, site name cut"
        else:
            title = f"NO ({article.title!r})"
        date = "yes" if article.date == meta["publication_date_gold"] else f"NO ({article.date})"
        probe = _lead_probe(meta["og_description"])
        raw_text = (SHARED / "devdata" / "text" / f"{path.stem}.raw.txt").read_text(encoding="utf-8")
        if probe not in normalize(raw_text):
            lead = "n/a (not printed on the page)"
        elif any(normalize(block.text).startswith(probe) for block in article.blocks):
            lead, tally["lead"], tally["lead on page"] = "yes", tally["lead"] + 1, tally["lead on page"] + 1
        else:
            lead, tally["lead on page"] = "NO", tally["lead on page"] + 1
        tally["title"] += title.startswith("yes")
        tally["date"] += date == "yes"
        words = sum(len(block.text.split()) for block in article.blocks)
        print(
            f"  {path.stem:42} title {title:18} date {date:5} lead {lead:30} "
            f"{len(article.blocks):3} blocks {words:4} words"
        )
    pages = len(DEVDATA_HTML)
    print(
        f"  found: title {tally['title']}/{pages}, date {tally['date']}/{pages}, "
        f"lead {tally['lead']}/{tally['lead on page']} (pages that print it)"
    )


def focus_comparison() -> None:
    """Words trafilatura keeps per page in each focus, and the words one focus keeps that another drops: the
    measurement behind extraction_focus in settings.toml."""
    print("\ntrafilatura focus on the devdata pages (words extracted; words only that focus or balanced has)")
    for path in DEVDATA_HTML:
        page = path.read_text(encoding="utf-8")
        texts = {
            focus: trafilatura.extract(
                page,
                include_comments=False,
                favor_precision=focus == "precision",
                favor_recall=focus == "recall",
            )
            or ""
            for focus in ("precision", "balanced", "recall")
        }
        words = {focus: set(text.split()) for focus, text in texts.items()}
        cells = [
            f"{focus} {len(texts[focus].split()):4} (+{len(words[focus] - words['balanced'])}"
            f"/-{len(words['balanced'] - words[focus])})"
            for focus in ("precision", "recall")
        ]
        print(f"  {path.stem:42} balanced {len(texts['balanced'].split()):4}   " + "   ".join(cells))


# The end of a paragraph of 200 characters or more: the shorter ones on the devdata pages are menus and
# teasers, whose neighbourhood the extractor drops. Two pages have no such paragraph: their body ends instead.
_BODY_PARAGRAPH_END = re.compile(r"(?<=[^<>]{200})</p>|</body>", re.IGNORECASE)


def _with_paragraph(page: str, paragraph: str) -> str:
    """The page with one more paragraph after its first long one, or at the end of its body."""

    def inserted(end: re.Match[str]) -> str:
        if end[0].lower() == "</p>":
            return f"{end[0]}<p>{paragraph}</p>"
        return f"<p>{paragraph}</p>{end[0]}"

    return _BODY_PARAGRAPH_END.sub(inserted, page, count=1)


def write_page_corpus(project: Path, copies: int) -> int:
    """A project whose source/ holds `copies` copies of each devdata page, each with a paragraph of its own."""
    source = project / "source"
    source.mkdir(parents=True)
    for path in DEVDATA_HTML:
        page = path.read_text(encoding="utf-8")
        for number in range(copies):
            copy = _with_paragraph(page, COPY_PARAGRAPH.format(number=number))
            (source / f"{path.stem}_{number:03d}.html").write_text(copy, encoding="utf-8")
    return len(DEVDATA_HTML) * copies


def _two_extractions(config: Config) -> list[Article]:
    """The stream as it was before: every page read and extracted for the evidence, then again to clean it."""
    paths = sorted(config.source_dir.glob("*.html"))
    evidence = (read_document(path, path.read_bytes(), config).lines for path in paths)
    corpus = build_corpus_evidence(evidence, settings_for(config).corpus)
    return [clean_file(path, path.read_bytes(), config, corpus) for path in paths]


def _streamed(config: Config) -> list[Article]:
    run = clean_stream(config)
    articles = list(run.articles)
    if run.errors:
        raise SystemExit("; ".join(str(error) for error in run.errors))
    return articles


STREAM_RUNS: dict[str, Callable[[Config], list[Article]]] = {
    "before (two extractions)": _two_extractions,
    "after (one extraction)": _streamed,
}


def streamed_run(way: str, project: Path) -> None:
    """One way through the corpus in this process: prints its wall and CPU seconds, peak RSS and a digest."""
    config = load_config(project)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    started, cpu = time.perf_counter(), usage.ru_utime + usage.ru_stime
    articles = STREAM_RUNS[way](config)
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    figures = {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime - cpu,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "digest": hashlib.sha256(repr(articles).encode()).hexdigest(),
    }
    print(json.dumps(figures))


def streamed_corpus(copies: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        pages = write_page_corpus(project, copies)
        best: dict[str, dict[str, float | str]] = {}
        peaks: dict[str, float] = dict.fromkeys(STREAM_RUNS, 0.0)
        for _ in range(rounds):
            for way in STREAM_RUNS:
                child = [sys.executable, __file__, "--streamed-run", way, str(project)]
                figures = json.loads(subprocess.run(child, capture_output=True, text=True, check=True).stdout)
                peaks[way] = max(peaks[way], figures["peak_rss_mb"])
                if way not in best or figures["wall_s"] < best[way]["wall_s"]:
                    best[way] = figures
    print(f"\nstreamed HTML corpus, {pages} pages through clean_stream, fastest of {rounds}")
    for way, figures in best.items():
        print(
            f"  {way:28} {figures['wall_s']:6.1f} s wall {figures['cpu_s']:6.1f} s CPU "
            f"{pages / figures['wall_s']:6.1f} pages/s  peak RSS {peaks[way]:6.1f} MB"
        )
    before, after = (best[way] for way in STREAM_RUNS)
    print(
        f"  after / before: {after['wall_s'] / before['wall_s']:.2f}x wall; "
        f"same articles: {'yes' if after['digest'] == before['digest'] else 'NO'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time spent on each measurement")
    parser.add_argument("--copies", type=int, default=DEFAULT_COPIES, help="copies of each page, streamed corpus")
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS, help="runs of each way, streamed corpus")
    parser.add_argument("--streamed-run", nargs=2, metavar=("WAY", "PROJECT"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.streamed_run:
        way, project = arguments.streamed_run
        streamed_run(way, Path(project))
        return
    if not SEEDS or not DEVDATA_HTML:
        raise SystemExit(f"no seeds or devdata under {SHARED}")
    with tempfile.TemporaryDirectory() as project:
        config = load_config(project)
        speed(config, arguments.seconds)
        findings(config)
    focus_comparison()
    streamed_corpus(arguments.copies, arguments.rounds)


if __name__ == "__main__":
    main()
