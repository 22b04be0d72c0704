"""A link checker for a built site: every internal link and anchor resolves.

Reads every HTML page under the site folder with the standard library's
HTML parser. A link that starts with ``/`` is an error too: it would break
when the site is served from a sub-path (GitHub project pages). Redirect
pages (meta refresh) must land on a real page, not on another redirect.
"""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

SKIP_SCHEMES = ("http:", "https:", "mailto:", "javascript:", "data:", "tel:")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.refresh: str | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for key in ("id", "name"):
            if values.get(key) and (key == "id" or tag == "a"):
                self.ids.add(values[key])
        for key in ("href", "src"):
            if values.get(key) is not None and not (tag == "link" and values.get("rel") == "canonical"):
                self.links.append(values[key])
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            match = re.search(r"url=(.+)$", values.get("content") or "", re.I)
            if match:
                self.refresh = match.group(1).strip()


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _target(site: Path, page: Path, link: str) -> tuple[Path, str]:
    parts = urlsplit(link)
    rel = posixpath.normpath(posixpath.join(page.parent.relative_to(site).as_posix(), unquote(parts.path)))
    target = site / rel if parts.path else page
    if parts.path and (parts.path.endswith("/") or target.is_dir()):
        target = target / "index.html"
    return target, unquote(parts.fragment)


def check_site(site: Path) -> tuple[list[str], dict[str, int]]:
    """Every problem found (empty when all is well) and counts of what was checked."""
    problems: list[str] = []
    cache: dict[Path, _Page] = {}
    counts = {"pages": 0, "links": 0, "anchors": 0, "redirects": 0}

    def parsed(path: Path) -> _Page:
        if path not in cache:
            cache[path] = _parse(path)
        return cache[path]

    for page_path in sorted(site.rglob("*.html")):
        if page_path.name == "404.html" and page_path.parent == site:
            continue  # served at any depth: its links are relative to where it is shown
        page = parsed(page_path)
        counts["pages"] += 1
        where = page_path.relative_to(site).as_posix()
        for link in page.links:
            if not link or link.startswith(SKIP_SCHEMES) or link.startswith("//"):
                continue
            if link.startswith("/"):
                problems.append(f"{where}: absolute link {link!r} breaks under a sub-path")
                continue
            counts["links"] += 1
            target, fragment = _target(site, page_path, link)
            if not target.resolve().is_relative_to(site.resolve()):
                problems.append(f"{where}: {link!r} leaves the site")
            elif not target.is_file():
                problems.append(f"{where}: {link!r} -> {target.relative_to(site)} missing")
            elif fragment and target.suffix == ".html":
                counts["anchors"] += 1
                if fragment not in parsed(target).ids and fragment not in ("", "top"):
                    problems.append(f"{where}: {link!r}: no id {fragment!r} in {target.relative_to(site)}")
        if page.refresh:
            counts["redirects"] += 1
            target, _ = _target(site, page_path, page.refresh)
            if not target.is_file():
                problems.append(f"{where}: redirect to {page.refresh!r} lands nowhere")
            elif parsed(target).refresh:
                problems.append(f"{where}: redirect to {page.refresh!r} lands on another redirect")
    return problems, counts
