"""What the words around a name say it is, beyond the model's label: a company named like a town, corporate
words before and after a name, a party the model reads as a nationality-like group (NORP).

Small archives of hand-written news sentences, mentions labelled as spaCy labels them (no model run).
"""

from test_entity_spans import _evidence
from test_resolve_rules import briefing, names

from generator.models import Kind
from generator.resolve import resolve


def test_corporate_words_after_a_name_are_organisation_evidence_fifa_president_and_pre_tax_profits():
    found = _evidence("Fifa president Sepp Blatter said the draw was fair. Pharmacia's pre-tax profits rose 8%. "
                      "Uefa fined Chelsea.", ("Fifa", Kind.PERSON), ("Sepp Blatter", Kind.PERSON),
                      ("Pharmacia", Kind.PERSON), ("Uefa", Kind.PERSON), ("Chelsea", Kind.ORGANISATION))
    assert "organisation" in found["Fifa"] and "organisation" in found["Pharmacia"] and "organisation" in found["Uefa"]
    assert "organisation" not in found["Sepp Blatter"]


def test_shares_of_or_a_stake_in_a_name_are_organisation_evidence_but_a_persons_possessive_is_not():
    found = _evidence("Investors sold shares of Upjohn, and Hanson bought a stake in Kidde. Blair's spokesman declined.",
                      ("Upjohn", Kind.PERSON), ("Hanson", Kind.PERSON), ("Kidde", Kind.PERSON), ("Blair", Kind.PERSON))
    assert "organisation" in found["Upjohn"] and "organisation" in found["Kidde"]
    assert "organisation" not in found["Hanson"]


def test_a_company_named_like_a_town_is_an_organisation_by_its_context_but_the_town_stays_a_place():
    entities, _ = resolve([
        briefing("b1", "Nokia, the world's largest handset maker, said it was not worried by the launch.",
                 {"Nokia": "GPE"}),
        briefing("b2", "Shares of Nokia fell 3% in Helsinki after the Nokia chairman spoke.",
                 {"Nokia": "GPE", "Helsinki": "GPE"}),
        briefing("b3", "The ship docked in Rotterdam on Monday. Rotterdam said it would inspect the cargo.",
                 {"Rotterdam": "GPE"}),
        briefing("b4", "Moscow said it would respond. Officials in Moscow gave no details.", {"Moscow": "GPE"}),
    ])
    found = names(entities)
    assert found["Nokia"] == "organisation"
    assert found["Rotterdam"] == "place" and found["Moscow"] == "place" and found["Helsinki"] == "place"


def test_a_party_the_model_reads_as_a_group_is_an_organisation_when_it_acts_as_one_the_tories_said():
    entities, _ = resolve([
        briefing("b1", "The Tories said the Chancellor's plans would mean higher taxes.", {"Tories": "NORP"}),
        briefing("b2", "The Conservatives have promised to cut taxes, and the Tories gained 800 seats.",
                 {"Conservatives": "NORP", "Tories": "NORP"}),
        briefing("b3", "Democrats in Congress opposed the bill. Many voted for Likud.", {"Democrats": "NORP", "Likud": "NORP"}),
    ])
    found = names(entities)
    assert found["Tories"] == "organisation" and found["Conservatives"] == "organisation"
    assert found["Democrats"] == "organisation" and found["Likud"] == "organisation"


def test_an_adjective_or_a_people_the_model_reads_as_a_group_is_never_a_party():
    entities, _ = resolve([
        briefing("b1", "Republican senators said no. Moslem leaders said the Islamists have won. Chechen leader "
                       "Aslan Maskhadov said so. British MPs agreed.",
                 {"Republican": "NORP", "Moslem": "NORP", "Islamists": "NORP", "Chechen": "NORP", "British": "NORP",
                  "Aslan Maskhadov": "PERSON"}),
    ])
    assert set(names(entities)) == {"Aslan Maskhadov"}


def test_a_news_agency_or_newspaper_named_like_a_town_is_an_organisation_xinhua_and_granma():
    entities, _ = resolve([
        briefing("b1", "The official Xinhua news agency said 12 people died.", {"Xinhua": "GPE"}),
        briefing("b2", "Xinhua news agency reported the visit to Beijing.", {"Xinhua": "GPE", "Beijing": "GPE"}),
    ])
    assert names(entities) == {"Xinhua": "organisation", "Beijing": "place"}
    found = _evidence("The Communist Party daily Granma said the harvest was good.", ("Granma", Kind.PLACE))
    assert "organisation" in found["Granma"]


def test_names_listed_after_an_organisation_noun_and_a_share_price_move_are_organisation_evidence():
    found = _evidence("Multinational firms including Mobil, Shell and Caltex were attracted to Tianjin. "
                      "A consortium of press distributor Hachette bid. Magna was up 1/8 to 48-1/4, and "
                      "Vodafone fell 3p to 139p. Smith fell ill, and visitors including John Major came.",
                      ("Mobil", Kind.PLACE), ("Shell", Kind.ORGANISATION), ("Caltex", Kind.PERSON),
                      ("Tianjin", Kind.PLACE), ("Hachette", Kind.PERSON), ("Magna", Kind.PLACE),
                      ("Vodafone", Kind.PERSON), ("Smith", Kind.PERSON), ("John Major", Kind.PERSON))
    assert all("organisation" in found[name] for name in ("Mobil", "Shell", "Caltex", "Hachette", "Magna", "Vodafone"))
    assert not any("organisation" in found[name] for name in ("Tianjin", "Smith", "John Major"))


def test_open_source_software_is_a_product_with_no_page_linux():
    entities, _ = resolve([
        briefing("b1", "Analysts said open-source Linux was gaining ground on servers.", {"Linux": "PERSON"}),
        briefing("b2", "The Linux kernel is written by volunteers. Linux is free.", {"Linux": "PERSON"}),
    ])
    assert "Linux" not in names(entities)


