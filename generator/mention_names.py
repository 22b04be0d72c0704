"""Step 1 of resolution: each spaCy mention of a briefing as a tidy name, a type and evidence, or nothing.

The surface form is tidied (``the``, possessives, ALL-CAPS, half a parenthesis);
nationality words, credits to a news outlet, names that name nothing
(``entity_evidence.not_an_entity``) and mentions in the rows of a table are
dropped; a title comes off a person's name and is kept as evidence of the role;
a person glued after an organisation's name is split off. Spans NER cut in the
wrong place are mended first (``mention_spans``). The words around a mention are
evidence of what it names: ``said``, a title or an age (a person), its shares, an
apposition or a football context (an organisation: ``Everton manager``, ``beat
Blackburn 2-1``); after ``per`` it is a unit, before ``awards`` an award's name,
after ``album`` or ``film`` a work's title, and none of those is an entity. A
party the model read as a group (NORP: ``the Tories said``, ``voted for Likud``)
is an organisation; a nationality, a people or an adjective never is.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Callable

from .datelines import DATELINE_LINE, HEAD_LINES, capitalised
from .entity_evidence import (ORG_WORDS, SUFFIX_WORDS, given_names, glued_person, has_legal_suffix,
                              is_common_name_word, is_organisation_name, not_an_entity, split_role,
                              starts_with_given_name)
from .gazetteer import demonym_country, is_common_word, is_country, lookup_key, place_key, place_strength
from .mention_spans import INITIAL_NAME, reshaped
from .models import Briefing, Kind, Mention
from .outlets import is_credit, outlet_of

TYPES = {Kind.PERSON: "person", Kind.PLACE: "place", Kind.REGION: "place", Kind.FACILITY: "place", Kind.ORGANISATION: "organisation"}
OTHER_LABELS = {Kind.GROUP, Kind.PRODUCT, Kind.EVENT, Kind.WORK, Kind.LAW, Kind.LANGUAGE}  # kept only when the gazetteer knows a place
LEADING = re.compile(r"^(?:the|The|THE|a|A|an|An)\s+")
POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
CREDIT = re.compile(r"(?:^|\s)(?:Photo|Photograph|Getty Images|Images|via)(?:\s|$)|/", re.IGNORECASE)
DASHED = re.compile(r"\s[-–—]\s")
STOP_WORDS = {"of", "the", "for", "and", "on", "in", "at", "to", "de", "du", "des", "la", "le"}
ABBREVIATION_END = re.compile(r"(?:^|[\s.])[A-Z]\.$|\b(?:Calif|Mass|Conn|Jr|Sr|St)\.$")  # not Co.: Emerson Electric Co
SUFFIX_THEN_NAME = re.compile(  # Columbia Aluminium Corp. Comalco: a ticker removed between a company and a sentence
    r"^(?P<head>.+?\s(?:Inc|Corp|Co|Ltd|Plc|PLC|LLC|AG|SA|NV|Bhd|Pty)\.?)\s+(?P<tail>[A-Z][\w.'’&-]*(?:\s.*)?)$")
STRIP_CHARS = " \t\n\"'“”‘’()[]{}<>.,;:!?-–—*_#|"
SAID = re.compile(r"^['’]?s?,?\s+(?:said|says|told|added|stated|declared)\b")
SAID_PRONOUN = re.compile(r"\s+(?:said|says|added|announced|reported|stated)\s+(?:on\s+\w+\s+|yesterday\s+|today\s+)?"
                          r"(?P<pronoun>it|its|he|his|she|her)\b")
ORG_CONTEXT = re.compile(r"['’]?s?\s+(?:shares|stock|shareholders|spokes(?:man|woman|person)|chief executive|"
                         r"subsidiary|headquarters|employees|board of directors|chairman|chairwoman|president|"
                         r"executives|pre-tax|profits?|revenues?|turnover|earnings|share price|fined|"
                         r"disciplinary|news agency|newspaper)\b")  # Acme shares, Fifa president, Uefa fined, Xinhua news agency
PLACE_NOUNS = (r"airport|air ?base|airfield|province|district|region|valley|village|township|municipality|"
               r"enclave|suburb|state(?! (?:visits?|dinner|banquet|funeral))|island|peninsula|river|port|harbou?r|"
               r"area(?! (?:executive|manager|director|head|chief|sales|office|representative))|"
               r"refugee camp|prison|jail|checkpoint|border crossing|crossing point|highway|motorway|tunnel|mosque|shrine")
PLACE_PLURALS = (r"airports|air ?bases|airfields|provinces|districts|regions|valleys|villages|townships|"
                 r"municipalities|settlements|enclaves|suburbs|states|islands|rivers|ports|refugee camps|prisons|"
                 r"checkpoints|crossings|highways|tunnels|cities|towns")
PLACE_AFTER = re.compile(r"(?:\s+(?:" + PLACE_NOUNS + r")|-based|-born)\b")  # Heathrow airport, Nablus-based
NAME_LIST = (r"(?:\s*,\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})*\s*,?\s+(?:and|or)\s+"
             r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}")  # , Gatwick and Stansted: the rest of a list of names
PLACE_LIST_AFTER = re.compile(NAME_LIST + r"\s+(?:" + PLACE_PLURALS + r")\b")  # Heathrow, Gatwick and Stansted airports
PLACE_PLURAL_AFTER = re.compile(r"\s+(?:" + PLACE_PLURALS + r")\b")  # (the Ravi and) Chenab rivers
PLACE_APPOSITION = re.compile(  # Stansted, London's third-busiest airport; Whittier, a port in western Alaska
    r"(?:" + NAME_LIST + r")?,\s+(?:(?:the|a|an|[A-Z][\w.-]*['’]s)\s+)?(?:(?!(?:in|of|at|for|from|to|with)\s)[\w'’-]+\s+){0,3}?"
    r"(?:" + PLACE_NOUNS + "|" + PLACE_PLURALS + r"|town|city|capital)(?=[,.;:]|\s+(?:\d+|of|in|on|near|north|south|east|"
    r"west|about|some|where|which|that|and|after|is|was|has|had)\b)")
DISTANCE = r"(?:about |some |just |nearly |around |roughly |only )?\d[\d,.]*\s*(?:km|kms|kilometres?|kilometers?|miles?)"
BEARING = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
PLACE_DISTANCE = re.compile(  # Tavildara, 200 km east of Dushanbe; Moengo 56 miles (90 km) east of; Kudapokuna, just north of
    r"(?:,\s+" + DISTANCE + r"|,?\s+" + DISTANCE + r")?\s*(?:\([^()]{1,30}\)\s*)?" + BEARING + r"\s+of\b|"
    r",?\s+" + DISTANCE + r"\s*(?:\([^()]{1,30}\)\s*)?(?:from|outside)\b|,\s+(?:just |about |some )?" + BEARING + r"\s+of\b")
PLACE_BEFORE = re.compile(  # the mining town of Moengo, the settlement of Novye Atagi, the Tajik capital Dushanbe
    r"(?:\b(?:towns?|villages?|city|cities|port|provinces?|regions?|districts?|suburbs?|capital|state|"
    r"settlements?|municipality|hamlet|island|enclave|outskirts|streets|[Rr]esidents|[Ii]nhabitants|mayor)\s+of|\bthe\s+(?:[\w'’-]+\s+){0,2}"
    r"(?:capital|town|village|port|city|resort),?|\b(?:near|outside)|\b" + BEARING + r"\s+of)\s+(?:the\s+)?$")
PLACE_BEFORE_WORDS = frozenset("of near outside capital town village port city resort".split())  # PLACE_BEFORE's ends
LISTED_BEFORE = re.compile(r"(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}\s*,\s*)*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}"
                           r"\s*,?\s+(?:and|or)\s+$")  # the towns of Ransart and (Mont-sur-Marchienne)
TRAILING_PLACE_NOUN = re.compile(r"\s(?:province|region|district|state|coast|city|county|valley|island|village)$")
REVIVED = {Kind.EVENT, Kind.PRODUCT, Kind.WORK, Kind.LAW}  # a place the model labelled otherwise; never a group (Kurdish region)
PLACE_PREPOSITION = re.compile(r"\b(?:in|near|outside|around|from)\s+$")  # not "delivered to LaSalle Mills, LaSalle, Ill."
REGION_AFTER = re.compile(r",\s+(?P<region>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})(?=[,.;:)]|\s+(?:on|in|and|at|"
                          r"where|when|which|to|for)\b|$)")  # in Culpepper, Virginia, on May 27
STOCK_MOVE = re.compile(  # Magna was up 1/8 to 48-1/4, Vodafone fell 3p to 139p: a listed company's shares
    r"\s+(?:was |were )?(?:up|down|rose|fell|gained|lost|added|shed|climbed|slipped|dropped|jumped|eased|firmed)\s+"
    r"\d+(?:[-.]\d+)?(?:/\d+)?\s*(?:p|pence|cents?|%|percent|points?)?\s+(?:to|at)\s+\d")
ORG_BEFORE = re.compile(r"\b(?:shares (?:of|in)|stakes? in|subsidiary of|(?:a |the )?unit of|takeover of|merger with|"
                        r"acquisition of|shareholders (?:of|in)|(?:news )?agency|newspaper|daily|weekly|published by|"
                        r"(?:analyst|economist|strategist|dealer|trader)s? (?:with|at))"
                        r"\s+(?:the\s+)?$")
# shares of Pharmacia: a company; the party daily Granma, the official news agency Xinhua: a publisher; an analyst
# with L.F. Rothschild: a firm
ORG_NOUNS = frozenset("""agency agencies company companies firm firms bank banks broker brokers brokerage brokerages
insurer insurers airline airlines carrier carriers retailer retailers manufacturer manufacturers maker makers union
unions party parties houses institution institutions subsidiary subsidiaries unit units distributor distributors
publisher publishers supplier suppliers operator operators lender lenders conglomerate conglomerates chain chains
broadcaster broadcasters developer developers""".split())
LIST_OPENERS = frozenset({"including", "like", "as", "notably"})  # firms including Mobil, Shell and Caltex
PRODUCT_CONTEXT = re.compile(  # MS-DOS operating system, Brent crude: a product or a grade of oil, no organisation
    r"\s+(?:crude|blend|operating systems?|personal computers?|computers?|software|applications|product (?:family|line)|"
    r"line of|drives?|compatib(?:le|ility)|workstations?|microprocessors?|chips?|programs?|spreadsheets?|"
    r"(?:web )?browsers?|consoles?|handsets?|search engine|apps?|kernel|open[- ]source)\b")
PRODUCT_BEFORE = re.compile(  # the latest version of Windows, its web browser, Internet Explorer: a product
    r"(?:\b(?:versions?|editions?|copies|users|upgrades?) of (?:the |its )?|\b(?:browser|software|console|handset|"
    r"operating system|search engine|drug|medicine|vaccine),\s+|\b(?:makes|released|unveiled|installed|downloaded) "
    r"(?:the |its )?|\bopen[- ]source (?:software |program |system )?(?:such as |like )?)$")  # open-source Linux
PRODUCT_APPOSITION = re.compile(  # Windows Vista, the new version of Microsoft's operating system
    r",\s+(?:the|its|a|an)\s+(?:[\w'’-]+\s+){0,3}?(?:version|browser|software|operating system|console|handset|"
    r"phone|device|search engine|program|game|drug|model|aircraft|jet|airliner|car)\b")
AGE = re.compile(r",\s+(?:aged\s+)?\d{1,2},")  # John Smith, 45, said
MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s")  # February 22 Paris: a date, no score
CLUB_ROLE = re.compile(  # Everton manager, Surrey captain: a team's people (a firm's Tokyo manager too: see teams)
    r"(?:['’]s?)?\s+(?:manager|striker|midfielder|defender|goalkeeper|keeper|coach|boss|fans|supporters|squad|"
    r"equali[sz]er|team principal|winger|skipper|full-back|centre-back|centre-half|captain|all-rounder|batsman|"
    r"batsmen|bowlers?|paceman|spinner|wicketkeeper|openers?|pitchers?|quarterback|shortstop|outfielder|"
    r"infielder|catcher|goaltender|goalie|left-hander|right-hander)\b")
CLUB_CONTEXT = re.compile(  # Blackburn 2-1 (not tennis' 6-4 6-3), Birmingham v Barnsley (not a court's Texas v. Johnson)
    r"(?:['’]s?)?\s+(?:[0-5]-[0-5]\b(?![/.]\d|\s+\d)|v\s+[A-Z]|"
    r"(?:won|lost|drew|beat|thrashed|edged|defeated|routed|blanked|downed|outscored|trounced|crushed)\s+"
    r"(?:\w+\s+){0,2}\d{1,3}-\d{1,3}\b(?!\s+\d|-)|"  # beat Blackburn 2-1, beat Chicago 102-95
    r"(?:beat|defeated|edged|routed|blanked|swept|downed|outscored|trounced|thrashed)\s+(?:the\s+)?[A-Z]|"
    r"\d{1,3}\s+(?!" + MONTH + r")[A-Z][\w.]*(?:\s[A-Z][\w.]*)?\s+\d{1,3}\b(?![.,]?\d)|"  # Florida 5 Atlanta 3
    r"\d{2,3}(?:-\d)?\s+(?:\(|and\s+\d{1,3}\b)|\d{2,3}-\d\b(?![-/.]?\d)|"  # Kent 244 (C. Hooper 78) and 108-3
    r"\d{1,3}(?:\s+\d{1,3}){3,}(?![\d/.])|\d{1,3}\s+\d{1,3}\s+\.\d{3}\b|"  # Lyon 4 2 1 1 6 4 7, TEXAS 73 54 .575: standings
    r"(?:beat\s+\w+(?:\s\w+)?\s+)?by\s+(?:\d+|\w+)\s+(?:wickets|runs|tries|goals)\b|by an innings)")
FIXTURE_BEFORE = re.compile(  # Birmingham v Barnsley, Florida 5 Atlanta 3, St Louis defeated Colorado (not February 22 Paris)
    r"(?:(?!" + MONTH + r")[A-Z][\w.'’-]*\s+(?:v|\d{1,3}|beat|defeated|edged|routed|blanked|downed|outscored|trounced|"
    r"thrashed)|\)\s+v)\s+$")  # and a scorecard's Warwickshire 255-9 (A. Giles 57) v Worcestershire
CLUB_NOUN_BEFORE = re.compile(r"\b(?:club|side|rivals|hopefuls|champions|holders|visitors)\s+$")  # serie A club Atalanta
MATCH_BEFORE = re.compile(  # a match against Karlsruhe, a win over Ajax, a defeat by Leeds
    r"\b(?:(?:match|game|tie|clash|fixture|final)\s+(?:against|with)|(?:win|victory)\s+(?:over|against)|"
    r"(?:defeat|draw)\s+(?:by|to|with|against))\s+(?:the\s+)?$")
VENUE_BEFORE = re.compile(r"\b(?:in|at)\s+$", re.IGNORECASE)  # beat Austria in Salzburg 3-2: the venue is a place
AFTER_SCORE = re.compile(r"\b\d{1,3}-\d{1,3}\s+(?:(?:home\s+|away\s+)?(?:win|victory|defeat|draw|loss)\s+)?"
                         r"(?:over|against|to|with|by)\s+(?:the\s+)?$")  # a 2-1 win over Blackburn, drew 1-1 with Bolton
WORK_BEFORE = re.compile(  # the album X&Y, the film Vera Drake: a work's title, no person or organisation
    r"\b(?:album|albums|film|movie|song|novel|book|musical|opera|sitcom|documentary|painting)\s+$")
APPOSITION = re.compile(  # Nokia, the world's largest handset maker: an organisation, whatever the gazetteer says
    r"(?:['’]s)?,\s+(?:the|a|an)\s+(?:[\w'’-]+\s+){0,4}?(?:company|firm|group|maker|manufacturer|bank|airline|carrier|retailer|"
    r"insurer|operator|producer|chain|giant|conglomerate|publisher|broadcaster|network|agency|party|club|team|band|"
    r"union|charity|regulator|supplier|developer|distributor|watchdog|lender|brewer|miner|utility)"
    r"(?=[,.;:]|\s+(?:said|says|which|that|has|had|is|was|will|would|and)\b)")  # not "the McLaren team principal"
EVENT_NOUN = re.compile(r"\s+(?:awards?|prizes?|ceremony|trophy|cup|championships?|tournament|festival|olympics|"
                        r"disaster|scandal|affair|shuttle|"
                        r"marathon|grand prix|medals?)\b")  # the Bafta awards: the award's name, no organisation
PORTFOLIO_BEFORE = re.compile(  # Vice President for Financial Communications, Minister for Economic Affairs: a brief
    r"\b(?:President|Director|Minister|Secretary|Commissioner|Spokesman|Spokeswoman|Adviser|Manager|Head)\s+for\s+$")
PARTY_AFTER = re.compile(  # Labour said, Likud MPs, the Labour manifesto: a party the model read as a group (NORP)
    r"['’]?s?\s+(?:MPs?|MEPs|manifesto|candidates?|voters|activists|councillors|leader|leadership|said|says|has|"
    r"have|had|won|lost|gained|would|will|leads?|led|in (?:Congress|Parliament|the (?:Senate|House|Commons)))\b|-led\b")
PARTY_BEFORE = re.compile(r"\b(?:voted?|voting|votes) for (?:the )?$|\b(?:defected|defect) to (?:the )?$")
GROUP_ADJECTIVE = re.compile(  # Republican, Democrat, Tory, Moslem, Islamist, Tamil: an adjective, a member or a people
    r"(?:an|en|ic|ish|ese|ist|ists|ive|i|em|im|u|s|al|crat|y)$|^(?:Jew|Hindu|Sikh|Sunni|Shia|Shiite|Orthodox|Catholic|Tamil|"
    r"Basque|Kurd|Serb|Croat|Arab|Nazi|Christian)$")
UNIT_BEFORE = re.compile(r"\bper\s+$")  # dlrs per CWT, 5.45 dlrs per ADR: a unit
SAYS = r"(?:said|says|cut|raised|lowered|downgraded|upgraded|affirmed|reported|estimated|rates|rated)\b"
NAMED_POSSESSIVE = re.compile(r"['’]s\s+" + SAYS)  # Ward's said: a name that ends in 's (Moody's, Sainsbury's)
SAYS_AFTER = re.compile(r"\s+" + SAYS)
OWNER = re.compile(r"\w['’]s $")
TABLE_ROW_WORDS = 8
PARAGRAPH = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")  # up to a blank line: Bank of\nEngland is one name
TABLE_ROW_ENDS = ".!?:;,\"”’"


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
        name = " ".join(_recased_word(w, first=not i) for i, w in enumerate(words))
    return name


def _recased_word(word: str, first: bool) -> str:
    """A word of a name in capitals as the name writes it: ``Bank of England``, ``La Jolla``, ``US`` kept."""
    if word.casefold() in STOP_WORDS:
        return capitalised(word) if first else word.lower()
    return capitalised(word) if len(word) > 2 or word in ("ST", "MT", "FT") else word  # St Louis; US, UK kept


def balanced_parentheses(text: str) -> str:
    """Text without an unclosed ``(`` and what follows it, and without an unopened ``)``.

    NER often stops inside a parenthesis: ``International Coffee Organization (ICO``
    is the organisation (the acronym joins it as an alias), ``Harold) Greene`` the judge.
    """
    if "(" not in text and ")" not in text:
        return text
    cut, unopened = unmatched_parentheses(text)
    kept = "".join(ch for index, ch in enumerate(text[:cut]) if index not in unopened)
    return kept.rstrip()


def unmatched_parentheses(text: str) -> tuple[int | None, set[int]]:
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


def candidates(briefing: Briefing, in_table: Callable[[int], bool]) -> list[tuple[Mention, str, str | None, str]]:
    """Step 1 for each spaCy mention: ``(mention, name, type, evidence)``, without what names nothing.

    ``evidence`` lists, joined by ``\\x1f``, what the text says of the name: ``person``
    (a title or given name), ``said`` (it says things) and ``role:...`` (its title).
    """
    text = briefing.text
    own_outlet = outlet_of(briefing.source)
    found = []
    given = first_names_of_people(briefing.mentions)
    for mention in reshaped(split_after_suffix(split_at_paragraphs(briefing.mentions, text)), text):
        type_ = TYPES.get(mention.label)
        if type_ is None and mention.label not in OTHER_LABELS:
            continue
        if in_table(mention.start):
            continue
        name = normalise_surface(mention.text)
        if name is None or demonym_country(name) is not None:
            continue
        mention, name, placed = place_context(text, mention, name)
        if type_ is None and placed and mention.label in REVIVED:
            type_ = "place"  # Stansted airport, which the model read as an event
        party = mention.label == Kind.GROUP and is_party(text, mention, name)
        if party:
            type_ = "organisation"
        if type_ is None and not place_strength(name):
            continue
        if is_credit(text, mention.start, mention.end, name, own_outlet) or not_an_entity(name):
            continue
        if OWNER.search(text, max(0, mention.start - 3), mention.start) and all(map(is_common_name_word, name.split())):
            continue  # NCR Corp's Personal Computer (division): a part of its owner, not a name
        if UNIT_BEFORE.search(text, max(0, mention.start - 6), mention.start) and name.isupper() \
                or WORK_BEFORE.search(text, max(0, mention.start - 12), mention.start) and place_strength(name) < 2 \
                or EVENT_NOUN.match(text, mention.end) and place_strength(name) < 2 \
                or PORTFOLIO_BEFORE.search(text, max(0, mention.start - 20), mention.start) \
                and all(map(is_common_name_word, name.split())) and place_strength(name) < 2:
            continue  # per CWT, the Bafta awards, Vice President for Financial Communications
        evidence = ["organisation", "party"] if party else []
        if type_ != "place" or place_strength(name) < 2:
            person, role = split_role(name)
            if role and (type_ == "person" or starts_with_given_name(person) or looks_like_a_name(person)):
                name, type_ = person, "person"
                evidence += ["person", f"role:{role}"]
                mention = sub_mention(mention, person)
        if (starts_with_given_name(name) or INITIAL_NAME.match(name) or mention.label == Kind.PERSON and name in given) \
                and "person" not in evidence and placed < 2:  # (Tracy Roosevelt ...) Tracy said: not Tracy, California
            evidence.append("person")
        said = SAID_PRONOUN.match(text, mention.end)
        if said:  # Pharmacia said it would; Regan said he would: the pronoun tells a company from a person
            evidence.append("organisation" if said["pronoun"] in ("it", "its") else "person")
        if SAID.match(text, mention.end):
            evidence.append("said")
        if text.startswith(("'s", "’s"), mention.end) or mention.text.endswith(("'s", "’s")):
            evidence.append("possessive")  # all of them, and a "Ward's said": the 's is the name's (entity_typing)
            if NAMED_POSSESSIVE.match(text, mention.end) or SAYS_AFTER.match(text, mention.end):
                evidence += ["named's", "organisation"]
        if placed:
            evidence.append("place")  # Heathrow airport, the town of Moengo, Tavildara, 200 km east of Dushanbe
        if ORG_CONTEXT.match(text, mention.end) or after_organisation_noun(text, mention.start) \
                or STOCK_MOVE.match(text, mention.end) \
                or ORG_BEFORE.search(text, max(0, mention.start - 30), mention.start) \
                or APPOSITION.match(text, mention.end):
            evidence.append("organisation")
        elif PRODUCT_CONTEXT.match(text, mention.end) or PRODUCT_BEFORE.search(text, max(0, mention.start - 40), mention.start) \
                or PRODUCT_APPOSITION.match(text, mention.end):
            evidence.append("product")
        elif AGE.match(text, mention.end):
            evidence.append("person")
        elif in_club_context(text, mention.start, mention.end) and not is_country(name):  # a national side stays its country
            evidence += ["organisation", "club"]  # a team: Everton manager, beat Blackburn 2-1
        found.append((mention, name, type_, "\x1f".join(evidence)))
    return found


def in_club_context(text: str, start: int, end: int) -> bool:
    """The words around ``text[start:end]`` make it a team: ``Everton manager``, ``beat Blackburn 2-1``,
    ``Birmingham v Barnsley``, ``Florida 5 Atlanta 3``, ``Surrey beat Kent by 8 wickets``."""
    return bool(CLUB_ROLE.match(text, end) and not VENUE_BEFORE.search(text, max(0, start - 4), start)
                or CLUB_NOUN_BEFORE.search(text, max(0, start - 12), start) or in_game_context(text, start, end))


def in_game_context(text: str, start: int, end: int) -> bool:
    """Club evidence from a game, not from a team's people: a score, a fixture, a results or a league table's
    line, a win (``beat Blackburn 2-1``, ``Birmingham v Barnsley``, ``a win over Ajax``). Only sports have those;
    ``Tokyo manager`` may be a bank's."""
    return bool(CLUB_CONTEXT.match(text, end) and not VENUE_BEFORE.search(text, max(0, start - 4), start)
                or AFTER_SCORE.search(text, max(0, start - 40), start)
                or FIXTURE_BEFORE.search(text, max(0, start - 30), start)
                or MATCH_BEFORE.search(text, max(0, start - 30), start))


