"""Headlines: a given one kept (ALL-CAPS wire headlines re-cased), a missing one drawn from the lead.

No parser is loaded (spaCy runs without it, for cost), so a generated
headline is the lead sentence tightened by rules that hold for news copy:
drop parentheticals, tickers and trailing attributions, turn ``X said Y``
into ``X says Y``, drop -ly adverbs, then (only while too long) auxiliaries,
``the eastern Ukrainian city of`` before a name, and articles; cut at a
clause boundary and never end on a dangling word.
"""

from __future__ import annotations

import re
from collections import Counter

from .gazetteer import place_strength
from .models import Analysis
from .stop_words import STOP_WORDS

HEADLINE_WORDS = 12
HEADLINE_MAX_WORDS = 12
TICKER = re.compile(r"\s*<[A-Z0-9.&-]{1,8}>\s*")
CLAUSE_CUTS = re.compile(
    r",\s|\s[-–—]\s|;\s|:\s|\s(?:as|after|while|which|who|because|although|though|amid|despite|but|following|before|since|where|when|with)\s"
)
ATTEMPT = re.compile(r"\bin (?:an|a|their|its|his|her|the) (?:attempt|bid|effort|push|drive) to\b", re.I)
TRAILING_TIME = re.compile(
    r"\s(?:on|late on|early on|by)\s(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?: \w+)?$"
    r"|\s(?:last|this|next) (?:week|month|year)$|\s(?:on Monday|yesterday|today)$"
)
ADVERB = re.compile(r"[a-z]{3,}ly")
NOT_ADVERBS = {"only", "early", "family", "july", "italy", "supply", "rally", "ally", "daily", "weekly", "monthly",
               "yearly", "quarterly", "reply", "apply", "holy", "assembly", "anomaly", "monopoly", "likely", "unlikely",
               "nearly", "fully", "jointly", "publicly", "reportedly", "allegedly"}
PLACE_OF = re.compile(
    r"\b(?:the|a)\s+(?:[a-z-]+\s+|[A-Z][a-z]+(?:ian|ese|ish|an|i)\s+){0,3}"
    r"(?:city|town|village|port|region|province|state|country|island|capital)\s+of\s+(?P<name>[A-Z][\w’'-]+)"
)
PRONOUN_SUBJECTS = {"it", "he", "she", "they", "we", "i", "you", "who", "that", "which"}
AUXILIARIES = {"is", "are", "was", "were", "has", "have", "had", "been", "being", "be"}
WIRE_CASE = {"inc": "Inc", "co": "Co", "cos": "Cos", "corp": "Corp", "ltd": "Ltd", "plc": "Plc", "fed": "Fed", "qtr": "qtr",
             "shr": "shr", "pct": "pct", "mln": "mln", "bln": "bln", "dlrs": "dlrs", "dlr": "dlr", "cts": "cts",
             "stg": "stg", "vs": "vs", "net": "net"}
CORPORATE = {"inc", "corp", "co", "cos", "ltd", "plc", "ag", "nv", "n.v", "sa", "s.a", "bancorp", "bancorporation",
             "corporation", "lp", "l.p", "llc"}
NAME_JOINERS = {"and", "of", "&", "de", "the", "for"}
CALENDAR = {"jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january", "february",
            "march", "april", "june", "july", "august", "september", "october", "november", "december", "monday",
            "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
NAME_GOES_ON = re.compile(r"[ -][A-Z]")
NAME_BEFORE = re.compile(r"[A-Z][\w.&'’]*[ -]$")
ABBREVIATION_END = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Co|Inc|Corp|Ltd|Gen|Sen|Rep|Gov|Prof))\.\s*$")
SENTENCE_END = re.compile(r"[.!?\"“]\s*$")
CODE = re.compile(r"[A-Z]{1,4}-?\d+[A-Z]?S?")
COMMON_SHORT = {"set", "say", "cut", "new", "oil", "buy", "pay", "bid", "hit", "win", "end", "low", "use", "top",
                "two", "six", "ten", "key", "tax", "add", "ask", "due", "get", "lag", "war", "aid", "gas", "car",
                "job", "law", "sea", "air", "sun", "out", "hot", "big", "old", "net", "rig", "ore", "tin", "man", "men",
                "way", "day", "age", "arm", "far", "pet", "row", "ban", "bar", "fee", "gap", "fed", "sue", "vie", "eye"}
