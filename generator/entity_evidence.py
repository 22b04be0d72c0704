"""Offline evidence about what a name is: a person, an organisation, or no entity at all.

spaCy's label is one guess per mention; news gives better evidence that
costs a regular expression or a set lookup:

- a legal suffix (``Zapata Corp``, ``Comalco Ltd``) or an organisation word
  (``Party``, ``Club``, ``Ministry``) makes an organisation, never a person;
- a given name (``Brent Scowcroft``, learnt from CoNLL-2003 train by
  ``scripts/make_first_names.py``) or a title (``Treasurer Paul Keating``)
  makes a person, and the title comes off as the person's role;
- some capitalised names are not entities at all: currency units
  (``U.S. Dlrs``), months and holidays, time zones, codes and quantities
  (``M3``), awards and competitions (``U.S. Open``), generic institution
  words (``State`` of "Secretary of State", ``the Cabinet``) and spans NER
  cut badly (a stray lower-case ``the``, a possessive inside).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .gazetteer import data_lines, is_common_word, lookup_key, place_strength

COMPANY_SUFFIXES = ("Group", "Inc", "Incorporated", "Co", "Company", "Corp", "Corporation", "Ltd", "Limited", "Plc", "PLC",
                    "LLC", "AG", "SA", "NV", "BV", "Holdings", "Holding")
ORG_SUFFIXES = re.compile(r"\s+(?:" + "|".join(COMPANY_SUFFIXES) + r")\.?$")
SUFFIX_WORDS = {*COMPANY_SUFFIXES, "and", "&", "Sons", "Son", "Brothers", "Partners", "Associates", "Cos"}  # a name made of these alone is the tail of one NER cut off
LEGAL_SUFFIX = re.compile(
    r"\s(?:Inc|Incorporated|Corp|Corporation|Co|Cos|Company|Ltd|Limited|Plc|PLC|LLC|LLP|AG|SA|S\.A|NV|N\.V|BV|SpA|Spa|"
    r"AB|ASA|A/S|GmbH|Pty|KK|Bhd|Berhad|Tbk|Holdings?|Group|Bancorp|NL|Oyj)\.?(?:\s\([^()]*\))?(?:\s(?:Ltd|Inc)\.?)?$"
)
ORG_WORDS = re.compile(
    r"\b(?:Group|Institute|Inc|Corp|Corporation|Company|Co|Ltd|Plc|LLC|Bank|Party|Ministry|Agency|Council|"
    r"Committee|Commission|Association|Union|University|College|Foundation|Fund|Organi[sz]ation|Department|"
    r"Office|Court|Army|Navy|Force|Forces|Service|Services|Press|News|Times|Post|Exchange|Board|Authority|"
    r"Club|FC|League|Federation|Airlines|Airways|Motors|Industries|Securities|Bancorp|Trust|Front|Movement|"
    r"Community|Unit|Division|Parliament|Assembly|Congress|Senate|Holdings?|Hotels?|Mining|Petroleum|Electric)\b"
)
STRONG_ORG_WORDS = re.compile(  # words a person's name never carries: they outvote a person label
    r"\b(?:Party|Club|FC|AFC|Ministry|Commission|Committee|Association|University|Institute|Federation|League|"
    r"Airlines|Airways|Motors|Industries|Securities|Bancorp|Exchange|Agency|Council|Bank|Department|Markets|"
    r"Hotel|Hotels|Television|Radio|Newspaper|Magazine|Brothers|Partners|Systems|Technologies|Laboratories|"
    r"FC|AFC|CF|United|Rovers|Wanderers|Athletic|Albion|Hotspur|Rangers|Dynamo|Olympique|Sporting|Democrats|"
    r"Republicans|Dems|Conservatives|Tories|Nationalists|Unionists|Liberals|Socialists|Communists|Greens|Labour|Alliance|Coalition|Front|"
    r"Mining|Mines|Resources|Petroleum|Pharmaceuticals|Electric|Insurance|Investments|Enterprises|Communications|"
    r"Police|Constabulary|Worldwide|International|Pharma|Biotech|Software|Entertainment|Media|Ventures|Foods|Breweries|Logistics|Chemicals|Steel|Shipping|Railways?|Railroad|Bancshares|Telecom|Banken|Bancorporation|"
    r"Banca|Banco|Banque|Banka|Bankasi|Sparkasse|Landesbank|Girozentrale)\b"
)  # clubs and parties too: Manchester United, the Greens; banks in other languages: Ljubljanska Banka
ROLE_WORDS = frozenset("""
Mr Mrs Ms Miss Dr Prof Sir Dame Lord Lady Gen Col Maj Capt Lt Sgt Rev Sen Rep Gov Adm Cmdr Insp Supt Mgr Msgr
President Vice Prime Minister Secretary Treasurer Chancellor Governor Senator Representative Congressman
Congresswoman Adviser Advisor Chairman Chairwoman Chair Chief Executive Director Spokesman Spokeswoman Ambassador
Envoy Commissioner Judge Justice Attorney General Admiral Colonel Major Captain Lieutenant Sergeant Commander
Mayor Deputy Assistant Under Undersecretary Leader Speaker Premier King Queen Prince Princess Pope Cardinal
Archbishop Bishop Rabbi Imam Sheikh Emir Crown Coach Manager Economist Analyst Professor Editor Secretary-General
Managing National Security Foreign Finance Defence Defense Trade Economy Economic Energy Oil Interior Treasury
Agriculture State Labor Labour Commerce Home Affairs Industry Health Education Transport Environment Budget
Opposition Party Former Acting Senior Junior Federal Central Bank Reserve Board Governor-General Minister-President
Presidential Parliamentary Foreign-Minister Officer of for the and
""".split())
LOWER_ROLE_WORDS = frozenset({"of", "for", "the", "and"})
PORTFOLIOS = frozenset("""Energy Finance Trade Oil Foreign Defence Defense Interior Agriculture Commerce Economy Industry
Health Education Labour Labor Treasury Transport Environment Budget Mines Petroleum""".split())
HEAD_TITLES = frozenset("""
Mr Mrs Ms Miss Dr Prof Sir Dame Lord Lady Gen Col Maj Capt Lt Sgt Rev Sen Rep Gov Adm Cmdr Insp Supt Msgr
President Minister Secretary Treasurer Chancellor Governor Senator Representative Congressman Congresswoman Adviser
Advisor Chairman Chairwoman Director Spokesman Spokeswoman Ambassador Envoy Commissioner Judge Mayor Leader Speaker
Premier King Queen Prince Princess Pope Cardinal Archbishop Bishop Rabbi Imam Sheikh Emir Coach Manager Economist
Analyst Professor Editor Secretary-General Admiral Colonel Captain Lieutenant Sergeant Commander Executive Officer
""".split())
TITLES = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lord|Lady|Gen|Col|Maj|Capt|Lt|Sgt|Rev|Sen|Rep|Gov|"
    r"President|Prime Minister|Chancellor|Minister|Secretary|Governor|Senator|King|Queen|Prince|Princess|"
    r"Pope|Judge|Justice|General|Colonel|Major|Captain|Chairman|Chief|Commander|Mayor|Treasurer|Adviser|Advisor|"
    r"Ambassador|Commissioner|Spokesman|Spokeswoman|Premier|Speaker)\.?\s+)+"
)
CURRENCY = re.compile(
    r"\s(?:Dlrs?|Dollars?|Yen|Marks?|Francs?|Pounds?|Stg|Sterling|Lire|Lira|Pesos?|Rupees?|Cruzados?|Cruzeiros?|"
    r"Australs?|Rand|Ringgit|Won|Baht|Yuan|Renminbi|Roubles?|Rubles?|Euros?|Cents?|Crowns?|Kronor|Kroner|Krona|Krone|"
    r"Guilders?|Schillings?|Escudos?|Pesetas?|Dinars?|Riyals?|Rials?|Shekels?|Drachmas?|Zloty|Forint|Lei)$"
)
CODE = re.compile(r"^(?:[A-Z]{1,3}-?\d+[A-Z]?|\d[\w.,/-]*|[A-Z]{1,4}-\d+|[A-Z][a-z]{0,2}-?\d[+-]?|"
                  r"(?:AAA|AA|BBB|BB|CCC|CC|Aaa|Aa|Baa|Ba|Caa)[+-]?|[IVX]{2,5})$")  # M3, BAA-3, F-16, 1987, ratings, III
PERIOD = re.compile(r"^(?:End|Mid|Early|Late|Year|Pre|Post)[- ]?(?:\d{2}|\d{4})s?$")
EVENT = re.compile(  # competitions, awards and festivals: named things that are no person, place or organisation
    r"\b(?:Cup|Prize|Awards?|Open|Championships?|Olympics|Olympic Games|Paralympics|Games|Grand Prix|Trophy|Festival|"
    r"Medal|Marathon|Classic|Bowl|Derby|Oscars?|Emmys?|Grammys?|Golden Globes?|Expo|World Series|Grand Slam|"
    r"Formula One|Tour de France|Giro d'Italia|Vuelta|Six Nations|Tri-Nations|Biennale|Eurovision|Song Contest)$"
)
EVENT_HEAD = re.compile(r"\s(?:Cup|Prize|Awards?|Trophy|Championships?|Contest)$")  # Club World Cup: an event
STORM = re.compile(r"(?:Hurricane|Typhoon|Super Typhoon|Cyclone|Tropical Cyclone|Tropical Storm|Storm)\s[A-Z]")  # an event
COMPETITION = re.compile(  # leagues that are competitions, though "League" also names organisations (Arab League)
    r"\b(?:Champions League|Europa League|Premier League|Super League|Bundesliga|Serie A|La Liga|Ligue 1|"
    r"Eredivisie|Premiership)$"
)
LAW = re.compile(r"\s(?:Agreement|Accords?|Treaty|Act|Protocol|Charter|Directive)$")  # a law or treaty, no organisation
FINANCIAL = re.compile(  # rates, indices, instruments and taxes: named things that are no person, place or organisation
    r"\s(?:Rates?|Index|Indices|Average|Receipts?|Bonds?|Notes|Bills|Futures|Options|Swaps?|Yields?|Offered Rates?|"
    r"Tax|Taxes|Levy|Duty|Duties|Tariffs?)$")
LOCAL_BODY = re.compile(r"^(?:City|Town|County|Village|Parish)\s")  # City Council: every town has one
PRODUCT_NUMBER = re.compile(  # PlayStation 3, Xbox 360, Windows 95; not Channel 4 or Radio 5
    r"^(?!(?:Channel|Radio|BBC|Route|Terminal|Division|Group|Studio|Chapter|Section|Article|Region|District|Formula)\s)"
    r"[A-Z][\w-]*(?:\s[A-Z][\w-]*)?\s\d{1,4}$")
STRAY_THE = re.compile(r"(?<!\bof)(?<!\bfor)(?<!\band)(?<!\bon)(?<!\bin)(?<!\bat)(?<!\bto)(?<!\bby)(?<!\bfrom)"
                       r"(?<!\bwith)\s(?:the|a|an)\s")
POSSESSIVE_NAMED = re.compile(  # Addenbrooke's Hospital, St John's College: a founder's name, not a badly cut span
    r"['’]s\s(?:Hospital|Infirmary|Clinic|School|College|Church|Cathedral|Chapel|Abbey|Museum|Gallery|Library|Theatre|"
    r"Park|Square|Wood|Cross|Inn)$")
INNER_POSSESSIVE = re.compile(r"\w(?:['’]s|s['’])\s+\S")


@lru_cache(maxsize=None)
def _word_list(name: str) -> frozenset[str]:
    return frozenset(data_lines(name))


def given_names() -> frozenset[str]:
    return _word_list("first_names.txt")


def generic_words() -> frozenset[str]:
    """Words that name a kind of institution or a time, never one entity alone (``data/generic_names.txt``)."""
    return _word_list("generic_names.txt")


@lru_cache(maxsize=None)
def short_forms() -> dict[str, str]:
    """Short names news uses for an institution whose initials they are not (``Fed``), to the full name's key."""
    found = {}
    for line in data_lines("short_forms.txt"):
        name, _, full = (part.strip() for part in line.partition("="))
        found[lookup_key(name)] = lookup_key(full)
    return found


