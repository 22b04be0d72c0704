"""Which files of the site a build must render or copy again, and the site's record for the next build.

``briefing build`` used to run MkDocs over every page after any change;
after one new article, a few hundred of tens of thousands of pages differ.
MkDocs' own ``dirty`` build skips a file whose output is newer than its
source, but file times say little after a checkout or a cache restore
(GitHub Actions restores both). Here the decision keys on content:

- the **theme's fingerprint**: ``mkdocs.yml``, the theme's templates and
  assets (``overrides/``), the hooks' code, the versions of MkDocs, Material
  and Markdown, the search engine and the nav's pages. Any change rebuilds
  the whole site, since every page prints the theme.
- each **source's digest** (content/ and the theme's static files), kept
  with the size and modification time it had: a file whose size and time
  are unchanged is not read again; one whose time changed is hashed, and
  rendered again only if its bytes changed.
- each **output's size and time** as the last build left it: an output
  missing or changed since (by hand, by a plain ``mkdocs build``) is made again.
- the nav's pages are always rendered (every page prints their titles), and
  a page whose links looked up a file that has since appeared or gone
  (``site_dirty.py`` records them) is rendered again.

A full build is made beside the site and swapped in whole (``site_swap.py``).
An incremental one writes its few files beside the site too, then moves
them in one by one and removes the outputs of files that went (``commit``,
with a journal a killed build's successor replays): the site's tens of
thousands of other files are not touched, not even linked. The record lives
in the generator's cache folder, one per site folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Iterator

from .writer import digest, write_atomic

PLAN_ENV = "BRIEFING_SITE_PLAN"  # the plan's file, for the hooks (site_dirty.py) of every MkDocs process
STATE_VERSION = 1
PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "pygments")
SAFE_PLUGINS = {"search", "material/search", "offline", "material/offline"}  # whose output the plan covers


@dataclass
class Plan:
    """One build's decision: render everything (``full``) or only ``changed`` files (by source path)."""

    full: bool
    fingerprint: str
    changed: set[str]
    nav: list[str]
    dests: dict[str, str]  # src_uri -> dest_uri, of every file the site has
    sources: dict[str, list]  # src_uri -> [size, mtime_ns, digest]
    state: dict = field(default_factory=dict)  # the previous build's record
    folder: Path | None = None  # where the plan and the hooks' results are written

    def to_hooks(self, engine: str | None) -> dict:
        return {"full": self.full, "changed": sorted(self.changed), "nav": self.nav, "engine": engine,
                "results": str(self.folder), "state": str(self.folder / "state.json") if self.folder else None}


def state_folder(cache: Path, site: Path) -> Path:
    """The record's folder for one site folder (a project may build into several)."""
    name = hashlib.sha256(str(site.resolve()).encode("utf-8")).hexdigest()[:16]
    return cache / "site" / name


