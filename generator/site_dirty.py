"""MkDocs hooks of ``briefing build``: render only the planned files, and record what the next build needs.

``site_plan.py`` decides, before MkDocs starts, which files changed; these
hooks, loaded in every MkDocs process of the build (one, or one per shard),
read that plan (``BRIEFING_SITE_PLAN``) and:

- mark every other file unchanged, so that MkDocs' ``dirty`` build skips it;
- record each rendered page's lookups of other files that a later change
  could turn into another link: a target that was missing, or a page or
  target not written by the generator (the generator rewrites its own pages
  when a page they link to goes);
- with Material's search, make its index whole: a dirty build indexes only
  the pages it renders, so the entries of the others come from the previous
  build's record, in the order a full build lists them.

Each process writes what it recorded to ``result-N.json`` beside the plan.
Loaded outside the package by MkDocs, hence the absolute imports.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from generator.site_plan import PLAN_ENV
from generator.site_shards import current_shard

_run: dict = {}


def _plan() -> dict | None:
    path = os.environ.get(PLAN_ENV)
    if not path:
        return None
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _yes() -> bool:
    return True


def _no() -> bool:
    return False


def on_files(files, config):
    plan = _plan()
    _run.clear()
    if plan is None:
        return files
    shard = current_shard()
    _run.update(plan=plan, rendered=set(), links={}, search={}, files=files, shard=shard)
    if not plan["full"]:
        changed, nav = set(plan["changed"]), set(plan["nav"])
        for file in files:
            build = file.src_uri in changed and (shard is None or shard.owns(file.src_uri) or file.src_uri in nav)
            file.is_modified = _yes if build else _no  # an instance attribute: MkDocs asks each file
    _watch_lookups(files, config, _generated(config))
    _merge_search(config, plan)
    return files


def _generated(config) -> set[str]:
    """The pages and data files the generator wrote (its manifest in content/, ``writer.MANIFEST``)."""
    from generator.writer import MANIFEST

    try:
        manifest = json.loads((Path(config.docs_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return set()
    return set(manifest.get("files") or ())


def _watch_lookups(files, config, generated: set[str]) -> None:
    """Record a page's lookups of other files (its links) that the plan must watch (see the module)."""
    lookup = files.get_file_from_path
    links = _run["links"]

    def watched(path: str):
        found = lookup(path)
        page = getattr(config, "_current_page", None)
        if page is not None:
            source = page.file.src_uri
            target = found.src_uri if found is not None else Path(path).as_posix()
            if found is None or source not in generated or target not in generated:
                links.setdefault(source, set()).add(target)
        return found

    files.get_file_from_path = watched


def on_page_markdown(markdown, page, config, files):
    if _run:
        _run["rendered"].add(page.file.src_uri)
        _run["links"].pop(page.file.src_uri, None)
    return markdown


class _WholeIndex:
    """Material's search index, with the entries of the pages this build did not render added back."""

    def __init__(self, inner, previous: dict[str, list], files):
        self.inner, self.previous, self.files = inner, previous, files

    def add_entry_from_context(self, page) -> None:
        start = len(self.inner.entries)
        self.inner.add_entry_from_context(page)
        _run["search"][page.file.src_uri] = self.inner.entries[start:]

    def generate_search_index(self, prev) -> str:
        fresh = _run["search"]
        self.inner.entries = [entry for file in self.files.documentation_pages()
                              for entry in fresh.get(file.src_uri, self.previous.get(file.src_uri, []))]
        return self.inner.generate_search_index(prev)


def _merge_search(config, plan: dict) -> None:
    plugin = config.plugins.get("material/search")
    if plugin is None or plan.get("engine") != "material" or not hasattr(plugin, "search_index"):
        return
    from material.plugins.search.plugin import SearchIndex

    if not isinstance(plugin.search_index, SearchIndex):
        return
    previous = {}
    if not plan["full"] and plan.get("state"):
        try:
            previous = json.loads(Path(plan["state"]).read_text(encoding="utf-8")).get("search", {})
        except (FileNotFoundError, ValueError):
            previous = {}
    plugin.search_index = _WholeIndex(plugin.search_index, previous, _run["files"])


def on_post_build(config) -> None:
    if not _run:
        return
    shard = _run["shard"]
    result = {"rendered": sorted(_run["rendered"]),
              "links": {src: sorted(targets) for src, targets in _run["links"].items()},
              "search": _run["search"]}
    path = Path(_run["plan"]["results"]) / f"result-{shard.index if shard else 0}.json"
    path.write_text(json.dumps(result), encoding="utf-8")
    _run.clear()
