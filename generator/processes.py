"""Worker processes for the stages that split their work across cores.

Forked where the platform allows: a forked worker inherits the loaded code
and data instead of importing the caller's main module again, which would
fail for a script without an ``if __name__ == "__main__"`` guard.
"""

from __future__ import annotations

import gc
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_all_start_methods, get_context
from typing import Iterator


def can_fork() -> bool:
    return "fork" in get_all_start_methods()


@contextmanager
def pool(workers: int, initializer=None, initargs=()) -> Iterator[ProcessPoolExecutor]:
    """A process pool of ``workers``, forked if possible (else spawned), shut down on leaving.

    Before forking, the caller's objects are frozen out of the cycle collector
    (``gc.freeze``): a worker's collector would otherwise walk every inherited
    object again and again, writing to each, so the worker copies the
    caller's whole heap page by page. They are unfrozen when the pool closes.
    """
    forked = can_fork()
    if forked:
        gc.freeze()
    try:
        context = get_context("fork" if forked else "spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=initializer,
                                 initargs=initargs) as executor:
            yield executor
    finally:
        if forked:
            gc.unfreeze()
