"""The one place generated files are written: atomic, manifest-tracked, never clobbering.

The manifest lists every file the generator wrote, with a digest of the
bytes it wrote. A file not in it was written by a person, and the writer
never overwrites or deletes it; nor one whose bytes are no longer what the
generator wrote (edited by hand, or a hand-written page put at the path of
a removed briefing): it is left as it is, named in a warning, and dropped
from the manifest (delete it to have it made again). Before
any page is written, the manifest is widened to the union of the old and
the new set, so a build killed part-way never forgets a file it made; at
the end, files it no longer produces are removed and the manifest narrowed.

A build commits in two phases, so that killing it never leaves a mix of
old and new pages:

1. ``write`` stages each changed page as a hidden temporary file beside its
   target (MkDocs ignores dot files). This is the slow part; a build killed
   here leaves the previous pages exactly as they were, and the next build
   deletes the leftover temporary files.
2. ``finish`` records the staged renames in the manifest (a journal), then
   renames every staged file into place and removes stale pages, which takes
   a moment even for thousands of pages. A build killed during this phase is
   completed by the next one, which replays the journal before anything else.

This protects against a build that is killed or crashes, not against a power
cut: files are not fsynced (at 19,000 pages that would cost more than the build).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

MANIFEST = ".briefing-manifest.json"
TEMP_PREFIX = ".briefing-tmp-"


class LockedError(Exception):
    """Another build is running in the same project."""


@contextmanager
def build_lock(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive lock for one build; fail at once if another build holds it."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with os.fdopen(os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600), "r+") as handle:
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


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename (with ``mode``, else the usual file mode)."""
    os.replace(_stage(path, data, mode), path)


