"""Search that a reader can afford at any archive size: Material's index, or Pagefind's chunks.

Material's built-in search downloads the whole index (about 5 KB a page)
before the first query: fine for a small archive, 100 MB at 20,000 pages.
Pagefind splits its index into chunks by word, so one query fetches a few
small files whatever the archive's size. ``extra.briefing.search`` picks
the engine: ``material``, ``pagefind``, or ``auto`` (the default), which
takes Pagefind once the pages' text would make Material's index larger
than ``search_material_max_kb``.

This module is a set of MkDocs hooks (``briefing build`` and ``briefing
serve`` pass it to MkDocs). With Pagefind, Material's search plugin stays
loaded (its search box is drawn only when it is), but it indexes nothing;
the theme's ``partials/search.html`` draws the same box wired to Pagefind.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

log = logging.getLogger("mkdocs.briefing.search")

ENGINES = ("auto", "material", "pagefind")
MATERIAL_PLUGIN = "material/search"
PAGEFIND_DIR = "pagefind"
# Set in a shard of a sharded build (site_shards.SHARD_ENV; this hooks file is loaded outside its package).
SHARD_ENV = "BRIEFING_SHARD"
# Pagefind reads only the article; the header, nav and footer repeat on every page.
PAGEFIND_ROOT = "article.md-content__inner"
# Only briefing pages (``YYYY/MM/DD/slug/``) are indexed: entity and timeline pages repeat
# briefings' summaries, and Pagefind's page list (fetched by every query) grows by ~7 bytes a page.
PAGEFIND_GLOB = "[0-9][0-9][0-9][0-9]/**/*.html"
# Left out of the index: permalink marks, and the sidebar (its names are in the text, its counts are noise).
PAGEFIND_EXCLUDE = [".headerlink", "aside.briefing-sidebar"]

def choose_engine(setting: str, text_bytes: int, material_max_kb: int) -> str:
    """The engine to use: the configured one, or for ``auto`` the one the archive's size calls for.

    Args:
        setting: ``auto``, ``material`` or ``pagefind``.
        text_bytes: total size of the pages' Markdown sources (Material's index is about as big).
        material_max_kb: the largest Material index ``auto`` accepts.
    """
    if setting not in ENGINES:
        raise ValueError(f"extra.briefing.search: expected one of {', '.join(ENGINES)}, got {setting!r}")
    if setting != "auto":
        return setting
    return "pagefind" if text_bytes > material_max_kb * 1024 else "material"


class _NoIndex:
    """Stands in for Material's search index when Pagefind does the searching."""

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
        # A sharded build (site_shards.py) is only ever a Pagefind build.
        engine = "pagefind" if os.environ.get(SHARD_ENV) else choose_engine(setting, text_bytes, max_kb)
    except ValueError as exc:
        from mkdocs.exceptions import PluginError

        raise PluginError(str(exc)) from None
    config.extra["briefing_search"] = engine
    plugin = config.plugins.get(MATERIAL_PLUGIN)
    if engine == "pagefind" and plugin is not None:
        plugin.search_index = _NoIndex()
    log.info("briefing: %s search (%d KB of page text)", engine, text_bytes // 1024)
    return files


def on_post_build(config) -> None:
    """With Pagefind, index the built site into ``site/pagefind/``.

    Material's script still fetches ``search/search_index.json`` on every page, so
    its (empty, 100-byte) index stays in place.
    """
    if config.extra.get("briefing_search") != "pagefind" or os.environ.get(SHARD_ENV):
        return  # a sharded build indexes once, after its last shard (see site_shards.py)
    if config.extra.get("briefing_indexed"):
        return  # built and indexed in shards before MkDocs' own pass (``briefing serve``'s first build)
    start = time.perf_counter()
    index_built_site(Path(config.site_dir))
    config.extra["briefing_search_seconds"] = time.perf_counter() - start


def index_built_site(site: Path) -> int:
    """Index a built site's briefing pages with Pagefind; return how many pages were indexed.

    Runs Pagefind's own command line (shipped by ``pagefind[bin]``) rather than
    its Python service: the index is complete when the process has exited,
    whereas the service is terminated as soon as it has answered.
    """
    from mkdocs.exceptions import PluginError

    start = time.perf_counter()
    output = (site / PAGEFIND_DIR).resolve()
    command = [sys.executable, "-m", "pagefind", "--site", str(site.resolve()), "--output-path", str(output),
               "--root-selector", PAGEFIND_ROOT, "--glob", PAGEFIND_GLOB, "--force-language", "en", "--quiet"]
    for selector in PAGEFIND_EXCLUDE:
        command += ["--exclude-selectors", selector]
    done = subprocess.run(command, capture_output=True, text=True)
    entry = output / "pagefind-entry.json"
    if done.returncode != 0 or not entry.is_file():
        raise PluginError(f"Pagefind could not index {site}: {(done.stderr or done.stdout).strip()[-2000:]}")
    pages = sum(language["page_count"] for language in json.loads(entry.read_text(encoding="utf-8"))["languages"].values())
    log.info("briefing: Pagefind indexed %d pages in %.1f s", pages, time.perf_counter() - start)
    return pages
