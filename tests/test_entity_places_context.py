"""Places the model calls people (or drops), recognised from the words around them: ``Heathrow airport``, ``the
town of X``, ``X, 40 km north of Y``, ``near X``, a dateline after a byline. Hand-written wire-style snippets, mentions
labelled as spaCy labels such names; and a check on CoNLL-2003 dev against raw spaCy in the same run."""

import importlib.util
import json
from pathlib import Path

import pytest
from test_entity_spans import _evidence
from test_resolve_rules import briefing, names

from generator.datelines import text_dateline_places
from generator.models import Kind
from generator.resolve import resolve

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


def test_airports_the_model_reads_as_people_or_an_event_are_places_heathrow_gatwick_stansted():
    entities, _ = resolve([
        briefing("b1", "The chairman was due to fly from London's Heathrow airport to Chicago on Tuesday, an aide said.",
                 {"London": "GPE", "Heathrow": "PERSON", "Chicago": "GPE"}),
        briefing("b2", "The hijacked jet landed at Stansted airport. Stansted, London's third-busiest airport after "
                       "Heathrow and Gatwick, is used for such emergencies because it is remote.",
                 {"Stansted": "EVENT", "Heathrow": "PERSON", "Gatwick": "PERSON", "London": "GPE"}),
        briefing("b3", "The government cut the noise limits for Heathrow, Gatwick and Stansted airports on Wednesday.",
                 {"Heathrow": "PERSON", "Gatwick": "PERSON", "Stansted": "ORG"}),
    ])
    found = names(entities)
    assert found["Heathrow"] == "place" and found["Gatwick"] == "place" and found["Stansted"] == "place"


def test_a_small_town_named_by_a_place_noun_or_a_distance_is_a_place_not_a_person():
    entities, _ = resolve([
        briefing("b1", "Government troops retook the mountain town of Kalai-Khumb on Friday. Kalai-Khumb, 200 km "
                       "(125 miles) east of Dushanbe, had been held by rebels since June.",
                 {"Kalai-Khumb": "PERSON", "Dushanbe": "GPE"}),
        briefing("b2", "Police said two bombs exploded near Tazmalt overnight. Residents of Tazmalt said the blasts "
                       "shook the village.", {"Tazmalt": "PERSON"}),
        briefing("b3", "Gunmen killed four people in Ouled Allal, a village 30 km (19 miles) south of Algiers.",
                 {"Ouled Allal": "ORG", "Algiers": "GPE"}),
    ])
    found = names(entities)
    assert found["Kalai-Khumb"] == "place" and found["Tazmalt"] == "place" and found["Ouled Allal"] == "place"


def test_an_airport_named_after_a_person_is_a_place_and_a_prison_by_its_name_charles_de_gaulle_changi():
    entities, _ = resolve([
        briefing("b1", "Union members marched outside the airline's headquarters at Charles de Gaulle airport north "
                       "of Paris on Friday.", {"Charles de Gaulle": "PERSON", "Paris": "GPE"}),
        briefing("b2", "A farmer convicted of drug trafficking was hanged at Changi Prison at dawn, the bureau said.",
                 {"Changi Prison": "PERSON"}),
    ])
    found = names(entities)
    assert found["Charles de Gaulle"] == "place" and found["Changi Prison"] == "place"


def test_a_province_the_model_took_into_the_name_comes_off_it_jiangsu_province():
    entities, mentions = resolve([
        briefing("b1", "The venture will build a plant in the eastern Jiangsu province, the company said.",
                 {"Jiangsu province": "GPE"}),
    ])
    assert names(entities) == {"Jiangsu": "place"}
    assert [m.text for item in mentions["b1"] for m in item.mentions] == ["Jiangsu"]


def test_the_last_of_a_list_sharing_a_plural_place_noun_and_a_list_after_the_town_of_are_places():
    found = _evidence("Officials said the Ravi and Chenab rivers were rising. Troops entered the towns of Zenica and "
                      "Vares.", ("Ravi", Kind.PERSON), ("Chenab", Kind.ORGANISATION), ("Zenica", Kind.PERSON),
                      ("Vares", Kind.PERSON))
    assert all("place" in found[name].split("\x1f") for name in ("Ravi", "Chenab", "Zenica", "Vares"))


