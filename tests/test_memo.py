"""The memo of per-article results: what one build remembers, the next reads back, whatever went wrong between."""

from __future__ import annotations

import pickle

import pytest

from generator import memo as memo_module
from generator.memo import Memo
from generator.models import Kind, Mention


def _parts(folder):
    return sorted(folder.glob("part-*.pickle"))


def test_a_later_build_reads_back_what_earlier_ones_added(tmp_path):
    first = Memo(tmp_path)
    first.put("a", [Mention("Kyiv", 0, 4, Kind.PLACE)])
    first.save()
    second = Memo(tmp_path)
    assert second.get("a") == [Mention("Kyiv", 0, 4, Kind.PLACE)]
    second.put("b", {"words": [("kyiv", 255)]})
    second.save()
    assert len(_parts(tmp_path)) == 2  # only what was new is written
    third = Memo(tmp_path)
    assert third.get("a") == [Mention("Kyiv", 0, 4, Kind.PLACE)] and third.get("b") == {"words": [("kyiv", 255)]}
    assert third.get("c") is None


def test_nothing_new_writes_nothing(tmp_path):
    first = Memo(tmp_path)
    first.put("a", 1)
    first.save()
    again = Memo(tmp_path)
    assert again.get("a") == 1
    again.save()
    assert len(_parts(tmp_path)) == 1


def test_parts_piling_up_are_compacted_into_one_with_only_what_was_used(tmp_path):
    for number in range(memo_module.MAX_PARTS):
        memo = Memo(tmp_path)
        for key in [f"k{n}" for n in range(number)]:
            memo.get(key)
        memo.put(f"k{number}", number)
        memo.save()
    assert len(_parts(tmp_path)) == memo_module.MAX_PARTS
    memo = Memo(tmp_path)
    for number in range(1, memo_module.MAX_PARTS):  # k0 is no longer asked for
        assert memo.get(f"k{number}") == number
    memo.put("new", "value")
    memo.save()
    assert len(_parts(tmp_path)) == 1  # the compacted part survives the removal of the old ones
    read = Memo(tmp_path)
    assert read.get("k0") is None
    assert [read.get(f"k{n}") for n in range(1, memo_module.MAX_PARTS)] == list(range(1, memo_module.MAX_PARTS))
    assert read.get("new") == "value"


def test_many_unused_entries_are_dropped(tmp_path):
    memo = Memo(tmp_path)
    for number in range(10):
        memo.put(f"k{number}", number)
    memo.save()
    memo = Memo(tmp_path)
    memo.get("k1")  # nine of ten articles were removed from the archive
    memo.save()
    assert len(_parts(tmp_path)) == 1
    read = Memo(tmp_path)
    assert read.get("k1") == 1 and read.get("k2") is None


def test_parts_from_other_code_or_damaged_are_ignored_then_replaced(tmp_path):
    memo = Memo(tmp_path)
    memo.put("a", 1)
    memo.save()
    (tmp_path / "part-0000000000000001.pickle").write_bytes(pickle.dumps(("another version", {"a": 2, "b": 3})))
    (tmp_path / "part-0000000000000002.pickle").write_bytes(b"\x80\x05 truncated")
    read = Memo(tmp_path)
    assert read.get("a") == 1 and read.get("b") is None
    read.save()
    assert len(_parts(tmp_path)) == 1
    assert Memo(tmp_path).get("a") == 1


def test_no_folder_remembers_nothing(tmp_path):
    memo = Memo(None)
    memo.put("a", 1)
    memo.save()
    assert memo.get("a") == 1 and Memo(None).get("a") is None
    assert list(tmp_path.iterdir()) == []


def test_a_part_left_half_written_by_a_stopped_build_is_removed(tmp_path):
    memo = Memo(tmp_path)
    memo.put("a", 1)
    memo.save()
    staged = tmp_path / ".briefing-tmp-part-0000.pickle.x1.tmp"
    staged.write_bytes(b"\x80\x05 half of a large part")
    assert Memo(tmp_path).get("a") == 1
    assert not staged.exists()
    assert len(_parts(tmp_path)) == 1


def test_a_briefing_comes_back_whole_with_its_mentions_unpacked_only_when_read(tmp_path, seed_briefings):
    import dataclasses

    from generator import models

    briefing = seed_briefings["000"]
    assert len(briefing.mentions) > 20
    first = Memo(tmp_path)
    first.put("b", briefing)
    first.save()
    loaded = Memo(tmp_path).get("b")
    assert "mentions" not in vars(loaded)  # still packed: a rebuild that never reads them never makes them
    assert loaded == briefing and loaded.mentions == briefing.mentions
    assert all(type(m) is models.Mention for m in loaded.mentions)
    again = pickle.loads(pickle.dumps(pickle.loads(pickle.dumps(briefing))))  # packed again without being read
    assert again == briefing and dataclasses.replace(again, id="x").mentions == briefing.mentions
    with pytest.raises(AttributeError, match="no_such_field"):
        again.no_such_field  # noqa: B018 (only the mentions are made on reading)


def _planted_part(folder, marker) -> "pathlib.Path":
    """A part as another local user could plant it: unpickling it would create ``marker``."""

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    part = folder / "part-00000000000000ff.pickle"
    part.write_bytes(pickle.dumps((memo_module.version(), {"a": Payload()})))
    return part


def test_a_memo_part_writable_by_others_is_refused_with_a_note_and_removed(tmp_path):
    folder = tmp_path / "memo"
    marker = tmp_path / "ran"
    part = _planted_part(Memo(folder).folder, marker)
    part.chmod(0o666)  # what umask 000 gave every part before
    memo = Memo(folder)
    assert not marker.exists()  # never unpickled
    assert memo.get("a") is None
    assert len(memo.notes) == 1 and str(part) in memo.notes[0] and "writable by others (mode 666)" in memo.notes[0]
    memo.put("b", 2)
    memo.save()
    assert not part.exists()
    assert Memo(folder).get("b") == 2 and not Memo(folder).notes


def test_a_memo_part_owned_by_another_user_is_refused_with_a_note(tmp_path, monkeypatch):
    folder = tmp_path / "memo"
    marker = tmp_path / "ran"
    part = _planted_part(Memo(folder).folder, marker)
    part.chmod(0o600)
    builder = memo_module.os.geteuid() + 1  # as if another user were building: the part is not theirs
    monkeypatch.setattr(memo_module.os, "geteuid", lambda: builder)
    memo = Memo(folder)
    assert not marker.exists() and memo.get("a") is None
    assert any(str(part) in note and f"not by the builder (user {builder})" in note for note in memo.notes)


def test_memo_folder_and_parts_are_private_whatever_the_umask(tmp_path):
    import os
    import stat

    old = os.umask(0)
    try:
        memo = Memo(tmp_path / "cache" / "memo")
        memo.put("a", 1)
        memo.save()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "cache" / "memo").stat().st_mode) == 0o700
    assert [stat.S_IMODE(p.stat().st_mode) for p in _parts(tmp_path / "cache" / "memo")] == [0o600]
