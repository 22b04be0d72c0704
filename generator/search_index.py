"""The archive's search index, in small static files: a query's download does not grow with the archive.

Material's index is one file of every page (about 5 KB a page); Pagefind's
chunks are small, but every Pagefind query first fetches a list of every
page (about 7 bytes a page) and a common word's whole posting list. Here a
query fetches, whatever the number of briefings:

- ``index.json``: the number of briefings, the stop words and the first word
  and file of each shard (about 20 bytes a shard: it grows with the
  vocabulary, which grows far slower than the archive);
- one shard per query word, ``s/<hash>.json``: about ``SHARD_BYTES`` of
  words in sorted order (so a prefix finds its words), each with its
  briefing count and its best ``FIRST`` postings, best first;
- the briefings shown, ``GROUP`` slots (about half of them full) to a file, ``d/G.json`` (entities'
  pages ``e/G.json``): URL, title, date and summary.

The rest of a common word's postings is in pages of about ``PAGE``,
``p/<hash>.json``, fetched only when a reader asks for more results. A
posting's weight is BM25's term-frequency part, measured against a fixed
article length, so it depends on its own briefing alone: the browser
multiplies it by the word's rarity.

Adding or removing a briefing changes only the files of its own words, so
a rebuild after one new article rewrites a few hundred small files, not
the index (and browsers keep the rest cached). That takes three choices:

- a briefing's number does not depend on the others: its day (days since
  ``EPOCH``) times ``slots``, plus its slot in that day's table, found by a
  hash of its URL (``_slots``); an entity's is ``ENTITY_BASE`` plus its slot
  in the entities' table. A number changes only when its day's table (or
  the entities') doubles, or the busiest day's does (``slots``);
- a shard ends where a word's hash says so, a posting page where a
  briefing's number's hash says so (content-defined chunking), so one new
  posting changes its own shard and page and not every one after it;
- shards and posting pages are named by a hash of their content.

The tokenizer is mirrored in ``assets/javascripts/chunked-search.js``:
lower case, accents removed (NFKD, marks dropped), runs of letters and
digits, stop words and one-letter words dropped, a plural ``s`` removed;
initials with dots (``U.S.``) make one word more (``u.s``).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np

from .sorting import bits, packed_order, stable_hash

FOLDER = "search-index"
SHARD_BYTES = 12_000  # a shard's size on average...
SHARD_MAX = 32_000  # ...and at most
FIRST = 48
PAGE = 400  # postings a page holds on average...
PAGE_MIN, PAGE_MAX = 100, 1000  # ...at least (but the last) and at most
GROUP = 32  # slots a file of briefings (or entities) holds: about 16 of them, at the tables' load
LOAD = 1.5  # a table has at least this many slots per briefing (collisions stay rare and local)
EPOCH = date(1900, 1, 1).toordinal()  # day 0 of briefings' numbers (earlier days are negative)
ENTITY_BASE = 1 << 40  # entities' numbers start here, above every briefing's (JavaScript's numbers are exact to 2**53)
EXCERPT_CHARS = 240
K1, B = 1.2, 0.75
AVERAGE_TERMS = 250  # words kept in a typical news article, stop words left out
TITLE_WEIGHT = 3
MAX_WORD = 24
WORD = re.compile(r"[^\W_]+")
# Initials with dots (U.S., U.K., J.P.): one word "u.s", which one-letter words could not find.
INITIALS = re.compile(r"(?<![^\W_])(?:[^\W\d_]\.)+[^\W\d_](?![^\W_])")


@dataclass
class SearchDoc:
    """One briefing as the index lists it."""

    url: str
    title: str
    date: str
    summary: str
    terms: tuple[str, bytes]  # its words and their weights, from document_terms


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """The project's stop words, folded as the index folds text (shipped to the browser in ``index.json``)."""
    from .stop_words import STOP_WORDS

    return frozenset(fold(word) for word in STOP_WORDS if WORD.fullmatch(fold(word)))


def fold(text: str) -> str:
    """Lower case without accents: the same in Python and in the browser."""
    text = unicodedata.normalize("NFKD", text.lower())
    if text.isascii():
        return text
    return "".join(c for c in text if not unicodedata.category(c).startswith("M"))


