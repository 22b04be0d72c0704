"""A content-addressed cache of per-article results, in one SQLite file.

Keys are hashes of everything a result depends on (the text, the model
version, the code version), so a stale entry is never read: it is simply
never asked for again. SQLite makes concurrent builds safe: writes are
transactions, and two builds that compute the same key write the same value.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Iterable


def make_key(*parts: str) -> str:
    """Hash the parts that a cached result depends on."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


class Cache:
    """Get and put JSON values by key; ``Cache(None)`` caches nothing."""

    def __init__(self, path: Path | None):
        self.path = path
        self._db: sqlite3.Connection | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            gitignore = path.parent / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("*\n", encoding="utf-8")
            self._db = sqlite3.connect(path, timeout=60, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value TEXT NOT NULL)")

    def get_many(self, keys: Iterable[str]) -> dict[str, object]:
        """Return the cached values for the keys that have one."""
        if self._db is None:
            return {}
        found: dict[str, object] = {}
        keys = list(dict.fromkeys(keys))
        for i in range(0, len(keys), 500):
            part = keys[i : i + 500]
            marks = ",".join("?" * len(part))
            for key, value in self._db.execute(f"SELECT key, value FROM entries WHERE key IN ({marks})", part):
                found[key] = json.loads(value)
        return found

    def put_many(self, items: Iterable[tuple[str, object]]) -> None:
        """Store values in one transaction."""
        if self._db is None:
            return
        rows = [(key, json.dumps(value, ensure_ascii=False, separators=(",", ":"))) for key, value in items]
        if not rows:
            return
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)", rows)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
