"""Render pages over forked worker processes, in order, with a bounded number of batches in flight, so that
a first or full build uses every core and memory does not grow with the corpus."""

from __future__ import annotations

import functools
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from typing import TypeVar

from toolkit import limits
from toolkit.interrupts import uninterrupted
from toolkit.site.children import die_with
from toolkit.site.settings import (
    PARALLEL_RENDER_MIN,
    RENDER_CHUNK,
    RENDER_IN_FLIGHT,
    RENDER_WORKER_GROUP_BYTES,
    RENDER_WORKERS,
)

Job = TypeVar("Job")
Result = TypeVar("Result")


def _start_worker(builder_pid: int) -> None:
    """A render worker dies with the build that forked it (toolkit/site/children.py). Ctrl-C is the build's
    to handle; a SIGTERM (the pool's own way to stop its workers) ends a worker at once, not as the build's
    interruption (toolkit/cli.py)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    die_with(builder_pid)


def _apply_to_batch(function: Callable[[Job], Result], jobs: list[Job]) -> list[Result]:
    return [function(job) for job in jobs]


def _batches(jobs: Iterator[Job], size: int) -> Iterator[list[Job]]:
    while batch := list(islice(jobs, size)):
        yield batch


def _promise_workers(memory: limits.GroupLedger) -> int:
    """How many of RENDER_WORKERS worker processes the run's control group has room for, each promised
    settings.RENDER_WORKER_GROUP_BYTES in `memory`, the build's account of its group (past its limit on memory
    the kernel kills the build without a word): those promised, for the caller to give back."""
    workers = RENDER_WORKERS
    while workers and memory.promise("rendering", workers * RENDER_WORKER_GROUP_BYTES, ends_on_its_own=True):
        workers -= 1
    return workers


def map_in_order(
    function: Callable[[Job], Result],
    jobs: Iterator[Job],
    memory: limits.GroupLedger,
    prepare: Callable[[], object] | None = None,
) -> Iterator[tuple[Job, Result]]:
    """Each job with `function(job)`, in the jobs' order, taking jobs as they come. A few jobs run here; a big
    run (a first or full build) is spread over worker processes, as many as `memory` (the build's account of its
    control group) has room for, `prepare` called here first for what every worker needs made once (compiled
    templates: a forked worker has them). `function` must be a module-level function and must not raise: a result
    that says what went wrong keeps its detail across the process boundary."""
    first = list(islice(jobs, PARALLEL_RENDER_MIN))
    workers = _promise_workers(memory) if len(first) == PARALLEL_RENDER_MIN else 0
    if not workers:
        for job in chain(first, jobs):
            yield job, function(job)
        return
    try:
        yield from _map_over_workers(function, chain(first, jobs), workers, prepare)
    finally:
        memory.give_back(workers * RENDER_WORKER_GROUP_BYTES, ends_on_its_own=True)


def _map_over_workers(
    function: Callable[[Job], Result], jobs: Iterator[Job], workers: int, prepare: Callable[[], object] | None
) -> Iterator[tuple[Job, Result]]:
    if prepare is not None:
        prepare()
    batches = _batches(jobs, RENDER_CHUNK)
    apply = functools.partial(_apply_to_batch, function)
    # Forked: workers start with every module loaded, and a spawned worker would re-run `python -m toolkit`
    # (its __main__ has no guard). The only other thread that can run meanwhile is `toolkit serve`'s HTTP
    # thread, which takes no lock the workers need.
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    ) as pool:

        def submit(batch: list[Job]) -> tuple[list[Job], Future[list[Result]]]:
            with uninterrupted():  # a submit may fork the workers
                return batch, pool.submit(apply, batch)

        in_flight = deque(submit(batch) for batch in islice(batches, RENDER_IN_FLIGHT))
        while in_flight:
            batch, results = in_flight.popleft()
            for following in islice(batches, 1):
                in_flight.append(submit(following))
            yield from zip(batch, results.result(), strict=True)
