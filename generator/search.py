"""Search that a reader can afford at any archive size: Material's index, or the archive's chunked index.

Material's built-in search downloads the whole index (about 5 KB a page)
before the first query: fine for a small archive, 100 MB at 20,000 pages.
The chunked index (``search_index.py``, written by the generator) is split
so that one query fetches a few small files whatever the archive's size.
``extra.briefing.search`` picks the engine: ``material``, ``chunked``, or
``auto`` (the default), which takes the chunked index once the pages' text
would make Material's index larger than ``search_material_max_kb``.
(``pagefind``, the chunked engine of earlier versions, is read as ``chunked``.)

The generator makes the choice when it writes the theme (``theme_files.py``):
``partials/search.html`` is the search box of one engine or the other, so any
builder, hooks or none, gives a site whose search works. This module is also a
MkDocs hook (``briefing build`` and ``briefing serve`` pass it to MkDocs), for
speed only: with the chunked index, Material's search plugin stays loaded (its
search box is drawn only when it is), and the hook has it index nothing
instead of every page (without the hook, its unused index is written, and
fetched by Material's script on a page's first load). It also stops a build
whose chunked index is missing.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from generator.theme_files import ALIASES, ENGINES, choose_engine, written_engine  # noqa: F401 (names of this module)

log = logging.getLogger("mkdocs.briefing.search")

MATERIAL_PLUGIN = "material/search"
INDEX = "search-index/index.json"  # search_index.FOLDER (this hooks file is loaded outside its package)
# Set in a shard of a sharded build (site_shards.SHARD_ENV).
SHARD_ENV = "BRIEFING_SHARD"


class _NoIndex:
    """Stands in for Material's search index when the chunked index does the searching."""

    def add_entry_from_context(self, page) -> None:
        pass

    def generate_search_index(self, prev) -> str:
        return '{"config":{"lang":["en"],"separator":"[\\\\s\\\\-]+","pipeline":[]},"docs":[]}'


def _options(config) -> tuple[str, int]:
    options = (config.extra or {}).get("briefing") or {}
    return str(options.get("search", "auto")), int(options.get("search_material_max_kb", 200))


def on_files(files, config):
    """Pick the engine once the pages are known; tell the theme; silence Material's index if unused."""
    setting, max_kb = _options(config)
    text_bytes = 0
    for file in files.documentation_pages():
        try:
            text_bytes += Path(file.abs_src_path).stat().st_size
        except (OSError, TypeError):
            continue
    try:
        # A sharded build (site_shards.py) is only ever a chunked-index build.
        engine = "chunked" if os.environ.get(SHARD_ENV) else choose_engine(setting, text_bytes, max_kb)
    except ValueError as exc:
        from mkdocs.exceptions import PluginError

        raise PluginError(str(exc)) from None
    offline = config.plugins.get("material/offline")
    if engine == "chunked" and offline is not None and offline.config.enabled:
        # A browser refuses to fetch the index's files from file://; Material's offline index is a script.
        log.info("briefing: offline build, so Material's search instead of the chunked index")
        engine = "material"
    engine = written_engine(config.theme.custom_dir) or engine  # the search box the generator wrote decides
    if engine == "chunked" and files.get_file_from_path(INDEX) is None:
        from mkdocs.exceptions import PluginError

        raise PluginError(f"{INDEX} is missing from {config.docs_dir}: run `briefing generate` "
                          "(which writes the search index unless extra.briefing.search is material)")
    config.extra["briefing_search"] = engine
    plugin = config.plugins.get(MATERIAL_PLUGIN)
    if engine == "chunked" and plugin is not None:
        plugin.search_index = _NoIndex()
    log.info("briefing: %s search (%d KB of page text)", engine, text_bytes // 1024)
    return files
