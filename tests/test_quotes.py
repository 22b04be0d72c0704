import re

from hypothesis import given, settings, strategies as st

from generator.models import Kind, Mention
from generator.quotes import find_quotes


def by_text(briefing, fragment):
    return next(q for q in briefing.quotes if fragment in q.text)


def test_seed_000_quotes_have_their_speakers(seed_briefings):
    briefing = seed_briefings["000"]
    assert by_text(briefing, "Day after day, for months").speaker.endswith("Zelensky")
    ramani = [q for q in briefing.quotes if q.speaker == "Samuel Ramani"]
    # One introduced by "said:", one followed by "he said" (resolved to the last named speaker).
    assert any(q.text.startswith("Russia’s suffering defeats") for q in ramani)
    assert any(q.text.startswith("We’re seeing a situation") for q in ramani)
    assert "Royal United Services Institute" in by_text(briefing, "suffering defeats").description


def test_seed_004_quotes_keep_a_description_when_there_is_no_name(seed_briefings):
    briefing = seed_briefings["004"]
    babychev = [q for q in briefing.quotes if q.speaker == "Andrii Babychev"]
    assert len(babychev) == 2 and any("Glory to Ukraine" in q.text for q in babychev)
    wagner = by_text(briefing, "furious resistance")
    assert wagner.speaker is None
    assert wagner.description == "The leader of Russia’s Wagner mercenary group"


def test_quotes_are_verbatim(seed_briefings):
    for briefing in seed_briefings.values():
        assert briefing.quotes
        for quote in briefing.quotes:
            assert quote.text in briefing.text
            assert quote.speaker or quote.description


def test_quotes_in_extract_use_resolved_names(seed_briefings, seed_archive):
    from generator.extract import extract_record

    record = extract_record(seed_briefings["000"], seed_archive)
    speakers = {q["speaker"] for q in record["quotes"]}
    assert "Samuel Ramani" in speakers
    assert all(set(q) >= {"speaker", "text"} for q in record["quotes"])
    assert record["figures"] and record["dates"]


def test_straight_quotes_and_inverted_attribution():
    text = 'Prices will rise, analysts said.\n\n"We expect a sharp rebound in demand," said John Smith, a trader at Acme.'
    mentions = [Mention("John Smith", text.index("John"), text.index("John") + 10, Kind.PERSON)]
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    quotes = find_quotes(text, sentences, mentions)
    assert [(q.speaker, q.text) for q in quotes] == [("John Smith", "We expect a sharp rebound in demand")]
    assert quotes[0].description == "a trader at Acme"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("abc “”\",.:Hhesaid")), max_size=60), min_size=1, max_size=6))
def test_quotes_never_invent_text(pieces):
    text = "\n".join(" ".join(p.split()) or "x" for p in pieces)
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    for quote in find_quotes(text, sentences, []):
        assert quote.text in text
