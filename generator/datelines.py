"""The places of a briefing's dateline (``NEAR CHASIV YAR, Ukraine``) as place mentions.

A dateline says where the story was filed: its place, and the region or
country after it, are places of the briefing even when the body never
names them again. Their offsets are into the ``dateline`` field, not the
text; ``briefing extract`` marks such mentions ``"in": "dateline"``.

A dateline is only taken when it is one: its first part must be a place
the gazetteer knows or be followed by a region (``CHASIV YAR, Ukraine``);
a sports word or a headline fragment (``CRICKET``) is neither.

Wire copy may also carry the dateline as a line of its own near the top of
the body (``LONDON 1996-08-30``, ``PARIS, Aug 22``): its places are place
mentions with offsets into the text (``text_dateline_places``).
"""

from __future__ import annotations

import re

from .gazetteer import is_common_word, is_primary_place, place_strength

PART = re.compile(r"[^,]+")
LEAD = re.compile(r"^(?:NEAR|OUTSIDE|IN|ON|OFF|ABOARD|AT|Near|Outside|In|On|Off|Aboard|At)\s+")
DATE_PART = re.compile(r"\d|^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?(?:\s|$)", re.IGNORECASE)
NOT_A_NAME = re.compile(r"[^\w .'’-]|\s[-–—]\s")
MAX_WORDS = 4
DATELINE_LINE = re.compile(  # LONDON 1996-08-30; PARIS, Aug 22; NEW DELHI, India 1996-08-30
    r"^(?P<place>[A-Z][A-Z.'’ -]+(?:,\s*[A-Z][\w.'’ -]+)?)(?:\s+\d{4}-\d\d-\d\d|,?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|"
    r"Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?)\s*$", re.MULTILINE)
HEAD_LINES = 3  # a dateline line opens the story: a headline and a byline may come before it, never much more
CONNECTORS = {"de", "da", "do", "del", "la", "le", "el", "al", "of", "on", "upon", "am", "an", "sur"}


def dateline_places(dateline: str | None, dated: bool = False) -> list[tuple[str, int, int, str]]:
    """``(surface, start, end, name)`` of each place in a dateline, offsets into the dateline.

    ``dated``: the dateline stands on a line with its date (``PARIS 1996-08-22``), so a place's own name
    is enough even when it is also a dictionary word (``paris``, the plant).
    """
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
    known = place_strength(place[3]) == 2 or place_strength(place[3]) and not is_common_word(place[3]) \
        or dated and is_primary_place(place[3])
    if not known and not (region and place_strength(region[0][3])):
        return []
    return [place] + [r for r in region[:1] if place_strength(r[3])]


def text_dateline_places(text: str) -> list[tuple[str, int, int, str]]:
    """``(surface, start, end, name)`` of the places of a dateline line among the text's first lines, offsets
    into the text (``LONDON 1996-08-30`` after a headline)."""
    head_end, lines = -1, 0
    while lines < HEAD_LINES:  # lines with words: a blank line between paragraphs is no line of the head
        start, head_end = head_end + 1, text.find("\n", head_end + 1)
        if head_end < 0:
            head_end = len(text)
            break
        lines += bool(text[start:head_end].strip())
    match = DATELINE_LINE.search(text, 0, head_end)
    if not match:
        return []
    start = match.start("place")
    return [(surface, start + s, start + e, name) for surface, s, e, name in dateline_places(match.group("place"), dated=True)]


def _recased(surface: str) -> str:
    """``CHASIV YAR`` and a scraper's ``dodge city`` -> ``Chasiv Yar``, ``Dodge City``; ``Ukraine`` as written."""
    if not surface.isupper() and not surface.islower():
        return surface
    return " ".join(word.lower() if i and word.lower() in CONNECTORS else word if "." in word[:-1] else capitalised(word)
                    for i, word in enumerate(surface.split()))  # La Jolla, Rio de Janeiro


def capitalised(word: str) -> str:
    """A word of capitals as a name writes it: ``WINSTON-SALEM`` -> ``Winston-Salem``, ``MCLEAN`` -> ``McLean``."""
    parts = []
    for part in word.split("-"):
        part = part.capitalize()
        if len(part) > 3 and part.startswith("Mc"):
            part = "Mc" + part[2:].capitalize()
        parts.append(part)
    return "-".join(parts)
