"""``briefing build``'s and ``deploy``'s site: MkDocs over content/, rendering again only what changed.

The project's lock is held throughout, and the site is built beside
``site/`` and swapped in whole (``site_swap.py``): a kill meanwhile leaves
the old site. After a first build, ``site_plan.py`` decides which pages
changed (by content, not file times) and MkDocs renders only those
(``site_dirty.py``) beside the site, then moves them in (``site_plan.commit``). A site large
enough for the chunked index is built in several processes (``site_shards.py``).
The result is the site a full build makes, byte for byte.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from .build import project_lock
from . import site_plan, site_shards
from .config import SITE_URL_ENV, Config
from .executor import Executor
from .site_hooks import mkdocs_hook_files  # noqa: F401 (cli and tests take it from here)
from .site_swap import fresh_staging, live_site, staged_site


def mkdocs_build(config: Config, strict: bool = False, jobs: int | Executor | None = None, locked: bool = False,
                 full: bool = False):
    """Run ``mkdocs build`` on the project (in-process, through MkDocs' own API); return MkDocs' config.

    The search hooks pick Material's search or the chunked index for the
    archive's size (see ``search.py``). ``full`` renders every page whatever
    changed. ``mk_config.extra["briefing_site"]`` says what was done (pages
    rendered, files kept, seconds).
    """
    from mkdocs.config import load_config as mk_load_config

    cwd = os.getcwd()
    os.chdir(config.root)
    try:
        with project_lock(config, locked):
            # $BRIEFING_SITE_URL (config.SITE_URL_ENV) sets the address for MkDocs as for the generator.
            overrides = {"site_url": config.site_url} if os.environ.get(SITE_URL_ENV, "").strip() else {}
            hooks = [*mkdocs_hook_files(), site_dirty_hook()]
            mk_config = mk_load_config(str(config.root / "mkdocs.yml"), strict=strict, hooks=hooks, **overrides)
            site = Path(mk_config.site_dir)
            folder = site_plan.state_folder(config.cache_path, site)
            site_plan.replay(folder, live_site(site))  # a commit a killed build left half done
            summary, state = _build(config, mk_config, site, folder, _workers(config, jobs),
                                    strict, overrides, full)
            mk_config["site_dir"] = str(site)
            if state is not None:  # after the swap or commit: a kill before leaves the old site and its record
                site_plan.save_state(folder, state)
            mk_config.extra["briefing_site"] = summary
    finally:
        os.chdir(cwd)
    return mk_config


def _build(config: Config, mk_config, site: Path, folder: Path, workers: int, strict: bool, overrides: dict,
           full: bool) -> tuple[dict, dict | None]:
    """Build the site: in full beside it and swapped in, or only the planned files, moved in (``site_plan``);
    return what was done and the site's new record (None: keep none)."""
    start = time.perf_counter()
    sizes = _markdown_sizes(config)
    shards = site_shard_count(config, mk_config, workers, sizes)
    engine = "chunked" if shards > 1 else search_engine(config, sizes)
    hooks = [*mkdocs_hook_files(), site_shards.__file__, site_dirty_hook()]
    live = live_site(site)
    plan = None
    if site_plan.incremental_ok(mk_config, hooks) and not live.is_mount():
        fingerprint = site_plan.theme_fingerprint(mk_config, hooks, engine, overrides)
        plan = site_plan.make_plan(mk_config, live, fingerprint, folder, full)
    else:  # the offline plugin, other plugins, a site/ that is a mount point: built whole, as MkDocs does
        site_plan.forget(folder)
    summary: dict = {"shards": shards, "full": plan is None or plan.full}
    if plan is not None and not plan.full:
        staging = fresh_staging(live)
        mk_config["site_dir"] = str(staging)
        with site_plan.handed_to_hooks(plan, engine):
            _run_mkdocs(config, mk_config, shards, strict, overrides, dirty=True)
        written = site_plan.commit(plan, staging, live)
        summary.update(rendered=len(plan.changed), kept=len(plan.dests) - len(plan.changed))
        return {**summary, "seconds": time.perf_counter() - start}, site_plan.next_state(plan, live, written)
    with staged_site(site) as staging:
        mk_config["site_dir"] = str(staging)
        if plan is None:
            _run_mkdocs(config, mk_config, shards, strict, overrides, dirty=False)  # no plan: the hooks do nothing
        else:
            with site_plan.handed_to_hooks(plan, engine):
                _run_mkdocs(config, mk_config, shards, strict, overrides, dirty=False)
            state = site_plan.next_state(plan, staging)
    summary.update(rendered=len(plan.dests) if plan else None, kept=0, seconds=time.perf_counter() - start)
    return summary, state if plan is not None else None


def _run_mkdocs(config: Config, mk_config, shards: int, strict: bool, overrides: dict, dirty: bool) -> None:
    from mkdocs.commands.build import build as mk_build

    if shards > 1:
        site_shards.build(config.root, shards, mkdocs_hook_files(), strict=strict, after=[site_dirty_hook()],
                          **overrides, site_dir=mk_config.site_dir)
        mk_config.extra["briefing_search"] = "chunked"
    else:
        mk_build(mk_config, dirty=dirty)
    mk_config.extra["briefing_shards"] = shards


def site_dirty_hook() -> str:
    """The hooks file of an incremental build (``site_dirty.py``)."""
    return str(Path(__file__).with_name("site_dirty.py"))


def _workers(config: Config, jobs: int | Executor | None) -> int:
    """How many local processes MkDocs' shards may use: the executor's, or ``jobs`` (default ``config.jobs``)."""
    if isinstance(jobs, Executor):
        return jobs.workers
    return Executor.from_jobs(jobs if jobs is not None else config.jobs).workers


def site_shard_count(config: Config, mk_config, workers: int, sizes: list[int] | None = None) -> int:
    """How many processes to build the site in: one unless the site is big enough for the chunked index.

    Material's own search index and its offline plugin collect every page in
    one process, so a site that uses them is built the usual way.
    """
    offline = mk_config.plugins.get("material/offline")
    if offline is not None and offline.config.enabled:
        return 1
    sizes = _markdown_sizes(config) if sizes is None else sizes
    if search_engine(config, sizes) != "chunked":
        return 1
    return site_shards.shard_count(len(sizes), workers)


def search_engine(config: Config, sizes: list[int] | None = None) -> str | None:
    """The search engine the site will get (``search.on_files`` decides the same way); None for a bad setting."""
    from . import search

    sizes = _markdown_sizes(config) if sizes is None else sizes
    try:
        return search.choose_engine(config.search, sum(sizes), config.search_material_max_kb)
    except ValueError:
        return None  # MkDocs reports the bad setting


def _markdown_sizes(config: Config) -> list[int]:
    """The size of each Markdown page under the docs folder (hidden folders and files left out).

    ``os.scandir`` rather than ``Path.rglob``: on the whole corpus' 29,000
    pages a fifth of the time (0.25 s against 1.3 s), paid by every build.
    """
    sizes, folders = [], [str(config.docs_path)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir():
                    folders.append(entry.path)
                elif entry.name.endswith(".md") and entry.is_file():
                    sizes.append(entry.stat().st_size)
    return sizes


def mkdocs_deploy(config: Config, message: str | None = None, force: bool = False, jobs: int | Executor | None = None,
                  locked: bool = False, full: bool = False) -> None:
    """Build (only what changed, as ``mkdocs_build``), then push site/ to the gh-pages branch with MkDocs'
    own ``gh-deploy``."""
    from mkdocs.commands.gh_deploy import gh_deploy

    mk_config = mkdocs_build(config, jobs=jobs, locked=locked, full=full)
    cwd = os.getcwd()
    os.chdir(config.root)
    try:
        gh_deploy(mk_config, message=message, force=force)
    finally:
        os.chdir(cwd)
