"""The ``briefing extract`` record: one JSON object per article, a public interface.

Other tools read this shape, so fields are only ever added, never renamed
or removed. It is built from the same stages as the site, and needs no
built site.
"""

from __future__ import annotations

from .models import Archive, Briefing, Kind
from .quotes import speaker_key
from .paths import short_link, url_of

FIGURE_KINDS = {Kind.COUNT: "CARDINAL", Kind.PERCENT: "PERCENT", Kind.QUANTITY: "QUANTITY", Kind.MONEY: "MONEY"}
"""A figure's ``kind`` as the public record names it: the words of the model that first found figures,
frozen with the format, whatever names the project's types have or the model uses."""


def extract_record(briefing: Briefing, archive: Archive) -> dict:
    """The public JSON record of one briefing."""
    entities = []
    page = archive.duplicate_of.get(briefing.id)
    refs = archive.folded_entities.get(briefing.id, []) if page else archive.briefing_entities.get(briefing.id, [])
    for ref in refs:
        entity = archive.entities[ref.key]
        entities.append({
            "name": entity.name,
            "type": entity.type,
            "slug": entity.slug,
            "mentions": [{"text": m.text, "start": m.start, "end": m.end, **({"in": m.where} if m.where else {})}
                         for m in ref.mentions],
            **({"role": entity.role} if entity.role else {}),
        })
    return {
        "id": briefing.id,
        "date": briefing.date.isoformat(),
        "title": briefing.title,
        "title_generated": briefing.title_generated,
        "source": briefing.source,
        "url": url_of(archive.urls[page or briefing.id]),
        "permalink": short_link(briefing.id),
        "summary": " ".join(briefing.summary),
        "key_points": list(briefing.key_points),
        "text": briefing.text,
        "entities": entities,
        "related": [r.id for r in archive.related.get(briefing.id, [])],
        "dateline": briefing.dateline,
        "author": briefing.author,
        "source_url": briefing.url,
        "captions": [{"text": c.text, "credit": c.credit} for c in briefing.captions],
        "word_count": briefing.word_count,
        "reading_minutes": briefing.reading_minutes,
        "origin": {"path": briefing.origin.path, "line": briefing.origin.line},
        "quotes": [{"speaker": speaker_name(q.speaker, briefing, archive), "description": q.description, "text": q.text}
                   for q in briefing.quotes],
        "figures": [{"value": f.value, "context": f.context, "kind": FIGURE_KINDS[f.label]} for f in briefing.figures],
        "dates": [{"text": d.text, "date": d.date, "precision": d.precision, "label": d.label,
                   "context": d.context} for d in briefing.dates],
        "source_detected": briefing.source_detected,
        "tickers": [{"code": t.code, "name": t.name} for t in briefing.tickers],
        "results": [{"period": r.period, "label": r.label, "this_year": r.current, "last_year": r.previous}
                    for r in briefing.results],
        "duplicate_of": page,
        "thread": thread_record(archive, briefing.id),
    }


def thread_record(archive: Archive, briefing_id: str) -> dict | None:
    """A briefing's story thread: its name and the briefings before and after it, or None."""
    place = archive.threads.get(briefing_id)
    return {"name": place.name, "previous": place.previous, "next": place.next} if place else None


def speaker_name(surface: str | None, briefing: Briefing, archive: Archive) -> str | None:
    """A quote's speaker as the canonical entity name when resolution knows it, else as written."""
    refs = archive.briefing_entities.get(briefing.id) or archive.folded_entities.get(briefing.id, [])
    key = speaker_key(surface, refs, archive.entities)
    return archive.entities[key].name if key else surface
