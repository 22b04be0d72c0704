"""What entity pages and entity links show, computed from the resolved archive as plain data.

- ``body_segments``: each paragraph of a briefing cut into ``(text, href)``
  pieces so the first mention of each entity links to its page; the
  template makes the HTML (autoescaped), Python never does.
- ``companions``: the entities each entity most often appears with, counted
  within each briefing's own entity list (the cost follows the entities per
  briefing, never the pairs of all entities).
- ``mentions_by_month``: mentions and briefings per month, for the entity
  page's chart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container

import numpy as np
from scipy import sparse

from .models import Briefing, BriefingEntity, Entity
from .paths import relative_url
from .sorting import bits, first_of_each, packed_order

COMPANION_SCAN = 20  # the most salient entities of a briefing taken into co-occurrence counts


def body_segments(briefing: Briefing, refs: list[BriefingEntity], urls: dict[str, str],
                  page_url: str) -> list[list[tuple[str, str | None]]]:
    """Every paragraph as ``(text, href-or-None)`` pieces, linking each entity's first mention.

    Args:
        briefing: the briefing (its ``text`` is its paragraphs joined by blank lines).
        refs: its resolved entities, with mention offsets into ``text``.
        urls: entity key -> site-relative URL of its page (entities without a page are absent).
        page_url: the site-relative URL of the briefing page.
    """
    firsts = sorted((m[0].start, m[0].end, ref.key) for ref in refs
                    if ref.key in urls and (m := [m for m in ref.mentions if not m.where]))
    paragraphs: list[list[tuple[str, str | None]]] = []
    offset = 0
    index = 0
    for paragraph in briefing.paragraphs:
        end = offset + len(paragraph)
        pieces: list[tuple[str, str | None]] = []
        cursor = offset
        while index < len(firsts) and firsts[index][0] < end:
            start, stop, key = firsts[index]
            index += 1
            if start < cursor or stop > end or briefing.text[start:stop] != briefing.text[start:stop].strip():
                continue
            if start > cursor:
                pieces.append((briefing.text[cursor:start], None))
            pieces.append((briefing.text[start:stop], relative_url(urls[key], page_url)))
            cursor = stop
        if cursor < end or not pieces:
            pieces.append((briefing.text[cursor:end], None))
        paragraphs.append(pieces)
        offset = end + 2
    return paragraphs


def companions(briefing_entities: dict[str, list[BriefingEntity]], entities: dict[str, Entity],
               count: int = 8) -> dict[str, list[tuple[str, int]]]:
    """For each entity with a page, up to ``count`` others it shares the most briefings with (ties by name, key).

    One sparse product (briefings x entities, transposed times itself)
    counts every pair; each row's best are then found with one sort of
    integer keys, not one Python sort per entity.
    """
    column: dict[str, int] = {}
    rows, cols = [], []
    for row, refs in enumerate(briefing_entities.values()):
        for key in [r.key for r in refs if entities[r.key].has_page][:COMPANION_SCAN]:
            rows.append(row)
            cols.append(column.setdefault(key, len(column)))
    keys = list(column)
    if not keys:
        return {}
    seen = sparse.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)),
                             shape=(len(briefing_entities), len(keys)))
    together = (seen.T @ seen).tocoo()
    other = together.row != together.col
    row, col, shared = (a[other].astype(np.int64) for a in (together.row, together.col, together.data))
    by_name = sorted(range(len(keys)), key=lambda i: (entities[keys[i]].name, keys[i]))
    rank = np.empty(len(keys), dtype=np.int64)
    rank[by_name] = np.arange(len(keys))
    fewer = int(shared.max(initial=0)) - shared
    order = packed_order([row, fewer, rank[col]], [bits(row), bits(shared), bits(rank)])
    row, col, shared = row[order], col[order], shared[order]
    best = first_of_each(row, count)
    result: dict[str, list[tuple[str, int]]] = {key: [] for key in keys}
    for r, c, n in zip(row[best].tolist(), col[best].tolist(), shared[best].tolist()):
        result[keys[r]].append((keys[c], n))
    return result


def mentions_by_month(briefing_entities: dict[str, list[BriefingEntity]], briefings: dict[str, Briefing],
                      wanted: Container[str] | None = None) -> dict[str, list[dict]]:
    """For each entity (of ``wanted``, if given), ``[{"month": "YYYY-MM", "mentions": n, "briefings": n}]`` in month order."""
    months: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for briefing_id, refs in briefing_entities.items():
        month = f"{briefings[briefing_id].date:%Y-%m}"
        for ref in refs:
            if wanted is not None and ref.key not in wanted:
                continue
            counts = months[ref.key].setdefault(month, [0, 0])
            counts[0] += len(ref.mentions)
            counts[1] += 1
    return {key: [{"month": m, "mentions": c[0], "briefings": c[1]} for m, c in sorted(by_month.items())]
            for key, by_month in months.items()}
