"""spaCy's model loaded on a spare core while a rebuild reads its archive, for its few new articles.

A rebuild after one new article spent a third of a second loading the
model once the archive was read, on the way to everything else. Loaded
in a forked process meanwhile, it is ready when the new articles are
known. Kept apart from ``analyse.py``, whose source is part of the key of
every cached analysis.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator

from . import analyse
from .executor import Executor
from .models import Analysis

Analyser = Callable[[list[tuple[str, str]]], list[tuple[str, Analysis]]]


@contextmanager
def model_loaded_ahead(model: str, executor: Executor) -> Iterator[Analyser | None]:
    """Start loading ``model`` in a worker process; yield a function analysing a few ``(key, text)`` pairs there.

    With one worker, or where the executor analyses elsewhere, nothing starts and None is yielded.
    """
    if executor.workers == 1 or executor.remote:
        yield None
        return
    with executor.pool(1, initializer=_load, initargs=(model,)) as worker:
        worker.submit(int)  # start the process (and the loading) now, not with the first text
        yield lambda items: worker.submit(_analysed, items, model).result()


def _load(model: str) -> None:
    """Load the model now. If it cannot be, the error comes back with the first texts (``analyse`` loads it
    again and raises ``ModelError``): raised here, it would only break the pool."""
    try:
        analyse.load_nlp(model)
    except Exception:  # noqa: BLE001 (raised again, with its message, where the caller sees it)
        pass


def _analysed(items: list[tuple[str, str]], model: str) -> list[tuple[str, Analysis]]:
    return list(analyse.analyse(items, model))
