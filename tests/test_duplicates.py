"""Near-duplicate wire stories and what a briefing is about, on corpus articles read by id (no spaCy)."""

from __future__ import annotations

from generator import duplicates
from generator.models import BriefingEntity, Entity, EntityMention, Related
from generator.salience import SALIENT, is_generic_place, salience
from support import corpus_records, make_briefing


def corpus_briefings(ids: list[str]):
    return [make_briefing(r["id"], r["date"], r["title"] or r["id"], r["text"]) for r in corpus_records(ids)]


def test_regan_departure_re_sent_reuters_854_965_is_folded_into_the_later_version():
    briefings = corpus_briefings(["reuters-854", "reuters-965", "reuters-877", "reuters-964", "reuters-28"])
    folding = duplicates.find_duplicates(briefings)
    assert folding.duplicate_of == {"reuters-854": "reuters-965", "reuters-877": "reuters-964"}
    assert folding.versions == {"reuters-965": ["reuters-854"], "reuters-964": ["reuters-877"]}


def test_two_companies_initial_dividends_reuters_405_407_are_not_folded():
    """Porex and Medco declare the same dividend in the same words: two thirds of the shingles, two stories."""
    porex, medco = corpus_briefings(["reuters-405", "reuters-407"])
    assert duplicates.shared(*(duplicates.shingles(b.text) for b in (porex, medco)))[0] > 0.5
    assert duplicates.find_duplicates([porex, medco]).duplicate_of == {}


def test_an_update_that_grew_is_folded_into_the_fuller_story_reuters_3092():
    """Barclays and Midland's rate cut: a three-line flash, then the full story (all of the flash in it)."""
    flash, full = corpus_briefings(["reuters-3092", "reuters-3103"])
    assert len(full.text) > 2 * len(flash.text)
    assert duplicates.find_duplicates([flash, full]).duplicate_of == {"reuters-3092": "reuters-3103"}


def test_separated_pair_is_not_folded_and_near_copies_leave_related_lists():
    briefings = corpus_briefings(["reuters-854", "reuters-965"])
    folding = duplicates.find_duplicates(briefings, {frozenset(("reuters-854", "reuters-965"))})
    assert folding.duplicate_of == {} and folding.near == set()
    unfolded = duplicates.find_duplicates(briefings)
    related = {"reuters-28": [Related("reuters-965", 0.5, ()), Related("reuters-43", 0.4, ())]}
    near = {frozenset(("reuters-28", "reuters-965"))}
    assert [r.id for r in duplicates.without_near_copies(related, near)["reuters-28"]] == ["reuters-43"]
    assert unfolded.near == set()  # folded pairs are not near copies left apart


def test_wavehill_reuters_724_is_about_wavehill_not_florida():
    (briefing,) = corpus_briefings(["reuters-724"])
    briefing.dateline = "NEW YORK, March 2"
    names = {"Wavehill International Ventures Inc": "organisation", "Personal Computer Rental Corp": "organisation",
             "Fla.": "place", "U.S.": "place"}
    entities, refs = {}, []
    for name, type_ in names.items():
        entities[name] = Entity(key=name, name=name, type=type_, slug=name)
        starts = [i for i in range(len(briefing.text)) if briefing.text.startswith(name, i)]
        refs.append(BriefingEntity(name, [EntityMention(name, s, s + len(name)) for s in starts]))
    about = salience(briefing, refs, entities)
    assert about["Wavehill International Ventures Inc"] >= SALIENT  # in the headline and the lead
    assert about["Fla."] < SALIENT and about["U.S."] < SALIENT  # an address, a passing mention
    assert is_generic_place("Fla.") and is_generic_place("Calif.") and not is_generic_place("Bakhmut")


def test_two_banks_prime_rate_notices_reuters_11940_12657_are_not_folded():
    """Marine Midland and First Interstate raise their prime rate in the same words: 80% of the shingles of
    the shorter notice, but two banks, two stories (their names differ)."""
    marine, interstate = corpus_briefings(["reuters-11940", "reuters-12657"])
    sets = [duplicates.shingles(b.text) for b in (marine, interstate)]
    assert duplicates.is_version(*sets)
    folding = duplicates.find_duplicates([marine, interstate])
    assert folding.duplicate_of == {}
    assert folding.near == {frozenset(("reuters-11940", "reuters-12657"))}  # kept out of each other's related
