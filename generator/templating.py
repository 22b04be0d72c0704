"""The Jinja2 environment pages are rendered in: where the templates are, and the filters they use.

Templates under ``templates/`` lay pages out from plain data; the filters
here turn that data into escaped Markdown, HTML links and anchors.
"""

from __future__ import annotations

import functools
import hashlib
import posixpath
from collections import Counter
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import charts, list_pages
from .cite import cited
from .markup import html_line, markdown_inline, to_yaml
from .paths import page_href, relpath

TEMPLATES = Path(__file__).parent / "templates"


def environment(directory_urls: bool = True) -> Environment:
    """The Jinja2 environment: HTML autoescaping on, Markdown and YAML filters added; ``href`` writes links
    in the build's URL form (``paths.url_of``; MkDocs rewrites the Markdown links of ``rel`` itself)."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates do not change during a build: no stat of the file per page
    )
    env.filters["md"] = markdown_inline
    env.filters["line"] = html_line
    env.filters["yaml"] = to_yaml
    env.filters["rel"] = relative_link
    env.filters["href"] = functools.partial(page_href, directory_urls=directory_urls)
    env.filters["cited"] = cited
    env.filters["anchors"] = body_anchors
    env.filters["by_day"] = list_pages.by_day
    env.globals["briefing_map"] = charts.briefing_map
    env.globals["mentions_chart"] = charts.mentions_chart
    return env


def relative_link(target: str, source: str) -> str:
    """A Markdown link from page ``source`` to page ``target`` (both source paths)."""
    return relpath(target, posixpath.dirname(source) or ".")


def paragraph_anchors(paragraphs: list[str]) -> list[str]:
    """Content-based paragraph ids (``t-`` + 8 hex of the normalised text) for deep links.

    Unlike ``#pN`` they survive paragraphs being added, removed or edited
    elsewhere in the article; a repeated paragraph gets ``-2``, ``-3``...
    """
    seen: Counter = Counter()
    anchors = []
    for paragraph in paragraphs:
        base = "t-" + hashlib.sha1(" ".join(paragraph.split()).casefold().encode("utf-8")).hexdigest()[:8]
        seen[base] += 1
        anchors.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return anchors


def body_anchors(body: list[list[tuple[str, str | None]]]) -> list[str]:
    """``paragraph_anchors`` of a page's ``body`` (a Jinja filter): its pieces join into the paragraphs."""
    return paragraph_anchors(["".join(text for text, _ in pieces) for pieces in body])

