"""Does a draft's confidence track its quality? Rank correlation with sentence chrF, beside the raw model score.

    bench/confidence.py bench/data/zh_en.zh bench/data/zh_en.en --from zh --to en
    bench/confidence.py newstest2021.zh-en.src.zh newstest2021.zh-en.ref.A.en --from zh --to en

Each line is one entry, translated by the toolkit's engine as `toolkit translate` does; a second table
joins --join consecutive lines into one entry, as a news paragraph of several sentences is one. Per entry:
chrF against the reference (sacrebleu, sentence level), CTranslate2's raw score (its length-penalised
log-probability; the mean over the entry's sentences) and the toolkit's confidence
(toolkit/translate/confidence.py). Printed: Spearman's rank correlation of each with chrF, and of the
variants tried on the way, so that what each ingredient adds or costs is seen in one run.
Use --package-file to install a package into a temporary ARGOS_PACKAGES_DIR first; --dump FILE keeps the
scores, and --scores FILE reads them back instead of translating again.

Where the bigger test set comes from: WMT21's news test set (newstest2021, 1,948 lines of Chinese news with
professional references), published by the WMT conference in its public wmt21-news-systems repository
(txt/sources and txt/references); it is not copied here, only read from where you put it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from toolkit.translate.confidence import draft_confidence
from toolkit.translate.engine import SentenceScore

Scores = Sequence[SentenceScore]


def ranks(values: Sequence[float]) -> list[float]:
    """Ranks from 0, ties given their mean rank."""
    order = sorted(range(len(values)), key=values.__getitem__)
    result = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            result[order[position]] = (start + end) / 2
        start = end + 1
    return result


def spearman(first: Sequence[float], second: Sequence[float]) -> float:
    a, b = ranks(first), ranks(second)
    mean_a, mean_b = statistics.fmean(a), statistics.fmean(b)
    covariance = sum((x - mean_a) * (y - mean_b) for x, y in zip(a, b, strict=True))
    spread = math.sqrt(sum((x - mean_a) ** 2 for x in a) * sum((y - mean_b) ** 2 for y in b))
    return covariance / spread if spread else 0.0


def _token_mean(scores: Scores) -> float:
    weights = [score.output_tokens + 1 for score in scores]
    return sum(score.log_prob * weight for score, weight in zip(scores, weights, strict=True)) / sum(weights)


def min_log_prob(scores: Scores) -> float:
    return min(score.log_prob for score in scores)


def _log_ratio(score: SentenceScore) -> float:
    return math.log(max(score.output_tokens, 1) / max(score.source_tokens, 1))


def _length_ratio_gap(scores: Scores, typical: float) -> float:
    return statistics.fmean(abs(_log_ratio(score) - typical) for score in scores)


def _repetition(scores: Scores) -> float:
    return statistics.fmean(1 - score.distinct_output_tokens / max(score.output_tokens, 1) for score in scores)


def variants(typical_log_ratio: float) -> dict[str, Callable[[Scores], float]]:
    """Every way of scoring an entry that was measured; the first is the baseline, the second what ships
    (the token-weighted mean per-token log-probability, as a probability)."""
    return {
        "raw model score (mean over sentences)": lambda scores: statistics.fmean(s.model_score for s in scores),
        "toolkit confidence": lambda scores: draft_confidence(scores) or 0.0,
        "raw score, worst sentence": lambda scores: min(s.model_score for s in scores),
        "per-token log-prob, plain mean over sentences": lambda scores: statistics.fmean(s.log_prob for s in scores),
        "per-token log-prob, worst sentence": min_log_prob,
        "per-token log-prob, half whole draft, half worst": lambda scores: (
            (_token_mean(scores) + min_log_prob(scores)) / 2
        ),
        "toolkit - 0.2 x length ratio gap": lambda scores: (
            _token_mean(scores) - 0.2 * _length_ratio_gap(scores, typical_log_ratio)
        ),
        "toolkit - 0.5 x length ratio gap": lambda scores: (
            _token_mean(scores) - 0.5 * _length_ratio_gap(scores, typical_log_ratio)
        ),
        "toolkit - 0.5 x repeated token share": lambda scores: _token_mean(scores) - 0.5 * _repetition(scores),
        "toolkit - 2.0 x repeated token share": lambda scores: _token_mean(scores) - 2.0 * _repetition(scores),
        "source length in tokens (shorter = better)": lambda scores: -sum(s.source_tokens for s in scores),
    }


def translate(lines: list[str], source: str, target: str) -> list[dict]:
    from toolkit.config import Config
    from toolkit.translate.packages import load_translator

    translator = load_translator(Config(project_dir=Path.cwd(), source_language=source, target_language=target))
    drafts = translator.translate(lines)
    return [{"text": draft.text, "scores": [score._asdict() for score in draft.sentence_scores]} for draft in drafts]


def _install(package_file: Path, folder: str) -> None:
    os.environ["ARGOS_PACKAGES_DIR"] = folder
    subprocess.run(
        [sys.executable, "-m", "toolkit", "models", "install", "--from", str(package_file)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path, help="source lines, one entry per line")
    parser.add_argument("ref", type=Path, help="reference translations, line by line")
    parser.add_argument("--from", dest="source", required=True)
    parser.add_argument("--to", dest="target", required=True)
    parser.add_argument("--package-file", type=Path, help="install this .argosmodel into a temporary folder first")
    parser.add_argument("--dump", type=Path, help="write the drafts and their scores to this JSON file")
    parser.add_argument("--scores", type=Path, help="read drafts and scores from a --dump file instead of translating")
    parser.add_argument("--join", type=int, default=3, help="also score entries of this many lines joined")
    args = parser.parse_args()

    lines = args.file.read_text(encoding="utf-8").splitlines()
    references = args.ref.read_text(encoding="utf-8").splitlines()
    if len(references) != len(lines):
        sys.exit(f"{args.ref} has {len(references)} lines, {args.file} has {len(lines)}")
    if args.scores:
        drafts = json.loads(args.scores.read_text(encoding="utf-8"))
    else:
        with tempfile.TemporaryDirectory(prefix="bench-argos-") as folder:
            if args.package_file:
                _install(args.package_file, folder)
            drafts = translate(lines, args.source, args.target)
    if args.dump:
        args.dump.write_text(json.dumps(drafts, ensure_ascii=False), encoding="utf-8")

    for size in (1, args.join):
        _report(drafts, references, size, args)


def _report(drafts: list[dict], references: list[str], size: int, args: argparse.Namespace) -> None:
    """One table: entries of `size` consecutive lines (their sentences together, their texts joined)."""
    from sacrebleu.metrics import CHRF

    chrf = CHRF()
    lines = [
        (draft["text"], [SentenceScore(**score) for score in draft["scores"]], reference)
        for draft, reference in zip(drafts, references, strict=True)
        if draft["scores"] and reference.strip()
    ]
    groups = [lines[start : start + size] for start in range(0, len(lines) - size + 1, size)]
    entries = [
        (
            [score for _, scores, _ in group for score in scores],
            chrf.sentence_score(" ".join(text for text, _, _ in group), [" ".join(ref for _, _, ref in group)]).score,
        )
        for group in groups
    ]
    sentences = [score for scores, _ in entries for score in scores]
    typical = statistics.median(_log_ratio(score) for score in sentences if score.output_tokens)
    quality = [value for _, value in entries]
    print(
        f"\n{args.file.name}, entries of {size} line(s): {len(entries)} entries ({len(sentences)} sentences), "
        f"{args.source} -> {args.target}, mean chrF {statistics.fmean(quality):.1f}"
    )
    print(f"{'score':<50} {'Spearman with chrF':>18}")
    for name, function in variants(typical).items():
        print(f"{name:<50} {spearman([function(scores) for scores, _ in entries], quality):>18.3f}")


if __name__ == "__main__":
    main()
