"""Step 1a of resolution: NER's spans cut to the name, or grown to the whole name, before they are read as names.

spaCy stops in the wrong place in ways news makes common: a lower-case word
at an edge (``Blu-ray discs``) or inside (``Everton face Arsenal``), two
names joined by ``and`` (``Warner Bros and Miramax``), an owner's possessive
(``Comalco's Commonwealth Aluminium Corp``), and a company cut at the ``and``
or the ``'s`` of its own name (``American Telephone`` and Telegraph,
``Moody``'s Investors Service Inc), a firm named for its partners cut at its
commas (``Birr``, ``Wilson`` and Co), and a person cut before a surname that starts
with a particle (``Abdul-Karim`` al-Kabariti). Regular expressions and set lookups only.
"""

from __future__ import annotations

import bisect
import re

from .entity_evidence import (ORG_SUFFIXES, ORG_WORDS, STRONG_ORG_WORDS, SUFFIX_WORDS, generic_words, has_legal_suffix,
                              is_common_name_word, not_an_entity)
from .gazetteer import place_key, place_strength
from .models import Kind, Mention

NAMED = {Kind.PERSON, Kind.PLACE, Kind.REGION, Kind.FACILITY, Kind.ORGANISATION}
POSSESSIVE_NAME_AFTER = re.compile(r"['’]s(?:\s+[A-Z][\w&.-]*){1,4}")  # Moody's Investors Service Inc
AND_NAME_AFTER = re.compile(r"\s(?:and|&)\s[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}(?:\s(?:Co|Corp|Inc|Ltd|Plc|PLC|Company|Group)\.?)?(?![\w'’-])")
AND_NAME_BEFORE = re.compile(r"(?<![\w'’-])[A-Z][a-z]+\s(?:and|&)\s$")  # Standard and Poor's Corp
TRAILING_LOWER = re.compile(  # not a particle, a head noun or a suffix in lower case (Liberal Democratic party)
    r"(?:\s+(?!(?:al|bin|ibn|de|da|di|do|dos|du|van|von|der|den|la|le|el|es|ben|y|corp|inc|ltd|co|plc|party|coast|river|island|islands|"
    r"mountains|sea|ocean|bay|lake|valley|province|region|state|city|county|district|church|league|bank|group)\b)"
    r"[a-z][a-z'’]*)+$")  # Blu-ray discs, Brierley Investments Ltd of
INNER_LOWER = re.compile(  # Everton face Arsenal: a verb inside the span, not a particle of a name
    r"\s(?!(?:of|the|for|and|on|in|at|to|de|du|des|la|le|les|da|di|do|dos|das|del|della|van|von|der|den|al|el|es|bin|ibn|"
    r"ben|y|e|i|et|und|upon|sur|am|an)\s)[a-z][a-z'’]*\s(?=[A-Z])")
GLUED_AFTER_SUFFIX = re.compile(  # Warner Bros and Miramax, (Reading) Festival and Glastonbury: two names, one span
    r"^(?P<head>(?:.+?\s)?(?:Bros|Brothers|Inc|Corp|Co|Ltd|Plc|PLC|Group|AG|SA|NV|Festival|Awards|Cup|Games|Prize)\.?),?"
    r"\s(?:and|&)\s(?P<tail>[A-Z].*)$")
AND_SPLIT = re.compile(r"^(?P<head>.+)\sand\s(?P<tail>[^ ].*?)$")  # at the last "and"
PARTNERSHIP = re.compile(  # Birr, Wilson and Co; Smith Barney, Harris Upham and Co: a firm named for its partners
    r"(?<![\w'’.-])(?:{w}(?:\s{w})?)(?:,\s{w}(?:\s{w})?)+,?\s(?:and|&)\s(?:Co|Cos|Company)\b\.?(?:\s(?:Inc|Ltd)\b\.?)?".format(
        w=r"(?!(?:Inc|Corp|Co|Cos|Ltd|Plc|PLC|LLC|AG|SA|NV|Group|Company)\b)[A-Z][\w'’.-]*"))  # not Lambert Inc, Kidder ...
