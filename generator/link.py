"""Related briefings: what both are about, similar wording, closeness in time.

An entity counts by how much each briefing is about it (``salience``: in
the headline, the lead, mentioned often) times its rarity (inverse document
frequency): sharing the subject ``Purolator Courier`` says a lot, sharing
the state in two companies' addresses nothing. Text similarity is the cosine of
TF-IDF vectors (scikit-learn), the stronger signal on the corpus' topic
codes, so it weighs more. Both come from sparse matrix products, run
over chunks of rows so memory stays bounded, and each vector keeps only
its ``TOP_TERMS`` heaviest terms: the product then costs about the number
of briefings that share a distinctive word, not the number of pairs.
Entities in more than ``MAX_SHARE`` of the archive are left out of the
product for the same reason (they would make it dense and say little).

text = WORDS_WEIGHT * TF-IDF cosine + (1 - WORDS_WEIGHT) * topic cosine
score = (ENTITY_WEIGHT * entity cosine + TEXT_WEIGHT * text)
        * (1 - TIME_WEIGHT + TIME_WEIGHT * exp(-days apart / TIME_SCALE))

The topic cosine is taken in a ``TOPICS``-dimensional latent semantic
space of the TF-IDF vectors (truncated SVD): two earnings reports share
their kind of words even when their companies differ, which TF-IDF alone
scores low. It is computed only for pairs the sparse TF-IDF product
already found (text cosine at least ``MIN_TEXT``), so it adds a cost per
candidate pair, never per pair of briefings. On 3,000 corpus briefings it
raises the share of related briefings on the same topic (by the corpus'
topic codes) from 0.71 to about 0.75 (``bench/link_eval.py``).

So two briefings a year apart keep most of their similarity, and a pair
below ``MIN_SCORE`` is never shown as related. The reason shown is the
entities both briefings are about (``salience.SALIENT``), rarest first,
else the words weighing most in both texts.
"""

from __future__ import annotations

import math
from collections import defaultdict
from contextlib import contextmanager
from typing import Callable, Iterator

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from .executor import SERIAL, Executor
from .models import Briefing, BriefingEntity, Entity, Related
from .salience import SALIENT, salience
from .sorting import bits, first_of_each, packed_order, stable_hash

MAX_SHARE = 0.05
MIN_COMMON_BRIEFINGS = 20
ENTITY_WEIGHT = 0.1
TEXT_WEIGHT = 0.9
WORDS_WEIGHT = 0.3
TOPICS = 50
FIT_ROWS = 5000  # the topic space is learnt from at most about this many briefings
TIME_WEIGHT = 0.3
TIME_SCALE = 30.0  # days
MIN_SCORE = 0.12  # above ENTITY_WEIGHT: no pair is related on a shared entity alone, without words in common
MIN_TEXT = 0.08  # text cosines below this are dropped before scoring (keeps products sparse)
TOP_TERMS = 40
CHUNK = 1000
WHY_COUNT = 3
SMALL_ARCHIVE = 50


def related_briefings(
    briefings: list[Briefing],
    briefing_entities: dict[str, list[BriefingEntity]],
    entities: dict[str, Entity],
    count: int = 5,
    executor: Executor = SERIAL,
    text: tuple | None = None,
) -> dict[str, list[Related]]:
    """Return up to ``count`` related briefings for each briefing, best first.

    Args:
        briefings: every briefing, in a stable order.
        briefing_entities: each briefing's resolved entities.
        entities: the canonical entities by key.
        count: how many related briefings to keep per briefing.
        executor: the worker processes to score the chunks of rows in.
        text: the briefings' text matrix, vocabulary and topics if already made (``text_matrix_ahead``).
    """
    ids = [b.id for b in briefings]
    n = len(ids)
    related: dict[str, list[Related]] = {bid: [] for bid in ids}
    if n < 2 or count <= 0:
        return related
    ent, idf, keys, about = _entity_matrix(briefings, briefing_entities, entities)
    text, vocabulary, topics = text if text is not None else _text_matrix(briefings)
    days = np.array([b.date.toordinal() for b in briefings], dtype=np.int64)
    ent_t, text_t = ent.T.tocsr(), text.T.tocsr()
    # Why, per pair: the rarest entities both are about (weight = IDF, from the unnormalised salience)
    # and the words weighing most in both texts.
    weights = sparse.diags(idf) if len(idf) else about.T @ about
    names = [entities[key].name for key in keys]
    words = [str(word) for word in vocabulary]
    # Each chunk's rows are final once the chunks before it are in: they become Related records
    # (with why, found here) while workers score the next chunks.
    for rows, cols, scores in _all_chunk_scores((ent, ent_t, text, text_t, topics, days, count), n, executor):
        shared = _top_columns(about[rows].multiply(about[cols]) @ weights)
        terms = _top_columns(text[rows].multiply(text[cols]))
        for pair, (row, col, score) in enumerate(zip(rows.tolist(), cols.tolist(), scores.tolist())):
            related[ids[row]].append(Related(id=ids[col], score=round(score, 4),
                                             shared=tuple(map(names.__getitem__, shared[pair])),
                                             terms=tuple(map(words.__getitem__, terms[pair]))))
    return related


