"""One big saved page: `toolkit clean` (with and without --explain) and `toolkit publish` on it, this code beside
the code of a git revision (--before), in one run.

A newsroom's saved page can be big: a live blog, a long transcript. Three pages, made here (Arabic, seeded):
  flat      one <article> of --paragraphs short paragraphs (100,000 by default: 5.6 MB of HTML)
  liveblog  a live blog of 5,000 paragraphs in 200 timestamped updates, with a header, a nav of 40 links, a
            share box after every update, an aside of 20 links, 300 comments and a footer
  common    an article of --common-paragraphs paragraphs of 40 to 80 words and a comment section the extractor
            leaves out, in the same few words, no number among them (--explain looks each left-out block up in
            what was kept; a merge finds no rarer word to look an edited paragraph up by)
Each command runs in a process of its own (`python -m toolkit`, the real CLI), in a fresh project holding the
page alone: `clean`, `clean --explain`, `publish`, and `republish`: the page published, then saved again as a
live blog is (a paragraph added at the top, every hundredth one edited) and published again, that second run
timed (on a page of at most --republish-paragraphs: before 2026-12-01 that merge was quadratic, 3.7 s of CPU
at 10,000 paragraphs, 16.8 s at 20,000); `rewrite`, `halfedit` and `reorder`, the same with every paragraph
edited, every second one, and every one with the article's two halves swapped (every changed paragraph scored
against every old one before 2026-12-01: quadratic again). Its CPU seconds (user + system, its children included) and
wall seconds are printed, with the ratio of this code to the revision's. The two codes alternate, command by
command. What each printed (clean's stdout and --explain's stderr; publish's site and catalogs, file for file)
must be the same for both codes; the bench says so or names what differs.

    .venv/bin/python bench/big_page.py --before main
    .venv/bin/python bench/big_page.py --before main --paragraphs 20000 --pages flat --commands republish
    .venv/bin/python bench/big_page.py --before main --pages common --commands rewrite,halfedit,reorder
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = [
    "قال",
    "وزير",
    "الخارجية",
    "إن",
    "المفاوضات",
    "مع",
    "الجانب",
    "الروسي",
    "ستستمر",
    "الأسبوع",
    "المقبل",
    "في",
    "العاصمة",
    "بحضور",
    "ممثلين",
    "عن",
    "الحلف",
    "والاتحاد",
    "الأوروبي",
    "وأكد",
    "أن",
    "الضمانات",
    "الأمنية",
]
LIVEBLOG_PARAGRAPHS = 5000
UPDATE_PARAGRAPHS = 25
CONFIG = 'source_language = "ar"\ntarget_language = "en"\n\n[site]\ntitle = "Big page"\n'


def _sentence(number: int, chooser: random.Random, shortest: int, longest: int) -> str:
    words = [chooser.choice(WORDS) for _ in range(chooser.randint(shortest, longest))]
    return " ".join(words) + f" رقم {number}."


def _common_words(chooser: random.Random, shortest: int, longest: int) -> str:
    return " ".join(chooser.choice(WORDS) for _ in range(chooser.randint(shortest, longest))) + "."


def flat_page(paragraphs: int) -> str:
    chooser = random.Random(1)
    body = "\n".join(f"<p>{_sentence(number, chooser, 2, 4)}</p>" for number in range(paragraphs))
    return (
        "<!DOCTYPE html><html lang='ar'><head><meta charset='utf-8'><title>مقال طويل</title></head><body>"
        f"<article><h1>مقال طويل جدا</h1>\n{body}\n</article></body></html>"
    )


def common_words_page(paragraphs: int) -> str:
    """An article of news-sized paragraphs and a comment section (one comment for every ten paragraphs, which
    the extractor leaves out) written in the same few words, no number among them: every word of a left-out
    block is on most lines."""
    chooser = random.Random(3)
    body = "\n".join(f"<p>{_common_words(chooser, 40, 80)}</p>" for _ in range(paragraphs))
    comments = "".join(
        f"<div class='comment'><p>{_common_words(chooser, 3, 8)}</p><a href='#'>رد</a></div>"
        for _ in range(paragraphs // 10)
    )
    return (
        "<!DOCTYPE html><html lang='ar'><head><meta charset='utf-8'><title>مقال طويل</title></head><body>"
        f"<main><article><h1>مقال طويل جدا</h1>\n{body}\n</article>"
        f"<section class='comments'><h3>التعليقات</h3>{comments}</section></main></body></html>"
    )


def liveblog_page() -> str:
    chooser = random.Random(2)
    nav = (
        "<nav><ul>" + "".join(f"<li><a href='/s{number}'>قسم {number}</a></li>" for number in range(40)) + "</ul></nav>"
    )
    parts = []
    for number in range(LIVEBLOG_PARAGRAPHS):
        update, place = divmod(number, UPDATE_PARAGRAPHS)
        if place == 0:
            hour = f"{update % 24:02d}:00"
            parts.append(f"<div class='update'><time datetime='2024-03-01T{hour}'>{hour}</time><h2>تحديث {update}</h2>")
        parts.append(f"<p>{_sentence(number, chooser, 8, 20)}</p>")
        if place == UPDATE_PARAGRAPHS - 1:
            parts.append("<div class='share'><a href='#'>شارك</a> <a href='#'>تويتر</a></div></div>")
    comments = "".join(
        f"<div class='comment'><span class='author'>قارئ {number}</span><p>{_sentence(number, chooser, 8, 20)}</p>"
        "<a href='#'>رد</a></div>"
        for number in range(300)
    )
    aside = "".join(f"<li><a href='/a{number}'>{_sentence(number, chooser, 4, 8)}</a></li>" for number in range(20))
    return (
        "<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'>"
        "<title>مباشر: تطورات المفاوضات | الموقع</title><meta property='og:title' content='مباشر: تطورات المفاوضات'>"
        "<meta name='author' content='فريق التحرير'>"
        "<meta property='article:published_time' content='2024-03-01T08:00:00Z'></head><body>"
        f"<header><a href='/'>الموقع</a></header>{nav}<main><article><h1>مباشر: تطورات المفاوضات</h1>"
        "<p class='byline'>بقلم فريق التحرير</p>\n" + "\n".join(parts) + "</article>"
        f"<aside><h3>الأكثر قراءة</h3><ul>{aside}</ul></aside><section class='comments'><h3>التعليقات</h3>"
        f"{comments}</section></main><footer><p>جميع الحقوق محفوظة 2024</p><a href='/privacy'>الخصوصية</a></footer>"
        "</body></html>"
    )


def saved_again(page: str, edited_every: int = 100, swapped: bool = False) -> str:
    """The page as a live blog is saved again: a paragraph added at the top, every hundredth paragraph of the
    article edited (a word added at its end; every `edited_every`-th: 1, every paragraph), and with `swapped`
    the two halves of the article's paragraphs swapped."""
    article, end, rest = page.partition("</article>")
    paragraphs = re.findall(r"<p>[^<]*</p>", article)
    paragraphs = [
        paragraph.replace(".</p>", " اليوم.</p>") if place % edited_every == edited_every - 1 else paragraph
        for place, paragraph in enumerate(paragraphs)
    ]
    if swapped:
        paragraphs = paragraphs[len(paragraphs) // 2 :] + paragraphs[: len(paragraphs) // 2]
    in_order = iter(paragraphs)
    article = re.sub(r"<p>[^<]*</p>", lambda _: next(in_order), article)
    return article.replace("</h1>", "</h1><p>فقرة جديدة في أعلى الصفحة بعد التحديث.</p>", 1) + end + rest


def export_revision(revision: str, folder: Path) -> Path:
    """The toolkit package as it is at `revision` of this repository, unpacked under `folder`."""
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", revision, "toolkit"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def _project(folder: Path, name: str, page: str) -> Path:
    (folder / "source").mkdir(parents=True)
    (folder / "toolkit.toml").write_text(CONFIG, encoding="utf-8")
    (folder / "source" / f"{name}.html").write_text(page, encoding="utf-8")
    return folder


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(code: Path, project: Path, arguments: list[str]) -> tuple[float, float, subprocess.CompletedProcess[bytes]]:
    """One toolkit command with the toolkit in `code` (its folder first on the path): CPU s, wall s, outcome."""
    packages = project.parent / "packages"
    packages.mkdir(exist_ok=True)
    environment = {
        **os.environ,
        "CI": "1",
        "ARGOS_PACKAGES_DIR": str(packages),  # no model: publish leaves the entries untranslated
        "PYTHONPATH": os.pathsep.join(filter(None, [str(code), os.environ.get("PYTHONPATH")])),
    }
    cpu, started = _cpu_of_children(), time.perf_counter()
    # In `code`: `python -m` puts the folder it runs in first on the path, ahead of PYTHONPATH (run from this
    # repository's root, both codes were this one).
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "-C", str(project), *arguments],
        capture_output=True,
        env=environment,
        cwd=code,
    )
    return _cpu_of_children() - cpu, time.perf_counter() - started, done