DASHED_PARTS = re.compile(r"\s[-–—]\s")
TRAILING_SCORE = re.compile(r"(?:\s+\d{1,3}-\d{1,3})+$")  # a result after a team's name (not Channel 4, Boeing 747)
TRAILING_FIGURES = re.compile(r"(?:\s+[\d+-][\d.,/+-]*)+$")  # a person's name never ends in a figure
TRAILING_NUMBER = re.compile(r"\s+\d{1,3}(?:-\d{1,3})?$")  # Baltimore 6, G. Kersey 63: a place's or a player's score
LOWER_NEXT = re.compile(r"\s+(?!not out\b)[a-z]")  # Delta 88 models: a model's number; but P. Nixon 67 not out
INITIAL_NAME = re.compile(r"^(?![NSEW]\.)[A-Z]\.\s[A-Z][a-z'’-]+(?:-[A-Z][a-z]+)?$")  # M. Atherton (not N. Korea, S. Africa): an initial and a surname
NAME_BEFORE = re.compile(r"(?<![\w'’.&-])(?P<name>[A-Z][a-z][\w'’-]*)\s+$")  # one capitalised word, not in capitals
BRANCH = re.compile(r"\s(?P<place>[A-Z][\w.-]*(?:\s[A-Z][\w.-]*)?)\s(?:Branch|Office|Bureau|Desk)$")
THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
NAME_PARTICLES = frozenset("al el bin ibn bint abu ben van von der den de la los las del della da di dos das du ter ten".split())
ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|as|ash|az|ar|an)-(?=[A-Z])", re.IGNORECASE)
PARTICLE_NAME_AFTER = re.compile(  # Abdul-Karim + al-Kabariti, Zayed + bin Sultan: a surname NER left out
    r"(?:\s(?:al|el|Al|El|ad|as|ash|az|ar|an)-[A-Z][\w'’]*(?:-[A-Z][\w'’]*)?|"
    r"\s(?:bin|ibn|bint|abu|Abu|ben|van der|van den|van de|van|von der|von|de la|de los|de las|del|della|de|da|di|dos|das|"
    r"du|ter|ten)\s[A-Z][\w'’]*(?:-[A-Z][\w'’]*)?)+(?![\w'’-])")
INNER_OWNER = re.compile(r"^(?P<owner>[A-Z][^']*?\w)(?:['’]s|s['’])\s+(?P<rest>[A-Z].*)$")


def reshaped(mentions: list[Mention], text: str) -> list[Mention]:
    """Spans cut to the name, or grown to the whole name, where NER stopped in the wrong place.

    - a trailing score goes (``Manchester City 2-1``, ``Baltimore 6``), and any trailing figure of a person's name;
    - a trailing lower-case word goes (``Blu-ray discs``, ``Brierley Investments Ltd of``);
    - a possessive inside splits owner and owned (``Comalco's Commonwealth Aluminium Corp``);
    - an organisation cut at ``and`` or at its possessive grows over the untagged rest of its
      name (``American Telephone`` and Telegraph, ``Standard and`` Poor's, ``Moody``'s Investors Service Inc).
    """
    bare = {m.text for m in mentions if not text.startswith(("'s", "’s"), m.end)}  # Comalco, not Moody('s)
    given = {(m.start, m.end) for m in mentions}
    mentions = _halves_joined(_partnerships(mentions, text), text, bare)
    taken = sorted((m.start, m.end) for m in mentions if m.label in NAMED or m.label == Kind.GROUP)  # Telegraph
    # (a product) may join a name, Conservative (of "Labour and Conservative MPs") may not
    every = sorted((m.start, m.end) for m in mentions)  # the Reading Festival may not
    found = []
    for mention in mentions:
        mention = _without_score(mention, text)
        lower = TRAILING_LOWER.search(mention.text)
        if lower and lower.start() and mention.text[:1].isupper():
            head = mention.text[:lower.start()]
            if " " not in head and is_common_name_word(head) and place_strength(head) < 2:
                continue  # West of "West coasts", Eastern of "Eastern bloc": no name is left
            mention = Mention(mention.text[:lower.start()], mention.start, mention.start + lower.start(), mention.label)
        parts = _parts(mention, bare if (mention.start, mention.end) in given else set())  # not two halves joined
        if parts != [mention]:
            found.extend(parts)
            continue
        owner = INNER_OWNER.match(mention.text)
        if owner and (owner["owner"] in bare and (has_legal_suffix(owner["rest"]) or
                                                 not all(map(is_common_name_word, owner["rest"].split())))
                      or _owned_institution(owner["owner"], owner["rest"])):
            label = mention.label if owner["owner"] in bare else Kind.PLACE if place_strength(owner["owner"]) else ""
            found.append(Mention(owner["owner"], mention.start, mention.start + owner.end("owner"), label))
            found.append(Mention(owner["rest"], mention.start + owner.start("rest"), mention.end, mention.label))
            continue
        if mention.label == Kind.ORGANISATION:
            grown = _without_branch(_grown(mention, text, taken, every))
            while grown.start < mention.start and found and grown.start <= found[-1].start and found[-1].end <= mention.start:
                found.pop()  # Purolator, which NER read alone, now inside Purolator Courier Corp
            mention = grown
        elif mention.label == Kind.PERSON:
            mention = _with_particle_name(mention, text, every)
        found.append(mention)
    return found


