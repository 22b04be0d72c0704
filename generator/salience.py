"""What a briefing is about: how salient each of its entities is, from 0 to 1.

A story is about what its headline and lead name and what it keeps
mentioning; a company named once in passing, or the state in a company's
address, is not what it is about. Related briefings weigh shared entities
by this (``link.py``), their reasons name only entities both are about, and
threads are named for one (``threads.py``). A generic place (a country, a
US state or other first-level region, a continent) is what a story is
about only when its headline names it, and the dateline's place hardly
counts: they say where a story was filed, rarely what it is about. Nor
is a lead's source (``..., Statistics Canada said``) what it is about.

The weights are per mention evidence, cheap (string tests), and need no
parser: headline ``TITLE``, lead (first sentence) ``LEAD``, each further
mention ``REPEAT`` up to ``REPEATS``, on a ``BASE`` for being mentioned.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .gazetteer import geonames, lookup_key, place_key
from .models import Briefing, BriefingEntity, Entity

BASE = 0.15
TITLE = 0.6
LEAD = 0.35
PLACE_LEAD = 0.1  # a place in the lead is often an address ("of Fort Lauderdale, Fla.")
REPEAT = 0.1
REPEATS = 3
GENERIC = 0.5  # a generic place, unless in the headline
DATELINE = 0.3
SALIENT = 0.5  # at least this: the briefing is about the entity (a reason a reader accepts)
LEAD_CHARS = 300  # the lead without sentence bounds


def salience(briefing: Briefing, refs: list[BriefingEntity], entities: dict[str, Entity]) -> dict[str, float]:
    """Each of the briefing's entities (by key) to how much the briefing is about it."""
    title = f" {words(briefing.title)} "
    lead_end = briefing.sentences[0][1] if briefing.sentences else LEAD_CHARS
    dateline = _dateline_place(briefing.dateline)
    result = {}
    for ref in refs:
        entity = entities[ref.key]
        place = entity.type == "place"
        in_title = not briefing.title_generated and any(
            f" {words} " in title for words in _title_forms(entity.name, ref) if len(words) > 1)
        score = BASE + TITLE * in_title
        if any(m.start < lead_end and not _attribution(briefing.text, m.start, m.end) for m in ref.mentions):
            score += PLACE_LEAD if place else LEAD
        score = min(1.0, score + REPEAT * min(len(ref.mentions) - 1, REPEATS))
        if place and not in_title and is_generic_place(entity.name):
            score *= GENERIC
        if place and dateline and lookup_key(entity.name) == dateline:
            score *= DATELINE
        result[ref.key] = round(score, 4)
    return result


_SAID_AFTER = re.compile(r"\W{0,3}(?:said|says|reported|reports|announced|estimated|told|forecast)\b", re.I)
_AFTER_CLAIM = re.compile(r",\W{0,2}(?:the\W{1,2})?$", re.I)
_SAID_BEFORE = re.compile(r"\b(?:according to|said|reported by|sources at|figures from|data from)\W{1,3}(?:the\W)?$", re.I)


def _attribution(text: str, start: int, end: int) -> bool:
    """Whether a mention is the source a lead quotes ("..., Statistics Canada said"), not what it is about
    ("Wavehill said it agreed to acquire..." is about Wavehill)."""
    before = text[max(0, start - 24): start]
    return bool((_SAID_AFTER.match(text, end) and _AFTER_CLAIM.search(before)) or _SAID_BEFORE.search(before))


_NOT_WORD = re.compile(r"\W+")


def _title_forms(name: str, ref: BriefingEntity) -> set[str]:
    """How a headline may name an entity: its name, its mentions, or a long name's first two words
    (``Wavehill International`` for Wavehill International Ventures Inc)."""
    forms = {words(name), *(words(m.text) for m in ref.mentions)}
    return forms | {" ".join(form.split()[:2]) for form in forms if len(form.split()) >= 3}


def words(text: str) -> str:
    """Text as its casefolded words joined by single spaces (so names are found in a headline as whole words)."""
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


def _dateline_place(dateline: str | None) -> str | None:
    """The place a dateline names (``SALVADOR, Feb 26`` -> ``salvador``)."""
    if not dateline:
        return None
    return lookup_key(dateline.split(",")[0].split(" - ")[0]) or None


# The wire's abbreviations of US states (AP style) and of a few countries, which the gazetteer does not know.
ABBREVIATIONS = ("Ala.", "Ariz.", "Ark.", "Calif.", "Colo.", "Conn.", "Del.", "Fla.", "Ga.", "Ill.", "Ind.", "Kan.",
                 "Ky.", "La.", "Md.", "Mass.", "Mich.", "Minn.", "Miss.", "Mo.", "Mont.", "Neb.", "Nev.", "N.H.",
                 "N.J.", "N.M.", "N.Y.", "N.C.", "N.D.", "Okla.", "Ore.", "Pa.", "R.I.", "S.C.", "S.D.", "Tenn.",
                 "Tex.", "Vt.", "Va.", "Wash.", "W.Va.", "Wis.", "Wyo.", "U.K.", "N.Z.", "U.A.E.")


@lru_cache(maxsize=1 << 14)
def is_generic_place(name: str) -> bool:
    """A country, continent, US state or other first-level region: too wide to say what a story is about."""
    if lookup_key(name) in _ABBREVIATED:
        return True
    key = place_key(name)
    return key is not None and key in _regions()


_ABBREVIATED = frozenset(lookup_key(a) for a in ABBREVIATIONS)


@lru_cache(maxsize=1)
def _regions() -> frozenset[str]:
    import pycountry

    names = [c["name"] for c in geonames("countries").values()]
    names += [c["name"] for c in geonames("continents").values() if c.get("name")]
    names += [s["name"] for s in geonames("us_states").values()]
    names += [getattr(c, "common_name", c.name) for c in pycountry.countries] + [c.name for c in pycountry.countries]
    names += [re.sub(r"\s*\[.*?\]", "", s.name) for s in pycountry.subdivisions if s.parent_code is None]
    return frozenset(key for key in map(place_key, names) if key)
