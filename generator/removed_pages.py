"""Honest pages at the URLs of briefings that left the archive: "removed", never a 404 nor another story.

``permalinks.json`` keeps every id's URLs after its seed is deleted, so they
are never handed to another story. At each of them, and at the short link
``b/<id>/``, a static page (``templates/removed.html.j2``) says that the
briefing with that id was removed from the archive, with its date and last
headline (recorded under ``"titles"``), and links to the home page, the
timeline and search. It is not a briefing: not in the sitemap (static
HTML), the search index, the feeds or the timeline; ``noindex``. A URL that
leads somewhere (a live page, a redirect) or has a page written by hand is
left alone. When the briefing comes back, its page takes its URL again and
this one goes, like any page no longer made.
"""

from __future__ import annotations

import re
from typing import Callable, Container

from .ingest import ID_PATTERN
from .models import Archive
from .paths import page_href, short_link, url_of
from .permalinks import URL_SHAPE

TEMPLATE = "removed.html.j2"
DATED = re.compile(r"^(\d{4})/(\d\d)/(\d\d)/")  # a briefing URL starts with its date


def titles(archive: Archive, recorded: dict[str, str]) -> dict[str, str]:
    """Each id's last headline, to record: this build's briefings', and the recorded ones of those that left."""
    # A lone surrogate (from a \ud800 escape) could not be written as UTF-8: replaced.
    return {**recorded, **{briefing.id: briefing.title.encode("utf-8", "replace").decode("utf-8")
                           for briefing in archive.briefings}}


def removed_pages(archive: Archive, recorded_titles: dict[str, str], taken: Container[str],
                  by_hand: Callable[[str], bool], directory_urls: bool = True) -> dict[str, tuple[str, dict]]:
    """The "removed" page of each URL of each recorded briefing no longer in the archive.

    ``taken`` are the paths of the pages this build makes anyway; ``by_hand(path)`` says whether
    a file there was written (or edited) by a person; its links follow ``directory_urls`` (``paths.url_of``).
    """
    present = {briefing.id for briefing in archive.briefings} | set(archive.urls)
    live = {url_of(src) for src in archive.urls.values()}
    pages: dict[str, tuple[str, dict]] = {}
    for bid in sorted(set(archive.permalinks) - present):
        urls = [url for url in archive.permalinks[bid] if URL_SHAPE.match(url)]
        dated = DATED.match(urls[-1]) if urls else None
        context = {"id": bid, "title": recorded_titles.get(bid), "date": "-".join(dated.groups()) if dated else None}
        short = [short_link(bid)] if ID_PATTERN.match(bid) and ".." not in bid else []  # a hand-edited id: no path out
        for url in [*urls, *short]:
            path = f"{url}index.html"
            if url in live or url in archive.redirects or path in taken or path in pages \
                    or any(by_hand(src) for src in _sources(url)):
                continue
            pages[path] = (TEMPLATE, {**context, "home": page_href("index.md", path, directory_urls),
                                      "timeline": page_href("timeline.md", path, directory_urls)})
    return pages


def _sources(url: str) -> list[str]:
    """The files MkDocs would serve at ``url``."""
    return [f"{url[:-1]}.md", f"{url}index.md", f"{url}README.md", f"{url}index.html"]
