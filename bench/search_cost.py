"""What a query costs the search page: Pagefind page fragments fetched, their bytes, and the time to the first
results and to the finished list, for short and common queries on a big archive, this code's site.js beside
another revision's in one run.

The site is a project `bench/build.py --keep DIR` built (1,000 articles of real Arabic and English text),
served by `toolkit serve` on 127.0.0.1 and stopped by its PID. Each query is typed into a fresh browser
context (no cache), in headless Chromium; the page's site.js is the one of the revision measured (given to the
page in place of the served one, so both revisions search the same index). "first" is when the first result
is shown, "final" when the status line says the list is done (its count, or that nothing holds the query).

    .venv/bin/python bench/build.py --articles 1000 --keep /tmp/bk --no-hugo
    .venv/bin/python bench/search_cost.py /tmp/bk/project --before main

A change to what the build gives Pagefind changes the index as well as site.js: --before-project names the
project the revision built (bench/build.py --before REVISION --keep DIR leaves it in DIR/before-project), whose
own site.js is measured on its own index beside this code's on PROJECT. --chinese asks Chinese queries of a
Chinese corpus (bench/build.py --chinese): names of CLDR's places, languages and currencies, the start, middle
and end of longer words, and letters no page holds in a row (北京, 国中, 界世: both letters common).

    .venv/bin/python bench/build.py --chinese --articles 1000 --before main --no-hugo --keep /tmp/zk
    .venv/bin/python bench/search_cost.py /tmp/zk/project --chinese --before main \\
        --before-project /tmp/zk/before-project
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time
from pathlib import Path

from lighthouse import served

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SITE_JS = "toolkit/site/static/site.js"
QUERIES = (
    "the", "of the", "in the", "a", "to", "pro", "co", "people", "health", "Putin", "Macron", "NATO",
    "World Health Organization", "zzqx",
    "ال", "بال", "في", "من", "بوتين", "الناتو",
)  # fmt: skip
CHINESE_QUERIES = (
    "世界", "中国", "美国", "日本", "语", "文", "汇率", "教育", "保护问题", "举行会谈", "阿法尔语", "法尔", "比塞塔",
    "安道尔比塞塔", "加强合作", "德国 汇率", "北京", "熊猫", "zzqx", "国中", "界世", "率汇", "中国 熊猫", "北京 上海",
)  # fmt: skip


def _script(revision: str | None) -> str:
    if revision is None:
        return (REPO / SITE_JS).read_text(encoding="utf-8")
    return subprocess.run(
        ["git", "show", f"{revision}:{SITE_JS}"], cwd=REPO, check=True, capture_output=True, text=True
    ).stdout


def _cost(browser, url: str, script: str, query: str) -> dict[str, float]:
    context = browser.new_context()
    page = context.new_page()
    page.route("**/static/site.js", lambda route: route.fulfill(body=script, content_type="text/javascript"))
    fragments: list[int] = []
    chunks: list[int] = []
    words: list[int] = []
    requests = 0

    def counted(response) -> None:
        nonlocal requests
        if "/fragment/" in response.url:
            fragments.append(len(response.body()))
        elif "/index/" in response.url:
            chunks.append(len(response.body()))
        elif response.url.endswith(".words"):
            words.append(len(response.body()))
        if started is not None:
            requests += 1

    started = None
    page.on("response", counted)
    page.goto(url + "search.html")
    page.wait_for_load_state("networkidle")
    started = time.perf_counter()
    page.locator("#search-query").fill(query)
    first = None
    deadline = started + 60
    while time.perf_counter() < deadline:
        if first is None and page.locator(".search-result").count():
            first = time.perf_counter() - started
        if page.locator(".search-status:not(:empty)").count():
            break
        page.wait_for_timeout(20)
    final = time.perf_counter() - started
    page.wait_for_timeout(300)  # fragments still arriving are counted
    results = page.locator(".search-result").count()
    context.close()
    return {
        "fetches": len(fragments),
        "kb": sum(fragments) / 1024,
        "index_kb": sum(chunks) / 1024,
        "words": len(words),
        "words_kb": sum(words) / 1024,
        "requests": requests,
        "first": first if first is not None else final,
        "final": final,
        "results": results,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a project bench/build.py --keep built")
    parser.add_argument("--before", metavar="REVISION", help="also measure this git revision's site.js")
    parser.add_argument("--before-project", type=Path, help="the project REVISION built, searched with its site.js")
    parser.add_argument("--chinese", action="store_true", help="Chinese queries, for bench/build.py --chinese")
    arguments = parser.parse_args()
    from playwright.sync_api import sync_playwright

    servers = []
    try:
        server, url = served(arguments.project)
        servers.append(server)
        versions = {"this code": (_script(None), url)}
        if arguments.before:
            before_url = url
            if arguments.before_project:
                # bench/build.py --before exports the revision's toolkit beside the project it built
                exported = arguments.before_project.parent / "before-toolkit"
                server, before_url = served(arguments.before_project, exported if exported.is_dir() else None)
                servers.append(server)
            versions = {arguments.before: (_script(arguments.before), before_url), **versions}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
            print(
                f"load {os.getloadavg()[0]:.1f}; fragments fetched, their kB (and the index chunks'), "
                "s to first results / to the final list"
            )
            totals: dict[str, list[dict[str, float]]] = {name: [] for name in versions}
            for query in CHINESE_QUERIES if arguments.chinese else QUERIES:
                row = []
                for name, (script, url) in versions.items():
                    cost = _cost(browser, url, script, query)
                    totals[name].append(cost)
                    row.append(
                        f"{name}: {cost['fetches']:4d} {cost['kb']:7.0f} kB (index {cost['index_kb']:5.0f} kB, "
                        f"{cost['words']:3d} word lists {cost['words_kb']:4.0f} kB, {cost['requests']:4d} requests) "
                        f"{cost['first']:5.2f} / "
                        f"{cost['final']:5.2f} s ({cost['results']:.0f} results)"
                    )
                print(f"{query!r:30} " + " | ".join(row))
            for name, costs in totals.items():
                for kind, chosen in (
                    ("with results", [c for c in costs if c["results"]]),
                    ("no results", [c for c in costs if not c["results"]]),
                ):
                    total = {key: sum(cost[key] for cost in chosen) for key in costs[0]}
                    print(
                        f"{name}, {len(chosen)} queries {kind}: {total['results']:.0f} results, "
                        f"fragments {total['fetches']:.0f} ({total['kb']:.0f} kB), "
                        f"word lists {total['words']:.0f} ({total['words_kb']:.0f} kB), "
                        f"index chunks {total['index_kb']:.0f} kB, requests {total['requests']:.0f}"
                    )
                print(
                    f"{name}: fragments total {sum(c['fetches'] for c in costs):.0f}, "
                    f"max {max(c['fetches'] for c in costs):.0f}; "
                    f"kB total {sum(c['kb'] for c in costs):.0f} "
                    f"(index chunks {sum(c['index_kb'] for c in costs):.0f}); "
                    f"median first {statistics.median(c['first'] for c in costs):.2f} s, "
                    f"max {max(c['first'] for c in costs):.2f} s; "
                    f"median final {statistics.median(c['final'] for c in costs):.2f} s, "
                    f"max {max(c['final'] for c in costs):.2f} s"
                )
            browser.close()
            print(f"load {os.getloadavg()[0]:.1f}")
    finally:
        for server in servers:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
