"""Related briefings by shared entities, weighted by how rare each entity is.

Sharing ``Ukraine`` says little, sharing ``Chasiv Yar`` a lot: each entity
weighs its inverse document frequency. Scores come from one sparse matrix
product (briefings x entities times its transpose), so the cost follows the
number of co-mentions, not the number of pairs of briefings. Entities in
more than ``MAX_SHARE`` of the archive are left out of the product: they
would make it dense and say almost nothing.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import sparse

from .models import BriefingEntity, Entity, Related

MAX_SHARE = 0.05
MIN_COMMON_BRIEFINGS = 20


def link(
    briefing_ids: list[str],
    briefing_entities: dict[str, list[BriefingEntity]],
    entities: dict[str, Entity],
    count: int = 5,
) -> dict[str, list[Related]]:
    """Return up to ``count`` related briefings for each briefing, best first.

    Args:
        briefing_ids: every briefing id, in a stable order.
        briefing_entities: each briefing's resolved entities.
        entities: the canonical entities by key.
        count: how many related briefings to keep per briefing.
    """
    n = len(briefing_ids)
    related: dict[str, list[Related]] = {bid: [] for bid in briefing_ids}
    if n < 2 or count <= 0:
        return related
    limit = max(MIN_COMMON_BRIEFINGS, int(MAX_SHARE * n))
    columns: dict[str, int] = {}
    idf: list[float] = []
    rows, cols, vals = [], [], []
    for row, bid in enumerate(briefing_ids):
        for item in briefing_entities.get(bid, []):
            entity = entities[item.key]
            df = len(entity.briefing_ids)
            if df < 2 or df > limit or not entity.has_page:
                continue
            col = columns.get(item.key)
            if col is None:
                col = columns[item.key] = len(idf)
                idf.append(math.log(n / df) + 1.0)
            rows.append(row)
            cols.append(col)
            vals.append(idf[col])
    if not vals:
        return related
    matrix = sparse.csr_matrix((vals, (rows, cols)), shape=(n, len(idf)), dtype=np.float64)
    norms = np.sqrt(matrix.multiply(matrix).sum(axis=1)).A1
    norms[norms == 0] = 1.0
    scores = (matrix @ matrix.T).tocsr()
    keys = {col: key for key, col in columns.items()}
    for row in range(n):
        start, end = scores.indptr[row], scores.indptr[row + 1]
        others = scores.indices[start:end]
        values = scores.data[start:end] / (norms[row] * norms[others])
        mask = others != row
        others, values = others[mask], values[mask]
        if not len(others):
            continue
        top = np.lexsort((others, -values))[:count]
        mine = set(matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]])
        for index in top:
            other = int(others[index])
            theirs = set(matrix.indices[matrix.indptr[other] : matrix.indptr[other + 1]])
            shared = sorted(mine & theirs, key=lambda col: (-idf[col], entities[keys[col]].name))
            related[briefing_ids[row]].append(
                Related(
                    id=briefing_ids[other],
                    score=round(float(values[index]), 4),
                    shared=tuple(entities[keys[col]].name for col in shared[:3]),
                )
            )
    return related
