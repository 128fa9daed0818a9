"""Translation speed and quality, side by side on the same lines and the same Argos package.

    bench/translate.py --from zh --to en bench/data/zh_en.zh --ref bench/data/zh_en.en

Three ways, each in a fresh subprocess so peak memory is its own:
  argostranslate   its own `translate()`, line by line (its sentence splitter, which downloads a model at run
                   time, swapped for the same regex splitter the raw run uses)
  ctranslate2-raw  one `translate_batch` over every sentence: the engine's limit on this machine
  toolkit          `load_translator(config).translate(lines)`, what `toolkit translate` runs

The model load is done (and excluded) before timing. The ways take turns, --rounds times, each turn in a
fresh process, and the median time counts: on a shared machine the load then weighs on all three alike.
CPU seconds (user + system) are printed too: they show the work done, which other load hardly changes.
Goals: toolkit >= 5x argostranslate's lines/s at equal or better chrF (a paired bootstrap tells a real chrF
difference from noise), within 15% of ctranslate2-raw, peak memory under 1.5 GB. Use --package-file to install
a package into a temporary ARGOS_PACKAGES_DIR first.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

METHODS = ("argostranslate", "ctranslate2-raw", "toolkit")
WARM_UP = "你好。"

# The splitter both baselines use; the toolkit uses its own (toolkit/translate/segment.py).
_REGEX_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=[.!?])\s+")


def regex_sentences(text: str) -> list[str]:
    return [part.strip() for part in _REGEX_SENTENCE_END.split(text) if part.strip()]


def _argos_translate_all(lines: list[str], source: str, target: str):
    import argostranslate.translate as argos_translate

    class RegexSentencizer:
        def __init__(self, pkg):
            self.pkg = pkg

        def split_sentences(self, text: str) -> list[str]:
            return regex_sentences(text)

    argos_translate.MiniSBDSentencizer = RegexSentencizer
    argos_translate.translate(WARM_UP, source, target)
    return lambda: [argos_translate.translate(line, source, target) if line.strip() else "" for line in lines]


def _raw_translate_all(lines: list[str], source: str, target: str):
    from toolkit.translate.ctranslate import load_ctranslate2, load_sentencepiece
    from toolkit.translate.packages import package_for
    from toolkit.translate.settings import BATCH_TOKEN_BUDGET, LENGTH_PENALTY

    package = package_for(source, target)
    if package is None:
        sys.exit(f"no installed package for {source} -> {target}")
    # The same device, precision and threads as the toolkit: the difference measured is the engine's work.
    model = load_ctranslate2(package.path / "model")
    tokenizer = load_sentencepiece(package.path / "sentencepiece.model")
    model.translate_batch([tokenizer.encode(WARM_UP)])

    def run() -> list[str]:
        sentences = [regex_sentences(line) for line in lines]
        flat = [tokenizer.encode(sentence) for line in sentences for sentence in line]
        results = model.translate_batch(
            flat,
            beam_size=4,
            length_penalty=LENGTH_PENALTY,
            replace_unknowns=True,
            max_batch_size=BATCH_TOKEN_BUDGET,
            batch_type="tokens",
        )
        decoded = iter(tokenizer.decode(result.hypotheses[0]).strip() for result in results)
        return [" ".join(next(decoded) for _ in line) for line in sentences]

    return run


def _toolkit_translate_all(lines: list[str], source: str, target: str):
    from toolkit.config import Config
    from toolkit.translate.packages import load_translator

    translator = load_translator(Config(project_dir=Path.cwd(), source_language=source, target_language=target))
    translator.translate([WARM_UP])
    return lambda: [draft.text for draft in translator.translate(lines)]


def worker(method: str, file: Path, source: str, target: str) -> None:
    lines = file.read_text(encoding="utf-8").splitlines()
    prepare = {
        "argostranslate": _argos_translate_all,
        "ctranslate2-raw": _raw_translate_all,
        "toolkit": _toolkit_translate_all,
    }[method]
    run = prepare(lines, source, target)
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    outputs = run()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu_seconds = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    result = {"outputs": outputs, "seconds": seconds, "cpu_seconds": cpu_seconds, "peak_mb": after.ru_maxrss / 1024}
    json.dump(result, sys.stdout)


def _measure(method: str, args: argparse.Namespace, env: dict) -> dict:
    command = [sys.executable, __file__, "--worker", method, "--from", args.source, "--to", args.target]
    command.append(str(args.file))
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{method} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def _scores(outputs: list[str], references: list[str] | None) -> tuple[str, str]:
    if references is None:
        return "-", "-"
    import sacrebleu

    bleu = sacrebleu.corpus_bleu(outputs, [references]).score
    chrf = sacrebleu.corpus_chrf(outputs, [references]).score
    return f"{bleu:.1f}", f"{chrf:.1f}"


def _chrf_difference(baseline: list[str], system: list[str], references: list[str]) -> str:
    """Paired bootstrap (sacrebleu, 1,000 resamples): is the toolkit's chrF different from argostranslate's?"""
    from sacrebleu.metrics import CHRF
    from sacrebleu.significance import PairedTest

    test = PairedTest(
        [("argostranslate", baseline), ("toolkit", system)],
        {"chrF": CHRF()},
        [references],
        test_type="bs",
        n_samples=1000,
    )
    _, scores = test()
    baseline_result, system_result = scores["chrF2"]
    verdict = "significantly different" if system_result.p_value < 0.05 else "no significant difference"
    delta = system_result.score - baseline_result.score
    return f"toolkit vs argostranslate chrF: {delta:+.1f}, paired bootstrap p = {system_result.p_value:.2f} ({verdict})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path, help="source lines, one segment per line")
    parser.add_argument("--from", dest="source", required=True)
    parser.add_argument("--to", dest="target", required=True)
    parser.add_argument("--ref", type=Path, help="reference translations, line by line")
    parser.add_argument("--rounds", type=int, default=3, help="turns each way takes; the median time counts")
    parser.add_argument("--package-file", type=Path, help="install this .argosmodel into a temporary folder first")
    parser.add_argument("--methods", default=",".join(METHODS), help="comma-separated subset of: " + ", ".join(METHODS))
    parser.add_argument("--worker", choices=METHODS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.file, args.source, args.target)
        return

    lines = args.file.read_text(encoding="utf-8").splitlines()
    references = args.ref.read_text(encoding="utf-8").splitlines() if args.ref else None
    if references is not None and len(references) != len(lines):
        sys.exit(f"{args.ref} has {len(references)} lines, {args.file} has {len(lines)}")
    with tempfile.TemporaryDirectory(prefix="bench-argos-") as temp:
        env = dict(os.environ)
        if args.package_file:
            env["ARGOS_PACKAGES_DIR"] = temp
            subprocess.run(
                [sys.executable, "-m", "toolkit", "models", "install", "--from", str(args.package_file)],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        methods = args.methods.split(",")
        rounds = [{method: _measure(method, args, env) for method in methods} for _ in range(args.rounds)]
    results = {
        method: {
            "outputs": rounds[0][method]["outputs"],
            "seconds": statistics.median(turn[method]["seconds"] for turn in rounds),
            "cpu_seconds": statistics.median(turn[method]["cpu_seconds"] for turn in rounds),
            "peak_mb": max(turn[method]["peak_mb"] for turn in rounds),
        }
        for method in methods
    }

    print(f"{len(lines)} lines, {args.source} -> {args.target}, {os.cpu_count()} cores, median of {args.rounds} rounds")
    print(f"{'method':<16} {'seconds':>8} {'lines/s':>8} {'CPU s':>8} {'peak MB':>8} {'BLEU':>6} {'chrF':>6}")
    for method, result in results.items():
        bleu, chrf = _scores(result["outputs"], references)
        result["lines_per_second"] = len(lines) / result["seconds"]
        print(
            f"{method:<16} {result['seconds']:>8.2f} {result['lines_per_second']:>8.1f} "
            f"{result['cpu_seconds']:>8.2f} {result['peak_mb']:>8.0f} {bleu:>6} {chrf:>6}"
        )
    if {"argostranslate", "toolkit"} <= results.keys():
        speedup = results["toolkit"]["lines_per_second"] / results["argostranslate"]["lines_per_second"]
        print(f"toolkit / argostranslate lines/s: {speedup:.1f}x (goal >= 5x)")
        if references is not None:
            print(_chrf_difference(results["argostranslate"]["outputs"], results["toolkit"]["outputs"], references))
    if {"ctranslate2-raw", "toolkit"} <= results.keys():
        share = results["toolkit"]["lines_per_second"] / results["ctranslate2-raw"]["lines_per_second"]
        print(f"toolkit / ctranslate2-raw lines/s: {share:.0%} (goal >= 85%)")


if __name__ == "__main__":
    main()
