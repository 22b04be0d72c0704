"""Incremental rendering: fingerprints of what each page is made of, so a rebuild renders only what changed.

A page's fingerprint (``page_fingerprint``) hashes its template and
context: equal fingerprints render equal pages. Planning a page costs more
than rendering it, so in a rebuild the briefing and entity pages are
fingerprinted from their inputs instead (``PageInputs``), without planning
them. Those inputs are chosen by the same code the pages are made from:
a briefing page's neighbours by ``neighbours``, an entity by all its
fields, so a page and its fingerprint cannot read different things.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import pickle
from dataclasses import dataclass
from functools import cached_property

from .duplicates import version_items
from .list_pages import list_paths
from .models import Archive, Briefing, Entity, Related, ThreadPlace

LINKED_FROM_LIMIT = 10  # briefings a page lists as linking to it (all are counted)


@dataclass(frozen=True)
class Neighbours:
    """The other briefings a briefing page shows: what ``PagePlanner.briefing_page`` lays out and
    ``PageInputs.inputs_fingerprint`` hashes."""

    related: list[Related]
    back: list[str]  # every briefing linking to this one that is not related to it (not twice on a page)
    place: ThreadPlace | None  # its place in a story thread
    versions: list[dict]  # the versions folded into it (``duplicates.version_items``): their id, date and title

    @property
    def linked_from(self) -> list[str]:
        """The linking briefings a page lists."""
        return self.back[:LINKED_FROM_LIMIT]

    def ids(self) -> list[str]:
        """Every briefing the page shows something of ("" for a thread's missing end)."""
        ids = [rel.id for rel in self.related] + self.linked_from
        if self.place:
            ids += [self.place.previous or "", self.place.next or ""]
        return ids


def neighbours(archive: Archive, briefing_id: str) -> Neighbours:
    """The briefings a briefing's page shows besides its own: related, linking to it, its thread's, its versions."""
    related = archive.related.get(briefing_id, [])
    listed = {rel.id for rel in related}
    back = [i for i in archive.linked_from.get(briefing_id, []) if i not in listed]
    return Neighbours(related, back, archive.threads.get(briefing_id), version_items(archive, briefing_id))


def entity_fields(entity: Entity) -> tuple:
    """Every field of an entity but its briefings (an entity page gets the whole entity; its briefings count
    by their digests): a field added to ``Entity`` joins the fingerprint by itself."""
    return tuple(getattr(entity, f.name) for f in dataclasses.fields(entity) if f.name != "briefing_ids")


def templates_version(directory_urls: bool = True) -> str:
    """A hash of everything that shapes a page besides its data: the ``pages`` stage of ``stages`` (templates,
    the code that makes a page's data, the gazetteer's data and the packages the maps are drawn with), and
    the URL form the links in its HTML are written in (``paths.url_of``): every page's fingerprint starts
    with it, so turning directory URLs off or on (an offline build) makes every page again."""
    from . import stages

    version = stages.version("pages")
    return version if directory_urls else hashlib.blake2b(f"{version} files".encode(), digest_size=16).hexdigest()


def page_fingerprint(version: str, template: str, path: str, context: dict) -> str:
    """A hash of one page's template and data: equal fingerprints render equal pages.

    Pickle is exact for the plain data in a context (a different value always
    pickles differently). Its memo is switched off, so the bytes depend on the
    values alone, not on which objects happen to be shared; at worst an equal
    context pickles differently and the page is rendered again, only slower.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: the same bytes whether a string is shared or a copy
    pickler.dump((version, template, path, context))
    return hashlib.blake2b(buffer.getbuffer(), digest_size=16).hexdigest()


class PageInputs:
    """The fingerprints of briefing and entity pages from what they are made of (a base of ``PagePlanner``,
    whose ``archive``, ``paths``, ``entity_src``, ``site_url`` and ``site_name`` they read)."""

    archive: Archive
    paths: dict[str, str]
    entity_src: dict[str, str]
    site_url: str
    site_name: str

    @cached_property
    def entity_digests(self) -> dict[str, bytes]:
        """What a briefing page shows of each entity (name, type, page), as a short digest per entity key."""
        return {key: hashlib.blake2b(repr((e.name, e.type, self.entity_src.get(key))).encode(), digest_size=8).digest()
                for key, e in self.archive.entities.items()}

    @cached_property
    def briefing_digests(self) -> dict[str, bytes]:
        """What each briefing's page and entity pages take from the briefing itself, as a digest by id; empty if a
        briefing's key or layout is missing.

        The briefing's key (``Archive.keys``) stands for the briefing, its
        layout (``Archive.layouts``) for which entity each of its mentions went
        to, and each entity's digest for the name, type and page shown.
        """
        archive, keys, layouts, paths = self.archive, self.archive.keys, self.archive.layouts, self.paths
        if any(b.id not in keys or b.id not in layouts for b in archive.briefings):
            return {}
        digests = self.entity_digests
        result = {}
        for briefing in archive.briefings:
            refs = b"".join([digests[ref.key] for ref in archive.briefing_entities.get(briefing.id, [])])
            made_of = repr((keys[briefing.id], paths[briefing.id], layouts[briefing.id])).encode() + refs
            result[briefing.id] = hashlib.blake2b(made_of, digest_size=16).digest()
        return result

    def inputs_fingerprint(self, briefing: Briefing, version: str) -> str | None:
        """A fingerprint of everything ``briefing_page`` reads, without planning the page; None if a key is missing.

        The briefing stands by its digest (``briefing_digests``), and its
        neighbours (related, thread, back links) by their key and path: a page
        shows their title, date and summary. Planning a page (its body cut into
        linked pieces) and hashing what it shows cost far more, on every page of a rebuild.
        """
        archive, keys, paths = self.archive, self.archive.keys, self.paths
        own = self.briefing_digests.get(briefing.id)
        if own is None:
            return None
        near = neighbours(archive, briefing.id)
        place = near.place
        inputs = (version, self.site_url, self.site_name, near.versions,
                  [(rel.id, rel.shared, rel.terms) for rel in near.related], len(near.back),
                  (place.name, place.position, place.size) if place else None,
                  [(i, keys[i], paths[i]) if i else None for i in near.ids()])
        return hashlib.blake2b(own + repr(inputs).encode(), digest_size=16).hexdigest()

    def entity_fingerprints(self, version: str) -> dict[str, dict[str, str]]:
        """Each entity page's fingerprint and its numbered list pages', by entity key then path, from what
        they are made of rather than what they show; empty if a briefing's key or layout is missing.

        An entity page shows the entity and, for each of its briefings, that
        briefing's item, quotes, mention counts and the other entities it
        mentions. All of that follows from the entity's own fields (``entity_fields``) and its
        briefings' digests (``briefing_digests``). So a
        rebuild after one new article plans only the few entity pages that
        changed, instead of counting companions, quotes and months for all.
        """
        archive, of_briefing = self.archive, self.briefing_digests
        if not of_briefing:
            return {}
        result: dict[str, dict[str, str]] = {}
        for key, src in self.entity_src.items():
            entity = archive.entities[key]
            digest = hashlib.blake2b(b"".join([of_briefing[bid] for bid in entity.briefing_ids]), digest_size=16)
            digest.update(repr((version, self.site_url, self.site_name, entity_fields(entity))).encode())
            result[key] = {path: hashlib.blake2b(path.encode(), key=digest.digest(), digest_size=16).hexdigest()
                           for path in list_paths(src, len(entity.briefing_ids))}
        return result
