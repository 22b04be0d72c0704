"""Links that never break: URLs kept in permalinks.json, old slugs redirecting, paragraph anchors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import permalinks
from generator.build import generate, mkdocs_build
from generator.config import load_config
from linkcheck import check_site
from support import content_page, make_briefing


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
    # three short links, the old slug, and the URL of the seed whose text this copies: folded into it as a version
    assert counts["redirects"] == 5
    # a fresh clone: content/ and the cache are gone, only permalinks.json (committed) remains
    import shutil

    shutil.rmtree(project / "content" / "2023")
    shutil.rmtree(project / ".briefing-cache")
    generate(config)
    assert (project / "content" / "2023/03/03/battle-for-bakhmut-grinds-on/index.html").is_file()


def test_a_kept_slug_is_not_taken_by_a_newcomer():
    first = make_briefing("zz-old", "2024-05-01", "Same headline")
    newcomer = make_briefing("aa-new", "2024-05-01", "Same headline")
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


HEADLINES = ["Bakhmut falls", "Bakhmut holds", "Talks in Geneva", "Grain deal", "Index", "Bakhmut falls!"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(0, 3), st.sampled_from(HEADLINES)), min_size=1, max_size=4),
                min_size=1, max_size=6))
def test_every_url_ever_published_stays_live_or_redirects_to_itsmake_briefing(builds):
    """Property: over any sequence of builds (briefings appearing, leaving, renamed, colliding on a
    slug), every URL a briefing was ever published at is its page or redirects to its current page,
    and no URL ever passes from one briefing to another."""
    record: dict[str, list[str]] = {}
    ever: dict[str, set[str]] = {}
    for build in builds:
        briefings = {f"id-{n}": make_briefing(f"id-{n}", "2024-02-0" + str(1 + n % 2), title) for n, title in build}
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
    page = content_page(seed_site, "2022/10/28")
    html = (seed_site / "site" / page.relative_to(seed_site / "content").with_suffix("") / "index.html").read_text(encoding="utf-8")
    positional = re.findall(r'<p id="p(\d+)"><a class="briefing-anchor" id="(t-[0-9a-f]{8}(?:-\d+)?)"', html)
    assert len(positional) > 5 and [int(n) for n, _ in positional] == list(range(1, len(positional) + 1))
