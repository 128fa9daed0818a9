"""Lighthouse on the site, side by side with a blank page: the four categories of the index, an article and
the search page (empty, and with a query's results) in both interfaces, run after run.

Lighthouse's performance score is not the page's alone: its total blocking time is the main thread's long
tasks after the first paint, times four (a simulated mid-range phone), and on a loaded machine the work
Chromium does for every page (a new JavaScript context, the first layout) grows past 50 ms. So each round
also scores a blank page (a heading and a paragraph, nothing to load) served the same way: where the blank
page drops below 100 the machine did, and a page of the site that drops in a round where the blank page
stays at 100 is the site's own cost. The load average is printed at the start and the end.

The site is the repository's own project (translations/, toolkit.toml) built into a temporary folder and
served by `toolkit serve` (gzip, as readers get it). Lighthouse is npm's `lighthouse`, run with Debian's
chromium; give its cli/index.js with --lighthouse or put `lighthouse` on PATH.

    .venv/bin/python bench/lighthouse.py --runs 5
    .venv/bin/python bench/lighthouse.py --runs 3 --lighthouse /tmp/lh/node_modules/lighthouse/cli/index.js
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)
# The search page is also scored as a reader opens it from a link or a reload: with a query, its results in it.
SEARCHED = "Putin"
BLANK = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>A blank page</title>
<meta name="description" content="A heading and a paragraph, to score the machine rather than a site">
<link rel="icon" href="data:,"></head><body><h1>A blank page</h1><p>Nothing to load.</p></body></html>
"""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None


def _lighthouse_command(given: str | None) -> list[str]:
    if given:
        return ["node", given] if given.endswith(".js") else [given]
    found = shutil.which("lighthouse")
    if found is None:
        sys.exit("lighthouse not found: `npm install lighthouse` and give its cli/index.js with --lighthouse")
    return [found]


def _built_site(folder: Path) -> Path:
    project = folder / "project"
    project.mkdir()
    shutil.copy2(REPO / "toolkit.toml", project / "toolkit.toml")
    shutil.copytree(REPO / "translations", project / "translations")
    subprocess.run([sys.executable, "-m", "toolkit", "-C", str(project), "-q", "build"], check=True, cwd=REPO)
    return project


def served(project: Path, toolkit_root: Path | None = None) -> tuple[subprocess.Popen, str]:
    """`toolkit serve` of the project on a free port of 127.0.0.1, and its address once it serves; with the toolkit
    under `toolkit_root` (a revision's, as bench/build.py --before exports it) when given: serve builds the site
    first, and another toolkit's build would make it anew."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if toolkit_root is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(toolkit_root), env.get("PYTHONPATH")]))
    server = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "-C", str(project), "-q", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=toolkit_root or REPO,
        env=env,
    )
    for line in server.stdout:
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if found:
            return server, found.group(0)
    sys.exit("toolkit serve stopped before it served the site")


def _scores(command: list[str], url: str, output: Path) -> dict[str, float]:
    subprocess.run(
        [
            *command,
            url,
            f"--chrome-path={CHROMIUM}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            "--output=json",
            f"--output-path={output}",
            "--quiet",
            "--only-categories=" + ",".join(CATEGORIES),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    report = json.loads(output.read_text(encoding="utf-8"))
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    for metric in METRICS:
        scores[metric] = report["audits"][metric]["numericValue"]
        scores[metric + ":score"] = report["audits"][metric]["score"]
    return scores


def _losing_metric(run: dict[str, float]) -> str:
    lowest = min(METRICS, key=lambda metric: run[metric + ":score"])
    if run[lowest + ":score"] >= 1:
        return ""
    value = run[lowest]
    return f"{lowest} {value:.3f}" if lowest == "cumulative-layout-shift" else f"{lowest} {value:.0f} ms"


def _line(name: str, runs: list[dict[str, float]]) -> str:
    perfect = sum(all(run[category] == 100 for category in CATEGORIES) for run in runs)
    performance = [run["performance"] for run in runs]
    others = "/".join(str(min(run[category] for run in runs)) for category in CATEGORIES[1:])
    losses = sorted({_losing_metric(run).split(" ")[0] for run in runs} - {""})
    return (
        f"{name:<44} 100 in all four: {perfect}/{len(runs)}   performance min {min(performance):>3} "
        f"median {statistics.median(performance):>5}   a11y/bp/seo min {others}   lost on: {', '.join(losses) or '-'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="rounds over every page (default 3)")
    parser.add_argument("--lighthouse", help="lighthouse's cli/index.js (default: `lighthouse` on PATH)")
    options = parser.parse_args()
    command = _lighthouse_command(options.lighthouse)
    with tempfile.TemporaryDirectory(prefix="bench-lighthouse-") as temporary:
        folder = Path(temporary)
        project = _built_site(folder)
        article = sorted((project / "site" / "articles").glob("*.html"))[0].name
        pages = [
            f"{prefix}{name}"
            for prefix in ("", "ar/")
            for name in ("index.html", f"articles/{article}", "search.html", f"search.html?q={SEARCHED}")
        ]
        blank_root = folder / "blank"
        blank_root.mkdir()
        (blank_root / "index.html").write_text(BLANK, encoding="utf-8")
        blank_server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(blank_root)))
        threading.Thread(target=blank_server.serve_forever, daemon=True).start()
        blank_url = f"http://127.0.0.1:{blank_server.server_address[1]}/index.html"
        server, site_url = served(project)
        results: dict[str, list[dict[str, float]]] = {name: [] for name in ["blank page (the machine)", *pages]}
        print(f"load average at start: {' '.join(f'{value:.1f}' for value in os.getloadavg())}", flush=True)
        try:
            for round_number in range(options.runs):
                for name in results:
                    url = blank_url if name.startswith("blank") else site_url + name
                    run = _scores(command, url, folder / "report.json")
                    results[name].append(run)
                    print(
                        f"round {round_number + 1} {name}: "
                        + " ".join(str(run[category]) for category in CATEGORIES)
                        + (f"  ({_losing_metric(run)})" if _losing_metric(run) else ""),
                        flush=True,
                    )
        finally:
            server.terminate()
            server.wait()
            blank_server.shutdown()
        print(f"load average at end: {' '.join(f'{value:.1f}' for value in os.getloadavg())}")
        for name, runs in results.items():
            print(_line(name, runs))


if __name__ == "__main__":
    main()
