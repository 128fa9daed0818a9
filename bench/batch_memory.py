"""What a batch of sentences in flight costs in memory under a control group's limit, beside what the toolkit counts
for it (settings.BATCH_TOKEN_BYTES a token of the batch and hypothesis of the beam).

    .venv/bin/python bench/batch_memory.py
    .venv/bin/python bench/batch_memory.py --sizes 128 256 512 --beam 4 --package-file ../shared/models/x.argosmodel

The package is installed into a temporary folder. Each batch size runs in a fresh process of its own in a memory
control group of the bench's own (cgroup v1 or v2, as root), with a limit far above the need: the model loaded and
warmed up, two batches of about that many tokens (different sentences) go through the toolkit's own translator one
after the other, and the group's peak use over each is read from the kernel (memory.max_usage_in_bytes, v2's
memory.peak), as its limit counts it: the first batch's growth is what a fresh engine takes, the second's what the
engine takes beside what it kept of the first, which the toolkit's check finds in use already.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from toolkit.translate.settings import BATCH_TOKEN_BYTES, BATCHES_IN_FLIGHT_PER_WORKER

REPO = Path(__file__).resolve().parent.parent
PACKAGE_FILE = REPO.parent / "shared" / "models" / "translate-zh_en-1_9.argosmodel"
TEXTS = [REPO / "bench" / "data" / "zh_en.zh", REPO / "bench" / "data" / "zh_en_heldout.zh"]
GROUP_LIMIT = 4 << 30
MEGABYTE = 1 << 20


def _own_group() -> tuple[Path, str, str]:
    """A new memory control group under this process's own: its folder, its usage file, its peak file."""
    lines = [line.split(":", 2) for line in Path("/proc/self/cgroup").read_text().splitlines()]
    version_1 = next((path for _, controllers, path in lines if "memory" in controllers.split(",")), None)
    if version_1 is not None:
        own, files = Path("/sys/fs/cgroup/memory", version_1.lstrip("/")), ("memory.limit_in_bytes",)
        usage, peak = "memory.usage_in_bytes", "memory.max_usage_in_bytes"
    else:
        v2 = next(path for hierarchy, _, path in lines if hierarchy == "0")
        own, files = Path("/sys/fs/cgroup", v2.lstrip("/")), ("memory.max",)
        usage, peak = "memory.current", "memory.peak"
    group = own / f"bench-batch-memory-{os.getpid()}"
    group.mkdir()
    (group / files[0]).write_text(str(GROUP_LIMIT))
    return group, usage, peak


def _chunks(size: int, translator, texts: list[str]) -> list[list[str]]:
    """Two chunks of sentences of `texts`, each planned by the translator as one batch of about `size` tokens, and
    a third of as many batches as the translator keeps in flight, each of about `size` tokens."""
    chunks: list[list[str]] = []
    chunk: list[str] = []
    lines = iter(texts)
    for line in lines:
        plan = translator._plan([*chunk, line])
        if len(plan.batches) > 1 or sum(len(plan.encoded[s]) for s in plan.batches[0]) > size:
            chunks.append(chunk)
            chunk = [line]
            if len(chunks) == 2:
                break
        else:
            chunk.append(line)
    in_flight = 2 * BATCHES_IN_FLIGHT_PER_WORKER  # two workers: the engine's threads on this machine's two cores
    for line in lines:
        plan = translator._plan([*chunk, line])
        if len(plan.batches) > in_flight:
            return [*chunks, chunk]
        chunk.append(line)
    raise SystemExit(f"not enough text for batches of {size} tokens")


def worker(size: int, beam: int, group: Path, usage_file: str, peak_file: str) -> None:
    from toolkit.translate.packages import installed_packages, translator_for

    [package] = [package for package in installed_packages() if (package.from_code, package.to_code) == ("zh", "en")]
    translator = translator_for(package, beam)
    translator._batch_token_budget = size  # batches of `size` tokens at most, as a budget of that size cuts them
    translator.translate(["你好。"])
    lines = [line for path in TEXTS for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    # Numbered over again (1,277 tokens in all): every sentence different, as a long archive's are.
    texts = [f"第{number + 1}条，{lines[number % len(lines)]}" for number in range(20 * len(lines))]
    figures = []
    for chunk in _chunks(size, translator, texts):
        plan = translator._plan(chunk)
        tokens = sum(len(plan.encoded[sentence]) for batch in plan.batches for sentence in batch)
        before = int((group / usage_file).read_text())
        (group / peak_file).write_text("0")  # v1 resets its peak so; v2 (6.12+) as well
        translator.translate(chunk)
        peak = int((group / peak_file).read_text())
        figures.append(
            {"tokens": tokens, "growth": peak - before, "kept": int((group / usage_file).read_text()) - before}
        )
    print(json.dumps(figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[128, 256, 512], help="tokens a batch")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--package-file", type=Path, default=PACKAGE_FILE)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--group", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.worker:
        usage_file, peak_file = os.environ["BENCH_USAGE_FILE"], os.environ["BENCH_PEAK_FILE"]
        worker(arguments.worker, arguments.beam, arguments.group, usage_file, peak_file)
        return

    with tempfile.TemporaryDirectory(prefix="batch-memory-") as packages:
        env = {**os.environ, "ARGOS_PACKAGES_DIR": packages, "CI": "1"}
        subprocess.run(
            [sys.executable, "-m", "toolkit", "-q", "models", "install", "--from", str(arguments.package_file)],
            env=env,
            check=True,
        )
        group, usage_file, peak_file = _own_group()
        env.update(BENCH_USAGE_FILE=usage_file, BENCH_PEAK_FILE=peak_file)
        try:
            print(f"beam {arguments.beam}; counted now: {BATCH_TOKEN_BYTES // 1024} KB a token and hypothesis")
            print(f"{'tokens':>7} {'x beam':>7} {'counted MB':>11} {'1st MB':>7} {'2nd MB':>7} {'kept MB':>8} "
                  f"{'1st KB/t':>9} {'2nd KB/t':>9}   {'in flight together':>18}")  # fmt: skip
            for size in arguments.sizes:
                measured = subprocess.run(
                    [sys.executable, __file__, "--worker", str(size), "--beam", str(arguments.beam), "--group", group],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                    preexec_fn=lambda: (group / "cgroup.procs").write_text(str(os.getpid())),
                )
                first, second, together = json.loads(measured.stdout.splitlines()[-1])
                hypotheses = first["tokens"] * arguments.beam
                print(
                    f"{first['tokens']:>7} {hypotheses:>7} {hypotheses * BATCH_TOKEN_BYTES / MEGABYTE:>11.0f} "
                    f"{first['growth'] / MEGABYTE:>7.0f} {second['growth'] / MEGABYTE:>7.0f} "
                    f"{first['kept'] / MEGABYTE:>8.0f} {first['growth'] / hypotheses / 1024:>9.0f} "
                    f"{second['growth'] / (second['tokens'] * arguments.beam) / 1024:>9.0f}   "
                    f"{together['tokens']:>5} tokens: {together['growth'] / MEGABYTE:.0f} MB, "
                    f"{together['growth'] / (together['tokens'] * arguments.beam) / 1024:.0f} KB/t"
                )
        finally:
            group.rmdir()


if __name__ == "__main__":
    main()
