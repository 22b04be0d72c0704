"""Write generator/data/entity_model.json: the learnt check on entity types, from CoNLL-2003 train (never dev).

The train documents go through the pipeline as one archive (spaCy, then
resolution up to the rules' types); each resulting group is labelled with
what the gold annotation calls its mentions in each document (PER, LOC, ORG,
or nothing), and a logistic regression learns ``entity_model.features`` ->
label. Only the weights are committed; the text stays in ../shared/eval.

    python scripts/make_entity_model.py [../shared/eval/conll2003_train.jsonl] [--cache DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD_TYPES = {"PER": "person", "LOC": "place", "ORG": "organisation"}
SPORTS = re.compile(r"^(?:SOCCER|CRICKET|RUGBY|NHL|GOLF|NBA|BASKETBALL|BADMINTON|SQUASH|NFL|NCAA|TENNIS|FREESTYLE|"
                    r"ATHLETICS|BOXING|CYCLING|MOTOR|ALPINE|SKIING|BASEBALL|MLB|HORSE|SWIMMING)")  # as the scorer's
REGULARISATION = 0.5  # inverse strength (scikit-learn's C): a few thousand groups, two dozen features


def surface(text: str) -> str:
    """A surface form as the CoNLL scorer compares them (no ``the``, possessive or final full stop; lower case)."""
    text = re.sub(r"^the\s+", "", text.strip(), flags=re.I)
    text = re.sub(r"['’]s$", "", text)
    return re.sub(r"\s+", " ", re.sub(r"\.$", "", text)).lower()


def briefings_of(gold: list[dict], cache: Path):
    """The gold documents as briefings, analysed as ``briefing extract`` would (cached under ``cache``)."""
    from generator.build import BuildReport, briefings_for
    from generator.config import Config
    from generator.ingest import ingest

    cache.mkdir(parents=True, exist_ok=True)
    articles = cache / "articles.jsonl"
    articles.write_text("".join(json.dumps({"id": d["id"], "date": "1996-08-30", "text": d["text"]}) + "\n"
                                for d in gold), encoding="utf-8")
    result = ingest([articles])
    return briefings_for(result.articles, Config(root=cache), BuildReport(), 1)


def examples(gold: list[dict], briefings) -> tuple[list[dict], list[str], list[float]]:
    """One example per group of the archive: its features, its gold label by majority and how many document
    mentions back it."""
    from generator.entities_overrides import Overrides
    from generator.entity_model import NONE, features
    from generator.entity_typing import canonical_name, is_no_entity
    from generator.resolve import _combine, archive_groups, group_mentions, rule_type

    groupings = [group_mentions(b) for b in briefings]
    keys, types, root, groups = archive_groups(groupings, Overrides())
    labels: dict[str, Counter] = {}
    gold_of = {d["id"]: {surface(e["text"]): GOLD_TYPES.get(e["type"], NONE) for e in d["entities"]} for d in gold}
    for briefing, grouping in zip(briefings, groupings, strict=True):
        known = gold_of[briefing.id]
        for key, mentions in grouping.mentions.items():
            for text in {surface(m.text) for m in mentions}:
                labels.setdefault(root(key), Counter())[gold_type(text, known)] += 1
    rows, ys, weights = [], [], []
    for r, members in groups.items():
        info = _combine([keys[m] for m in members])
        if not info.forms or r not in labels:
            continue
        rule = None if is_no_entity(info) else rule_type(r, members, info, types)
        label, n = labels[r].most_common(1)[0]
        rows.append(features(info, canonical_name(info.forms), rule))
        ys.append(label)
        weights.append(float(sum(labels[r].values())))
    return rows, ys, weights


def gold_type(text: str, known: dict[str, str]) -> str:
    """The gold type of a surface form in its document: of the same span, else of a gold span it is part of or
    that is part of it (a span cut too short or too long still names a thing of that type), else none."""
    if text in known:
        return known[text]
    padded = f" {text} "
    for name, type_ in known.items():
        if type_ != "none" and (f" {name} " in padded or padded in f" {name} "):
            return type_
    return "none"


def fit(rows: list[dict], ys: list[str], weights: list[float]) -> dict:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectoriser = DictVectorizer(sparse=False)
    matrix = vectoriser.fit_transform(rows)
    regression = LogisticRegression(C=REGULARISATION, max_iter=2000)
    regression.fit(matrix, ys, sample_weight=weights)
    names = vectoriser.get_feature_names_out()
    return {
        "classes": [str(c) for c in regression.classes_],
        "bias": {str(c): round(float(b), 4) for c, b in zip(regression.classes_, regression.intercept_)},
        "weights": {str(c): {str(n): round(float(w), 4) for n, w in zip(names, ws) if abs(w) >= 1e-4}
                    for c, ws in zip(regression.classes_, regression.coef_)},
        "trained_on": f"CoNLL-2003 train: {len(ys)} groups, {dict(sorted(Counter(ys).items()))}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", default=str(ROOT.parent / "shared" / "eval" / "conll2003_train.jsonl"))
    parser.add_argument("--out", default=str(ROOT / "generator" / "data" / "entity_model.json"))
    parser.add_argument("--cache", help="a folder for the analysed documents (default: a temporary one)")
    args = parser.parse_args()
    gold = [json.loads(line) for line in open(args.gold, encoding="utf-8")]
    gold = [d for d in gold if not SPORTS.match(d["text"])]  # results tables name clubs after their cities
    with tempfile.TemporaryDirectory() as scratch:
        briefings = briefings_of(gold, Path(args.cache or scratch))
    model = fit(*examples(gold, briefings))
    target = Path(args.out)
    target.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(model["trained_on"])


if __name__ == "__main__":
    main()