def has_legal_suffix(name: str) -> bool:
    """``Zapata Corp``, ``Comalco Ltd``, ``Pirelli SpA``: a company, whatever NER said."""
    return bool(LEGAL_SUFFIX.search(name))


@lru_cache(maxsize=1 << 16)
def is_organisation_name(name: str) -> bool:
    """A legal suffix or a word only organisations carry (``Party``, ``Club``, ``Ministry``); not a known place
    (``Russian Federation``)."""
    return (has_legal_suffix(name) or bool(STRONG_ORG_WORDS.search(name))) and place_strength(name) < 2


def starts_with_given_name(name: str) -> bool:
    """``Brent Scowcroft``: a known given name followed by more of a name."""
    words = name.split()
    return len(words) > 1 and words[0] in given_names() and words[-1][:1].isupper()


def split_role(name: str) -> tuple[str, str]:
    """A person's name without the title or role glued before it, and that role (lower case).

    ``Treasurer Paul Keating`` -> (``Paul Keating``, ``treasurer``); ``Secretary of
    State George Shultz`` -> (``George Shultz``, ``secretary of state``). The role is
    only cut where it ends in a title (``General Motors`` keeps its name).
    """
    words = name.split()
    i = 0
    while i < len(words) - 1 and words[i].rstrip(".") in ROLE_WORDS and (i or words[i][:1].isupper()):
        i += 1
    while i and words[i - 1] in LOWER_ROLE_WORDS:
        i -= 1
    while i and not _ends_in_title(words[:i]):
        i -= 1
    if not i:  # "Energy Subroto" of "Minister of Mines and Energy Subroto": a portfolio is no given name
        while i < len(words) - 1 and words[i] in PORTFOLIOS:
            i += 1
        if ORG_WORDS.search(" ".join(words[i:])):
            return name, ""  # Energy Department
    if not i or not words[i][:1].isupper():
        return name, ""
    return " ".join(words[i:]), " ".join(words[:i]).lower()


