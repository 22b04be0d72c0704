"""Shared fixtures. Every fixture says where its data comes from.

- ``seed_dir``: the project's real seed articles (``seeds/``).
- ``corpus_path``: the shared Reuters corpus beside the checkout (``../shared/corpus``).
- ``project``: a fresh copy of this project (mkdocs.yml, seeds, hand-written pages) in a temp folder.
- ``seed_site``: that project built once per session with ``briefing build``.
"""

from __future__ import annotations

import gzip
import itertools
import json
import shutil
from pathlib import Path

import pytest

from generator.build import generate
from generator.site_build import mkdocs_build
from generator.config import load_config

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS = ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl.gz"
FIXTURES = Path(__file__).parent / "fixtures"


def make_project(target: Path, seeds: bool = True) -> Path:
    """Copy the project's configuration (and seeds) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    (target / "content").mkdir(exist_ok=True)
    shutil.copy(ROOT / "content" / "about.md", target / "content" / "about.md")
    if seeds:
        shutil.copytree(SEEDS, target / "seeds")
    else:
        (target / "seeds").mkdir()
    return target


def corpus_slice(count: int, start: int = 0) -> list[dict]:
    """The first ``count`` records of the shared corpus (after ``start``)."""
    if not CORPUS.exists():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in itertools.islice(handle, start, start + count)]


def corpus_records(ids: set[str]) -> list[dict]:
    """The shared corpus' records with these ids, in corpus order (every one must be there)."""
    if not CORPUS.exists():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        records = [record for record in map(json.loads, handle) if record["id"] in ids]
    assert len(records) == len(ids), set(ids) - {record["id"] for record in records}
    return records


@pytest.fixture
def seed_dir() -> Path:
    return SEEDS


@pytest.fixture
def corpus_path() -> Path:
    if not CORPUS.exists():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "archive")


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Path:
    """The seed project, generated and built with MkDocs once for the session."""
    root = make_project(tmp_path_factory.mktemp("seed-site") / "archive")
    config = load_config(root)
    report = generate(config)
    assert not report.errors, report.errors
    mkdocs_build(config)
    return root


@pytest.fixture(scope="session")
def seed_briefings(tmp_path_factory):
    """The two seeds through ingest, clean, analyse and summarise (real spaCy)."""
    from generator.build import BuildReport, briefings_for
    from generator.ingest import ingest

    root = make_project(tmp_path_factory.mktemp("seed-briefings") / "archive")
    config = load_config(root)
    briefings = briefings_for(ingest(config.seed_paths).articles, config, BuildReport())
    return {b.id[:3]: b for b in briefings}


@pytest.fixture(scope="session")
def seed_archive(seed_briefings, tmp_path_factory):
    """The seeds' archive-level result: entities resolved, briefings linked."""
    from generator.build import BuildReport, build_archive

    root = make_project(tmp_path_factory.mktemp("seed-archive") / "archive")
    return build_archive(list(seed_briefings.values()), load_config(root), BuildReport())
