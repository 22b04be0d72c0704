import dataclasses

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
    assert normalise_surface("Ukraine - Russian") is None
    assert normalise_surface("AP Photo/Evgeniy Maloletka") is None
    assert normalise_surface("the U.S.") == "U.S."


def test_related_links_the_two_seeds_by_shared_entities(seed_archive):
    (rel,) = seed_archive.related["000_4d44e1a7d75e83ce"]
    assert rel.id == "004_7e97a3f5f0aae28d"
    assert "Bakhmut" in rel.shared


# --- issue 6: what the reader sees on the seeds -------------------------------------------------

SEED_SIDEBARS = {
    "000_4d44e1a7d75e83ce": {
        "person": [("Vladimir Putin", 2), ("Volodymyr Zelensky", 2), ("Samuel Ramani", 2), ("Pavlo Kyrylenko", 1)],
        "place": [("Bakhmut", 8), ("Ukraine", 6), ("Russia", 5), ("Donetsk", 4), ("Moscow", 3), ("Luhansk", 3),
                  ("Kherson", 2), ("Donbas", 1), ("Kramatorsk", 1), ("Sloviansk", 1), ("Washington", 1),
                  ("Kharkiv", 1), ("London", 1)],
        "organisation": [("Wagner Group", 3), ("Institute for the Study of War", 1),
                         ("Royal United Services Institute", 1)],
    },
    "004_7e97a3f5f0aae28d": {  # NEAR CHASIV YAR, Ukraine: the dateline's two places count once each
        "person": [("Volodymyr Zelensky", 1), ("Andrii Babychev", 1)],
        "place": [("Bakhmut", 8), ("Ukraine", 5), ("Russia", 3), ("Moscow", 2), ("Chasiv Yar", 1), ("Crimea", 1),
                  ("Kyiv", 1)],
        "organisation": [("Wagner Group", 1), ("Telegram", 1)],
    },
}
JUNK = {"Flames", "serviceman", "Ukrainian", "Ukrainians", "Russian", "Russians", "Ukraine - Russian",
        "CHASIV YAR", "the Wagner Group", "The Associated Press", "Mr Zelensky", "Zelensky", "Putin", "AP"}


def _sidebar(archive, briefing_id):
    groups = {"person": [], "place": [], "organisation": []}
    for ref in archive.briefing_entities[briefing_id]:
        entity = archive.entities[ref.key]
        groups[entity.type].append((entity.name, len(ref.mentions)))
    return groups


def test_seed_sidebars_are_exactly_the_people_places_and_organisations_named(seed_archive):
    for briefing_id, expected in SEED_SIDEBARS.items():
        assert _sidebar(seed_archive, briefing_id) == expected, briefing_id


def test_chasiv_yar_of_the_dateline_is_a_place_of_seed_004(seed_archive, seed_briefings):
    (ref,) = [r for r in seed_archive.briefing_entities["004_7e97a3f5f0aae28d"]
              if seed_archive.entities[r.key].name == "Chasiv Yar"]
    assert seed_archive.entities[ref.key].type == "place"
    (mention,) = ref.mentions
    assert mention.where == "dateline"
    assert seed_briefings["004"].dateline[mention.start:mention.end] == mention.text == "CHASIV YAR"


def test_the_outlet_reporting_a_seed_is_not_its_subject(seed_archive):
    """Seed 000 is the AP's ("journalists from The Associated Press saw"), 004 Reuters' ("Reuters was able to")."""
    names = {e.name for e in seed_archive.entities.values()}
    assert not names & {"Reuters", "Associated Press", "AP"}
    assert {b.source for b in seed_archive.briefings} == {"AP", "Reuters"}


def test_no_junk_becomes_an_entity(seed_archive):
    names = {e.name for e in seed_archive.entities.values()}
    assert not names & JUNK
    assert all(e.type in ("person", "place", "organisation") for e in seed_archive.entities.values())


def test_places_spacy_mislabels_are_places(seed_archive):
    types = {e.name: e.type for e in seed_archive.entities.values()}
    for name in ("Bakhmut", "Kramatorsk", "Sloviansk", "Kharkiv", "Kherson", "Luhansk", "Donetsk", "Crimea"):
        assert types[name] == "place", name


