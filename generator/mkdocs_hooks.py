"""MkDocs hooks for ``briefing serve``: regenerate content/ before each rebuild.

Only a convenience: the generator is a standalone step, and this hook just
calls it when ``mkdocs serve`` sees a change in the seeds. A build that
finds the seeds and settings as the generator last read them skips it (20 s
on a 19,000-article archive): the server's first build, since ``briefing
serve`` has just generated, and the rebuild MkDocs' watcher schedules for
the pages the generator rewrites.

A large site (searched with the chunked index) is served "dirty" (see ``cli.py``):
its first build is made here in several processes, like ``briefing
build``'s (``site_shards.py``), and MkDocs' own pass then finds every page
up to date; later rebuilds render only the pages the generator rewrote.
MkDocs loads hook files outside their package, hence the absolute imports.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from pathlib import Path

from generator.build import generate
from generator.config import load_config
from generator.executor import Executor

log = logging.getLogger("mkdocs.briefing")
# ``briefing serve`` imports this module as ``generator.mkdocs_hooks`` and MkDocs loads it again, from its
# file, as a hook: the hook's copy shares the package copy's state, so the command can say what it generated.
_shared = getattr(sys.modules.get("generator.mkdocs_hooks"), "_serving", None)
_serving: dict = _shared if _shared is not None else {"dirty": False, "built": False}


def generated(project) -> None:
    """Record that ``project``'s content/ was just generated from its inputs as they are now.

    Called by ``briefing serve`` before it starts MkDocs, so that the
    server's first build does not generate the same pages again.
    """
    _serving["inputs"] = _inputs(project, project.root / "mkdocs.yml")


def on_startup(command, dirty, **kwargs) -> None:
    _serving["dirty"] = command == "serve" and dirty


def on_files(files, config):
    """After a change to ``mkdocs.yml`` (the theme, the footer, ``extra``...) every page is rendered again.

    A dirty build renders only the pages whose Markdown changed, and the
    generator rewrites only those whose data changed.
    """
    if not _serving["dirty"]:
        return files
    settings = hashlib.sha256(Path(config.config_file_path).read_bytes()).hexdigest()
    if _serving.get("settings") not in (None, settings):
        for file in files:
            file.is_modified = _modified  # an instance attribute: MkDocs asks each file
    _serving["settings"] = settings
    return files


def _modified() -> bool:
    return True


def on_pre_build(config, **kwargs) -> None:
    project = load_config(Path(config.config_file_path).parent)
    inputs = _inputs(project, Path(config.config_file_path))
    if inputs == _serving.get("inputs"):
        # The first build after ``briefing serve`` generated, or the rebuild MkDocs' watcher schedules for
        # the generator's own writes to content/ (or for a hand-written page).
        log.info("briefing: seeds and settings unchanged since the last generation; content/ is up to date")
    else:
        report = generate(project)
        _serving["inputs"] = inputs
        for problem in report.problems:
            log.warning(str(problem))
        if report.analysed:
            log.info("briefing: analysed %d new or changed articles", report.analysed)
        if _serving["built"] and _serving["dirty"] and report.render is not None:
            _remove_built(report.render.removed, config)
    first, _serving["built"] = not _serving["built"], True
    if first and _serving["dirty"]:
        _build_in_shards(project, config)


def _inputs(project, settings: Path) -> tuple:
    """What the generator reads, by name, size and modification time: the seeds, mkdocs.yml and entities.yml.

    Names are relative to the project, so the command and the hook, which
    may spell the project's folder differently, agree.
    """
    files = [settings, project.entities_path]
    for seeds in project.seed_paths:
        files += sorted(seeds.rglob("*")) if seeds.is_dir() else [seeds]
    root = os.path.abspath(project.root)
    found = []
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        found.append((os.path.relpath(os.path.abspath(path), root), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


def _remove_built(sources: list[str], config) -> None:
    """A page the generator removed goes from the served site too (a dirty build only adds and replaces)."""
    from mkdocs.structure.files import File

    for src in sources:
        built = Path(File(src, config.docs_dir, config.site_dir, config.use_directory_urls).abs_dest_path)
        built.unlink(missing_ok=True)


def _build_in_shards(project, config) -> None:
    """Build the whole site into the server's folder in one process per core."""
    from generator import site_shards
    from generator.site_build import mkdocs_hook_files, site_shard_count

    shards = site_shard_count(project, config, Executor.from_jobs(project.jobs).workers)
    if shards <= 1:
        return
    timings = site_shards.build(project.root, shards, mkdocs_hook_files(), site_dir=config.site_dir,
                                site_url=config.site_url)
    log.info("briefing: first build in %d processes: %.1f s", shards, timings["pages_seconds"])
