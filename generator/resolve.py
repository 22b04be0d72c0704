"""Group entity mentions into canonical people, places and organisations.

Works on compact ``Briefing`` records (mentions with offsets), in time
linear in the number of mentions: every join goes through a dictionary
keyed by a normalised name, never a loop over all pairs of entities.

1. Per mention: tidy the surface form (drop ``the`` and possessives,
   re-case ALL-CAPS, drop lower-case spans, credit tags and ``A - B``
   spans); drop nationality words (``Russian``, ``Ukrainians``): they are
   not sidebar entities and do not count toward their country, because
   ``Russian troops`` is not a mention of the place Russia. Drop credits to
   a news outlet (``outlets``) and names that are no entity (currency units,
   months, codes: ``entity_evidence``); cut titles off names, keeping the
   role, and split a name glued after another (``Bank of England Robin
   Leigh-Pemberton``). The dateline's places are place mentions (``datelines``).
2. Per briefing: a bare surname or title plus surname (``Putin``,
   ``Mr Zelensky``) joins the one full name in the same briefing that ends
   with it; an acronym (``ISW``) joins the organisation it abbreviates; a
   company's short name (``Emerson``) joins its full name (``Emerson Electric Co``).
3. Across the archive: one key per normalised name (known place spellings
   share one key via the gazetteer), then joins by index (``archive_joins``).
4. Type by evidence, and drop what names nothing (``entity_typing``).
5. The user's ``entities.yml`` (merge, rename, retype, hide) is applied last.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from slugify import slugify

from .archive_joins import archive_joins
from .datelines import dateline_places, text_dateline_places
from .entities_overrides import Overrides
from .entity_model import checked_type
from .entity_evidence import ORG_SUFFIXES, ORG_WORDS, has_legal_suffix, is_common_name_word, short_forms
from .entity_typing import canonical_name, display_name, entity_type, is_no_entity, majority
from .gazetteer import demonym_country, is_common_word, is_country, is_primary_place, lookup_key, place_key, place_strength
from .mention_names import (ABBREVIATION_END, LEADING, POSSESSIVE, STOP_WORDS, STRIP_CHARS,
                            candidates as mention_candidates, in_spans, is_place_name, normalise_surface, split_glued,
                            table_rows, unmatched_parentheses)
from .mention_spans import NAME_PARTICLES, surnames
from .models import Briefing, BriefingEntity, Entity, EntityMention, Kind, Mention
from .teams import is_maybe_team_key, is_team_key, missed_teams, team_joins, team_key, team_name, team_places

CAPITALISED_RUN = re.compile(r"(?<![\w’'.-])(?:[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,3}|[A-Z]{2,5})(?![\w’'-]|\.\w)")
OPENING = re.compile(r"(?:[:;]\s|[\"“‘(]|[:;]\s[\"“])$")  # after a colon or an opening quote: capitalised as a start
LOWER_WORD = re.compile(r"\b[a-z][a-z-]+\b")
PARTNERS_END = re.compile(r",?\s+(?:and|&)$")  # the "and" left of a partnership's "and Co"
DATELINE = "dateline"
IN_TEXT_DATELINE = DATELINE + "\x1f"  # same evidence, but the mention's offsets are into the text


@dataclass
class _Key:
    """What the archive knows about one normalised name."""

    forms: Counter = field(default_factory=Counter)
    votes: Counter = field(default_factory=Counter)
    aliases: set = field(default_factory=set)
    mentions: int = 0
    inside: int = 0  # mentions not at the start of a sentence
    briefings: int = 0
    acronyms: Counter = field(default_factory=Counter)  # expansions this acronym joined in a briefing
    evidence: dict = field(default_factory=dict)  # what the text says of the name (``group_mentions``)


@dataclass
class Grouping:
    """Steps 1 and 2 for one briefing: its mentions under archive keys, and what they say of each key.

    It depends on the briefing alone, so it can be cached with it (see
    ``to_dict``); step 3 adds up every briefing's ``Grouping``.
    """

    order: list[str] = field(default_factory=list)  # keys in the order the briefing first touched them
    mentions: dict[str, list[EntityMention]] = field(default_factory=dict)
    forms: dict[str, dict[str, int]] = field(default_factory=dict)
    votes: dict[str, dict[str, int]] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    inside: dict[str, int] = field(default_factory=dict)  # mentions not at the start of a sentence
    acronyms: dict[str, dict[str, int]] = field(default_factory=dict)  # acronym key -> expansions it joined
    evidence: dict[str, dict[str, int]] = field(default_factory=dict)  # key -> counts of person, said, lower, role:...

    def to_dict(self) -> dict:
        return {"order": self.order, "forms": self.forms, "votes": self.votes, "aliases": self.aliases,
                "inside": self.inside, "acronyms": self.acronyms, "evidence": self.evidence,
                "mentions": {k: [[m.text, m.start, m.end, m.where] for m in ms] for k, ms in self.mentions.items()}}

    @classmethod
    def from_dict(cls, data: dict) -> "Grouping":
        return cls(order=data["order"], forms=data["forms"], votes=data["votes"], aliases=data["aliases"],
                   inside=data["inside"], acronyms=data["acronyms"], evidence=data["evidence"],
                   mentions={k: [EntityMention(*m) for m in ms] for k, ms in data["mentions"].items()})


def resolve(briefings: list[Briefing], overrides: Overrides | None = None, groupings: list[Grouping] | None = None,
            slug_of: Callable[[str], str] | None = None, layouts: dict[str, str] | None = None
            ) -> tuple[dict[str, Entity], dict[str, list[BriefingEntity]]]:
    """Resolve every briefing's mentions to canonical entities.

    Args:
        briefings: the archive.
        overrides: the user's ``entities.yml``.
        groupings: ``group_mentions`` of each briefing, in the same order, if already known (cached).
        slug_of: ``name_slug``, or a function giving the same (remembered from an earlier build).
        layouts: if given, filled with each briefing's layout: the entity each of its groups of mentions
            went to, in order ("" where dropped). With the briefing itself it fixes the briefing's
            entities and their mentions, so a page can tell they are unchanged without comparing mentions.

    Returns:
        The entities by key, and for each briefing id its entities in order of salience.
    """
    overrides = overrides or Overrides()
    if groupings is None:
        groupings = [group_mentions(b) for b in briefings]
    keys, types, root, groups = archive_groups(groupings, overrides)
    alias_index: dict[str, str] = {}
    if overrides.rename or overrides.retype or overrides.hide:  # keying every alias took a tenth of resolve
        alias_index = {lookup_key(alias): r for r, members in groups.items() for m in members
                       for alias in sorted(keys[m].aliases)}
        alias_index.update({r: r for r in groups})
        alias_index.update({lookup_key(r): r for r in groups if is_team_key(r)})  # "Atlanta (team)", as it is shown

    def overridden(table: dict[str, str]) -> dict[str, str]:
        return {alias_index[k]: v for k, v in table.items() if k in alias_index}

    renamed, retyped = overridden(overrides.rename), overridden(overrides.retype)
    hidden = {alias_index[k] for k in overrides.hide if k in alias_index}
    entities: dict[str, Entity] = {}
    for r, members in groups.items():
        info = _combine([keys[m] for m in members])
        if r in hidden or not info.forms and r not in renamed:
            continue
        if r in retyped or r in renamed:
            type_ = retyped.get(r) or rule_type(r, members, info, types)
        elif is_team_key(r):
            type_ = "organisation"  # a team named after its town (``teams``)
        else:
            type_ = checked_type(info, canonical_name(info.forms), None if is_no_entity(info) else
                                 rule_type(r, members, info, types))
            if type_ is None:
                continue
        name = display_name(info, type_)
        entities[r] = Entity(key=r, name=renamed.get(r) or (team_name(name) if is_team_key(r) else name), type=type_,
                             aliases=sorted(info.aliases), role=_role(info) if type_ == "person" else "")
    result: dict[str, list[BriefingEntity]] = {}
    for briefing, grouping in zip(briefings, groupings, strict=True):
        merged: dict[str, list[EntityMention]] = {}
        went = []
        for key, mentions in grouping.mentions.items():
            r = root(key)
            if r in entities:
                merged.setdefault(r, []).extend(mentions)
                went.append(r)
            else:
                went.append("")
        if layouts is not None:
            layouts[briefing.id] = "\x1f".join(went)
        items = [BriefingEntity(r, sorted(ms, key=lambda m: (m.where, m.start))) for r, ms in merged.items()]
        items.sort(key=lambda item: (-len(item.mentions), item.first))
        result[briefing.id] = items
        for item in items:
            entity = entities[item.key]
            entity.briefing_ids.append(briefing.id)
            entity.mention_count += len(item.mentions)
    _assign_slugs(entities, slug_of or name_slug)
    return entities, result


def archive_groups(groupings: list[Grouping], overrides: Overrides):
    """Steps 3 and 4a: what the archive knows of each key, each key's type by the rules, each key's group
    (``root``) and the members of each group."""
    keys: dict[str, _Key] = defaultdict(_Key)
    for grouping in groupings:
        _add_up(keys, grouping)
    types = _types(keys)
    shown = {lookup_key(k): k for k in keys if is_team_key(k)}  # a merge may name a team as shown: Atlanta (team)
    merges = {shown.get(a, a): shown.get(t, t) for a, t in overrides.merge.items()} if shown else overrides.merge
    parent = archive_joins(keys, sorted(k for k, t in types.items() if t == "person"),
                           sorted(k for k, t in types.items() if t == "organisation"), merges)
    for key, team in team_joins(keys, types).items():  # after the user's merges, never against them
        if key not in parent and not _leads_to(parent, team, key):
            parent[key] = team

    def root(key: str) -> str:
        while key in parent:
            key = parent[key]
        return key

    groups: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        groups[root(key)].append(key)
    return keys, types, root, groups


def _leads_to(parent: dict[str, str], start: str, key: str) -> bool:
    """True when following ``parent`` from ``start`` reaches ``key`` (a join there would close a cycle)."""
    while start != key and start in parent:
        start = parent[start]
    return start == key


def rule_type(root: str, members: list[str], info: _Key, types: dict[str, str]) -> str:
    """The rules' type of a group: its key's own type, worked out again for a group of several keys."""
    return types[root] if len(members) == 1 and root in types else entity_type(info)


@lru_cache(maxsize=1 << 18)
def name_key(name: str) -> str:
    """The archive-wide key of a name: case and accents folded, organisation suffixes dropped
    (``Wagner Group`` meets ``Wagner``, but ``Paris Group`` stays apart from Paris)."""
    stripped = ORG_SUFFIXES.sub("", name)
    if stripped != name and (" and " in name or " & " in name):  # Kidder, Peabody and Co (Inc) meets Kidder Peabody
        stripped = PARTNERS_END.sub("", ORG_SUFFIXES.sub("", stripped))
    if stripped != name and is_primary_place(stripped):
        return lookup_key(name)
    if stripped != name:
        stripped = POSSESSIVE.sub("", stripped)  # Albertson's Inc meets the Albertson('s) of "Albertson's said"
    return lookup_key(stripped) or lookup_key(name)


def acronym(name: str) -> str | None:
    """``Institute for the Study of War`` -> ``isw``; None for a one-word name."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.casefold() not in STOP_WORDS]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return None
    return "".join(w[0] for w in words).casefold()


