"""Small Chinese projects for running the real `toolkit translate` command in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parents[2]
TIMEOUT_SECONDS = 900

SENTENCES = [
    "外交部发言人今天在例行记者会上回答了有关问题。",
    "双方就地区安全局势交换了意见。",
    "会谈在友好的气氛中进行。",
    "专家认为，这一决定将对全球经济产生深远影响。",
    "据报道，代表团将于下周访问首都。",
    "政府表示将继续推进改革开放。",
    "市场对新的贸易协定反应积极。",
    "该国总统在电话中强调了对话的重要性。",
    "联合国秘书长呼吁各方保持克制。",
    "当地时间周三，议会通过了新的预算案。",
    "分析人士指出，谈判仍面临许多困难。",
    "警方正在调查事件的原因。",
    "学校将在九月初重新开学。",
    "这座城市计划在明年修建一条新的地铁线路。",
    "科学家发现了一种新的治疗方法。",
    "国际社会对此表示关注。",
    "双方同意加强在能源领域的合作。",
    "部长说，政府将提供更多的资金支持。",
]
TITLES = ["外交部回答记者提问", "双方讨论安全局势", "议会通过预算案", "专家谈全球经济", "政府推进改革"]


def write_article(project: Path, name: str, title: str, paragraphs: list[str]) -> Path:
    path = project / "source" / f"{name}.txt"
    path.write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def paragraph(number: int) -> str:
    """The number-th of 306 different two-sentence paragraphs (every ordered pair of distinct sentences)."""
    count = len(SENTENCES)
    first = number % count
    second = (first + 1 + number // count % (count - 1)) % count
    return SENTENCES[first] + SENTENCES[second]


def add_articles(project: Path, numbers: range, paragraphs: int = 3) -> None:
    for number in numbers:
        chosen = [paragraph(number * paragraphs + index) for index in range(paragraphs)]
        write_article(project, f"article-{number:02d}", TITLES[number % len(TITLES)] + f"（{number}）", chosen)


def make_project(folder: Path, model_file: Path | None, articles: int, paragraphs: int = 3) -> Path:
    """`articles` Chinese articles of `paragraphs` paragraphs of two sentences each, all different."""
    (folder / "source").mkdir(parents=True)
    model_line = f'model_file = "{model_file}"\n' if model_file is not None else ""
    (folder / "toolkit.toml").write_text(
        f'source_language = "zh"\ntarget_language = "en"\n{model_line}\n[site]\ntitle = "Test"\n',
        encoding="utf-8",
    )
    add_articles(folder, range(articles), paragraphs)
    return folder


def command(project: Path, *arguments: str) -> list[str]:
    return [sys.executable, "-m", "toolkit", "-C", str(project), *arguments]


def environment(packages: Path) -> dict[str, str]:
    values = dict(os.environ)
    python_path = os.pathsep.join(filter(None, [str(REPO), values.get("PYTHONPATH")]))
    values.update({"CI": "1", "ARGOS_PACKAGES_DIR": str(packages), "PYTHONPATH": python_path})
    return values


def run(project: Path, packages: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(project, *arguments),
        capture_output=True,
        text=True,
        env=environment(packages),
        timeout=TIMEOUT_SECONDS,
    )


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["msgfmt", "--check-format", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )


def chinese_catalog() -> str:
    """A zh -> en catalog in the toolkit's shape: paragraphs of one to four sentences of the bench's news
    lines, Latin words among them, drafts with the previous source, translator's notes, an obsolete entry."""
    chinese = [line for line in (REPO / "bench/data/zh_en.zh").read_text(encoding="utf-8").splitlines() if line]
    english = [line for line in (REPO / "bench/data/zh_en.en").read_text(encoding="utf-8").splitlines() if line]
    catalog = polib.POFile()
    catalog.header = "A Chinese article (zh -> en)."
    catalog.metadata = {"Language": "en", "Content-Type": "text/plain; charset=UTF-8", "X-Article-Title": chinese[0]}
    start = 0
    for number in range(20):
        size = 1 + number % 4
        source, target = "".join(chinese[start : start + size]), " ".join(english[start : start + size])
        start += size
        if number % 5 == 2:
            source = f"{source[:10]} Reuters (路透社) 2021年 {source[10:]}"
        entry = polib.POEntry(msgctxt=f"b-{number}", msgid=source, msgstr=target if number % 9 != 5 else "")
        entry.comment, entry.occurrences = "kind: paragraph", [("source/zh.txt", str(3 + 2 * number))]
        entry.flags = ["fuzzy"] if number % 3 == 1 else []
        entry.previous_msgid = f"{source[5:]}旧的" if number % 6 == 4 else None
        entry.tcomment = "译者注: a note long enough to be wrapped at some width." if number % 7 == 3 else ""
        catalog.append(entry)
    catalog.append(polib.POEntry(msgctxt="b-old", msgid=chinese[58], msgstr=english[58], obsolete=True))
    return str(catalog)
