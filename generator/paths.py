"""Pages' URLs and the relative links between them, worked out on the path strings alone.

``posixpath.relpath`` makes both paths absolute against the current
directory first; over the hundred thousand links of a large archive that
was most of the cost of a page's links. Site paths are relative and
normalised already, so comparing their parts is enough (and equal).

The generator writes most links itself, in HTML blocks MkDocs does not
rewrite, so ``url_of`` must give the URL MkDocs gives a page.
"""

from __future__ import annotations

import posixpath


def relpath(target: str, start: str = ".") -> str:
    """``posixpath.relpath(target, start)`` for relative paths; the same answer, without touching the OS."""
    if not target:
        raise ValueError("no path specified")
    target_parts = [part for part in target.split("/") if part and part != "."]
    start_parts = [part for part in start.split("/") if part and part != "."]
    if target.startswith("/") or start.startswith("/") or ".." in target_parts or ".." in start_parts:
        return posixpath.relpath(target, start)  # not a plain site path: let the standard library decide
    common = 0
    for mine, theirs in zip(target_parts, start_parts):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + target_parts[common:]) or "."


def url_of(src: str) -> str:
    """The site-relative URL MkDocs gives a Markdown source with directory URLs.

    ``a/b.md`` -> ``a/b/``; an index page names its folder: ``a/index.md`` -> ``a/``,
    but ``entities/retail-price-index.md`` is an ordinary page.
    """
    if src == "index.md" or src.endswith("/index.md"):
        return src[: -len("index.md")]
    return src[: -len(".md")] + "/"


def relative_url(target: str, source: str) -> str:
    """The relative URL from page URL ``source`` to page URL ``target`` (both directory URLs)."""
    path = relpath(target.rstrip("/") or ".", source.rstrip("/") or ".")
    return path + "/" if target.endswith("/") else path


def page_href(target: str, source: str) -> str:
    """An HTML link from page ``source`` to page ``target`` (both Markdown sources; ``target`` may end
    in ``#anchor``): the URL MkDocs would make of the Markdown link, for the HTML blocks it does not
    rewrite (``offline_links.py`` fixes them for a build without directory URLs)."""
    target, _, anchor = target.partition("#")
    href = relative_url(url_of(target) or "./", url_of(source) or "./")
    return href + "#" + anchor if anchor else href


def short_link(briefing_id: str) -> str:
    """A briefing's short link by id, ``b/<id>/``: it always resolves (a redirect to the briefing's page)."""
    return f"b/{briefing_id}/"


def briefing_path(briefing, slug: str) -> str:
    """Source path of a briefing page (a ``models.Briefing``): readable, dated, ``YYYY/MM/DD/slug.md``."""
    return f"{briefing.date:%Y/%m/%d}/{slug}.md"


def entity_path(entity) -> str:
    """Source path of an entity's page (a ``models.Entity``): ``entities/<slug>.md``."""
    return f"entities/{entity.slug}.md"
