"""The one place generated files are written: atomic, manifest-tracked, never clobbering.

The manifest lists every file the generator wrote. A file not in it was
written by a person, and the writer never overwrites or deletes it. Before
any page is written, the manifest is widened to the union of the old and
the new set, so a build killed part-way never forgets a file it made; at
the end, files it no longer produces are removed and the manifest narrowed.
Each file is written to a temporary name and renamed into place, so a
reader (or ``mkdocs serve``) never sees half a page.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

MANIFEST = ".briefing-manifest.json"


class LockedError(Exception):
    """Another build is running in the same project."""


@contextmanager
def build_lock(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive lock for one build; fail at once if another build holds it."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockedError(
                f"another briefing build is running in this project (lock: {lock_path}); wait for it to finish"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


class ManifestWriter:
    """Write generated files under ``root`` and remember which are ours.

    Use ``plan(paths)`` once with every path this build will write, then
    ``write`` each file, then ``finish()``.
    """

    def __init__(self, root: Path):
        self.root = root
        self.manifest_path = root / MANIFEST
        self.previous = self._load()
        self.planned: set[str] = set()
        self.written: set[str] = set()
        self.skipped: list[str] = []
        self.changed = 0

    def _load(self) -> set[str]:
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
            return {str(p) for p in data.get("files", [])}
        except (FileNotFoundError, ValueError, AttributeError):
            return set()

    def _save(self, files: set[str]) -> None:
        data = json.dumps({"generator": "briefing", "files": sorted(files)}, indent=1) + "\n"
        write_atomic(self.manifest_path, data.encode("utf-8"))

    def is_ours(self, relpath: str) -> bool:
        """Whether the generator may write ``relpath`` (it made it, or it does not exist)."""
        return relpath in self.previous or not (self.root / relpath).exists()

    def plan(self, relpaths: set[str]) -> None:
        """Record the files this build will write before writing any of them."""
        self.planned = {p for p in relpaths if self.is_ours(p)}
        self.skipped = sorted(set(relpaths) - self.planned)
        self._save(self.previous | self.planned)

    def write(self, relpath: str, content: str | bytes) -> bool:
        """Write one planned file if its content changed; return whether it was written."""
        if relpath not in self.planned:
            return False
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = self.root / relpath
        self.written.add(relpath)
        try:
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                return False
        except FileNotFoundError:
            pass
        write_atomic(path, data)
        self.changed += 1
        return True

    def finish(self) -> list[str]:
        """Remove generated files no longer produced; return their paths."""
        stale = sorted(self.previous - self.written)
        for relpath in stale:
            path = self.root / relpath
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            parent = path.parent
            while parent != self.root and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
        self._save(self.written)
        return stale
