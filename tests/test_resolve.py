from generator.resolve import normalise_surface


def _entity(archive, name):
    matches = [e for e in archive.entities.values() if e.name == name]
    assert len(matches) == 1, (name, [e.name for e in archive.entities.values()])
    return matches[0]


def test_zelensky_is_one_person_across_both_seeds(seed_archive):
    zelensky = _entity(seed_archive, "Volodymyr Zelensky")
    assert zelensky.type == "person"
    assert len(zelensky.briefing_ids) == 2
    assert not [e for e in seed_archive.entities.values() if e.name in ("Zelensky", "Mr Zelensky")]


def test_surnames_join_the_full_name_in_the_same_briefing(seed_archive):
    putin = _entity(seed_archive, "Vladimir Putin")
    assert any(a in putin.aliases for a in ("Putin",))
    ramani = _entity(seed_archive, "Samuel Ramani")
    assert "Ramani" in ramani.aliases


def test_wagner_group_is_one_organisation(seed_archive):
    wagner = _entity(seed_archive, "Wagner Group")
    assert wagner.type == "organisation"
    assert len(wagner.briefing_ids) == 2
    assert "the Wagner Group" not in [e.name for e in seed_archive.entities.values()]


def test_bakhmut_is_a_place_in_both_briefings_with_one_slug(seed_archive):
    bakhmut = _entity(seed_archive, "Bakhmut")
    assert bakhmut.type == "place" and bakhmut.slug == "bakhmut"
    assert len(bakhmut.briefing_ids) == 2


def test_sidebar_order_is_by_salience(seed_archive):
    refs = seed_archive.briefing_entities["000_4d44e1a7d75e83ce"]
    counts = [len(r.mentions) for r in refs]
    assert counts == sorted(counts, reverse=True)
    assert seed_archive.entities[refs[0].key].name == "Bakhmut"


def test_mentions_point_at_their_surface_text(seed_archive, seed_briefings):
    briefing = seed_briefings["000"]
    for ref in seed_archive.briefing_entities[briefing.id]:
        for mention in ref.mentions:
            assert briefing.text[mention.start:mention.end] == mention.text


def test_normalise_surface_drops_determiners_possessives_and_lowercase():
    assert normalise_surface("the Wagner Group") == "Wagner Group"
    assert normalise_surface("Ukraine’s") == "Ukraine"
    assert normalise_surface("serviceman") is None
    assert normalise_surface("CHASIV YAR") == "Chasiv Yar"
    assert normalise_surface("NATO") == "NATO"


def test_related_links_the_two_seeds_by_shared_entities(seed_archive):
    (rel,) = seed_archive.related["000_4d44e1a7d75e83ce"]
    assert rel.id == "004_7e97a3f5f0aae28d"
    assert "Bakhmut" in rel.shared
