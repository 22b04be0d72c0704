"""``briefing build`` renders only what changed, and its site is the site a full build makes, byte for byte.

A small archive (the seeds and real Reuters articles) is built, then
articles are added, edited and removed between builds; after each, the
incremental site is compared file by file with a full build of the same
content/, for both search engines. A change to a theme template rebuilds
every page; new file times alone (a checkout, a cache restore) rebuild none.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from generator import site_shards
from generator.build import generate
from generator.config import load_config
from generator.site_build import mkdocs_build

from tests.conftest import corpus_slice, make_project

# The sitemap records the build's day (MkDocs' lastmod); fixed, so a build across midnight compares equal.
BUILD_DAY = "1700000000"


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _set_search(root: Path, engine: str) -> None:
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "    search: auto\n" in text, "mkdocs.yml lost its search setting"
    (root / "mkdocs.yml").write_text(text.replace("    search: auto\n", f"    search: {engine}\n"), encoding="utf-8")


def _write_seeds(root: Path, records: list[dict]) -> None:
    with open(root / "seeds" / "reuters.jsonl", "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record) + "\n")


def _build(root: Path, jobs: int = 1) -> dict:
    config = load_config(root)
    report = generate(config, jobs=1)
    assert not report.errors, report.errors
    return mkdocs_build(config, jobs=jobs).extra["briefing_site"]


def _full_build_of(root: Path, target: Path) -> dict[str, bytes]:
    """The site a full build makes of ``root``'s content/ (copied, with an empty cache)."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "content", "overrides"):
        source = root / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / name)
    (target / "seeds").mkdir()
    summary = mkdocs_build(load_config(target), jobs=1).extra["briefing_site"]
    assert summary["full"]
    return _tree(target / "site")


def _assert_same_site(root: Path, cold: Path) -> None:
    warm, expected = _tree(root / "site"), _full_build_of(root, cold)
    assert sorted(warm) == sorted(expected), (set(warm) ^ set(expected))
    differing = [name for name in expected if warm[name] != expected[name]]
    assert not differing, differing[:10]


