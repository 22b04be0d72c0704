"""The user's corrections to entity resolution, from ``entities.yml`` at the project root.

The machine will get some entities wrong; an analyst fixes them once in
this file and every build applies the fix::

    merge:                      # these names are one entity (first: the target)
      Volodymyr Zelensky: [Zelenskiy, Mr Zelenskyy]
    rename:                     # show this entity under another canonical name
      Wagner Group: Wagner private military company
    retype:                     # person, place or organisation
      Chasiv Yar: place
    hide:                       # never show these (a name or alias)
      - Flames

Names match any name or alias of an entity, ignoring case, accents and
punctuation. A bad file is reported as a problem naming it, and the build
goes on without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .gazetteer import lookup_key
from .models import Origin, Problem

TYPES = ("person", "place", "organisation")
SECTIONS = ("merge", "rename", "retype", "hide")


@dataclass
class Overrides:
    """Corrections by ``lookup_key`` of the names they mention."""

    merge: dict[str, str] = field(default_factory=dict)
    """alias key -> target key"""
    rename: dict[str, str] = field(default_factory=dict)
    """key -> new canonical name"""
    retype: dict[str, str] = field(default_factory=dict)
    """key -> type"""
    hide: set[str] = field(default_factory=set)
    """keys never shown"""


def load_overrides(path: Path) -> tuple[Overrides, list[Problem]]:
    """Read and validate an overrides file; a missing file means no overrides."""
    if not path.is_file():
        return Overrides(), []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        return Overrides(), [Problem(Origin(str(path), line + 1 if line is not None else None),
                                     f"invalid YAML, entity overrides ignored: {exc}")]
    except RecursionError:  # YAML's parser recurses once a level: a thousand nested levels exhaust the stack
        return Overrides(), [Problem(Origin(str(path)), "invalid YAML, nested too deeply; entity overrides ignored")]
    except OSError as exc:
        return Overrides(), [Problem(Origin(str(path)), f"cannot read ({exc.strerror or exc}); entity overrides ignored")]
    try:
        _whole_characters(data)
        return parse_overrides(data), []
    except ValueError as exc:
        return Overrides(), [Problem(Origin(str(path)), f"{exc}; entity overrides ignored")]


def parse_overrides(data: object) -> Overrides:
    """Validate parsed YAML into ``Overrides``.

    Raises:
        ValueError: naming the section and entry that is wrong.
    """
    overrides = Overrides()
    if data is None:
        return overrides
    if not isinstance(data, dict):
        raise ValueError("expected a mapping with merge, rename, retype and hide")
    unknown = [k for k in data if k not in SECTIONS]
    if unknown:
        raise ValueError(f"unknown section {unknown[0]!r} (known: {', '.join(SECTIONS)})")
    for target, names in _mapping(data, "merge").items():
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            raise ValueError(f"merge.{target}: expected a list of names")
        for name in names:
            overrides.merge[_key(name, "merge")] = _key(target, "merge")
    for name, new in _mapping(data, "rename").items():
        if not isinstance(new, str) or not new.strip():
            raise ValueError(f"rename.{name}: expected the new name")
        overrides.rename[_key(name, "rename")] = " ".join(new.split())
    for name, type_ in _mapping(data, "retype").items():
        if type_ not in TYPES:
            raise ValueError(f"retype.{name}: {type_!r} is not one of {', '.join(TYPES)}")
        overrides.retype[_key(name, "retype")] = type_
    hidden = data.get("hide") or []
    if not isinstance(hidden, list) or not all(isinstance(n, str) for n in hidden):
        raise ValueError("hide: expected a list of names")
    overrides.hide = {_key(name, "hide") for name in hidden}
    return overrides


def _whole_characters(data: object) -> None:
    """Refuse a lone surrogate (YAML's ``"\\ud800"``) anywhere: no character, it cannot be written to a page.

    Raises:
        ValueError: naming the text that holds one.
    """
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str) and any("\ud800" <= c <= "\udfff" for c in item):
            shown = item.encode("utf-8", "backslashreplace").decode("utf-8")
            raise ValueError(f"'{shown}' holds a lone surrogate, which is no character")


def _mapping(data: dict, section: str) -> dict:
    value = data.get(section) or {}
    if not isinstance(value, dict):
        raise ValueError(f"{section}: expected a mapping of name: value")
    return {str(k): v for k, v in value.items()}


def _key(name: str, section: str) -> str:
    key = lookup_key(str(name))
    if not key:
        raise ValueError(f"{section}: {name!r} is not a name")
    return key