def first_names_of_people(mentions: list[Mention]) -> frozenset[str]:
    """The first words of the full names the model read as people in a briefing: the story's later ``Tracy``
    or ``Paul`` alone is that person, whatever town shares the name."""
    names = (m.text.split() for m in mentions if m.label == Kind.PERSON and not ORG_WORDS.search(m.text))
    return frozenset(words[0] for words in names  # not Crewe v Watford, Mac SE, Buckhorn Inc read as people
                     if 2 <= len(words) <= 4 and words[0][:1].isupper() and not any(map(str.isdigit, words[0]))
                     and (words[0] in given_names() or not is_common_word(words[0]))  # nor Baker (Lift)
                     and all(w[:1].isupper() and any(map(str.islower, w)) for w in words[1:])
                     and not all(map(is_common_word, words[1:])))  # nor Mac Plus


def is_party(text: str, mention: Mention, name: str) -> bool:
    """A name the model read as a group (NORP) that acts as a party (``Labour said``, ``voted for Likud``): a
    noun, or a party's members (``the Tories``: a word only parties carry); an adjective or a people
    (``Republican``, ``Moslem``, ``Islamists``) never is."""
    if not is_organisation_name(name) and (GROUP_ADJECTIVE.search(name) or " " in name):
        return False
    return bool(PARTY_AFTER.match(text, mention.end) or PARTY_BEFORE.search(text, max(0, mention.start - 20),
                                                                            mention.start))


