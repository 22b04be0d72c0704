"""Writing what render made through the manifest writer: pages kept or replaced by fingerprint, the data
files, the theme overrides and ``permalinks.json``.

Every file goes through ``ManifestWriter`` (atomic, never over a file a
person wrote or edited); a file whose fingerprint and size match the last
build's, and which is intact on disk, is not written again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import permalinks
from .models import Archive
from .removed_pages import titles
from .writer import ManifestWriter, write_atomic



def write_data_files(writer: ManifestWriter, data: dict[str, str], known: dict[str, list],
                     fingerprints: dict[str, list]) -> None:
    """Write the data files (feeds, JSON, the search index) that changed; record each one's fingerprint and size."""
    writer.plan_more(set(data))
    for path in sorted(data):
        content = data[path].encode("utf-8")
        fingerprint = hashlib.blake2b(content, digest_size=16).hexdigest()  # not reading thousands of files back
        before = known.get(path)
        if not (before and before[0] == fingerprint and writer.keep(path, before[1])):
            writer.write(path, content)
        fingerprints[path] = [fingerprint, len(content)]


def write_permalinks(path: Path, archive: Archive, recorded_titles: dict[str, str]) -> None:
    """Record every published URL, story and title in ``permalinks.json``, if anything changed."""
    text = permalinks.dump(archive.permalinks, archive.stories, titles(archive, recorded_titles))
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        write_atomic(path, text.encode("utf-8"))


def copy_theme(theme_dir: Path, files: dict[str, bytes]) -> tuple[list[str], list[str]]:
    """Write the theme overrides (``theme_files.theme_files``) to MkDocs' ``custom_dir``; return the files skipped
    (not ours) and edited (by hand since), by their path under the project."""
    theme = ManifestWriter(theme_dir)
    theme.plan(set(files))
    for name, content in files.items():
        theme.write(name, content)
    theme.finish()
    return [f"{theme_dir.name}/{p}" for p in theme.skipped], [f"{theme_dir.name}/{p}" for p in theme.edited]
