"""Near-duplicate articles: the same wire story re-sent, corrected or updated, folded into one briefing.

Two texts are versions of one story when they share most of their word
5-shingles (runs of five words): at least ``CONTAINED`` of the smaller
text's shingles are in the other (an update adds paragraphs to the story
it updates), and at least ``JACCARD`` of the shingles of both together are
shared, so a one-line item is not folded into a long story that quotes it. Candidates come from an inverted index on the
shingles that few texts hold (a sparse product, so the cost follows the
number of texts that share a distinctive run of words, never all pairs);
every candidate is then checked on its full shingle sets.

Versions of one story form a group; its page is the newest version (the
fullest on the same day, then the one read last) and the other versions
are folded into it. A version is folded only if it passes the test against
that page itself, so a chain of small edits never folds two stories. The
user can keep a pair apart in ``duplicates.yml`` (``load_separate``).
Near-copies left apart (two banks' identical prime-rate notices) are
kept out of each other's related lists (``without_near_copies``): a slot spent on the same text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml
from scipy import sparse

from .gazetteer import is_common_word
from .models import Briefing, BriefingEntity, Entity, Kind, Origin, Problem
from .paths import short_link, url_of
from .salience import words

SHINGLE = 5
CONTAINED = 0.8
JACCARD = 0.1
GREW = 1.25
RARE_SHARED = 0.5  # a candidate pair shares at least this share of the smaller text's rare shingles
RARE_DF = 50  # shingles held by more texts than this find no candidates (boilerplate); checks use every shingle
FILE = "duplicates.yml"
_WORD = re.compile(r"\w+")
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                 0xFF51AFD7ED558CCD], dtype=np.uint64)


@dataclass
class Folding:
    """Which briefings are folded into which: ``duplicate_of`` (folded id -> page id) and each page's versions."""

    duplicate_of: dict[str, str] = field(default_factory=dict)
    versions: dict[str, list[str]] = field(default_factory=dict)  # page id -> folded ids, newest first
    near: set[frozenset[str]] = field(default_factory=set)  # near-copies left apart (two banks' prime-rate notices)


def shingles(text: str) -> np.ndarray:
    """A text's distinct word 5-shingles as sorted 64-bit hashes (a shorter text is one shingle).

    Each word's number is a hash of the word alone, so a text's shingles
    depend on nothing else and a rebuild reuses them (``find_duplicates``' ``known``).
    """
    ids = np.array([_word_id(w) for w in _WORD.findall(text.casefold())], dtype=np.uint64)
    if not len(ids):
        return ids
    width = min(SHINGLE, len(ids))
    count = len(ids) - width + 1
    hashed = np.zeros(count, dtype=np.uint64)
    for k in range(width):
        hashed = (hashed ^ (ids[k: k + count] + np.uint64(1))) * _MIX[k]
    return np.unique(hashed)


_WORD_IDS: dict[str, int] = {}


def _word_id(word: str) -> int:
    found = _WORD_IDS.get(word)
    if found is None:
        found = _WORD_IDS[word] = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
    return found


