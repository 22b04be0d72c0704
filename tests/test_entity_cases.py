"""The entity errors a new user met on a 1,000-article build of the Reuters corpus (issue 22), one test each.

The articles are read from the shared corpus by id and built together as
one small archive (spaCy included), so the archive-wide evidence is real.
"""

import json

import pytest

from conftest import corpus_records, make_project
from generator.build import BuildReport, briefings_for, build_archive
from generator.config import load_config
from generator.ingest import ingest

pytestmark = pytest.mark.slow

IDS = {
    "places": [373, 518, 969, 394, 835, 269, 878],
    "people": [28, 178, 386, 854, 965, 384],
    "companies": [921, 922, 938, 568, 128],
    "junk": [43, 255, 286, 342, 744, 761, 237, 268, 54, 177, 1034, 1048, 503, 724, 319, 940, 230, 240, 347, 6, 97],
    "currency": [224, 323, 413, 48, 100, 198],
    "titles": [227, 419, 759],
    "merges": [62, 81, 109, 162, 175, 549, 930, 273, 945, 264, 344, 136, 180, 5, 19, 57],
    "outlet": [51, 79, 111, 144],
    "abbreviations": [1, 32],
    "products": [215, 367, 385, 487, 669, 823],
    "clearing": [567, 582],
}


@pytest.fixture(scope="module")
def corpus_archive(tmp_path_factory):
    records = corpus_records({f"reuters-{n}" for ids in IDS.values() for n in ids})
    root = make_project(tmp_path_factory.mktemp("cases") / "archive", seeds=False)
    with open(root / "seeds" / "corpus.jsonl", "w", encoding="utf-8") as out:
        out.writelines(json.dumps(record) + "\n" for record in records)
    config = load_config(root)
    briefings = briefings_for(ingest(config.seed_paths).articles, config, BuildReport())
    return build_archive(briefings, config, BuildReport())


def _in(archive, number: int) -> dict[str, str]:
    """The entities of one corpus article, name -> type (a version folded into another keeps its own)."""
    bid = f"reuters-{number}"
    refs = archive.briefing_entities[bid] if bid in archive.briefing_entities else archive.folded_entities[bid]
    return {archive.entities[r.key].name: archive.entities[r.key].type for r in refs}


def _names(archive) -> dict[str, str]:
    return {e.name: e.type for e in archive.entities.values()}


def test_rotterdam_berne_and_whakatane_are_places_not_people(corpus_archive):
    assert _in(corpus_archive, 373)["Rotterdam"] == "place"
    assert _in(corpus_archive, 394)["Berne"] == "place"
    assert _in(corpus_archive, 269)["Whakatane"] == "place"


def test_donald_regan_and_raymond_montoya_are_people_not_places(corpus_archive):
    for number in (178, 854, 965):
        found = _in(corpus_archive, number)
        assert found["Donald Regan"] == "person" and "Regan" not in found, number
    found = _in(corpus_archive, 384)
    assert found["Raymond Montoya"] == "person" and "Montoya" not in found


def test_comalco_zapata_and_liebert_with_a_legal_suffix_are_organisations(corpus_archive):
    assert _in(corpus_archive, 921)["Comalco Ltd"] == "organisation"
    assert _in(corpus_archive, 568)["Zapata Corp"] == "organisation"
    assert _in(corpus_archive, 128)["Liebert Corp"] == "organisation"


def test_state_defense_bank_easter_mountains_personal_computer_m3_quoting_sorghum_are_not_entities(corpus_archive):
    names = _names(corpus_archive)
    junk = {"State", "Defense", "Bank", "Easter", "Mountains", "Personal Computer", "M3", "Quoting", "Sorghum"}
    assert not junk & set(names), junk & set(names)
    assert names["George Shultz"] == "person"  # "Secretary of State George Shultz" keeps the man


def test_currency_units_us_dlrs_and_nz_dlrs_are_not_entities(corpus_archive):
    names = _names(corpus_archive)
    assert not {"U.S. Dlrs", "N.Z. Dlrs", "Dlrs"} & set(names)
    assert "New Zealand" in names


def test_treasurer_paul_keating_is_paul_keating_with_his_role(corpus_archive):
    keating = next(e for e in corpus_archive.entities.values() if e.name == "Paul Keating")
    assert keating.type == "person" and keating.role == "treasurer"
    assert "Treasurer Paul Keating" not in _names(corpus_archive)


def test_national_security_adviser_brent_scowcroft_is_a_person_without_his_title(corpus_archive):
    found = _in(corpus_archive, 28)
    assert found["Brent Scowcroft"] == "person"
    assert not [name for name in found if "Adviser" in name]