def load_state(folder: Path) -> dict:
    try:
        state = json.loads((folder / "state.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return state if isinstance(state, dict) and state.get("version") == STATE_VERSION else {}


def forget(folder: Path) -> None:
    """Drop the record: the next build renders everything."""
    (folder / "state.json").unlink(missing_ok=True)


def incremental_ok(mk_config, hooks: list[str]) -> bool:
    """Whether the plan covers every plugin's output: the offline plugin rewrites copied pages in place,
    and other plugins may gather every page (tags, blog), so those sites are built whole."""
    offline = mk_config.plugins.get("material/offline")
    if offline is not None and offline.config.enabled:
        return False
    return all(name in SAFE_PLUGINS or name in hooks for name in mk_config.plugins)


def site_files(mk_config):
    """The files MkDocs will build, as its build gathers them (content/, then the theme's)."""
    from mkdocs.structure.files import get_files

    files = get_files(mk_config)
    files.add_files_from_theme(mk_config.theme.get_env(), mk_config)
    return [file for file in files if file.inclusion.is_included()]


def theme_fingerprint(mk_config, hooks: list[str], engine: str | None, overrides: dict) -> str:
    """A hash of what every page's HTML depends on besides its own Markdown (and the nav's pages, read anyway)."""
    nav = sorted(_nav_sources(mk_config.nav))
    config_file = Path(mk_config.config_file_path)
    parts = [str(STATE_VERSION), sys.version.split()[0], *_settings(config_file),
             repr(sorted(overrides.items())), repr(engine), repr(nav)]
    for package in PACKAGES:
        try:
            parts.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package} -")
    for hook in hooks:
        parts.append(digest(Path(hook).read_bytes()))
    from . import paths  # offline_links' helper

    parts.append(digest(Path(paths.__file__).read_bytes()))
    custom = mk_config.theme.custom_dir
    if custom and Path(custom).is_dir():
        for path in sorted(Path(custom).rglob("*")):
            if path.is_file():
                parts.append(f"{path.relative_to(custom).as_posix()} {digest(path.read_bytes())}")
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _settings(config_file: Path) -> list[str]:
    """``mkdocs.yml``'s bytes, those of the file it inherits from (``INHERIT``) and the values of the
    environment variables it reads (``!ENV``)."""
    import re

    text = config_file.read_text(encoding="utf-8")
    parts = [text]
    inherited = re.search(r"^INHERIT:\s*['\"]?([^'\"\n#]+?)['\"]?\s*$", text, re.MULTILINE)
    if inherited:
        parent = config_file.parent / inherited.group(1)
        parts.append(parent.read_text(encoding="utf-8") if parent.is_file() else "")
    for names in re.findall(r"!ENV\s*\[?([^\]\n#]*)", "\n".join(parts)):
        for name in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", names):
            parts.append(f"{name}={os.environ.get(name)!r}")
    return parts


def _source_records(files, known: dict[str, list]) -> dict[str, list]:
    """Each source's [size, mtime_ns, digest]; read and hashed only if its size or time changed."""
    records = {}
    for file in files:
        if file.abs_src_path is None:
            continue
        stat = os.stat(file.abs_src_path)
        old = known.get(file.src_uri)
        if old and old[0] == stat.st_size and old[1] == stat.st_mtime_ns:
            records[file.src_uri] = old
        else:
            records[file.src_uri] = [stat.st_size, stat.st_mtime_ns, digest(Path(file.abs_src_path).read_bytes())]
    return records


def _same_output(path: str, record: list | None) -> bool:
    if not record:
        return False
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return stat.st_size == record[0] and stat.st_mtime_ns == record[1]


def make_plan(mk_config, live: Path, fingerprint: str, folder: Path, full: bool = False) -> Plan:
    """Decide what to build: everything without a usable record, else only what changed (see the module)."""
    files = site_files(mk_config)
    state = load_state(folder)
    nav = sorted(_nav_sources(mk_config.nav))
    sources = _source_records(files, state.get("sources", {}) if state.get("fingerprint") == fingerprint else {})
    dests = {file.src_uri: file.dest_uri for file in files}
    full = full or not state or state.get("fingerprint") != fingerprint or not live.is_dir()
    if full:
        return Plan(True, fingerprint, set(dests), nav, dests, sources, {}, folder)
    before, outputs, links = state.get("sources", {}), state.get("dests", {}), state.get("links", {})
    appeared_or_gone = set(sources) ^ set(before)
    changed = set(nav)
    for file in files:
        src = file.src_uri
        if (src not in sources or before.get(src, [None] * 3)[2] != sources[src][2]
                or getattr(file, "generated_by", None)
                or not appeared_or_gone.isdisjoint(links.get(src, ()))
                or not _same_output(os.path.join(live, file.dest_uri), outputs.get(file.dest_uri))):
            changed.add(src)
    return Plan(False, fingerprint, changed & set(dests), nav, dests, sources, state, folder)


def _nav_sources(items) -> set[str]:
    """The pages the nav names (``site_shards`` reads them in every shard for the same reason)."""
    found: set[str] = set()
    for item in items or []:
        if isinstance(item, dict):
            for value in item.values():
                found |= _nav_sources([value] if isinstance(value, str) else value)
        elif isinstance(item, str):
            found.add(item)
    return found


@contextmanager
def handed_to_hooks(plan: Plan, engine: str | None) -> Iterator[None]:
    """Write the plan where the hooks of every MkDocs process find it (``PLAN_ENV``), and quiet MkDocs'
    notes about dirty builds (a warning, which ``--strict`` would count) while they build."""
    import logging

    from .site_shards import QuietDirty

    plan.folder.mkdir(parents=True, exist_ok=True)
    for leftover in plan.folder.glob("result-*.json"):
        leftover.unlink()
    path = plan.folder / "plan.json"
    write_atomic(path, json.dumps(plan.to_hooks(engine)).encode("utf-8"))
    quiet, logger = QuietDirty(), logging.getLogger("mkdocs.commands.build")
    before = os.environ.get(PLAN_ENV)
    os.environ[PLAN_ENV] = str(path)
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)
        if before is None:
            os.environ.pop(PLAN_ENV, None)
        else:
            os.environ[PLAN_ENV] = before