def grouping_version() -> str:
    """A hash of what ``group_mentions`` reads besides the briefing (its stage in ``stages``)."""
    from . import stages

    return stages.version("grouping")


def grouping_inputs(briefing: Briefing) -> tuple[str, str, str, str]:
    """What of a briefing ``group_mentions`` reads: its text, sentence starts, mentions, dateline and source."""
    return (briefing.text, " ".join(str(start) for start, _ in briefing.sentences),
            "\x1e".join(f"{m.start}\x1f{m.end}\x1f{m.label}\x1f{m.text}" for m in briefing.mentions),
            f"{briefing.dateline or ''}\x1f{briefing.source or ''}")


def _add_up(keys: dict[str, _Key], grouping: Grouping) -> None:
    """Add one briefing's grouping to the archive's knowledge of each key."""
    for key in grouping.order:
        keys[key]  # noqa: B018 (touch: the archive meets keys in the order the briefings do)
    for key, mentions in grouping.mentions.items():
        info = keys[key]
        _count_into(info.forms, grouping.forms[key])
        _count_into(info.votes, grouping.votes[key])
        info.aliases.update(grouping.aliases[key])
        _count_into(info.evidence, grouping.evidence[key])
        info.mentions += len(mentions)
        info.inside += grouping.inside[key]
        info.briefings += 1
    for short, joined in grouping.acronyms.items():
        keys[short].acronyms.update(joined)


