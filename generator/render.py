"""The render stage: lay the archive out as Markdown pages and data files, writing only what changed.

What each page shows is decided in ``pages.py`` and laid out by the
templates (``templating.py``); fingerprints of what a page is made of
(``page_fingerprints.py``) let a rebuild skip the pages that did not
change; pages are planned and rendered across processes when there are
many (``page_workers.py``); everything is written through the manifest
writer (``page_files.py``): atomically, never over a hand-written file.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from jinja2 import Environment

from . import permalinks, search_index
from .models import Archive
from .page_fingerprints import page_fingerprint, templates_version
from .page_files import copy_theme, write_data_files, write_permalinks
from .page_workers import briefing_pages, render_pages, side_files
from .pages import PagePlanner, search_index_files
from .removed_pages import removed_pages
from .executor import SERIAL, Executor
from .templating import environment
from .theme_files import SearchChoice, generated_page_bytes, theme_files
from .writer import ManifestWriter

LATE_TERMS = 200  # up to this many briefings' search words are counted here, so the index can start at once


@dataclass
class RenderResult:
    """What the render stage wrote, and what it refused to touch."""

    pages: int = 0
    changed: int = 0
    removed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)  # generated pages changed since by someone: left as they are
    fingerprints: dict[str, list] = field(default_factory=dict)
    search_seconds: float = 0.0  # building the search index's files (each briefing's words are counted beforehand)
    terms: list = field(default_factory=list)  # each briefing's words for the search index (to remember them)


def render(archive: Archive, docs_dir: Path, theme_dir: Path, latest_count: int = 20, site_url: str = "",
           site_name: str = "Briefing archive", site_description: str = "",
           permalinks_path: Path | None = None, known: dict[str, list] | None = None,
           executor: Executor = SERIAL, search: bool = True, terms: list | None = None,
           search_choice: SearchChoice = SearchChoice(), directory_urls: bool = True) -> RenderResult:
    """Write every page of the archive into ``docs_dir`` and the theme into ``theme_dir``.

    Args:
        archive: briefings, entities and links, fully resolved.
        docs_dir: MkDocs' docs_dir.
        theme_dir: MkDocs' theme.custom_dir.
        latest_count: briefings listed on the home page.
        site_url: MkDocs' site_url (absolute links in feeds and citations), or "".
        permalinks_path: where to record published URLs (``permalinks.json``), if anywhere.
        known: ``result.fingerprints`` of the previous build; a page whose
            template and data are unchanged (and whose file is intact) is not
            rendered again, which keeps a rebuild after one new article fast.
        executor: the worker processes to plan and render pages in, where there are enough.
        search: write the chunked search index (``search_index.py``) under ``docs_dir``.
        terms: each briefing's words for the index where already known (else None), in archive order.
        search_choice: what picks the search box written into the theme (``theme_files.py``).
        directory_urls: MkDocs' URL form (``Config.directory_urls``), which the links in the pages' HTML
            follow: ``entities/opec/``, or without directory URLs (an offline build) ``entities/opec.html``.
    """
    env = environment(directory_urls)
    planner = PagePlanner(archive, site_url, site_name, directory_urls)
    version = templates_version(directory_urls)
    known = known or {}
    terms = list(terms) if terms is not None else [None] * len(archive.briefings)
    index_now = search and _known_terms(archive, terms)
    # The data files (and the search index, if every briefing's words are known) are made in one
    # process and the briefing pages planned in others, while this one plans the other pages.
    with side_files(planner, env, (site_url, site_name, site_description), terms if index_now else None,
                    executor) as side, briefing_pages(planner, version, known, executor, search, terms) as planned:
        writer = ManifestWriter(docs_dir)
        recorded_titles = permalinks.load_titles(permalinks_path) if permalinks_path is not None else {}
        pages, result, todo = _plan_other_pages(planner, version, known, latest_count, recorded_titles, writer)
        _write_briefing_pages(planned, planner, env, known, writer, result, terms)
        data, result.search_seconds = side()
    for path, text in render_pages(pages, todo, executor, directory_urls):
        writer.write(path, text)
        result.fingerprints[path][1] = len(text.encode("utf-8"))
    if search and not index_now:  # the page workers have now counted every briefing's words
        start = time.perf_counter()
        data.update(search_index_files(archive, terms, planner))
        result.search_seconds = time.perf_counter() - start
    result.terms = terms if search else []
    write_data_files(writer, data, known, result.fingerprints)
    result.skipped = list(writer.skipped)
    if permalinks_path is not None:
        write_permalinks(permalinks_path, archive, recorded_titles)
    result.removed = writer.finish()
    result.edited = list(writer.edited)
    result.changed = writer.changed
    known_bytes = generated_page_bytes(result.fingerprints, {*result.edited, *result.skipped})
    # The search box, now that the pages are known.
    skipped, edited = copy_theme(theme_dir, theme_files(search_choice.engine(docs_dir, known_bytes)))
    result.skipped += skipped
    result.edited += edited
    return result


def _plan_other_pages(planner: PagePlanner, version: str, known: dict[str, list], latest_count: int,
                      recorded_titles: dict[str, str], writer: ManifestWriter
                      ) -> tuple[dict[str, tuple[str, dict]], RenderResult, list[str]]:
    """Plan every page but the briefings' (an entity known unchanged is not even planned) and tell the writer
    every page of this build: ``(pages planned, the result so far, the paths to render)``."""
    archive = planner.archive
    by_entity = planner.entity_fingerprints(version)
    unchanged = {key: fingerprints for key, fingerprints in by_entity.items()
                 if all(known.get(path, ("",))[0] == fingerprint for path, fingerprint in fingerprints.items())}
    pages = planner.other_pages(latest_count, [key for key in by_entity if key not in unchanged] if by_entity else None)
    entity_fingerprints = {path: fingerprint for fingerprints in by_entity.values()
                           for path, fingerprint in fingerprints.items()}
    pages.update(removed_pages(archive, recorded_titles, pages, writer.by_hand, planner.directory_urls))
    writer.plan(set(pages) | {path for fingerprints in unchanged.values() for path in fingerprints}
                | {archive.urls[b.id] for b in archive.briefings})
    result = RenderResult(skipped=list(writer.skipped))
    lost = []  # unchanged, but a file was removed or edited: planned and rendered again
    for key, fingerprints in unchanged.items():
        if all(writer.keep(path, known[path][1]) for path in fingerprints):
            result.fingerprints.update((path, [fingerprint, known[path][1]]) for path, fingerprint in fingerprints.items())
        else:
            lost.append(key)
    pages.update(planner.entity_pages(lost))
    result.pages = len(pages) + len(archive.briefings) + sum(
        len(fingerprints) for key, fingerprints in unchanged.items() if key not in lost)
    todo = []
    for path in sorted(pages):
        template, context = pages[path]
        fingerprint = entity_fingerprints.get(path) or page_fingerprint(version, template, path, context)
        before = known.get(path)
        if before and before[0] == fingerprint and writer.keep(path, before[1]):
            result.fingerprints[path] = [fingerprint, before[1]]
        else:
            result.fingerprints[path] = [fingerprint, 0]
            todo.append(path)
    return pages, result, todo


def _write_briefing_pages(planned: Iterator[tuple[int, str, str, str | None, list | None]], planner: PagePlanner,
                          env: Environment, known: dict[str, list], writer: ManifestWriter, result: RenderResult,
                          terms: list) -> None:
    """Write the briefing pages ``briefing_pages`` rendered, keep the unchanged ones, and note the words counted."""
    for index, src, fingerprint, text, words in planned:
        if words is not None:
            terms[index] = words
        before = known.get(src)
        if text is None and writer.keep(src, before[1]):
            result.fingerprints[src] = [fingerprint, before[1]]
            continue
        if text is None:  # unchanged, but the file was removed or edited: render it again
            template, context = planner.briefing_page(planner.archive.briefings[index])[1]
            text = env.get_template(template).render(page_path=src, **context)
        writer.write(src, text)
        result.fingerprints[src] = [fingerprint, len(text.encode("utf-8"))]


def _known_terms(archive: Archive, terms: list) -> bool:
    """Count the words of the few briefings whose words are not known yet; return whether all are now known."""
    missing = [i for i, words in enumerate(terms) if words is None]
    if len(missing) > LATE_TERMS:
        return False
    for i in missing:
        terms[i] = search_index.document_terms(archive.briefings[i].title, archive.briefings[i].text)
    return True