def stem(word: str) -> str:
    """A plural's singular, roughly ("companies" -> "company", "prices" -> "price"); mirrored in the browser."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _kept(word: str, stop: frozenset[str]) -> bool:
    return 1 < len(word) <= MAX_WORD and word not in stop and not (word.isdigit() and len(word) > 4)


_KEYS: dict[str, str | None] = {}  # each word seen: its index word, or None if it is not indexed
_UNSEEN = object()
MAX_KEYS = 1_000_000


def document_terms(title: str, text: str) -> tuple[str, bytes]:
    """A briefing's words with their weights (1-255): BM25's term-frequency part, title words counted thrice.

    Words are counted first (in C, by ``Counter``) and then filtered, so the
    Python work is per distinct word, not per word of the article. They come
    packed, the sorted words joined by spaces and their weights as bytes
    (``term_pairs`` unpacks them): a rebuild reads every briefing's words from
    the memo as two objects a briefing rather than a million tuples (0.5 s).
    """
    counts: dict[str, int] = {}
    length = 0
    keys = _KEYS if len(_KEYS) < MAX_KEYS else _KEYS.clear() or _KEYS
    for source, factor in ((text, 1), (title, TITLE_WEIGHT)):
        folded = fold(source)
        for word, n in Counter(WORD.findall(folded) + INITIALS.findall(folded)).items():
            key = keys.get(word, _UNSEEN)
            if key is _UNSEEN:
                key = keys[word] = (word if "." in word else stem(word)) if _kept(word, stop_words()) else None
            if key is not None:
                length += n
                counts[key] = counts.get(key, 0) + n * factor
    norm = K1 * (1 - B + B * length / AVERAGE_TERMS)
    ordered = sorted(counts)
    return " ".join(ordered), bytes(max(1, round(255 * counts[word] / (counts[word] + norm))) for word in ordered)


def term_pairs(terms: tuple[str, bytes]) -> list[tuple[str, int]]:
    """``document_terms`` unpacked: ``(word, weight)`` in word order."""
    words, weights = terms
    return list(zip(words.split(" "), weights)) if weights else []


def _utf16(word: str) -> bytes:
    return word.encode("utf-16-be")  # the browser compares strings by UTF-16 code unit


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _key(*parts: object) -> str:
    """A file's name from its content: a file whose content is unchanged keeps its name (and browsers' caches)."""
    return hashlib.blake2b(_dump(parts).encode("utf-8"), digest_size=6).hexdigest()


def _words_per_shard(costs: list[int]) -> int:
    """How many words a shard holds on average: a power of two, so it changes only when the average
    word's entry doubles or halves in size."""
    average = sum(costs) / max(1, len(costs))
    return 1 << max(0, round(math.log2(max(1.0, SHARD_BYTES / max(1.0, average)))))


ENTITY_LABELS = {"person": "Person", "place": "Place", "organisation": "Organisation"}


def entity_docs(archive, entity_src: dict[str, str]) -> list[SearchDoc]:
    """The entities with a page, as the index lists them: found by name and alias, the name counted as a title.

    A name is a few words, so each weighs near the top (BM25's length
    part), and the browser puts an entity matching every word of the query
    first (``index.json``'s ``entities`` says where they start).
    """
    from .paths import url_of

    docs = []
    for key in sorted(entity_src, key=lambda k: (entity_src[k], k)):
        entity = archive.entities[key]
        aliases = sorted({a for a in entity.aliases if a != entity.name})
        count = len(entity.briefing_ids)
        about = f"{ENTITY_LABELS.get(entity.type, entity.type.title())} · {count} briefing{'s' if count != 1 else ''}"
        if aliases:
            about += " · also written as " + ", ".join(aliases)
        docs.append(SearchDoc(url_of(entity_src[key]), entity.name, "", about,
                              document_terms(entity.name, " ".join(aliases))))
    return docs