def place_context(text: str, mention: Mention, name: str) -> tuple[Mention, str, int]:
    """The mention and name without a lower-case place noun NER took in (``Jiangsu province``), and how
    surely the words around it say it is a place: 2 for a place noun after it, which outweighs a given name
    (``Charles de Gaulle airport``); 1 for weaker context (``near Rawandouz``); 0 for none."""
    trailing = TRAILING_PLACE_NOUN.search(name)
    if trailing and trailing.start():
        name = name[:trailing.start()]
        return sub_mention(mention, name, last=False), name, 2
    if text.startswith(("'s", "’s"), mention.end) or mention.text.endswith(("'s", "’s")):
        return mention, name, 0  # near Smith's home
    end = mention.end
    if PLACE_AFTER.match(text, end) or PLACE_LIST_AFTER.match(text, end) or PLACE_APPOSITION.match(text, end) \
            or PLACE_PLURAL_AFTER.match(text, end) and text.endswith((" and ", " or "), 0, mention.start):
        return mention, name, 2
    return mention, name, int(bool(PLACE_DISTANCE.match(text, end)) or place_before(text, mention.start, end))


def place_before(text: str, start: int, end: int) -> bool:
    """A place noun or ``near`` before a name (``the town of Moengo``, ``the towns of Ransart and Jumet``), or
    a region after it and a preposition before it (``in Culpepper, Virginia,``)."""
    before = text[max(0, start - 120):start]
    if before.endswith(("and ", "or ")):
        listed = LISTED_BEFORE.search(before)
        before = before[:listed.start()] if listed else before
    words = before[-60:].split()[-2:]
    if words and {words[-1].rstrip(","), words[0]} & PLACE_BEFORE_WORDS and PLACE_BEFORE.search(before[-60:]):
        return True  # (the word check first: searching every name's 60 characters took most of the time)
    region = REGION_AFTER.match(text, end)
    return bool(region and PLACE_PREPOSITION.search(before[-12:]) and place_strength(region["region"]) == 2)


