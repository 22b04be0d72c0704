"""The theme overrides as the generator writes them: ``generator/theme/`` with the site's choices already made.

A builder reads the overrides as they are. MkDocs and ProperDocs run this
project's hooks, but Zensical (Material's successor) runs none, and a plain
``mkdocs build`` without them must still give a correct site. So what the pages
need decided is decided here, where the generator knows the pages and the
settings, and written into the theme; the hooks only make builds faster.

- The search box: ``partials/search.html`` is written as the partial of the
  engine the archive gets (``choose_engine``; Material's search for an
  offline build, since a browser will not fetch the chunked index's files from
  ``file://``), the chunked script's URL versioned by its bytes. The
  ``search.py`` hook reads the choice back from here.
- ``site_name`` (and the site's description and author) reach Material's
  partials escaped: ``main.html``'s first block makes them escaped ``Markup``,
  as the ``theme_text.py`` hook does earlier.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

THEME = Path(__file__).parent / "theme"
SEARCH_PARTIAL = "partials/search.html"
ENGINE_PARTIAL = "partials/search-{}.html"  # one per engine, in generator/theme/
ENGINES = ("auto", "material", "chunked")
CHUNKED_SCRIPT = "assets/javascripts/chunked-search.js"
ALIASES = {"pagefind": "chunked"}


@dataclass(frozen=True)
class SearchChoice:
    """What picks a site's search engine: the setting, the largest Material index ``auto`` accepts, an offline build."""

    setting: str = "auto"
    material_max_kb: int = 200
    offline: bool = False

    def engine(self, docs_dir: Path, known_bytes: int = 0) -> str:
        """The engine for the pages now in ``docs_dir``: ``material`` or ``chunked``.

        ``known_bytes`` is the size of the pages known without reading the
        folder (the generator's own): once past the limit, the folder of a
        large archive (tens of thousands of folders) need not be walked.
        """
        try:
            engine = choose_engine(self.setting, known_bytes, self.material_max_kb)
        except ValueError:
            return "material"  # MkDocs reports the bad setting (search.py)
        if self.offline:
            return "material"
        if engine == "material" and ALIASES.get(self.setting, self.setting) == "auto":  # small so far: count every page
            engine = choose_engine("auto", markdown_bytes(docs_dir), self.material_max_kb)
        return engine


def choose_engine(setting: str, text_bytes: int, material_max_kb: int) -> str:
    """The engine to use: the configured one, or for ``auto`` the one the archive's size calls for.

    Args:
        setting: ``auto``, ``material`` or ``chunked``.
        text_bytes: total size of the pages' Markdown sources (Material's index is about as big).
        material_max_kb: the largest Material index ``auto`` accepts.
    """
    setting = ALIASES.get(setting, setting)
    if setting not in ENGINES:
        raise ValueError(f"extra.briefing.search: expected one of {', '.join(ENGINES)}, got {setting!r}")
    if setting != "auto":
        return setting
    return "chunked" if text_bytes > material_max_kb * 1024 else "material"


def generated_page_bytes(sizes: dict[str, list], not_written: set[str]) -> int:
    """The size of the Markdown pages the generator wrote, from ``RenderResult.fingerprints``
    (path -> [fingerprint, size]); ``not_written``: its paths left as someone else made or edited them."""
    return sum(size for path, (_, size) in sizes.items() if path.endswith(".md") and path not in not_written)


def markdown_bytes(docs_dir: Path) -> int:
    """The size of the site's Markdown pages (Material's index is about as big); hidden folders are no pages."""
    return sum(p.stat().st_size for p in markdown_pages(docs_dir))


def markdown_pages(docs_dir: Path) -> list[Path]:
    return [p for p in docs_dir.rglob("*.md") if not any(part.startswith(".") for part in p.relative_to(docs_dir).parts)]


def theme_files(engine: str) -> dict[str, bytes]:
    """Every file of the overrides folder, by path: the theme's files, and the search partial of ``engine``."""
    files = {str(p.relative_to(THEME)): p.read_bytes() for p in sorted(THEME.rglob("*"))
             if p.is_file() and "__pycache__" not in p.parts}
    files[SEARCH_PARTIAL] = engine_partial(engine)
    return files


def engine_partial(engine: str) -> bytes:
    """The search partial of ``engine``, its script's URL tied to the script's bytes (``?v=``): a browser that
    holds an older ``chunked-search.js`` (GitHub Pages lets it keep one ten minutes) fetches the new one with the
    new index format instead of misreading it."""
    partial = (THEME / ENGINE_PARTIAL.format(engine)).read_bytes()
    script = (THEME / CHUNKED_SCRIPT).read_bytes()
    version = hashlib.blake2b(script, digest_size=6).hexdigest().encode()
    return partial.replace(b"'" + CHUNKED_SCRIPT.encode() + b"' | url }}",
                           b"'" + CHUNKED_SCRIPT.encode() + b"' | url }}?v=" + version)


def written_engine(custom_dir: str | Path | None) -> str | None:
    """The engine whose search box the generator wrote into the overrides, or None if it wrote none there
    (or the file was changed since, by hand)."""
    try:
        written = (Path(custom_dir) / SEARCH_PARTIAL).read_bytes() if custom_dir else None
    except OSError:
        return None
    for engine in ("material", "chunked"):
        if written == engine_partial(engine):
            return engine
    return None
