"""Helpers shared by the link, permalink and feed tests (data from the seeds and the shared corpus)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from conftest import CORPUS, corpus_slice
from generator.models import Briefing, BriefingEntity, Entity, EntityMention, Origin


def make_briefing(bid: str, date: str, title: str, text: str = "") -> Briefing:
    return Briefing(id=bid, date=dt.date.fromisoformat(date), title=title, title_generated=False, text=text,
                    paragraphs=[text], sentences=[], mentions=[], summary=[], key_points=[], word_count=0,
                    reading_minutes=0, origin=Origin("test"))


def corpus_records(ids: list[str]) -> list[dict]:
    """The corpus records with these ids, in corpus order."""
    if not CORPUS.exists():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    wanted, found = set(ids), []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["id"] in wanted:
                found.append(record)
                if len(found) == len(wanted):
                    break
    return found


def corpus_archive(count: int):
    """Corpus briefings with their gold index terms as entities (no spaCy needed)."""
    briefings, refs, entities = [], {}, {}
    for record in corpus_slice(count):
        b = make_briefing(record["id"], record["date"], record["title"] or record["id"], record["text"])
        briefings.append(b)
        refs[b.id] = []
        for kind, type_ in (("places", "place"), ("people", "person"), ("orgs", "organisation")):
            for term in record["gold"].get(kind, []):
                entity = entities.setdefault(f"{type_}:{term}", Entity(key=f"{type_}:{term}", name=term, type=type_, slug=term))
                entity.briefing_ids.append(b.id)
                refs[b.id].append(BriefingEntity(key=entity.key, mentions=[EntityMention(term, 0, 0)]))
    return briefings, refs, entities


def content_page(site: Path, prefix: str) -> Path:
    return next((site / "content").glob(f"{prefix}/*.md"))


SCHEMAS = Path(__file__).resolve().parent.parent / "generator" / "schemas"


def schema(name: str) -> dict:
    """One of the JSON schemas the site's data files follow (generator/schemas/)."""
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
