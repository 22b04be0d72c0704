"""Lay the archive out as Markdown pages through Jinja2 templates.

Python decides which pages exist and what goes on them (as plain dicts);
templates under ``templates/`` only lay them out, and the theme overrides
under ``theme/`` draw front-matter data (the entity sidebar) around a page.
Everything is written through ``ManifestWriter``: atomically, never over
a hand-written file.
"""

from __future__ import annotations

import posixpath
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from slugify import slugify

from . import charts
from .entity_pages import body_segments, companions, mentions_by_month
from .markup import markdown_inline, to_yaml
from .models import Archive, Briefing, Entity
from .quotes import speaker_key
from .writer import ManifestWriter

TEMPLATES = Path(__file__).parent / "templates"
THEME = Path(__file__).parent / "theme"
TYPE_LABELS = {"person": "People", "place": "Places", "organisation": "Organisations"}
SIDEBAR_LIMIT = 15


@dataclass
class RenderResult:
    """What the render stage wrote, and what it refused to touch."""

    pages: int = 0
    changed: int = 0
    removed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def environment() -> Environment:
    """The Jinja2 environment: HTML autoescaping on, Markdown and YAML filters added."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = markdown_inline
    env.filters["yaml"] = to_yaml
    env.filters["rel"] = relative_link
    return env


def briefing_path(briefing: Briefing, slug: str) -> str:
    """Source path of a briefing page: readable, dated, ``YYYY/MM/DD/slug.md``."""
    return f"{briefing.date:%Y/%m/%d}/{slug}.md"


def entity_path(entity: Entity) -> str:
    return f"entities/{entity.slug}.md"


def url_of(src: str) -> str:
    """The site-relative URL MkDocs gives a Markdown source (directory URLs)."""
    if src.endswith("index.md"):
        return src[: -len("index.md")]
    return src[: -len(".md")] + "/"


def relative_link(target: str, source: str) -> str:
    """A Markdown link from page ``source`` to page ``target`` (both source paths)."""
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def assign_paths(briefings: list[Briefing]) -> dict[str, str]:
    """Give each briefing a unique source path from its date and headline."""
    paths: dict[str, str] = {}
    taken: set[str] = set()
    for briefing in sorted(briefings, key=lambda b: b.id):
        slug = slugify(briefing.title, max_length=80, word_boundary=True) or slugify(briefing.id)
        path = briefing_path(briefing, slug)
        if path in taken or slug == "index":
            path = briefing_path(briefing, f"{slug}-{slugify(briefing.id)}")
        taken.add(path)
        paths[briefing.id] = path
    return paths


def render(archive: Archive, docs_dir: Path, theme_dir: Path, latest_count: int = 20) -> RenderResult:
    """Write every page of the archive into ``docs_dir`` and the theme into ``theme_dir``.

    Args:
        archive: briefings, entities and links, fully resolved.
        docs_dir: MkDocs' docs_dir.
        theme_dir: MkDocs' theme.custom_dir.
        latest_count: briefings listed on the home page.
    """
    env = environment()
    pages = plan_pages(archive, latest_count)
    writer = ManifestWriter(docs_dir)
    writer.plan(set(pages))
    result = RenderResult(pages=len(pages), skipped=list(writer.skipped))
    for path in sorted(pages):
        template, context = pages[path]
        writer.write(path, env.get_template(template).render(page_path=path, **context))
    result.removed = writer.finish()
    result.changed = writer.changed
    theme = ManifestWriter(theme_dir)
    files = {str(p.relative_to(THEME)): p for p in sorted(THEME.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}
    theme.plan(set(files))
    for relpath, source in files.items():
        theme.write(relpath, source.read_bytes())
    theme.finish()
    result.skipped += [f"{theme_dir.name}/{p}" for p in theme.skipped]
    return result


def quotes_by_speaker(archive: Archive) -> dict[str, list[tuple[str, str]]]:
    """Each entity's quotations across the archive, newest briefing first: ``(briefing id, text)``."""
    said: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for briefing in sorted(archive.briefings, key=lambda b: (b.date, b.id), reverse=True):
        refs = archive.briefing_entities.get(briefing.id, [])
        for quote in briefing.quotes:
            key = speaker_key(quote.speaker, refs, archive.entities)
            if key:
                said[key].append((briefing.id, quote.text))
    return said


