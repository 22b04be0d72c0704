"""Time the archive-level link stage (duplicates, related, threads, back-links) on the full corpus.

spaCy is not run: each article's entities are its Reuters gold index terms
(places, people, orgs), so this measures the link stage alone, at full
scale, in seconds. Usage: python bench/link_scale.py [COUNT]
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.link import linked_from, related_briefings  # noqa: E402
from generator import duplicates  # noqa: E402
from generator.models import Briefing, BriefingEntity, Entity, EntityMention, Origin  # noqa: E402
from generator.threads import threads  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl.gz"


def main(count: int | None) -> None:
    briefings, refs, entities = [], {}, {}
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if count is not None and number >= count:
                break
            record = json.loads(line)
            briefing = Briefing(
                id=record["id"], date=dt.date.fromisoformat(record["date"]), title=record["title"] or "",
                title_generated=False, text=record["text"], paragraphs=[], sentences=[], mentions=[],
                summary=[], key_points=[], word_count=0, reading_minutes=0, origin=Origin("corpus", number + 1),
            )
            briefings.append(briefing)
            items = []
            for kind, type_ in (("places", "place"), ("people", "person"), ("orgs", "organisation")):
                for term in record["gold"].get(kind, []):
                    key = f"{type_}:{term}"
                    entity = entities.setdefault(key, Entity(key=key, name=term, type=type_, slug=term))
                    entity.briefing_ids.append(briefing.id)
                    items.append(BriefingEntity(key=key, mentions=[EntityMention(term, 0, 0)]))
            refs[briefing.id] = items
    if "--memory" in sys.argv: tracemalloc.start()
    begin, cpu_begin = time.perf_counter(), time.process_time()
    folding = duplicates.find_duplicates(briefings)
    start, cpu = time.perf_counter(), time.process_time()
    related = related_briefings(briefings, refs, entities, 5)
    mid, cpu_mid = time.perf_counter(), time.process_time()
    places = threads(briefings, related, entities)
    back = linked_from(related, {b.id: b.date for b in briefings})
    end = time.perf_counter()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    with_related = sum(bool(v) for v in related.values())
    print(f"{len(briefings)} briefings: duplicates {start - begin:.1f}s wall ({cpu - cpu_begin:.1f}s CPU), "
          f"{len(folding.duplicate_of)} folded; related {mid - start:.1f}s wall ({cpu_mid - cpu:.1f}s CPU), "
          f"threads+back-links {end - mid:.2f}s, "
          f"peak traced memory {peak:.0f} MiB; {with_related} have related briefings, "
          f"{len(places)} in {len({p.thread for p in places.values()})} threads, {len(back)} linked from")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else None)
