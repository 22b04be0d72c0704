"""Pages' URLs and the relative links between them, worked out on the path strings alone.

``posixpath.relpath`` makes both paths absolute against the current
directory first; over the hundred thousand links of a large archive that
was most of the cost of a page's links. Site paths are relative and
normalised already, so comparing their parts is enough (and equal).

The generator writes most links itself, in HTML blocks MkDocs does not
rewrite, so ``url_of`` must give the URL MkDocs gives a page, in either of
MkDocs' URL forms: directory URLs (``entities/opec/``, the default) or,
without them (``use_directory_urls: false``, which Material's offline plugin
sets so the site reads from a folder), the page's file
(``entities/opec.html``). ``directory_urls`` names the form everywhere.
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


def url_of(src: str, directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives a file of the docs folder, in the build's URL form.

    With directory URLs, ``a/b.md`` -> ``a/b/``; an index page names its folder: ``a/index.md`` -> ``a/``
    (the home page: ""), but ``entities/retail-price-index.md`` is an ordinary page. Without, a page is
    its HTML file: ``a/b.html``, ``a/index.html``. Any other file is served as it is, except that with
    directory URLs an ``index.html`` (a redirect stub, ``b/<id>/index.html``) names its folder, as in MkDocs.
    """
    if src.endswith(".md"):
        stem = src[: -len(".md")]
        index = stem == "index" or stem.endswith("/index")
        src = stem + ("/index.html" if directory_urls and not index else ".html")
    if directory_urls and (src == "index.html" or src.endswith("/index.html")):
        return src[: -len("index.html")]
    return src


def relative_url(target: str, source: str) -> str:
    """The relative URL from the page at URL ``source`` to URL ``target`` (``url_of``'s, either form).

    A directory URL (ending in ``/``) is its own folder; a file's folder is the one it is in.
    """
    folder = source[:-1] if source.endswith("/") else posixpath.dirname(source)
    path = relpath(target.rstrip("/") or ".", folder or ".")
    return path + "/" if target.endswith("/") else path


def page_href(target: str, source: str, directory_urls: bool = True) -> str:
    """An HTML link from page ``source`` to page ``target`` (files of the docs folder; ``target`` may end
    in ``#anchor``): the URL MkDocs would make of the Markdown link, for the HTML blocks it does not
    rewrite, in the build's URL form. ``source`` may be a static HTML file (a redirect stub)."""
    target, _, anchor = target.partition("#")
    href = relative_url(url_of(target, directory_urls) or "./", url_of(source, directory_urls) or "./")
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
