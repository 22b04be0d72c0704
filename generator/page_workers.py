"""Planning and rendering pages in worker processes when there are many, else here.

With enough pages (``executor.THRESHOLDS``), forked workers inherit the planner (or the
planned pages) instead of receiving them pickled, and send back only
fingerprints and text. The data files and the search index are made in a
background process meanwhile (``side_files``).
"""

from __future__ import annotations

import itertools
import time
from contextlib import contextmanager
from typing import Iterator, Sequence

from jinja2 import Environment

from . import search_index
from .executor import SERIAL, Executor
from .page_fingerprints import page_fingerprint
from .pages import PagePlanner, plan_data, search_index_files
from .templating import environment



@contextmanager
def side_files(planner: PagePlanner, env: Environment, site: tuple[str, str, str], terms: list | None,
               executor: Executor = SERIAL) -> Iterator:
    """Start making the data files, and the search index's files if ``terms`` are given; yield a function that
    returns them (by path) with the seconds the index took.

    Neither reads a page, so for a large archive they are made in a forked
    process while the caller plans pages; else when asked for.
    """
    with executor.background(lambda: _side_files(planner, env, site, terms), "side_files",
                             len(planner.archive.briefings)) as files:
        yield files


def _side_files(planner: PagePlanner, env: Environment, site: tuple[str, str, str], terms: list | None
                ) -> tuple[dict[str, str], float]:
    site_url, site_name, description = site
    files = plan_data(planner.archive, env, site_url, site_name, description)
    if terms is None:
        return files, 0.0
    start = time.perf_counter()
    files.update(search_index_files(planner.archive, terms, planner))
    return files, time.perf_counter() - start


@contextmanager
def briefing_pages(planner: PagePlanner, version: str, known: dict[str, list], executor: Executor = SERIAL,
                   search: bool = False,
                   terms: list | None = None) -> Iterator[Iterator[tuple[int, str, str, str | None, list | None]]]:
    """Plan, fingerprint and render the briefings' pages: yield an iterator of ``(index, path, fingerprint, text, words)``.

    ``text`` is None for a page whose fingerprint is the one in ``known``
    (it need not be rendered if its file is intact). In a rebuild whose
    briefings' keys are known, the fingerprints come from what each page is
    made of (``inputs_fingerprint``), here, and only the pages whose inputs
    changed are planned. Planning a page (its links and map) costs more than
    rendering it, so with enough pages to plan the job runs in worker
    processes that hold the planner (forked: inherit it) and send back only
    fingerprints and changed text. They start on entering, so the caller can
    do other work meanwhile. Results come by index, except that in a rebuild
    the unchanged pages come first.
    With ``search``, ``words`` are the briefing's weighted words for the
    search index (``search_index.document_terms``) unless ``terms`` has them, else None.
    """
    briefings = planner.archive.briefings
    terms = terms if terms is not None else [None] * len(briefings)
    plan = (planner, version, known, search, terms)
    todo: list[int] | range = range(len(briefings))
    same: list[tuple[int, str, str, None, list | None]] = []
    if known and planner.briefing_digests:
        todo = []
        for index, briefing in enumerate(briefings):
            src = planner.paths[briefing.id]
            fingerprint = planner.inputs_fingerprint(briefing, version)
            if known.get(src, ("",))[0] == fingerprint:
                words = search_index.document_terms(briefing.title, briefing.text) if search and terms[index] is None else None
                same.append((index, src, fingerprint, None, words))
            else:
                todo.append(index)
    if not executor.fans_out("pages", len(todo)):
        yield itertools.chain(same, _planned_when_asked(todo, plan))
        return
    planner.briefing_digests  # made once here, not in each worker
    with executor.fan_out(_briefing_chunk, executor.chunks(todo, per_worker=8), plan) as chunks:
        yield itertools.chain(same, (page for chunk in chunks for page in chunk))


def _planned_when_asked(indexes: Sequence[int], plan: tuple) -> Iterator[tuple[int, str, str, str | None, list | None]]:
    """``_briefing_chunk``, run once its first page is asked for (the caller has other pages to plan first)."""
    yield from _briefing_chunk(indexes, plan)


def _briefing_chunk(indexes: Sequence[int], plan: tuple) -> list[tuple[int, str, str, str | None, list | None]]:
    planner, version, known, search, terms = plan
    env = environment(planner.directory_urls)
    done = []
    for index in indexes:
        briefing = planner.archive.briefings[index]
        src = planner.paths[briefing.id]
        fingerprint = planner.inputs_fingerprint(briefing, version)
        before = known.get(src)
        if fingerprint is not None and before and before[0] == fingerprint:
            text = None  # made from the same inputs as the page on disk: not even planned
        else:
            src, (template, context) = planner.briefing_page(briefing)
            fingerprint = fingerprint or page_fingerprint(version, template, src, context)
            text = None if before and before[0] == fingerprint else env.get_template(template).render(page_path=src, **context)
        words = search_index.document_terms(briefing.title, briefing.text) if search and terms[index] is None else None
        done.append((index, src, fingerprint, text, words))
    return done


def render_pages(pages: dict[str, tuple[str, dict]], paths: list[str], executor: Executor = SERIAL,
                 directory_urls: bool = True) -> Iterator[tuple[str, str]]:
    """Render ``paths`` of ``pages``: ``(path, text)``, in order.

    Rendering is about 3 ms a page, three minutes of one core at 50,000
    pages, so a large set is split across worker processes: forked, they
    inherit the page data instead of receiving it pickled; they send back only text.
    """
    if not executor.fans_out("pages", len(paths)):
        yield from _render_chunk(paths, (pages, directory_urls))
        return
    for rendered in executor.map(_render_chunk, executor.chunks(paths, per_worker=8), (pages, directory_urls)):
        yield from rendered


def _render_chunk(paths: list[str], shared: tuple[dict[str, tuple[str, dict]], bool]) -> list[tuple[str, str]]:
    pages, directory_urls = shared
    env = environment(directory_urls)
    return [(path, env.get_template(pages[path][0]).render(page_path=path, **pages[path][1])) for path in paths]

