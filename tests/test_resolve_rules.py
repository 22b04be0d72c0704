"""Resolution rules on small archives made of real-looking sentences (mentions as spaCy labels them, mapped as
``analyse`` maps them)."""

import datetime as dt
import re

import pytest

from generator.analyse import kind_of
from generator.entities_overrides import load_overrides, parse_overrides
from generator.gazetteer import demonym_country, place_key, place_strength
from generator.models import Briefing, Mention, Origin
from generator.resolve import resolve


def briefing(bid: str, text: str, labels: dict[str, str]) -> Briefing:
    """A briefing whose mentions are every occurrence of each labelled name in ``text``."""
    pattern = "|".join(re.escape(n) for n in sorted(labels, key=len, reverse=True))  # longest name first
    mentions = [Mention(m.group(0), m.start(), m.end(), kind_of(labels[m.group(0)])) for m in re.finditer(pattern, text)]
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^.!?]+[.!?]?", text) if m.group(0).strip()]
    sentences = [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in sentences]
    return Briefing(id=bid, date=dt.date(2023, 1, int(bid[-1]) + 1), title=bid, title_generated=False, text=text,
                    paragraphs=[text], sentences=sentences, mentions=mentions, summary=[], key_points=[],
                    word_count=len(text.split()), reading_minutes=1, origin=Origin(bid))


def names(entities):
    return {e.name: e.type for e in entities.values()}


def test_variant_spellings_of_a_rare_name_merge():
    entities, _ = resolve([
        briefing("b1", "Volodymyr Zelensky spoke in Kyiv.", {"Volodymyr Zelensky": "PERSON", "Kyiv": "GPE"}),
        briefing("b2", "Volodymyr Zelenskyy spoke again.", {"Volodymyr Zelenskyy": "PERSON"}),
        briefing("b3", "Volodymyr Zelensky met Olena Zelenska.", {"Volodymyr Zelensky": "PERSON", "Olena Zelenska": "PERSON"}),
        briefing("b4", "Zelenskiy said so.", {"Zelenskiy": "PERSON"}),
    ])
    people = [e for e in entities.values() if e.type == "person"]
    assert sorted(e.name for e in people) == ["Olena Zelenska", "Volodymyr Zelensky"]
    assert len(next(e for e in people if e.name == "Volodymyr Zelensky").briefing_ids) == 4


def test_people_sharing_a_surname_do_not_merge_blindly():
    entities, per = resolve([
        briefing("b1", "George Bush met James Baker. Bush said yes.", {"George Bush": "PERSON", "James Baker": "PERSON", "Bush": "PERSON"}),
        briefing("b2", "Jeb Bush spoke.", {"Jeb Bush": "PERSON"}),
        briefing("b3", "George Bush spoke.", {"George Bush": "PERSON"}),
        briefing("b4", "Bush said no.", {"Bush": "PERSON"}),
    ])
    assert {"George Bush", "Jeb Bush"} <= set(names(entities))
    b1 = {entities[r.key].name: len(r.mentions) for r in per["b1"]}
    assert b1["George Bush"] == 2  # in its own briefing the surname joins the full name
    b4 = [entities[r.key].name for r in per["b4"]]
    assert b4 == ["Bush"]  # alone, with two Bushes in the archive, it stays apart


def test_layouts_say_which_entity_each_group_of_mentions_went_to():
    archive = [
        briefing("b1", "George Bush met James Baker. Bush said yes.", {"George Bush": "PERSON", "James Baker": "PERSON", "Bush": "PERSON"}),
        briefing("b2", "James Baker spoke in Kyiv.", {"James Baker": "PERSON", "Kyiv": "GPE"}),
    ]
    layouts: dict[str, str] = {}
    entities, per = resolve(archive, layouts=layouts)
    assert set(layouts) == {"b1", "b2"}
    for bid in layouts:
        assert set(layouts[bid].split("\x1f")) == {r.key for r in per[bid]}
    hidden: dict[str, str] = {}
    _, per_hidden = resolve(archive, parse_overrides({"hide": ["James Baker"]}), layouts=hidden)
    assert hidden["b1"] != layouts["b1"] and "" in hidden["b1"].split("\x1f")  # the page must change with it
    assert len(per_hidden["b1"]) == len(per["b1"]) - 1