def build(docs: list[SearchDoc], entities: list[SearchDoc] = ()) -> dict[str, str]:
    """Every file of the index, by path under the docs folder: the briefings ``docs`` (dated) and the
    entities with a page (``entity_docs``), each numbered by ``_numbers``.

    A shard ends where a word's hash says so (about every ``_words_per_shard``
    words), not where the bytes add up, so a word's new postings change its
    own shard and not every shard after it; a shard past ``SHARD_MAX`` bytes
    ends early. Shards and posting pages are named by a hash of their
    content, so a file that did not change keeps its name.
    """
    numbers, slots = _numbers(docs, entities)
    every = [*docs, *entities]
    words, bounds, postings = _postings(every, numbers)
    files: dict[str, str] = {}
    entries = []
    for index, word in enumerate(words):
        flat = postings[2 * bounds[index]: 2 * bounds[index + 1]]
        count = bounds[index + 1] - bounds[index]
        entry = [word, count, flat[: 2 * FIRST].tolist()]
        if count > FIRST:
            entry.append([])
            for page in _pages(flat[2 * FIRST:]):
                key = _key(word, page)
                files[f"{FOLDER}/p/{key}.json"] = _dump(page)
                entry[3].append(key)
        text = _dump(entry)  # once: a shard is its entries' texts joined, as _dump would write the list
        entries.append((word, text, len(text.encode("utf-8")) + 1))
    shards = _shards(entries, files)
    files.update(_doc_files(every, numbers))
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(files):
        if path.startswith((f"{FOLDER}/d/", f"{FOLDER}/e/")):
            digest.update(path.encode("utf-8") + b"\0" + files[path].encode("utf-8") + b"\0")
    files[f"{FOLDER}/index.json"] = _dump({
        "format": 2, "version": digest.hexdigest(), "docs": len(every), "briefings": len(docs),
        "entities": ENTITY_BASE, "slots": slots, "first": FIRST, "group": GROUP,
        "stop": sorted(stop_words(), key=_utf16), "shards": shards}) + "\n"
    return files


def _shards(entries: list[tuple[str, str, int]], files: dict[str, str]) -> list[list[str]]:
    """Cut the words' entries (in order) into shards, written to ``files``: ``[first word, file key]`` each."""
    every = _words_per_shard([cost for _, _, cost in entries])
    shards: list[list[str]] = []
    shard: list[str] = []
    first = ""
    size = 0

    def close() -> None:
        text = "[" + ",".join(shard) + "]"
        key = _key(text)
        files[f"{FOLDER}/s/{key}.json"] = text
        shards.append([first, key])

    for word, text, cost in entries:
        if shard and (zlib.crc32(word.encode("utf-8")) % every == 0 or size + cost > SHARD_MAX):
            close()
            shard, size = [], 0
        if not shard:
            first = word
        shard.append(text)
        size += cost
    if shard:
        close()
    return shards


def _numbers(docs: list[SearchDoc], entities: list[SearchDoc]) -> tuple[np.ndarray, int]:
    """Each document's number (briefings', then entities'), and the slots of a day.

    A briefing's number is its day's (days since ``EPOCH``) times the
    slots of a day, plus its slot in its day's table; an entity's is
    ``ENTITY_BASE`` plus its slot in the entities' table. So numbers grow
    with the date (the browser shows the newest first among equals), and
    one briefing more or less leaves every other number as it was.
    """
    days: dict[int, list[int]] = {}
    for index, doc in enumerate(docs):
        days.setdefault(date.fromisoformat(doc.date).toordinal() - EPOCH, []).append(index)
    tables = {day: _slots([docs[i].url for i in members]) for day, members in days.items()}
    slots = max((size for size, _ in tables.values()), default=GROUP)
    numbers = np.zeros(len(docs) + len(entities), dtype=np.int64)
    for day, members in days.items():
        numbers[members] = [day * slots + slot for slot in tables[day][1]]
    table = _slots([doc.url for doc in entities])
    numbers[len(docs):] = ENTITY_BASE + np.array(table[1], dtype=np.int64)
    return numbers, slots


