"""MkDocs hook: ``site_name`` (and the site's description and author) reach the theme as escaped text.

Material prints ``config.site_name`` unescaped in several partials (the
navigation drawer, the page heading's fallback, the redirect page) and
MkDocs renders themes without autoescaping. The name is configuration, so
trusted, but an archive's name can hold ``<`` or ``&`` ("Trade & Tariffs",
"<Unit 8200> watch"). Made escaped ``Markup`` once, it prints right both
where a template escapes it (``| e`` leaves ``Markup`` as it is) and where
it does not, in partials this project does not override, today's or
tomorrow's. The theme's ``main.html`` does the same as each page starts (for a
builder that runs no hooks); this hook does it before any template runs, for
a template that does not extend ``main.html``. Loaded outside the package by
``briefing build`` and ``briefing serve``.
"""

from __future__ import annotations

from markupsafe import Markup, escape


ESCAPED = ("site_name", "site_description", "site_author")
"""Plain-text settings Material prints (``site_author`` and ``site_description`` raw in base.html's meta tags)."""


def on_config(config):
    for key in ESCAPED:
        value = config.get(key)
        if value and not isinstance(value, Markup):
            config[key] = escape(value)
    return config
