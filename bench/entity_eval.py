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
from generator.resolve import resolve  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl.gz"
GOLD_TYPES = {"places": "place", "people": "person", "orgs": "organisation"}


def gold_variants(code: str) -> set[str]:
    """Names a gold code may appear as: ``west-germany`` -> ``west germany``; ``ussr`` as is."""
    plain = code.replace("-", " ")
    return {plain, code}


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

    timings = []
    for _ in range(3 if args.time else 1):
        started = time.perf_counter()
        entities, per_briefing = resolve(briefings)
        timings.append(time.perf_counter() - started)
    print(f"resolve: {len(entities)} entities in {min(timings):.2f} s (best of {len(timings)})")

    report(briefings, entities, per_briefing, gold, args.examples)


def report(briefings, entities, per_briefing, gold, examples: int) -> None:
    found = Counter()
    typed = Counter()
    total = Counter()
    missed: dict[str, Counter] = {t: Counter() for t in GOLD_TYPES.values()}
    for briefing in briefings:
        terms = gold.get(briefing.id, {})
        names: dict[str, str] = {}
        for ref in per_briefing.get(briefing.id, []):
            entity = entities[ref.key]
            for form in [entity.name, *entity.aliases]:
                names.setdefault(form.casefold(), entity.type)
        for field, type_ in GOLD_TYPES.items():
            for code in terms.get(field, []):
                total[type_] += 1
                hit = next((names[v] for v in gold_variants(code) if v in names), None)
                if hit is None:
                    missed[type_][code] += 1
                    continue
                found[type_] += 1
                typed[type_] += hit == type_
    print(f"{'gold':<14}{'terms':>7}{'found':>8}{'typed':>8}")
    for type_ in GOLD_TYPES.values():
        n = total[type_] or 1
        print(f"{type_:<14}{total[type_]:>7}{found[type_] / n:>8.1%}{typed[type_] / n:>8.1%}")
    if examples:
        for type_, counter in missed.items():
            print(type_, "missed:", ", ".join(f"{c} ({n})" for c, n in counter.most_common(examples)))


if __name__ == "__main__":
    main()
