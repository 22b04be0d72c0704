"""Nothing lost when builds are killed or collide: real processes on real corpus articles.

A build killed while it renders leaves the previous content/ exactly as it
was, and the next build recovers; a second build started while one runs is
refused with a clear message and corrupts nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, corpus_slice, make_project

pytestmark = pytest.mark.slow
MANIFEST = ".briefing-manifest.json"


def generate(root: Path, wait: bool = True):
    command = [sys.executable, "-m", "generator", "generate", "--jobs", "1", "--project", str(root)]
    if wait:
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def pages(root: Path) -> dict[str, bytes]:
    """Every file a reader (or MkDocs) sees in content/: not the manifest, not hidden staging files."""
    content = root / "content"
    return {p.relative_to(content).as_posix(): p.read_bytes() for p in sorted(content.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def staged_pages(content: Path) -> list[Path]:
    """The staged (hidden, temporary) files of pages, not the manifest's own, which lives for one rename only."""
    return [p for p in content.rglob(".briefing-tmp-*") if not p.name.startswith(".briefing-tmp-" + MANIFEST)]


def set_option(root: Path, name: str, value: int) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    lines = [f"    {name}: {value}" if line.strip().startswith(f"{name}:") else line for line in text.splitlines()]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")


def corpus_project(target: Path, count: int) -> Path:
    root = make_project(target, seeds=False)
    with open(root / "seeds" / "reuters.jsonl", "w", encoding="utf-8") as out:
        for record in corpus_slice(count):
            out.write(json.dumps(record) + "\n")
    (root / "content" / "notes.md").write_text("# Notes\n\nHand-written.\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def corpus_built(tmp_path_factory):
    """200 corpus articles generated once (their analyses cached for the copies below)."""
    root = corpus_project(tmp_path_factory.mktemp("corpus") / "archive", 200)
    result = generate(root)
    assert result.returncode == 0, result.stderr[-2000:]
    return root


def copy_project(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, symlinks=True)
    return target


def test_a_build_killed_while_rendering_leaves_the_previous_pages_and_the_next_recovers(corpus_built, tmp_path):
    root = copy_project(corpus_built, tmp_path / "killed")
    before = pages(root)
    assert len(before) > 400
    set_option(root, "summary_sentences", 2)  # every briefing page changes; analyses come from the cache
    process = generate(root, wait=False)
    content = root / "content"
    deadline = time.monotonic() + 300
    staged = []
    while not staged and process.poll() is None and time.monotonic() < deadline:
        # A staged page, not the manifest's own temporary file: that one lives for a rename only, and a
        # kill just after seeing it (CI once did) finds no staged page left.
        staged = staged_pages(content)
        time.sleep(0.005)
    assert staged, "the build ended before it staged a page: nothing to kill"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    manifest = json.loads((content / MANIFEST).read_text(encoding="utf-8"))
    assert "pending" not in manifest  # killed while staging pages, before the commit began...
    assert pages(root) == before  # ...so the previous build is untouched, byte for byte
    leftovers = staged_pages(content)
    assert leftovers  # the killed build's staged pages, hidden from MkDocs by their dot

    recovered = generate(root)
    assert recovered.returncode == 0, recovered.stderr[-2000:]
    assert not list(content.rglob(".briefing-tmp-*"))
    reference = copy_project(corpus_built, tmp_path / "reference")
    set_option(reference, "summary_sentences", 2)
    assert generate(reference).returncode == 0
    assert pages(root) == pages(reference)
    assert pages(root) != before
    ours = json.loads((content / MANIFEST).read_text(encoding="utf-8"))
    assert ours == json.loads((reference / "content" / MANIFEST).read_text(encoding="utf-8"))
    assert "pending" not in ours and "notes.md" not in ours["files"]
    assert set(ours["files"]) == set(pages(root)) - {"notes.md", "about.md"}
    assert (content / "notes.md").read_text(encoding="utf-8") == "# Notes\n\nHand-written.\n"


def _holds_lock(pid: int, lock: Path) -> bool:
    """Whether process ``pid`` holds a flock on ``lock`` (read from /proc/locks, without touching the lock)."""
    try:
        inode = lock.stat().st_ino
    except FileNotFoundError:
        return False
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if len(fields) >= 6 and fields[1] == "FLOCK" and fields[4] == str(pid) and fields[5].split(":")[-1] == str(inode):
            return True
    return False


def test_a_second_build_at_the_same_time_is_refused_and_corrupts_nothing(tmp_path):
    # No cache: the first build analyses for a while, longer than the second's start-up even on a busy machine
    # (at 80 articles a slow CI run once saw the first build end before the second began).
    root = corpus_project(tmp_path / "locked", 160)
    first = generate(root, wait=False)
    lock = root / ".briefing-cache" / "build.lock"
    deadline = time.monotonic() + 120
    while not _holds_lock(first.pid, lock) and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _holds_lock(first.pid, lock), "the first build never took the lock"
    second = generate(root)
    assert first.poll() is None, "the first build finished before the second started"
    assert second.returncode != 0
    assert "another briefing build is running in this project" in second.stderr
    out, err = first.communicate(timeout=600)
    assert first.returncode == 0, err[-2000:]
    built = pages(root)
    assert sum(1 for p in built if p.startswith("b/")) >= 140
    manifest = json.loads((root / "content" / MANIFEST).read_text(encoding="utf-8"))
    assert set(manifest["files"]) == set(built) - {"notes.md", "about.md"}
    again = generate(root)
    assert again.returncode == 0, again.stderr[-2000:]
    assert pages(root) == built
