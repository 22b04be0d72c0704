"""The cache under faults: a damaged database, a careless umask (issue 28)."""

from __future__ import annotations

import os
import stat

from generator.build import generate
from generator.cache import Cache
from generator.config import load_config


def _content(root):
    return {p.relative_to(root): p.read_bytes() for p in sorted((root / "content").rglob("*")) if p.is_file()}


def _damage(path) -> None:
    """Overwrite every page after the first (the schema) with junk, as a disk fault or a torn copy would."""
    data = bytearray(path.read_bytes())
    assert len(data) > 3 * 4096
    data[4096:] = bytes((n * 7 + 13) % 251 for n in range(len(data) - 4096))
    path.write_bytes(bytes(data))


def test_a_damaged_sqlite_cache_is_set_aside_with_a_note_and_the_build_goes_on(project):
    config = load_config(project)
    first = generate(config)
    before = _content(project)
    database = config.cache_path / "cache.sqlite"
    _damage(database)
    (config.cache_path / "memo").rename(config.cache_path / "memo-gone")  # results must come from the database
    report = generate(config)
    assert not report.errors
    assert len(report.notes) == 1 and "damaged" in report.notes[0] and "cache.sqlite.damaged" in report.notes[0]
    assert report.analysed == first.analysed  # computed again
    assert (config.cache_path / "cache.sqlite.damaged").is_file()
    assert _content(project) == before
    assert not generate(config).notes  # the new database is sound


def test_a_damaged_sqlite_file_answers_nothing_then_works(tmp_path):
    cache = Cache(tmp_path / "cache.sqlite")
    cache.put_many((f"key-{n}", {"text": "Oil prices rose on Monday. " * 20}) for n in range(200))
    cache.close()
    _damage(tmp_path / "cache.sqlite")
    damaged = Cache(tmp_path / "cache.sqlite")
    assert damaged.get_many(["key-1", "key-150"]) == {}
    assert len(damaged.notes) == 1 and "database disk image is malformed" in damaged.notes[0]
    damaged.put_many([("key-1", 1)])
    assert damaged.get_many(["key-1"]) == {"key-1": 1}
    damaged.close()


def test_the_cache_folder_and_its_files_are_private_under_umask_000(project):
    config = load_config(project)
    old = os.umask(0)
    try:
        generate(config)
    finally:
        os.umask(old)
    modes = {p.relative_to(config.cache_path).as_posix(): stat.S_IMODE(p.stat().st_mode)
             for p in [config.cache_path, *config.cache_path.rglob("*")]}
    assert modes.pop(".") == 0o700 and modes.pop("memo") == 0o700
    assert modes and set(modes.values()) == {0o600}, modes
