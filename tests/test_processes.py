"""Worker pools: forked workers do not walk (and so copy) the objects they inherit."""

import gc

import pytest

from generator import processes


def _tracked_in_worker() -> tuple[int, int]:
    return gc.get_freeze_count(), len(gc.get_objects())


@pytest.mark.skipif(not processes.can_fork(), reason="workers are spawned here, nothing is inherited")
def test_forked_workers_inherit_the_callers_objects_frozen_and_the_caller_gets_them_back():
    held = [{"n": i} for i in range(50_000)]  # objects the caller holds when the pool forks
    assert gc.get_freeze_count() == 0
    with processes.pool(2) as workers:
        frozen, collectable = workers.submit(_tracked_in_worker).result()
    assert frozen >= len(held)  # out of the worker's collector
    assert collectable < len(held)
    assert gc.get_freeze_count() == 0  # the caller's collector sees them again
    assert len(held) == 50_000


def test_a_failing_task_still_unfreezes_the_caller():
    with pytest.raises(ZeroDivisionError):
        with processes.pool(1) as workers:
            workers.submit(divmod, 1, 0).result()
    assert gc.get_freeze_count() == 0