def _top_columns(matrix) -> list[list[int]]:
    """For each row, the columns of its ``WHY_COUNT`` largest values (ties by column), vectorised."""
    matrix = sparse.csr_matrix(matrix)
    matrix.eliminate_zeros()
    matrix.sort_indices()
    lengths = np.diff(matrix.indptr)
    row_of = np.repeat(np.arange(matrix.shape[0]), lengths)
    order = np.lexsort((matrix.indices, -matrix.data, row_of))
    rank = np.arange(len(order)) - matrix.indptr[row_of[order]]
    keep = order[rank < WHY_COUNT]
    result: list[list[int]] = [[] for _ in range(matrix.shape[0])]
    for row, col in zip(row_of[keep].tolist(), matrix.indices[keep].tolist()):
        result[row].append(col)
    return result


def _entity_matrix(briefings, briefing_entities, entities):
    """Briefings x entities, weighted by salience times IDF and L2-normalised; also the IDF, the column keys,
    and the salience of the entities each briefing is about (the others zero)."""
    n = len(briefings)
    limit = max(MIN_COMMON_BRIEFINGS, int(MAX_SHARE * n))
    columns: dict[str, int] = {}
    idf: list[float] = []
    rows, cols, weights = [], [], []
    for row, briefing in enumerate(briefings):
        refs = briefing_entities.get(briefing.id, [])
        weight = None
        for item in refs:
            entity = entities[item.key]
            df = len(entity.briefing_ids)
            if df < 2 or df > limit or not entity.has_page:
                continue
            col = columns.get(item.key)
            if col is None:
                col = columns[item.key] = len(idf)
                idf.append(math.log(n / df) + 1.0)
            weight = weight or salience(briefing, refs, entities)
            rows.append(row)
            cols.append(col)
            weights.append(weight[item.key])
    idf_array = np.array(idf, dtype=np.float64)
    strength = np.array(weights, dtype=np.float64)
    matrix = sparse.csr_matrix((idf_array[cols] * strength if cols else [], (rows, cols)), shape=(n, len(idf)))
    matrix.sum_duplicates()
    about = sparse.csr_matrix((np.where(strength >= SALIENT, strength, 0.0), (rows, cols)), shape=(n, len(idf)))
    about.sum_duplicates()
    about.eliminate_zeros()
    keys = [None] * len(idf)
    for key, col in columns.items():
        keys[col] = key
    # No entity shared by two briefings (a small or varied archive): nothing to normalise, scikit-learn refuses.
    return (normalize(matrix) if idf else matrix), idf_array, keys, about