def test_bank_of_england_robin_leigh_pemberton_is_a_bank_and_a_man(corpus_archive):
    for number in (419, 759):
        found = _in(corpus_archive, number)
        assert found["Robin Leigh-Pemberton"] == "person", number
        assert not [name for name in found if "Bank of England " in name], number


def test_george_shultz_and_george_schultz_are_one_person(corpus_archive):
    assert "George Schultz" not in _names(corpus_archive)
    assert _in(corpus_archive, 255)["George Shultz"] == "person"


def test_fed_federal_reserve_and_federal_reserve_board_are_one_organisation(corpus_archive):
    names = _names(corpus_archive)
    assert names["Federal Reserve"] == "organisation"
    assert not {"Fed", "Federal Reserve Board"} & set(names)
    assert "Federal Reserve" in _in(corpus_archive, 162) and "Federal Reserve" in _in(corpus_archive, 81)


def test_mobil_and_mobil_corp_are_one_company(corpus_archive):
    names = _names(corpus_archive)
    assert names["Mobil Corp"] == "organisation" and "Mobil" not in names


def test_qantas_and_qantas_airways_ltd_are_one_company(corpus_archive):
    assert "Qantas" not in _names(corpus_archive)
    assert _in(corpus_archive, 264)["Qantas Airways Ltd"] == "organisation"


def test_columbia_aluminium_corp_and_comalco_are_two_names_across_a_removed_ticker_reuters_921(corpus_archive):
    found = _in(corpus_archive, 921)
    assert found.get("Columbia Aluminium Corp") == "organisation"
    assert not [name for name in found if "Corp. Comalco" in name or "Corp Comalco" in name]


def test_usda_and_us_agriculture_department_are_one_organisation(corpus_archive):
    assert "USDA" not in _names(corpus_archive)
    assert _in(corpus_archive, 136)["U.S. Agriculture Department"] == "organisation"


def test_emerson_joins_emerson_electric_co_and_ilc_joins_ilc_technology_inside_one_briefing(corpus_archive):
    # The wire's "Emerson Electric Co <EMR>." reads "Emerson Electric Co." once its ticker is dropped: the
    # sentence's full stop is no part of the name.
    refs = {corpus_archive.entities[r.key].name: r for r in corpus_archive.briefing_entities["reuters-128"]}
    assert "Emerson" not in refs and {m.text for m in refs["Emerson Electric Co"].mentions} >= {"Emerson"}
    refs = {corpus_archive.entities[r.key].name: r for r in corpus_archive.briefing_entities["reuters-384"]}
    assert "ILC" not in refs and "ILC Technology Inc" in refs


def test_told_reuters_makes_no_entity_and_the_source_stays(corpus_archive):
    assert "Reuters" not in _names(corpus_archive)
    assert all(b.source == "Reuters" for b in corpus_archive.briefings)


def test_us_keeps_the_full_stop_of_its_abbreviation_in_mentions(corpus_archive):
    texts = {b.id: b.text for b in corpus_archive.briefings}
    mentions = [(texts[bid], m) for bid, refs in corpus_archive.briefing_entities.items() for r in refs
                for m in r.mentions if m.text.startswith("U.S") and not m.where]
    assert mentions
    for text, mention in mentions:
        assert text[mention.start:mention.end] == mention.text
        assert mention.text != "U.S" or text[mention.end:mention.end + 1] != ".", text[mention.start - 40:mention.end + 5]


def test_a_wire_dateline_gives_its_city_as_a_place_of_the_briefing(corpus_archive):
    refs = {corpus_archive.entities[r.key].name: r for r in corpus_archive.briefing_entities["reuters-128"]}
    datelines = sorted((m.start, m.text, name) for name, ref in refs.items() for m in ref.mentions if m.where == "dateline")
    briefing = next(b for b in corpus_archive.briefings if b.id == "reuters-128")
    assert datelines and datelines[0][0] == 0 and briefing.dateline.startswith(datelines[0][1])
    assert refs[datelines[0][2]].mentions[-1].where == "dateline"  # after the text's own mentions
    assert _in(corpus_archive, 128)[datelines[0][2]] == "place"


def test_ms_dos_and_the_macintosh_are_products_with_no_organisation_page(corpus_archive):
    names = _names(corpus_archive)
    assert not [name for name in names if "Macintosh" in name or name.lower() == "ms-dos"]
    assert _in(corpus_archive, 385)["Apple Computer Inc"] == "organisation"
    assert _in(corpus_archive, 215)["Microsoft Corp"] == "organisation"


def test_clearing_agencies_cedel_and_euroclear_are_organisations_not_people(corpus_archive):
    found = _in(corpus_archive, 567)
    assert found["Cedel"] == "organisation" and found["Euroclear"] == "organisation"
