"""Run by test_cluster.py inside the test cluster's network namespace: the driver's WorkerPool over echoing Ray
actors, fed as the engine feeds it (two batches in flight a worker, the oldest collected first), optionally
killing one actor mid-run. Prints what came back as one JSON line.

    python worker_pool_run.py ADDRESS BATCHES LATENCY_SECONDS KILL_AFTER (-1: no kill)
"""

from __future__ import annotations

import json
import sys
import time
from collections import deque

import ray

from toolkit.translate.cluster import WorkerPool
from toolkit.translate.ctranslate import Device

WORKERS = 4
SENTENCES = 5


def main(address: str, batches: int, latency: float, kill_after: int) -> None:
    class Echo:
        """Each sentence's tokens back reversed, scored by their number; the size of every group it was sent."""

        def __init__(self, latency: float) -> None:
            self._latency = latency
            self._groups: list[int] = []

        def translate(self, group: list) -> list:
            time.sleep(self._latency * len(group))
            self._groups.append(len(group))
            return [[(tokens[::-1], [-float(len(tokens))]) for tokens in source] for source, _ in group]

        def groups(self) -> list[int]:
            return self._groups

    ray.init(address=address, log_to_driver=False, logging_level="ERROR")
    actor = ray.remote(Echo)
    workers = [actor.options(num_cpus=0, max_restarts=0).remote(latency) for _ in range(WORKERS)]
    ray.get([worker.groups.remote() for worker in workers])
    pool = WorkerPool(ray, workers, Device("cpu", "echo"), address)
    sources = [
        [[f"b{batch}", f"s{sentence}", "x" * sentence] for sentence in range(SENTENCES)] for batch in range(batches)
    ]
    in_flight: deque = deque()
    outputs: dict[int, list] = {}
    for number, source in enumerate(sources):
        in_flight.append((number, pool.translate_batch(source, beam_size=4, asynchronous=True)))
        if number == kill_after:
            ray.kill(workers[0])
        if len(in_flight) >= pool.num_translators * 2:
            done, results = in_flight.popleft()
            outputs[done] = results.best_hypotheses()
    while in_flight:
        done, results = in_flight.popleft()
        outputs[done] = results.best_hypotheses()
    expected = [[(tokens[::-1], [-float(len(tokens))]) for tokens in source] for source in sources]
    survivors = workers[1:] if kill_after >= 0 else workers
    groups = [size for worker in survivors for size in ray.get(worker.groups.remote())]
    print(
        json.dumps(
            {
                "same": [json.loads(json.dumps(outputs[number])) for number in range(batches)]
                == json.loads(json.dumps(expected)),
                "survivors_batches": sum(groups),
                "survivors_calls": len(groups),
                "workers_left": pool.num_translators,
            }
        )
    )
    ray.shutdown()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]))
