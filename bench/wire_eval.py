"""Wire copy as a reader sees it, measured on a corpus slice's ``briefing extract`` output.

Three counts, each over every briefing of the slice:

- ``markup``: briefings with ``<...>`` wire markup in the headline, summary,
  key points or quotes (target 0);
- ``table_summaries``: summaries that are a results line (``Shr 10 cts vs nine
  cts``) or a listing without a lower-case word (``Sarich Technologies Trust -
  New York``) (target 0);
- ``lowered_names``: re-cased ALL-CAPS headlines with a word the article
  capitalises mid-sentence (more often than not) but the headline writes in
  lower case (target at most 0.5% of re-cased headlines).

Run: ``python bench/wire_eval.py --count 3000 [--start N]`` (runs ``extract`` on the first
N corpus lines in a temporary project), or score an existing extract with
``--extract OUT.jsonl --slice SLICE.jsonl``.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl.gz"
MARKUP = re.compile(r"<[^<>\n]{1,80}>")
RESULTS_LINE = re.compile(r"\b(?:Shr|Net|Revs?|Sales|Avg shrs|Qtly div|Oper shr)\b[^.]{0,40}?\bvs\b")
WORD = re.compile(r"[A-Za-z][\w&'-]*")


def has_markup(record: dict) -> bool:
    texts = [record["title"], record["summary"], *record["key_points"], *(q["text"] for q in record["quotes"])]
    return any(MARKUP.search(t or "") for t in texts)


def is_table_summary(summary: str) -> bool:
    return bool(summary) and (bool(RESULTS_LINE.search(summary)) and not re.search(r"\b(?:said|reported)\b", summary)
                              or not re.search(r"\b[a-z]{3,}\b", summary))


def lowered_names(title: str, body: str) -> list[str]:
    """Headline words in lower case that the body capitalises as a name more often than not.

    A capital counts mid-sentence, or at a sentence start when the next word is capitalised too
    (``Potomac Electric Power Co said``): a name, not only a sentence's first word.
    """
    body = re.sub(r"<([^<>]+)>", r"\1", body)
    forms: dict[str, Counter] = {}
    for match in WORD.finditer(body):
        word = match.group(0)
        initial = match.start() == 0 or re.search(r"(?:[.!?\"]\s*|\n\s*)$", body[max(0, match.start() - 8):match.start()])
        if initial and word[:1].isupper() and not re.match(r"[ \t]+[A-Z]", body[match.end():match.end() + 3]):
            continue
        forms.setdefault(word.lower(), Counter())[word[:1].isupper()] += 1
    out = []
    for word in title.split()[1:]:
        core = word.strip(",:;!?\"'()/.")
        for part in re.split(r"[/-]", core):
            counts = forms.get(part.lower())
            if part.islower() and counts and counts[True] > counts[False]:
                out.append(part)
    return out


def score(records: list[dict], raw: dict[str, dict]) -> dict:
    recased = lowered = 0
    examples = []
    for record in records:
        source = raw.get(record["id"])
        if not source or not source.get("title"):
            continue
        letters = [c for c in source["title"] if c.isalpha()]
        if not letters or sum(c.isupper() for c in letters) / len(letters) < 0.8:
            continue
        recased += 1
        words = lowered_names(record["title"], source["text"])
        if words:
            lowered += 1
            examples.append((record["id"], record["title"], words))
    return {
        "briefings": len(records),
        "markup": sum(has_markup(r) for r in records),
        "table_summaries": sum(is_table_summary(r["summary"]) for r in records),
        "recased_headlines": recased,
        "lowered_names": lowered,
        "lowered_share": round(lowered / recased, 4) if recased else 0.0,
        "examples": examples[:15],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--start", type=int, default=0, help="skip this many corpus lines first")
    parser.add_argument("--extract", type=Path, help="score this extract output instead of running extract")
    parser.add_argument("--slice", type=Path, help="the input the extract was made from (default: the corpus)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.slice:
            lines = args.slice.read_text(encoding="utf-8").splitlines()
        else:
            with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
                lines = list(itertools.islice(handle, args.start, args.start + args.count))
        raw = {json.loads(line)["id"]: json.loads(line) for line in lines}
        if args.extract:
            out = args.extract.read_text(encoding="utf-8")
        else:
            seed = Path(tmp) / "slice.jsonl"
            seed.write_text("".join(line if line.endswith("\n") else line + "\n" for line in lines), encoding="utf-8")
            out = subprocess.run([sys.executable, "-m", "generator", "extract", str(seed), "--project", tmp,
                                  "--jobs", "1"], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    records = [json.loads(line) for line in out.splitlines() if line.strip()]
    print(json.dumps(score(records, raw), indent=1))


if __name__ == "__main__":
    main()
