"""Machine-readable outputs: RSS 2.0, JSON Feed, ``briefings.json`` and ``entities.json``.

Own templates rather than feedgen or mkdocs-rss-plugin: the feeds need only
what the archive already holds, output must be byte-deterministic (feedgen
stamps the build time; the RSS plugin reads dates from git and walks every
page at build time, slow at 19k pages) and no dependency is added. RSS is a
Jinja2 XML template (autoescaped); the JSON files are data serialised with
``json.dumps``, never assembled as strings. Their schemas are in
``generator/schemas/`` and docs/how-it-works.md.
"""

from __future__ import annotations

import datetime as dt
import html
import json

from .models import Archive, Briefing
from .paths import short_link

FEED_COUNT = 50
SCHEMA_VERSION = 1


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def _json_records(name: str, records: list[dict]) -> str:
    """``{"version": …, name: [records]}`` with one record a line.

    A diff then shows which records changed, and each line goes through
    json's C encoder: an indented dump is encoded in pure Python, seconds for
    an archive of 20,000 briefings.
    """
    lines = ",\n".join(json.dumps(record, ensure_ascii=False) for record in records)
    return f'{{"version": {SCHEMA_VERSION}, "{name}": [\n{lines}\n]}}\n'


def absolute(site_url: str, url: str) -> str:
    """``url`` (site-relative) under ``site_url``; left relative when no site_url is set."""
    return site_url.rstrip("/") + "/" + url if site_url else url


def as_html(text: str) -> str:
    """Plain text as the HTML that shows it: RSS readers render ``<description>`` as HTML (RSS 2.0 allows it), so
    the XML escaping the template adds is not enough; escaped once here, a reader's HTML shows ``<img …>`` as text."""
    return html.escape(text, quote=False)


def briefing_record(briefing: Briefing, archive: Archive, url: str) -> dict:
    entities = []
    for ref in archive.briefing_entities.get(briefing.id, []):
        entity = archive.entities[ref.key]
        if entity.has_page:
            entities.append(entity.slug)
    return {
        "id": briefing.id,
        "date": briefing.date.isoformat(),
        "title": briefing.title,
        "summary": " ".join(briefing.summary),
        "url": url,
        "permalink": short_link(briefing.id),
        "source": briefing.source,
        "entities": entities,
        "related": [r.id for r in archive.related.get(briefing.id, [])],
        "thread": archive.threads[briefing.id].thread if briefing.id in archive.threads else None,
    }


def data_files(archive: Archive, urls: dict[str, str], entity_urls: dict[str, str], newest: list[Briefing],
               site_url: str, site_name: str, description: str, env) -> dict[str, str]:
    """Every data file at the site root, by path under docs_dir.

    Args:
        urls: site-relative URL of each briefing page, by id.
        entity_urls: site-relative URL of each entity page, by entity key.
        newest: the briefings, newest first.
        env: the render stage's Jinja2 environment (for the RSS template).
    """
    briefings = [briefing_record(b, archive, urls[b.id]) for b in newest]
    entities = []
    for key, entity in sorted(archive.entities.items(), key=lambda kv: kv[1].slug):
        if not entity.has_page:
            continue
        entities.append({
            "name": entity.name, "type": entity.type, "slug": entity.slug, "url": entity_urls[key],
            "aliases": list(entity.aliases), "briefings": sorted(entity.briefing_ids),
        })
    latest = newest[:FEED_COUNT]
    items = [{
        "id": b.id,
        "title": b.title,
        "summary": " ".join(b.summary),
        "description": as_html(" ".join(b.summary)),
        "url": absolute(site_url, urls[b.id]),
        "permalink": absolute(site_url, short_link(b.id)),
        "date": b.date,
        "rfc822": dt.datetime.combine(b.date, dt.time(0, 0)).strftime("%a, %d %b %Y %H:%M:%S +0000"),
        "source": b.source,
    } for b in latest]
    home = absolute(site_url, "")
    json_feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": site_name,
        "description": description,
        **({"home_page_url": home, "feed_url": absolute(site_url, "feed.json")} if site_url else {}),
        "items": [{
            "id": item["permalink"],
            "url": item["url"],
            "title": item["title"],
            "summary": item["summary"],
            "content_text": item["summary"],
            "date_published": f"{item['date'].isoformat()}T00:00:00Z",
            **({"authors": [{"name": item["source"]}]} if item["source"] else {}),
        } for item in items],
    }
    rss = env.get_template("feeds/rss.xml.j2").render(
        site_name=site_name, description=as_html(description), home=home or "./", site_url=site_url,
        items=items, built=items[0]["rfc822"] if items else None,
    )
    return {
        "briefings.json": _json_records("briefings", briefings),
        "entities.json": _json_records("entities", entities),
        "feed.json": _json(json_feed),
        "feed.xml": rss,
    }
