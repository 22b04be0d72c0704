"""What to tell the user when the machine, not the input, stops a build: a full disk, a file-size limit, a
read-only or forbidden folder.

A traceback says none of what matters: what happened, whether anything
was lost, what to do. The generator's writes are staged and renamed into
place (``writer.py``), so a failed write leaves content/ as the last
complete build; the message says so, and names the file it could not write.
"""

from __future__ import annotations

import errno
import resource
import sqlite3
from pathlib import Path

from .config import Config

WHAT = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "a file would pass the size limit for files (ulimit -f)",
    errno.EROFS: "the folder is on a read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EIO: "an input/output error (with SQLite, most often a full disk)",
}
TODO = {
    errno.ENOSPC: "free some space on that disk and build again",
    errno.EDQUOT: "free some space (or raise the quota) and build again",
    errno.EFBIG: "raise the limit (ulimit -f unlimited) and build again",
    errno.EROFS: "make it writable (or set docs_dir, site_dir or extra.briefing.cache_dir to a writable folder) "
                 "and build again",
    errno.EACCES: "make it writable by you and build again",
    errno.EPERM: "make it writable by you and build again",
    errno.EIO: "check that the disk has room and works, and build again",
}
SQLITE_ERRNO = {"database or disk is full": errno.ENOSPC, "readonly database": errno.EROFS,
                "unable to open database file": errno.EACCES,
                "disk I/O error": errno.EIO}


def is_fault(exc: BaseException) -> bool:
    """Whether ``exc`` is the system refusing a write or a read (not a bug): a message, not a traceback, is due."""
    if isinstance(exc, sqlite3.OperationalError):
        return _sqlite_errno(exc) is not None
    return isinstance(exc, OSError) and exc.errno in WHAT  # others (a file gone missing...) may be bugs: shown whole


def explain(exc: BaseException, config: Config, stage: str) -> str:
    """One message: what happened, where, what state it left, what to do.

    Args:
        exc: an exception for which ``is_fault`` holds.
        stage: ``generate`` (content/ and the cache) or ``site`` (MkDocs writing site/).
    """
    if isinstance(exc, sqlite3.OperationalError):
        code = _sqlite_errno(exc)
        where: Path | None = config.cache_path / "cache.sqlite"
    else:
        code = exc.errno
        target = getattr(exc, "filename2", None) or getattr(exc, "filename", None)  # a copy names source, target
        where = Path(target) if target else None
    what = WHAT.get(code, getattr(exc, "strerror", None) or str(exc))
    todo = TODO.get(code, "fix this and build again")
    place = f": cannot write {_shown(where, config.root)}" if where else ""
    return f"{what}{place}{_size_limit(code)}. {_state(where, config, stage)} To go on: {todo}."


def _size_limit(code: int | None) -> str:
    """A note on the file-size limit (``ulimit -f``) when one is set and the error may come from it."""
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    if code in (errno.EFBIG, errno.EIO, errno.ENOSPC) and limit != resource.RLIM_INFINITY:
        return f" (a file-size limit is set: ulimit -f {limit // 1024}, {limit:,} bytes; raise it if it is in the way)"
    return ""


def _state(where: Path | None, config: Config, stage: str) -> str:
    """What the failed write left, by where it was."""
    if stage == "site" or (where is not None and _inside(where, config.site_path)):
        return ("content/ is complete; site/ may be incomplete until the next build "
                "(or run `mkdocs build` once there is room).")
    if where is not None and _inside(where, config.cache_path):
        return (f"Nothing was lost: {config.cache_dir}/ only keeps earlier results to save time "
                "(delete it to start afresh), and content/ holds complete pages, of this build or the one before.")
    return ("Nothing was lost: content/ holds the previous build's pages, byte for byte (new pages are renamed "
            "into place only once all are written); the next build removes the partial files.")


def _shown(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if _inside(path, root) else str(path)


def _inside(path: Path, folder: Path) -> bool:
    try:
        Path(path).resolve().relative_to(folder.resolve())
        return True
    except (ValueError, OSError):
        return False


def _sqlite_errno(exc: sqlite3.OperationalError) -> int | None:
    text = str(exc)
    return next((code for phrase, code in SQLITE_ERRNO.items() if phrase in text), None)
