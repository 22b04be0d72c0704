"""Step 4 of resolution: what a group of keys is (person, place, organisation) or that it is no entity.

The type weighs spaCy's labels (the majority over the archive) against
offline evidence counted per mention (``entity_evidence``):

1. a legal suffix or an organisation-only word on most mentions makes an
   organisation, whatever the model said;
2. a name the gazetteer knows as a place (a primary name, not a dictionary
   word) is a place unless the archive shows it as a person (a title or a
   given name) or it mostly "said" things;
3. person evidence turns a name the model read as a place into a person
   (``Regan`` of "Mr Regan said");
4. otherwise the majority label, corrected by organisation words.

A group is no entity when its name is a currency unit, month, code,
award or generic word (``not_an_entity``), or a dictionary word the
archive writes in lower case as often as capitalised inside a sentence
(``Sorghum``, ``Bank``).
"""

from __future__ import annotations

import re
from collections import Counter

from .entity_evidence import ORG_WORDS, PRODUCT_NUMBER, is_common_name_word, is_organisation_name, not_an_entity, short_forms
from .gazetteer import is_common_word, is_country, is_primary_place, is_town, lookup_key, place_key, place_strength

TYPE_ORDER = ("person", "place", "organisation")
GEOGRAPHIC_HEAD = re.compile(r"\s(?:Passage|Strait|Straits|Gulf|Bay|Sea|Ocean|River|Lake|Mountains|Islands?|Peninsula|"
                             r"Valley|Basin|Canal|Desert|Plateau|Coast|Sound|Delta|Falls|Heights|Hills|Glacier|Reef|"
                             r"Archipelago|Estuary|Airport|Airbase|Prison|Jail|Checkpoint|Stadium|Square)$")  # and facilities
MODEL_NUMBER = re.compile(r"\s(?:II|III|IV|VI|VII|VIII|XL|XT|SE|\d{3,4}[A-Z]?)$")


def majority(votes: Counter) -> str | None:
    typed = [(n, -TYPE_ORDER.index(t), t) for t, n in votes.items() if t in TYPE_ORDER]
    return max(typed)[2] if typed else None


def entity_type(info, surname: bool = False) -> str:
    """The type of a group of keys (``resolve._Key``) from its labels and evidence.

    ``surname``: the name is the last word of a person's full name in the archive
    (``Clinton`` of Bill Clinton), which makes the model's person label credible.
    """
    votes, evidence = info.votes, info.evidence
    total = sum(info.forms.values())
    top = majority(votes)
    name = canonical_name(info.forms)
    strength = place_strength(name) if " " in name else max(place_strength(form) for form in info.forms)
    if strength == 1 and is_primary_place(name) and (top == "place" or top == "organisation" and is_country(name)):
        strength = 2  # Paris, though "paris" is also a plant: the model agrees it is the place; China, not china
    person = evidence.get("person", 0)
    personal = person * 3 >= info.mentions  # one "Mr" among 80 mentions of China is no evidence
    if is_organisation_name(name) or sum(n for f, n in info.forms.items() if is_organisation_name(f)) * 2 >= total \
            and person * 2 < total:
        return "organisation"  # a company with Corp is never a person
    if evidence.get("dateline") and not person:
        return "place"
    if evidence.get("club", 0) * 4 >= info.mentions and evidence["club"] > person and not is_country(name):
        return "organisation"  # Bolton manager, beat Newcastle 2-1: the club named after its town
    if GEOGRAPHIC_HEAD.search(name) and not ORG_WORDS.search(name) and not personal:
        return "place"  # the Northwest Passage, the Pearl River Delta, Changi Prison: on the map, whatever NER said
    if placed_by_context(info, surname):
        return "place"  # Heathrow airport, the town of Moengo: the words around it, whatever NER said
    if strength < 2 and top == "organisation" and (evidence.get("said") or evidence.get("organisation")) and not personal:
        return "organisation"  # Google said: an alternate place name, but the model and the text agree
    organised = evidence.get("organisation", 0) - evidence.get("club", 0)  # a club's town stays a place in results
    organisational = evidence.get("organisation", 0) * 4 >= info.mentions or top != "person"  # not 1 in 12
    if evidence.get("organisation", 0) > person and strength < 2 and organisational:
        return "organisation"  # its shares, its spokesman: a company, whatever the model said
    if strength == 2 and organised * 2 >= info.mentions and organised > person and is_town(name):
        return "organisation"  # Nokia, the handset maker; shares of Magna: a company named like a town
    org_worded = sum(n for form, n in info.forms.items() if ORG_WORDS.search(form))
    if strength < 2 and top != "person" and org_worded * 2 >= total:
        return "organisation"
    if strength == 2 and not personal and evidence.get("said", 0) * 2 < info.mentions and not (surname and top == "person"):
        return "place"
    if personal and top in ("place", None) and strength < 2:
        return "person"
    if strength and top != "place":
        if top is None:
            return "place"
        if top == "person":
            if not personal and not surname and not evidence.get("said"):
                return "place"  # Berne: a place the model once read as a person
        elif strength == 2 or votes["place"] > 0 or votes[top] <= 2 and not is_common_word(name):
            return "place"
    if top is None:
        return "place" if place_key(name) else "organisation"
    return top


