"""A published URL of a briefing that left the archive leads to an honest "removed" page, never a 404 or another story."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.build import generate
from generator.site_build import mkdocs_build
from generator.config import load_config
from generator.models import Archive
from generator.removed_pages import removed_pages
from generator.templating import environment
from linkcheck import check_site
from support import make_briefing

SEED_TEXT = (Path(__file__).resolve().parent.parent / "seeds" / "004_7e97a3f5f0aae28d.txt").read_text(encoding="utf-8")
FIRST = "2023/03/03/battle-for-bakhmut-grinds-on/"
SECOND = "2023/03/03/russia-presses-the-assault-on-bakhmut/"


def _md_seed(path: Path, title: str) -> None:
    body = SEED_TEXT.split("2023-03-02", 1)[1].strip()
    path.write_text(f"---\nid: edited-1\ndate: 2023-03-03\ntitle: {json.dumps(title)}\n---\n{body}\n", encoding="utf-8")


def _generated_text(content: Path) -> str:
    """Every generated file but the removed pages: where the briefing must no longer be listed."""
    return "\n".join(p.read_text(encoding="utf-8") for p in content.rglob("*")
                     if p.is_file() and p.suffix in (".md", ".json", ".xml") and p.name != ".briefing-manifest.json")


@pytest.mark.slow
def test_a_deleted_seeds_every_published_url_and_short_link_say_it_was_removed_and_come_back_with_it(project):
    seed = project / "seeds" / "edited.md"
    _md_seed(seed, "Battle for Bakhmut grinds on")
    config = load_config(project)
    generate(config)
    _md_seed(seed, "Russia presses the assault on Bakhmut")  # a second URL, the first redirecting to it
    generate(config)
    kept = seed.read_text(encoding="utf-8")
    seed.unlink()  # the story leaves the archive
    report = generate(config)
    assert not report.problems
    content = project / "content"
    for url in (FIRST, SECOND, "b/edited-1/"):
        page = (content / url / "index.html").read_text(encoding="utf-8")
        assert "Briefing removed" in page and "<code>edited-1</code> was removed from the archive" in page
        assert "dated 2023-03-03" in page and "“Russia presses the assault on Bakhmut”" in page  # the last headline
        assert '<meta name="robots" content="noindex">' in page and "http-equiv" not in page  # not a redirect
    assert not (content / f"{SECOND[:-1]}.md").exists()
    assert "edited-1" not in _generated_text(content) and "Russia presses" not in _generated_text(content)
    assert "always leads" not in (project / "overrides" / "404.html").read_text(encoding="utf-8")
    mkdocs_build(config)
    site = project / "site"
    problems, _ = check_site(site)  # the removed pages' links (home, timeline) land
    assert not problems, problems[:10]
    assert "Briefing removed" in (site / SECOND / "index.html").read_text(encoding="utf-8")
    assert "battle-for-bakhmut" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    seed.write_text(kept, encoding="utf-8")  # restored: its page is back at its URL, the short link leads to it
    generate(config)
    assert (content / f"{SECOND[:-1]}.md").is_file() and not (content / SECOND / "index.html").exists()
    assert "http-equiv=\"refresh\"" in (content / "b/edited-1/index.html").read_text(encoding="utf-8")
    assert "http-equiv=\"refresh\"" in (content / FIRST / "index.html").read_text(encoding="utf-8")


def _archive(permalinks: dict[str, list[str]], live=(), redirects=None) -> Archive:
    briefings = [make_briefing(bid, "2023-03-04", "A live story") for bid in live]
    return Archive(briefings=briefings, entities={}, briefing_entities={}, permalinks=permalinks,
                   urls={b.id: f"2023/03/04/{b.id}.md" for b in briefings}, redirects=redirects or {})


def test_a_removed_briefings_headline_is_text_on_its_page_and_a_url_that_leads_elsewhere_is_left_alone():
    archive = _archive({"gone": ["2023/03/02/old-headline/", "2023/03/03/hostile/"], "kept": ["2023/03/04/kept/"],
                        "folded": ["2023/03/01/folded/"]},
                       live=["kept"], redirects={"2023/03/01/folded/": "2023/03/04/kept.md", "b/folded/": "2023/03/04/kept.md"})
    by_hand = {"2023/03/02/old-headline.md"}  # a retraction notice written where the page was
    pages = removed_pages(archive, {"gone": "<img src=x onerror=alert(1)> & more"}, {}, by_hand.__contains__)
    assert sorted(pages) == ["2023/03/03/hostile/index.html", "b/gone/index.html"]
    template, context = pages["2023/03/03/hostile/index.html"]
    html = environment().get_template(template).render(**context)
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; more" in html and "<img" not in html
    assert 'href="../../../../timeline/"' in html and "dated 2023-03-03" in html
    assert 'href="../../timeline/"' in environment().get_template(template).render(**pages["b/gone/index.html"][1])
    offline = removed_pages(archive, {}, {}, by_hand.__contains__, directory_urls=False)  # the pages' files
    html = environment().get_template(template).render(**offline["2023/03/03/hostile/index.html"][1])
    assert 'href="../../../../index.html"' in html and 'href="../../../../timeline.html"' in html


def test_a_removed_briefing_recorded_before_headlines_were_names_its_id_and_date_only():
    pages = removed_pages(_archive({"gone": ["2023/03/02/old-headline/"]}), {}, {}, lambda path: False)
    html = environment().get_template("removed.html.j2").render(**pages["2023/03/02/old-headline/index.html"][1])
    assert "<code>gone</code> was removed" in html and "dated 2023-03-02." in html and "headline" not in html


def test_an_id_in_a_hand_edited_permalinks_json_never_puts_a_removed_page_outside_the_site():
    """``permalinks.json`` is a file people edit and merge: an id there such as ``../../../pwned`` must not make
    the short link ``b/<id>/`` a path out of content/ (it wrote /tmp/pwned/index.html from a project in /tmp/x/y)."""
    archive = _archive({"../../../pwned": ["2023/03/02/old-headline/"], "b/../../up": [], "gone": []})
    pages = removed_pages(archive, {}, {}, lambda path: False)
    assert sorted(pages) == ["2023/03/02/old-headline/index.html", "b/gone/index.html"]


@pytest.mark.slow
def test_a_removed_briefings_page_links_to_files_in_an_offline_build(project, monkeypatch):
    """Without directory URLs (``BRIEFING_OFFLINE``) the removed page's links name the pages' files, like the
    redirects': the generator writes them so, no hook needed."""
    monkeypatch.setenv("BRIEFING_OFFLINE", "true")
    config = load_config(project)
    generate(config)
    (project / "seeds" / "004_7e97a3f5f0aae28d.txt").unlink()
    generate(config)
    page = (project / "content/b/004_7e97a3f5f0aae28d/index.html").read_text(encoding="utf-8")
    assert 'href="../../index.html"' in page and 'href="../../timeline.html"' in page
    mkdocs_build(config)
    site = project / "site"
    assert (site / "b/004_7e97a3f5f0aae28d/index.html").read_text(encoding="utf-8") == page
    problems, _ = check_site(site)
    assert not problems, problems[:10]
