"""Measure entity resolution against the Reuters corpus' ``gold`` index terms and the seeds.

The corpus gold terms (``places``, ``people``, ``orgs``) are document-level
index codes (``west-germany``, ``reagan``, ``opec``), not mention
annotations: they give a rough recall signal (does an article indexed under
``west-germany`` show West Germany among its places?) and a type signal (is
the matched entity given the right type?). The per-article stages are cached
in the project's cache, so a second run only re-runs resolution.

Run from the repository root:

    python bench/entity_eval.py --count 1000            # gold recall on the first 1,000 articles
    python bench/entity_eval.py --count 5000 --time     # plus resolve time on 5,000

Columns: ``found``/``typed`` are the share of gold terms matched by an entity
of the article (of the right type); ``in text`` counts the gold terms whose
name the article spells out, and the last column the share of those resolved
with the right type (the fairer recall: many index terms are implied, such as
``usa`` for a US company's results table).
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import BuildReport, briefings_for  # noqa: E402
from generator.config import Config  # noqa: E402
from generator.ingest import ingest  # noqa: E402
from generator.gazetteer import common_words, demonyms, lookup_key, place_key, places  # noqa: E402
from generator.resolve import resolve  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl.gz"
GOLD_TYPES = {"places": "place", "people": "person", "orgs": "organisation"}


# Gold codes that are neither a name nor an abbreviation of one (the rest are, after ``-`` -> space).
GOLD_NAMES = {"usa": "united states", "uk": "united kingdom", "ussr": "soviet union", "worldbank": "world bank",
              "ico-coffee": "international coffee organization", "adb-africa": "african development bank",
              "adb-asia": "asian development bank", "ec": "european community"}


def entity_keys(entity) -> set[str]:
    """Every key an entity answers to: its names, their place keys, surnames (people) and acronyms."""
    found = set()
    for form in [entity.name, *entity.aliases]:
        key = lookup_key(form)
        found.add(key)
        found.add(place_key(form) or key)
        words = key.split()
        if entity.type == "person" and words:
            found.update(" ".join(words[i:]) for i in range(1, len(words)))
        if entity.type == "organisation" and len(words) > 1:
            found.add("".join(w[0] for w in words if w not in ("of", "the", "for", "and")))
    return found


def gold_keys(code: str) -> set[str]:
    """Keys a gold code may appear as: ``west-germany`` -> ``west germany``, ``usa`` -> ``united states``."""
    plain = lookup_key(GOLD_NAMES.get(code, code.replace("-", " ")))
    return {plain, place_key(plain) or plain, lookup_key(code)}


def load_slice(count: int, start: int, workdir: Path) -> tuple[Path, dict[str, dict]]:
    """Write the slice as a JSONL seed file; return it and the gold terms by article id."""
    path = workdir / f"slice-{start}-{count}.jsonl"
    gold: dict[str, dict] = {}
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle, path.open("w", encoding="utf-8") as out:
        for line in itertools.islice(handle, start, start + count):
            record = json.loads(line)
            gold[record["id"]] = record.get("gold") or {}
            out.write(line)
    return path, gold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "briefing-entity-eval"))
    parser.add_argument("--time", action="store_true", help="also time resolve() (best of 3)")
    parser.add_argument("--examples", type=int, default=0, help="print this many missed gold terms per type")
    args = parser.parse_args()

    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    path, gold = load_slice(args.count, args.start, workdir)
    config = Config(root=workdir)
    config.cache_path.mkdir(parents=True, exist_ok=True)
    ingested = ingest([path])
    started = time.perf_counter()
    briefings = briefings_for(ingested.articles, config, BuildReport(), args.jobs)
    print(f"{len(briefings)} briefings ready in {time.perf_counter() - started:.1f} s (per-article stages, cached)")

    started = time.perf_counter()
    places(), demonyms(), common_words()
    print(f"reference data loaded in {time.perf_counter() - started:.2f} s")
    timings = []
    for _ in range(3 if args.time else 1):
        started, cpu = time.perf_counter(), time.process_time()
        entities, per_briefing = resolve(briefings)
        timings.append((time.perf_counter() - started, time.process_time() - cpu))
    wall, cpu = min(timings)
    print(f"resolve: {len(entities)} entities in {wall:.2f} s wall, {cpu:.2f} s CPU (best of {len(timings)})")

    report(briefings, entities, per_briefing, gold, args.examples)


def report(briefings, entities, per_briefing, gold, examples: int) -> None:
    found = Counter()
    typed = Counter()
    total = Counter()
    explicit = Counter()  # gold terms whose name the text spells out (the rest are implied by the index)
    explicit_typed = Counter()
    missed: dict[str, Counter] = {t: Counter() for t in GOLD_TYPES.values()}
    for briefing in briefings:
        terms = gold.get(briefing.id, {})
        text = f" {lookup_key(briefing.text)} "
        names: dict[str, str] = {}
        for ref in per_briefing.get(briefing.id, []):
            entity = entities[ref.key]
            for key in entity_keys(entity):
                names.setdefault(key, entity.type)
        for field, type_ in GOLD_TYPES.items():
            for code in terms.get(field, []):
                total[type_] += 1
                spelled = [v for v in gold_keys(code) if f" {v} " in text]
                explicit[type_] += bool(spelled)
                hit = next((names[v] for v in gold_keys(code) if v in names), None)
                explicit_typed[type_] += bool(spelled) and hit == type_
                if hit is None:
                    missed[type_][code] += 1
                    continue
                found[type_] += 1
                typed[type_] += hit == type_
    print(f"{'gold':<14}{'terms':>7}{'found':>8}{'typed':>8}{'in text':>9}{'typed':>8}")
    for type_ in GOLD_TYPES.values():
        n = total[type_] or 1
        e = explicit[type_] or 1
        print(f"{type_:<14}{total[type_]:>7}{found[type_] / n:>8.1%}{typed[type_] / n:>8.1%}"
              f"{explicit[type_]:>9}{explicit_typed[type_] / e:>8.1%}")
    if examples:
        for type_, counter in missed.items():
            print(type_, "missed:", ", ".join(f"{c} ({n})" for c, n in counter.most_common(examples)))


if __name__ == "__main__":
    main()