def placed_by_context(info, surname: bool = False) -> bool:
    """The words around a name (``mention_names.place_context``) call it a place on a third of its mentions (on
    most of them if a person of the archive has it as surname), more often than anything calls it a person or an
    organisation (``Kennedy airport`` once beside "Kennedy told reporters" is no place)."""
    evidence = info.evidence
    placed = evidence.get("place", 0)
    enough = placed * 2 > info.mentions if surname else placed * 3 >= info.mentions
    return bool(placed) and enough and placed > evidence.get("person", 0) \
        and placed > evidence.get("organisation", 0) - evidence.get("club", 0) and placed > evidence.get("said", 0)


def is_no_entity(info) -> bool:
    """True for a group that names nothing: junk by its name, or a dictionary word used as one."""
    if not info.forms:
        return True  # an acronym only ever seen beside its expansion: no name of its own
    name = canonical_name(info.forms)
    if not_an_entity(name) or all(not_an_entity(form) for form in info.forms):
        return True
    if place_strength(name) < 2 and is_product(name, info):
        return True
    if " " not in name and _is_unknown_dictionary_word(name, info):
        return True
    if name.isupper() or place_strength(name) == 2 or info.evidence.get("dateline"):
        return False
    if " " not in name and _is_sentence_initial_word(info) and not info.evidence.get("party"):  # Democrats in Congress
        return True
    lower = info.evidence.get("lower", 0)
    return lower > 0 and lower >= info.inside and all(map(is_common_name_word, name.split()))


def is_product(name: str, info) -> bool:
    """A product, not its maker: mostly written before ``operating system``, ``personal computers`` and the like
    (``MS-DOS``), or an organisation-typed name with a model number (``Macintosh II``), never a company's name."""
    if is_organisation_name(name) or info.evidence.get("organisation", 0) or info.evidence.get("said", 0):
        return False
    if (MODEL_NUMBER.search(name) or PRODUCT_NUMBER.match(name)) and majority(info.votes) not in ("person", "place"):
        return True  # Pope John Paul II is a person, Macintosh II is not
    product = info.evidence.get("product", 0)
    return product > 0 and product * 3 >= info.mentions


def _is_sentence_initial_word(info) -> bool:
    """``Flames`` opening a sentence: one dictionary word never written capitalised inside a sentence."""
    if info.inside or any(place_strength(f) for f in info.forms):
        return False
    return all(" " not in f and not f.isupper() and is_common_word(f) for f in info.forms)


def _is_unknown_dictionary_word(name: str, info) -> bool:
    """One dictionary word that only the model calls a place (``Sorghum`` heading a grain table: no gazetteer
    knows it), or that is only ever written in capitals (``LOINS`` of a price list), and that nothing in the
    text treats as a name (it says nothing, has no shares, no title)."""
    if not is_common_word(name) or place_strength(name) or ORG_WORDS.fullmatch(name) or is_organisation_name(name):
        return False
    evidence = info.evidence
    if any(evidence.get(kind) for kind in ("said", "organisation", "person", "party", "club", "dateline")):
        return False
    if all(form.isupper() for form in info.forms):
        return len(name) >= 4
    return len(name) >= 5 and majority(info.votes) == "place"  # not Ala., Wash. or the Oval


def display_name(info, type_: str) -> str:
    """The canonical name, with the ``'s`` of an organisation always written with it that once "said"
    (``Ward's``, ``Sainsbury's``: the possessive is the name's, not an owner's)."""
    name = canonical_name(info.forms)
    evidence = info.evidence
    if type_ == "organisation" and evidence.get("named's") and evidence.get("possessive", 0) >= info.mentions \
            and not name.endswith(("s", "'s", "’s")):
        return name + "'s"
    return name


def canonical_name(form_counts: Counter) -> str:
    """The most complete proper form among the frequent ones (``Wagner Group`` over ``Wagner``)."""
    full = {f: n for f, n in form_counts.items() if lookup_key(f) not in short_forms()} or form_counts  # not "Fed"
    proper = {f: n for f, n in full.items() if not f.isupper() or len(f) <= 5} or dict(full)
    top = max(proper.values())
    frequent = [(f, n) for f, n in proper.items() if n * 3 >= top]
    return max(frequent, key=lambda item: (len(item[0].split()), item[1], not item[0].isupper(), item[0]))[0]