def commit(plan: Plan, staging: Path, live: Path) -> list[str]:
    """Move the files this build wrote into the live site and remove the outputs of files that went;
    return the paths written.

    A journal (in the record's folder) lists both before anything moves: a
    build killed meanwhile is finished by the next one (``replay``), as the
    writer does for content/. Each move is a rename, so a reader never sees
    half a page; the site's other files are not touched.
    """
    written = sorted(os.path.relpath(os.path.join(folder, name), staging).replace(os.sep, "/")
                     for folder, _, names in os.walk(staging) for name in names)
    wanted = set(plan.dests.values())
    removed = sorted(dest for dest in plan.state.get("dests", {}) if dest not in wanted and dest not in written)
    journal = {"staging": str(staging), "written": written, "removed": removed}
    write_atomic(plan.folder / "journal.json", json.dumps(journal).encode("utf-8"))
    _apply(journal, live)
    (plan.folder / "journal.json").unlink()
    return written


def replay(folder: Path, live: Path) -> None:
    """Finish the commit of a build killed during it (its journal is still there)."""
    try:
        journal = json.loads((folder / "journal.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return
    if live.is_dir():
        _apply(journal, live)
    (folder / "journal.json").unlink()


def _apply(journal: dict, live: Path) -> None:
    import shutil

    staging = journal["staging"]
    made: set[str] = set()
    for path in journal["written"]:
        source, target = os.path.join(staging, path), os.path.join(live, path)
        if not os.path.lexists(source):
            continue  # moved before the kill
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        os.replace(source, target)
    emptied = set()
    for path in journal["removed"]:
        try:
            os.unlink(os.path.join(live, path))
        except FileNotFoundError:
            continue
        emptied.add(os.path.dirname(os.path.join(live, path)))
    for folder in sorted(emptied, key=lambda f: f.count(os.sep), reverse=True):  # a removed page's folder
        while os.path.normpath(folder) != os.path.normpath(live):
            try:
                os.rmdir(folder)
            except OSError:
                break
            folder = os.path.dirname(folder)
    shutil.rmtree(staging, ignore_errors=True)  # its folders, emptied by the moves


def next_state(plan: Plan, site: Path, written: list[str] | None = None) -> dict:
    """The record of the site just built: the hooks' results merged over the previous build's.

    ``written``: the outputs this build wrote into ``site`` (the others are as the previous record says);
    None: every output is new.
    """
    rendered: set[str] = set()
    links: dict[str, list] = {}
    search: dict[str, list] = {}
    for path in sorted(plan.folder.glob("result-*.json")):
        result = json.loads(path.read_text(encoding="utf-8"))
        rendered.update(result["rendered"])
        links.update(result["links"])
        search.update(result["search"])
    for name, fresh in (("links", links), ("search", search)):
        for src, value in plan.state.get(name, {}).items():
            if src in plan.dests and src not in rendered:
                fresh.setdefault(src, value)
    before = plan.state.get("dests", {})
    fresh_outputs = set(plan.dests.values()) if written is None else set(written)
    outputs = {}
    for dest in plan.dests.values():
        if dest not in fresh_outputs and dest in before:
            outputs[dest] = before[dest]
            continue
        try:
            stat = os.stat(os.path.join(site, dest))
        except OSError:
            continue
        outputs[dest] = [stat.st_size, stat.st_mtime_ns]
    return {"version": STATE_VERSION, "fingerprint": plan.fingerprint, "sources": plan.sources, "dests": outputs,
            "links": dict(sorted(links.items())), "search": dict(sorted(search.items()))}


def save_state(folder: Path, state: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / "state.json", json.dumps(state, separators=(",", ":")).encode("utf-8"))
