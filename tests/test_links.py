"""Connections and links that never break: related, threads, back-links, redirects, feeds, data files."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import frontmatter
import jsonschema
import numpy as np
import pytest

from generator import link as link_module
from generator import permalinks
from generator.build import generate, mkdocs_build
from generator.config import load_config
from generator.link import related_briefings
from generator.models import Briefing, BriefingEntity, Entity, EntityMention, Origin
from generator.threads import threads
from linkcheck import check_site

from conftest import corpus_slice, make_project

SCHEMAS = Path(__file__).resolve().parent.parent / "generator" / "schemas"


def _schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def _page(site: Path, prefix: str) -> Path:
    return next((site / "content").glob(f"{prefix}/*.md"))


# --- connections on the seeds -------------------------------------------------------------


def test_seed_briefings_are_related_with_a_reason_and_threaded(seed_archive):
    ids = sorted(b.id for b in seed_archive.briefings)
    first, second = ids
    (rel,) = seed_archive.related[first]
    assert rel.id == second and "Bakhmut" in rel.shared
    assert seed_archive.linked_from[second] == [first]
    place = seed_archive.threads[first]
    assert place.name == "Bakhmut"
    assert (place.previous, place.next, place.position, place.size) == (None, second, 1, 2)
    assert seed_archive.threads[second].previous == first and seed_archive.threads[second].next is None


def test_seed_pages_show_thread_related_and_linked_from(seed_site):
    older = _page(seed_site, "2022/10/28").read_text(encoding="utf-8")
    newer = _page(seed_site, "2023/03/02").read_text(encoding="utf-8")
    assert "## Story: Bakhmut" in older and "- Next: [" in older and "Previously" not in older
    assert "- Previously: [" in newer and "- Next:" not in newer
    assert re.search(r"## Related briefings\n\n- \*\*\[.+\]\(.+\)\*\* · <time datetime=\"2023-03-02\">.* · shares Bakhmut", older)
    assert "## Linked from" in older and "## Linked from" in newer


def test_whole_seed_site_link_check(seed_site):
    problems, counts = check_site(seed_site / "site")
    assert not problems, problems[:20]
    assert counts["redirects"] == 2 and counts["anchors"] > 10 and counts["pages"] >= 15


def test_cite_box_and_preview_tags_are_escaped_and_complete(seed_site):
    page = _page(seed_site, "2022/10/28")
    post = frontmatter.load(page)
    html = (seed_site / "site" / page.relative_to(seed_site / "content").with_suffix("") / "index.html").read_text(encoding="utf-8")
    cite = post["briefing"]["cite"]
    assert cite["permalink"] == "b/000_4d44e1a7d75e83ce/" and not cite["absolute"]
    assert cite["bibtex"].startswith("@misc{briefing-000_4d44e1a7d75e83ce,") and "year = {2022}" in cite["bibtex"]
    assert cite["markdown"] == f"[{post['title']}](b/000_4d44e1a7d75e83ce/)"
    assert post["title"] in cite["text"] and "28 October 2022" in cite["text"] and "accessed" in cite["text"]
    assert 'class="briefing-cite"' in html and "data-clipboard-text" in html and "site_url" in html
    assert '<meta property="og:title"' in html and '<meta property="og:description"' in html
    assert 'href="../../../../b/000_4d44e1a7d75e83ce/"' in html


def test_hostile_headline_stays_text_in_citations(tmp_path):
    from generator.cite import citations

    briefing = _briefing("x1", "2024-01-02", 'Evil } \\ % <script>alert(1)</script> [link](http://x) "q"')
    forms = citations(briefing, "https://example.org/b/x1/", "Site")
    assert "\\}" in forms["bibtex"] and "\\%" in forms["bibtex"] and "\\\\" in forms["bibtex"]
    assert forms["bibtex"].count("{") - forms["bibtex"].count("\\{") == forms["bibtex"].count("}") - forms["bibtex"].count("\\}")
    assert forms["markdown"].startswith("[Evil } \\\\ % \\<script\\>") and "\\[link\\]" in forms["markdown"]


# --- feeds and data files --------------------------------------------------------------------


def test_data_files_and_feeds_parse_and_validate(seed_site):
    site = seed_site / "site"
    briefings = json.loads((site / "briefings.json").read_text(encoding="utf-8"))
    entities = json.loads((site / "entities.json").read_text(encoding="utf-8"))
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    jsonschema.validate(briefings, _schema("briefings.schema.json"))
    jsonschema.validate(entities, _schema("entities.schema.json"))
    jsonschema.validate(feed, _schema("jsonfeed.schema.json"))
    assert [b["date"] for b in briefings["briefings"]] == ["2023-03-02", "2022-10-28"]
    slugs = {e["slug"] for e in entities["entities"]}
    ids = {b["id"] for b in briefings["briefings"]}
    for b in briefings["briefings"]:
        assert (site / b["url"] / "index.html").is_file() and (site / b["permalink"] / "index.html").is_file()
        assert set(b["entities"]) <= slugs and "bakhmut" in b["entities"]
    for e in entities["entities"]:
        assert (site / e["url"] / "index.html").is_file() and set(e["briefings"]) <= ids
    rss = ET.parse(site / "feed.xml").getroot()
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    items = rss.findall("./channel/item")
    assert [i.findtext("title") for i in items] == [b["title"] for b in briefings["briefings"]]
    for item in items:
        assert item.findtext("pubDate") and item.findtext("guid") and item.findtext("description")
    assert [i["title"] for i in feed["items"]] == [b["title"] for b in briefings["briefings"]]


def test_feeds_use_absolute_urls_when_site_url_is_set(project):
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_url: https://user.github.io/repo/\n" + text, encoding="utf-8")
    config = load_config(project)
    generate(config)
    feed = json.loads((project / "content" / "feed.json").read_text(encoding="utf-8"))
    jsonschema.validate(feed, _schema("jsonfeed.schema.json"))
    assert feed["feed_url"] == "https://user.github.io/repo/feed.json"
    assert all(i["url"].startswith("https://user.github.io/repo/20") for i in feed["items"])
    rss = ET.parse(project / "content" / "feed.xml").getroot()
    assert all(g.text.startswith("https://user.github.io/repo/b/") for g in rss.iter("guid"))
    post = frontmatter.load(next((project / "content").glob("2022/10/28/*.md")))
    assert post["briefing"]["cite"]["url"] == "https://user.github.io/repo/b/000_4d44e1a7d75e83ce/"
    mkdocs_build(config)
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://user.github.io/repo/2022/10/28/" in sitemap and "/b/" not in sitemap


# --- permanent links -------------------------------------------------------------------------


SEED_TEXT = (Path(__file__).resolve().parent.parent / "seeds" / "004_7e97a3f5f0aae28d.txt").read_text(encoding="utf-8")


def _md_seed(path: Path, title: str) -> None:
    body = SEED_TEXT.split("2023-03-02", 1)[1].strip()
    path.write_text(f"---\nid: edited-1\ndate: 2023-03-03\ntitle: {json.dumps(title)}\n---\n{body}\n", encoding="utf-8")


def test_headline_change_keeps_the_old_url_working(project):
    seed = project / "seeds" / "edited.md"
    _md_seed(seed, "Battle for Bakhmut grinds on")
    config = load_config(project)
    generate(config)
    old = project / "content" / "2023/03/03/battle-for-bakhmut-grinds-on.md"
    assert old.is_file()
    record = json.loads((project / "permalinks.json").read_text(encoding="utf-8"))
    assert record["briefings"]["edited-1"] == ["2023/03/03/battle-for-bakhmut-grinds-on/"]
    _md_seed(seed, "Russia presses the assault on Bakhmut")
    generate(config)
    assert not old.exists()
    new = project / "content" / "2023/03/03/russia-presses-the-assault-on-bakhmut.md"
    assert new.is_file()
    record = json.loads((project / "permalinks.json").read_text(encoding="utf-8"))
    assert record["briefings"]["edited-1"] == ["2023/03/03/battle-for-bakhmut-grinds-on/",
                                                "2023/03/03/russia-presses-the-assault-on-bakhmut/"]
    mkdocs_build(config)
    site = project / "site"
    redirect = (site / "2023/03/03/battle-for-bakhmut-grinds-on/index.html").read_text(encoding="utf-8")
    target = re.search(r'url=([^"]+)"', redirect).group(1)
    landed = (site / "2023/03/03/battle-for-bakhmut-grinds-on" / target / "index.html").resolve()
    assert landed == (site / "2023/03/03/russia-presses-the-assault-on-bakhmut/index.html").resolve()
    problems, counts = check_site(site)
    assert not problems, problems[:10]
    assert counts["redirects"] == 4  # three short links and the old slug
    # a fresh clone: content/ and the cache are gone, only permalinks.json (committed) remains
    import shutil

    shutil.rmtree(project / "content" / "2023")
    shutil.rmtree(project / ".briefing-cache")
    generate(config)
    assert (project / "content" / "2023/03/03/battle-for-bakhmut-grinds-on/index.html").is_file()


def test_a_kept_slug_is_not_taken_by_a_newcomer():
    first = _briefing("zz-old", "2024-05-01", "Same headline")
    newcomer = _briefing("aa-new", "2024-05-01", "Same headline")
    alone = permalinks.assign([first], {})
    both = permalinks.assign([first, newcomer], alone.record)
    assert both.paths["zz-old"] == alone.paths["zz-old"] == "2024/05/01/same-headline.md"
    assert both.paths["aa-new"] == "2024/05/01/same-headline-aa-new.md"
    assert not both.redirects
    # without the record, id order would have given the plain slug to the newcomer
    assert permalinks.assign([first, newcomer], {}).paths["aa-new"] == "2024/05/01/same-headline.md"


def test_broken_permalinks_file_is_an_error_naming_it(project):
    (project / "permalinks.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(permalinks.PermalinkError, match="permalinks.json"):
        generate(load_config(project))
    assert (project / "permalinks.json").read_text(encoding="utf-8") == "{not json"


# --- scale behaviour on real corpus text ------------------------------------------------------


def _briefing(bid: str, date: str, title: str, text: str = "") -> Briefing:
    return Briefing(id=bid, date=dt.date.fromisoformat(date), title=title, title_generated=False, text=text,
                    paragraphs=[text], sentences=[], mentions=[], summary=[], key_points=[], word_count=0,
                    reading_minutes=0, origin=Origin("test"))


def _corpus_archive(count: int):
    """Corpus briefings with their gold index terms as entities (no spaCy needed)."""
    briefings, refs, entities = [], {}, {}
    for record in corpus_slice(count):
        b = _briefing(record["id"], record["date"], record["title"] or record["id"], record["text"])
        briefings.append(b)
        refs[b.id] = []
        for kind, type_ in (("places", "place"), ("people", "person"), ("orgs", "organisation")):
            for term in record["gold"].get(kind, []):
                entity = entities.setdefault(f"{type_}:{term}", Entity(key=f"{type_}:{term}", name=term, type=type_, slug=term))
                entity.briefing_ids.append(b.id)
                refs[b.id].append(BriefingEntity(key=entity.key, mentions=[EntityMention(term, 0, 0)]))
    return briefings, refs, entities


def test_chunked_sparse_top_k_equals_a_dense_reference(monkeypatch):
    briefings, refs, entities = _corpus_archive(600)
    monkeypatch.setattr(link_module, "CHUNK", 97)
    related = related_briefings(briefings, refs, entities, 5)
    ids = [b.id for b in briefings]
    ent, _, _ = link_module._entity_matrix(ids, refs, entities)
    text, _ = link_module._text_matrix(briefings)
    dense_text = (text @ text.T).toarray()
    dense_text[dense_text < link_module.MIN_TEXT] = 0
    score = link_module.ENTITY_WEIGHT * (ent @ ent.T).toarray() + link_module.TEXT_WEIGHT * dense_text
    days = np.array([b.date.toordinal() for b in briefings])
    gap = np.abs(days[:, None] - days[None, :])
    score *= 1 - link_module.TIME_WEIGHT + link_module.TIME_WEIGHT * np.exp(-gap / link_module.TIME_SCALE)
    np.fill_diagonal(score, 0)
    checked = 0
    for row, bid in enumerate(ids):
        expected = [ids[c] for c in np.argsort(-score[row], kind="stable")[:5] if score[row, c] >= link_module.MIN_SCORE]
        got = [r.id for r in related[bid]]
        assert len(got) == len(expected)
        assert np.allclose([score[row, ids.index(g)] for g in got], [score[row, ids.index(e)] for e in expected], atol=1e-4)
        checked += bool(got)
    assert checked > 500


def test_related_reasons_and_threads_on_corpus_slice():
    briefings, refs, entities = _corpus_archive(1000)
    related = related_briefings(briefings, refs, entities, 5)
    by_id = {b.id: b for b in briefings}
    with_reason = [r for items in related.values() for r in items if r.shared or r.terms]
    assert len(with_reason) == sum(len(v) for v in related.values()) > 2000
    places = threads(briefings, related, entities)
    assert places
    for bid, place in places.items():
        if place.next:
            assert places[place.next].previous == bid
            assert (by_id[bid].date, bid) < (by_id[place.next].date, place.next)
        assert place.size <= 60


@pytest.mark.slow
def test_link_check_on_a_1000_article_corpus_slice(tmp_path):
    root = make_project(tmp_path / "archive", seeds=False)
    with open(root / "seeds" / "slice.jsonl", "w", encoding="utf-8") as handle:
        for record in corpus_slice(1000):
            handle.write(json.dumps(record) + "\n")
    config = load_config(root)
    report = generate(config)
    assert report.briefings > 950
    mkdocs_build(config)
    problems, counts = check_site(root / "site")
    assert not problems, problems[:20]
    assert counts["redirects"] >= report.briefings and counts["pages"] > report.briefings
    briefings = json.loads((root / "site" / "briefings.json").read_text(encoding="utf-8"))
    jsonschema.validate(briefings, _schema("briefings.schema.json"))
    assert len(briefings["briefings"]) == report.briefings
    assert (root / "site" / "timeline" / "1987" / "03" / "index.html").is_file()  # one page a month at this size


def test_pages_workflow_installs_pinned_and_uses_the_official_actions():
    import yaml

    workflow = yaml.safe_load((Path(__file__).resolve().parent.parent / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    uses = {s["uses"].split("@")[0] for s in steps if "uses" in s}
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= uses
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "--require-hashes -r requirements.txt" in runs and "briefing build" in runs
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_404_page_is_useful(seed_site):
    html = (seed_site / "site" / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in html and "b/&lt;id&gt;/" in html
    assert "timeline/" in html and "entities/" in html and "md-search__input" in html


def test_content_anchors_survive_edits_elsewhere(seed_briefings):
    from generator.render import paragraph_anchors

    paragraphs = list(seed_briefings["000"].paragraphs)
    before = paragraph_anchors(paragraphs)
    assert len(set(before)) == len(before) == len(paragraphs) > 5
    edited = ["A new opening paragraph."] + paragraphs[:3] + [paragraphs[3] + " (Corrected.)"] + paragraphs[4:]
    after = paragraph_anchors(edited)
    assert after[1:4] == before[:3] and after[5:] == before[4:]
    assert after[4] != before[3]
    assert paragraph_anchors(["Same.", "same. ", "Other"])[:2] == [before_dup := paragraph_anchors(["Same."])[0], before_dup + "-2"]


def test_every_paragraph_has_both_anchors_in_the_site(seed_site):
    page = _page(seed_site, "2022/10/28")
    html = (seed_site / "site" / page.relative_to(seed_site / "content").with_suffix("") / "index.html").read_text(encoding="utf-8")
    positional = re.findall(r'<p id="p(\d+)"><a class="briefing-anchor" id="(t-[0-9a-f]{8}(?:-\d+)?)"', html)
    assert len(positional) > 5 and [int(n) for n, _ in positional] == list(range(1, len(positional) + 1))


from hypothesis import given, settings
from hypothesis import strategies as st

HEADLINES = ["Bakhmut falls", "Bakhmut holds", "Talks in Geneva", "Grain deal", "Index", "Bakhmut falls!"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(0, 3), st.sampled_from(HEADLINES)), min_size=1, max_size=4),
                min_size=1, max_size=6))
def test_every_url_ever_published_stays_live_or_redirects_to_its_briefing(builds):
    """Property: over any sequence of builds (briefings appearing, leaving, renamed, colliding on a
    slug), every URL a briefing was ever published at is its page or redirects to its current page,
    and no URL ever passes from one briefing to another."""
    record: dict[str, list[str]] = {}
    ever: dict[str, set[str]] = {}
    for build in builds:
        briefings = {f"id-{n}": _briefing(f"id-{n}", "2024-02-0" + str(1 + n % 2), title) for n, title in build}
        result = permalinks.assign(list(briefings.values()), record)
        record = result.record
        urls = {bid: permalinks.url_of(path) for bid, path in result.paths.items()}
        assert len(set(urls.values())) == len(urls)  # no two live pages share a URL
        for bid, url in urls.items():
            ever.setdefault(bid, set()).add(url)
            assert record[bid][-1] == url
            for old in ever[bid] - {url}:
                assert old in record[bid]
                assert old not in urls.values()  # never handed to another briefing
                assert result.redirects[old] == result.paths[bid]
        assert permalinks.load_text(permalinks.dump(record)) == record


def test_a_thread_never_fuses_two_stories():
    from generator.models import Related

    a, b, c = (_briefing(i, d, i) for i, d in (("a", "2023-01-01"), ("b", "2023-01-05"), ("c", "2023-01-09")))
    entities = {name: Entity(key=name, name=name, type="place", slug=name.lower(), briefing_ids=ids)
                for name, ids in (("Bakhmut", ["a", "b"]), ("Geneva", ["b", "c"]))}
    related = {"a": [Related("b", 0.6, ("Bakhmut",))], "b": [Related("a", 0.6, ("Bakhmut",)), Related("c", 0.5, ("Geneva",))],
               "c": [Related("b", 0.5, ("Geneva",))]}
    places = threads([a, b, c], related, entities)
    assert places["a"].next == "b" and places["b"].previous == "a" and places["b"].next is None
    assert places["a"].name == "Bakhmut" and "c" not in places
    weak = {k: [Related(r.id, 0.1, r.shared) for r in v] for k, v in related.items()}
    assert threads([a, b, c], weak, entities) == {}
