"""Build a large site with MkDocs in several processes, each writing a share of the pages.

MkDocs renders one page at a time in one process (Markdown, then the
theme's templates: about 10 ms a page), so at tens of thousands of pages it
is the slowest stage after spaCy while one core sits idle. Each shard here
is an ordinary ``mkdocs build`` of the whole project, with MkDocs' own
``dirty`` mode told that only its share of the files changed: it reads,
renders and writes those and skips the rest. Every shard sees every file,
so links between pages resolve exactly as in a single build, and the
output is byte-identical to one (a test checks it). The nav's pages are
read by every shard (the theme prints their titles on every page) but
written by their owner only, and the theme's own pages (404, sitemap) by
the first shard.

Only used with the chunked search index (``search_index.py``, written by
the generator): Material's own index is built page by page
inside one process, so a site small enough for it is built the usual way.

An incremental build (``site_plan.py``) shards the same way: the hooks
loaded after these (``site_dirty.py``) narrow each shard's share to the
files that changed.

This module is also the MkDocs hooks file the shards load; it reads its
shard from ``BRIEFING_SHARD`` (``index/count``).
"""

from __future__ import annotations

import logging
import os
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

SHARD_ENV = "BRIEFING_SHARD"
MIN_PAGES_PER_SHARD = 250  # below this, starting a process and loading MkDocs (about a second) costs more than it saves


@dataclass(frozen=True)
class Shard:
    index: int
    count: int

    def owns(self, src_uri: str) -> bool:
        """Whether this shard writes the file: by a hash of its path, the same in every process."""
        return zlib.crc32(src_uri.encode("utf-8")) % self.count == self.index


def current_shard() -> Shard | None:
    """The shard this process builds, from ``BRIEFING_SHARD``; None outside a sharded build."""
    value = os.environ.get(SHARD_ENV)
    if not value:
        return None
    index, count = (int(part) for part in value.split("/"))
    return Shard(index, count)


def shard_count(pages: int, jobs: int) -> int:
    """How many processes a build of ``pages`` Markdown pages is worth, at most ``jobs``."""
    return max(1, min(jobs, pages // MIN_PAGES_PER_SHARD))


# ---------------------------------------------------------------- MkDocs hooks (active in shard processes only)

def _unchanged() -> bool:
    return False


class QuietDirty(logging.Filter):
    """Drop MkDocs' notes about dirty builds and skipped pages: here they are the plan, not a problem."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("A 'dirty' build") or message.startswith("Page skipped"))


def on_files(files, config):
    """Mark the other shards' files unchanged, so MkDocs' dirty build skips them."""
    shard = current_shard()
    if shard is None:
        return files
    in_nav = _nav_sources(config)
    for file in files:
        owned = shard.owns(file.src_uri)
        file.briefing_owned = owned
        if not owned and file.src_uri not in in_nav:
            file.is_modified = _unchanged  # an instance attribute: MkDocs asks each file
    return files


def on_env(env, config, files):
    """Templates do not change during a build: stop Jinja checking each file's date on every use.

    The theme's own pages (404.html, the sitemap) are built by the first shard
    only. Cleared here, after MkDocs has used the list to leave those
    templates out of the files it copies.
    """
    env.auto_reload = False
    shard = current_shard()
    if shard is not None and shard.index != 0:
        config.theme.static_templates.clear()
    return env


def on_post_page(output, page, config):
    """A nav page read here for its title but owned by another shard: do not write it."""
    if current_shard() is not None and not getattr(page.file, "briefing_owned", True):
        return ""
    return output


def _nav_sources(config) -> set[str]:
    sources: set[str] = set()

    def walk(items) -> None:
        for item in items or []:
            if isinstance(item, dict):
                for value in item.values():
                    walk([value] if isinstance(value, str) else value)
            elif isinstance(item, str):
                sources.add(item)

    walk(config.nav)
    return sources


# ---------------------------------------------------------------- the orchestrator

def build(root: Path, shards: int, hooks: list[str], strict: bool = False, after: list[str] | None = None,
          **overrides) -> dict:
    """Build ``root``'s site in ``shards`` processes; return timings.

    ``hooks`` are the hooks files every MkDocs run loads; this module's come
    after them, then ``after`` (an incremental build's, ``site_dirty.py``,
    which marks what each shard renders). ``overrides`` are MkDocs settings
    that replace ``mkdocs.yml``'s (``briefing serve`` builds into its own
    folder, for its own address). Raises whatever a shard raised
    (``mkdocs.exceptions.Abort`` in strict mode).
    """
    from mkdocs import utils
    from mkdocs.config import load_config as mk_load_config

    from .executor import Executor

    cwd = os.getcwd()
    os.chdir(root)
    try:
        mk_config = mk_load_config(str(root / "mkdocs.yml"), strict=strict, hooks=hooks, **overrides)
        site_dir = mk_config.site_dir
    finally:
        os.chdir(cwd)
    utils.clean_directory(site_dir)
    start = time.perf_counter()
    shard_hooks = [*hooks, __file__, *(after or [])]
    with Executor(shards).pool() as workers:
        futures = [workers.submit(_build_shard, str(root), Shard(i, shards), strict, shard_hooks, overrides)
                   for i in range(shards)]
        for future in futures:
            future.result()
    return {"shards": shards, "pages_seconds": time.perf_counter() - start}


def _build_shard(root: str, shard: Shard, strict: bool, hooks: list[str], overrides: dict | None = None) -> None:
    from mkdocs.commands.build import build as mk_build
    from mkdocs.config import load_config as mk_load_config

    os.environ[SHARD_ENV] = f"{shard.index}/{shard.count}"
    os.chdir(root)
    logging.getLogger("mkdocs.commands.build").addFilter(QuietDirty())
    config = mk_load_config(str(Path(root) / "mkdocs.yml"), strict=strict, hooks=hooks, **(overrides or {}))
    mk_build(config, dirty=True)