APPOSITIVE = re.compile(r"^(?P<subject>[A-Z][^,;:“”\"]{1,50}), (?:who |which )?[^,;:“”\"]{3,90}, (?P<verb>said|says|told)\b")
REPORTED = re.compile(
    r"^(?P<subject>[A-Z][^,;:“”\"]{1,60}?) said (?:(?:on |late |early )?(?:today|yesterday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) )?(?:that )?(?P<rest>\S.+)$"
)
DANGLING_END = {
    "could", "would", "will", "may", "might", "can", "should", "must", "be", "been", "being", "has", "have", "had",
    "said", "says", "not", "which", "who", "than", "about", "around", "into", "over", "after", "before", "under",
    "between", "against", "during", "through", "toward", "towards", "but", "if", "because", "new", "all", "more",
    "this", "these", "those", "our", "your", "my", "some", "any", "no", "up", "a", "an", "the", "of", "to", "and",
    "or", "in", "on", "for", "with", "at", "by", "from", "its", "their", "his", "her", "that", "as", "is", "are",
    "was", "were",
}


def make_headline(sentences: list[str], analysis: Analysis, text: str) -> str:
    """Draw a short headline from the lead sentence: its main clause, trimmed."""
    lead = next((s for s in sentences if _prose(s)), None)
    if lead is None:
        lead = sentences[0] if sentences else text.strip()
    candidate = re.sub(r"^\(([^()]*)\)", r"\1", lead.strip())  # a subject in wire markup: "(Ivaco Inc) said"
    candidate = re.sub(r"\s*\([^()]*\)", "", candidate).strip()
    candidate = TICKER.sub(" ", candidate)
    candidate = " ".join(re.sub(r"<([^<>]+)>", r"\1", candidate).split())
    candidate = re.sub(r"\s+([,.;:])", r"\1", candidate)
    candidate = re.sub(r"^The (?=[A-Z])", "", candidate)
    candidate = APPOSITIVE.sub(r"\g<subject> \g<verb>", candidate)
    reported = REPORTED.match(candidate)
    if reported:
        candidate = f"{reported['subject']} says {reported['rest']}"
    candidate = re.sub(r",? (?:he|she|they|it|officials|[A-Z]\w+(?: [A-Z]\w+)?) (?:said|says|told \w+)\.?$", "", candidate)
    candidate = ATTEMPT.sub("to", candidate).rstrip(" .!?;:,")
    candidate = _tighten(candidate, HEADLINE_WORDS)
    words = candidate.split()
    if len(words) > HEADLINE_WORDS:
        cuts = [m.start() for m in CLAUSE_CUTS.finditer(candidate) if 5 <= len(candidate[: m.start()].split()) <= HEADLINE_MAX_WORDS]
        if cuts:
            candidate = candidate[: cuts[-1]]
        words = candidate.split()
    candidate = TRAILING_TIME.sub("", candidate) if len(candidate.split()) > 6 else candidate
    words = candidate.split()
    if len(words) > HEADLINE_MAX_WORDS:
        words = words[:HEADLINE_WORDS]
    while len(words) > 5 and words[-1].lower().strip(",.;:") in DANGLING_END:
        words.pop()
    headline = " ".join(words).strip(" ,;:-–—").strip("“”\"'‘’")
    return (headline[:1].upper() + headline[1:]) if headline else "Untitled briefing"


def _prose(sentence: str) -> bool:
    """A sentence a headline can come from: words, not a quotation, a table row or a fragment."""
    return (5 <= len(sentence.split()) <= 90 and not sentence.startswith(("“", '"', "‘", "'"))
            and bool(re.search(r"[a-z]", sentence)) and not _tabular(sentence))


def _tabular(sentence: str) -> bool:
    return sum(c.isdigit() for c in sentence) > sum(c.isalpha() for c in sentence) / 2