def after_organisation_noun(text: str, start: int) -> bool:
    """A name right after a noun for organisations, or after the names listed after one (clearing agencies
    Cedel and Euroclear; rival banks Barclays and Lloyds; firms including Mobil, Shell and Caltex)."""
    words = text[max(0, start - 90):start].split()
    if words and (words[-1] in ("and", "or") or words[-1].endswith(",") and words[-1][:1].isupper()):
        for _ in range(8):  # back over the names listed before this one (Mobil, Shell and)
            if not words or not (words[-1] in ("and", "or") or words[-1][:1].isupper()):
                break
            words.pop()
    if words and words[-1] in LIST_OPENERS:
        words.pop()
        if words and words[-1] == "such":
            words.pop()
    return bool(words) and words[-1].lower() in ORG_NOUNS


def split_at_paragraphs(mentions: list[Mention], text: str) -> list[Mention]:
    """A span NER ran over a paragraph break at the head of a story as one mention a paragraph: a byline and the
    dateline after it (``Rolf Soderlind`` / ``LONGYEAR, Norway``) are two names, and the dateline's place is read
    from its line. Lower down (tables) or with a line that names nothing (``N / A``, ``N.A.``) it stays whole."""
    found = []
    for mention in mentions:
        lines = [line for line in PARAGRAPH.finditer(mention.text) if line.group().strip()]
        if len(lines) < 2 or len(text[:mention.start].split("\n")) > 2 * HEAD_LINES \
                or not all(normalise_surface(line.group()) and sum(map(str.isalpha, line.group())) > 2 for line in lines):
            found.append(mention)
            continue
        for line in lines:
            start = mention.start + line.start() + len(line.group()) - len(line.group().lstrip())
            found.append(Mention(line.group().strip(), start, start + len(line.group().strip()), mention.label))
    return found


