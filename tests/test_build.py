"""End to end: seeds -> content/ -> site/, inspected as Markdown and as HTML."""

import hashlib
import json
import re
from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner

from generator.cli import cli

JUNK = ("[[", "An error occurred", "Email address Sign up")


def _briefing_pages(root: Path):
    return sorted((root / "content").glob("[0-9][0-9][0-9][0-9]/*/*/*.md"))


def test_content_has_a_page_per_seed_with_front_matter(seed_site):
    pages = _briefing_pages(seed_site)
    assert len(pages) == 2
    for page in pages:
        post = frontmatter.load(page)
        assert post["template"] == "briefing.html"
        assert post["title"] and post["description"]
        groups = {g["type"]: g for g in post["briefing"]["entities"]}
        assert {"person", "place", "organisation"} <= set(groups)
        assert "## Summary" in post.content and "## Key points" in post.content and "## Article" in post.content


def test_site_has_every_part_of_a_briefing(seed_site):
    for page in _briefing_pages(seed_site):
        rel = page.relative_to(seed_site / "content").with_suffix("")
        html = (seed_site / "site" / rel / "index.html").read_text(encoding="utf-8")
        post = frontmatter.load(page)
        assert f"<h1" in html and post["title"] in html
        assert 'class="briefing-sidebar"' in html
        assert "Key points" in html and "Summary" in html
        assert re.search(r'<time datetime="20\d\d-\d\d-\d\d"', html)
        assert 'id="p1"' in html


def test_no_page_of_the_site_contains_scraper_junk(seed_site):
    pages = list((seed_site / "site").rglob("*.html")) + list((seed_site / "site").rglob("*.json"))
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if page.suffix == ".json":  # the text in the data, not the JSON's own brackets ("[[" in nested arrays)
            text = "\n".join(_strings(json.loads(text)))
        for junk in JUNK:
            assert junk not in text, (page, junk)


def _strings(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for key, value in data.items() for s in [key, *_strings(value)]]
    if isinstance(data, list):
        return [s for item in data for s in _strings(item)]
    return []


def test_sidebar_links_resolve_to_entity_pages(seed_site):
    page = next(p for p in _briefing_pages(seed_site) if "2022" in str(p))
    rel = page.relative_to(seed_site / "content").with_suffix("")
    html_path = seed_site / "site" / rel / "index.html"
    html = html_path.read_text(encoding="utf-8")
    sidebar = html[html.index('class="briefing-sidebar"'):]
    links = re.findall(r'href="([^"]+)"', sidebar[: sidebar.index("</aside>")])
    assert len(links) >= 5
    for link in links:
        target = (html_path.parent / link).resolve() / "index.html"
        assert target.is_file(), link


def test_short_links_redirect_to_the_briefing(seed_site):
    redirect = seed_site / "site" / "b" / "000_4d44e1a7d75e83ce" / "index.html"
    html = redirect.read_text(encoding="utf-8")
    target = re.search(r'url=([^"]+)"', html).group(1)
    assert (redirect.parent / target / "index.html").resolve().is_file()


def test_generation_is_deterministic_and_leaves_seeds_alone(project):
    from generator.build import generate
    from generator.config import load_config

    seeds_before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (project / "seeds").iterdir()}
    config = load_config(project)
    generate(config)
    first = {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()}
    generate(config)
    second = {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()}
    assert first == second
    assert seeds_before == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (project / "seeds").iterdir()}
    assert (project / "content" / "about.md").read_text(encoding="utf-8").startswith("# About")


def test_removed_seed_removes_its_pages_but_not_hand_written_ones(project):
    from generator.build import generate
    from generator.config import load_config

    config = load_config(project)
    generate(config)
    (project / "content" / "notes.md").write_text("# My notes\n", encoding="utf-8")
    (project / "seeds" / "004_7e97a3f5f0aae28d.txt").unlink()
    report = generate(config)
    assert len(_briefing_pages(project)) == 1
    # its short link (and its URL) now say it was removed: not a 404, and never another story
    short = (project / "content" / "b" / "004_7e97a3f5f0aae28d" / "index.html").read_text(encoding="utf-8")
    assert "was removed from the archive" in short and "Russian forces carried out relentless attacks" in short
    assert (project / "content" / "notes.md").read_text(encoding="utf-8") == "# My notes\n"
    assert report.cached == 1 and report.analysed == 0


def test_extract_prints_one_record_per_seed(seed_dir):
    result = CliRunner().invoke(cli, ["extract", str(seed_dir)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(records) == 2
    for record in records:
        assert set(record) >= {"id", "date", "title", "source", "url", "summary", "key_points", "text", "entities", "related"}
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", record["date"])
        assert record["url"].startswith(record["date"].replace("-", "/"))
        assert isinstance(record["summary"], str) and record["summary"]
        for entity in record["entities"]:
            assert set(entity) >= {"name", "type", "slug", "mentions"}
            for mention in entity["mentions"]:
                field = mention.get("in", "text")  # a dateline's places point into the dateline
                assert record[field][mention["start"]:mention["end"]] == mention["text"]
        assert record["related"] == [r["id"] for r in records if r["id"] != record["id"]]


def test_extract_reads_minimal_jsonl(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "m1", "date": "2024-01-05", "text": "Angela Merkel met Emmanuel Macron in Paris on Monday. They discussed trade."}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path), "--project", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(l) for l in result.stdout.splitlines() if l.strip()]
    assert record["id"] == "m1"
    names = {e["name"]: e["type"] for e in record["entities"]}
    assert names.get("Paris") == "place"


def test_check_reports_bad_files_and_strict_fails(project):
    (project / "seeds" / "broken.txt").write_text("no date here", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["check", "--project", str(project)])
    assert result.exit_code == 1
    assert "broken.txt" in result.output and "no date" in result.output


def test_build_skips_bad_articles_and_builds_the_rest(project):
    (project / "seeds" / "broken.txt").write_text("date 2023-02-30 impossible", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["generate", "--project", str(project)])
    assert result.exit_code == 0, result.output
    assert "broken.txt" in result.output and "does not exist" in result.output
    assert len(_briefing_pages(project)) == 2
    strict = runner.invoke(cli, ["generate", "--strict", "--project", str(project)])
    assert strict.exit_code != 0


@pytest.mark.parametrize("command", ["build", "generate", "serve", "check", "extract", "deploy"])
def test_every_command_is_documented_in_help_and_readme(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and len(result.output) > 80
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"briefing {command}" in readme