def _tighten(candidate: str, limit: int) -> str:
    """Headline style without a parser: drop -ly adverbs, then (while too long) auxiliaries and articles."""
    words = [w for w in candidate.split() if not (ADVERB.fullmatch(w) and w.lower() not in NOT_ADVERBS)]
    if len(words) > limit:
        kept = []
        for i, word in enumerate(words):
            following = words[i + 1] if i + 1 < len(words) else ""
            if (word.lower() in AUXILIARIES and re.fullmatch(r"[a-z]+(?:ing|ed)", following) and kept
                    and kept[-1].lower() not in PRONOUN_SUBJECTS):
                continue
            kept.append(word)
        words = kept
    if len(words) > limit - 3:
        words = PLACE_OF.sub(r"\g<name>", " ".join(words)).split()
    if len(words) > limit:
        words = [w for i, w in enumerate(words) if i == 0 or w.lower() not in ("the", "a", "an")]
    return " ".join(words)


def recase_title(title: str, body: str) -> str:
    """Keep a given headline, but re-case an ALL-CAPS wire headline for reading.

    Each word takes the casing the body gives it as a name (so names and
    acronyms such as ``OPEC``, ``U.S.`` or ``Bank of New England`` keep
    theirs); the words of a company name ending in ``Inc``, ``Corp``, ``Co``...
    are capitalised even when the body never spells them; months and days are
    capitalised; wire abbreviations stay as the wire writes them (``qtr``,
    ``net``, ``dlrs``); a word the body does not spell is capitalised when
    it is a place's own name and no dictionary word (``FLORIDA``); other
    words go to lower case, the first capitalised.
    """
    marked = TICKER.sub(" \x00 ", title).split()  # a ticker ends the name before it: ``ASHTON-TATE <TATE>``
    title = re.sub(r"<([^<>]+)>", r"\1", " ".join(w for w in marked if w != "\x00"))  # <SCHULT HOMES CORP>
    title = " ".join(title.split())
    letters = [ch for ch in title if ch.isalpha()]
    if not letters or sum(ch.isupper() for ch in letters) / len(letters) < 0.8:
        return title
    words = title.split()
    cores = [word.strip(",:;!?\"'()") for word in words]
    before_ticker = {len([w for w in marked[:i] if w != "\x00"]) - 1 for i, w in enumerate(marked) if w == "\x00"}
    evidence = _BodyCase(cores, body)
    in_name = _company_names(cores, evidence, before_ticker)
    out = []
    for index, (word, core) in enumerate(zip(words, cores)):
        if CODE.fullmatch(core):
            cased = re.sub(r"(?<=\d)S$", "s", core)  # a model or code: MD-11s, B-52
        elif core.lower() == "may" and _month_may(cores, index):
            cased = "May"
        else:
            cased = re.sub(r"[^/-]+", lambda part: evidence.case(part.group(0), index in in_name), core)
        if index == 0:
            cased = cased[:1].upper() + cased[1:]
        out.append(word.replace(core, cased, 1) if core else word)
    return " ".join(out)


def _month_may(cores: list[str], index: int) -> bool:
    """``MAY`` is the month before a day number or after ``in``/``since``/``until``, else the verb."""
    following = cores[index + 1] if index + 1 < len(cores) else ""
    preceding = cores[index - 1].lower() if index else ""
    return bool(re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?|\d{4}", following, re.I)) or preceding in {
        "in", "since", "until", "till", "from", "by", "early", "late", "mid", "for", "end", "before", "after"} and not following


def _company_names(cores: list[str], evidence: "_BodyCase", before_ticker: set[int]) -> set[int]:
    """Indexes of the words of company names: before a corporate suffix (``BROWN-FORMAN INC``) or a ticker."""
    named: set[int] = set()
    for k, core in enumerate(cores):
        if k in before_ticker and k < len(cores) and core.lower().rstrip(".") not in CORPORATE:
            k += 1  # the name ends with this word
        elif core.lower().rstrip(".") not in CORPORATE or k == 0:
            continue
        i = k - 1
        while i >= 0 and k - i <= 6 and not re.search(r"[\d/]", cores[i]) and evidence.may_name(cores[i]):
            i -= 1
        while i + 1 < k and cores[i + 1].lower() in NAME_JOINERS:
            i += 1
        named.update(range(i + 1, k))
    return named


