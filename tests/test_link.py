"""Related briefings, story threads and back-links: on the seeds and on real corpus text."""

from __future__ import annotations


import numpy as np

from generator import link as link_module
from generator.executor import Executor
from generator.link import related_briefings
from generator.models import Entity
from generator.threads import threads
from support import corpus_archive, make_briefing


def test_seed_briefings_are_related_with_a_reason_and_threaded(seed_archive):
    ids = sorted(b.id for b in seed_archive.briefings)
    first, second = ids
    (rel,) = seed_archive.related[first]
    assert rel.id == second and "Bakhmut" in rel.shared
    assert seed_archive.linked_from[second] == [first]
    place = seed_archive.threads[first]
    assert place.name == "Bakhmut"
    assert (place.previous, place.next, place.position, place.size) == (None, second, 1, 2)
    assert seed_archive.threads[second].previous == first and seed_archive.threads[second].next is None


def test_chunked_sparse_top_k_equals_a_dense_reference(monkeypatch):
    briefings, refs, entities = corpus_archive(600)
    monkeypatch.setattr(link_module, "CHUNK", 97)
    related = related_briefings(briefings, refs, entities, 5)
    ids = [b.id for b in briefings]
    ent, _, _, _ = link_module._entity_matrix(briefings, refs, entities)
    text, _, topics = link_module._text_matrix(briefings)
    dense_text = (text @ text.T).toarray()
    candidates = dense_text >= link_module.MIN_TEXT
    assert topics.shape == (600, link_module.TOPICS)
    topic_cosine = np.maximum(topics.astype(np.float64) @ topics.T.astype(np.float64), 0)
    dense_text = np.where(candidates, link_module.WORDS_WEIGHT * dense_text
                          + (1 - link_module.WORDS_WEIGHT) * topic_cosine, 0)
    score = link_module.ENTITY_WEIGHT * (ent @ ent.T).toarray() + link_module.TEXT_WEIGHT * dense_text
    days = np.array([b.date.toordinal() for b in briefings])
    gap = np.abs(days[:, None] - days[None, :])
    score *= 1 - link_module.TIME_WEIGHT + link_module.TIME_WEIGHT * np.exp(-gap / link_module.TIME_SCALE)
    np.fill_diagonal(score, 0)
    checked = 0
    for row, bid in enumerate(ids):
        expected = [ids[c] for c in np.argsort(-score[row], kind="stable")[:5] if score[row, c] >= link_module.MIN_SCORE]
        got = [r.id for r in related[bid]]
        assert len(got) == len(expected)
        assert np.allclose([score[row, ids.index(g)] for g in got], [score[row, ids.index(e)] for e in expected], atol=1e-4)
        checked += bool(got)
    assert checked > 500


def test_chunks_scored_in_worker_processes_give_exactly_the_serial_result(monkeypatch):
    briefings, refs, entities = corpus_archive(600)
    monkeypatch.setattr(link_module, "CHUNK", 97)
    assert related_briefings(briefings, refs, entities, 5, Executor(2)) == related_briefings(briefings, refs, entities, 5)


def test_each_pair_scored_once_gives_the_same_links_whatever_the_chunks(monkeypatch):
    """A chunk scores its rows against later rows only and hands later rows candidates: merging them must not
    depend on where chunks end (one chunk of everything scores every pair in one product)."""
    briefings, refs, entities = corpus_archive(600)
    monkeypatch.setattr(link_module, "CHUNK", 10_000)
    whole = related_briefings(briefings, refs, entities, 5)
    monkeypatch.setattr(link_module, "CHUNK", 97)
    assert sum(map(len, whole.values())) > 1500
    assert related_briefings(briefings, refs, entities, 5) == whole


def test_text_matrix_made_ahead_in_a_worker_gives_exactly_the_serial_links(monkeypatch):
    briefings, refs, entities = corpus_archive(600)
    with link_module.text_matrix_ahead(briefings, Executor(2, thresholds={"text_matrix": 100})) as ahead:
        matrix, vocabulary, topics = ahead()
    serial, serial_vocabulary, serial_topics = link_module._text_matrix(briefings)
    assert matrix.nnz > 5000 and (matrix != serial).nnz == 0
    assert list(vocabulary) == list(serial_vocabulary) and (topics == serial_topics).all()
    assert (related_briefings(briefings, refs, entities, 5, text=(matrix, vocabulary, topics))
            == related_briefings(briefings, refs, entities, 5))


def test_related_reasons_and_threads_on_corpus_slice():
    briefings, refs, entities = corpus_archive(1000)
    related = related_briefings(briefings, refs, entities, 5)
    by_id = {b.id: b for b in briefings}
    with_reason = [r for items in related.values() for r in items if r.shared or r.terms]
    assert len(with_reason) == sum(len(v) for v in related.values()) > 2000
    places = threads(briefings, related, entities)
    assert places
    for bid, place in places.items():
        if place.next:
            assert places[place.next].previous == bid
            assert (by_id[bid].date, bid) < (by_id[place.next].date, place.next)
        assert place.size <= 60


def test_a_thread_never_fuses_two_stories():
    from generator.models import Related

    a, b, c = (make_briefing(i, d, i) for i, d in (("a", "2023-01-01"), ("b", "2023-01-05"), ("c", "2023-01-09")))
    entities = {name: Entity(key=name, name=name, type="place", slug=name.lower(), briefing_ids=ids)
                for name, ids in (("Bakhmut", ["a", "b"]), ("Geneva", ["b", "c"]))}
    related = {"a": [Related("b", 0.6, ("Bakhmut",))], "b": [Related("a", 0.6, ("Bakhmut",)), Related("c", 0.5, ("Geneva",))],
               "c": [Related("b", 0.5, ("Geneva",))]}
    places = threads([a, b, c], related, entities)
    assert places["a"].next == "b" and places["b"].previous == "a" and places["b"].next is None
    assert places["a"].name == "Bakhmut" and "c" not in places
    weak = {k: [Related(r.id, 0.1, r.shared) for r in v] for k, v in related.items()}
    assert threads([a, b, c], weak, entities) == {}


def test_pairs_packed_into_one_sort_key_sort_like_three_keys():
    rng = np.random.default_rng(7)
    rows = rng.integers(0, 50, 5000)
    values = rng.choice([0.08, 0.1, 0.1000004, 0.25, 0.5, 0.9999999], 5000) + rng.integers(0, 2, 5000) * 1e-7
    cols = rng.permutation(20000)[:5000]
    expected = np.lexsort((cols, -np.round(values, 6), rows))
    assert (link_module._best_first(rows, values, cols, 20000) == expected).all()
    assert (link_module._best_first(rows, values, cols, 1 << 40) == expected).all()  # too wide to pack: lexsort
