"""A site built in several MkDocs processes is the site one process builds, byte for byte.

The project is the seeds plus 150 real Reuters articles, with the chunked
search index (the only engine a sharded build uses), built once by plain
``mkdocs build`` and once in two shards.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator import site_shards
from generator.build import generate
from generator.site_build import mkdocs_hook_files, site_shard_count
from generator.config import load_config

from tests.conftest import corpus_slice, make_project


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def chunked_project(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("shards") / "archive")
    with open(root / "seeds" / "reuters.jsonl", "w", encoding="utf-8") as out:
        for record in corpus_slice(150, start=4000):
            out.write(json.dumps(record) + "\n")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "    search: auto\n" in text, "mkdocs.yml lost its search setting"
    (root / "mkdocs.yml").write_text(text.replace("    search: auto\n", "    search: chunked\n"), encoding="utf-8")
    report = generate(load_config(root), jobs=1)
    assert report.briefings > 140 and not report.errors
    return root


@pytest.mark.slow
def test_two_shards_write_the_same_site_as_one_process(chunked_project):
    from mkdocs.commands.build import build as mk_build
    from mkdocs.config import load_config as mk_load_config

    root = chunked_project
    config = mk_load_config(str(root / "mkdocs.yml"), hooks=mkdocs_hook_files())
    mk_build(config)
    single = root / "site-single"
    shutil.move(root / "site", single)

    timings = site_shards.build(root, 2, mkdocs_hook_files())
    sharded = _tree(root / "site")
    expected = _tree(single)
    assert timings["shards"] == 2
    assert sorted(sharded) == sorted(expected)
    differing = [name for name in expected if sharded[name] != expected[name]]
    assert not differing, differing[:10]
    assert "search-index/index.json" in sharded


def test_only_large_chunked_index_sites_are_sharded(chunked_project, project):
    from mkdocs.config import load_config as mk_load_config

    from generator import search

    big = load_config(chunked_project)
    mk_config = mk_load_config(str(chunked_project / "mkdocs.yml"), hooks=[search.__file__])
    pages = len(list(big.docs_path.rglob("*.md")))
    assert site_shard_count(big, mk_config, 2) == site_shards.shard_count(pages, 2)
    assert site_shards.shard_count(10_000, 2) == 2
    assert site_shards.shard_count(10_000, 1) == 1
    assert site_shards.shard_count(100, 8) == 1
    # The seeds alone: Material's search, one process.
    generate(load_config(project), jobs=1)
    small = load_config(project)
    assert site_shard_count(small, mk_load_config(str(project / "mkdocs.yml"), hooks=[search.__file__]), 2) == 1


def test_the_search_hooks_know_the_shard_variable():
    from generator import search

    assert search.SHARD_ENV == site_shards.SHARD_ENV


def test_every_file_has_exactly_one_owner():
    names = [f"2023/03/{day:02d}/story-{day}.md" for day in range(1, 29)] + ["index.md", "feed.xml"]
    for count in (1, 2, 3, 4):
        shards = [site_shards.Shard(i, count) for i in range(count)]
        for name in names:
            assert sum(shard.owns(name) for shard in shards) == 1
