import json

import pytest

from generator.writer import MANIFEST, LockedError, ManifestWriter, build_lock


def test_writer_never_touches_hand_written_files(tmp_path):
    (tmp_path / "about.md").write_text("mine", encoding="utf-8")
    writer = ManifestWriter(tmp_path)
    writer.plan({"about.md", "index.md"})
    writer.write("about.md", "generated")
    writer.write("index.md", "generated")
    writer.finish()
    assert (tmp_path / "about.md").read_text() == "mine"
    assert writer.skipped == ["about.md"]
    assert json.loads((tmp_path / MANIFEST).read_text())["files"] == ["index.md"]


def test_writer_removes_its_own_stale_files_only(tmp_path):
    first = ManifestWriter(tmp_path)
    first.plan({"a/old.md", "keep.md"})
    first.write("a/old.md", "x")
    first.write("keep.md", "x")
    first.finish()
    (tmp_path / "a" / "notes.md").write_text("hand", encoding="utf-8")
    second = ManifestWriter(tmp_path)
    second.plan({"keep.md"})
    second.write("keep.md", "x")
    assert second.finish() == ["a/old.md"]
    assert not (tmp_path / "a" / "old.md").exists()
    assert (tmp_path / "a" / "notes.md").read_text() == "hand"


def test_manifest_lists_planned_files_before_they_are_written(tmp_path):
    writer = ManifestWriter(tmp_path)
    writer.plan({"one.md", "two.md"})
    # A build killed now still knows both files are generated ones.
    assert set(json.loads((tmp_path / MANIFEST).read_text())["files"]) == {"one.md", "two.md"}


def test_unchanged_files_are_not_rewritten(tmp_path):
    writer = ManifestWriter(tmp_path)
    writer.plan({"a.md"})
    assert writer.write("a.md", "same")
    writer.finish()
    again = ManifestWriter(tmp_path)
    again.plan({"a.md"})
    assert not again.write("a.md", "same")


def test_second_build_is_refused_while_the_first_holds_the_lock(tmp_path):
    with build_lock(tmp_path / "build.lock"):
        with pytest.raises(LockedError, match="another briefing build"):
            with build_lock(tmp_path / "build.lock"):
                pass
