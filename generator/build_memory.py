"""What a build keeps for the next one, and how it holds a large archive in memory.

The stages share one ``Kept``: the memo, loaded at the start and saved at
the end, the gazetteer's tables restored from it, the last render's page
fingerprints and each briefing's search words. ``fewer_collections`` keeps
Python's cycle collector from walking all of that over and over.
"""

from __future__ import annotations

import gc
from contextlib import closing, contextmanager
from typing import Callable, Iterator

from . import executor as executor_module
from . import gazetteer
from .cache import Cache
from .config import Config
from .memo import Memo, derived_keys

PAGES_KEY = "pages:fingerprints"  # the last render's page fingerprints, so unchanged pages are not rendered again


@contextmanager
def fewer_collections(threshold: int = 100_000) -> Iterator[Callable[[], None]]:
    """Run Python's cycle collector a hundred times less often while the archive is in memory.

    A build holds millions of small long-lived objects (mentions, entities,
    page data) that form no cycles. With the default thresholds the collector
    walks them over and over: a fifth of a rebuild's time. Cycles are still
    collected, only less often. The function yielded sets aside
    (``executor_module.set_aside``) every object alive so far, such as the memo just
    loaded, so that even those rarer collections skip them; they are handed back on exit.
    """
    before = gc.get_threshold()
    gc.set_threshold(threshold, 50, 100)
    try:
        yield executor_module.set_aside
    finally:
        executor_module.hand_back()
        gc.set_threshold(*before)


class Kept:
    """What a build keeps for the next one, loaded once and saved at the end: the stages share it.

    The memo (``memo.py``) finds per-briefing results by key without hashing
    what they are made of; the gazetteer's tables are restored from it; the
    page fingerprints of the last render (in the cache) let render skip the
    pages that did not change; each briefing's search words are kept by key.
    """

    def __init__(self, config: Config, notes: list[str], tables_key: str, terms_version: str):
        self.config, self.notes, self.tables_key, self.terms_version = config, notes, tables_key, terms_version
        self.memo = Memo(config.cache_path / "memo")
        notes.extend(self.memo.notes)
        gazetteer.restore(self.memo.get(tables_key) or {})  # the gazetteer's lookups made by earlier builds
        self.pages_key = f"{PAGES_KEY}:{config.docs_path}"

    def terms_keys(self, shown_keys: list[str]) -> list[str]:
        """The memo keys of the shown briefings' search words."""
        return derived_keys("terms-of", self.terms_version, shown_keys)

    def page_fingerprints(self) -> dict[str, list] | None:
        """The last render's page fingerprints (``RenderResult.fingerprints``); None at first."""
        with closing(Cache(self.config.cache_path / "cache.sqlite", self.notes)) as cache:
            return cache.get_many([self.pages_key]).get(self.pages_key)

    def keep_page_fingerprints(self, fingerprints: dict[str, list]) -> None:
        with closing(Cache(self.config.cache_path / "cache.sqlite", self.notes)) as cache:
            cache.put_many([(self.pages_key, fingerprints)])

    def save(self) -> None:
        """Save the memo, with the gazetteer's tables as they are now."""
        self.memo.put(self.tables_key, gazetteer.tables())
        self.memo.save()
