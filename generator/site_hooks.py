"""The MkDocs hook files every MkDocs run of ours loads (a build, a shard of one, ``serve``).

A module of its own so that ``build`` and ``site_shards`` both name them without importing each other.
"""

from __future__ import annotations


def mkdocs_hook_files() -> list[str]:
    """The hooks every MkDocs run of ours loads: Material's index left empty when the chunked index searches,
    the generator's HTML blocks stored whole and ``site_name`` escaped early. None is needed for a correct site:
    ``theme_files.py`` writes the site's choices into the theme, and the generator writes its links in the
    build's URL form (``paths.url_of``)."""
    from . import raw_html, search, theme_text

    return [search.__file__, raw_html.__file__, theme_text.__file__]