def _without_score(mention: Mention, text: str) -> Mention:
    """A name without the score or figure NER read into it: a result after any name (``Manchester City 2-1``),
    any figure after a person's (``J. Ratcliffe 63``), a number after a place or an initialled player (``Baltimore
    6``, ``G. Kersey 63``), but not a model's number, which a lower-case noun follows (``Delta 88 models``)."""
    tail = (TRAILING_FIGURES if mention.label == Kind.PERSON else TRAILING_SCORE).search(mention.text)
    if not tail:
        tail = TRAILING_NUMBER.search(mention.text)
        head = mention.text[:tail.start()] if tail else ""
        if not tail or LOWER_NEXT.match(text, mention.end) or not (place_key(head) or INITIAL_NAME.match(head)):
            return mention
    if not tail.start():
        return mention
    return Mention(mention.text[:tail.start()], mention.start, mention.start + tail.start(), mention.label)


def _owned_institution(owner: str, rest: str) -> bool:
    """``Bolsonaro's Liberal Party``, ``Russia's Defence Ministry``: an institution of several words that only
    organisations carry, after its owner (not ``Sainsbury's Supermarkets Ltd``, whose owner is its name)."""
    return " " in rest and bool(STRONG_ORG_WORDS.search(rest)) and not has_legal_suffix(rest) \
        and not ORG_WORDS.search(owner)


def _partnerships(mentions: list[Mention], text: str) -> list[Mention]:
    """A firm named for its partners (``Birr, Wilson and Co``), which NER cuts at the commas, as one mention.

    Only a list that ends in a bare ``and Co``: a list of companies names each one
    (``Ford, Chrysler and General Motors Corp``), a partnership cannot end in ``Co`` alone.
    """
    if " and Co" not in text and " & Co" not in text:
        return mentions
    firms = [m for m in PARTNERSHIP.finditer(text) if any(m.start() <= x.start < m.end() for x in mentions)]
    if not firms:
        return mentions
    found = [x for x in mentions if not any(m.start() <= x.start < m.end() for m in firms)]
    found += [Mention(m.group(0), m.start(), m.end(), Kind.ORGANISATION) for m in firms]
    return sorted(found, key=lambda x: (x.start, x.end))


def _halves_joined(mentions: list[Mention], text: str, bare: set[str]) -> list[Mention]:
    """Two mentions NER made of one organisation's name, as one mention.

    ``Ward`` + 's + ``Automotive Reports`` when the briefing never names Ward
    without its possessive (else Ward is the owner: ``Comalco``'s Commonwealth
    Aluminium); ``Sumitomo Trust`` + and + ``Banking Co Ltd`` (a tail of
    dictionary words and a suffix); the ``England`` + and + ``Wales Cricket
    Board``.
    """
    joined: list[Mention] = []
    for mention in mentions:
        last = joined[-1] if joined else None
        if last and last.label in NAMED and mention.label in NAMED and _one_name(last, mention, text, bare):
            joined[-1] = Mention(text[last.start:mention.end], last.start, mention.end, Kind.ORGANISATION)
        else:
            joined.append(mention)
    return joined