def split_after_suffix(mentions: list[Mention]) -> list[Mention]:
    """A span that runs on after a company's legal suffix into another name (``Columbia Aluminium Corp.
    Comalco``, once a ticker between them is gone) as the company and the rest, each a mention."""
    found = []
    for mention in mentions:
        match = SUFFIX_THEN_NAME.match(mention.text) if mention.text.count(" ") >= 2 else None
        if not match or all(word.rstrip(".,") in SUFFIX_WORDS for word in match["tail"].split()):
            found.append(mention)
            continue
        start = mention.start + match.start("tail")
        found.append(Mention(match["head"], mention.start, mention.start + match.end("head"), Kind.ORGANISATION))
        found.append(Mention(match["tail"], start, mention.end, mention.label))
    return found


def is_place_name(name: str) -> bool:
    """A place's primary name or abbreviation (``Canada``, ``U.S.``), not an alternate spelling (``Mobil``)."""
    return place_strength(name) == 2 or bool(place_key(name)) and name.replace(".", "").isupper()


def looks_like_a_name(text: str) -> bool:
    """Two or three capitalised words that are no organisation and no place: ``Brent Scowcroft``."""
    words = text.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and not ORG_WORDS.search(text) \
        and not place_strength(text)


def split_glued(found: list) -> list:
    """Split a person's name glued after another name: ``Bank of England Robin Leigh-Pemberton``.

    The person starts at a given name, or right after a name this briefing also
    names alone (``Bank of England``); the name before it keeps its own mention.
    """
    known = {lookup_key(name): type_ for _, name, type_, _ in found if " " in name}
    result = []
    for mention, name, type_, evidence in found:
        words = name.split()
        cut = glued_person(name)
        for i in range(len(words) - 2, 1, -1) if not cut and len(words) > 3 else ():
            rest = words[i:]
            if lookup_key(" ".join(words[:i])) in known and looks_like_a_name(" ".join(rest)) \
                    and not has_legal_suffix(name) and not all(map(is_common_name_word, rest)):
                cut = len(" ".join(words[:i])) + 1
                break
        if not cut:
            result.append((mention, name, type_, evidence))
            continue
        head, person = name[:cut - 1], name[cut:]
        head_type = known.get(lookup_key(head)) or ("organisation" if ORG_WORDS.search(head) else None)
        if head_type:
            result.append((sub_mention(mention, head, last=False), head, head_type, ""))
        result.append((sub_mention(mention, person), person, "person", "person"))
    return result


def sub_mention(mention: Mention, part: str, last: bool = True) -> Mention:
    """The part of a mention that spells ``part`` (its last such part, or its first)."""
    at = mention.text.rfind(part) if last else mention.text.find(part)
    if at < 0:
        return mention
    return Mention(part, mention.start + at, mention.start + at + len(part), mention.label)


def table_rows(text: str) -> list[tuple[int, int]]:
    """Spans of the lines that are rows of a table, not prose: a figure, a few words, no closing punctuation.

    NER reads a results table's labels as names (``Revs 291.8 mln vs 151.1 mln``,
    ``Avg shrs 51.7 mln``); a name met only there is noise. A dateline on its own
    line (``LONDON 1996-08-30``) is not a row: its place is the story's.
    """
    rows = []
    start = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if (stripped and stripped[-1] not in TABLE_ROW_ENDS and len(stripped.split()) <= TABLE_ROW_WORDS
                and any(ch.isdigit() for ch in stripped) and not DATELINE_LINE.match(stripped)):
            rows.append((start, start + len(line)))
        start += len(line) + 1
    return rows


def in_spans(offset: int, spans: list[tuple[int, int]]) -> bool:
    index = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]
