"""What each page shows: its source path, its template and the data it lays out (a plain dict).

Python decides which pages exist and what goes on them; templates under
``templates/`` only lay them out (``templating.py``). A briefing page
depends on that briefing and its neighbours only, so ``briefing_page`` can
run in any process that holds the planner; the archive-wide pages (short
links, entities, timeline, home, places) come from ``other_pages``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import cached_property
from typing import Collection, Container

from jinja2 import Environment

from . import charts, list_pages, outlines, search_index
from .entity_pages import body_segments, companions, mentions_by_month
from .feeds import absolute, data_files
from .list_pages import paginate
from .models import Archive, Briefing, Entity
from .page_fingerprints import PageInputs, neighbours
from .paths import entity_path, page_href, short_link, url_of
from .quotes import speaker_key

TYPE_LABELS = {"person": "People", "place": "Places", "organisation": "Organisations"}
SIDEBAR_LIMIT = 15
TIMELINE_INLINE = 300  # up to this many briefings the timeline lists them all; beyond, one page a month
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


class PagePlanner(PageInputs):
    """What the pages of one archive show, from lookups shared by all of them.

    A briefing page depends on that briefing and its neighbours only, so
    ``briefing_page`` can run in any process that holds the planner; the
    archive-wide pages come from ``other_pages``.
    """

    def __init__(self, archive: Archive, site_url: str = "", site_name: str = "Briefing archive",
                 directory_urls: bool = True):
        self.archive = archive
        self.site_url = site_url
        self.site_name = site_name
        self.directory_urls = directory_urls  # MkDocs' URL form, which the pages' own links follow (``paths``)
        self.by_id = {b.id: b for b in archive.briefings}
        self.paths = archive.urls
        self.entity_src = {key: entity_path(e) for key, e in archive.entities.items() if e.has_page}
        self.entity_urls = {key: url_of(src, directory_urls) for key, src in self.entity_src.items()}
        self.pictures = charts.ArchivePictures(archive, self.entity_src, directory_urls)
        self._items: dict[str, dict] = {}
        charts.coordinates()  # the gazetteer's points, loaded once here rather than in each forked worker
        outlines.levels()  # and the maps' outlines


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
        archive, by_id, item, entity_src = self.archive, self.by_id, self.item, self.entity_src
        src = self.paths[briefing.id]
        groups = defaultdict(list)
        for ref in archive.briefing_entities.get(briefing.id, []):
            entity = archive.entities[ref.key]
            if entity.type not in TYPE_LABELS or len(groups[entity.type]) >= SIDEBAR_LIMIT:
                continue
            groups[entity.type].append((entity.name, ref.key, len(ref.mentions)))
        near = neighbours(archive, briefing.id)  # what the page's fingerprint reads (``inputs_fingerprint``)
        related = [{**item(by_id[rel.id]), "shared": list(rel.shared), "terms": list(rel.terms)}
                   for rel in near.related]
        place = near.place
        thread = None
        if place:
            thread = {"name": place.name, "position": place.position, "size": place.size,
                      "previous": item(by_id[place.previous]) if place.previous else None,
                      "next": item(by_id[place.next]) if place.next else None}
        permalink = short_link(briefing.id)
        cite_url = absolute(self.site_url, permalink)
        # The theme's sidebar links each entity from the site's root (its URL); the strip from this page (its source).
        sidebar = [{"type": t, "label": TYPE_LABELS[t], "items": [
            {"name": name, "url": self.entity_urls.get(key), "count": count} for name, key, count in groups[t]]}
            for t in TYPE_LABELS if groups[t]]
        strip = [{"label": TYPE_LABELS[t], "items": [
            {"name": name, "src": entity_src.get(key)} for name, key, _ in groups[t]]}
            for t in TYPE_LABELS if groups[t]]
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
                                  url_of(src, self.directory_urls)),
            "strip": strip,
            "related": related,
            "thread": thread,
            "linked_from": [item(by_id[i]) for i in near.linked_from],
            "linked_from_total": len(near.back),
            "versions": near.versions,
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
        pages = self.redirect_pages()
        pages.update(self.entity_pages(self.entity_src if entities is None else entities))
        pages.update(entity_index_pages(self.archive, self.entity_src))
        pages.update(self.timeline_pages())
        pages["index.md"] = self.home_page(latest_count)
        pages["places.md"] = ("places.md.j2", {**self.pictures.places_page("places.md"), "front": {"title": "Places"}})
        return pages

    def redirect_pages(self) -> dict[str, tuple[str, dict]]:
        """Each briefing's short link, and each old URL of a briefing whose slug changed: a redirect to its page."""
        archive, by_id, paths, directory_urls = self.archive, self.by_id, self.paths, self.directory_urls
        pages: dict[str, tuple[str, dict]] = {}
        for briefing in archive.briefings:
            stub = short_link(briefing.id) + "index.html"
            pages[stub] = ("redirect.html.j2", {"target": page_href(paths[briefing.id], stub, directory_urls),
                                                "title": briefing.title})

        owner = {src: bid for bid, src in paths.items()}
        for old, src in sorted(archive.redirects.items()):
            stub = f"{old}index.html"
            pages[stub] = ("redirect.html.j2", {"target": page_href(src, stub, directory_urls),
                                                "title": by_id[owner[src]].title})
        return pages

    def timeline_pages(self) -> dict[str, tuple[str, dict]]:
        """The timeline: every briefing by month; beyond ``TIMELINE_INLINE`` briefings, a page a month."""
        newest, item = self.newest, self.item
        pages: dict[str, tuple[str, dict]] = {}
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

        return pages

    def home_page(self, latest_count: int) -> tuple[str, dict]:
        """The home page: the latest briefings, the counts, and the entities most mentioned of late."""
        archive, entity_src, newest = self.archive, self.entity_src, self.newest
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
        return ("home.md.j2", {
            "latest": [self.item(b) for b in newest[:latest_count]],
            "total": len(archive.briefings),
            "counts": {label: counts.get(t, 0) for t, label in TYPE_LABELS.items()},
            "threads": len({p.thread for p in archive.threads.values()}),
            "hot": hot,
            "hot_days": HOT_DAYS,
            "first": newest[-1].date.isoformat() if newest else None,
            "coverage": self.pictures.coverage(),
            "last": newest[0].date.isoformat() if newest else None,
            "front": {"title": "Briefings", "hide": ["navigation"],
                      "description": f"{len(newest)} briefings with the people, places and organisations they mention"},
        })


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


