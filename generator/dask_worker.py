"""What a Dask worker runs for ``dask_executor``: the stage's set-up once (spaCy's model), then its batches.

Imported only where ``distributed`` is installed (the optional extra).
"""

from __future__ import annotations

import ctypes
import gc
import os
import sys
from typing import Any, Callable

from distributed import get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from .analyse import ModelError

COLLECT_EVERY = 100_000  # allocations between the cycle collector's runs (Python's default: 700)
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's ``mallopt`` parameters (malloc.h)
KEEP_FREED = 64 << 20  # bytes of freed heap a worker keeps rather than hands back to the system
MAP_ABOVE = 32 << 20  # allocations this large get their own mapping (the ceiling glibc's adaptive threshold reaches)


class SetUp(WorkerPlugin):
    """Load what a stage's batches need (spaCy's model) once per worker, after checking that the worker runs
    the same stage code as the driver: the cache's keys are made from the driver's code."""

    idempotent = True

    def __init__(self, initializer: Callable, initargs: tuple):
        self.initializer, self.initargs, self.versions = initializer, initargs, versions()

    def setup(self, worker) -> None:
        if versions() != self.versions:
            raise RuntimeError(f"Dask worker {worker.address} runs other briefing code than this build "
                               f"({versions()} there, {self.versions} here): install the same version there")
        try:
            self.initializer(*self.initargs)
        except ModelError as exc:
            raise ModelError(f"Dask worker {worker.address}: {exc}") from None
        # As in a build's forked workers (``build._fewer_collections``, ``executor.pool``): the model's objects
        # out of the cycle collector, and collections a hundred times rarer, or they take a third of the time.
        gc.freeze()
        gc.set_threshold(COLLECT_EVERY, 50, 100)
        keep_freed_memory()


def keep_freed_memory() -> None:
    """Undo the cost of the trim threshold Dask's nanny gives its workers (``MALLOC_TRIM_THRESHOLD_``, 64 KiB).

    Setting it turns off glibc's adaptive mmap threshold: every array over
    128 KiB spaCy makes is then mapped and unmapped again, and its pages
    faulted in afresh, which cost a third more CPU per article. The worker
    keeps (and reuses) what it frees instead, as a process without the setting does.
    """
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ or not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # not glibc
        return
    mallopt(M_TRIM_THRESHOLD, KEEP_FREED)
    mallopt(M_MMAP_THRESHOLD, MAP_ABOVE)


def versions() -> dict[str, str]:
    """The versions of the per-article stages' code and data (their declarations in ``stages``)."""
    from . import stages

    return {"analysis": stages.version("analysis"), "summary": stages.version("summary")}


def run(function: Callable[[Any, Any], Any], chunk: Any, shared: Any) -> Any:
    """One batch; a missing model is named with the worker that lacks it."""
    try:
        return function(chunk, shared)
    except ModelError as exc:
        raise ModelError(f"Dask worker {get_worker().address}: {exc}") from None