class _BodyCase:
    """How the body writes the title's words: mid-sentence forms, and capitals that start a name."""

    def __init__(self, cores: list[str], body: str):
        self.forms: dict[str, Counter] = {}
        self.initial_names: dict[str, str] = {}
        self.in_names: set[str] = set()  # capitalised next to another capitalised word mid-sentence
        # Only the title's words are looked up below: the body's other words are skipped unexamined.
        wanted = {part.lower() for core in cores for part in re.split(r"[/-]", core) if part}
        body = re.sub(r"<([^<>]+)>", r"\1", body)
        for match in re.finditer(r"\b[\w.&'’]+", body):
            raw = match.group(0).lower()
            stripped = raw.strip(".'’")
            if raw not in wanted and stripped not in wanted and raw[:-2] not in wanted and stripped[:-2] not in wanted:
                continue
            word = match.group(0).strip(".'’") if not re.fullmatch(r"(?:[A-Za-z]\.){2,}", match.group(0)) else match.group(0)
            before = body[max(0, match.start() - 40):match.start()]
            after = body[match.end():match.end() + 2]
            initial = match.start() == 0 or (SENTENCE_END.search(before[-3:]) and not ABBREVIATION_END.search(before))
            if initial and not (len(word) > 1 and word.isupper()):
                # A capital at a sentence start says little, unless a name goes on (``Moody's Investors``).
                if word[:1].isupper() and word.lower() not in STOP_WORDS and re.match(r"\s+[A-Z]", after):
                    self.initial_names.setdefault(word.lower(), word)
                continue
            self.forms.setdefault(word.lower(), Counter())[word] += 1
            if word[:1].isupper() and word.lower() in STOP_WORDS and (NAME_GOES_ON.match(after) or NAME_BEFORE.search(before)):
                self.in_names.add(word.lower())
            if re.search(r"['’]s$", word) and len(word) > 3:
                self.forms.setdefault(word[:-2].lower(), Counter())[word[:-2]] += 1

    def may_name(self, core: str) -> bool:
        """Whether a word can be part of a name: a joiner (``of``), or not a function word nor only lower-case in the body."""
        lower = core.lower()
        if lower in NAME_JOINERS or lower in self.in_names:
            return True
        known = self.forms.get(lower)
        return lower not in STOP_WORDS and not (known and all(form.islower() for form in known))

    def case(self, part: str, in_name: bool) -> str:
        if part.endswith(".") and len(part) > 1 and not re.fullmatch(r"(?:[A-Z]\.){2,}", part):
            return self.case(part[:-1], in_name) + "."  # ``C. ITOH``, ``DR. SCHOLL'S``: the body drops the dot
        lower = part.lower()
        known = self.forms.get(lower)
        capitalised = [form for form, _ in known.most_common() if form[:1].isupper()] if known else []
        if lower in WIRE_CASE:
            return WIRE_CASE[lower]
        if re.fullmatch(r"(?:[A-Z]\.){2,}", part):
            return part
        if in_name and lower not in NAME_JOINERS:
            return capitalised[0] if capitalised else part[:1].upper() + part[1:].lower()
        if known:
            form = known.most_common(1)[0][0]
            if form[:1].isupper() and lower in STOP_WORDS and lower not in self.in_names:
                return lower  # ``The``, ``May`` or ``One`` capitalised only where a sentence starts
            return capitalised[0] if form[:1].isupper() and capitalised else form
        if lower in self.initial_names:
            return self.initial_names[lower]
        if lower in CALENDAR:
            return lower.capitalize()
        if place_strength(lower.capitalize()) == 2:
            return lower.capitalize()  # a place's own name that is no dictionary word: ``Florida``, ``Africa``
        if len(part) <= 3 and part.isalpha() and part.isupper() and lower not in STOP_WORDS and lower not in COMMON_SHORT:
            return part  # an acronym the body does not spell out (EC, ICI, CBT)
        return lower