def _one_name(first: Mention, second: Mention, text: str, bare: set[str]) -> bool:
    between = text[first.end:second.start]
    if between == " " and first.text.endswith((" and", " &")):  # Far West Savings and + Loan Association
        return first.label == second.label == Kind.ORGANISATION
    if between in ("'s ", "’s "):  # Ward's Automotive Reports; not Apple's iPod, PepsiCo's Taco Bell Corp, the UN's WFP
        return second.label == Kind.ORGANISATION and first.label == Kind.ORGANISATION and first.text not in bare \
            and not first.text.replace(".", "").isupper() \
            and place_strength(first.text) < 2 and second.text[:1].isupper() and not has_legal_suffix(second.text) \
            and (" " in second.text or bool(ORG_WORDS.search(second.text)))
    if between == " and ":
        return second.label == Kind.ORGANISATION and (
            has_legal_suffix(second.text) and " " in first.text and not has_legal_suffix(first.text)
            and _one_common_word(ORG_SUFFIXES.sub("", ORG_SUFFIXES.sub("", second.text)))
            or ORG_WORDS.search(second.text) and THE_BEFORE.search(text, max(0, first.start - 4), first.start))
    return False


def _institution_word(word: str) -> bool:
    """``House``, ``Senate``: one word that names a kind of institution (not ``Marks`` of Marks and Spencer)."""
    return " " not in word and (word in generic_words() or bool(ORG_WORDS.fullmatch(word)))


def _one_common_word(core: str) -> bool:
    return " " not in core and is_common_name_word(core)


def _parts(mention: Mention, named: set[str]) -> list[Mention]:
    """A span cut at a spaced dash (``Moody's Investors Service - Rating Announcement``), at a lower-case word
    inside it (``Everton face Arsenal``), or at ``and`` after a company's
    suffix (``Warner Bros and Miramax``) or before a name the briefing also gives alone (``Barclays and Bank of
    America``, of ``named``); the mention alone when it is one name."""
    if DASHED_PARTS.search(mention.text):  # Moody's Investors Service - Rating Announcement: a headline's parts
        edges = [0, *(i for dash in DASHED_PARTS.finditer(mention.text) for i in dash.span()), len(mention.text)]
        parts = [(a, b, mention.text[a:b]) for a, b in zip(edges[::2], edges[1::2])]
        return [Mention(part, mention.start + a, mention.start + b, mention.label) for a, b, part in parts
                if part.strip() and not any(ch.isdigit() for ch in part)  # India 226-5: a score, no name
                and (ORG_WORDS.search(part) or not all(map(is_common_name_word, part.split())))]
    inner = INNER_LOWER.search(mention.text)
    glued = None if inner else GLUED_AFTER_SUFFIX.match(mention.text)
    head, _, tail = mention.text.rpartition(" and ")
    repeated = head.startswith(tail + " ")  # Group of Five and Group (of Seven, cut at a line's end)
    if not inner and not glued and head:
        if tail in named and head[:1].isupper() and not all(map(is_common_name_word, tail.split())) \
                or all(map(_institution_word, (head, tail))) or repeated:  # not Savings and Loan Association
            glued = AND_SPLIT.match(mention.text)  # Barclays and Bank of America, House and Senate
    if not inner and head and place_strength(head) == 2 and place_strength(tail) == 2 \
            and not place_strength(mention.text):  # Kharkiv and Odesa (not Trinidad and Tobago): two places
        return [Mention(head, mention.start, mention.start + len(head), Kind.PLACE),
                Mention(tail, mention.end - len(tail), mention.end, Kind.PLACE)]
    if inner:
        cuts = [(0, inner.start()), (inner.end(), len(mention.text))]
    elif glued and (repeated or not all(w.rstrip(".,") in SUFFIX_WORDS for w in glued["tail"].split())):
        cuts = [(0, glued.end("head")), (glued.start("tail"), len(mention.text))]
    else:
        return [mention]
    return [Mention(mention.text[a:b], mention.start + a, mention.start + b, mention.label) for a, b in cuts]