def shared(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Of two shingle sets: the share of the smaller one in the other, and shared over both together."""
    common = len(np.intersect1d(a, b, assume_unique=True))
    smaller = min(len(a), len(b))
    if not smaller:
        return 0.0, 0.0
    return common / smaller, common / (len(a) + len(b) - common)


def is_version(a: np.ndarray, b: np.ndarray) -> bool:
    contained, jaccard = shared(a, b)
    return contained >= CONTAINED and jaccard >= JACCARD


_NAMED = (Kind.ORGANISATION, Kind.PERSON, Kind.PLACE)
_TITLE_WORD = re.compile(r"[^\W\d_]{3,}")


def same_names(a: Briefing, b: Briefing) -> bool:
    """Whether two near-copies name the same companies and people: two banks' prime-rate notices, or two
    companies' dividend notices (the names in their headlines only), share most words but not their names.

    Of each one's named entities and uncommon headline words, at least half are in the other's headline or
    text; of the shorter one's only, when the other grew by more than ``GREW`` (an update adds names).
    """
    short, long = sorted((a, b), key=lambda x: len(x.text))
    pairs = [(short, long)] if len(long.text) > GREW * len(short.text) else [(a, b), (b, a)]  # an update adds names
    for one, other in pairs:
        names = {words(m.text) for m in one.mentions if m.label in _NAMED}
        names |= {w for w in _TITLE_WORD.findall(one.title.casefold()) if not is_common_word(w)}
        seen = f" {words(other.title)} {words(other.text)} "
        if sum(f" {name} " in seen for name in names if name) * 2 < len(names):
            return False
    return True


def find_duplicates(briefings: list[Briefing], separate: set[frozenset[str]] | None = None,
                    known: list | None = None) -> Folding:
    """Fold the near-duplicates among ``briefings`` (in a stable order); ``separate`` pairs are never folded.

    ``known``: each briefing's shingles if a rebuild kept them (``None`` where not), filled in place.
    """
    known = known if known is not None else [None] * len(briefings)
    for i, briefing in enumerate(briefings):
        if known[i] is None:
            known[i] = shingles(briefing.text)
    sets = known
    separate = separate or set()
    parent = list(range(len(briefings)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    near = []
    for i, j in _candidates(sets):
        pair = frozenset((briefings[i].id, briefings[j].id))
        contained, jaccard = shared(sets[i], sets[j])
        if len(pair) < 2 or pair in separate or contained < CONTAINED:
            continue
        near.append(pair)
        if jaccard < JACCARD or not same_names(briefings[i], briefings[j]):
            continue
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = {}
    for i in range(len(briefings)):
        groups.setdefault(root(i), []).append(i)
    folding = Folding()
    for members in groups.values():
        while len(members) > 1:
            page = max(members, key=lambda i: (briefings[i].date, len(sets[i]), i))
            folded = [i for i in members if i != page and is_version(sets[i], sets[page])
                      and same_names(briefings[i], briefings[page])
                      and frozenset((briefings[i].id, briefings[page].id)) not in separate]
            for i in folded:
                folding.duplicate_of[briefings[i].id] = briefings[page].id
            if folded:
                newest = sorted(folded, key=lambda i: (briefings[i].date, len(sets[i]), i), reverse=True)
                folding.versions[briefings[page].id] = [briefings[i].id for i in newest]
            members = [i for i in members if i != page and i not in folded]
    folding.near = {pair for pair in near if pair.isdisjoint(folding.duplicate_of)}
    return folding


def without_near_copies(related: dict[str, list], near: set[frozenset[str]]) -> dict[str, list]:
    """Related lists without a briefing's near-copy that was not folded: a slot spent on the same text."""
    if not near:
        return related
    return {bid: [r for r in items if frozenset((bid, r.id)) not in near] for bid, items in related.items()}


def _candidates(sets: list[np.ndarray]) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, that may be versions of one story (``is_version`` checks them)."""
    if len(sets) < 2:
        return []
    lengths = np.array([len(s) for s in sets])
    docs = np.repeat(np.arange(len(sets)), lengths)
    hashes = np.concatenate(sets) if len(docs) else np.zeros(0, dtype=np.uint64)
    _, column, df = np.unique(hashes, return_inverse=True, return_counts=True)
    keep = (df[column] >= 2) & (df[column] <= RARE_DF)
    matrix = sparse.csr_matrix((np.ones(int(keep.sum()), dtype=np.float32), (docs[keep], column[keep])),
                               shape=(len(sets), len(df)))
    rare = np.asarray(matrix.sum(axis=1)).ravel()
    common = sparse.triu(matrix @ matrix.T, k=1).tocoo()
    # A version shares most of the smaller text's rare shingles too; and no text is a version of one over
    # 1 / JACCARD times its size.
    smaller = np.minimum(lengths[common.row], lengths[common.col])
    enough = ((common.data >= np.maximum(1.0, RARE_SHARED * np.minimum(rare[common.row], rare[common.col])))
              & (smaller >= JACCARD * np.maximum(lengths[common.row], lengths[common.col])))
    return sorted(zip(common.row[enough].tolist(), common.col[enough].tolist()))


def fold_entities(entities: dict[str, Entity], briefing_entities: dict[str, list[BriefingEntity]],
                  duplicate_of: dict[str, str]) -> dict[str, list[BriefingEntity]]:
    """Take the folded briefings out of the entities' briefings and counts; return their entities (for ``extract``).

    An entity then counts (and lists) a story once, not once per version.
    """
    if not duplicate_of:
        return {}
    folded = {bid: briefing_entities.pop(bid) for bid in duplicate_of if bid in briefing_entities}
    for refs in folded.values():
        for ref in refs:
            entities[ref.key].mention_count -= len(ref.mentions)
    for entity in entities.values():
        if any(bid in duplicate_of for bid in entity.briefing_ids):
            entity.briefing_ids = [bid for bid in entity.briefing_ids if bid not in duplicate_of]
    return folded


def fold_urls(paths: dict[str, str], redirects: dict[str, str], record: dict[str, list[str]],
              duplicate_of: dict[str, str]) -> None:
    """Point a folded briefing's URLs and short link at its story's page (in place).

    Its URLs stay in its own history in ``permalinks.json``: never given to
    another story, and its own again if the user unfolds it.
    """
    gone = {bid: paths.pop(bid) for bid in sorted(duplicate_of)}
    live = {url_of(src) for src in paths.values()}
    for bid, src in gone.items():
        for url in [*record.get(bid, []), url_of(src), short_link(bid)]:
            if url not in live:
                redirects[url] = paths[duplicate_of[bid]]


def version_items(archive, briefing_id: str) -> list[dict]:
    """The versions folded into a briefing's page, as its template lists them (newest first)."""
    return [{"id": b.id, "date": b.date.isoformat(), "title": b.title} for b in archive.versions.get(briefing_id, [])]


def load_separate(root: Path) -> tuple[set[frozenset[str]], list[Problem]]:
    """The pairs the user keeps apart, from ``duplicates.yml``: ``separate: [[id, id], ...]``.

    A missing file keeps nothing apart; a bad one is reported and ignored.
    """
    path = root / FILE
    if not path.is_file():
        return set(), []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        pairs = data.get("separate") or [] if isinstance(data, dict) else None
        if not isinstance(pairs, list) or not all(
                isinstance(p, list) and len(p) >= 2 and all(isinstance(i, (str, int)) for i in p) for p in pairs):
            raise ValueError("expected separate: a list of [id, id] pairs")
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as exc:
        return set(), [Problem(Origin(str(path)), f"{exc}; duplicates file ignored")]
    apart = set()
    for ids in pairs:
        names = [str(i) for i in ids]
        apart.update(frozenset((a, b)) for k, a in enumerate(names) for b in names[k + 1:])
    return apart, []