def _text_matrix(briefings):
    """Briefings x terms: TF-IDF of title and text, each row cut to its heaviest terms; the vocabulary; and each
    briefing's place in the topic space (unit rows, ``TOPICS`` columns or fewer)."""
    docs = [f"{b.title}\n{b.text}" for b in briefings]
    vectorizer = TfidfVectorizer(
        stop_words="english", sublinear_tf=True, min_df=2, dtype=np.float64,
        max_df=0.5 if len(docs) >= SMALL_ARCHIVE else 1.0,  # in a tiny archive every shared word counts
        token_pattern=r"(?u)\b[^\W\d_][\w-]{2,}\b",
    )
    try:
        matrix = vectorizer.fit_transform(docs).tocsr()
    except ValueError:  # empty vocabulary: too few or too short texts
        return sparse.csr_matrix((len(docs), 0)), np.array([], dtype=object), np.zeros((len(docs), 0))
    matrix = normalize(_keep_top(matrix, TOP_TERMS))
    return matrix, vectorizer.get_feature_names_out(), _topics(matrix, [b.id for b in briefings])


def _topics(matrix: sparse.csr_matrix, ids: list[str]) -> np.ndarray:
    """Each row's unit vector in the latent semantic space of the TF-IDF rows (seeded: the same every build).

    The space is learnt from about ``FIT_ROWS`` briefings, so its cost stays
    bounded: those whose id's hash falls in one of ``step`` classes. The
    sample thus loses or gains only the briefing that leaves or comes (a
    sample by position, every ``step``-th row, became another sample after an
    article dated in the middle of the archive, and moved every related list).
    """
    with_words = np.flatnonzero(np.diff(matrix.indptr))
    dims = min(TOPICS, len(with_words) - 1, matrix.shape[1] - 1)
    if len(with_words) < SMALL_ARCHIVE or dims < 2:  # too few texts to learn topics from
        return np.zeros((matrix.shape[0], 0), dtype=np.float32)
    from sklearn.decomposition import TruncatedSVD

    step = max(1, len(with_words) // FIT_ROWS)
    sample = [row for row in with_words.tolist() if stable_hash(ids[row]) % step == 0]
    if len(sample) <= dims:  # an unlucky draw of a small archive: all of it
        sample = with_words
    svd = TruncatedSVD(dims, algorithm="randomized", n_iter=5, random_state=0).fit(matrix[sample])
    return normalize(svd.transform(matrix)).astype(np.float32)


def without_rows(text: tuple, drop: list[int]) -> tuple:
    """``_text_matrix``'s result without the rows ``drop`` (briefings folded into another)."""
    keep = np.setdiff1d(np.arange(text[0].shape[0]), drop)
    return text[0][keep], text[1], text[2][keep]


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


@contextmanager
def text_matrix_ahead(briefings: list[Briefing], executor: Executor = SERIAL) -> Iterator[Callable[[], tuple]]:
    """Start the briefings' text matrix in a forked process; yield a function that returns it.

    The matrix reads the briefings' words alone, not their entities, so a
    spare core can make it while the caller resolves entities. In one
    process (one worker, a small archive, no fork) it is made when asked for.
    """
    with executor.background(lambda: _text_matrix(briefings), "text_matrix", len(briefings)) as text_matrix:
        yield text_matrix


def _all_chunk_scores(matrices: tuple, n: int, executor: Executor) -> Iterator[tuple]:
    """Every chunk's rows' best pairs ``(rows, cols, scores)``, in chunk order; across worker processes
    when there are several chunks.

    A pair's score is symmetric, so each chunk scores its rows against
    themselves and the rows after them only: half the products of scoring
    every row against every row. A chunk thus also finds candidates for
    later rows, and a row's best pairs are known once the chunks up to its
    own are in. Forked workers inherit the matrices instead of receiving them
    pickled and send back only a few candidates per row.
    """
    count = matrices[-1]
    starts = list(range(0, n, CHUNK))
    if not executor.fans_out("link", len(starts)):
        found = (_scores_from(start, matrices) for start in starts)
        yield from _rows_final(starts, n, count, found)
        return
    yield from _rows_final(starts, n, count, executor.map(_scores_from, starts, matrices))


def _rows_final(starts: list[int], n: int, count: int, found: Iterator[tuple]) -> Iterator[tuple]:
    """Merge the chunks' candidates (in chunk order): each chunk's rows' best ``count`` pairs, once final."""
    pending: list[tuple] = []  # candidates for rows not final yet, each part sorted by row
    for start, candidates in zip(starts, found):
        end = min(start + CHUNK, n)
        pending.append(candidates)
        parts = [(part, *np.searchsorted(part[0], [start, end])) for part in pending]
        rows, cols, scores = (np.concatenate([part[k][lo:hi] for part, lo, hi in parts]) for k in range(3))
        pending = [tuple(a[hi:] for a in part) for part, _, hi in parts if hi < len(part[0])]
        yield _best_per_row(rows, cols, scores, n, count)


def _scores_from(start: int, matrices: tuple) -> tuple:
    """Candidates from one chunk: the best ``count`` pairs of each row the chunk's rows pair with."""
    ent, ent_t, text, text_t, topics, days, count = matrices
    end = start + CHUNK
    return _chunk_scores(ent[start:end], ent_t[:, start:], text[start:end], text_t[:, start:], topics, days, start,
                         count)


def _chunk_scores(ent, ent_t, text, text_t, topics, days, offset, count):
    """The pairs of a chunk of rows (from ``offset``) with the rows from ``offset`` on, each pair once for
    each of its rows; of each row, the best ``count``: (row, col, score), by row, best first."""
    text_sim = (text @ text_t).tocoo()
    keep = (text_sim.data >= MIN_TEXT) & (text_sim.row < text_sim.col)  # each pair once, as below
    rows, cols, words = text_sim.row[keep], text_sim.col[keep], text_sim.data[keep]
    if topics.shape[1]:
        words = WORDS_WEIGHT * words + (1 - WORDS_WEIGHT) * _topic_cosines(topics, rows + offset, cols + offset)
    text_sim = sparse.csr_matrix((words, (rows, cols)), shape=text_sim.shape)
    sim = (ENTITY_WEIGHT * (ent @ ent_t) + TEXT_WEIGHT * text_sim).tocoo()
    # Each pair once (row before column); time only lowers a score, so pairs below the threshold go first.
    keep = (sim.data >= MIN_SCORE) & (sim.row < sim.col)
    rows, cols, values = sim.row[keep] + offset, sim.col[keep] + offset, sim.data[keep]
    gap = np.abs(days[rows] - days[cols]).astype(np.float64)
    values = values * (1.0 - TIME_WEIGHT + TIME_WEIGHT * np.exp(-gap / TIME_SCALE))
    keep = values >= MIN_SCORE
    rows, cols, values = rows[keep], cols[keep], values[keep]
    both = np.concatenate([rows, cols]), np.concatenate([cols, rows]), np.concatenate([values, values])
    return _best_per_row(*both, len(days), count)


def _topic_cosines(topics: np.ndarray, rows: np.ndarray, cols: np.ndarray, batch: int = 200_000) -> np.ndarray:
    """The topic-space cosine of each pair ``(rows[i], cols[i])``, in batches (bounded memory)."""
    out = np.empty(len(rows), dtype=np.float64)
    for start in range(0, len(rows), batch):
        part = slice(start, start + batch)
        out[part] = np.einsum("ij,ij->i", topics[rows[part]], topics[cols[part]])
    return np.maximum(out, 0.0)


def _best_per_row(rows, cols, values, columns: int, count: int):
    """Of pairs ``(row, col, value)``, each row's best ``count``, sorted by row, best first."""
    order = _best_first(rows, values, cols, columns)
    rows, cols, values = rows[order], cols[order], values[order]
    top = first_of_each(rows, count)
    return rows[top], cols[top], values[top]


def _best_first(rows, values, cols, columns: int):
    """The order that sorts pairs by row, then best score first (to six decimals), then column (determinism)."""
    rounded = np.rint(values * 1e6).astype(np.int64)  # the order of np.round(values, 6)
    worse = int(rounded.max(initial=0)) - rounded
    return packed_order([rows, worse, cols], [bits(rows), bits(rounded), max(columns.bit_length(), 1)])


def linked_from(related: dict[str, list[Related]], dates: dict[str, object]) -> dict[str, list[str]]:
    """Back-links: for each briefing, the briefings that list it as related, newest first."""
    back: dict[str, list[str]] = defaultdict(list)
    for source, items in related.items():
        for item in items:
            back[item.id].append(source)
    return {bid: sorted(sources, key=lambda s: (dates[s], s), reverse=True) for bid, sources in back.items()}