def search_index_files(archive: Archive, terms: list, planner: PagePlanner) -> dict[str, str]:
    """The search index's files (``search_index.py``), from each briefing's words, and the entities with a page."""
    docs = []
    for index in range(len(archive.briefings)):
        item = planner.item(archive.briefings[index])
        docs.append(search_index.SearchDoc(url_of(item["src"]), item["title"], item["date"], item["summary"], terms[index]))
    return search_index.build(docs, search_index.entity_docs(archive, planner.entity_src))


def plan_data(archive: Archive, env: Environment, site_url: str, site_name: str, description: str) -> dict[str, str]:
    """The data files at the site root: feeds, ``briefings.json``, ``entities.json``."""
    newest = sorted(archive.briefings, key=lambda b: (b.date, b.id), reverse=True)
    urls = {bid: url_of(src) for bid, src in archive.urls.items()}
    entity_urls = {key: url_of(entity_path(e)) for key, e in archive.entities.items() if e.has_page}
    return data_files(archive, urls, entity_urls, newest, site_url, site_name, description, env)


def _month_label(month: str | None) -> str:
    """``2022-10`` -> ``October 2022``."""
    if not month:
        return ""
    import calendar

    year, number = month.split("-")
    return f"{calendar.month_name[int(number)]} {year}"

