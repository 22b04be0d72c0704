"""The learnt check on entity types (generator/entity_model.py) on hand-made archive records."""

from collections import Counter

from generator.entity_model import NONE, checked_type, features, model
from generator.resolve import _Key


def _key(forms: dict, votes: dict, evidence: dict | None = None, briefings: int = 1) -> _Key:
    mentions = sum(forms.values())
    return _Key(forms=Counter(forms), votes=Counter(votes), mentions=mentions, inside=mentions, briefings=briefings,
                evidence=dict(evidence or {}))


def test_a_village_the_rules_call_a_place_is_never_dropped():
    info = _key({"Tavildara": 1}, {"place": 1})
    assert checked_type(info, "Tavildara", "place") == "place"


def test_stuart_pharmaceuticals_read_as_a_person_stays_an_organisation():
    info = _key({"Stuart Pharmaceuticals": 3}, {"organisation": 3}, {"person": 3}, briefings=2)
    assert checked_type(info, "Stuart Pharmaceuticals", "organisation") == "organisation"


def test_a_full_name_the_model_and_the_rules_call_a_person_stays_one():
    info = _key({"Brent Scowcroft": 4}, {"person": 4}, {"person": 2, "said": 2}, briefings=3)
    assert checked_type(info, "Brent Scowcroft", "person") == "person"


def test_every_learnt_weight_is_for_a_feature_the_code_makes():
    # Features renamed without running scripts/make_entity_model.py again would silently weigh nothing.
    classes, _, weights = model()
    assert set(classes) == {"person", "place", "organisation", NONE}
    made = set()
    for rule in ("person", "place", "organisation", None):
        for name in ("Bank of Japan", "Paris", "Brent Scowcroft", "U.S.", "Zapata Corp", "Sorghum", "Ford"):
            made |= set(features(_key({name: 2}, {"place": 1, "other": 1}), name, rule))
    made |= {f"place_strength={n}" for n in (0, 1, 2)} | {f"words={n}" for n in (1, 2, 3)}
    assert set(weights) <= made