def _grown(mention: Mention, text: str, taken: list[tuple[int, int]], every: list[tuple[int, int]]) -> Mention:
    """An organisation's span over the untagged rest of its name (``American Telephone`` and Telegraph Co)."""
    start, end = mention.start, mention.end
    after = POSSESSIVE_NAME_AFTER.match(text, end)
    if after and ORG_SUFFIXES.search(after.group(0)) and not _overlaps(end, after.end(), taken, mention):
        end = after.end()
    elif not (" " in mention.text and ORG_WORDS.search(mention.text)) and not not_an_entity(mention.text):
        # the Bank of England (and Treasury) is whole; House (and Senate) no name to grow
        after = AND_NAME_AFTER.match(text, end)
        if after and is_common_name_word(after.group(0).split()[1]) and not _overlaps(end, after.end(), taken, mention):
            end = after.end()
    before = AND_NAME_BEFORE.search(text, max(0, start - 30), start)
    if before and is_common_name_word(before.group(0).split()[0]) and not _overlaps(before.start(), start, every, mention):
        start = before.start()
    word = NAME_BEFORE.search(text, max(0, start - 30), start) if has_legal_suffix(mention.text) else None
    if word and not is_common_name_word(word["name"]) and not place_strength(word["name"]) \
            and not _overlaps(word.end("name"), start, every, mention) \
            and (not _overlaps(word.start(), word.end("name"), every, mention)
                 or word.span("name") in every):  # NER made a name of it alone: that mention goes (reshaped)
        start = word.start()  # Purolator + Courier Corp: the company's own first word, left out by NER
    if (start, end) == (mention.start, mention.end):
        return mention
    return Mention(text[start:end], start, end, mention.label)


def _with_particle_name(mention: Mention, text: str, every: list[tuple[int, int]]) -> Mention:
    """A person's span over the surname NER left out after it, which starts with a particle of a name
    (``Abdul-Karim`` al-Kabariti, ``Zayed`` bin Sultan): the name is one person, not a given name alone."""
    after = PARTICLE_NAME_AFTER.match(text, mention.end)
    if not after or _overlaps(mention.end, after.end(), every, mention):
        return mention
    return Mention(text[mention.start:after.end()], mention.start, after.end(), mention.label)


def surnames(name: str) -> list[str]:
    """The ways a person's full name is shortened to a surname: the last word (``Zelensky``), without its
    article (``Kabariti`` of al-Kabariti), or from its first particle (``de la Rua``, ``van Miert``)."""
    words = name.split()
    found = [words[-1]]
    bare = ARABIC_ARTICLE.sub("", words[-1])
    if bare != words[-1]:
        found.append(bare)
    for i in range(1, len(words) - 1):
        if words[i] in NAME_PARTICLES:
            found.append(" ".join(words[i:]))
            break
    return found


def _without_branch(mention: Mention) -> Mention:
    """An organisation without the office in a place written after its name (``First National Bank of Chicago``
    Tokyo Branch): the bank's page, not one for each of its branches."""
    branch = BRANCH.search(mention.text)
    if branch and place_strength(branch["place"]) < 2 and " " in branch["place"]:
        branch = BRANCH.search(mention.text, branch.start() + 1)  # Chicago Tokyo Branch: Tokyo's
    if not branch or place_strength(branch["place"]) < 2 or not ORG_WORDS.search(mention.text[:branch.start()]):
        return mention
    return Mention(mention.text[:branch.start()], mention.start, mention.start + branch.start(), mention.label)


def _overlaps(start: int, end: int, taken: list[tuple[int, int]], own: Mention) -> bool:
    index = bisect.bisect_left(taken, (start, start))
    near = taken[max(0, index - 1):index + 2]
    return any(s < end and start < e and (s, e) != (own.start, own.end) for s, e in near)
