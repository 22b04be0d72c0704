"""Published URLs that never break: the committed record ``permalinks.json``.

A briefing's page lives at ``YYYY/MM/DD/<slug>/``, the slug from its
headline. Every URL a briefing was ever published at is kept, in order,
in ``permalinks.json`` at the project root (commit it: a fresh clone then
still knows the old URLs). When the headline changes, the page moves to
the new slug and every older URL becomes a redirect page to it; a
briefing whose headline did not change keeps its URL even if a newcomer
would now win the same slug. A URL in one briefing's history is never
given to another one (the newcomer gets ``<slug>-<id>``), even after the
first left the archive, so an old link never silently shows a different
story.

File format (sorted keys, one briefing a line block, UTF-8)::

    {"format": 1, "briefings": {"<id>": ["2022/10/28/first-slug/", "2022/10/28/current-slug/"]}}

Entries of briefings that left the archive stay, so their URLs are never
handed silently to something else's history.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from slugify import slugify

from .models import Briefing
from .render import briefing_path, url_of

FILE = "permalinks.json"
FORMAT = 1
URL_SHAPE = re.compile(r"^\d{4}/\d\d/\d\d/[a-z0-9][a-z0-9-]*/$")  # what a recorded URL may look like


class PermalinkError(Exception):
    """permalinks.json exists but cannot be read: fix it (it is in git) rather than lose history."""


@dataclass
class Assignment:
    """Each briefing's page source path, the redirects from old URLs, and the updated record."""

    paths: dict[str, str]
    redirects: dict[str, str]  # old URL ("2022/10/28/old/") -> current source path
    record: dict[str, list[str]]


def load(path: Path) -> dict[str, list[str]]:
    """Read the record; a missing file is an empty record, a broken one an error naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError as exc:
        raise PermalinkError(f"{path}: not UTF-8 ({exc}); restore it from git, it records every published URL") from exc
    return load_text(text, str(path))


def load_text(text: str, name: str = FILE) -> dict[str, list[str]]:
    """Parse the record's JSON text (``name`` is for messages)."""
    path = name
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise PermalinkError(f"{path}: not valid JSON ({exc}); restore it from git, it records every published URL") from exc
    briefings = data.get("briefings") if isinstance(data, dict) else None
    if not isinstance(briefings, dict) or not all(
        isinstance(urls, list) and all(isinstance(u, str) for u in urls) for urls in briefings.values()
    ):
        raise PermalinkError(f'{path}: expected {{"format": 1, "briefings": {{id: [url, ...]}}}}')
    return {str(k): list(v) for k, v in briefings.items()}


def dump(record: dict[str, list[str]]) -> str:
    """The record as deterministic JSON text."""
    return json.dumps({"format": FORMAT, "briefings": dict(sorted(record.items()))},
                      ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def slugs(briefing: Briefing) -> tuple[str, str]:
    """A briefing's slugs: of its headline (or id, without one) and of its id (to tell apart equal headlines)."""
    return slugify(briefing.title, max_length=80, word_boundary=True) or slugify(briefing.id), slugify(briefing.id)


def assign(briefings: list[Briefing], published: dict[str, list[str]],
           known_slugs: list[tuple[str, str] | None] | None = None) -> Assignment:
    """Give each briefing a unique page path, keeping published URLs where the slug is unchanged.

    ``known_slugs`` are the briefings' ``slugs`` where already known (else None), in the same order.
    """
    candidates: dict[str, list[str]] = {}
    for index, briefing in enumerate(briefings):
        slug, id_slug = (known_slugs[index] if known_slugs else None) or slugs(briefing)
        plain = briefing_path(briefing, slug)
        suffixed = briefing_path(briefing, f"{slug}-{id_slug}")
        candidates[briefing.id] = [suffixed] if slug == "index" else [plain, suffixed]
    paths: dict[str, str] = {}
    taken: set[str] = set()
    ordered = sorted(candidates)
    # First, briefings whose last published URL is still one of their candidates keep it.
    for bid in ordered:
        history = published.get(bid) or []
        if history:
            keep = next((c for c in candidates[bid] if url_of(c) == history[-1]), None)
            if keep and keep not in taken:
                paths[bid] = keep
                taken.add(keep)
    # URLs in another briefing's history stay reserved for it (even if it left the archive).
    owner = {url: bid for bid in sorted(published) for url in published[bid]}
    for bid in ordered:
        if bid in paths:
            continue
        free = [c for c in candidates[bid] if c not in taken and owner.get(url_of(c), bid) == bid]
        path = free[0] if free else candidates[bid][-1]
        paths[bid] = path
        taken.add(path)
    record = {bid: list(urls) for bid, urls in published.items()}
    live = {url_of(p) for p in paths.values()}
    redirects: dict[str, str] = {}
    for bid, path in paths.items():
        current = url_of(path)
        history = [u for u in record.get(bid, []) if u != current] + [current]
        record[bid] = history
        for old in history[:-1]:
            if old not in live and URL_SHAPE.match(old):
                redirects[old] = path
    return Assignment(paths=paths, redirects=redirects, record=record)
