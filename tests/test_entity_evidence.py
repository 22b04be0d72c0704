"""Offline evidence about names (titles, junk, datelines, outlet credits) on hand-written wire phrases."""

import pytest

from generator.datelines import dateline_places, text_dateline_places
from generator.entity_evidence import glued_person, is_organisation_name, not_an_entity, split_role
from generator.outlets import is_credit, outlet_of


@pytest.mark.parametrize("span, name, role", [
    ("Treasurer Paul Keating", "Paul Keating", "treasurer"),
    ("National Security Adviser Brent Scowcroft", "Brent Scowcroft", "national security adviser"),
    ("Secretary of State George Shultz", "George Shultz", "secretary of state"),
    ("Attorney General Edwin Meese", "Edwin Meese", "attorney general"),
    ("Energy Subroto", "Subroto", "energy"),
    ("Mr Zelensky", "Zelensky", "mr"),
    ("General Motors", "General Motors", ""),
    ("Energy Department", "Energy Department", ""),
])
def test_titles_come_off_names_and_are_kept_as_the_role(span, name, role):
    assert split_role(span) == (name, role)


def test_bank_of_england_robin_leigh_pemberton_is_split_after_the_bank_but_one_man_is_not():
    span = "Bank of England Robin Leigh-Pemberton"
    assert span[glued_person(span):] == "Robin Leigh-Pemberton"
    assert glued_person("Jorge Luis Leao Franco") == 0
    assert glued_person("University of California Los Angeles") == 0


@pytest.mark.parametrize("name", ["U.S. Dlrs", "N.Z. Dlrs", "State", "Bank", "Easter", "M3", "M-1", "GMT", "BB",
                                  "U.S. Open", "Nobel Peace Prize", "Champions League", "U.S. Government",
                                  "Magna's North American", "Cabinet", "III"])
def test_names_of_no_person_place_or_organisation(name):
    assert not_an_entity(name)


@pytest.mark.parametrize("name", ["European Community", "West Bank", "Federal Reserve", "Soviet Union", "U.S. Treasury",
                                  "Moody's Investors Service Inc", "Bank of the United States", "U.N. Council"])
def test_institutions_and_places_that_look_generic_stay(name):
    assert not_an_entity(name) is None


@pytest.mark.parametrize("name", ["Zapata Corp", "Comalco Ltd", "Pirelli SpA", "Liberal Democratic Party",
                                  "Manchester United", "Hudson Bay Mining"])
def test_a_legal_suffix_or_organisation_word_makes_an_organisation(name):
    assert is_organisation_name(name)


def test_russian_federation_is_a_place_not_an_organisation_name():
    assert not is_organisation_name("Russian Federation")


def test_near_chasiv_yar_ukraine_gives_two_places_and_a_sports_word_none():
    dateline = "NEAR CHASIV YAR, Ukraine"
    found = dateline_places(dateline)
    assert [(name, dateline[start:end]) for _, start, end, name in found] == [
        ("Chasiv Yar", "CHASIV YAR"), ("Ukraine", "Ukraine")]
    assert dateline_places("CRICKET") == [] and dateline_places("SOCCER") == []
    assert [name for *_, name in dateline_places("SALVADOR, Feb 26")] == ["Salvador"]
    assert [name for *_, name in dateline_places("RIO DE JANEIRO, Feb 26")] == ["Rio de Janeiro"]


def test_dateline_line_after_the_headline_paris_1996_08_22_is_a_place_with_text_offsets():
    text = "Suspected killers of bishop shot dead.\nPARIS 1996-08-22\nAlgerian security forces said on Thursday..."
    found = text_dateline_places(text)
    assert [(name, text[start:end]) for _, start, end, name in found] == [("Paris", "PARIS")]
    text = "India rejects test ban treaty.\nNEW DELHI, India 1996-08-20\nIndia said on Tuesday it would not sign."
    assert [name for *_, name in text_dateline_places(text)] == ["New Delhi", "India"]


def test_no_dateline_line_in_a_sports_headline_or_deep_in_the_text():
    assert text_dateline_places("CRICKET - ENGLISH COUNTY RESULTS.\nLONDON 1996-08-30\nResults") != []
    assert text_dateline_places("SOCCER 1996-08-30\nResults of matches") == []
    assert text_dateline_places("Profits rose.\nSales fell.\nCosts rose.\nLONDON 1996-08-30\nMore") == []
    assert text_dateline_places("Nancy 0 Paris St Germain 0\nAttendance: 15,000.") == []


@pytest.mark.parametrize("text, span", [
    ("The minister told Reuters the talks would resume.", "Reuters"),
    ("Interfax reported that the talks had failed.", "Interfax"),
    ("Shelling went on overnight (AP) in the east.", "AP"),
])
def test_credits_to_an_outlet_make_no_entity(text, span):
    start = text.index(span)
    assert is_credit(text, start, start + len(span), span, own_outlet=None)


def test_a_storys_own_outlet_is_never_its_subject_but_another_company_is():
    text = "Journalists from The Associated Press saw the town. Reuters Holdings Plc said profits rose."
    own = outlet_of("AP")
    start = text.index("Associated Press")
    assert is_credit(text, start, start + 16, "Associated Press", own)
    start = text.index("Reuters Holdings Plc")
    assert not is_credit(text, start, start + 20, "Reuters Holdings Plc", own)


def test_a_span_running_on_after_corp_into_the_next_sentence_is_two_mentions():
    from generator.mention_names import split_after_suffix
    from generator.models import Kind, Mention

    text = "It agreed to sell the smelter to Columbia Aluminium Corp. Comalco said it made a provision."
    start = text.index("Columbia")
    glued = Mention("Columbia Aluminium Corp. Comalco", start, start + 32, Kind.ORGANISATION)
    parts = split_after_suffix([glued])
    assert [(m.text, text[m.start:m.end], m.label) for m in parts] == [
        ("Columbia Aluminium Corp.", "Columbia Aluminium Corp.", Kind.ORGANISATION),
        ("Comalco", "Comalco", Kind.ORGANISATION)]
    whole = Mention("Merck and Co Inc", 0, 16, Kind.ORGANISATION)
    assert split_after_suffix([whole]) == [whole]


@pytest.mark.parametrize("text, name, after_noun", [
    ("It will cooperate with major clearing agencies Cedel and Euroclear on trades.", "Cedel", True),
    ("It will cooperate with major clearing agencies Cedel and Euroclear on trades.", "Euroclear", True),
    ("Shares of rival banks Barclays and Lloyds fell.", "Lloyds", True),
    ("Treasury Secretary James Baker said the dollar was stable.", "James Baker", False),
    ("Talks between Baker and Stoltenberg ended.", "Stoltenberg", False),
])
def test_a_name_after_an_organisation_noun_is_organisation_evidence(text, name, after_noun):
    from generator.mention_names import after_organisation_noun

    assert after_organisation_noun(text, text.index(name)) is after_noun
