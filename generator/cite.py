"""Citation texts for a briefing: Markdown link, plain text and BibTeX.

They are plain text (not HTML): rendered from templates under
``templates/cite/`` with escaping for their own syntax (Markdown link
text, BibTeX braces), stored in front matter, and escaped as HTML by the
theme's cite box like every other front-matter value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .models import Briefing

TEMPLATES = Path(__file__).parent / "templates" / "cite"

_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")
_MD_LINK_TEXT = re.compile(r"([\\\[\]`*_<>])")


def _bibtex(value: object) -> str:
    """Escape text for a BibTeX field in braces (so ``{``, ``%``, ``\\`` stay literal)."""
    return _BIBTEX_SPECIAL.sub(r"\\\1", " ".join(str(value or "").split()))


def _md_text(value: object) -> str:
    """Escape text for the inside of a Markdown link's brackets."""
    return _MD_LINK_TEXT.sub(r"\\\1", " ".join(str(value or "").split()))


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=False,
                      undefined=StrictUndefined, keep_trailing_newline=False, trim_blocks=True, lstrip_blocks=True,
                      auto_reload=False)
    env.filters["bibtex"] = _bibtex
    env.filters["mdtext"] = _md_text
    return env


_ENV = None


def citations(briefing: Briefing | Mapping, url: str, site_name: str) -> dict[str, str]:
    """The three citation forms for ``briefing`` at ``url`` (absolute, or site-relative without site_url).

    ``briefing`` may also be a page's ``b``: a mapping of the fields the citations read.
    """
    global _ENV
    if _ENV is None:
        _ENV = _environment()
    ident = briefing["id"] if isinstance(briefing, Mapping) else briefing.id
    key = "briefing-" + re.sub(r"[^A-Za-z0-9_-]", "-", ident)
    context = {"b": briefing, "url": url, "site_name": site_name, "key": key}
    return {name: _ENV.get_template(f"{name}.txt.j2").render(context).strip()
            for name in ("markdown", "text", "bibtex")}


def cited(front: dict, briefing: Mapping, site_name: str) -> dict:
    """A briefing page's front matter with its citation texts added (a Jinja filter).

    Made as the page is rendered, not when it is planned: a page's context
    holds what the citations are made from, so a rebuild that finds a page
    unchanged never makes them.
    """
    cite = front["briefing"]["cite"]
    return {**front, "briefing": {**front["briefing"], "cite": {**cite, **citations(briefing, cite["url"], site_name)}}}