def test_each_shared_entity_has_one_page_listing_both_briefings(seed_archive):
    from generator.pages import PagePlanner

    pages = PagePlanner(seed_archive).other_pages(20)
    for name in ("Bakhmut", "Volodymyr Zelensky", "Wagner Group"):
        entity_pages = [ctx for template, ctx in pages.values() if template == "entity.md.j2" and ctx["entity"].name == name]
        assert len(entity_pages) == 1, name
        ctx = entity_pages[0]
        assert [b["id"] for b in ctx["briefings"]] == ["004_7e97a3f5f0aae28d", "000_4d44e1a7d75e83ce"]
        assert (ctx["first_seen"], ctx["last_seen"]) == ("2022-10-28", "2023-03-02")
        assert [m["month"] for m in ctx["mentions_by_month"]] == ["2022-10", "2023-03"]


def test_first_mention_of_each_entity_links_to_its_page(seed_archive, seed_briefings):
    from generator.pages import PagePlanner

    briefing = seed_briefings["004"]
    _, (template, ctx) = PagePlanner(seed_archive).briefing_page(briefing)
    assert template == "briefing.md.j2"
    links = [(text, href) for pieces in ctx["body"] for text, href in pieces if href]
    assert links[:3] == [("Bakhmut", "../../../../entities/bakhmut/"),
                         ("Volodymyr Zelensky", "../../../../entities/volodymyr-zelensky/"),
                         ("Moscow", "../../../../entities/moscow/")]
    assert len({href for _, href in links}) == len(links)  # only the first mention of each
    assert ["".join(text for text, _ in pieces) for pieces in ctx["body"]] == briefing.paragraphs


def test_mentions_are_trimmed_of_determiners_and_possessives(seed_archive):
    wagner = next(e for e in seed_archive.entities.values() if e.name == "Wagner Group")
    refs = [r for r in seed_archive.briefing_entities["000_4d44e1a7d75e83ce"] if r.key == wagner.key]
    assert [m.text for m in refs[0].mentions] == ["Wagner Group"] * 3


def test_cached_groupings_resolve_exactly_as_fresh_ones_and_a_new_article_is_grouped_alone(tmp_path, monkeypatch):
    """Resolve's per-briefing step is cached; real corpus text, analysed by spaCy."""
    import json

    from generator import build
    from generator.build import BuildReport, briefings_for, build_archive
    from generator.config import load_config
    from generator.ingest import ingest
    from generator.resolve import Grouping, group_mentions, resolve
    from tests.conftest import corpus_slice, make_project

    root = make_project(tmp_path / "archive")
    with open(root / "seeds" / "reuters.jsonl", "w", encoding="utf-8") as out:
        for record in corpus_slice(120, start=7000):
            out.write(json.dumps(record) + "\n")
    config = load_config(root)
    briefings = briefings_for(ingest(config.seed_paths).articles, config, BuildReport())
    fresh = resolve(briefings)
    stored = [Grouping.from_dict(json.loads(json.dumps(group_mentions(b).to_dict()))) for b in briefings]
    assert resolve(briefings, None, stored) == fresh
    assert sum(len(g.mentions) for g in stored) > 300  # entities grouped in 120 articles: enough to compare

    grouped = []
    monkeypatch.setattr(build, "group_mentions", lambda b: grouped.append(b.id) or group_mentions(b))
    first = build_archive(briefings, config, BuildReport())
    assert len(grouped) == len(briefings)
    grouped.clear()
    again = build_archive(briefings + [dataclasses.replace(briefings[0], id="late-copy",
                                                           text=briefings[0].text + " Reuters added.")],
                          config, BuildReport())
    assert grouped == ["late-copy"]
    def plain(entities):  # what resolve decides (build_archive adds which entities get a page)
        return [(e.key, e.name, e.type, e.slug, e.aliases, e.briefing_ids, e.mention_count) for e in entities.values()]

    assert plain(first.entities) == plain(fresh[0]) and first.briefing_entities == fresh[1]
    assert {k: e.name for k, e in again.entities.items()} == {k: e.name for k, e in first.entities.items()}


