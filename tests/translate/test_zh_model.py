"""End to end with the real Argos zh -> en package (TOOLKIT_TEST_MODEL)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_decoding_joins_plain_pieces_exactly_as_sentencepiece_does(zh_packages_dir: Path):
    """The tokenizer joins outputs of ordinary pieces itself: every text must be SentencePiece's own, for the
    model's real outputs and for random runs of its pieces (spaces, the unknown and control pieces, a piece
    not in the vocabulary, which SentencePiece decodes)."""
    import random

    import sentencepiece

    from toolkit.translate.ctranslate import SentencePieceTokenizer, _plain_pieces

    [model] = zh_packages_dir.glob("*/sentencepiece.model")
    tokenizer = SentencePieceTokenizer(model)
    processor = sentencepiece.SentencePieceProcessor(model_file=str(model))
    vocabulary = [processor.id_to_piece(index) for index in range(processor.get_piece_size())]
    lines = (Path(__file__).parents[2] / "bench" / "data" / "zh_en.zh").read_text(encoding="utf-8").splitlines()
    english = ["The spokesman said on Monday  that talks would resume.", " Leading space", "a\u3000b", "x_y"]
    outputs = processor.encode([*lines, *english], out_type=str)
    rng = random.Random(7)
    special = ["▁", "<unk>", "<s>", "</s>", "▁notapiece", "▁▁"]
    for _ in range(3000):
        outputs.append([rng.choice(special if rng.random() < 0.2 else vocabulary) for _ in range(rng.randint(0, 9))])
    expected = [processor.decode_pieces(tokens).replace("▁", " ") if tokens else "" for tokens in outputs]
    assert tokenizer.decode_all(outputs) == expected
    # Joined here, not by SentencePiece: the package's model qualifies, all but its three special pieces.
    assert len(_plain_pieces(processor)) == len(vocabulary) - 3


@pytest.mark.parametrize(
    "settings",
    [{"OMP_NUM_THREADS": "abc"}, {"OMP_PROC_BIND": "maybe", "OMP_NUM_THREADS": "2", "GOMP_SPINCOUNT": "x"}],
)
def test_an_openmp_setting_the_engine_cannot_take_is_named_in_one_line(
    zh_installed: Path, tmp_path: Path, settings: dict[str, str]
) -> None:
    # libgomp, loaded with CTranslate2 and SentencePiece, read OMP_NUM_THREADS=abc and printed its own
    # "libgomp: Invalid value for environment variable OMP_NUM_THREADS" amid the run's output, naming neither the
    # value nor what to do.
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "--quiet", "translate-text", "--from", "zh", "--to", "en"],
        input="我喜欢猫。\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, **settings},
    )
    assert done.returncode == 0, done.stderr
    assert "cat" in done.stdout.lower()
    refused = ", ".join(
        f"{name}={value!r}" for name, value in sorted(settings.items()) if name != "OMP_NUM_THREADS" or value == "abc"
    )
    them = "it" if len(settings) == 1 else "them"
    assert done.stderr == (
        f"toolkit: warning: the translation engine's OpenMP runtime (libgomp) cannot take {refused}, so it goes "
        f"without {them}; fix or unset {them}\n"
    )


def test_text_in_another_script_than_the_model_s_is_named(zh_installed: Path, tmp_path: Path) -> None:
    # Arabic given to the zh -> en model came out "I'm sorry." with exit 0 and not a word: a script piping text
    # through `translate-text --from zh` took it for the translation.
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "--quiet", "translate-text", "--from", "zh", "--to", "en"],
        input="مرحبا بالعالم\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 1
    assert done.stderr == (
        "toolkit: warning: <stdin>: the text is in the Arabic script, not in that of Chinese (zh), the language the "
        "model translates from: its translation is not of the text; give --from the text's language\n"
    )
