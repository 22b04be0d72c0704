"""The places of a briefing's dateline (``NEAR CHASIV YAR, Ukraine``) as place mentions.

A dateline says where the story was filed: its place, and the region or
country after it, are places of the briefing even when the body never
names them again. Their offsets are into the ``dateline`` field, not the
text; ``briefing extract`` marks such mentions ``"in": "dateline"``.

A dateline is only taken when it is one: its first part must be a place
the gazetteer knows or be followed by a region (``CHASIV YAR, Ukraine``);
a sports word or a headline fragment (``CRICKET``) is neither.
"""

from __future__ import annotations

import re

from .gazetteer import is_common_word, place_strength

PART = re.compile(r"[^,]+")
LEAD = re.compile(r"^(?:NEAR|OUTSIDE|IN|ON|OFF|ABOARD|AT|Near|Outside|In|On|Off|Aboard|At)\s+")
DATE_PART = re.compile(r"\d|^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?(?:\s|$)", re.IGNORECASE)
NOT_A_NAME = re.compile(r"[^\w .'’-]|\s[-–—]\s")
MAX_WORDS = 4
CONNECTORS = {"de", "da", "do", "del", "la", "le", "el", "al", "of", "on", "upon", "am", "an", "sur"}


def dateline_places(dateline: str | None) -> list[tuple[str, int, int, str]]:
    """``(surface, start, end, name)`` of each place in a dateline, offsets into the dateline."""
    if not dateline:
        return []
    parts = []
    for match in PART.finditer(dateline):
        raw = match.group(0)
        lead = LEAD.match(raw.strip())
        start = match.start() + len(raw) - len(raw.lstrip()) + (lead.end() if lead else 0)
        surface = dateline[start:match.end()].strip()
        if not surface or DATE_PART.search(surface) or NOT_A_NAME.search(surface) or len(surface.split()) > MAX_WORDS:
            break
        parts.append((surface, start, start + len(surface), _recased(surface)))
    if not parts:
        return []
    place, *region = parts
    known = place_strength(place[3]) == 2 or place_strength(place[3]) and not is_common_word(place[3])
    if not known and not (region and place_strength(region[0][3])):
        return []
    return [place] + [r for r in region[:1] if place_strength(r[3])]


def _recased(surface: str) -> str:
    """``CHASIV YAR`` -> ``Chasiv Yar``; ``Ukraine`` as written."""
    if not surface.isupper():
        return surface
    return " ".join(word.lower() if word.lower() in CONNECTORS else word if "." in word[:-1] else word.capitalize()
                    for word in surface.split())
