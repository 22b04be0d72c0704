"""A team named after its town (``Atlanta 5 Florida 3``, ``Surrey beat Kent by 8 wickets``) is an organisation of
its own, apart from the town.

An entity's type is decided once per group of mentions across the archive,
and a place's mentions share the place's key, so without this the team's
mentions would be typed with the town's (or the town with the team's). Only
in a sports report (two club mentions or more, one of them from a game: a
score, a fixture, a results line) does a place's name act as a team: where
the words around it are club evidence (``mention_names``: a score, ``Surrey
captain``), and where the same name has such evidence elsewhere in the report,
unless it stands where a town stands (``in Atlanta``, the dateline, a
scorecard's ``Leicester:``). A country never does: CoNLL and the analysts read
a national side as its country.

The team gets the key ``<place key> (team)``, which no name's key can be (keys
fold punctuation), and is shown as ``Atlanta (team)``: the sidebar and the page
tell it from the city, its slug (``atlanta-team``) never meets the city's, and
``entities.yml`` can name it as it is shown. Its mentions keep their surface
and offsets.
"""

from __future__ import annotations

import bisect
import re

from .gazetteer import is_country, is_primary_place, place_key
from .mention_names import in_club_context, in_game_context, normalise_surface
from .models import Kind, Mention

TEAM = " (team)"  # the key's ending, out of reach of ``lookup_key`` (it folds parentheses)
MAYBE = " (team?)"  # a place's mention in a sports report with no evidence of its own: the archive decides
CLUB = "club"  # the evidence item ``mention_names`` gives a mention in a team's context
SPORTS_REPORT = 2  # club mentions that make a briefing a sports report
TOWN_BEFORE = re.compile(r"\b(?:in|at|from|near|outside|of|to|into|across|around)\s+(?:the\s+)?$", re.IGNORECASE)
NAME_BEFORE = re.compile(r"\b([A-Z][a-z]+)\s+$")  # Torpedo Moscow, Polonia Warsaw: the club's name is longer
NOT_NAMES = frozenset("""But And Or Nor Then When While After Before As If So Yet Now With Without Against Despite
Although Though Both Only Even Also Still Since Until Unless Whether Where How What Meanwhile Later Earlier Yesterday
Today Tonight Last This That These Those Neither Either For From By On In At To Of The An Monday Tuesday Wednesday
Thursday Friday Saturday Sunday""".split())  # But Milwaukee tied it up: a sentence's first word, not a club's
CAPITALS = re.compile(r"(?<![\w.'’-])[A-Z]{2,}(?:[ -][A-Z]{2,}){0,3}(?![\w'’-])")  # DIVISION TEXAS, ST LOUIS
HEADING_AFTER = re.compile(r"\s*(?:\([^)\n]{0,40}\)\s*)?:")  # Leicester: Leicestershire beat..., London (The Oval):
DATELINE = "dateline"  # as in ``resolve``: a mention from, or in, the dateline
DATELINE_AFTER = re.compile(  # STUTTGART, Germany 1996-08-22; NEW YORK, Aug 30 (Reuters) -: a dateline all the same
    r"(?:,\s+[A-Z][\w.]+(?:\s[A-Z][\w.]+)?)?(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([A-Z][\w ]*\)\s*)?"
    r"(?:-\s|\d{4}-\d\d-\d\d)")


def team_places(candidates: list, text: str) -> set[str] | None:
    """The place keys this briefing uses as teams, or None when it is no sports report: fewer than two club
    mentions, or none of them in a game's context (``its Tokyo manager and its London manager`` are a bank's)."""
    clubs = [c for c in candidates if _acts_as_a_club(c, text)]
    if len(clubs) < SPORTS_REPORT or not any(in_game_context(text, c[0].start, c[0].end) for c in clubs):
        return None
    return {key for _, name, _, _ in clubs if (key := _town_key(name))}


