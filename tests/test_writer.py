import json
import os
import stat

import pytest

from generator.writer import FILE_MODE, MANIFEST, LockedError, ManifestWriter, build_lock, write_atomic


def test_writer_never_touches_hand_written_files(tmp_path):
    (tmp_path / "about.md").write_text("mine", encoding="utf-8")
    writer = ManifestWriter(tmp_path)
    writer.plan({"about.md", "index.md"})
    writer.write("about.md", "generated")
    writer.write("index.md", "generated")
    writer.finish()
    assert (tmp_path / "about.md").read_text() == "mine"
    assert writer.skipped == ["about.md"]
    assert list(json.loads((tmp_path / MANIFEST).read_text())["files"]) == ["index.md"]


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


def test_folders_left_empty_by_stale_files_go_and_others_stay(tmp_path):
    first = ManifestWriter(tmp_path)
    paths = {"x/a/one.md", "x/b/two.md", "x/b/deep/three.md", "y/four.md", "y/five.md", "z/six.md"}
    first.plan(paths)
    for path in paths:
        first.write(path, "x")
    first.finish()
    (tmp_path / "z" / "notes.md").write_text("hand", encoding="utf-8")
    second = ManifestWriter(tmp_path)
    second.plan({"y/five.md"})
    second.write("y/five.md", "x")
    assert second.finish() == ["x/a/one.md", "x/b/deep/three.md", "x/b/two.md", "y/four.md", "z/six.md"]
    assert not (tmp_path / "x").exists()  # emptied from two sides and from a deeper folder
    assert (tmp_path / "y" / "five.md").is_file() and (tmp_path / "z" / "notes.md").is_file()


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


def test_staged_pages_are_invisible_until_finish(tmp_path):
    first = ManifestWriter(tmp_path)
    first.plan({"a.md", "b.md"})
    first.write("a.md", "old a")
    first.write("b.md", "old b")
    first.finish()
    second = ManifestWriter(tmp_path)
    second.plan({"a.md", "b.md"})
    assert second.write("a.md", "new a")
    # Killed now: readers still see the previous build, whole.
    assert (tmp_path / "a.md").read_text() == "old a"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".briefing-tmp-")]
    second.write("b.md", "new b")
    second.finish()
    assert (tmp_path / "a.md").read_text() == "new a" and (tmp_path / "b.md").read_text() == "new b"
    assert not list(tmp_path.rglob(".briefing-tmp-*"))


def test_next_build_deletes_files_staged_by_a_killed_build(tmp_path):
    first = ManifestWriter(tmp_path)
    first.plan({"x/a.md"})
    first.write("x/a.md", "old")
    first.finish()
    killed = ManifestWriter(tmp_path)
    killed.plan({"x/a.md", "x/new.md"})
    killed.write("x/a.md", "half-way")
    killed.write("x/new.md", "half-way")
    del killed  # never finished
    assert len(list(tmp_path.rglob(".briefing-tmp-*"))) == 2
    ManifestWriter(tmp_path)
    assert not list(tmp_path.rglob(".briefing-tmp-*"))
    assert (tmp_path / "x" / "a.md").read_text() == "old"


def test_only_a_build_that_did_not_finish_makes_the_next_search_the_tree(tmp_path, monkeypatch):
    """Looking for staged files walks every folder (half a second over a large archive): only worth it
    when the manifest says a build planned its writes and did not finish."""
    import os

    first = ManifestWriter(tmp_path)
    first.plan({"x/a.md"})
    assert json.loads((tmp_path / MANIFEST).read_text())["writing"] is True
    first.write("x/a.md", "old")
    first.finish()
    assert "writing" not in json.loads((tmp_path / MANIFEST).read_text())
    real_walk = os.walk

    def no_walk(*args, **kwargs):
        raise AssertionError("walked the tree after a finished build")

    monkeypatch.setattr(os, "walk", no_walk)
    ManifestWriter(tmp_path).plan({"x/a.md"})  # planned, never finished
    with pytest.raises(AssertionError, match="walked"):
        ManifestWriter(tmp_path)
    monkeypatch.setattr(os, "walk", real_walk)


