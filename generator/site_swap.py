"""The built site appears whole or not at all: MkDocs builds beside ``site/``, then the new site is swapped in.

MkDocs empties its ``site_dir`` before it writes the pages; at tens of
thousands of pages that takes minutes, and a build killed meanwhile (or
failing) used to leave ``site/`` empty until the next one. Here MkDocs
writes into a hidden folder beside it (same file system, so the swap is
two renames); the old site is renamed aside, the new one renamed into
place, and the old one deleted. A build killed before the swap leaves the
old site as it was; killed between the two renames (an instant), the next
build puts the old site back first. Either way the next build removes
the leftovers. Hidden files in ``site/``, which MkDocs never deletes,
move into the new site.
"""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

NEW = ".{name}.briefing-new"
OLD = ".{name}.briefing-old"


def _beside(site: Path, pattern: str) -> Path:
    return site.with_name(pattern.format(name=site.name))


def recover(site: Path) -> None:
    """Undo what a killed build left: put the old site back if the swap stopped half-way; drop the leftovers."""
    old, new = _beside(site, OLD), _beside(site, NEW)
    if old.is_dir() and not site.exists():
        old.rename(site)
        if new.is_dir():
            _move_hidden(new, site)  # moved into the new site just before the kill
    for leftover in (old, new):
        if leftover.is_dir():
            shutil.rmtree(leftover)


def _move_hidden(source: Path, target: Path) -> None:
    for entry in sorted(source.iterdir()):
        if entry.name.startswith(".") and not (target / entry.name).exists():
            entry.rename(target / entry.name)


def fresh_staging(live: Path) -> Path:
    """An empty folder beside the live site (what a killed build left there removed first), for a build
    whose few files are moved into the live site one by one (``site_plan.commit``)."""
    recover(live)
    new = _beside(live, NEW)
    new.mkdir()
    return new


def live_site(site: Path) -> Path:
    """The folder the site is served from: ``site`` itself, or where it leads if it is a symbolic link."""
    site = Path(site)
    return site.resolve() if site.is_symlink() else site


@contextmanager
def staged_site(site: Path) -> Iterator[Path]:
    """Yield the folder to build the site in; when the block ends without an error, swap it in as ``site``.

    A ``site`` that is a symbolic link has the folder it leads to swapped (the link stays); one that is a
    mount point (a bind mount, a tmpfs) cannot be renamed, so the site is built in it, as MkDocs does.
    """
    site = live_site(site)
    if site.is_mount():
        yield site
        return
    recover(site)
    new = _beside(site, NEW)
    yield new
    if not new.is_dir():
        return  # nothing was built (MkDocs wrote no page): leave the old site
    old = _beside(site, OLD)
    if site.is_dir():
        _move_hidden(site, new)  # MkDocs leaves hidden files (a .git of gh-pages, say): so do we
    if site.exists():
        site.rename(old)
    new.rename(site)
    if old.is_dir():
        shutil.rmtree(old)
