"""Find the input files under the seed folders, naming every one that cannot be read and why.

A folder the builder may not list, a symbolic link that leads nowhere, or
one that leads outside the folder being read would otherwise drop articles
without a word, and ``--strict`` would pass. Each becomes a ``Problem``;
the rest is read. Links that stay inside the folder are followed; a link
outside it is read only when ``follow_outside`` allows it (a seeds folder
is often shared or synced, and a link to ``/etc`` or a home folder should
not publish what it points to). Folders are walked in sorted order, so a
build is deterministic, and a folder reached twice through links is read once.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from .models import Origin, Problem

Display = Callable[[Path], str]


def find_files(paths, problems: list[Problem], display: Display, wanted: Callable[[Path], bool],
               follow_outside: bool = False) -> list[Path]:
    """The input files under ``paths`` (files or folders), in a stable order; hidden ones (``.``, ``_``) skipped.

    Args:
        paths: files (taken as given) or folders (searched recursively).
        problems: where a file or folder that is not read is reported.
        display: how a path is named in a message.
        wanted: whether a file is an input file (by its name).
        follow_outside: read what a link leading outside the folder points to.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            walker = _Walker(path, problems, display, wanted, follow_outside)
            walker.walk(path)
            found.extend(walker.found)
        elif path.exists():
            problems.append(Problem(Origin(display(path)), "not a regular file (a named pipe, socket or device); not read"))
        elif path.is_symlink():
            problems.append(Problem(Origin(display(path)), f"dangling symbolic link (to {_target(path)!r}); not read"))
        else:
            problems.append(Problem(Origin(display(path)), "no such file or folder"))
    return found


class _Walker:
    """One folder's walk: the files found, and a message for each entry that cannot be read."""

    def __init__(self, root: Path, problems: list[Problem], display: Display, wanted, follow_outside: bool):
        self.root = root.resolve()
        self.problems = problems
        self.display = display
        self.wanted = wanted
        self.follow_outside = follow_outside
        self.found: list[Path] = []
        self.visited: set[Path] = set()

    def walk(self, folder: Path) -> None:
        real = folder.resolve()
        if real in self.visited:
            return
        self.visited.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            self._skip(folder, f"cannot read this folder ({exc.strerror or exc}); the articles in it were not read")
            return
        for entry in entries:
            if entry.name.startswith((".", "_")):
                continue
            path = Path(entry.path)
            if entry.is_symlink() and not self._link_allowed(path):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError as exc:
                self._skip(path, f"cannot read ({exc.strerror or exc}); not read")
                continue
            if is_dir:
                self.walk(path)
            elif not self.wanted(path):
                continue
            elif entry.is_file():
                self.found.append(path)
            else:  # reading a named pipe would wait for ever; a device or socket holds no article
                self._skip(path, "not a regular file (a named pipe, socket or device); not read")

    def _link_allowed(self, path: Path) -> bool:
        """Whether to follow a symbolic link; a dangling one, or one leading outside (unless allowed), is reported."""
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            self._skip(path, f"dangling symbolic link (to {_target(path)!r}); not read")
            return False
        if target != self.root and self.root not in target.parents and not self.follow_outside:
            if target.is_dir() or self.wanted(path):
                self._skip(path, f"symbolic link to {str(target)!r}, outside {self.display(self.root)}; not read "
                                 "(set extra.briefing.follow_links_outside_seeds: true to read it)")
            return False
        return True

    def _skip(self, path: Path, message: str) -> None:
        self.problems.append(Problem(Origin(self.display(path)), message))


def _target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"
