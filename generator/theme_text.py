"""MkDocs hook: ``site_name`` reaches the theme as escaped text.

Material prints ``config.site_name`` unescaped in several partials (the
navigation drawer, the page heading's fallback, the redirect page) and
MkDocs renders themes without autoescaping. The name is configuration, so
trusted, but an archive's name can hold ``<`` or ``&`` ("Trade & Tariffs",
"<Unit 8200> watch"). Made escaped ``Markup`` once, it prints right both
where a template escapes it (``| e`` leaves ``Markup`` as it is) and where
it does not, in partials this project does not override, today's or
tomorrow's. Loaded outside the package by ``briefing build`` and ``briefing serve``.
"""

from __future__ import annotations

from markupsafe import Markup, escape


def on_config(config):
    if config.site_name and not isinstance(config.site_name, Markup):
        config.site_name = escape(config.site_name)
    return config
