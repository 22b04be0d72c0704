"""Story threads: briefings about the same developing story, chained by date.

Rule: two briefings belong to one thread when one lists the other as
related with a score of at least ``THREAD_SCORE``, both are about the same
entity (``Related.shared``: salient in both, see ``salience.py``) that is
not a generic place (a country or US state says where, not which story)
nor a name of dictionary words alone (``Finance Ministry`` reports many stories)
and not common in the archive (in at most ``RARE_SHARE`` of it, or at most
``RARE_MIN`` briefings), and they are at most ``MAX_GAP_DAYS`` apart.

These edges are merged strongest first (union-find) into threads of at
most ``MAX_THREAD`` briefings. Each thread keeps its subjects: the entities
every edge so far has in common. An edge joins two threads only if they
still have a subject in common, so every briefing of a thread is about its
story's entity and a chain of weak links (Sweden -> South Africa -> Spain)
cannot fuse unrelated stories. A thread is named for its subject the
briefings are most about; a story growing by another article about its
subject keeps that name, whatever else the new article mentions.

Each thread is ordered by date (then id): a briefing's "Previously" and
"Next" are its neighbours in that order. Cost: linear in the number of
related pairs (at most five per briefing).
"""

from __future__ import annotations

import re
from collections import defaultdict

from .gazetteer import is_common_word
from .models import Briefing, Entity, Related, ThreadPlace
from .salience import is_generic_place

THREAD_SCORE = 0.5
RARE_SHARE = 0.01
RARE_MIN = 5
MAX_GAP_DAYS = 183
MAX_THREAD = 60


def threads(briefings: list[Briefing], related: dict[str, list[Related]],
            entities: dict[str, Entity]) -> dict[str, ThreadPlace]:
    """Each threaded briefing's place in its thread (briefings in no thread are left out)."""
    by_id = {b.id: b for b in briefings}
    edges = _edges(briefings, related, entities)
    parent: dict[str, str] = {}
    size: dict[str, int] = defaultdict(lambda: 1)
    subjects: dict[str, dict[str, float]] = {}  # a thread's root -> its subjects, with how much its edges are about each

    def root(node: str) -> str:
        while parent.get(node, node) != node:
            parent[node] = parent.get(parent[node], parent[node])
            node = parent[node]
        return node

    for (a, b), (score, names) in sorted(edges.items(), key=lambda e: (-e[1][0], e[0])):
        ra, rb = root(a), root(b)
        if ra == rb or size[ra] + size[rb] > MAX_THREAD:
            continue
        common = {name: rank for rank, name in enumerate(names)}
        for r in (ra, rb):
            if r in subjects:
                common = {name: rank for name, rank in common.items() if name in subjects[r]}
        if not common:
            continue
        weight = {name: score for name in common}
        for r in (ra, rb):
            for name in common:
                weight[name] += subjects.get(r, {}).get(name, 0.0)
        ra, rb = min(ra, rb), max(ra, rb)
        parent[rb] = ra
        size[ra] += size[rb]
        subjects[ra] = weight
        subjects.pop(rb, None)
    members: dict[str, list[str]] = defaultdict(list)
    for bid in sorted({node for pair in edges for node in pair}):
        members[root(bid)].append(bid)
    places: dict[str, ThreadPlace] = {}
    for top, group in members.items():
        if len(group) < 2:
            continue
        name = min(subjects[top].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        chain = sorted(group, key=lambda i: (by_id[i].date, i))
        for index, bid in enumerate(chain):
            places[bid] = ThreadPlace(
                thread=chain[0], name=name, position=index + 1, size=len(chain),
                previous=chain[index - 1] if index else None,
                next=chain[index + 1] if index + 1 < len(chain) else None,
            )
    return places


def _generic_name(name: str) -> bool:
    """A name made of dictionary words alone (``Bank``, ``Finance Ministry``, ``Commerce Department``): an
    institution that reports many stories, not one story's subject."""
    words = re.findall(r"[^\W\d_]+", name)
    return bool(words) and all(is_common_word(word) for word in words)


def _edges(briefings: list[Briefing], related: dict[str, list[Related]],
           entities: dict[str, Entity]) -> dict[tuple[str, str], tuple[float, tuple[str, ...]]]:
    """The pairs that may join a thread, each with its score and the subjects both are about."""
    day = {b.id: b.date.toordinal() for b in briefings}
    rare_limit = max(RARE_MIN, int(RARE_SHARE * len(briefings)))
    frequency: dict[str, int] = {}
    generic: set[str] = set()
    for entity in entities.values():
        df = len(entity.briefing_ids)
        frequency[entity.name] = min(df, frequency.get(entity.name, df))
        if (entity.type == "place" and is_generic_place(entity.name)) or _generic_name(entity.name):
            generic.add(entity.name)
    edges: dict[tuple[str, str], tuple[float, tuple[str, ...]]] = {}
    for source, items in related.items():
        for item in items:
            if item.score < THREAD_SCORE or abs(day[source] - day[item.id]) > MAX_GAP_DAYS:
                continue
            names = tuple(name for name in item.shared
                          if name not in generic and frequency.get(name, rare_limit + 1) <= rare_limit)
            if not names:
                continue
            pair = (min(source, item.id), max(source, item.id))
            if pair not in edges or edges[pair][0] < item.score:
                edges[pair] = (item.score, names)
    return edges
