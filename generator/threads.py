"""Story threads: briefings about the same developing story, chained by date.

Rule: two briefings belong to one thread when one lists the other as
related with a score of at least ``THREAD_SCORE``, they share an entity
that is rare in the archive (in at most ``RARE_SHARE`` of it, or at most
``RARE_MIN`` briefings) and they are at most ``MAX_GAP_DAYS`` apart.
These edges are merged strongest first (union-find) into threads of at
most ``MAX_THREAD`` briefings. A thread is named for the rare entity of
its first (strongest) edge, and an edge joins a thread only if that
entity is among the rare ones the pair shares: every briefing of a thread
mentions its story's entity, so a chain of weak links (Sweden -> South
Africa -> Spain) cannot fuse unrelated stories. Each thread is ordered by date (then id): a
briefing's "Previously" and "Next" are its neighbours in that order.
Cost: linear in the number of related pairs (at most five per briefing).
"""

from __future__ import annotations

from collections import defaultdict

from .models import Briefing, Entity, Related, ThreadPlace

THREAD_SCORE = 0.25
RARE_SHARE = 0.01
RARE_MIN = 5
MAX_GAP_DAYS = 183
MAX_THREAD = 60


def threads(briefings: list[Briefing], related: dict[str, list[Related]],
            entities: dict[str, Entity]) -> dict[str, ThreadPlace]:
    """Each threaded briefing's place in its thread (briefings in no thread are left out)."""
    by_id = {b.id: b for b in briefings}
    day = {b.id: b.date.toordinal() for b in briefings}
    rare_limit = max(RARE_MIN, int(RARE_SHARE * len(briefings)))
    frequency: dict[str, int] = {}
    for entity in entities.values():
        df = len(entity.briefing_ids)
        frequency[entity.name] = min(df, frequency.get(entity.name, df))
    edges: dict[tuple[str, str], tuple[float, tuple[str, ...]]] = {}
    for source, items in related.items():
        for item in items:
            if item.score < THREAD_SCORE or abs(day[source] - day[item.id]) > MAX_GAP_DAYS:
                continue
            rare = [name for name in item.shared if frequency.get(name, rare_limit + 1) <= rare_limit]
            if not rare:
                continue
            pair = (min(source, item.id), max(source, item.id))
            if pair not in edges or edges[pair][0] < item.score:
                edges[pair] = (item.score, tuple(rare))
    parent: dict[str, str] = {}
    size: dict[str, int] = defaultdict(lambda: 1)
    story: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.get(node, node) != node:
            parent[node] = parent.get(parent[node], parent[node])
            node = parent[node]
        return node

    for (a, b), (_, rare) in sorted(edges.items(), key=lambda e: (-e[1][0], e[0])):
        ra, rb = root(a), root(b)
        if ra == rb or size[ra] + size[rb] > MAX_THREAD:
            continue
        keys = {story[r] for r in (ra, rb) if r in story}
        if len(keys) > 1 or (keys and not keys <= set(rare)):
            continue
        name = keys.pop() if keys else rare[0]
        ra, rb = min(ra, rb), max(ra, rb)
        parent[rb] = ra
        size[ra] += size[rb]
        story[ra] = name
    members: dict[str, list[str]] = defaultdict(list)
    for bid in sorted({node for pair in edges for node in pair}):
        members[root(bid)].append(bid)
    places: dict[str, ThreadPlace] = {}
    for top, group in members.items():
        if len(group) < 2:
            continue
        chain = sorted(group, key=lambda i: (by_id[i].date, i))
        for index, bid in enumerate(chain):
            places[bid] = ThreadPlace(
                thread=chain[0], name=story[top], position=index + 1, size=len(chain),
                previous=chain[index - 1] if index else None,
                next=chain[index + 1] if index + 1 < len(chain) else None,
            )
    return places