def _count_into(counts: Counter, more: dict[str, int]) -> None:
    """``counts.update(more)`` for a small dict: ``Counter.update`` costs more in its checks than in
    adding one or two counts, and the archive adds 400,000 of them."""
    for item, n in more.items():
        counts[item] = counts.get(item, 0) + n


def group_mentions(briefing: Briefing) -> Grouping:
    """Steps 1 and 2 for one briefing: tidy its mentions, join surnames and acronyms within it, key them."""
    starts = {start for start, _ in briefing.sentences}
    rows = table_rows(briefing.text)

    def in_table(offset: int) -> bool:
        return bool(rows) and in_spans(offset, rows)

    candidates = split_glued(mention_candidates(briefing, in_table))
    full_names, expansions, companies = _briefing_indexes(candidates)
    candidates += [(*c, "") for c in _missed_mentions(briefing, candidates, full_names) if not in_table(c[0].start)]
    teams = team_places(candidates, briefing.text)
    if teams is not None:  # a sports report: MILWAUKEE 5 Minnesota 4
        candidates += [c for c in missed_teams(briefing.text, candidates) if not in_table(c[0].start)]
    dated = text_dateline_places(briefing.text)
    if dated:  # the dateline line's place is the place, whatever NER made of its capitals
        candidates = [c for c in candidates if not any(c[0].start < e and s < c[0].end for _, s, e, _ in dated)]
        candidates += [(Mention(surface, s, e, Kind.PLACE), name, "place", IN_TEXT_DATELINE) for surface, s, e, name in dated]
    candidates.sort(key=lambda c: c[0].start)
    candidates += [(Mention(surface, start, end, Kind.PLACE), name, "place", DATELINE)
                   for surface, start, end, name in dateline_places(briefing.dateline)]
    grouping = Grouping()
    touched: dict[str, None] = {}
    lower_words: Counter | None = None
    if teams is not None:  # again, with the missed teams and the dateline's places (no report without clubs)
        teams = team_places(candidates, briefing.text)
    for mention, name, type_, evidence in candidates:
        name, type_, joined_acronym = _joined_in_briefing(name, type_, evidence, full_names, expansions, companies)
        key = _mention_key(name, type_)
        if not key:
            continue
        team = team_key(mention, name, evidence, key, teams, briefing.text)
        if team:  # a place's name acting as a team (``teams``)
            key, type_ = team, "organisation" if is_team_key(team) else type_
        touched.setdefault(key)
        if key not in grouping.mentions:
            grouping.mentions[key], grouping.forms[key], grouping.votes[key] = [], {}, {}
            grouping.aliases[key], grouping.inside[key], grouping.evidence[key] = [], 0, {}
            if " " not in name and is_common_name_word(name):
                lower_words = lower_words if lower_words is not None else Counter(LOWER_WORD.findall(briefing.text))
                written = lower_words[name.lower()]
            else:
                written = _written_in_lower_case(name, briefing.text)
            if written:
                grouping.evidence[key]["lower"] = written
        forms, votes, vote = grouping.forms[key], grouping.votes[key], type_ or "other"
        forms[name] = forms.get(name, 0) + 1
        votes[vote] = votes.get(vote, 0) + 1
        found = grouping.evidence[key]
        for item in filter(None, evidence.split("\x1f")):
            found[item] = found.get(item, 0) + 1
        alias = normalise_surface(mention.text) or name
        if alias not in grouping.aliases[key]:
            grouping.aliases[key].append(alias)
        if evidence == DATELINE:
            grouping.mentions[key].append(EntityMention(mention.text, mention.start, mention.end, DATELINE))
            continue
        grouping.inside[key] += mention.start not in starts and not OPENING.search(briefing.text, max(0, mention.start - 3),
                                                                                   mention.start)
        if joined_acronym:
            short = lookup_key(joined_acronym)
            touched.setdefault(short)
            joined = grouping.acronyms.setdefault(short, {})
            joined[key] = joined.get(key, 0) + 1
        grouping.mentions[key].append(_trimmed(mention))
    grouping.order = list(touched)
    return grouping


