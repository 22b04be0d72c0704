"""The MkDocs hook files every MkDocs run of ours loads (a build, a shard of one, ``serve``).

A module of its own so that ``build`` and ``site_shards`` both name them without importing each other.
"""

from __future__ import annotations


def mkdocs_hook_files() -> list[str]:
    """The hooks every MkDocs run of ours loads: the search engine's choice, the offline build's links,
    the generator's HTML blocks stored whole and ``site_name`` escaped for the theme."""
    from . import offline_links, raw_html, search, theme_text

    return [search.__file__, offline_links.__file__, raw_html.__file__, theme_text.__file__]
