"""Score related briefings, story threads and duplicate folding by the corpus' gold topic codes.

On a slice of the Reuters corpus (real spaCy entities, per-article stages
cached in the project), in one run:

- related: the share of related briefings that share a topic code with
  their briefing (briefings with topic codes only), against the anchor of
  plain TF-IDF cosine over the same texts listing as many for each;
- threads: the share of consecutive briefings of a thread that share a topic code;
- duplicates: pairs of texts sharing at least 80% of their word 5-shingles
  (of the smaller text), how many are folded, related lists that hold their
  own briefing's duplicate, and folded pairs sharing under half their shingles;
- the archive stages' seconds (resolve, link, threads, duplicates).

Run from the repository root (PYTHONPATH at the code to measure):

    python bench/link_eval.py --count 3000
    python bench/link_eval.py --count 3000 --start 9000    # a held-out slice
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402

from generator import duplicates  # noqa: E402
from generator.build import BuildReport, build_archive, briefings_for  # noqa: E402
from generator.config import Config  # noqa: E402
from generator.ingest import ingest  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--start", type=int, default=0, help="corpus lines to skip (a held-out slice)")
    parser.add_argument("--project", default="/tmp/link-eval", help="where the slice and its cache live")
    args = parser.parse_args()
    root = Path(args.project) / (f"{args.start}+{args.count}" if args.start else str(args.count))
    seeds = root / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    slice_file = seeds / "slice.jsonl"
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        lines = list(itertools.islice(handle, args.start, args.start + args.count))
    if not slice_file.exists() or slice_file.read_text(encoding="utf-8") != "".join(lines):
        slice_file.write_text("".join(lines), encoding="utf-8")
    topics = {record["id"]: set(record["gold"].get("topics", [])) for record in map(json.loads, lines)}
    config = Config(root=root, jobs=1)
    report = BuildReport()
    briefings = briefings_for(ingest([slice_file]).articles, config, report, jobs=1)
    start = time.perf_counter()
    archive = build_archive(briefings, config, report, published={}, jobs=1)
    total = time.perf_counter() - start
    folded = getattr(archive, "duplicate_of", {})
    shown = [b for b in briefings if b.id not in folded]
    print(f"{len(briefings)} briefings, {len(folded)} folded; archive stages {total:.2f}s: "
          + ", ".join(f"{k} {v:.2f}s" for k, v in sorted(report.timings.items()) if k in STAGES))
    related = {bid: [r.id for r in items] for bid, items in archive.related.items()}
    print("related on-topic: {:.3f} ({} listed); plain TF-IDF cosine listing as many: {:.3f}".format(
        *on_topic(related, topics), on_topic(tfidf_lists(shown, related), topics)[0]))
    print("thread neighbours sharing a topic: {:.3f} of {} pairs with codes; {} threads".format(
        *thread_score(archive.threads, topics), len({p.thread for p in archive.threads.values()})))
    duplicate_report(briefings, folded, related)


STAGES = ("resolve", "link", "threads", "duplicates")


def on_topic(related: dict[str, list[str]], topics: dict[str, set[str]]) -> tuple[float, int]:
    """Share of listed briefings sharing a topic code with their briefing (briefings with codes only)."""
    hits = listed = 0
    for bid, items in related.items():
        if not topics.get(bid):
            continue
        listed += len(items)
        hits += sum(bool(topics[bid] & topics.get(other, set())) for other in items)
    return hits / max(listed, 1), listed


def tfidf_lists(briefings, related: dict[str, list[str]]) -> dict[str, list[str]]:
    """For each briefing, as many others as its related list holds, by plain TF-IDF cosine."""
    ids = [b.id for b in briefings]
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [f"{b.title}\n{b.text}" for b in briefings])
    result = {}
    for start in range(0, len(ids), 500):
        sims = (matrix[start: start + 500] @ matrix.T).toarray()
        for offset, row in enumerate(sims):
            bid = ids[start + offset]
            row[start + offset] = -1
            want = len(related.get(bid, []))
            result[bid] = [ids[c] for c in np.argsort(-row, kind="stable")[:want]]
    return result


def thread_score(places, topics) -> tuple[float, int]:
    """Share of consecutive briefings of a thread sharing a topic code (pairs where both have codes)."""
    pairs = [(bid, place.next) for bid, place in places.items() if place.next and topics.get(bid) and topics.get(place.next)]
    shared = sum(bool(topics.get(a, set()) & topics.get(b, set())) for a, b in pairs)
    return shared / max(len(pairs), 1), len(pairs)


def duplicate_report(briefings, folded: dict[str, str], related: dict[str, list[str]]) -> None:
    sets = {b.id: duplicates.shingles(b.text) for b in briefings}
    index = defaultdict(list)
    for bid, hashes in sets.items():
        for h in hashes.tolist():
            index[h].append(bid)
    common: dict[tuple[str, str], int] = defaultdict(int)
    for holders in index.values():
        if len(holders) <= 200:
            for a, b in itertools.combinations(sorted(holders), 2):
                common[a, b] += 1
    pairs = [(a, b) for (a, b), n in common.items() if n / min(len(sets[a]), len(sets[b])) >= 0.8]
    page = {bid: folded.get(bid, bid) for bid in sets}
    together = sum(page[a] == page[b] for a, b in pairs)
    groups = defaultdict(set)
    for a, b in pairs:
        groups[a].add(b)
        groups[b].add(a)
    own = sum(any(other in groups.get(bid, ()) or page.get(other) == page.get(bid) for other in items)
              for bid, items in related.items())
    overlaps = [duplicates.shared(sets[a], sets[b]) for a, b in folded.items()]
    print(f"near-duplicate pairs (>=80% of the smaller's shingles): {len(pairs)}, folded together: {together} "
          f"({together / max(len(pairs), 1):.3f}); related lists holding their own duplicate: {own}; "
          f"folded pairs sharing under half the smaller's shingles: {sum(c < 0.5 for c, _ in overlaps)}, "
          f"under half of both together (an update that grew): {sum(j < 0.5 for _, j in overlaps)}")


if __name__ == "__main__":
    main()