def _briefing_indexes(candidates: list) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, set[str]]]:
    """Full names by surname (``zelensky`` -> Volodymyr Zelensky, ``kabariti`` -> Abdul-Karim al-Kabariti),
    organisations by acronym, and companies by their first words and core (``emerson`` -> Emerson Electric Co;
    ``hutton`` -> E.F. Hutton Group Inc)."""
    full_names: dict[str, set[str]] = defaultdict(set)
    expansions: dict[str, set[str]] = defaultdict(set)
    companies: dict[str, set[str]] = defaultdict(set)
    for _, name, type_, _ in candidates:
        words = name.split()
        if type_ == "person" and len(words) > 1:
            for surname in surnames(name):
                full_names[lookup_key(surname)].add(name)
        elif type_ == "organisation":
            short = acronym(ORG_SUFFIXES.sub("", name))
            if short:
                expansions[short].add(name)
            core = ORG_SUFFIXES.sub("", ORG_SUFFIXES.sub("", name)).split()
            if len(words) > 1 and (has_legal_suffix(name) or ORG_WORDS.search(name)):
                last = {core[-1]} if core and " of " not in name else set()
                for prefix in {" ".join(words[:n]) for n in range(1, min(len(words), 4))} | last:
                    companies[lookup_key(prefix)].add(name)
    return full_names, expansions, companies