def test_people_companies_and_banks_beside_place_words_get_no_place_evidence():
    found = _evidence("Jan Kowalski, 45, of Gdansk, said the Frankfurt-based Metallgesellschaft AG would sell its "
                      "stake. The Bank of Tokyo said the Clinton camp had asked for a Yeltsin state visit. Police found "
                      "the car outside Mr Novak's home. Airport Authority officials met Smith, the town's mayor.",
                      ("Jan Kowalski", Kind.PERSON), ("Gdansk", Kind.PLACE), ("Frankfurt", Kind.PLACE),
                      ("Metallgesellschaft AG", Kind.ORGANISATION), ("Bank of Tokyo", Kind.ORGANISATION),
                      ("Clinton", Kind.PERSON), ("Yeltsin", Kind.PERSON), ("Novak", Kind.PERSON),
                      ("Smith", Kind.PERSON))
    placed = {name for name, evidence in found.items() if "place" in evidence.split("\x1f")}
    assert placed == {"Frankfurt"}


def test_a_person_named_beside_a_place_stays_a_person_and_the_port_of_a_city_is_the_city():
    entities, _ = resolve([
        briefing("b1", "Mr Shokhin flew to the port of Novorossiysk on Monday. Shokhin said the talks went well.",
                 {"Shokhin": "PERSON", "Novorossiysk": "PERSON"}),
        briefing("b2", "Egyptian police in Port Said arrested two men, officials said.", {"Port Said": "GPE"}),
    ])
    found = names(entities)
    assert found["Shokhin"] == "person" and found["Novorossiysk"] == "place" and found["Port Said"] == "place"


def test_a_dateline_after_a_headline_and_a_byline_between_blank_lines_is_found_tavildara():
    text = ("Tajik troops retake devastated town.\n\nAlexei Petrov\n\nTAVILDARA, Tajikistan 1996-08-30\n\n"
            "Tajik government troops now control the town after driving out rebels.")
    assert [name for _, _, _, name in text_dateline_places(text)] == ["Tavildara", "Tajikistan"]
    assert text_dateline_places("Headline.\n\nByline\n\nSecond line\n\nLONDON 1996-08-30\n\nText.") == []


