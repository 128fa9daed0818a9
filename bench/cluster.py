"""Translation on a Ray cluster beside one machine, in one run, and what the driver itself can carry.

  one machine     the engine as `toolkit translate` runs it without --cluster: this process's CTranslate2, one
                  worker thread per core
  local cluster   `--cluster local`: Ray started on this machine with its cores, one actor per core holding
                  the model (sent through Ray's object store), the driver batching, decoding, checking
                  (goal: at least 0.85x one machine, the cost of distribution)
  driver ceiling  the whole catalog stage (merge, segmentation, real tokenizer, batches dispatched to Ray
                  actors, decoding, checks, catalogs written) with a fake engine in the actors: each batch takes
                  a fixed time and returns its input, and there are many actors, so the model is never the
                  limit (goal: at least 5,000 sentences dispatched and written back per second of the driver's
                  CPU, all its threads, Ray's included: what it carries with a core to itself, whatever the
                  load). Each run is a fresh driver process connected to a Ray cluster of this machine that
                  the bench starts once, as `toolkit translate --cluster HOST:PORT` is: one Ray session, no
                  threads left over from the runs before it.

Then the projection for N nodes: N times the per-node rate of the local cluster, up to the driver's ceiling.
Needs the cluster extra and an Argos package (default: the zh->en test package beside the repository):

    .venv/bin/python bench/cluster.py [--package-file FILE.argosmodel] [--actors 16] [--latency-ms 20]
        [--ceiling-only] [--runs N] [--before COMMIT]

`--before COMMIT` measures the driver's ceiling of that commit's toolkit too (this script, that code), the two
alternating (ABBA), `--runs` times each (default 3), with the load average beside every run.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PACKAGE = REPO.parent / "shared" / "models" / "translate-zh_en-1_9.argosmodel"
DATA = REPO / "bench" / "data" / "zh_en.zh"
NODES = (1, 2, 4, 8, 16, 32, 64, 100)
# Paragraphs per article for the driver's ceiling: a news report's length.
PARAGRAPHS_PER_ARTICLE = 12
# Ray waits a fixed 30 s for a node it starts to register; on a loaded machine that can time out: try again.
RAY_STARTS = 3
# Every Ray process the bench starts advertises and listens on 127.0.0.1 only (Ray's loopback switch).
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")


class FakeWorker:
    """A Ray actor standing in for the model: a fixed time per batch, the input tokens back."""

    def __init__(self, latency_seconds: float):
        self._latency = latency_seconds

    def device(self):
        from toolkit.translate.ctranslate import Device

        return Device("cpu", "fake")

    def translate(self, batches: list, options: dict | None = None) -> list:
        """Each batch of the group in turn, as TranslationWorker.translate; with `options`, `batches` is one batch
        alone, as the toolkit before groups of batches (a --before commit) sends it."""
        if options is not None:
            batches = [(batches, options)]
        time.sleep(self._latency * len(batches))
        outputs = [[(list(tokens), [-1.0]) for tokens in source] for source, _ in batches]
        return outputs[0] if options is not None else outputs


def _lines(rounds: int) -> list[str]:
    """The bench data, `rounds` times, each round's lines made distinct (the engine translates a repeat once)."""
    lines = [line.strip() for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [f"{round_number + 1}、{line}" if round_number else line for round_number in range(rounds) for line in lines]


def _started(start, ray):
    """What `start` returns, tried again (after Ray is shut down) when Ray's node timed out starting (Ray's
    own exception, or the toolkit's ClusterError naming it)."""
    for attempt in range(1, RAY_STARTS + 1):
        try:
            return start()
        except Exception as error:
            if attempt == RAY_STARTS or "timed out" not in str(error):
                raise
            ray.shutdown()
            print(f"  Ray did not start in time (load average {os.getloadavg()[0]:.1f}); again", file=sys.stderr)


def _rate(translator, paragraphs: list[str]) -> tuple[float, list[str]]:
    sentences = translator.count_sentences(paragraphs)
    started = time.perf_counter()
    drafts = translator.translate(paragraphs)
    return sentences / (time.perf_counter() - started), [draft.text for draft in drafts]


def _warm(translator) -> None:
    translator.translate(["外交部发言人今天在例行记者会上回答了有关问题。"])


def one_machine(package, beam_size: int, paragraphs: list[str]) -> tuple[float, list[str]]:
    from toolkit.translate.packages import translator_for

    translator = translator_for(package, beam_size)
    _warm(translator)
    return _rate(translator, paragraphs)


def local_cluster(package, beam_size: int, paragraphs: list[str]) -> tuple[float, list[str], int]:
    from toolkit.config import LOCAL_CLUSTER
    from toolkit.translate.cluster import worker_pool
    from toolkit.translate.packages import translator_for

    with worker_pool(LOCAL_CLUSTER, package) as pool:
        translator = translator_for(package, beam_size, load_model=lambda: pool, device=pool.device)
        _warm(translator)
        rate, drafts = _rate(translator, paragraphs)
        return rate, drafts, pool.num_translators


def driver_ceiling(
    package, beam_size: int, articles: int, actors: int, latency: float, address: str
) -> dict[str, float]:
    """Sentences drafted through update_catalogs with `actors` fake Ray actors on the Ray cluster at `address`,
    and the wall-clock time, the driver's CPU time (all its threads) and its main thread's, from the first
    batch dispatched to the last catalog written back (the merge before it is not counted)."""
    import ray

    from toolkit.catalog.update import update_catalogs
    from toolkit.config import load_config
    from toolkit.translate.cluster import WorkerPool
    from toolkit.translate.ctranslate import Device
    from toolkit.translate.packages import translator_for

    lines = _lines(rounds=max(1, articles * PARAGRAPHS_PER_ARTICLE // 60 + 1))
    with tempfile.TemporaryDirectory(prefix="toolkit-bench-cluster-") as folder:
        project = Path(folder)
        (project / "source").mkdir()
        (project / "toolkit.toml").write_text('source_language = "zh"\ntarget_language = "en"\n', encoding="utf-8")
        config = load_config(project)
        from toolkit.model import Article, Block

        per_article = PARAGRAPHS_PER_ARTICLE
        corpus = [
            Article(
                id=f"article-{number:05d}",
                source=f"source/article-{number:05d}.txt",
                title=f"标题 {number}",
                date="",
                byline="",
                outlet="",
                blocks=[
                    Block("paragraph", text, line)
                    for line, text in enumerate(lines[number * per_article : (number + 1) * per_article], start=3)
                ],
            )
            for number in range(articles)
        ]
        # The actors import the code this process runs (the parent started the cluster with its own path).
        code = {"env_vars": {"PYTHONPATH": os.environ.get("PYTHONPATH", "")}}
        ray.init(address=address, runtime_env=code, log_to_driver=False, logging_level="ERROR")
        try:
            actor = ray.remote(FakeWorker)
            workers = [actor.options(num_cpus=0, max_restarts=0).remote(latency) for _ in range(actors)]
            ray.get([worker.device.remote() for worker in workers])
            pool = WorkerPool(ray, workers, Device("cpu", "fake"), "local")
            translator = translator_for(package, beam_size, load_model=lambda: pool, device=pool.device)
            counted = [0]
            drafting: list[tuple[float, ...]] = []  # _clocks() at the start and at the end

            class Count:
                def __init__(self) -> None:
                    drafting.append(_clocks())

                def update(self, n: int) -> None:
                    counted[0] += n

                def close(self) -> None:
                    pass

            result = update_catalogs(config, corpus, lambda: translator, lambda total: Count())
            # Not at the progress bar's close: the last catalogs are put on disk after it.
            drafting.append(_clocks())
        finally:
            ray.shutdown()
        assert not result.errors and result.untranslated == 0, result.errors
        start, end = drafting
        spent = dict(zip(_CLOCKS, (after - before for before, after in zip(start, end, strict=True)), strict=True))
        return {"sentences": counted[0], **spent, "catalogs": len(result.written)}


# What _clocks() reads: wall-clock time; the driver process's CPU time (all its threads, Ray's included), in
# user and kernel mode; its main thread's; the times the kernel took the CPU from it (another process's turn:
# under load, each costs it caches refilled) and the page faults it met.
_CLOCKS = ("wall", "cpu", "main_thread_cpu", "user", "system", "preempted", "page_faults")


def _clocks() -> tuple[float, ...]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return (
        time.perf_counter(),
        time.process_time(),
        time.thread_time(),
        usage.ru_utime,
        usage.ru_stime,
        usage.ru_nivcsw,
        usage.ru_minflt + usage.ru_majflt,
    )


def _ceiling_child(options: argparse.Namespace) -> None:
    """One driver-ceiling run in this fresh process; its figures as one JSON line."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    with tempfile.TemporaryDirectory(prefix="toolkit-bench-packages-") as packages:
        os.environ["ARGOS_PACKAGES_DIR"] = packages
        from toolkit.translate.packages import install_file

        package = install_file(options.package_file)
        figures = driver_ceiling(package, 4, options.articles, options.actors, options.latency_ms / 1000, options.ray)
    print(json.dumps(figures))


def _code_of(commit: str, folder: Path) -> Path:
    """The toolkit package of `commit`, unpacked into `folder` (put first on the path of a run of it)."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", commit, "toolkit"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def _ceiling_run(code: Path, address: str, options: argparse.Namespace) -> dict[str, float]:
    """A driver-ceiling run of the toolkit in `code`, in a child process connected to the Ray cluster at
    `address` (its actors import that code too), with the load average when it ended."""
    arguments = [sys.executable, __file__, "--ceiling-child", "--ray", address]
    arguments += ["--package-file", str(options.package_file)]
    arguments += ["--articles", str(options.articles), "--actors", str(options.actors)]
    arguments += ["--latency-ms", str(options.latency_ms)]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(code), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(arguments, capture_output=True, text=True, env=environment)
    if done.returncode != 0:
        sys.exit(f"a driver-ceiling run failed:\n{done.stderr}")
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "load": os.getloadavg()[0]}


def _per_cpu_second(figures: dict[str, float]) -> float:
    return figures["sentences"] / figures["cpu"]


def _describe(label: str, figures: dict[str, float]) -> str:
    return (
        f"  {label:<8} {_per_cpu_second(figures):>7,.0f} per driver CPU-second ({figures['cpu']:.2f} s for "
        f"{figures['sentences']:,} sentences: user {figures['user']:.2f}, system {figures['system']:.2f}; main "
        f"thread {figures['main_thread_cpu']:.2f} s; preempted {figures['preempted']:,.0f} times, "
        f"{figures['page_faults']:,.0f} page faults), {figures['sentences'] / figures['wall']:>6,.0f}/s wall; "
        f"load average {figures['load']:.1f}"
    )


def ceilings(options: argparse.Namespace) -> dict[str, list[dict[str, float]]]:
    """The driver-ceiling runs of this code (and of `--before`'s, alternating), each printed as it ends, all
    on one Ray cluster of this machine started here, as a driver connects to a running cluster (and on a
    loaded machine a Ray node may take more than Ray's fixed 30 s to start: once is enough)."""
    import ray

    sides = {"this": REPO}
    _started(
        lambda: ray.init(
            address="local",  # a cluster of its own, even beside another one on this machine
            num_cpus=os.cpu_count() or 1,
            object_store_memory=256 * 1024 * 1024,
            include_dashboard=False,
            log_to_driver=False,
            logging_level="ERROR",
        ),
        ray,
    )
    address = ray.get_runtime_context().gcs_address
    try:
        with tempfile.TemporaryDirectory(prefix="toolkit-bench-before-") as before:
            if options.before:
                sides[options.before[:9]] = _code_of(options.before, Path(before))
            runs: dict[str, list[dict[str, float]]] = {label: [] for label in sides}
            for round_number in range(options.runs):
                # This code first, then the other first (ABBA): whatever favours a place in the order cancels out.
                order = list(sides.items())
                for label, code in order[::-1] if round_number % 2 else order:
                    runs[label].append(_ceiling_run(code, address, options))
                    print(_describe(label, runs[label][-1]), file=sys.stderr)
    finally:
        ray.shutdown()
    return runs


def _median_rate(runs: list[dict[str, float]]) -> float:
    return statistics.median(_per_cpu_second(figures) for figures in runs)


def _print_ceilings(runs: dict[str, list[dict[str, float]]], options: argparse.Namespace) -> None:
    print(
        f"driver ceiling: {options.actors} fake actors, {options.latency_ms:g} ms/batch, {options.articles} "
        f"articles; sentences dispatched and written back per second of the driver's CPU (goal 5,000)"
    )
    print(f"{'code':<10} {'runs':>5} {'median':>8} {'lowest':>8} {'highest':>8} {'load average':>14}")
    for label, figures in runs.items():
        rates = [_per_cpu_second(run) for run in figures]
        loads = [run["load"] for run in figures]
        print(
            f"{label:<10} {len(rates):>5} {statistics.median(rates):>8,.0f} {min(rates):>8,.0f} "
            f"{max(rates):>8,.0f} {min(loads):>6.1f}-{max(loads):<6.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--package-file", type=Path, default=DEFAULT_PACKAGE)
    parser.add_argument("--rounds", type=int, default=2, help="copies of the bench data to translate (default 2)")
    parser.add_argument("--actors", type=int, default=16, help="fake actors for the driver's ceiling")
    parser.add_argument("--latency-ms", type=float, default=20.0, help="the fake engine's time per batch")
    parser.add_argument("--articles", type=int, default=400, help="articles for the driver's ceiling")
    parser.add_argument("--ceiling-only", action="store_true", help="only the driver's ceiling (no model runs)")
    parser.add_argument("--before", metavar="COMMIT", help="also the driver's ceiling of this commit's toolkit")
    parser.add_argument("--runs", type=int, help="driver-ceiling runs of each code (default 1, 3 with --before)")
    parser.add_argument("--ceiling-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--ray", help=argparse.SUPPRESS)  # a child's cluster
    options = parser.parse_args()
    options.runs = options.runs or (3 if options.before else 1)
    if options.ceiling_child:
        _ceiling_child(options)
        return
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    if options.ceiling_only:
        _print_ceilings(ceilings(options), options)
        return

    with tempfile.TemporaryDirectory(prefix="toolkit-bench-packages-") as packages:
        os.environ["ARGOS_PACKAGES_DIR"] = packages
        from toolkit.translate.packages import install_file

        package = install_file(options.package_file)
        beam_size = 4
        paragraphs = _lines(options.rounds)
        print(f"{len(paragraphs)} lines of {DATA.name}")
        alone, alone_drafts = one_machine(package, beam_size, paragraphs)
        print(f"  one machine: {alone:.1f} sentences/s (load average {os.getloadavg()[0]:.1f})", file=sys.stderr)
        import ray

        spread, spread_drafts, workers = _started(lambda: local_cluster(package, beam_size, paragraphs), ray)
        print(f"  local cluster: {spread:.1f} sentences/s (load average {os.getloadavg()[0]:.1f})", file=sys.stderr)
    runs = ceilings(options)
    ceiling = _median_rate(runs["this"])

    same = "identical" if alone_drafts == spread_drafts else "DIFFERENT"
    print(f"{'way':<52} {'sentences/s':>12} {'x one machine':>14} {'goal':>10}")
    print(f"{'one machine (no Ray)':<52} {alone:>12.1f} {1.0:>14.2f} {'':>10}")
    cluster_label = f"local Ray cluster, {workers} actors (drafts {same})"
    print(f"{cluster_label:<52} {spread:>12.1f} {spread / alone:>14.2f} {'>= 0.85x':>10}")
    ceiling_label = "driver ceiling, per driver CPU-second (median)"
    print(f"{ceiling_label:<52} {ceiling:>12,.0f} {ceiling / alone:>14.1f} {'>= 5,000':>10}")
    _print_ceilings(runs, options)
    per_node = spread
    print(
        f"\nprojection: nodes like this one ({os.cpu_count()} cores, {per_node:.1f} sentences/s each), driver "
        f"ceiling {ceiling:,.0f}/s (with a core to itself)"
    )
    print(f"{'nodes':>6} {'sentences/s':>12} {'1M sentences':>14} {'limit':>8}")
    for nodes in NODES:
        rate = min(nodes * per_node, ceiling)
        limit = "driver" if nodes * per_node > ceiling else "workers"
        hours = 1_000_000 / rate / 3600
        print(f"{nodes:>6} {rate:>12.0f} {hours:>12.1f} h {limit:>8}")


if __name__ == "__main__":
    main()
