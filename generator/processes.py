"""Worker processes for the stages that split their work across cores.

Forked where the platform allows: a forked worker inherits the loaded code
and data instead of importing the caller's main module again, which would
fail for a script without an ``if __name__ == "__main__"`` guard.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_all_start_methods, get_context
from typing import Callable, Iterator, TypeVar

T = TypeVar("T")
_BACKGROUND: list[Callable[[], object]] = []  # calls inherited by the process forked to run them
_set_aside = False  # whether a caller froze objects itself (asking gc.get_freeze_count walks every one: 0.2 s)


def can_fork() -> bool:
    return "fork" in get_all_start_methods()


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


@contextmanager
def pool(workers: int, initializer=None, initargs=()) -> Iterator[ProcessPoolExecutor]:
    """A process pool of ``workers``, forked if possible (else spawned), shut down on leaving.

    Before forking, the caller's objects are frozen out of the cycle collector
    (``gc.freeze``): a worker's collector would otherwise walk every inherited
    object again and again, writing to each, so the worker copies the
    caller's whole heap page by page. They are unfrozen when the pool closes,
    unless the caller has set objects aside itself by then (``set_aside``: a build's memo).

    Each worker exits when the caller does (``_watch_parent``): killed while
    its pool was working (``briefing serve`` stopped mid-rebuild), the caller
    cannot shut the pool down, and its workers would otherwise wait for
    tasks for ever, holding the project's build lock they inherited.
    """
    forked = can_fork()
    if forked:
        gc.freeze()
    try:
        context = get_context("fork" if forked else "spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                                 initargs=(os.getpid(), initializer, initargs)) as executor:
            yield executor
    finally:
        if forked and not _set_aside:  # as things stand now: a build may set its memo aside while a pool is open
            gc.unfreeze()


@contextmanager
def background(call: Callable[[], T], fork: bool = True) -> Iterator[Callable[[], T]]:
    """Run ``call`` in a forked process while the caller goes on; yield a function that returns its result.

    The process inherits what ``call`` reads instead of receiving it
    pickled, and sends back only the result. Without ``fork`` (or where
    processes cannot be forked) ``call`` runs in the caller, when its result
    is asked for.
    """
    if not fork or not can_fork():
        yield call
        return
    _BACKGROUND.append(call)
    try:
        with pool(1) as worker:
            yield worker.submit(_run_background, len(_BACKGROUND) - 1).result
    finally:
        _BACKGROUND.pop()


def _run_background(index: int):
    return _BACKGROUND[index]()


def _start_worker(parent: int, initializer, initargs) -> None:
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="watch-parent").start()
    if initializer is not None:
        initializer(*initargs)


def _watch_parent(parent: int, every: float = 0.5) -> None:
    """Exit as soon as the process that made the pool is gone (the worker is then adopted by another)."""
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(1)
