"""MkDocs hooks: the generator's raw HTML links, fixed for a build without directory URLs.

The generator writes the same Markdown whatever the build: links in its raw
HTML (the article's entity links, the map's dots, the redirect stubs, the
pages of removed briefings) are relative directory URLs
(``../../entities/opec/``), since MkDocs rewrites
only Markdown links; so are the theme's sidebar links. Material's offline
plugin turns directory URLs off (``entities/opec.html``, and every page one
folder higher), which would break them; these hooks point each one at the
file MkDocs wrote for the page it names, so the site reads from a folder
(``file://``) with no script. With directory URLs (the default) they
change nothing. Of this project's hooks, this is the one a correct site still
needs (for an offline build): a builder that runs no hooks would need the
generator to write these links in the offline build's form itself.

Loaded outside the package by ``briefing build`` and ``briefing serve``,
hence absolute imports.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from mkdocs.utils import get_relative_url

from generator.paths import url_of

# href="…/" or href="…/#anchor": relative (no scheme, not from the root), naming a directory URL.
_DIRECTORY_HREF = re.compile(r'(href=")((?:[^"#:/][^"#:]*)?/)(#[^"]*)?(")')
_REFRESH = re.compile(r'http-equiv="refresh" content="0; url=([^"]+)"')
_REMOVED = '<body class="briefing-removed">'  # templates/removed.html.j2
_files = None


def on_files(files, config):
    global _files
    _files = files
    return files


def on_page_content(html: str, page, config, files) -> str:
    """The page's own HTML: raw links written from the page's directory URL."""
    if config.use_directory_urls or _files is None:
        return html
    return _rewrite(html, url_of(page.file.src_uri), page.file.url)


def on_post_page(output: str, page, config) -> str:
    """The theme's links (the entity sidebar's) are written from the page's own folder."""
    if config.use_directory_urls or _files is None:
        return output
    return _rewrite(output, posixpath.dirname(page.file.url) + "/", page.file.url)


def on_post_build(config) -> None:
    """The redirect stubs (``b/<id>/index.html``, old slugs) and the pages of removed briefings are copied
    as they are: fix them in place."""
    if config.use_directory_urls or _files is None:
        return
    for file in _files:
        if file.is_documentation_page() or not file.src_uri.endswith(".html"):
            continue
        path = Path(file.abs_dest_path)
        text = path.read_text(encoding="utf-8")
        found = _REFRESH.search(text)
        base = posixpath.dirname(file.dest_uri) + "/"
        if not found:
            if _REMOVED in text:
                path.write_text(_rewrite(text, base, file.dest_uri), encoding="utf-8")
            continue
        new = _offline_href(found.group(1), base, file.dest_uri)
        if new != found.group(1):
            path.write_text(text.replace(found.group(1), new), encoding="utf-8")


def _rewrite(html: str, base: str, page_url: str) -> str:
    def replace(match: re.Match) -> str:
        return match.group(1) + _offline_href(match.group(2), base, page_url) + (match.group(3) or "") + match.group(4)

    return _DIRECTORY_HREF.sub(replace, html)


def _offline_href(href: str, base: str, page_url: str) -> str:
    """``href``, written from the folder ``base``, as a link from ``page_url`` to the file of the page it names.

    Left as it is when no page of the site has that directory URL.
    """
    target = posixpath.normpath(posixpath.join(base, href))
    if target.startswith(".."):
        return href
    target = "" if target == "." else target
    folder = f"{target}/" if target else ""
    for src in (f"{target}.md", f"{folder}index.md", f"{folder}index.html"):  # a page, a section, a redirect stub
        file = _files.get_file_from_path(src)
        if file is not None:
            return get_relative_url(file.url, page_url)
    return href

