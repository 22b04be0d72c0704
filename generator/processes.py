"""Worker processes for the stages that split their work across cores.

Forked where the platform allows: a forked worker inherits the loaded code
and data instead of importing the caller's main module again, which would
fail for a script without an ``if __name__ == "__main__"`` guard.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context


def can_fork() -> bool:
    return "fork" in get_all_start_methods()


def pool(workers: int, initializer=None, initargs=()) -> ProcessPoolExecutor:
    """A process pool of ``workers``, forked if possible (else spawned)."""
    context = get_context("fork" if can_fork() else "spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=initializer, initargs=initargs)