def test_acronym_joins_its_expansion_in_the_briefing_and_across_the_archive():
    entities, per = resolve([
        briefing("b1", "The Office of Management and Budget reported it. OMB said more.",
                 {"The Office of Management and Budget": "ORG", "OMB": "ORG"}),
        briefing("b2", "OMB reported a fire.", {"OMB": "ORG"}),
    ])
    assert [entities[r.key].name for r in per["b1"]] == ["Office of Management and Budget"]
    assert [entities[r.key].name for r in per["b2"]] == ["Office of Management and Budget"]


def test_nationalities_are_not_entities_and_places_are_typed_by_the_gazetteer():
    entities, _ = resolve([
        briefing("b1", "Ukrainian troops held Kharkiv. Russian forces left Sloviansk for Kramatorsk.",
                 {"Ukrainian": "GPE", "Russian": "NORP", "Kharkiv": "ORG", "Sloviansk": "ORG", "Kramatorsk": "PRODUCT"}),
        briefing("b2", "Luhansk fell. They fought in Luhansk.", {"Luhansk": "PERSON"}),
        briefing("b3", "They fought in Luhansk.", {"Luhansk": "GPE"}),
        briefing("b4", "They fought in Luhansk.", {"Luhansk": "GPE"}),
    ])
    assert names(entities) == {"Kharkiv": "place", "Sloviansk": "place", "Kramatorsk": "place", "Luhansk": "place"}


def test_sentence_initial_common_words_are_dropped_but_names_are_kept():
    entities, _ = resolve([
        briefing("b1", "Flames rose over the city. Gazprom saw it.", {"Flames": "ORG", "Gazprom": "ORG"}),
    ])
    assert names(entities) == {"Gazprom": "organisation"}


def test_gazetteer_knows_the_places_of_the_war_and_their_spellings():
    for name in ("Bakhmut", "Kramatorsk", "Slovyansk", "Kharkiv", "Kherson", "Luhansk", "Donetsk",
                 "Crimea", "West Germany"):
        assert place_strength(name) == 2, name
    assert place_strength("Sloviansk") == 1  # an alternate spelling: weaker evidence
    assert place_key("Sloviansk") == place_key("Slovyansk")
    assert place_strength("Reuters") == 0
    assert demonym_country("Ukrainians") == "ukraine"
    assert demonym_country("French") == "france"
    assert demonym_country("Moscow") is None


def test_overrides_merge_rename_retype_and_hide():
    overrides = parse_overrides({
        "merge": {"Volodymyr Zelensky": ["Zelenskiy"]},
        "rename": {"Wagner Group": "Wagner private military company"},
        "retype": {"Telegram": "organisation", "Kyiv": "organisation"},
        "hide": ["Reuters"],
    })
    entities, _ = resolve([
        briefing("b1", "Volodymyr Zelensky and the Wagner Group. Reuters saw Kyiv.",
                 {"Volodymyr Zelensky": "PERSON", "the Wagner Group": "ORG", "Reuters": "ORG", "Kyiv": "GPE"}),
        briefing("b2", "Zelenskiy spoke.", {"Zelenskiy": "PERSON"}),
    ], overrides)
    assert names(entities) == {"Volodymyr Zelensky": "person", "Wagner private military company": "organisation",
                               "Kyiv": "organisation"}
    assert len(next(e for e in entities.values() if e.name == "Volodymyr Zelensky").briefing_ids) == 2


@pytest.mark.parametrize("text, message", [
    ("merge: [a, b]\n", "merge: expected a mapping"),
    ("retype:\n  Kyiv: city\n", "retype.Kyiv: 'city' is not one of person, place, organisation"),
    ("colour: red\n", "unknown section 'colour'"),
    ("hide: [\n", "invalid YAML"),
])
def test_a_bad_overrides_file_is_a_problem_naming_it(tmp_path, text, message):
    path = tmp_path / "entities.yml"
    path.write_text(text, encoding="utf-8")
    overrides, problems = load_overrides(path)
    assert len(problems) == 1 and str(path) in str(problems[0]) and message in problems[0].message
    assert not overrides.merge and not overrides.hide


def test_a_missing_overrides_file_means_no_overrides(tmp_path):
    overrides, problems = load_overrides(tmp_path / "entities.yml")
    assert problems == [] and not overrides.rename


