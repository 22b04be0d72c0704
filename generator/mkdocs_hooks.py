"""MkDocs hooks for ``briefing serve``: regenerate content/ before each rebuild.

Only a convenience: the generator is a standalone step, and this hook just
calls it when ``mkdocs serve`` sees a change in the seeds. The pages it
rewrites make MkDocs' watcher schedule one more rebuild; that one finds the
seeds and settings as the generator last read them and skips it (20 s on
a 19,000-article archive).

A large site (searched with the chunked index) is served "dirty" (see ``cli.py``):
its first build is made here in several processes, like ``briefing
build``'s (``site_shards.py``), and MkDocs' own pass then finds every page
up to date; later rebuilds render only the pages the generator rewrote.
MkDocs loads hook files outside their package, hence the absolute imports.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from generator.build import _site_shards, generate
from generator.config import load_config

log = logging.getLogger("mkdocs.briefing")
_serving = {"dirty": False, "built": False}


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
    if _serving["built"] and inputs == _serving.get("inputs"):
        # The rebuild MkDocs' watcher schedules for the generator's own writes to content/ (or for a
        # hand-written page): the seeds and settings are as the last generation left them.
        log.info("briefing: seeds and settings unchanged since the last generation; content/ is up to date")
        return
    report = generate(project)
    _serving["inputs"] = inputs
    for problem in report.problems:
        log.warning(str(problem))
    if report.analysed:
        log.info("briefing: analysed %d new or changed articles", report.analysed)
    first, _serving["built"] = not _serving["built"], True
    if first and _serving["dirty"]:
        _build_in_shards(project, config)
    elif _serving["dirty"] and report.render is not None:
        _remove_built(report.render.removed, config)


def _inputs(project, settings: Path) -> tuple:
    """What the generator reads, by name, size and modification time: the seeds, mkdocs.yml and entities.yml."""
    files = [settings, project.entities_path]
    for seeds in project.seed_paths:
        files += sorted(seeds.rglob("*")) if seeds.is_dir() else [seeds]
    found = []
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        found.append((str(path), stat.st_size, stat.st_mtime_ns))
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

    shards = _site_shards(project, config, project.jobs)
    if shards <= 1:
        return
    timings = site_shards.build(project.root, shards, site_dir=config.site_dir, site_url=config.site_url)
    log.info("briefing: first build in %d processes: %.1f s", shards, timings["pages_seconds"])
