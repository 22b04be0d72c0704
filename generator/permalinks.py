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

    {"format": 1, "briefings": {"<id>": ["2022/10/28/first-slug/", "2022/10/28/current-slug/"]},
     "stories": {"<id>": "<sketch of the article last published under the id>"},
     "titles": {"<id>": "<its last headline>"}}

Entries of briefings that left the archive stay, so their URLs are never
handed silently to something else's history; each of them leads to a page
saying the briefing was removed (``removed_pages.py``).

An id is a promise about a story, so ``reconcile`` checks each build's ids
against the record before pages are assigned (``stories.py`` says what
"the same story" means): an article whose id was published for another
story is refused with a message (its URLs keep their story, or its
"removed" state), and an article with a new id that is recognisably one
that left the archive (a renamed seed, a corrected id-less JSONL line)
takes that id back, so its URL and short link keep working. Records made
before stories were kept are matched by URL: same date, same headline.
Code that points one id's URLs at another briefing (a folded duplicate)
asks ``stories.same_story`` first.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from slugify import slugify

from .models import Briefing, Problem
from .paths import briefing_path, url_of
from .stories import hashes_of, same_story

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
    return load_all(path)[0]


def load_all(path: Path) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Read the record's URLs and stories (``load_text``, ``load_stories_text``)."""
    data = _read(path)
    return (_briefings(data, str(path)), _stories(data, str(path))) if data is not None else ({}, {})


def load_titles(path: Path) -> dict[str, str]:
    """The record's last headline of each id (``"titles"``: what the page of a removed briefing names)."""
    return _texts(_read(path) or {}, "titles", str(path))


def _read(path: Path) -> dict | None:
    """The record's JSON object; None without a record."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:
        raise PermalinkError(f"{path}: not UTF-8 ({exc}); restore it from git, it records every published URL") from exc
    return _parse(text, str(path))


def load_text(text: str, name: str = FILE) -> dict[str, list[str]]:
    """Parse the record's JSON text (``name`` is for messages)."""
    return _briefings(_parse(text, name), name)


def load_stories_text(text: str, name: str = FILE) -> dict[str, str]:
    """The record's stories (id -> sketch); none in a record written before they were kept."""
    return _stories(_parse(text, name), name)


def _parse(text: str, path: str) -> dict:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise PermalinkError(f"{path}: not valid JSON ({exc}); restore it from git, it records every published URL") from exc
    return data if isinstance(data, dict) else {}


def _briefings(data: dict, path: str) -> dict[str, list[str]]:
    briefings = data.get("briefings")
    if not isinstance(briefings, dict) or not all(
        isinstance(urls, list) and all(isinstance(u, str) for u in urls) for urls in briefings.values()
    ):
        raise PermalinkError(f'{path}: expected {{"format": 1, "briefings": {{id: [url, ...]}}}}')
    return {str(k): list(v) for k, v in briefings.items()}


def _stories(data: dict, path: str) -> dict[str, str]:
    return _texts(data, "stories", path)


def _texts(data: dict, key: str, path: str) -> dict[str, str]:
    values = data.get(key, {})
    if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
        raise PermalinkError(f'{path}: "{key}" must map ids to text; restore it from git')
    return {str(k): v for k, v in values.items()}


def dump(record: dict[str, list[str]], stories: dict[str, str] | None = None,
         titles: dict[str, str] | None = None) -> str:
    """The record (and the stories and last headlines, if any) as deterministic JSON text."""
    data: dict = {"format": FORMAT, "briefings": dict(sorted(record.items()))}
    if stories:
        data["stories"] = dict(sorted(stories.items()))
    if titles:
        data["titles"] = dict(sorted(titles.items()))
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@dataclass
class Reconciled:
    """The briefings to publish (ids recognised), the stories to record, and the articles refused."""

    briefings: list[Briefing]
    kept: list[int]  # the index of each briefing kept, in the list given
    stories: dict[str, str]
    problems: list[Problem] = field(default_factory=list)
    recognised: dict[str, str] = field(default_factory=dict)  # id the article came with -> the published id it took


