"""End to end with the real Argos zh -> en package (TOOLKIT_TEST_MODEL)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from toolkit.config import Config
from toolkit.scripts import script_share
from toolkit.translate.packages import load_translator

HAN = re.compile(r"[\u4e00-\u9fff]")


def english_words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def test_chinese_paragraphs_become_english_in_order(zh_installed: Path, tmp_path: Path):
    translator = load_translator(Config(project_dir=tmp_path, source_language="zh"))
    paragraphs = [
        "我喜欢猫。",
        "",
        "今天天气很好！我们去公园散步吧。\n北京是中国的首都。",
        "我喜欢猫。",
        "警方已经逮捕了三名犯罪嫌疑人。",
    ]
    done: list[int] = []
    drafts = translator.translate(paragraphs, done.append)

    assert len(drafts) == len(paragraphs)
    assert sum(done) == translator.count_sentences(paragraphs) == 6
    texts = [draft.text for draft in drafts]
    assert "cat" in english_words(texts[0]) or "cats" in english_words(texts[0])
    assert texts[1] == ""
    assert texts[2].count("\n") == 1
    assert {"beijing", "capital"} <= english_words(texts[2].split("\n")[1])
    assert texts[3] == texts[0]
    assert "police" in english_words(texts[4])
    for text in texts:
        assert not HAN.search(text)
        assert script_share(text, "latin") == (1.0 if text else 0.0)
    assert all(draft.warnings == () for draft in drafts)


def test_translate_text_keeps_line_count_order_and_empty_lines(zh_installed: Path, tmp_path: Path):
    lines = "我喜欢猫。\n\n北京是中国的首都。\n"
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "--quiet", "translate-text", "--from", "zh", "--to", "en"],
        input=lines,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout.split("\n")
    assert len(out) == 4 and out[3] == ""
    assert "cat" in out[0].lower() and out[1] == "" and "beijing" in out[2].lower()
    assert not HAN.search(done.stdout)
    assert done.stderr == ""
