"""The outlet is not the subject: credits to a news outlet make no entity.

"told Reuters", "Reuters reported", "(AP)" and a story's mentions of its own
outlet say who reports the story, not what it is about; counted as entities
they made the wire service the archive's most mentioned organisation. The
outlet stays in the briefing's ``source`` field. Outlets and their other
names are listed in ``data/outlets.txt``.
"""

from __future__ import annotations

import re

from .gazetteer import data_lines, lookup_key, table

CREDIT_BEFORE = re.compile(r"(?:\btold|\bspoke to|\btalking to|\baccording to|\bquoted by|\binterview with|"
                           r"\bsaid to|\breported by|\bcited by|\()\s*(?:the\s+)?$", re.IGNORECASE)
CREDIT_AFTER = re.compile(r"^['’]?s?\s*(?:\)|reported|reports|has learned|learned|correspondents?|reporters?|"
                          r"calculations|survey|poll|was able|has seen|saw|witness(?:es)?|journalists?|photographers?|"
                          r"news agency said|said in a dispatch|quoted)\b", re.IGNORECASE)
CONTEXT = 24


@table
def outlets() -> dict[str, str]:
    """Every outlet name (by ``lookup_key``) to the key of the outlet's first name in the list."""
    found: dict[str, str] = {}
    for line in data_lines("outlets.txt"):
        name, _, others = line.partition("=")
        names = [name, *others.split(",")] if others else [name]
        for other in names:
            found.setdefault(lookup_key(other), lookup_key(name))
    return found


def outlet_of(source: str | None) -> str | None:
    """The outlet key of a briefing's ``source`` (``AP`` and ``Associated Press`` are one), if it is a known one."""
    return outlets().get(lookup_key(source)) if source else None


def is_credit(text: str, start: int, end: int, name: str, own_outlet: str | None) -> bool:
    """True when the mention ``text[start:end]`` (tidied to ``name``) credits an outlet rather than naming a subject."""
    outlet = outlets().get(lookup_key(name))
    if outlet is None:
        return False
    if outlet == own_outlet:
        return True
    return bool(CREDIT_BEFORE.search(text[max(0, start - CONTEXT):start]) or CREDIT_AFTER.match(text[end:end + CONTEXT]))