def _ends_in_title(words: list[str]) -> bool:
    """``Treasurer``, ``Attorney General``, ``Secretary of State``: a title, or a title ``of`` its office."""
    for j in range(len(words) - 1, -1, -1):
        word = words[j].rstrip(".")
        if word in HEAD_TITLES or word == "General" and j and words[j - 1] in ("Attorney", "Secretary", "Solicitor"):
            return j == len(words) - 1 or words[j + 1] in ("of", "for")
    return False


def glued_person(name: str) -> int:
    """Where a person's name glued after an organisation's starts (``Bank of England Robin Leigh-Pemberton``), or 0.

    Only a given name (or a name after ``of`` a place) followed by one or two
    capitalised words ending the span counts; ``Jorge Luis Leao Franco`` is one man.
    """
    words = name.split()
    for i in range(1, len(words) - 1):
        if not (2 <= len(words) - i <= 3 and all(w[:1].isupper() for w in words[i:])) or words[i - 1] in ROLE_WORDS:
            continue
        after_place = i >= 3 and words[i - 2] == "of" and place_strength(words[i - 1]) == 2  # Bank of England Robin ...
        rest = " ".join(words[i:])
        head = " ".join(words[:i])
        if (words[i] in given_names() and ORG_WORDS.search(head) or after_place) \
                and not ORG_WORDS.search(rest) and not place_strength(rest) \
                and place_strength(words[i]) < 2 and not not_an_entity(rest):  # not Bank of Chicago + Tokyo Branch
            return len(" ".join(words[:i])) + 1
    return 0


