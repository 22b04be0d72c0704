"""Machine-readable outputs and previews: feeds, briefings.json, entities.json, cite box, OpenGraph, 404."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import frontmatter
import jsonschema

from generator.build import generate
from generator.site_build import mkdocs_build
from generator.config import load_config
from support import content_page, make_briefing, schema


def test_data_files_and_feeds_parse_and_validate(seed_site):
    site = seed_site / "site"
    briefings = json.loads((site / "briefings.json").read_text(encoding="utf-8"))
    entities = json.loads((site / "entities.json").read_text(encoding="utf-8"))
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    jsonschema.validate(briefings, schema("briefings.schema.json"))
    jsonschema.validate(entities, schema("entities.schema.json"))
    jsonschema.validate(feed, schema("jsonfeed.schema.json"))
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
    jsonschema.validate(feed, schema("jsonfeed.schema.json"))
    assert feed["feed_url"] == "https://user.github.io/repo/feed.json"
    assert all(i["url"].startswith("https://user.github.io/repo/20") for i in feed["items"])
    rss = ET.parse(project / "content" / "feed.xml").getroot()
    assert all(g.text.startswith("https://user.github.io/repo/b/") for g in rss.iter("guid"))
    post = frontmatter.load(next((project / "content").glob("2022/10/28/*.md")))
    assert post["briefing"]["cite"]["url"] == "https://user.github.io/repo/b/000_4d44e1a7d75e83ce/"
    mkdocs_build(config)
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://user.github.io/repo/2022/10/28/" in sitemap and "/b/" not in sitemap


def test_the_pages_workflow_address_makes_links_absolute_without_editing_mkdocs_yml(project, monkeypatch):
    """GitHub's configure-pages gives the address; the workflow passes it on as BRIEFING_SITE_URL."""
    monkeypatch.setenv("BRIEFING_SITE_URL", "https://user.github.io/repo")  # base_url has no final slash
    config = load_config(project)
    assert config.site_url == "https://user.github.io/repo/"
    generate(config)
    post = frontmatter.load(next((project / "content").glob("2022/10/28/*.md")))
    assert post["briefing"]["cite"]["url"] == "https://user.github.io/repo/b/000_4d44e1a7d75e83ce/"
    mk_config = mkdocs_build(config)
    assert mk_config.site_url == "https://user.github.io/repo/"
    html = next((project / "site").glob("2022/10/28/*/index.html")).read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://user.github.io/repo/2022/10/28/' in html
    workflow = (Path(__file__).resolve().parent.parent / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert "BRIEFING_SITE_URL: ${{ steps.pages.outputs.base_url }}/" in workflow


def test_cite_box_and_preview_tags_are_escaped_and_complete(seed_site):
    page = content_page(seed_site, "2022/10/28")
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

    briefing = make_briefing("x1", "2024-01-02", 'Evil } \\ % <script>alert(1)</script> [link](http://x) "q"')
    forms = citations(briefing, "https://example.org/b/x1/", "Site")
    assert "\\}" in forms["bibtex"] and "\\%" in forms["bibtex"] and "\\\\" in forms["bibtex"]
    assert forms["bibtex"].count("{") - forms["bibtex"].count("\\{") == forms["bibtex"].count("}") - forms["bibtex"].count("\\}")
    assert forms["markdown"].startswith("[Evil } \\\\ % \\<script\\>") and "\\[link\\]" in forms["markdown"]


def test_404_page_is_useful(seed_site):
    html = (seed_site / "site" / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in html and "b/&lt;id&gt;/" in html
    assert "always leads" not in html and "saying it was removed" in html  # a removed briefing's links say so
    assert "timeline/" in html and "entities/" in html and "md-search__input" in html


def test_pages_workflow_installs_pinned_and_uses_the_official_actions():
    import yaml

    workflow = yaml.safe_load((Path(__file__).resolve().parent.parent / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    uses = {s["uses"].split("@")[0] for s in steps if "uses" in s}
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= uses
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "--require-hashes -r requirements.txt" in runs and "briefing build" in runs
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_data_files_hold_one_record_a_line_and_parse_as_json(seed_archive):
    from generator import pages, templating

    data = pages.plan_data(seed_archive, templating.environment(), "", "Briefings", "")
    for name, key in (("briefings.json", "briefings"), ("entities.json", "entities")):
        lines = data[name].splitlines()
        records = json.loads(data[name])[key]
        assert json.loads(data[name])["version"] == 1 and len(records) >= 2
        assert [json.loads(line.rstrip(",")) for line in lines[1:-1]] == records
