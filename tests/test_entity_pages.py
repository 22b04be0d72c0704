"""Entity links and pages in the built seed site, and the overrides file in a real build."""

import html as htmllib
import posixpath
import re
from pathlib import Path

from generator.build import BuildReport, build_archive
from generator.config import load_config


def _html(site: Path, rel: str) -> str:
    return (site / "site" / rel / "index.html").read_text(encoding="utf-8")


def test_body_links_go_to_built_entity_pages_once_each(seed_site):
    for page in sorted((seed_site / "content").glob("[0-9][0-9][0-9][0-9]/*/*/*.md")):
        rel = str(page.relative_to(seed_site / "content").with_suffix(""))
        page_html = _html(seed_site, rel)
        body = page_html[page_html.index('class="briefing-text"'):]
        links = re.findall(r'<a class="briefing-entity" href="([^"]+)">([^<]+)</a>', body[: body.index("</div>")])
        assert links, rel
        hrefs = [href for href, _ in links]
        assert len(hrefs) == len(set(hrefs))
        for href in hrefs:
            target = posixpath.normpath(posixpath.join(rel + "/", href))
            assert (seed_site / "site" / target / "index.html").is_file(), href
        assert "Bakhmut" in [text for _, text in links]


def test_entity_page_shows_type_dates_briefings_and_companions(seed_site):
    page_html = _html(seed_site, "entities/wagner-group")
    text = htmllib.unescape(re.sub(r"<[^>]+>", "", page_html))
    assert "Organisation" in text and "first seen 2022-10-28" in text and "last seen 2023-03-02" in text
    assert "Also written as" in text and "Wagner" in text
    assert "Often mentioned with" in text and "Bakhmut" in text
    dates = re.findall(r'<li>.*?<time datetime="([^"]+)"', page_html)
    assert dates[:2] == ["2023-03-02", "2022-10-28"]  # newest first


def test_entities_file_is_applied_and_a_bad_one_is_reported(project, seed_briefings):
    (project / "entities.yml").write_text(
        "rename:\n  Wagner Group: Wagner PMC\nhide: [Samuel Ramani]\nretype:\n  Telegram: place\n", encoding="utf-8")
    archive = build_archive(list(seed_briefings.values()), load_config(project), BuildReport())
    names = {e.name: e.type for e in archive.entities.values()}
    assert names["Wagner PMC"] == "organisation" and "Wagner Group" not in names
    assert "Samuel Ramani" not in names and names["Telegram"] == "place"

    (project / "entities.yml").write_text("retype:\n  Telegram: planet\n", encoding="utf-8")
    report = BuildReport()
    archive = build_archive(list(seed_briefings.values()), load_config(project), report)
    assert [str(p.origin) for p in report.problems] == [str(project / "entities.yml")]
    assert "planet" in report.problems[0].message
    assert "Samuel Ramani" in {e.name for e in archive.entities.values()}  # the build went on without overrides


def test_companions_are_the_most_shared_entities_ties_by_name():
    from collections import Counter

    from generator.entity_pages import COMPANION_SCAN, companions
    from support import corpus_archive

    _, refs, entities = corpus_archive(3000)
    for entity in entities.values():
        entity.has_page = len(entity.briefing_ids) >= 2
    expected: dict[str, Counter] = {}
    for items in refs.values():
        keys = [r.key for r in items if entities[r.key].has_page][:COMPANION_SCAN]
        for key in keys:
            expected.setdefault(key, Counter()).update(k for k in keys if k != key)
    found = companions(refs, entities)
    assert set(found) == set(expected)
    ties = 0
    for key, counter in expected.items():
        ranked = sorted(counter.items(), key=lambda kv: (-kv[1], entities[kv[0]].name, kv[0]))[:8]
        assert found[key] == ranked, key
        ties += len({n for _, n in ranked}) < len(ranked)
    assert ties > 100  # equal counts are common: their order is by name


def test_an_entity_named_index_keeps_its_own_page_beside_the_entity_index(project, seed_briefings):
    from generator.pages import PagePlanner, entity_index_pages
    from generator.paths import entity_path

    (project / "entities.yml").write_text("rename:\n  Wagner Group: Index\n  Bakhmut: A-Z\n", encoding="utf-8")
    archive = build_archive(list(seed_briefings.values()), load_config(project), BuildReport())
    renamed = {e.name: e for e in archive.entities.values() if e.name in ("Index", "A-Z")}
    assert set(renamed) == {"Index", "A-Z"}
    own_pages = set(entity_index_pages(archive, PagePlanner(archive).entity_src))
    assert own_pages == {"entities/index.md"}
    for entity in renamed.values():
        assert entity.has_page
        path = entity_path(entity)
        assert path not in own_pages and path not in ("entities/a-z.md", "entities/index.md")
    assert entity_path(renamed["Index"]) == "entities/index-organisation.md"