def test_a_commit_killed_half_way_is_completed_by_the_next_build(tmp_path, monkeypatch):
    import os

    first = ManifestWriter(tmp_path)
    first.plan({f"p{i}.md" for i in range(6)} | {"gone.md"})
    for i in range(6):
        first.write(f"p{i}.md", f"old {i}")
    first.write("gone.md", "old")
    first.finish()
    second = ManifestWriter(tmp_path)
    second.plan({f"p{i}.md" for i in range(6)})
    for i in range(6):
        second.write(f"p{i}.md", f"new {i}")
    real_replace, calls = os.replace, []

    def dying_replace(src, dst):
        calls.append(dst)
        if len(calls) > 4:  # the journal, then three pages: then the process "dies"
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", dying_replace)
    with pytest.raises(KeyboardInterrupt):
        second.finish()
    monkeypatch.setattr(os, "replace", real_replace)
    texts = [(tmp_path / f"p{i}.md").read_text() for i in range(6)]
    assert sum(t.startswith("new") for t in texts) == 3  # the mix the journal exists to repair
    assert "pending" in json.loads((tmp_path / MANIFEST).read_text())
    recovered = ManifestWriter(tmp_path)
    assert recovered.recovered == 3
    assert [(tmp_path / f"p{i}.md").read_text() for i in range(6)] == [f"new {i}" for i in range(6)]
    assert not list(tmp_path.rglob(".briefing-tmp-*"))
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    assert "pending" not in manifest and "gone.md" in manifest["files"]
    # The recovered writer then runs a normal build: gone.md is stale and removed.
    recovered.plan({f"p{i}.md" for i in range(6)})
    for i in range(6):
        recovered.write(f"p{i}.md", f"new {i}")
    assert recovered.finish() == ["gone.md"]


def test_written_pages_get_the_usual_file_mode(tmp_path):
    """Pages are readable like any file the user creates (0o666 less the umask), not mkstemp's 0o600."""
    umask = os.umask(0o022)
    os.umask(umask)
    write_atomic(tmp_path / "page.md", b"# Page\n")
    (tmp_path / "by-hand.md").write_bytes(b"# Page\n")
    assert FILE_MODE == 0o666 & ~umask
    assert stat.S_IMODE((tmp_path / "page.md").stat().st_mode) == stat.S_IMODE((tmp_path / "by-hand.md").stat().st_mode)


def test_a_file_replaced_by_hand_where_a_stale_page_was_is_kept_and_named(tmp_path):
    first = ManifestWriter(tmp_path)
    first.plan({"2023/03/02/old.md", "index.md"})
    first.write("2023/03/02/old.md", "# Old story\n")
    first.write("index.md", "home")
    first.finish()
    (tmp_path / "2023/03/02/old.md").write_text("# Withdrawn\n", encoding="utf-8")
    second = ManifestWriter(tmp_path)
    second.plan({"index.md"})
    second.write("index.md", "home")
    assert second.finish() == []
    assert second.edited == ["2023/03/02/old.md"]
    assert (tmp_path / "2023/03/02/old.md").read_text(encoding="utf-8") == "# Withdrawn\n"
    assert list(json.loads((tmp_path / MANIFEST).read_text())["files"]) == ["index.md"]


def test_a_manifest_without_digests_still_lets_the_writer_replace_and_remove_its_files(tmp_path):
    for name, text in (("a.md", "a"), ("b.md", "b"), ("c.md", "c")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / MANIFEST).write_text(json.dumps({"generator": "briefing", "files": ["a.md", "b.md", "c.md"]}))
    writer = ManifestWriter(tmp_path)
    writer.plan({"a.md", "b.md"})
    writer.write("a.md", "new a")
    assert writer.keep("b.md", 1)
    assert writer.finish() == ["c.md"]
    files = json.loads((tmp_path / MANIFEST).read_text())["files"]
    assert (tmp_path / "a.md").read_text() == "new a" and not (tmp_path / "c.md").exists()
    assert sorted(files) == ["a.md", "b.md"] and all(len(d) == 16 for d in files.values())
