"""The one executor: how many worker processes a build uses, which stages are worth them, and how data gets there.

Made once from ``--jobs`` (or ``extra.briefing.jobs``) and handed to every
stage that fans out. A stage asks ``fans_out(stage, count)`` and gives the
executor a function, its chunks and the data every chunk reads
(``shared``); it never keeps data for workers in globals of its own.

Workers are forked where the platform allows: a forked worker inherits the
loaded code and the shared data instead of receiving them pickled (the
full corpus's page data is a gigabyte), and does not import the caller's
main module again. Where fork is missing (or ``start_method="spawn"``), the
shared data is pickled once per worker, so the same stages run in parallel,
with the same output.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from typing import Any, Callable, Iterator, Mapping, Sequence, TypeVar

T = TypeVar("T")

# Below these counts, starting processes (about a second each with spaCy) costs more than it saves.
THRESHOLDS: Mapping[str, int] = {
    "analyse": 200,  # texts for spaCy
    "summarise": 500,  # articles to summarise
    "read": 5_000_000,  # bytes of seeds, read in another process while this one loads the memo
    "text_matrix": 2000,  # briefings whose word counts are made on a spare core while entities resolve
    "link": 2,  # chunks of rows (``link.CHUNK`` each) to score
    "pages": 2000,  # pages to plan or render
    "side_files": 2000,  # briefings whose data files and search index are made on a spare core
}
_set_aside = False  # whether a caller froze objects itself (asking gc.get_freeze_count walks every one: 0.2 s)
_WORKER: dict[str, Any] = {}  # in a worker process only: the shared data its pool was started with


def can_fork() -> bool:
    return "fork" in get_all_start_methods()


@dataclass(frozen=True)
class Executor:
    """Worker processes for the stages that split their work: their number, the stages' thresholds, fork or spawn.

    ``workers`` 1 runs everything in the caller. ``start_method`` None forks
    where the platform can. ``thresholds`` replace ``THRESHOLDS`` by stage
    (a test sets them to 1 to fan out on two seed articles).
    """

    workers: int = 1
    start_method: str | None = None
    thresholds: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def from_jobs(cls, jobs: int | None, **options) -> Executor:
        """The executor for ``--jobs`` (0 or less: one worker per core)."""
        jobs = 1 if jobs is None else jobs
        return cls(workers=jobs if jobs > 0 else (os.cpu_count() or 1), **options)

    @property
    def remote(self) -> bool:
        """Whether the per-article stages run elsewhere (``dask_executor``), so spaCy is not loaded here."""
        return False

    def per_article_done(self) -> None:
        """The per-article stages of a build are over: let go of what only they use (nothing here)."""

    def close(self) -> None:
        """Let go of what the executor holds between stages (nothing here; a cluster's client for Dask)."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def method(self) -> str:
        return self.start_method or ("fork" if can_fork() else "spawn")

    def threshold(self, stage: str) -> int:
        return self.thresholds.get(stage, THRESHOLDS[stage])

    def fans_out(self, stage: str, count: int) -> bool:
        """Whether ``count`` items of ``stage`` are worth worker processes."""
        return self.workers > 1 and count >= self.threshold(stage)

    def chunks(self, items: Sequence[T], per_worker: int, least: int = 1) -> list[Sequence[T]]:
        """``items`` in about ``per_worker`` chunks a worker (at least ``least`` items each), in order."""
        size = max(least, len(items) // (self.workers * per_worker) + 1)
        return [items[i: i + size] for i in range(0, len(items), size)]

    @contextmanager
    def pool(self, workers: int | None = None, shared: Any = None, initializer: Callable | None = None,
             initargs: tuple = ()) -> Iterator[ProcessPoolExecutor]:
        """A process pool of ``workers`` (default: all), shut down on leaving; each worker holds ``shared``.

        Before forking, the caller's objects are frozen out of the cycle
        collector (``gc.freeze``): a worker's collector would otherwise walk
        every inherited object again and again, writing to each, so the
        worker copies the caller's whole heap page by page. They are unfrozen
        when the pool closes, unless the caller has set objects aside itself
        by then (``set_aside``: a build's memo).

        Each worker exits when the caller does (``_watch_parent``): killed
        while its pool was working (``briefing serve`` stopped mid-rebuild),
        the caller cannot shut the pool down, and its workers would otherwise
        wait for tasks for ever, holding the project's build lock they inherited.
        """
        forked = self.method == "fork"
        if forked:
            gc.freeze()
        try:
            # Forked, the workers inherit ``shared`` with the pool's arguments; spawned, each gets it pickled once.
            with ProcessPoolExecutor(max_workers=workers or self.workers, mp_context=get_context(self.method),
                                     initializer=_start_worker,
                                     initargs=(os.getpid(), shared, initializer, initargs)) as pool:
                yield pool
        finally:
            if forked and not _set_aside:  # as things stand now: a build may set its memo aside while a pool is open
                gc.unfreeze()

    @contextmanager
    def fan_out(self, function: Callable[[Any, Any], T], chunks: Sequence, shared: Any = None,
                initializer: Callable | None = None, initargs: tuple = (), stage: str = "") -> Iterator[Iterator[T]]:
        """Start ``function(chunk, shared)`` for every chunk in worker processes now; yield its results in order.

        The caller can do other work before reading the results; the pool
        closes when the caller leaves. ``stage`` names the stage (an executor may run some elsewhere).
        """
        with self.pool(min(self.workers, len(chunks)) or 1, shared, initializer, initargs) as workers:
            futures = [workers.submit(_call, function, chunk) for chunk in chunks]
            yield (future.result() for future in futures)

    def map(self, function: Callable[[Any, Any], T], chunks: Sequence, shared: Any = None,
            initializer: Callable | None = None, initargs: tuple = (), stage: str = "") -> Iterator[T]:
        """``function(chunk, shared)`` for every chunk, in worker processes, in order (``initializer(*initargs)``
        run first in each worker)."""
        with self.fan_out(function, chunks, shared, initializer, initargs) as results:
            yield from results

    @contextmanager
    def background(self, call: Callable[[], T], stage: str, count: int) -> Iterator[Callable[[], T]]:
        """Run ``call`` in a forked process while the caller goes on, if ``count`` items of ``stage`` are worth it;
        yield a function that returns its result.

        The process inherits what ``call`` reads and sends back only the
        result. Otherwise, and where workers are spawned (a closure cannot be
        pickled, and what it reads would cost more to send than to make),
        ``call`` runs in the caller when its result is asked for.
        """
        if not self.fans_out(stage, count) or self.method != "fork":
            yield call
            return
        with self.pool(1, shared=call) as worker:
            yield worker.submit(_call, _run, None).result


SERIAL = Executor()


def _call(function: Callable[[Any, Any], T], chunk: Any) -> T:
    return function(chunk, _WORKER.get("shared"))


def _run(_, call: Callable[[], T]) -> T:
    return call()


def _start_worker(parent: int, shared: Any, initializer, initargs) -> None:
    _WORKER["shared"] = shared
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="watch-parent").start()
    if initializer is not None:
        initializer(*initargs)


def _watch_parent(parent: int, every: float = 0.5) -> None:
    """Exit as soon as the process that made the pool is gone (the worker is then adopted by another)."""
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(1)


# ---------------------------------------------------------------- the cycle collector around long-lived data

def set_aside() -> None:
    """Freeze every object alive now out of the cycle collector (``gc.freeze``) until ``hand_back``.

    For a build's long-lived data (the memo just loaded): the collector then
    skips it, and pools leave it frozen when they close.
    """
    global _set_aside
    gc.freeze()
    _set_aside = True


def hand_back() -> None:
    """Return every frozen object to the cycle collector (``gc.unfreeze``)."""
    global _set_aside
    gc.unfreeze()
    _set_aside = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector: loading or pickling a million small objects, none in cycles, takes
    twice as long with it on. Objects made meanwhile are collected (walked) the next time it runs,
    unless set aside first."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
