"""Related briefings: shared rare entities, similar wording, closeness in time.

Sharing ``Ukraine`` says little, sharing ``Chasiv Yar`` a lot: each entity
weighs its inverse document frequency. Text similarity is the cosine of
TF-IDF vectors (scikit-learn). Both come from sparse matrix products, run
over chunks of rows so memory stays bounded, and each vector keeps only
its ``TOP_TERMS`` heaviest terms: the product then costs about the number
of briefings that share a distinctive word, not the number of pairs.
Entities in more than ``MAX_SHARE`` of the archive are left out of the
product for the same reason (they would make it dense and say little).

score = (ENTITY_WEIGHT * entity cosine + TEXT_WEIGHT * text cosine)
        * (1 - TIME_WEIGHT + TIME_WEIGHT * exp(-days apart / TIME_SCALE))

so two briefings a year apart keep most of their similarity, and a pair
below ``MIN_SCORE`` is never shown as related.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from .models import Briefing, BriefingEntity, Entity, Related

MAX_SHARE = 0.05
MIN_COMMON_BRIEFINGS = 20
ENTITY_WEIGHT = 0.6
TEXT_WEIGHT = 0.4
TIME_WEIGHT = 0.3
TIME_SCALE = 30.0  # days
MIN_SCORE = 0.08
MIN_TEXT = 0.02  # text cosines below this are dropped before scoring (keeps products sparse)
TOP_TERMS = 40
CHUNK = 2000
WHY_COUNT = 3


def related_briefings(
    briefings: list[Briefing],
    briefing_entities: dict[str, list[BriefingEntity]],
    entities: dict[str, Entity],
    count: int = 5,
) -> dict[str, list[Related]]:
    """Return up to ``count`` related briefings for each briefing, best first.

    Args:
        briefings: every briefing, in a stable order.
        briefing_entities: each briefing's resolved entities.
        entities: the canonical entities by key.
        count: how many related briefings to keep per briefing.
    """
    ids = [b.id for b in briefings]
    n = len(ids)
    related: dict[str, list[Related]] = {bid: [] for bid in ids}
    if n < 2 or count <= 0:
        return related
    ent, idf, keys = _entity_matrix(ids, briefing_entities, entities)
    text, vocabulary = _text_matrix(briefings)
    days = np.array([b.date.toordinal() for b in briefings], dtype=np.int64)
    ent_t, text_t = ent.T.tocsr(), text.T.tocsr()
    for start in range(0, n, CHUNK):
        stop = min(n, start + CHUNK)
        rows, cols, scores = _chunk_scores(ent[start:stop], ent_t, text[start:stop], text_t, days, start, count)
        for row, col, score in zip(rows.tolist(), cols.tolist(), scores.tolist()):
            related[ids[row]].append(Related(
                id=ids[col],
                score=round(score, 4),
                shared=_shared_entities(ent, row, col, idf, keys, entities),
                terms=_shared_terms(text, row, col, vocabulary),
            ))
    return related


def _entity_matrix(ids, briefing_entities, entities):
    """Briefings x entities, IDF-weighted and L2-normalised; also the IDF and the column keys."""
    n = len(ids)
    limit = max(MIN_COMMON_BRIEFINGS, int(MAX_SHARE * n))
    columns: dict[str, int] = {}
    idf: list[float] = []
    rows, cols = [], []
    for row, bid in enumerate(ids):
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
    idf_array = np.array(idf, dtype=np.float64)
    matrix = sparse.csr_matrix((idf_array[cols] if cols else [], (rows, cols)), shape=(n, len(idf)))
    matrix.sum_duplicates()
    keys = [None] * len(idf)
    for key, col in columns.items():
        keys[col] = key
    return normalize(matrix), idf_array, keys


def _text_matrix(briefings):
    """Briefings x terms: TF-IDF of title and text, each row cut to its heaviest terms."""
    docs = [f"{b.title}\n{b.text}" for b in briefings]
    vectorizer = TfidfVectorizer(
        stop_words="english", sublinear_tf=True, min_df=2, max_df=0.5, dtype=np.float64,
        token_pattern=r"(?u)\b[^\W\d_][\w-]{2,}\b",
    )
    try:
        matrix = vectorizer.fit_transform(docs).tocsr()
    except ValueError:  # empty vocabulary: too few or too short texts
        return sparse.csr_matrix((len(docs), 0)), np.array([], dtype=object)
    return normalize(_keep_top(matrix, TOP_TERMS)), vectorizer.get_feature_names_out()


def _keep_top(matrix: sparse.csr_matrix, k: int) -> sparse.csr_matrix:
    """Keep the ``k`` largest values of each row (ties broken by column), vectorised."""
    lengths = np.diff(matrix.indptr)
    if not len(lengths) or lengths.max(initial=0) <= k:
        return matrix
    rows = np.repeat(np.arange(matrix.shape[0]), lengths)
    order = np.lexsort((matrix.indices, -matrix.data, rows))
    rank = np.arange(len(order)) - matrix.indptr[rows[order]]
    keep = np.sort(order[rank < k])
    return sparse.csr_matrix(
        (matrix.data[keep], (rows[keep], matrix.indices[keep])), shape=matrix.shape
    )


def _chunk_scores(ent, ent_t, text, text_t, days, offset, count):
    """The best ``count`` pairs of each row in one chunk: (row, col, score), by row, best first."""
    text_sim = (text @ text_t).tocsr()
    text_sim.data[text_sim.data < MIN_TEXT] = 0.0
    text_sim.eliminate_zeros()
    sim = (ENTITY_WEIGHT * (ent @ ent_t) + TEXT_WEIGHT * text_sim).tocoo()
    rows, cols, values = sim.row + offset, sim.col, sim.data
    gap = np.abs(days[rows] - days[cols]).astype(np.float64)
    values = values * (1.0 - TIME_WEIGHT + TIME_WEIGHT * np.exp(-gap / TIME_SCALE))
    keep = (rows != cols) & (values >= MIN_SCORE)
    rows, cols, values = rows[keep], cols[keep], values[keep]
    order = np.lexsort((cols, -np.round(values, 6), rows))
    rows, cols, values = rows[order], cols[order], values[order]
    first = np.searchsorted(rows, rows, side="left")
    top = (np.arange(len(rows)) - first) < count
    return rows[top], cols[top], values[top]


def _shared_entities(ent, row, col, idf, keys, entities) -> tuple[str, ...]:
    """Why two briefings are related: the rarest entities both mention."""
    mine = ent.indices[ent.indptr[row]:ent.indptr[row + 1]]
    theirs = ent.indices[ent.indptr[col]:ent.indptr[col + 1]]
    shared = np.intersect1d(mine, theirs)
    names = sorted(((-idf[c], entities[keys[c]].name) for c in shared.tolist()))
    return tuple(name for _, name in names[:WHY_COUNT])


def _shared_terms(text, row, col, vocabulary) -> tuple[str, ...]:
    """The words that weigh most in both texts (the reason when no entity is shared)."""
    if not len(vocabulary):
        return ()
    a, b = slice(text.indptr[row], text.indptr[row + 1]), slice(text.indptr[col], text.indptr[col + 1])
    shared, left, right = np.intersect1d(text.indices[a], text.indices[b], assume_unique=True, return_indices=True)
    weight = text.data[a][left] * text.data[b][right]
    order = np.lexsort((shared, -weight))[:WHY_COUNT]
    return tuple(str(vocabulary[shared[i]]) for i in order)


def linked_from(related: dict[str, list[Related]], dates: dict[str, object]) -> dict[str, list[str]]:
    """Back-links: for each briefing, the briefings that list it as related, newest first."""
    back: dict[str, list[str]] = defaultdict(list)
    for source, items in related.items():
        for item in items:
            back[item.id].append(source)
    return {bid: sorted(sources, key=lambda s: (dates[s], s), reverse=True) for bid, sources in back.items()}