def _file_mode() -> int:
    """The mode ``open`` gives a new file (0o666 less the umask): mkstemp's own 0o600 would hide pages from a web server or group."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _file_mode()


def _stage(path: Path, data: bytes, mode: int | None = None) -> str:
    """Write ``data`` to a hidden temporary file beside ``path``; return its name."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f"{TEMP_PREFIX}{path.name}.", suffix=".tmp")
    except OSError as exc:  # named by the page, not by the temporary file's random name
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    try:
        os.fchmod(fd, FILE_MODE if mode is None else mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and exc.filename is None:  # a failed write names no file: say which
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
    return tmp


def _is_empty_dir(folder: Path) -> bool:
    """Whether ``folder`` is a directory with nothing in it (reads one entry, not the whole listing)."""
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is None
    except (FileNotFoundError, NotADirectoryError):
        return False


def digest(data: bytes) -> str:
    """What the manifest records of a file's bytes."""
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def _names(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except FileNotFoundError:
        return []


class ManifestWriter:
    """Write generated files under ``root`` and remember which are ours.

    Use ``plan(paths)`` once with every path this build will write, then
    ``write`` each file, then ``finish()``.
    """

    def __init__(self, root: Path):
        self.root = root
        self.manifest_path = root / MANIFEST
        manifest = self._load()
        self.recovered = self._recover(manifest)
        self.previous: dict[str, str | None] = manifest.get("files", {})  # path -> digest (None: not known)
        self.planned: set[str] = set()
        self.written: set[str] = set()
        self.digests: dict[str, str] = {}  # of the files written or kept by this build
        self.staged: dict[str, str] = {}
        self.skipped: list[str] = []
        self.edited: list[str] = []  # made by the generator, since changed by someone: left as they are
        self.changed = 0

    def _load(self) -> dict:
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
            files = data.get("files", {})  # a list before digests were recorded
            files = dict.fromkeys(map(str, files)) if isinstance(files, list) else {
                str(p): d if isinstance(d, str) else None for p, d in files.items()}
            return {"files": files, "pending": dict(data.get("pending") or {}),
                    "writing": bool(data.get("writing") or data.get("pending"))}
        except (FileNotFoundError, ValueError, AttributeError, TypeError):
            return {}

    def _recorded(self) -> dict[str, str | None]:
        """The manifest's files now: what earlier builds made, what this one plans, with the digests known."""
        files = dict(self.previous)
        files.update((p, self.previous.get(p)) for p in self.planned)
        files.update(self.digests)
        return files

    def _save(self, files: dict[str, str | None], pending: dict[str, str] | None = None, writing: bool = False) -> None:
        manifest: dict = {"generator": "briefing", "files": dict(sorted(files.items()))}
        if writing or pending:
            manifest["writing"] = True  # until finish: a build that stops before may leave staged files
        if pending:
            manifest["pending"] = dict(sorted(pending.items()))
        data = json.dumps(manifest, indent=1) + "\n"
        write_atomic(self.manifest_path, data.encode("utf-8"))

    def _recover(self, manifest: dict) -> int:
        """Finish a commit a killed build left half done, and delete its staged files; return renames replayed."""
        replayed = 0
        for relpath, tmp in manifest.get("pending", {}).items():
            staged = self.root / tmp
            if staged.name.startswith(TEMP_PREFIX) and staged.is_file():
                os.replace(staged, self.root / relpath)
                replayed += 1
        if manifest.get("pending"):
            self._save(manifest["files"], writing=True)
        # Staged files are left only by a build that stopped between plan and finish (the manifest says
        # so, or is missing); otherwise only the folder itself, where the manifest is written, is looked at.
        # os.walk, not Path.rglob: a seventh of the time over the tens of thousands of pages of a large archive.
        folders = os.walk(self.root) if manifest.get("writing", True) else [(str(self.root), [], _names(self.root))]
        for folder, _, names in folders:
            for name in names:
                if name.startswith(TEMP_PREFIX) and name.endswith(".tmp"):
                    os.unlink(os.path.join(folder, name))
        return replayed

    def is_ours(self, relpath: str) -> bool:
        """Whether the generator may write ``relpath`` (it made it, or it does not exist)."""
        return relpath in self.previous or not (self.root / relpath).exists()

    def by_hand(self, relpath: str) -> bool:
        """Whether a file is at ``relpath`` that the generator did not write, or that was changed since it did."""
        path = self.root / relpath
        if relpath not in self.previous:
            return path.exists()
        known = self.previous[relpath]
        try:
            return known is not None and digest(path.read_bytes()) != known
        except (FileNotFoundError, IsADirectoryError):
            return False

    def plan(self, relpaths: set[str]) -> None:
        """Record the files this build will write before writing any of them."""
        self.planned = {p for p in relpaths if self.is_ours(p)}
        self.skipped = sorted(set(relpaths) - self.planned)
        self._save(self._recorded(), writing=True)

    def plan_more(self, relpaths: set[str]) -> None:
        """Record more files this build will write (files it learnt of after ``plan``), before writing them."""
        new = relpaths - self.planned - set(self.skipped)
        ours = {p for p in new if self.is_ours(p)}
        self.skipped = sorted(set(self.skipped) | (new - ours))
        if ours:
            self.planned |= ours
            self._save(self._recorded(), writing=True)

    def write(self, relpath: str, content: str | bytes) -> bool:
        """Stage one planned file if its content changed; return whether it will change.

        Nothing a reader sees changes until ``finish``.
        """
        if relpath not in self.planned:
            return False
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = self.root / relpath
        try:
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                self.written.add(relpath)
                self.digests[relpath] = digest(data)
                return False
        except FileNotFoundError:
            pass
        if self._edited(relpath):
            return False
        self.written.add(relpath)
        self.digests[relpath] = digest(data)
        previous = self.staged.pop(relpath, None)
        if previous:
            os.unlink(self.root / previous)
        self.staged[relpath] = os.path.relpath(_stage(path, data), self.root)
        self.changed += 1
        return True

    def keep(self, relpath: str, size: int) -> bool:
        """Keep a planned file as it is, if it is there with the expected size; return whether it was kept."""
        if relpath not in self.planned:
            return False
        try:  # os.stat on a joined string: a pathlib Path per page cost more than the stat
            if os.stat(os.path.join(self.root, relpath)).st_size != size:
                return False
        except FileNotFoundError:
            return False
        known = self.previous.get(relpath)
        if known is None:  # recorded by an older version, without its digest: read it once
            known = digest((self.root / relpath).read_bytes())
        self.written.add(relpath)
        self.digests[relpath] = known
        return True

    def _edited(self, relpath: str) -> bool:
        """Whether a file the generator made is there with other bytes than it wrote; if so it is no longer ours."""
        known = self.previous.get(relpath)
        if known is None:
            return False
        try:
            if digest((self.root / relpath).read_bytes()) == known:
                return False
        except FileNotFoundError:
            return False
        self.previous.pop(relpath)
        self.planned.discard(relpath)
        self.edited = sorted({*self.edited, relpath})
        return True

    def finish(self) -> list[str]:
        """Commit the staged files, remove generated files no longer produced; return their paths."""
        if self.staged:
            self._save(self._recorded(), self.staged)
            for relpath, tmp in self.staged.items():
                os.replace(self.root / tmp, self.root / relpath)
            self.staged = {}
        stale = sorted(p for p in list(self.previous) if p not in self.written and not self._edited(p))
        emptied: set[Path] = set()
        for relpath in stale:
            path = self.root / relpath
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            emptied.add(path.parent)
        # Then each folder once, deepest first: after one new article, hundreds of stale search-index
        # files share two folders of thousands, and listing a folder per file took a second.
        for parent in sorted(emptied, key=lambda p: len(p.parts), reverse=True):
            while parent != self.root and _is_empty_dir(parent):
                parent.rmdir()
                parent = parent.parent
        self._save(self.digests)
        return stale