@lru_cache(maxsize=1 << 16)
def not_an_entity(name: str) -> str | None:
    """Why ``name`` names no person, place or organisation (a short reason), or None if it may be one."""
    words = name.split()
    if CODE.match(name.replace(" ", "")):
        return "code or quantity"
    if PERIOD.match(name):
        return "date"  # End-1986, Mid-1987
    if len(words) > 1 and CURRENCY.search(name):
        return "currency unit"
    if EVENT.search(name) and (not ORG_WORDS.search(name) or EVENT_HEAD.search(name)) or COMPETITION.search(name) \
            or STORM.match(name):
        return "event or award"
    if LAW.search(name):
        return "law or treaty"  # International Coffee Agreement, Clean Air Act
    if len(words) > 1 and FINANCIAL.search(name) and not ORG_WORDS.search(name) and words[0] not in given_names():
        return "rate, index or instrument"  # London Interbank Offered Rates, Dow Jones Industrial Average
    if STRAY_THE.search(name) or INNER_POSSESSIVE.search(name) and not ORG_WORDS.search(name) \
            and not POSSESSIVE_NAMED.search(name):
        return "badly cut span"
    generic = generic_words()
    if name in generic:
        return "generic word"  # Reserve Bank: whose depends on the story
    if len(words) == 1:
        if name in generic or name.upper() in generic or name.endswith("s") and name[:-1] in generic:
            return "generic word"  # State, Bank; Groups, Banks
        return None
    head, last = " ".join(words[:-1]), words[-1]
    if last.endswith("s") and last[:-1] in generic and (len(words) == 2 or " and " in name) and place_strength(name) < 2:
        return "generic word in the plural"  # Fed Boards; U.S. Agriculture and Commerce Departments: two, not one
    of_a_place = place_strength(head) == 2 or head.endswith(".")  # not "European": European Community
    if last in generic and of_a_place and not ORG_WORDS.search(last) and place_strength(name) < 2:
        return "generic word of a place"  # U.S. Government, U.K. Financial (but European Union, West Bank)
    if len(words) == 2 and LOCAL_BODY.match(name) and last in generic:
        return "generic word of a place"  # City Council, County Court: whose depends on the story
    if len(words) == 2 and head.endswith(".") and is_common_word(last) and last.lower() not in INSTITUTIONS \
            and not ORG_WORDS.search(last):
        return "common word after an abbreviation"  # U.S. Complaints, U.S. Economy
    return None


INSTITUTIONS = frozenset({"treasury", "embassy", "army", "navy", "congress", "senate", "parliament", "military",
                          "mint", "marines", "air", "customs"})


@lru_cache(maxsize=1 << 16)
def is_common_name_word(word: str) -> bool:
    """A single word that is a dictionary word, also as an ``-ing`` form (``Quoting``)."""
    if is_common_word(word):
        return True
    lower = word.lower()
    return lower.endswith("ing") and len(lower) > 5 and (is_common_word(lower[:-3]) or is_common_word(lower[:-3] + "e"))