def reconcile(briefings: list[Briefing], record: dict[str, list[str]], recorded: dict[str, str],
              stories: dict[str, str]) -> Reconciled:
    """Hold this build's ids to what ``record`` published: refuse re-pointing, recognise returning stories.

    ``recorded`` are the record's stories, ``stories`` this build's (by the ids the articles came with).
    """
    refused = refusals(briefings, record, recorded, stories)
    kept = [index for index in range(len(briefings)) if index not in refused]
    problems = list(refused.values())
    present = {briefings[i].id for i in kept}
    newcomers = [i for i in kept if briefings[i].id not in record]
    left = sorted(bid for bid in record if bid not in present)
    taken = _recognise([briefings[i] for i in newcomers], left, record, recorded, stories)
    result = [dataclasses.replace(briefings[i], id=taken[briefings[i].id]) if briefings[i].id in taken
              else briefings[i] for i in kept]
    now = dict(recorded)
    for index, briefing in zip(kept, result):
        if briefings[index].id in stories:
            now[briefing.id] = stories[briefings[index].id]
    return Reconciled(result, kept, now, problems, taken)


def recognised_notes(held: Reconciled, articles, shown: int = 5) -> list[str]:
    """What to tell the user of the ids taken back (a few named, the rest counted)."""
    origin = {a.id: a.origin for a in articles}
    notes = [f"{origin.get(came)}: the story published as {took!r}; it keeps that id, its URL and its short link"
             for came, took in sorted(held.recognised.items())[:shown]]
    if len(held.recognised) > shown:
        notes.append(f"{len(held.recognised) - shown} more articles recognised as stories published under another id")
    return notes


def refusals(items, record: dict[str, list[str]], recorded: dict[str, str],
             stories: dict[str, str]) -> dict[int, Problem]:
    """The articles or briefings (by index) whose id was published for another story, each with its error."""
    refused = {}
    for index, item in enumerate(items):
        before, now = recorded.get(item.id), stories.get(item.id)
        if before != now and record.get(item.id) and before and now and same_story(before, now) is False:
            refused[index] = Problem(item.origin, _refusal(item.id, record[item.id][-1]))
    return refused


def _refusal(bid: str, url: str) -> str:
    return (f"id {bid!r} was published at {url} for another story; this article would take over its URLs and an "
            "old link would show it instead, so it is skipped. Give it an id of its own (rename the file, or set "
            f"'id'); if it is that story rewritten, delete {bid!r} from {FILE}")


def _recognise(newcomers: list[Briefing], left: list[str], record: dict[str, list[str]],
               recorded: dict[str, str], stories: dict[str, str]) -> dict[str, str]:
    """New ids that are a story which left the archive -> that story's id (where one, and only one, matches)."""
    if not newcomers or not left:
        return {}
    by_hash: dict[str, list[str]] = defaultdict(list)
    by_url: dict[str, list[str]] = defaultdict(list)
    for bid in left:
        if recorded.get(bid):
            for value in _lookup_keys(recorded[bid]):
                by_hash[value].append(bid)
        elif record[bid]:
            by_url[record[bid][-1]].append(bid)  # recorded before stories were: same date and headline
    proposals: dict[str, list[str]] = defaultdict(list)
    for briefing in newcomers:
        story = stories.get(briefing.id)
        near = {bid for value in (_lookup_keys(story) if story else ()) for bid in by_hash.get(value, ())
                if len(by_hash[value]) <= COMMON}
        # Taking an id back asks more than keeping one: no other headline (templated items share their text).
        matches = sorted(bid for bid in near
                         if same_story(recorded[bid], story) and _heads_agree(recorded[bid], story))
        if not matches:
            matches = by_url.get(url_of(briefing_path(briefing, slugs(briefing)[0])), [])
        if len(matches) == 1:
            proposals[matches[0]].append(briefing.id)
    return {ids[0]: bid for bid, ids in proposals.items() if len(ids) == 1}


COMMON = 50  # a sentence in more stories than this is boilerplate ("Reuter"): not looked up by


def _heads_agree(recorded: str, story: str) -> bool:
    head_a, head_b = recorded.partition(":")[0], story.partition(":")[0]
    return head_a == head_b or not head_a or not head_b


def _lookup_keys(story: str) -> list[str]:
    head = story.partition(":")[0]
    return hashes_of(story) + ([f"head:{head}"] if head else [])


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