def missed_teams(text: str, candidates: list) -> list[tuple[Mention, str, str, str]]:
    """Teams in capitals that NER did not tag in a sports report's results (``MILWAUKEE 5 Minnesota 4``, the home
    side in capitals; ``DIVISION TEXAS 73 54 .575``): the longest end of a run of capitals that is a place's own
    name, not a country's, in a club's context, as candidates (``mention_names.candidates``)."""
    taken = sorted((c[0].start, c[0].end) for c in candidates)
    found = []
    for match in CAPITALS.finditer(text):
        words = match.group(0).split()
        index = bisect.bisect_right(taken, (match.end(), match.end()))
        for first in range(len(words)):
            surface = " ".join(words[first:])
            start = match.end() - len(surface)
            if index and taken[index - 1][1] > start:
                break  # overlaps a mention already made
            if is_primary_place(surface) and not is_country(surface) and in_club_context(text, start, match.end()):
                name = normalise_surface(surface) or surface
                mention = Mention(surface, start, match.end(), Kind.PLACE)
                found.append((mention, name, "place", "organisation\x1f" + CLUB))
                break
    return found


def team_key(mention, name: str, evidence: str, key: str, teams: set[str] | None, text: str) -> str | None:
    """The key of a mention of a place that acts as a team (``<place> (team)``), or may (``<place> (team?)``),
    else None.

    Args:
        mention: the mention (``models.Mention``), for its offsets in ``text``.
        name: its tidy name; ``evidence``: its evidence items joined by ``\\x1f``.
        key: the key it would have (the place's, if it is one).
        teams: ``team_places`` of the briefing.
    """
    if teams is None:
        return None  # no sports report: a lone "Tokyo manager" is a bank's, and the town's
    if key != place_key(name) or is_country(name) or evidence.startswith(DATELINE) \
            or _inside_a_longer_name(text, mention.start):
        return None
    items = evidence.split("\x1f")
    if CLUB in items or not evidence and in_club_context(text, mention.start, mention.end):
        return key + TEAM  # the second: a name spaCy missed (``resolve._missed_mentions``), in a results line
    if "person" in items or _where_a_town_stands(text, mention.start, mention.end):
        return None
    return key + (TEAM if key in teams else MAYBE)


def team_joins(keys: dict, types: dict[str, str]) -> dict[str, str]:
    """Joins of keys to teams, key -> the key it joins.

    A ``<place> (team?)`` key goes to the team when the archive names it as a
    team at least a quarter as often (``Essex`` in a county cricket report, beside
    ``Essex beat Kent by 8 wickets`` elsewhere), else to the place (``Seoul``,
    where a Korean league's results were played). A place's own key that the
    rules type an organisation (``Chelsea chairman Ken Bates``) is the team
    too, where the archive knows one: one page for the club, not two.
    """
    joins = {}
    for key, info in keys.items():
        if key.endswith(MAYBE):
            place = key[:-len(MAYBE)]
            team = place + TEAM
            joins[key] = team if team in keys and keys[team].mentions * 4 >= info.mentions else place
        elif key.endswith(TEAM) and types.get(key[:-len(TEAM)]) == "organisation":
            joins[key[:-len(TEAM)]] = key
    return joins


def is_maybe_team_key(key: str) -> bool:
    return key.endswith(MAYBE)


def is_team_key(key: str) -> bool:
    return key.endswith(TEAM)


def team_name(name: str) -> str:
    """How a team is shown: ``Atlanta (team)``, so an analyst tells it from the city ``Atlanta``; a name met only
    in a results table's capitals is re-cased (``TEXAS``, ``ST Louis``: ``Texas (team)``, ``St Louis (team)``)."""
    if len(name) > 3:
        name = " ".join(word.capitalize() if word.isupper() and len(word) > 1 else word for word in name.split())
    return f"{name} (team)"


def _where_a_town_stands(text: str, start: int, end: int) -> bool:
    """A dateline (``STUTTGART, Germany 1996-08-22``), a scorecard's venue (``Leicester:``) or a place after
    ``in``, ``at``, ``from``: the town, even in a sports report."""
    return bool(DATELINE_AFTER.match(text, end) or HEADING_AFTER.match(text, end)
                or TOWN_BEFORE.search(text, max(0, start - 12), start))


def _inside_a_longer_name(text: str, start: int) -> bool:
    found = NAME_BEFORE.search(text, max(0, start - 20), start)
    return bool(found) and found[1] not in NOT_NAMES


def _acts_as_a_club(candidate: tuple, text: str) -> bool:
    """Club evidence on a candidate, or, for a name NER missed (no evidence read), in its context."""
    mention, _, _, evidence = candidate
    return CLUB in evidence.split("\x1f") or not evidence and in_club_context(text, mention.start, mention.end)


def _town_key(name: str) -> str | None:
    key = place_key(name)
    return key if key and not is_country(name) else None
