"""Projects in tmp_path and a way to run the real `toolkit` command on them, as a user would."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
COMMAND_TIMEOUT_SECONDS = 600


def copy_default_project(destination: Path) -> Path:
    """The repository's own project (settings, seed articles, shipped translations), nothing generated."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "toolkit.toml", destination / "toolkit.toml")
    shutil.copytree(REPO / "source", destination / "source")
    if (REPO / "translations").is_dir():
        shutil.copytree(REPO / "translations", destination / "translations")
    return destination


def toolkit_command(project: Path, *arguments: str) -> list[str]:
    return [sys.executable, "-m", "toolkit", "-C", str(project), *arguments]


def command_environment(**extra: str) -> dict[str, str]:
    environment = dict(os.environ)
    environment["CI"] = "1"
    environment.update(extra)
    return environment


def run_toolkit(project: Path, *arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        toolkit_command(project, *arguments),
        capture_output=True,
        text=True,
        env=command_environment(**environment),
        timeout=COMMAND_TIMEOUT_SECONDS,
    )


def tree_hashes(folder: Path, skip: tuple[str, ...] = (".toolkit",)) -> dict[str, str]:
    """sha256 of every file under `folder` by relative path, leaving out private state folders."""
    hashes = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and relative.parts[0] not in skip:
            hashes[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


# News-style Chinese sentences for projects that run the real zh->en test model: enough variety that every
# paragraph is new work for the engine.
CHINESE_SENTENCES = [
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
    "今年前三个月，出口增长了百分之五。",
    "学校将在九月初重新开学。",
    "这座城市计划在明年修建一条新的地铁线路。",
    "科学家发现了一种新的治疗方法。",
    "天气预报说明天会有大雨。",
    "国际社会对此表示关注。",
    "双方同意加强在能源领域的合作。",
    "部长说，政府将提供更多的资金支持。",
    "这次会议吸引了来自三十多个国家的代表。",
    "北约秘书长表示，联盟的大门仍然敞开。",
    "俄罗斯要求西方提供书面的安全保障。",
    "美国官员说，他们已经回复了俄方的建议。",
]


def chinese_article(seed: int, paragraphs: int = 6) -> str:
    """A title and `paragraphs` paragraphs of two to four sentences, the same for the same seed."""
    rng = random.Random(seed)
    title = rng.choice(CHINESE_SENTENCES).rstrip("。")
    body = ["".join(rng.sample(CHINESE_SENTENCES, rng.randint(2, 4))) for _ in range(paragraphs)]
    return "\n\n".join([title, *body]) + "\n"


def make_chinese_project(project: Path, model_file: Path, articles: range) -> Path:
    """A zh->en project whose toolkit.toml points at the real test model, with `articles` as source files."""
    (project / "source").mkdir(parents=True, exist_ok=True)
    (project / "toolkit.toml").write_text(
        f'source_language = "zh"\ntarget_language = "en"\nmodel_file = "{model_file}"\nbeam_size = 2\n\n'
        '[site]\ntitle = "Chinese test press"\n',
        encoding="utf-8",
    )
    add_chinese_articles(project, articles)
    return project


def add_chinese_articles(project: Path, articles: range) -> None:
    for number in articles:
        (project / "source" / f"zh_{number:03d}.txt").write_text(chinese_article(number), encoding="utf-8")
