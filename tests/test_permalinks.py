"""Links that never break: URLs kept in permalinks.json, old slugs redirecting, paragraph anchors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import permalinks
from generator.build import generate
from generator.site_build import mkdocs_build
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
    from generator.templating import paragraph_anchors

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


# Id-less feed lines and renamed seeds (issue 28): an old link never shows another story.
FEED = [
    {"date": "2023-05-01", "title": "Chile copper output rises",
     "text": "Copper output in Chile rose 4 percent in April, the state agency Cochilco said on Monday. "
             "State miner Codelco led the increase after repairs at its El Teniente mine were finished. "
             "Analysts in Santiago expect output to stay high through the southern winter."},
    {"date": "2023-05-02", "title": "Kenya raises fuel prices",
     "text": "Kenya's energy regulator raised pump prices by 3 shillings a litre on Tuesday. "
             "The regulator blamed a weaker shilling and higher import costs for the rise. "
             "Matatu owners in Nairobi said fares would go up from next week."},
    {"date": "2023-05-03", "title": "Norway wealth fund posts gain",
     "text": "Norway's sovereign wealth fund returned 5.9 percent in the first quarter, its manager said on Wednesday. "
             "Technology shares drove most of the gain after a weak 2022. "
             "The fund is now worth more than 14 trillion crowns."},
]
NEWCOMER = {"date": "2023-05-01", "title": "Peru lifts emergency in mining corridor",
            "text": "Peru's government lifted a state of emergency along its southern mining corridor on Monday. "
                    "Protesters had blocked the road used by the Las Bambas copper mine for weeks. "
                    "Truck traffic resumed on Monday afternoon, police in Apurimac said."}


def _write_feed(project: Path, records: list[dict]) -> None:
    (project / "seeds" / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def _record(project: Path) -> dict[str, list[str]]:
    return json.loads((project / "permalinks.json").read_text(encoding="utf-8"))["briefings"]


def _headline_at(project: Path, url: str) -> str:
    page = (project / "content" / f"{url.rstrip('/')}.md").read_text(encoding="utf-8")
    return re.search(r"^# (.+)$", page, re.M).group(1)


def _short_link_target(project: Path, bid: str) -> str:
    page = (project / "content" / "b" / bid / "index.html").read_text(encoding="utf-8")
    return re.search(r'url=\.\./\.\./([^"]+)"', page).group(1)


def test_a_line_inserted_at_the_top_of_an_id_less_feed_moves_no_link(project):
    config = load_config(project)
    _write_feed(project, FEED)
    generate(config)
    before = {bid: urls[-1] for bid, urls in _record(project).items() if bid.startswith("feed-")}
    headlines = {bid: _headline_at(project, url) for bid, url in before.items()}
    assert sorted(headlines.values()) == sorted(r["title"] for r in FEED)
    corrected = dict(FEED[2], text=FEED[2]["text"].replace("14 trillion", "15 trillion"))  # a correction
    _write_feed(project, [NEWCOMER, FEED[1], FEED[0], corrected])  # a line on top, two swapped
    report = generate(config)
    assert not report.errors
    after = _record(project)
    for bid, url in before.items():
        assert after[bid][-1] == url
        assert _headline_at(project, url) == headlines[bid]
        assert _short_link_target(project, bid) == url
    assert len([bid for bid in after if bid.startswith("feed-")]) == 4


def test_a_renamed_txt_seed_keeps_its_url_and_short_link(project):
    config = load_config(project)
    generate(config)
    old_id = "004_7e97a3f5f0aae28d"
    url = _record(project)[old_id][-1]
    (project / "seeds" / f"{old_id}.txt").rename(project / "seeds" / "bakhmut-assault.txt")
    report = generate(config)
    assert not report.problems
    assert report.notes == [f"seeds/bakhmut-assault.txt: the story published as '{old_id}'; it keeps that id, "
                            "its URL and its short link"]
    record = _record(project)
    assert record[old_id] == [url] and "bakhmut-assault" not in record
    assert (project / "content" / f"{url.rstrip('/')}.md").is_file()
    assert _short_link_target(project, old_id) == url


def test_permalinks_refuse_to_repoint_a_published_url_to_a_different_story(project):
    config = load_config(project)
    generate(config)
    old_id = "004_7e97a3f5f0aae28d"
    url = _record(project)[old_id][-1]
    headline = _headline_at(project, url)
    seed = project / "seeds" / f"{old_id}.txt"
    seed.write_text(f"date 2023-03-02\n\n{NEWCOMER['text']}\n", encoding="utf-8")  # another story, same file name
    from click.testing import CliRunner

    from generator.cli import cli

    checked = CliRunner().invoke(cli, ["check", "--project", str(project)])
    assert checked.exit_code == 1 and f"id '{old_id}' was published at {url}" in checked.output  # check says so too
    report = generate(config)
    (problem,) = report.errors
    assert problem.origin.path == f"seeds/{old_id}.txt"
    assert f"id '{old_id}' was published at {url} for another story" in problem.message
    assert "permalinks.json" in problem.message
    assert _record(project)[old_id] == [url]
    page = project / "content" / f"{url.rstrip('/')}.md"
    assert not page.exists() or _headline_at(project, url) == headline  # never the other story
    # its URL and short link say its story was removed, and name that story, never the other one
    for removed in (project / "content" / url / "index.html", project / "content" / "b" / old_id / "index.html"):
        text = removed.read_text(encoding="utf-8")
        assert "was removed from the archive" in text and "Bakhmut" in text and "Las Bambas" not in text
    assert "Las Bambas" not in "".join(p.read_text(encoding="utf-8") for p in (project / "content").rglob("*.md"))


def test_a_record_of_numbered_jsonl_ids_is_taken_over_without_moving_a_url(project):
    """An archive published before ids were hashes: its ``feed-<line>`` ids are recognised by URL."""
    config = load_config(project)
    generate(config)
    record = _record(project)
    record["feed-1"] = ["2023/05/01/chile-copper-output-rises/"]
    record["feed-2"] = ["2023/05/02/kenya-raises-fuel-prices/"]
    (project / "permalinks.json").write_text(json.dumps({"format": 1, "briefings": record}), encoding="utf-8")
    _write_feed(project, FEED[:2])
    report = generate(config)
    assert not report.problems
    after = _record(project)
    assert after["feed-1"] == ["2023/05/01/chile-copper-output-rises/"]
    assert after["feed-2"] == ["2023/05/02/kenya-raises-fuel-prices/"]
    assert not [bid for bid in after if bid.startswith("feed-") and bid not in ("feed-1", "feed-2")]
    assert _headline_at(project, after["feed-1"][-1]) == "Chile copper output rises"


def test_an_edited_article_stays_its_story_and_its_neighbours_are_other_stories():
    from conftest import corpus_slice
    from generator.stories import same_story, sketch

    records = [r for r in corpus_slice(300) if r["text"].count("\n    ") >= 4]  # four paragraphs or more
    assert len(records) > 100
    sketches = [sketch(None, r["text"]) for r in records]
    for record, own, other in zip(records, sketches, sketches[1:] + sketches[:1]):
        paragraphs = record["text"].split("\n    ")
        edited = "\n    ".join(paragraphs[:1] + paragraphs[2:]) + "\n    The figures were corrected on Tuesday."
        assert same_story(own, sketch(None, edited)), record["id"]  # a paragraph cut, a sentence added
        assert same_story(sketch(record["title"], record["text"]), sketch(record["title"], "Rewritten entirely."))
        assert not same_story(own, other), record["id"]
