"""Step 4b of resolution: a small learned check on each group's type, trained on annotated news.

The rules of ``entity_typing`` were written against a few documents; on news
from elsewhere their guesses over-read. This module weighs the same evidence
(spaCy's votes, the gazetteer, legal suffixes and organisation words, titles
and given names, "X said", the rules' own verdict) with weights a logistic
regression learnt on CoNLL-2003 train (``scripts/make_entity_model.py`` writes
``data/entity_model.json``; only the weights are committed). Scoring is a dot
product per group, so it costs nothing beside spaCy.

A place spaCy found is kept a place unless the rules or the model have
evidence for another type: the model may only drop it when the rules did.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache

from .entity_evidence import ORG_WORDS, STRONG_ORG_WORDS, given_names, has_legal_suffix, is_organisation_name
from .entity_typing import GEOGRAPHIC_HEAD, placed_by_context
from .gazetteer import DATA, is_common_word, is_primary_place, place_strength

MODEL_FILE = "entity_model.json"
TYPES = ("person", "place", "organisation")
NONE = "none"


def features(info, name: str, rule: str | None) -> dict[str, float]:
    """What is known of a group (``resolve._Key``) as named features; ``rule`` is the rules' type or None (dropped)."""
    votes, evidence = info.votes, info.evidence
    cast = sum(votes.values()) or 1
    mentions = max(info.mentions, 1)
    found = dict(_name_features(name))
    found.update({
        f"rule={rule or NONE}": 1.0,
        "vote_person": votes.get("person", 0) / cast,
        "vote_place": votes.get("place", 0) / cast,
        "vote_organisation": votes.get("organisation", 0) / cast,
        "vote_other": votes.get("other", 0) / cast,
        "person_evidence": min(1.0, evidence.get("person", 0) / mentions),
        "said": min(1.0, evidence.get("said", 0) / mentions),
        "organisation_evidence": min(1.0, evidence.get("organisation", 0) / mentions),
        "dateline": float(bool(evidence.get("dateline"))),
        "lower_case_too": min(1.0, evidence.get("lower", 0) / (info.inside + 1)),
        "inside": info.inside / mentions,
        "mentions": math.log1p(info.mentions) / 3,
        "one_briefing": float(info.briefings <= 1),
    })
    return found


@lru_cache(maxsize=1 << 16)
def _name_features(name: str) -> tuple[tuple[str, float], ...]:
    """The features of the name alone (gazetteer, suffixes, given name, shape), once per name."""
    words = name.split()
    return (
        (f"place_strength={place_strength(name)}", 1.0),
        ("primary_place", float(is_primary_place(name))),
        ("legal_suffix", float(has_legal_suffix(name))),
        ("strong_org_word", float(bool(STRONG_ORG_WORDS.search(name)))),
        ("org_word", float(bool(ORG_WORDS.search(name)))),
        ("given_name", float(len(words) > 1 and words[0] in given_names())),
        (f"words={min(len(words), 3)}", 1.0),
        ("all_caps", float(name.replace(".", "").replace(" ", "").isupper())),
        ("dotted", float("." in name)),
        ("dictionary_words", float(all(is_common_word(w) for w in words))),
    )


@lru_cache(maxsize=1)
def model() -> tuple[tuple[str, ...], tuple[float, ...], dict[str, tuple[float, ...]]]:
    """The learnt weights (``data/entity_model.json``) as the classes, their biases and each feature's weight
    for every class."""
    learnt = json.loads((DATA / MODEL_FILE).read_text(encoding="utf-8"))
    classes = tuple(learnt["classes"])
    names = {f for cls in classes for f in learnt["weights"][cls]}
    return classes, tuple(learnt["bias"][c] for c in classes), {
        f: tuple(learnt["weights"][c].get(f, 0.0) for c in classes) for f in sorted(names)}


def scores(found: dict[str, float]) -> dict[str, float]:
    """Each class's score (a logit) for a group's features."""
    classes, totals, weights = model()
    totals = list(totals)
    for feature, value in found.items():
        row = weights.get(feature) if value else None
        if row:
            for i, weight in enumerate(row):
                totals[i] += weight * value
    return dict(zip(classes, totals))


def checked_type(info, name: str, rule: str | None) -> str | None:
    """The group's type after the learnt check, or None when it names nothing.

    ``rule`` is what ``entity_typing`` decided (None: no entity). The model's
    choice stands, except that a group the model would drop while the rules saw a
    place stays a place (places lost recall on unseen news), an organisation by
    its name (a legal suffix or an organisation-only word: ``the Liberals``)
    stays one, and such a name is never a person.
    """
    if rule == "place" and (GEOGRAPHIC_HEAD.search(name) or placed_by_context(info)):
        return rule  # the Northwest Passage, Heathrow airport: a place by its name or by the words around it
    by_class = scores(features(info, name, rule))
    best = max(sorted(by_class), key=by_class.__getitem__)
    if best == NONE:
        keep = rule == "place" or rule == "organisation" and is_organisation_name(name)  # the Liberals
        return rule if keep else None
    if best == "person" and is_organisation_name(name):
        return "organisation"  # a company with Corp, or Pharmaceuticals, is never a person
    return best