def _slots(keys: list[str]) -> tuple[int, list[int]]:
    """A table for ``keys`` (a power of two of slots, at least ``LOAD`` a key and ``GROUP``), and each key's
    slot in it: the first free one from its hash on (wrapping), filled in the order of (hash, key).

    The slots are a function of the set of keys, and a key more or less moves
    only the keys of its run of full slots, which stay short at this load.
    """
    size = max(GROUP, 1 << math.ceil(math.log2(max(1.0, LOAD * len(keys)))))
    home = [stable_hash(key) % size for key in keys]
    taken = bytearray(size)
    slot = [0] * len(keys)
    for index in sorted(range(len(keys)), key=lambda i: (home[i], keys[i])):
        at = home[index]
        while taken[at]:
            at = (at + 1) % size
        taken[at] = 1
        slot[index] = at
    return size, slot


def _doc_files(docs: list[SearchDoc], numbers: np.ndarray) -> dict[str, str]:
    """The files of the documents shown in results: ``d/G.json`` for briefings, ``e/G.json`` for entities,
    each the ``GROUP`` slots from ``G * GROUP`` (an empty slot is null, trailing ones are left out)."""
    groups: dict[tuple[str, int], dict[int, list[str]]] = {}
    for doc, number in zip(docs, numbers.tolist()):
        folder, slot = ("e", number - ENTITY_BASE) if number >= ENTITY_BASE else ("d", number)
        groups.setdefault((folder, slot // GROUP), {})[slot % GROUP] = \
            [doc.url, doc.title, doc.date, excerpt(doc.summary)]
    files = {}
    for (folder, group), members in groups.items():
        files[f"{FOLDER}/{folder}/{group}.json"] = _dump([members.get(i) for i in range(max(members) + 1)])
    return files


def _pages(rest: np.ndarray) -> list[list[int]]:
    """A word's postings after its first ``FIRST`` (flat: briefing, weight...) cut into pages: a page ends
    after a briefing whose number's hash says so (between ``PAGE_MIN`` and ``PAGE_MAX`` postings), so a
    posting more or less changes its own page, not every page after it."""
    numbers = rest[0::2].astype(np.uint64)
    mixed = (numbers * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(40)  # Fibonacci hashing: the high bits mix
    ends = np.flatnonzero((mixed % np.uint64(PAGE - PAGE_MIN)) == 0) + 1  # a page may end after these
    cuts, start = [], 0
    for end in [*ends.tolist(), len(numbers)]:
        while end - start > PAGE_MAX:
            start += PAGE_MAX
            cuts.append(start)
        if end - start >= PAGE_MIN or end == len(numbers):
            cuts.append(end)
            start = end
    return [rest[2 * a: 2 * b].tolist() for a, b in zip([0, *cuts], cuts) if b > a]


def _postings(docs: list[SearchDoc], numbers: np.ndarray) -> tuple[list[str], list[int], np.ndarray]:
    """Every word's postings: ``(words, bounds, postings)``, words in the browser's order; word ``i``'s are
    ``postings[2 * bounds[i]: 2 * bounds[i + 1]]``, as number, weight, number, weight... best weight
    first, then the newest (highest number). Sorted as arrays: a Python list per word took most of the build."""
    weights = np.frombuffer(b"".join(doc.terms[1] for doc in docs), dtype=np.uint8).astype(np.int64)
    if not len(weights):
        return [], [0], np.zeros(0, dtype=np.int64)
    each = np.repeat(numbers, [len(doc.terms[1]) for doc in docs])
    joined = " ".join(doc.terms[0] for doc in docs if doc.terms[1]).split(" ")
    words = sorted(set(joined), key=_utf16)
    rank = {word: i for i, word in enumerate(words)}
    ranks = np.fromiter(map(rank.__getitem__, joined), dtype=np.int64, count=len(joined))
    _, newness = np.unique(-each, return_inverse=True)  # 0 for the highest number
    order = packed_order([ranks, 255 - weights, newness], [bits(ranks), 8, bits(newness)])
    postings = np.empty(2 * len(order), dtype=np.int64)
    postings[0::2], postings[1::2] = each[order], weights[order]
    return words, np.searchsorted(ranks[order], np.arange(len(words) + 1)).tolist(), postings


def excerpt(summary: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of a summary, cut at a word."""
    if len(summary) <= limit:
        return summary
    cut = summary.rfind(" ", 0, limit)
    return summary[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + "…"

