"""Step 3 of resolution: join the archive's keys that name one entity, each join through an index.

- an acronym seen alone joins the expansion it stood for where both appeared;
- rare spellings one edit apart (``Zelenskyy``, ``Schultz``) join the common
  one with the same given name;
- a surname alone joins the full name that dominates it (never a country's name: Jordan is not Jerry Jordan);
- a company's short name (``Qantas``) joins the one longer company name that
  starts with it (``Qantas Airways Ltd``) when that name dominates;
- the user's merges win over everything.

Every join goes through a dictionary, never a loop over all pairs, so the
step stays near-linear in the number of keys.
"""

from __future__ import annotations

from collections import defaultdict

from .entity_evidence import INNER_POSSESSIVE, has_legal_suffix
from .gazetteer import is_common_word, is_country, place_strength

DOMINANCE = 3  # a short form joins a longer name seen this many times more often than any other
VARIANT_MIN_LENGTH = 6


def archive_joins(keys: dict, persons: list[str], organisations: list[str], merges: dict[str, str]) -> dict[str, str]:
    """Joins across briefings: key -> the key it joins.

    Args:
        keys: what the archive knows of each key (``resolve._Key``).
        persons: the keys typed person, sorted (for determinism).
        organisations: the keys typed organisation, sorted.
        merges: the user's merges, alias key -> target key.
    """
    parent: dict[str, str] = {}
    for key, info in keys.items():
        if info.acronyms:
            (target, n), *rest = info.acronyms.most_common(2) + [(None, 0)]
            if target != key and n >= DOMINANCE * rest[0][1]:
                parent[key] = target
    _join_variant_spellings(keys, persons, parent)
    _join_surnames(keys, persons, parent)
    _join_company_short_names(keys, organisations, parent)
    for alias, target in merges.items():
        if alias != target:
            parent.pop(target, None)
            parent[alias] = target
            keys[target]  # noqa: B018 (the target exists even if no text spells it exactly)
    return _without_cycles(parent)


def _join_variant_spellings(keys: dict, persons: list[str], parent: dict[str, str]) -> None:
    """Rare spellings one edit apart (``Shultz``/``Schultz``), blocked by given names and the surname's initial."""
    blocks: dict[tuple, list[str]] = defaultdict(list)
    for key in persons:
        if key in parent:
            continue
        words = key.split()
        last = words[-1]
        if len(last) >= VARIANT_MIN_LENGTH - (len(words) > 1) and not is_common_word(last):
            blocks[(tuple(words[:-1]), last[:1] if len(words) > 1 else last[:3])].append(key)
    for members in blocks.values():
        members.sort(key=lambda k: (-keys[k].mentions, k))
        for i, key in enumerate(members[1:], 1):
            for better in members[:i]:
                if better not in parent and one_edit(key.split()[-1], better.split()[-1]):
                    parent[key] = better
                    break


def _join_surnames(keys: dict, persons: list[str], parent: dict[str, str]) -> None:
    """A surname alone joins the full name that dominates it among the people with that surname."""
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
        if " " in key or key in parent or is_country(key):  # Jordan the country, read as a person: not Jerry Jordan
            continue
        surnames = [key] if key in by_surname else [
            s for s in by_prefix.get(key[:3], ()) if len(key) >= VARIANT_MIN_LENGTH and one_edit(key, s)]
        if len(surnames) != 1:
            continue
        ranked = sorted(by_surname[surnames[0]], key=lambda k: (-keys[k].briefings, -keys[k].mentions, k))
        runner_up = keys[ranked[1]].briefings if len(ranked) > 1 else 0
        if keys[ranked[0]].briefings >= DOMINANCE * runner_up:
            parent[key] = ranked[0]


def _join_company_short_names(keys: dict, organisations: list[str], parent: dict[str, str]) -> None:
    """``Qantas`` joins ``Qantas Airways Ltd``: the one dominant company name (with a legal suffix) it begins."""
    by_first: dict[str, list[str]] = defaultdict(list)
    for key in organisations:
        words = key.split()
        if (len(words) > 1 and key not in parent and any(has_legal_suffix(form) for form in keys[key].forms)
                and not any(INNER_POSSESSIVE.search(form) for form in keys[key].forms)):  # Comalco's Commonwealth Aluminium Corp
            by_first[words[0]].append(key)
    for key in organisations:
        if " " in key or key in parent or key not in by_first or place_strength(key) == 2 \
                or any(has_legal_suffix(form) for form in keys[key].forms):  # ``Comalco Ltd``: a full name already
            continue
        ranked = sorted(by_first[key], key=lambda k: (-keys[k].briefings, -keys[k].mentions, k))
        runner_up = keys[ranked[1]].briefings if len(ranked) > 1 else 0
        if keys[ranked[0]].briefings >= DOMINANCE * runner_up:
            parent[key] = ranked[0]


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


def one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one inserted, deleted or replaced letter."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:] if len(a) < len(b) else a[i + 1:] == b[i + 1:]