def plan_pages(archive: Archive, latest_count: int) -> dict[str, tuple[str, dict]]:
    """Decide every page: its source path, its template and the data it shows."""
    by_id = {b.id: b for b in archive.briefings}
    paths = archive.urls
    newest = sorted(archive.briefings, key=lambda b: (b.date, b.id), reverse=True)
    entity_src = {key: entity_path(e) for key, e in archive.entities.items() if e.has_page}
    entity_urls = {key: url_of(src) for key, src in entity_src.items()}
    pages: dict[str, tuple[str, dict]] = {}
    pictures = charts.ArchivePictures(archive, entity_src)

    def item(briefing: Briefing) -> dict:
        return {"id": briefing.id, "title": briefing.title, "date": briefing.date.isoformat(),
                "src": paths[briefing.id], "summary": " ".join(briefing.summary)}

    for briefing in archive.briefings:
        src = paths[briefing.id]
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
            related.append({**item(other), "shared": list(rel.shared)})
        sidebar = [{"type": t, "label": TYPE_LABELS[t], "items": groups[t]} for t in TYPE_LABELS if groups[t]]
        speakers = {}
        for quote in briefing.quotes:
            key = speaker_key(quote.speaker, archive.briefing_entities.get(briefing.id, []), archive.entities)
            if key:
                speakers[quote.speaker] = {"name": archive.entities[key].name, "src": entity_src.get(key)}
        pages[src] = ("briefing.md.j2", {
            "b": briefing,
            "speakers": speakers,
            "body": body_segments(briefing, archive.briefing_entities.get(briefing.id, []), entity_urls, url_of(src)),
            "sidebar": sidebar,
            "related": related,
            "places_map": pictures.briefing_map(briefing.id, src),
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
                },
            },
        })
        pages[f"b/{briefing.id}/index.html"] = ("redirect.html.j2", {"target": "../../" + url_of(src), "title": briefing.title})

    said = quotes_by_speaker(archive)
    together = companions(archive.briefing_entities, archive.entities)
    monthly = mentions_by_month(archive.briefing_entities, by_id)
    for key, entity in archive.entities.items():
        if not entity.has_page:
            continue
        mentioned = sorted((by_id[i] for i in entity.briefing_ids), key=lambda b: (b.date, b.id), reverse=True)
        pages[entity_src[key]] = ("entity.md.j2", {
            "entity": entity,
            "label": TYPE_LABELS.get(entity.type, entity.type.title()),
            "briefings": [item(b) for b in mentioned],
            "quotes": [{**item(by_id[bid]), "text": text} for bid, text in said.get(key, [])],
            "first_seen": mentioned[-1].date.isoformat() if mentioned else None,
            "last_seen": mentioned[0].date.isoformat() if mentioned else None,
            "aliases": [a for a in entity.aliases if a != entity.name],
            "companions": [{"name": archive.entities[k].name, "src": entity_src[k], "count": n,
                            "type": archive.entities[k].type} for k, n in together.get(key, [])],
            "mentions_by_month": monthly.get(key, []),
            "chart": pictures.entity_chart(key),
            "front": {"title": entity.name, "description": f"{entity.name}: {len(mentioned)} briefings"},
        })

    index_groups = []
    for type_, label in TYPE_LABELS.items():
        members = sorted((e for e in archive.entities.values() if e.has_page and e.type == type_), key=lambda e: (e.name.casefold(), e.slug))
        if members:
            index_groups.append({"label": label, "entities": [{"name": e.name, "src": entity_src[e.key], "count": len(e.briefing_ids)} for e in members]})
    pages["entities/index.md"] = ("entities.md.j2", {"groups": index_groups, "front": {"title": "Entities"}})

    months: dict[str, list[dict]] = defaultdict(list)
    for briefing in newest:
        months[f"{briefing.date:%Y-%m}"].append(item(briefing))
    pages["timeline.md"] = ("timeline.md.j2", {"months": sorted(months.items(), reverse=True), "front": {"title": "Timeline"}})

    counts = Counter(e.type for e in archive.entities.values() if e.has_page)
    pages["index.md"] = ("home.md.j2", {
        "latest": [item(b) for b in newest[:latest_count]],
        "total": len(archive.briefings),
        "counts": {label: counts.get(t, 0) for t, label in TYPE_LABELS.items()},
        "first": newest[-1].date.isoformat() if newest else None,
        "coverage": pictures.coverage(),
        "last": newest[0].date.isoformat() if newest else None,
        "front": {"title": "Briefings", "hide": ["navigation"]},
    })
    pages["places.md"] = ("places.md.j2", {**pictures.places_page("places.md"), "front": {"title": "Places"}})
    return pages
