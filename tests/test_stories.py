"""Related briefings, story threads and folded duplicates on real articles (spaCy), named after the issue's cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, make_project
from generator.build import BuildReport, briefings_for, build_archive, generate
from generator.config import load_config
from generator.ingest import ingest
from generator.salience import is_generic_place
from support import corpus_records

REAGAN = ["reuters-28", "reuters-43", "reuters-178", "reuters-386", "reuters-761", "reuters-804", "reuters-1746",
          "reuters-854", "reuters-965", "reuters-877", "reuters-964"]
ACQUISITIONS = ["reuters-724", "reuters-503", "reuters-2151", "reuters-750", "reuters-1235", "reuters-2365",
                "reuters-1584", "reuters-2419", "reuters-551", "reuters-1665", "reuters-1228"]
CALIFORNIA = ["reuters-384", "reuters-725", "reuters-809", "reuters-1432", "reuters-1745", "reuters-2283", "reuters-2325"]
PADDING = [f"reuters-{n}" for n in range(1, 41)]  # enough briefings for the topic space


def write_seeds(root: Path, records: list[dict]) -> None:
    (root / "seeds" / "corpus.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


@pytest.fixture(scope="module")
def corpus_cases(tmp_path_factory):
    """The issue's corpus cases in one archive (real spaCy): briefings by id, and the archive."""
    root = make_project(tmp_path_factory.mktemp("stories") / "archive", seeds=False)
    write_seeds(root, corpus_records(REAGAN + ACQUISITIONS + CALIFORNIA + PADDING))
    config = load_config(root)
    briefings = briefings_for(ingest(config.seed_paths).articles, config, BuildReport(), jobs=1)
    archive = build_archive(briefings, config, BuildReport(), published={}, jobs=1)
    topics = {r["id"]: set(r["gold"]["topics"]) for r in corpus_records([b.id for b in briefings])}
    return archive, topics


@pytest.mark.slow
def test_related_to_wavehill_acquisition_reuters_724_are_acquisitions_not_florida_companies(corpus_cases):
    archive, topics = corpus_cases
    related = archive.related["reuters-724"]
    assert len(related) == 5
    # The old rule listed the Florida and personal-computer companies around it: one acquisition in five.
    assert sum("acq" in topics[r.id] for r in related) >= 4, [(r.id, topics[r.id]) for r in related]
    reasons = [name for r in related for name in r.shared]
    assert not any(is_generic_place(name) for name in reasons), reasons


@pytest.mark.slow
def test_no_story_calif_chains_unrelated_california_companies(corpus_cases):
    archive, _ = corpus_cases
    names = {place.name for place in archive.threads.values()}
    assert not any(is_generic_place(name) for name in names), names
    threads_of = {archive.threads[i].thread for i in CALIFORNIA if i in archive.threads}
    assert len([i for i in CALIFORNIA if i in archive.threads]) <= 2 or len(threads_of) > 1


@pytest.mark.slow
def test_reuters_28_linked_from_shows_regan_departure_once(corpus_cases):
    archive, _ = corpus_cases
    assert archive.duplicate_of["reuters-854"] == "reuters-965"  # the same story re-sent: one page
    assert archive.duplicate_of["reuters-877"] == "reuters-964"
    assert [v.id for v in archive.versions["reuters-965"]] == ["reuters-854"]
    for bid in archive.linked_from:
        assert bid not in archive.duplicate_of
        assert not set(archive.linked_from[bid]) & set(archive.duplicate_of), bid
        assert not {r.id for r in archive.related[bid]} & set(archive.duplicate_of), bid
    assert {b.id for b in archive.briefings}.isdisjoint(archive.duplicate_of)


def test_third_bakhmut_article_keeps_story_bakhmut_not_telegram(seed_briefings, tmp_path):
    root = make_project(tmp_path / "archive")
    third = briefings_for(ingest([FIXTURES / "bakhmut_third.txt"]).articles, load_config(root), BuildReport())
    briefings = [*seed_briefings.values(), *third]
    archive = build_archive(briefings, load_config(root), BuildReport(), published={})
    names = {archive.threads[b.id].name for b in briefings if b.id in archive.threads}
    assert names == {"Bakhmut"}
    assert all(b.id in archive.threads for b in briefings)
    chain = sorted(briefings, key=lambda b: b.date)
    assert archive.threads[chain[1].id].previous == chain[0].id and archive.threads[chain[1].id].next == chain[2].id


def test_a_folded_duplicates_old_url_and_short_link_lead_to_its_story(tmp_path):
    """reuters-854 is published alone; reuters-965 (the same story, re-sent later) arrives: 854's page and short
    link now redirect to 965's page, which lists 854 as a version; permalinks.json still records 854's URL."""
    root = make_project(tmp_path / "archive", seeds=False)
    first, resent = corpus_records(["reuters-854", "reuters-965"])
    write_seeds(root, [first])
    config = load_config(root)
    assert not generate(config, jobs=1).errors
    record = json.loads((root / "permalinks.json").read_text(encoding="utf-8"))["briefings"]
    (old_url,) = record["reuters-854"]
    write_seeds(root, [first, resent])
    report = generate(config, jobs=1)
    assert not report.errors
    record = json.loads((root / "permalinks.json").read_text(encoding="utf-8"))["briefings"]
    assert old_url in record["reuters-854"]
    (page_url,) = record["reuters-965"]
    content = root / "content"
    assert not (content / (old_url.rstrip("/") + ".md")).exists()
    for redirect in (content / old_url / "index.html", content / "b" / "reuters-854" / "index.html"):
        assert page_url.rstrip("/").rsplit("/", 1)[-1] in redirect.read_text(encoding="utf-8")
    page = (content / (page_url.rstrip("/") + ".md")).read_text(encoding="utf-8")
    assert "## Versions" in page and "<code>reuters-854</code>" in page
    for listing in ("briefings.json", "feed.json", "feed.xml", "timeline.md"):
        assert "reuters-854" not in (content / listing).read_text(encoding="utf-8"), listing
    assert "reuters-965" in (content / "briefings.json").read_text(encoding="utf-8")


def test_duplicates_yml_unfolds_a_pair_the_machine_got_wrong(tmp_path):
    root = make_project(tmp_path / "archive", seeds=False)
    write_seeds(root, corpus_records(["reuters-854", "reuters-965"]))
    (root / "duplicates.yml").write_text("separate:\n  - [reuters-854, reuters-965]\n", encoding="utf-8")
    config = load_config(root)
    briefings = briefings_for(ingest(config.seed_paths).articles, config, BuildReport(), jobs=1)
    archive = build_archive(briefings, config, BuildReport(), published={}, jobs=1)
    assert archive.duplicate_of == {} and len(archive.briefings) == 2
    (root / "duplicates.yml").write_text("separate: reuters-854\n", encoding="utf-8")
    report = BuildReport()
    archive = build_archive(briefings, config, report, published={}, jobs=1)
    assert archive.duplicate_of == {"reuters-854": "reuters-965"}
    assert any("duplicates.yml" in str(p) for p in report.problems)