def _joined_in_briefing(name: str, type_: str | None, evidence: str, full_names: dict, expansions: dict,
                        companies: dict) -> tuple[str, str | None, str | None]:
    """Step 2 for one candidate: the full name it stands for in this briefing, if one; and the acronym it was."""
    if name.count(" ") >= 3 or type_ == "place" and (place_strength(name) == 2 or evidence.startswith(DATELINE)) \
            or "place" in evidence.split("\x1f"):  # the Guangdong province, not the Guangdong Post ... Administration
        return name, type_, None
    key = lookup_key(name)
    matches, firms = full_names.get(key), companies.get(key)
    if matches and len(matches) == 1 and (" " not in name or name.split()[0].lower() in NAME_PARTICLES):
        return next(iter(matches)), "person", None  # Putin; De la Rua of Fernando de la Rua
    if name.isupper() and len(expansions.get(name.casefold(), ())) == 1:
        return next(iter(expansions[name.casefold()])), "organisation", name
    if firms and not is_place_name(name):
        if len(firms) == 1:
            return next(iter(firms)), "organisation", None
        if any(name_key(firm) == key for firm in firms):
            return name, "organisation", None  # Mobil beside Mobil Corp and Mobil Chemical Co: the parent's name
    return name, type_, None


def _written_in_lower_case(name: str, text: str) -> int:
    """How often a name of dictionary words is written in lower case in the text (``personal computer``)."""
    if name.count(" ") >= 3 or not all(map(is_common_name_word, name.split())):
        return 0
    return text.count(" " + name.lower())


def _missed_mentions(briefing: Briefing, candidates: list, full_names: dict[str, set[str]]
                     ) -> list[tuple[Mention, str, str | None]]:
    """Names spaCy did not tag, found in whole runs of capitalised words outside every mention.

    A run that spells a name spaCy tagged elsewhere in this briefing (or the
    surname of a full name here) is another mention of it; a run that is a
    primary gazetteer name, not a dictionary word and not a surname here, is
    a place (``Donetsk province``).
    """
    known: dict[str, tuple[str, str | None]] = {}
    for _, name, type_, _ in candidates:
        known.setdefault(lookup_key(name), (name, type_))
    for surname, names in full_names.items():
        if len(names) == 1:
            known.setdefault(surname, (next(iter(names)).split()[-1], "person"))
    taken = sorted((m.start, m.end) for m in briefing.mentions)
    found = []
    for match in CAPITALISED_RUN.finditer(briefing.text):
        start, end = match.span()
        index = bisect.bisect_right(taken, (end, end))
        if index and taken[index - 1][1] > start:
            continue  # overlaps a mention spaCy made
        name = LEADING.sub("", match.group(0))
        start = end - len(name)
        mention = Mention(briefing.text[start:end], start, end, "")
        key = lookup_key(name)
        if key in known and (" " in name or not is_common_word(name)):  # not every "May" is Theresa May
            found.append((mention, name, known[key][1]))
        elif key not in full_names and place_strength(name) == 2 and demonym_country(name) is None:
            found.append((mention, name, "place"))
    return found