def test_commodity_words_grades_of_oil_and_units_of_account_get_no_page_sorghum_loins_brent_sdr():
    entities, _ = resolve([
        briefing("b1", "Sorghum prices rose on Monday. Sorghum exports from Texas fell.", {"Sorghum": "GPE", "Texas": "GPE"}),
        briefing("b2", "Sorghum stocks were ample, traders in Chicago said.", {"Sorghum": "GPE", "Chicago": "GPE"}),
        briefing("b3", "Prices of LOINS rose as demand grew. LOINS were steady later.", {"LOINS": "ORG"}),
        briefing("b4", "Brent crude rose 20 cents to 18.50 dlrs, and Brent for May was firm.", {"Brent": "ORG"}),
        briefing("b5", "The loan of 50 mln SDR was approved by the IMF in Washington.",
                 {"SDR": "ORG", "IMF": "ORG", "Washington": "GPE"}),
    ])
    found = names(entities)
    assert not {"Sorghum", "LOINS", "Brent", "SDR"} & set(found), found
    assert found["Texas"] == found["Chicago"] == found["Washington"] == "place" and found["IMF"] == "organisation"


def test_a_bank_named_in_its_own_language_is_an_organisation_ljubljanska_banka_and_banco_pinto():
    entities, _ = resolve([
        briefing("b1", "Ljubljanska Banka agreed the terms with creditors in Belgrade.",
                 {"Ljubljanska Banka": "GPE", "Belgrade": "GPE"}),
        briefing("b2", "Banco Pinto raised its capital.", {"Banco Pinto": "PERSON"}),
    ])
    found = names(entities)
    assert found["Ljubljanska Banka"] == found["Banco Pinto"] == "organisation" and found["Belgrade"] == "place"


def test_a_branch_after_a_banks_city_is_no_person_glued_to_it_first_national_bank_of_chicago_tokyo_branch():
    entities, _ = resolve([
        briefing("b1", "However, First National Bank of Chicago Tokyo Branch assistant manager Hiroshi Mochizuki said so.",
                 {"First National Bank of Chicago Tokyo Branch": "ORG", "Hiroshi Mochizuki": "PERSON"}),
    ])
    found = names(entities)
    assert "Tokyo Branch" not in found and found["Hiroshi Mochizuki"] == "person"
    assert found["First National Bank of Chicago"] == "organisation"  # the bank's page, not one per branch


def test_a_country_whose_name_ends_like_a_nationality_word_is_still_a_place_haiti_malawi_mali():
    entities, _ = resolve([
        briefing("b1", "Cholera cases rose in Haiti, Malawi and Mali, while Haitian and Malian officials appealed for aid.",
                 {"Haiti": "GPE", "Malawi": "PERSON", "Mali": "GPE", "Haitian": "NORP", "Malian": "NORP"}),
    ])
    found = names(entities)
    assert found == {"Haiti": "place", "Malawi": "place", "Mali": "place"}


def test_a_named_storm_is_an_event_with_no_page_typhoon_haiyan():
    entities, _ = resolve([
        briefing("b1", "Typhoon Haiyan killed thousands in the Philippines, and Hurricane Edouard struck Bermuda.",
                 {"Typhoon Haiyan": "PERSON", "Philippines": "GPE", "Hurricane Edouard": "ORG", "Bermuda": "GPE"}),
    ])
    assert names(entities) == {"Philippines": "place", "Bermuda": "place"}


def test_a_tax_and_a_towns_council_get_no_page_revenue_tax_and_city_council():
    from generator.entity_evidence import not_an_entity

    assert not_an_entity("Revenue Tax") and not_an_entity("Value Added Tax") and not_an_entity("City Council")
    assert not_an_entity("State Council") is None and not_an_entity("Manhattan City Council") is None


def test_the_firm_an_analyst_works_with_is_an_organisation_lf_rothschild():
    entities, _ = resolve([
        briefing("b1", "\"Prices will rise,\" said Paul Johnson, a semiconductor analyst with L.F. Rothschild.",
                 {"Paul Johnson": "PERSON", "L.F. Rothschild": "PERSON"}),
        briefing("b2", "\"There is demand,\" said Johnson of L.F. Rothschild.", {"Johnson": "PERSON", "L.F. Rothschild": "PERSON"}),
    ])
    found = names(entities)
    assert found["L.F. Rothschild"] == "organisation" and found["Paul Johnson"] == "person"


def test_instruments_a_banks_kind_alone_and_two_departments_in_the_plural_get_no_page():
    from generator.entity_evidence import not_an_entity

    assert not_an_entity("Eurodollars") and not_an_entity("Reserve Bank") and not_an_entity("National Security")
    assert not_an_entity("U.S. Agriculture and Commerce Departments")
    assert not_an_entity("Reserve Bank of Australia") is None and not_an_entity("Trade and Industry Department") is None
    assert not_an_entity("National Security Council") is None


def test_a_dateline_written_in_lower_case_names_its_place_as_a_place_writes_it_dodge_city():
    from generator.datelines import dateline_places

    assert [name for *_, name in dateline_places("dodge city, april 7")] == ["Dodge City"]


def test_a_period_a_plural_kind_and_an_institutions_adjective_get_no_page_end_1986_groups_congressional():
    from generator.entity_evidence import not_an_entity

    assert not_an_entity("End-1986") and not_an_entity("Mid-1987") and not_an_entity("Groups")
    assert not_an_entity("Congressional") and not_an_entity("Presidential")
    assert not_an_entity("Endesa") is None and not_an_entity("Lloyds") is None and not_an_entity("Midland") is None