def _site(project: Path) -> dict[str, bytes]:
    """The site's files and the catalogs."""
    files = [path for folder in ("site", "translations") for path in (project / folder).rglob("*") if path.is_file()]
    return {path.relative_to(project).as_posix(): path.read_bytes() for path in files}


def _what_differs(outputs: dict[str, object]) -> str:
    (_, old), (_, new) = outputs.items()
    if old == new:
        return "same output"
    if isinstance(old, dict):
        differing = sorted(name for name in old.keys() | new.keys() if old.get(name) != new.get(name))
        return f"{len(differing)} site files DIFFER: {', '.join(differing[:4])}"
    return "output DIFFERS"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", metavar="REVISION", required=True, help="the code to compare with (e.g. main)")
    parser.add_argument("--paragraphs", type=int, default=100_000, help="paragraphs of the flat page")
    parser.add_argument("--republish-paragraphs", type=int, default=10_000, help="most paragraphs a republish has")
    # 10,000: 7.2 MB of HTML; 20,000 (14.4 MB) is past the toolkit's 8 MB limit for an article.
    parser.add_argument("--common-paragraphs", type=int, default=10_000, help="paragraphs of the common-words page")
    parser.add_argument("--pages", default="flat,liveblog,common", help="which pages (flat, liveblog, common)")
    parser.add_argument(
        "--commands",
        default="clean,explain,publish,republish,rewrite,halfedit,reorder",
        help="which (clean, explain, publish, republish; rewrite, halfedit, reorder: republish with every paragraph"
        " edited, every second one, every one and the halves swapped)",
    )
    options = parser.parse_args()
    makers = {
        "flat": lambda: flat_page(options.paragraphs),
        "liveblog": liveblog_page,
        "common": lambda: common_words_page(options.common_paragraphs),
    }
    republished = {
        "flat": lambda: flat_page(min(options.paragraphs, options.republish_paragraphs)),
        "common": lambda: common_words_page(min(options.common_paragraphs, options.republish_paragraphs)),
    }
    edits = {"republish": (100, False), "rewrite": (1, False), "halfedit": (2, False), "reorder": (1, True)}
    commands = {
        "clean": ["clean"],
        "explain": ["clean", "--explain"],
        "publish": ["publish"],
        "republish": ["publish"],
        "rewrite": ["publish"],
        "halfedit": ["publish"],
        "reorder": ["publish"],
    }
    with tempfile.TemporaryDirectory(prefix="toolkit-bench-big-page-") as scratch:
        root = Path(scratch)
        codes = {"this": REPO, options.before: export_revision(options.before, root / "before")}
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; CPU s = user + system, children too")
        print(f"{'page, command':<24} {'code':<10} {'CPU s':>8} {'wall s':>8}  ratio (this / {options.before}), output")
        for page_name in options.pages.split(","):
            page = makers[page_name]()
            print(f"{page_name}: {len(page.encode()) / 1e6:.1f} MB of HTML")
            for command in options.commands.split(","):
                figures, outputs = {}, {}
                for label, code in reversed(codes.items()):
                    # One folder for both codes: --explain names the page's path.
                    if command in edits:
                        first = republished[page_name]() if page_name in republished else page
                        project = _project(root / "run" / "project", page_name, first)
                        _run(code, project, ["publish"])
                        again = saved_again(first, *edits[command])
                        (project / "source" / f"{page_name}.html").write_text(again, encoding="utf-8")
                    else:
                        project = _project(root / "run" / "project", page_name, page)
                    cpu, wall, done = _run(code, project, commands[command])
                    if done.returncode not in (0, 3):  # 3: publish without a model, entries left untranslated
                        sys.exit(
                            f"{label}: toolkit {command} exited {done.returncode}:\n{done.stderr.decode()[-2000:]}"
                        )
                    figures[label] = (cpu, wall)
                    outputs[label] = _site(project) if "publish" in command else (done.stdout, done.stderr)
                    print(f"  {command:<22} {label:<10} {cpu:>8.2f} {wall:>8.2f}", flush=True)
                    shutil.rmtree(project.parent)
                (this_cpu, this_wall), (old_cpu, old_wall) = figures["this"], figures[options.before]
                print(
                    f"  {command:<22} {'ratio':<10} {this_cpu / old_cpu:>8.2f} {this_wall / old_wall:>8.2f}  "
                    f"{_what_differs(outputs)}"
                )


if __name__ == "__main__":
    main()
