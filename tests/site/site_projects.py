"""Small projects of generated PO catalogs in the layout toolkit/catalog documents, for the site tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib

TOML = """source_language = "ar"
target_language = "en"

[site]
title = "Test site"
description = "Generated catalogs"
base_url = "https://example.org/news/"
"""


@dataclass(frozen=True)
class BlockSpec:
    block_id: str
    source: str
    target: str = ""
    state: str = "reviewed"  # reviewed | draft | untranslated
    kind: str = "paragraph"


def catalog_text(
    article_id: str,
    title: tuple[str, str],
    blocks: list[BlockSpec],
    date: str = "2022-01-28",
    outlet: str = "وطن",
    byline: str = "",
    attribution: str = "",
) -> str:
    catalog = polib.POFile(wrapwidth=0)
    catalog.metadata = {
        "Project-Id-Version": "Test site",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Language": "en",
        "X-Source-Language": "ar",
        "X-Article-Id": article_id,
        "X-Article-Title": title[0],
        "X-Article-Date": date,
        "X-Article-Byline": byline,
        "X-Article-Outlet": outlet,
        "X-Article-Source": f"source/{article_id}.txt",
        "X-Article-Attribution": attribution,
    }
    catalog.append(polib.POEntry(msgctxt="title", msgid=title[0], msgstr=title[1], comment="kind: title"))
    for block in blocks:
        entry = polib.POEntry(
            msgctxt=block.block_id,
            msgid=block.source,
            msgstr="" if block.state == "untranslated" else block.target,
            comment=f"kind: {block.kind}",
        )
        if block.state == "draft":
            entry.flags.append("fuzzy")
        catalog.append(entry)
    return str(catalog)


def sample_blocks(article: int, count: int = 4) -> list[BlockSpec]:
    states = ["reviewed", "draft", "untranslated", "reviewed"]
    blocks = [BlockSpec("b-0000head", f"عنوان فرعي {article}", f"Subheading {article}", "reviewed", "heading")]
    for number in range(1, count):
        blocks.append(
            BlockSpec(
                f"b-{article:04x}{number:04x}",
                f"قال الرئيس فلاديمير بوتين (Vladimir Putin) في 26 يناير إن الناتو رقم {number} في المقال {article}.",
                f"President Vladimir Putin (فلاديمير بوتين) said on 26 January that NATO, item {number} of {article}.",
                states[number % len(states)],
            )
        )
    return blocks


def write_project(root: Path, catalogs: dict[str, str], toml: str = TOML) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "toolkit.toml").write_text(toml, encoding="utf-8")
    translations = root / "translations"
    translations.mkdir(exist_ok=True)
    for name, text in catalogs.items():
        (translations / f"{name}.po").write_text(text, encoding="utf-8")
    return root


def sample_project(root: Path, articles: int = 3) -> Path:
    catalogs = {
        f"{number:03d}_sample": catalog_text(
            f"{number:03d}_sample",
            (f"عنوان المقال {number}", f"Article title {number}"),
            sample_blocks(number),
            date=f"2022-01-{10 + number:02d}",
        )
        for number in range(articles)
    }
    return write_project(root, catalogs)