def _trimmed(mention: Mention) -> EntityMention:
    """The mention without a leading ``the`` or a trailing possessive: what is linked and exported."""
    text = mention.text
    lead = LEADING.match(text)
    start = lead.end() if lead else 0
    core = text[start:]
    cut = unmatched_parentheses(core)[0] if "(" in core else None
    if cut:
        core = core[:cut]  # the link stops before "(ICO"
    core = POSSESSIVE.sub("", core.rstrip(STRIP_CHARS.replace(".", "")))
    if core.endswith(".") and not ABBREVIATION_END.search(core):
        core = core[:-1].rstrip(STRIP_CHARS)  # the sentence's full stop, not U.S.'s
    end = start + len(core)
    if not core.strip():
        return EntityMention(text, mention.start, mention.end)
    return EntityMention(core, mention.start + start, mention.start + end)


def _mention_key(name: str, type_: str | None) -> str:
    """Known places share the key of their preferred spelling; people keep their own; an institution's short
    form (``Fed``) shares its full name's."""
    short = short_forms().get(lookup_key(name)) if type_ != "person" else None
    if short:
        return name_key(short)
    if (type_ != "person" or " " not in name) and (type_ in ("place", None) or place_strength(name) == 2):
        known = place_key(name)
        if known and not ORG_WORDS.search(name):
            return known
    return name_key(name)


def _types(keys: dict[str, _Key]) -> dict[str, str]:
    """Each key's type; a second look at one-word names that are the surname of a person in the archive."""
    types = {key: "organisation" if is_team_key(key) else entity_type(info) for key, info in keys.items()
             if info.forms and not is_maybe_team_key(key)}
    surnames = {key.rsplit(" ", 1)[-1] for key, type_ in types.items() if type_ == "person" and " " in key}
    for key in surnames:
        if types.get(key) == "place" and majority(keys[key].votes) == "person" and not is_country(key):
            types[key] = entity_type(keys[key], surname=True)
    return types


def _role(info: _Key) -> str:
    """A person's most usual title before the name, when the archive wrote one."""
    roles = [(n, key[5:]) for key, n in info.evidence.items() if key.startswith("role:")]
    return max(roles)[1] if roles else ""


def _combine(infos: list[_Key]) -> _Key:
    """What the archive knows of a group of keys, added up (read only: a lone key's own record comes back)."""
    if len(infos) == 1:
        return infos[0]  # most groups: copying their counters took a tenth of resolve
    total = _Key()
    for info in infos:
        total.forms.update(info.forms)
        total.votes.update(info.votes)
        total.aliases |= info.aliases
        _count_into(total.evidence, info.evidence)
        total.mentions += info.mentions
        total.inside += info.inside
        total.briefings += info.briefings
    return total


def name_slug(name: str) -> str:
    """An entity name's slug (empty if nothing of it is left)."""
    return slugify(name, max_length=80, word_boundary=True)


RESERVED_SLUGS = ("index", "a-z")
"""Names of the site's own pages beside the entity pages (``entities/index.md``, ``entities/a-z/``)."""


def _assign_slugs(entities: dict[str, Entity], slug_of: Callable[[str], str] = name_slug) -> None:
    """Give each entity a stable, unique slug from its canonical name, never one of the site's own pages."""
    taken: dict[str, str] = dict.fromkeys(RESERVED_SLUGS, "")
    for key in sorted(entities):
        entity = entities[key]
        base = slug_of(entity.name) or slugify(key) or "entity"
        slug = base
        if slug in taken:
            slug = f"{base}-{entity.type}"
            number = 2
            while slug in taken:
                slug = f"{base}-{number}"
                number += 1
        taken[slug] = key
        entity.slug = slug
