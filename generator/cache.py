"""A content-addressed cache of per-article results, in one SQLite file.

Keys are hashes of everything a result depends on (the text, the model
version, the code version), so a stale entry is never read: it is simply
never asked for again. SQLite makes concurrent builds safe: writes are
transactions, and two builds that compute the same key write the same value.

A damaged database (a disk fault, a copy taken mid-write) is set aside as
``cache.sqlite.damaged`` with a note, and an empty one takes its place: the
results are computed again, and no later build is blocked by it.

The cache folder is private (0700, files 0600) whatever the umask: the memo
kept in it is pickled, and reading a pickle can run code.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from pathlib import Path
from typing import Callable, Iterable, TypeVar

PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
DAMAGED_CODES = (11, 26)  # SQLITE_CORRUPT ("database disk image is malformed"), SQLITE_NOTADB
T = TypeVar("T")


def private_folder(path: Path) -> Path:
    """Make ``path`` (and its parents) if needed, and make it the builder's alone (0700) if it is theirs."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    try:
        if stat.S_IMODE(path.stat().st_mode) != PRIVATE_FOLDER:
            path.chmod(PRIVATE_FOLDER)
    except PermissionError:
        pass  # another user's folder: the memo refuses what it finds there
    return path


def private_file(path: Path, text: str) -> None:
    """Write a small file readable by the builder alone, whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        os.fchmod(handle.fileno(), PRIVATE_FILE)
        handle.write(text)


def _damaged(exc: sqlite3.DatabaseError) -> bool:
    """Whether SQLite says the file itself is damaged (not busy, locked or out of space)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return (code & 0xFF) in DAMAGED_CODES if code is not None else type(exc) is sqlite3.DatabaseError


def make_key(*parts: str) -> str:
    """Hash the parts that a cached result depends on."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


class Cache:
    """Get and put JSON values by key; ``Cache(None)`` caches nothing.

    ``notes`` collects what a build should tell the user (a damaged database set aside).
    """

    def __init__(self, path: Path | None, notes: list[str] | None = None):
        self.path = path
        self.notes = notes if notes is not None else []
        self._db: sqlite3.Connection | None = None
        if path is not None:
            private_folder(path.parent)
            gitignore = path.parent / ".gitignore"
            if not gitignore.exists():
                private_file(gitignore, "*\n")
            self._guarded(lambda: None)

    def _connect(self) -> None:
        if self._db is None:
            self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            for name in (self.path.name, f"{self.path.name}-wal", f"{self.path.name}-shm"):
                try:
                    os.chmod(self.path.with_name(name), PRIVATE_FILE)
                except OSError:
                    pass  # not there (yet), or not ours: the folder is private anyway

    def _guarded(self, run: Callable[[], T]) -> T:
        """Run ``run`` on the open database; if SQLite finds it damaged, set it aside, start afresh and run again."""
        try:
            self._connect()
            return run()
        except sqlite3.DatabaseError as exc:
            if not _damaged(exc):
                raise
            self._set_aside(exc)
            self._connect()
            return run()

    def _set_aside(self, exc: sqlite3.DatabaseError) -> None:
        self.close()
        aside = self.path.with_name(self.path.name + ".damaged")
        for suffix in ("", "-wal", "-shm"):
            try:
                os.replace(f"{self.path}{suffix}", f"{aside}{suffix}")
            except FileNotFoundError:
                pass
        self.notes.append(f"{self.path}: the cache database is damaged ({exc}); set aside as {aside.name} "
                          "and started afresh, so results are computed again (delete it once you no longer need it)")

    def get_many(self, keys: Iterable[str]) -> dict[str, object]:
        """Return the cached values for the keys that have one."""
        if self.path is None:
            return {}
        keys = list(dict.fromkeys(keys))
        return self._guarded(lambda: self._get_many(keys))

    def _get_many(self, keys: list[str]) -> dict[str, object]:
        found: dict[str, object] = {}
        for i in range(0, len(keys), 500):
            part = keys[i : i + 500]
            marks = ",".join("?" * len(part))
            for key, value in self._db.execute(f"SELECT key, value FROM entries WHERE key IN ({marks})", part):
                found[key] = json.loads(value)
        return found

    def put_many(self, items: Iterable[tuple[str, object]]) -> None:
        """Store values in one transaction."""
        if self.path is None:
            return
        rows = [(key, json.dumps(value, ensure_ascii=False, separators=(",", ":"))) for key, value in items]
        if rows:
            self._guarded(lambda: self._put_many(rows))

    def _put_many(self, rows: list[tuple[str, str]]) -> None:
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)", rows)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
