"""A link check over the whole built site: seeds, and a 1,000-article corpus slice (slow)."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from conftest import corpus_slice, make_project
from generator.build import generate
from generator.site_build import mkdocs_build
from generator.config import load_config
from linkcheck import check_site
from support import content_page, schema


def test_whole_seed_site_link_check(seed_site):
    problems, counts = check_site(seed_site / "site")
    assert not problems, problems[:20]
    assert counts["redirects"] == 2 and counts["anchors"] > 10 and counts["pages"] >= 15


def test_seed_pages_show_thread_related_and_linked_from(seed_site):
    older = content_page(seed_site, "2022/10/28").read_text(encoding="utf-8")
    newer = content_page(seed_site, "2023/03/02").read_text(encoding="utf-8")
    assert "## Story: Bakhmut" in older and "<li>Next: <a " in older and "Previously" not in older
    assert "<li>Previously: <a " in newer and "Next:" not in newer
    assert re.search(r"## Related briefings\n\n.*\n<ul>\n<li><strong><a href=\"[^\"]+/\">.+</a></strong> · "
                     r"<time datetime=\"2023-03-02\">.* · both about Bakhmut", older)
    # Each lists the other as related, so neither repeats it under "Linked from".
    assert "## Linked from" not in older and "## Linked from" not in newer


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
    jsonschema.validate(briefings, schema("briefings.schema.json"))
    assert report.folded > 10  # the wire re-sends stories: each is one page, its versions' links redirect to it
    assert len(briefings["briefings"]) == report.briefings - report.folded
    record = json.loads((root / "permalinks.json").read_text(encoding="utf-8"))["briefings"]
    listed = {b["id"] for b in briefings["briefings"]}
    folded = [bid for bid in record if bid not in listed]
    assert len(folded) == report.folded
    for bid in folded:  # the link check above found every redirect's target
        assert (root / "site" / "b" / bid / "index.html").is_file()
        assert all((root / "site" / url / "index.html").is_file() for url in record[bid])
    assert (root / "site" / "timeline" / "1987" / "03" / "index.html").is_file()  # one page a month at this size
    # Long lists are paginated: the busiest entity's page links its numbered older pages, and they link back.
    numbered = sorted((root / "content" / "entities").glob("*/1.md"))
    assert numbered, "no entity with more than 100 briefings in 1,000 articles"
    slug = numbered[0].parent.name
    main = (root / "site" / "entities" / slug / "index.html").read_text(encoding="utf-8")
    pager = re.search(r'<p class="briefing-pager"[^>]*>(.*?)</p>', main).group(1)
    assert re.search(r"Briefings \d+–\d+ of \d+, newest first", pager)
    assert re.search(r'<a href="[^"]*\d+/">Older</a>', pager)
    oldest = (root / "site" / "entities" / slug / "1" / "index.html").read_text(encoding="utf-8")
    assert "Briefings 1–100 of" in oldest and ">Newer</a>" in oldest and ">Older</a>" not in oldest
    # "Linked from" shows the briefings that list a page as related and that its own list does not hold.
    def targets(text: str, heading: str) -> set[str]:
        section = re.search(rf"## {heading}\n\n(.*?)(?:\n## |\Z)", text, re.S)
        return set(re.findall(r'<a href="([^"]+/)">', section.group(1))) if section else set()

    one_way = 0
    for page in (root / "content").glob("[0-9][0-9][0-9][0-9]/*/*/*.md"):
        text = page.read_text(encoding="utf-8")
        linked = targets(text, "Linked from")
        assert not targets(text, "Related briefings") & linked, page
        one_way += bool(linked)
    assert one_way > 50  # links that go one way still show


def test_timeline_gets_one_page_a_month_when_large(seed_archive, monkeypatch):
    from generator import pages as page_plans
    from generator.templating import environment

    small = page_plans.PagePlanner(seed_archive).other_pages(20)
    assert not any(p.startswith("timeline/") for p in small)
    assert [m["label"] for _, months in small["timeline.md"][1]["years"] for m in months] == ["March 2023", "October 2022"]
    monkeypatch.setattr(page_plans, "TIMELINE_INLINE", 1)
    pages = page_plans.PagePlanner(seed_archive).other_pages(20)
    assert {"timeline/2023/03.md", "timeline/2022/10.md"} <= set(pages)
    newest = pages["timeline/2023/03.md"][1]
    assert newest["newer"] is None and newest["older"]["src"] == "timeline/2022/10.md"
    assert [i["date"] for i in newest["items"]] == ["2023-03-02"]
    env = environment()
    text = env.get_template("timeline.md.j2").render(page_path="timeline.md", **pages["timeline.md"][1])
    assert "[March 2023](timeline/2023/03.md) · 1 briefing" in text and "Russian" not in text


def test_an_offline_builds_pages_link_each_page_by_the_file_mkdocs_writes(seed_archive, monkeypatch):
    """Without directory URLs (Material's offline plugin) MkDocs writes ``entities/opec.html``: every link the
    pages' HTML blocks hold (entity links, map dots, lists, pagers, redirect stubs) and the theme's sidebar URLs
    name such a file, so the site needs no hook to read from a folder. Rendered across processes too."""
    import posixpath

    from generator import page_workers
    from generator import pages as page_plans
    from generator.executor import Executor
    from generator.paths import url_of

    monkeypatch.setattr(page_plans, "TIMELINE_INLINE", 1)  # a page a month, with its day index
    monkeypatch.setattr(page_plans, "ENTITY_INDEX_INLINE", 3)  # a page a letter
    planner = page_plans.PagePlanner(seed_archive, directory_urls=False)
    pages = planner.other_pages(20)
    pages.update(planner.briefing_page(briefing) for briefing in seed_archive.briefings)
    paths = sorted(pages)
    serial = dict(page_workers.render_pages(pages, paths, directory_urls=False))
    parallel = Executor(2, thresholds={"pages": 1})
    assert dict(page_workers.render_pages(pages, paths, parallel, directory_urls=False)) == serial
    files = {url_of(path, directory_urls=False) for path in pages}
    assert "entities/bakhmut.html" in files and "timeline/2023/03.html" in files and "entities/a-z/b.html" in files
    checked = set()
    for path, text in serial.items():
        folder = posixpath.dirname(url_of(path, directory_urls=False))
        for href in re.findall(r'href="([^"#:]+)(?:#[^"]*)?"', text):
            assert posixpath.normpath(posixpath.join(folder, href)) in files, (path, href)
            checked.add(path)
    assert len(checked) > 10 and any(path.startswith("b/") for path in checked)
    sidebar = [e["url"] for path in paths if path[:4].isdigit()
               for group in pages[path][1]["front"]["briefing"]["entities"] for e in group["items"] if e["url"]]
    assert sidebar and set(sidebar) <= files


def test_home_page_shows_recent_entities_and_counts(seed_site):
    home = (seed_site / "content" / "index.md").read_text(encoding="utf-8")
    assert "2 briefings from 2022-10-28 to 2023-03-02" in home and "1 story followed" in home
    recent = home[home.index("## Most mentioned in the last 30 days"):home.index("## Latest briefings")]
    # only the newest briefing (2023-03-02) is within 30 days of the archive's end
    assert "[Bakhmut](entities/bakhmut.md) · 1 briefing" in recent and "Samuel Ramani" not in recent


@pytest.mark.slow
def test_pages_named_like_an_index_page_are_linked_to_themselves(tmp_path):
    """Headlines and entities ending in "index" (``...-stock-index.md``, ``retail-price-index.md``) are ordinary
    pages, not their folder's index: every link to them, the short links included, resolves."""
    root = make_project(tmp_path / "archive", seeds=False)
    wanted = {5161, 5728, 6588, 6953}  # two headlines ending in INDEX, two articles on the Retail Price Index
    records = [r for i, r in enumerate(corpus_slice(7000)) if i in wanted]
    with open(root / "seeds" / "index.jsonl", "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")
    # The Retail Price Index is no entity of its own (an index is no organisation): an entity page named so is
    # one an analyst renamed in entities.yml (the department that publishes it, here).
    (root / "entities.yml").write_text("rename:\n  Employment Department: Employment Department Price Index\n",
                                       encoding="utf-8")
    config = load_config(root)
    report = generate(config, jobs=1)
    assert report.briefings == 4 and not report.errors, report.problems
    mkdocs_build(config)
    problems, counts = check_site(root / "site")
    assert not problems, problems[:20]
    assert counts["redirects"] == 4
    indexed = [p for p in (root / "content").rglob("*index.md") if p.name != "index.md"]
    assert any(p.parent.name == "entities" for p in indexed) and any(p.parent.name != "entities" for p in indexed), indexed