def test_names_spacy_missed_are_found_but_not_dictionary_words():
    item = briefing("b1", "Fighting in Donetsk province went on. Andrew Jackson spoke to Gazprom. Jackson said "
                          "Reading was calm, Gazprom reported.", {"Andrew Jackson": "PERSON", "Gazprom": "ORG"})
    del item.mentions[1]  # spaCy tagged only the second Gazprom
    entities, per = resolve([item])
    found = {(entities[ref.key].name, entities[ref.key].type, m.text) for ref in per["b1"] for m in ref.mentions}
    assert found == {("Donetsk", "place", "Donetsk"), ("Andrew Jackson", "person", "Andrew Jackson"),
                     ("Andrew Jackson", "person", "Jackson"), ("Gazprom", "organisation", "Gazprom")}
    gazprom = next(ref for ref in per["b1"] if entities[ref.key].name == "Gazprom")
    assert len(gazprom.mentions) == 2  # the second, untagged, by propagation within the briefing


def test_a_surname_that_is_a_word_is_not_propagated():
    entities, per = resolve([briefing("b1", "Theresa May met them. In May prices rose.", {"Theresa May": "PERSON"})])
    assert [(entities[r.key].name, len(r.mentions)) for r in per["b1"]] == [("Theresa May", 1)]


def test_a_company_named_with_its_legal_suffix_is_not_joined_to_a_longer_one_comalco_reuters_921():
    """``Comalco Ltd`` (key ``comalco``) is a company's full name, not a short name: it must not join
    ``Comalco's Commonwealth Aluminium Corp`` (a subsidiary) because that begins with the same word.
    A bare ``Qantas`` still joins ``Qantas Airways Ltd``."""
    from collections import Counter

    from generator.archive_joins import archive_joins
    from generator.resolve import _Key

    keys = {
        "comalco": _Key(forms=Counter({"Comalco Ltd": 4, "Comalco": 3}), mentions=7, briefings=2),
        "comalco s commonwealth aluminium": _Key(forms=Counter({"Comalco's Commonwealth Aluminium Corp": 1}),
                                                 mentions=1, briefings=1),
        "qantas": _Key(forms=Counter({"Qantas": 2}), mentions=2, briefings=1),
        "qantas airways": _Key(forms=Counter({"Qantas Airways Ltd": 3}), mentions=3, briefings=2),
    }
    joins = archive_joins(keys, [], sorted(keys), {})
    assert "comalco" not in joins
    assert joins.get("qantas") == "qantas airways"


def test_a_surname_alone_joins_the_full_name_by_its_particle_forms_kabariti_and_de_la_rua():
    entities, per = resolve([
        briefing("b1", "Abdul-Karim al-Kabariti flew to Ramallah. Kabariti met Yasser Arafat there.",
                 {"Abdul-Karim al-Kabariti": "PERSON", "Kabariti": "GPE", "Ramallah": "GPE", "Yasser Arafat": "PERSON"}),
        briefing("b2", "Fernando de la Rua won the vote. De la Rua said the economy would recover.",
                 {"Fernando de la Rua": "PERSON", "De la Rua": "PERSON"}),
    ])
    assert "Kabariti" not in names(entities) and "De la Rua" not in names(entities)
    counts = {entities[r.key].name: len(r.mentions) for b in ("b1", "b2") for r in per[b]}
    assert counts["Abdul-Karim al-Kabariti"] == 2 and counts["Fernando de la Rua"] == 2


def test_a_country_read_as_a_person_never_joins_a_person_with_that_surname_jordan_and_jerry_jordan():
    fed = {"Jerry Jordan": "PERSON", "Jordan": "PERSON"}
    entities, per = resolve([
        briefing("b1", "Jerry Jordan, an economist, said rates would rise. Jordan expects growth.", fed),
        briefing("b2", "Jerry Jordan said the Fed would wait.", {"Jerry Jordan": "PERSON"}),
        briefing("b3", "Jerry Jordan said inflation was low.", {"Jerry Jordan": "PERSON"}),
        briefing("b4", "Jordan will buy wheat from Canada. Jordan wants more.", {"Jordan": "PERSON", "Canada": "GPE"}),
        briefing("b5", "Jordan will open the border with Iraq.", {"Jordan": "PERSON", "Iraq": "GPE"}),
    ])
    jerry = next(e for e in entities.values() if e.name == "Jerry Jordan")
    assert sorted(jerry.briefing_ids) == ["b1", "b2", "b3"]  # the country's briefings are not his
    assert names(entities)["Jordan"] == "place"