def _score_entities():
    if not (EVAL / "conll2003_dev.jsonl").exists():
        pytest.skip(f"CoNLL-2003 dev not found in {EVAL}")
    spec = importlib.util.spec_from_file_location("score_entities", EVAL / "score_entities.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_conll_dev_places_and_people_score_above_raw_spacy_in_the_same_run(tmp_path):
    import spacy

    from generator.build import BuildReport, briefings_for
    from generator.config import Config
    from generator.ingest import ingest

    scorer = _score_entities()
    docs = scorer.read(EVAL / "conll2003_dev.jsonl")
    articles = tmp_path / "dev.jsonl"
    articles.write_text("".join(json.dumps({"id": d["id"], "date": "1996-08-30", "text": d["text"]}) + "\n"
                                for d in docs), encoding="utf-8")
    config = Config(root=tmp_path)
    briefings = briefings_for(ingest([articles]).articles, config, BuildReport(), 1)
    entities, by_briefing = resolve(briefings)
    ours = {bid: {(scorer.norm(m.text), scorer.TYPES[entities[item.key].type]) for item in items for m in item.mentions}
            for bid, items in by_briefing.items()}
    nlp = spacy.load(config.model, exclude=["parser", "lemmatizer", "tagger", "attribute_ruler"])  # same entities
    kinds = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG"}
    raw = {d["id"]: {(scorer.norm(e.text), kinds[e.label_]) for e in doc.ents if e.label_ in kinds}
           for d, doc in zip(docs, nlp.pipe(d["text"] for d in docs))}
    gold = scorer.gold_sets(docs, False)
    for type_ in ("LOC", "PER"):
        assert scorer.score(gold, ours, type_)[2] > scorer.score(gold, raw, type_)[2] + 0.005, type_


def test_a_first_name_alone_after_the_full_name_is_that_person_not_the_town_alicia_and_tracy():
    entities, _ = resolve([
        briefing("b1", "Rescuers pulled Alicia Gomez from the rubble on Friday. Doctors expect Alicia to recover.",
                 {"Alicia Gomez": "PERSON", "Alicia": "PERSON"}),
        briefing("b2", "Tracy Lindqvist joined the campaign in June. Friends of Tracy describe her as tireless.",
                 {"Tracy Lindqvist": "PERSON", "Tracy": "PERSON"}),
        briefing("b3", "Tickets for the Mac Plus went on sale. Analysts expect the Mac to sell well.",
                 {"Mac Plus": "PERSON", "Mac": "PERSON"}),
    ])
    found = names(entities)
    assert found["Alicia"] == "person" and found["Tracy"] == "person" and found.get("Mac") != "person"


def test_a_country_the_model_reads_as_an_organisation_and_bosnia_in_a_dateline_are_places():
    entities, _ = resolve([
        briefing("b1", "Zimbabwe will send maize to neighbouring Mozambique in return for wheat.",
                 {"Zimbabwe": "GPE", "Mozambique": "ORG"}),
    ])
    assert names(entities)["Mozambique"] == "place"
    text = "Refugees denounce vote.\n\nMira Hadzic\n\nMATUZICI, Bosnia 1996-08-25\n\nThousands of refugees protested."
    assert [name for _, _, _, name in text_dateline_places(text)] == ["Matuzici", "Bosnia"]


def test_an_apposition_without_an_article_names_a_place_but_not_a_persons_job():
    found = _evidence("Kurgan-Tyube, capital of the southern province, was calm. Jones, area manager, said sales rose. "
                      "Smith, city treasurer, said no. Kato, port director, resigned.",
                      ("Kurgan-Tyube", Kind.PERSON), ("Jones", Kind.PERSON), ("Smith", Kind.PERSON), ("Kato", Kind.PERSON))
    assert [name for name, evidence in found.items() if "place" in evidence.split("\x1f")] == ["Kurgan-Tyube"]


def test_an_airport_authority_and_a_company_based_in_a_town_stay_organisations():
    entities, _ = resolve([
        briefing("b1", "The Kai Tak Airport Authority said traffic rose 8 percent. Frankfurt-based Degussa AG said "
                       "profits fell.", {"Kai Tak Airport Authority": "ORG", "Frankfurt": "GPE", "Degussa AG": "ORG"}),
        briefing("b2", "Heathrow Airport Ltd said it would appeal, and Degussa AG declined to comment.",
                 {"Heathrow Airport Ltd": "ORG", "Degussa AG": "ORG"}),
    ])
    found = names(entities)
    assert found["Kai Tak Airport Authority"] == "organisation" and found["Heathrow Airport Ltd"] == "organisation"
    assert found["Degussa AG"] == "organisation" and found["Frankfurt"] == "place"


def test_a_persons_surname_once_before_airport_stays_the_person_kennedy():
    entities, by_briefing = resolve([
        briefing("b1", "Senator Edward Kennedy attacked the bill. Kennedy said it would fail.",
                 {"Edward Kennedy": "PERSON", "Kennedy": "PERSON"}),
        briefing("b2", "Flights at New York's Kennedy airport were delayed by fog.", {"New York": "GPE", "Kennedy": "PERSON"}),
        briefing("b3", "Kennedy told reporters the vote was close.", {"Kennedy": "PERSON"}),
    ])
    assert "place" not in {entities[item.key].type for item in by_briefing["b3"]}
    assert names(entities)["Edward Kennedy"] == "person"


def test_a_byline_the_model_ran_into_the_dateline_is_the_reporter_and_the_place_longyear():
    text = ("Arctic town mourns crash victims.\n\nKari Lindholm\n\nLONGYEAR, Norway 1996-08-30\n\nThe streets of this "
            "tiny Arctic town were deserted on Friday. Longyear is a town in mourning.")
    entities, _ = resolve([briefing("b1", text, {"Kari Lindholm\n\nLONGYEAR": "PERSON", "Norway": "GPE",
                                                 "Longyear": "PERSON"})])
    found = names(entities)
    assert found["Kari Lindholm"] == "person" and found["Longyear"] == "place"


def test_a_name_hard_wrapped_over_a_line_stays_whole_and_a_table_span_is_not_split():
    from generator.mention_names import split_at_paragraphs
    from generator.models import Mention

    text = "Rates.\n\nThe Bank of\nEngland said on Monday it would hold rates.\n\nQtly div five cts vs N.A.\n\nPayable April two"
    wrapped = Mention("Bank of\nEngland", text.index("Bank"), text.index("Bank") + 15, Kind.ORGANISATION)
    table = Mention("N.A.\n\nPayable", text.index("N.A."), text.index("N.A.") + 13, Kind.ORGANISATION)
    assert split_at_paragraphs([wrapped, table], text) == [wrapped, table]
