"""The per-article stages (analyse, summarise) on a Dask cluster; the archive stages stay on this machine.

Chosen with ``--executor dask://HOST:PORT`` (a running ``dask scheduler``)
or ``dask-local`` (a ``LocalCluster`` on this machine); ``distributed`` is
an optional extra. Each worker loads spaCy's model once (a worker plugin),
then receives bounded batches of cleaned texts (or of texts with their
analyses) and returns the records the cache stores, so a build's output is
the same bytes as a local one. Only a few batches per worker are in flight
at a time: the driver never hands the whole archive to the scheduler.
"""

from __future__ import annotations

import atexit
import logging
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Sequence
from uuid import uuid4

from .executor import Executor

LOCAL = "dask-local"
CONNECT_SECONDS = 5  # an unreachable scheduler is reported after this long
RETRIES = 3  # a batch whose worker died is run again elsewhere, up to this many times
IN_FLIGHT = 2  # batches per worker thread submitted ahead of the results read
MAX_BATCH = 256  # articles a batch: small enough to spread over a cluster and to fit any message
# ``dask-local``'s settings. Each made spaCy's work cost more CPU on a worker than in a local process:
QUIET_WORKERS = {
    # the statistical profiler samples every thread's stack a hundred times a second;
    "distributed.worker.profile.enabled": False,
    # a 64 KiB trim threshold turns off glibc's adaptive mmap threshold, so each of spaCy's arrays is mapped and
    # unmapped again (a third more CPU, mostly page faults; ``dask_worker.keep_freed_memory`` for other clusters);
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    # the event loops' health checks and dashboard samples wake the worker (and take the GIL) 60 times a second.
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}
# Every process of the build's (the client; with ``dask-local`` also the scheduler and workers): no log of recent
# messages, which keeps the last thousand of them, each batch's articles included, alive; the archive, in the end.
NO_MESSAGE_LOG = {"distributed.admin.low-level-log-length": 0}


class ExecutorError(Exception):
    """The Dask cluster cannot be used: ``distributed`` is missing or the scheduler cannot be reached."""


def is_dask(spec: str) -> bool:
    return spec == LOCAL or spec.startswith("dask://")


@dataclass(frozen=True, eq=False)
class DaskExecutor(Executor):
    """An ``Executor`` whose per-article stages run on a Dask cluster (``client``)."""

    client: Any = None
    cluster: Any = None  # the LocalCluster of ``dask-local``, closed with the client
    remote_stages: tuple[str, ...] = ("analyse", "summarise")
    _set_up: set = field(default_factory=set)

    @property
    def remote(self) -> bool:
        return True

    @property
    def threads(self) -> int:
        """Worker threads in the cluster now (at least one); this machine's workers once it is closed."""
        if self.client.status != "running":
            return self.workers
        return max(1, sum(self.client.nthreads().values()))

    def fans_out(self, stage: str, count: int) -> bool:
        if stage in self.remote_stages:
            return count > 0  # on the cluster whatever the count: the user asked for it
        return super().fans_out(stage, count)

    def chunks(self, items: Sequence, per_worker: int, least: int = 1) -> list[Sequence]:
        size = max(least, min(MAX_BATCH, len(items) // (self.threads * per_worker) + 1))
        return [items[i: i + size] for i in range(0, len(items), size)]

    def map(self, function: Callable, chunks: Sequence, shared: Any = None, initializer: Callable | None = None,
            initargs: tuple = (), stage: str = "") -> Iterator:
        """``function(chunk, shared)`` for every chunk, in order: on the cluster for a remote stage, with at
        most ``IN_FLIGHT`` batches per worker thread submitted and not yet read."""
        if stage not in self.remote_stages:
            yield from super().map(function, chunks, shared, initializer, initargs, stage)
            return
        from . import dask_worker

        if initializer is not None:
            self._set_up_workers(initializer, initargs)
        token, window = uuid4().hex[:12], IN_FLIGHT * self.threads
        pending: deque = deque()
        for index, chunk in enumerate(chunks):
            pending.append(self.client.submit(dask_worker.run, function, chunk, shared, retries=RETRIES,
                                              key=f"briefing-{stage}-{token}-{index}"))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def _set_up_workers(self, initializer: Callable, initargs: tuple) -> None:
        """Run ``initializer(*initargs)`` once on every worker, and on every worker that joins later."""
        from . import dask_worker

        name = f"briefing-{initializer.__module__}.{initializer.__qualname__}-{initargs!r}"
        if name not in self._set_up:
            self.client.register_plugin(dask_worker.SetUp(initializer, initargs), name=name)
            self._set_up.add(name)

    def per_article_done(self) -> None:
        """``dask-local``'s own cluster is closed once the per-article stages are over: its scheduler's timers
        and its workers would otherwise compete with the archive stages for this machine's cores. A cluster
        the user runs (``dask://``) is theirs, and stays."""
        if self.cluster is not None:
            self.close()

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def connect(spec: str, workers: int, **options) -> DaskExecutor:
    """A ``DaskExecutor`` for ``spec`` (``dask://HOST:PORT`` or ``dask-local`` with ``workers`` processes);
    the archive stages keep ``workers`` local processes.

    Raises:
        ExecutorError: ``distributed`` is not installed, or no scheduler answers at the address in time.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ExecutorError(f"--executor {spec} needs Dask: pip install 'briefing[dask]' "
                            "(or -r requirements-dask.txt)") from exc
    import dask

    cluster = None
    if spec == LOCAL:
        with dask.config.set({**QUIET_WORKERS, **NO_MESSAGE_LOG}):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                                   silence_logs=logging.ERROR)
        address = cluster.scheduler_address
    else:
        address = "tcp://" + spec.removeprefix("dask://")
    try:
        with dask.config.set(NO_MESSAGE_LOG):
            client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise ExecutorError(f"cannot reach the Dask scheduler at {address} within {CONNECT_SECONDS} s "
                            f"(is `dask scheduler` running there, and the port open?): {exc}") from None
    executor = DaskExecutor(workers=workers, client=client, cluster=cluster, **options)
    atexit.register(executor.close)
    return executor
