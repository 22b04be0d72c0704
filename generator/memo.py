"""Per-article results of earlier builds as Python objects, loaded in one go at the start of a rebuild.

The SQLite cache (``cache.py``) stays the record a build can always fall
back on, but it stores JSON, one value per row: a rebuild of a large
archive spent seconds decoding 19,000 briefings and groupings and
counting every briefing's words again. The memo keeps the same results
pickled, in a few files, keyed like the cache (by a hash of everything a
result depends on), so a rebuild reads them at the speed of ``pickle``.

A build adds what it made as one new part file; when parts pile up, or
many entries are no longer asked for (articles removed or changed),
the memo is rewritten as one file with only what this build used. A part
written by other code, or unreadable, is ignored and compacted away:
at worst a rebuild falls back on the cache. Only this program writes
these files, inside the project's git-ignored cache folder; since
unpickling can run code, that folder is trusted as the project's own
code is (its MkDocs hooks run too), and it is never read from elsewhere.
So the folder and its parts are the builder's alone (0700 and 0600,
whatever the umask), and a part that another user owns or could have
written is never unpickled: it is named in a note and removed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from .executor import collector_paused
from .cache import PRIVATE_FILE, make_key, private_folder
from .writer import TEMP_PREFIX, write_atomic

MAX_PARTS = 8
MAX_UNUSED = 0.25  # rewrite when more than this share of the loaded entries went unused
_MISSING = object()
T = TypeVar("T")


class Memo:
    """Objects by key, read from and written to ``folder``; ``Memo(None)`` remembers nothing."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._values: dict[str, object] = {}
        self._used: set[str] = set()
        self._new: set[str] = set()
        self._parts: list[Path] = []
        self._stale = False  # a part that could not be used: compact on save
        self.notes: list[str] = []  # what the build should tell the user (parts refused)
        if folder is not None:
            private_folder(folder)
            self._load()

    def get(self, key: str, default=None):
        value = self._values.get(key, _MISSING)
        if value is _MISSING:
            return default
        self._used.add(key)
        return value

    def remembered(self, key: str, make: Callable[[], T]) -> T:
        """The value kept under ``key``, else ``make()``, remembered under it."""
        value = self.get(key, _MISSING)
        if value is _MISSING:
            value = make()
            self.put(key, value)
        return value

    def put(self, key: str, value: object) -> None:
        """Remember ``value`` (do not change it afterwards: it is pickled on ``save``)."""
        if key not in self._values:
            self._new.add(key)
        self._values[key] = value
        self._used.add(key)

    def save(self) -> None:
        """Write what this build added; compact when parts pile up or many entries went unused."""
        if self.folder is None:
            return
        unused = len(self._values) - len(self._used)
        loaded = len(self._values) - len(self._new)
        if self._stale or len(self._parts) >= MAX_PARTS or unused > MAX_UNUSED * max(loaded, 1):
            old, self._parts = self._parts, []
            self._write({key: self._values[key] for key in sorted(self._used)})
            for part in old:
                if part not in self._parts:
                    part.unlink(missing_ok=True)
        elif self._new:
            self._write({key: self._values[key] for key in sorted(self._new)})
        self._new.clear()

    def _write(self, entries: dict[str, object]) -> None:
        if not entries:
            return
        with collector_paused():
            data = pickle.dumps((version(), entries), protocol=pickle.HIGHEST_PROTOCOL)
        path = self.folder / f"part-{hashlib.blake2b(data, digest_size=8).hexdigest()}.pickle"
        write_atomic(path, data, PRIVATE_FILE)
        self._parts.append(path)

    def _load(self) -> None:
        for staged in self.folder.glob(f"{TEMP_PREFIX}*"):  # a part half written by a build that was stopped
            staged.unlink(missing_ok=True)  # (builds hold the project's lock: no other one is writing now)
        refused = untrusted(self.folder)
        refused = f"its folder {refused}" if refused else None
        for part in sorted(self.folder.glob("part-*.pickle")):
            self._parts.append(part)
            why = refused or untrusted(part)
            if why:
                self.notes.append(f"{part}: {why}, so it was not loaded (unpickling runs code); it is removed, "
                                  "and its results are computed again")
                self._stale = True
                continue
            try:
                with collector_paused():
                    written_by, entries = pickle.loads(part.read_bytes())
            except Exception:  # truncated, or classes that changed shape: the cache has the same results
                written_by, entries = None, {}
            if written_by != version() or not isinstance(entries, dict):
                self._stale = True
                continue
            self._values.update(entries)


def untrusted(path: Path) -> str | None:
    """Why the file or folder at ``path`` may hold what someone other than the builder put there, or None."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        return f"cannot be checked ({exc.strerror or exc})"
    if stat.S_ISLNK(info.st_mode):
        return "is a symbolic link"
    if info.st_uid != os.geteuid():
        return f"is owned by user {info.st_uid}, not by the builder (user {os.geteuid()})"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"is writable by others (mode {stat.S_IMODE(info.st_mode):o})"
    return None


def derived_keys(kind: str, version: str, keys: Iterable[str]) -> list[str]:
    """Keys for what ``kind`` of work (at ``version``) derives from the results of ``keys``.

    One hash of the kind and version, joined to each key: hashing each key
    again took a tenth of a second a kind at 19,000 articles.
    """
    prefix = key_prefix(kind, version)
    return [prefix + key for key in keys]


def key_prefix(kind: str, version: str) -> str:
    """What ``derived_keys`` puts before each key."""
    return make_key(kind, version)[:16] + ":"


def version() -> str:
    """The shape of the objects the memo pickles (its stage in ``stages``: the modules defining their classes,
    and Python's version). Keys already change with everything a result depends on; this guards
    against unpickling objects of a class that has since changed.
    """
    from . import stages

    return stages.version("memo")