@pytest.mark.slow
@pytest.mark.parametrize("engine,jobs", [("material", 1), ("chunked", 2)])
def test_adding_editing_and_removing_articles_gives_the_site_a_full_build_gives(tmp_path, monkeypatch, engine, jobs):
    """The chunked index's site is built in two MkDocs processes (``site_shards``), as a large one would be."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DAY)
    monkeypatch.setattr(site_shards, "MIN_PAGES_PER_SHARD", 20)
    records = corpus_slice(36, start=2000)
    root = make_project(tmp_path / "archive")
    _set_search(root, engine)
    _write_seeds(root, records[:30])
    assert _build(root, jobs)["full"]

    _write_seeds(root, records[:33])  # three new articles
    summary = _build(root, jobs)
    assert summary["shards"] == jobs
    assert not summary["full"] and 0 < summary["rendered"] < summary["kept"]
    _assert_same_site(root, tmp_path / "cold")
    assert (root / "site" / "search" / "search_index.json").is_file()

    edited = dict(records[5], text=records[5]["text"].replace(" said ", " told reporters ", 1))
    assert edited["text"] != records[5]["text"]
    _write_seeds(root, records[:5] + [edited] + records[6:9] + records[10:33])  # one edited, one removed
    summary = _build(root, jobs)
    assert not summary["full"]
    _assert_same_site(root, tmp_path / "cold")
    if engine == "material":
        index = json.loads((root / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert any("told reporters" in doc["text"] for doc in index["docs"])

    summary = _build(root, jobs)  # nothing changed: the nav's pages only
    assert summary["rendered"] == 5
    _assert_same_site(root, tmp_path / "cold")


@pytest.mark.slow
def test_a_theme_template_change_renders_every_page_again(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DAY)
    assert _build(project)["full"]
    main = project / "overrides" / "main.html"
    text = main.read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in text
    main.write_text(text.replace('<meta charset="utf-8">', '<meta charset="utf-8"><!-- a new note -->'),
                    encoding="utf-8")
    summary = mkdocs_build(load_config(project), jobs=1).extra["briefing_site"]
    assert summary["full"]
    pages = [p for p in (project / "site").rglob("*.html") if "http-equiv=\"refresh\"" not in p.read_text("utf-8")]
    assert len(pages) > 12
    assert all("<!-- a new note -->" in p.read_text(encoding="utf-8") for p in pages)
    _assert_same_site(project, project.parent / "cold")


@pytest.mark.slow
def test_new_file_times_alone_render_nothing_again_and_a_changed_output_is_made_again(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DAY)
    _build(project)
    later = 2_000_000_000
    for path in (project / "content").rglob("*"):  # as a checkout or a cache restore leaves them
        if path.is_file():
            os.utime(path, (later, later))
    page = next((project / "site" / "entities").glob("*/index.html"))
    page.write_text("edited by hand", encoding="utf-8")
    before = _tree(project / "site")
    summary = mkdocs_build(load_config(project), jobs=1).extra["briefing_site"]
    assert not summary["full"] and summary["rendered"] == 6  # the nav's five pages and the edited page
    after = _tree(project / "site")
    assert after[str(page.relative_to(project / "site"))] != b"edited by hand"
    _assert_same_site(project, project.parent / "cold")
    assert set(before) == set(after)


@pytest.mark.slow
def test_a_page_whose_link_target_appears_or_goes_is_rendered_again(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DAY)
    notes = project / "content" / "notes.md"
    notes.write_text("# Notes\n\nSee [the reading list](reading.md) and [the map](places.md).\n", encoding="utf-8")
    _build(project)
    built = project / "site" / "notes" / "index.html"
    assert 'href="reading.md"' in built.read_text(encoding="utf-8")  # no such page yet: left as written
    (project / "content" / "reading.md").write_text("# Reading\n\nBooks on the war.\n", encoding="utf-8")
    summary = mkdocs_build(load_config(project), jobs=1).extra["briefing_site"]
    assert not summary["full"]
    assert 'href="../reading/"' in built.read_text(encoding="utf-8")
    _assert_same_site(project, project.parent / "cold")
    (project / "content" / "reading.md").unlink()
    mkdocs_build(load_config(project), jobs=1)
    assert 'href="reading.md"' in built.read_text(encoding="utf-8")
    assert not (project / "site" / "reading").exists()
    _assert_same_site(project, project.parent / "cold")


def test_a_commit_killed_half_way_is_finished_by_the_next_build(tmp_path):
    from generator import site_plan

    live, staging, record = tmp_path / "site", tmp_path / ".site.briefing-new", tmp_path / "record"
    # Killed after the new home page was moved in, before the new page and the removal.
    for folder, files in ((live, {"index.html": "new home", "gone/index.html": "a removed page",
                                  "kept/index.html": "kept"}),
                          (staging, {"new/index.html": "a new page"})):
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
    record.mkdir()
    journal = {"staging": str(staging), "written": ["index.html", "new/index.html"], "removed": ["gone/index.html"]}
    (record / "journal.json").write_text(json.dumps(journal), encoding="utf-8")
    site_plan.replay(record, live)
    assert _tree(live) == {"index.html": b"new home", "kept/index.html": b"kept", "new/index.html": b"a new page"}
    assert not staging.exists() and not (live / "gone").exists() and not (record / "journal.json").exists()


@pytest.mark.slow
def test_a_setting_read_from_the_environment_renders_every_page_again(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DAY)
    settings = project / "mkdocs.yml"
    text = settings.read_text(encoding="utf-8")
    assert text.startswith("site_name: Briefing archive\n")
    settings.write_text(text.replace("site_name: Briefing archive\n",
                                     "site_name: !ENV [ARCHIVE_NAME, Briefing archive]\n", 1), encoding="utf-8")
    monkeypatch.setenv("ARCHIVE_NAME", "Wire desk")
    _build(project)
    assert not mkdocs_build(load_config(project), jobs=1).extra["briefing_site"]["full"]
    monkeypatch.setenv("ARCHIVE_NAME", "Night desk")
    assert mkdocs_build(load_config(project), jobs=1).extra["briefing_site"]["full"]
    assert "Night desk" in (project / "site" / "about" / "index.html").read_text(encoding="utf-8")