def test_names_never_keep_half_a_parenthesis():
    assert normalise_surface("International Coffee Organization (ICO") == "International Coffee Organization"
    assert normalise_surface("Harold) Greene") == "Harold Greene"
    assert normalise_surface("Hutchison Whampoa (H.K.) Ltd") == "Hutchison Whampoa (H.K.) Ltd"


def test_corpus_organisations_introduced_with_an_acronym_in_parentheses(tmp_path):
    """Real wire copy names an organisation, then its acronym in parentheses: NER often stops inside them."""
    import json
    import re

    from conftest import corpus_slice, make_project
    from generator.build import BuildReport, briefings_for, build_archive
    from generator.config import load_config
    from generator.ingest import ingest

    introduced = re.compile(r"[A-Z][a-z]+(?: (?:of |for |on )?[A-Z][a-z]+)+ \([A-Z]{2,6}\)")
    records = [r for r in corpus_slice(1500) if introduced.search(r["text"])][:25]
    assert len(records) >= 10
    root = make_project(tmp_path / "archive", seeds=False)
    with open(root / "seeds" / "corpus.jsonl", "w", encoding="utf-8") as out:
        out.writelines(json.dumps(record) + "\n" for record in records)
    config = load_config(root)
    briefings = briefings_for(ingest(config.seed_paths).articles, config, BuildReport())
    archive = build_archive(briefings, config, BuildReport())
    by_id = {b.id: b for b in briefings}
    for entity in archive.entities.values():
        for name in [entity.name, *entity.aliases]:
            assert name.count("(") == name.count(")"), name
    for briefing_id, refs in archive.briefing_entities.items():
        for ref in refs:
            for mention in ref.mentions:
                assert mention.text.count("(") <= mention.text.count(")"), mention.text
                spelt = by_id[briefing_id].dateline if mention.where == "dateline" else by_id[briefing_id].text
                assert spelt[mention.start:mention.end] == mention.text


def test_rows_of_a_results_table_are_not_prose():
    from generator.resolve import table_rows

    text = ("Revs 291.8 mln vs 151.1 mln\n\nAvg shrs 51.7 mln vs 43.4 mln\n\n"
            "Putin said on 5 May that the war would go on.\n\nSix mths")
    rows = [text[start:end] for start, end in table_rows(text)]
    assert rows == ["Revs 291.8 mln vs 151.1 mln", "Avg shrs 51.7 mln vs 43.4 mln"]
    assert normalise_surface("Co Inc") is None and normalise_surface("and Co") is None
    assert normalise_surface("Merck and Co Inc") == "Merck and Co Inc"


def test_corpus_results_tables_and_company_suffixes_make_no_entities(tmp_path):
    """Wire earnings reports: NER reads table labels (Revs, Avg shrs) as people, and cuts
    'Merck and Co Inc' into Merck and 'Co Inc'. None of those may become an entity."""
    import json

    from conftest import corpus_slice, make_project
    from generator.build import BuildReport, briefings_for, build_archive
    from generator.config import load_config
    from generator.ingest import ingest

    records = [r for r in corpus_slice(1500) if "\n    Revs " in r["text"] or " and Co Inc" in r["text"]][:40]
    assert len(records) >= 20
    root = make_project(tmp_path / "archive", seeds=False)
    with open(root / "seeds" / "corpus.jsonl", "w", encoding="utf-8") as out:
        out.writelines(json.dumps(record) + "\n" for record in records)
    config = load_config(root)
    archive = build_archive(briefings_for(ingest(config.seed_paths).articles, config, BuildReport()), config, BuildReport())
    names = {entity.name for entity in archive.entities.values()}
    assert sum(entity.type == "organisation" for entity in archive.entities.values()) >= 10
    assert not names & {"Revs", "Avg", "Shr", "Shrs", "Co Inc", "Co", "Inc"}, names & {"Revs", "Avg", "Co Inc"}
