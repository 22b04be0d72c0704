"""Direct quotations and who said them, from the text and spaCy's mentions alone.

News attributes a quotation in a few fixed shapes, and these cover most of it
without a parser: ``“...,” Name said``, ``“...,” said Name``, ``“...,” says
Name`` (present tense too), ``Name said: “...”``, ``Name said the city was
“...”``, ``X quoted Name as saying “...”`` and ``“...,” he said``. The speaker
is the subject of the reporting clause: its first name, past any opening
phrase (``In one of the most direct criticisms, board chairman John Tower, a
longtime Reagan supporter, told...`` is Tower's), never a name inside the
quotation. ``he said`` goes to the latest voice of its kind (``voices.py``).
When the text names nobody, the attribution is kept as a description
(``one Republican political strategist``) or the speaker left unknown.
Quoted titles and scare quotes (``the film "Ray"``, ``to avoid "chaos"``)
are not quotations.
"""

from __future__ import annotations

import bisect
import re

from .models import Kind, Mention, Quote
from .stop_words import STOP_WORDS
from .voices import PERSON_ROLE, THING, Voice, Voices, kind_of, opening_voice, voice_like

_VERBS = ("say", "tell", "add", "state", "write", "warn", "insist", "argue", "explain", "continue", "recall", "note",
          "declare", "claim", "tweet", "post", "reply", "answer", "acknowledge", "admit", "concede", "caution", "ask",
          "observe", "suggest", "predict", "announce", "remark", "comment", "agree", "complain", "joke", "exclaim",
          "muse", "recount", "emphasise", "emphasize", "stress", "urge", "counter", "boast", "quip", "shout", "whisper",
          "testify", "report", "confirm", "estimate", "add", "conclude", "concur", "reply", "respond", "scoff",
          "believe", "think")
_FORMS = {"say": "said|says|say", "tell": r"told(?:\s+[\w’'.-]+){0,3}|tells", "write": "wrote|writes",
          "reply": "replied|replies", "testify": "testified|testifies", "quip": "quipped|quips", "admit": "admitted|admits",
          "stress": "stressed|stresses", "concur": "concurred|concurs",
          "think": "thinks|thought"}
SPEECH = "(?:" + "|".join(
    _FORMS.get(v) or (f"{v}d|{v}s" if v.endswith("e") else f"{v}ed|{v}s") for v in dict.fromkeys(_VERBS)) + ")"
WHO_CHAR = r"(?:[^“”\".;!?]|(?<=\b[A-Z])\.|(?<=\bM[rs])\.|(?<=\bMrs)\.|(?<=\bDr)\.|(?<=\bSt)\.|(?<=\bJr)\.)"
SPEECH_WORD = re.compile(rf"\b{SPEECH}\b")
SPEECH_OR_SAYING = re.compile(rf"\b(?:{SPEECH}|saying|adding)\b")
SINGLE_QUOTED = re.compile(r"(?<![\w])‘((?:[^‘’\n]|’(?=\w))+)’(?!\w)")
QUOTED_SPAN = re.compile(r"“[^“”]*”|\"[^\"]*\"")
CLAUSE_BREAK = re.compile(r"[;:]|[.!?]\s+(?=[A-Z])")
QUOTED = re.compile(r"“([^“”\n]+)”|(?<![\w])\"([^\"\n]+)\"")
UNCLOSED = re.compile(r"(?:^|(?<=[\s,:]))[“\"](?P<text>[^“”\"\n]{20,})$")
AFTER = re.compile(rf"^[\s,]*(?![\s,]|{SPEECH}\b)(?P<who>{WHO_CHAR}{{1,140}}?)\s+{SPEECH}\b")
AFTER_INVERTED = re.compile(rf"^[\s,]*{SPEECH}\s+(?P<who>{WHO_CHAR}{{1,140}}?)(?=[.;:!?](?<!\b[A-Z]\.)(?<!\bM[rs]\.)|\.(?!\s+[A-Z][a-z])|,\s*[“\"]|,\s+(?:who|which|whose|adding|saying)\b|$)")
AFTER_QUOTED = re.compile(rf"^[\s,]*(?:{WHO_CHAR}{{1,80}}?\s+)?quoted\s+(?P<who>{WHO_CHAR}{{1,80}}?)\s+as\s+saying")
AFTER_CLOSING = re.compile(rf"^[^“”\"]{{0,160}}?,\s+(?P<who>he|she|it|they|[A-Z][\w'’. -]{{0,60}}?)\s+{SPEECH}\b[^“”\"]{{0,200}}$")
ACCORDING = re.compile(rf"^[^“”\"]{{0,80}}?\baccording to (?P<who>{WHO_CHAR}{{1,120}}?)(?=[.,;:]|$)")
ACCORDING_BEFORE = re.compile(rf"\b[Aa]ccording to (?P<who>{WHO_CHAR}{{1,120}}?)[,:]?\s*$")
SHORT_QUOTE = r"[“\"][^“”\"]{1,40}[”\"]"
BEFORE_QUOTED = re.compile(rf"(?:(?P<subject>{WHO_CHAR}{{2,120}}?)\s+(?:was|were)\s+quoted\b|\bquoted\s+(?P<object>{WHO_CHAR}{{2,100}}?)"
                           rf"\s+as\s+saying)[^“”\"]*$")
PRONOUNS = {"he", "she", "they", "we", "i", "it"}
ADVERBS = re.compile(r"\s+(?:also|still|now|later|then|again|further|earlier|previously|repeatedly|simply|once|quickly|has|had|"
                     r"have|would|will)$")
LEADING = re.compile(r"^(?:(?:and|but|so|yet|also|then|while|as|however),?\s+)+", re.I)
NOT_BEFORE_VERB = re.compile(r"\b(?:in|on|at|of|for|with|the|a|an|his|her|their|its|our|my|your|by|from|to|and|or|"
                             r"these|those|such|this|that|recent|public|press|news|earlier|further|many|some|no|would|"
                             r"will|could|should|might|may|can|cannot|not|did|does|do|must|shall)\s*$", re.I)
OPENING_PHRASE = re.compile(
    r"^(?:in|at|on|without|with|asked|speaking|referring|commenting|calling|turning|after|before|while|when|although|"
    r"though|because|since|during|under|according|in|for|from|despite|following|reaffirming|concerning|reacting|"
    r"responding|addressing|writing|noting|if|as|but|and|however|meanwhile|yet|so)\b", re.I)
NOT_DESCRIPTION = re.compile(r"^(?:and|or|but|who|which|that|said|says|told|in|on|at|to|for|with|by|from|as|speaking|"
                             r"addressing|writing|following|after|during|late|early)\b", re.I)
NOT_SUBJECT_PREFIX = re.compile(r"\b(?:when|while|about|after|before|asked|that|which|who|to|with|by|on|as|if|"
                                r"because|than|said|says|told)\b")
NAME_ONLY = re.compile(r"^(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})$")
NAME_AFFILIATION = re.compile(r"^(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,2})\s+(?:of|at|from|with)\s+[A-Z]")
HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame)\.?\s+")
MIN_WORDS = 2
SHORT_WORDS = 3  # a quoted phrase this short is a quotation only inside a reporting clause
COMMON_CAPITALISED = {"The", "A", "An", "It", "He", "She", "They", "We", "I", "This", "That", "One", "Officials",
                      "Analysts", "Sources", "Dealers", "Traders", "Police", "Reuters", "Asked", "But", "And"}
MAX_DESCRIPTION_WORDS = 14
MAX_AFTER = 240  # characters after a quotation where its attribution can be
MAX_UNNAMED_WORDS = 10  # a description of someone unnamed longer than this is a clause that was misread


def find_quotes(text: str, sentences: list[tuple[int, int]], mentions: list[Mention]) -> list[Quote]:
    """Every direct quotation in ``text``, in order, with its speaker when the text gives one.

    Args:
        text: the cleaned body.
        sentences: sentence spans in ``text`` (spaCy's, quotes rejoined).
        mentions: entity mentions in ``text``.
    """
    if "“" not in text and '"' not in text:
        if "‘" not in text:
            return []
        # British style quotes with single marks: read as double ones (same length, so every offset holds).
        text = SINGLE_QUOTED.sub(lambda m: f"“{m.group(1)}”", text)
    reader = _Reader(text, sentences, sorted(mentions, key=lambda m: m.start))
    found: list[Quote] = []
    previous: tuple[int, int, Voice] | None = None  # paragraph, end and voice of the last quotation
    for paragraph_no, (paragraph_start, paragraph) in enumerate(_paragraphs(text)):
        for start, end, quote in _quoted(paragraph, paragraph_start):
            voice = reader.attribute(start, end, quote, paragraph_start, paragraph_start + len(paragraph))
            if voice is None and previous and paragraph_no - previous[0] <= 1 and _continues(text[previous[1]:start]):
                voice = previous[2]  # the same voice goes on: ``“...,” said Tower. “...”``
            opens = text[paragraph_start:start].rstrip()
            if voice is None and len(quote.split()) >= 4 and (not opens or opens.endswith((".", "!", "?"))):
                # A quotation standing as its own sentence goes on with the last voice, if it spoke just before.
                since = paragraph_start if opens else text.rfind("\n", 0, max(0, paragraph_start - 2))
                last = reader.voices.last(start, since)
                voice = last if last and last.kind == "person" else None
            if voice is None or voice.speaker is None and voice.description is None:
                continue  # nobody to credit (``we said``, ``he said`` with no one before): not shown as anyone's
            found.append(Quote(text=quote, speaker=voice.speaker, description=voice.description, start=start))
            if voice.speaker or voice.description:
                reader.heard(start, voice)
            previous = (paragraph_no, end, voice)
    return _merge_adjacent(found)


def _paragraphs(text: str):
    for match in re.finditer(r"[^\n]+", text):
        yield match.start(), match.group(0)


def _quoted(paragraph: str, offset: int):
    """(start, end, words) of each quotation in a paragraph, with one left open at its end (continued below)."""
    last = 0
    for match in QUOTED.finditer(paragraph):
        quote = (match.group(1) or match.group(2)).strip().rstrip(",")
        last = match.end()
        if len(quote.split()) >= MIN_WORDS and re.search(r"[^\W\d_]", quote):
            yield offset + match.start(), offset + match.end(), quote
    unclosed = UNCLOSED.search(paragraph, last)
    if unclosed:
        yield offset + unclosed.start(), offset + len(paragraph), unclosed["text"].strip().rstrip(",")


def _continues(between: str) -> bool:
    """Whether the text between two quotations is only the first one's attribution (or nothing)."""
    between = between.strip(" ,.:;”\"")
    return not between or (len(between.split()) <= 12 and SPEECH_OR_SAYING.search(between) is not None
                            and not re.search(r"[.!?]\s+[A-Z]", between))


class _Reader:
    """One article's attributions: sentences, mentions and the voices met so far."""

    def __init__(self, text: str, sentences: list[tuple[int, int]], mentions: list[Mention]):
        self.text = text
        self.sentences = sentences
        self.mentions = mentions
        self.persons = [m for m in mentions if m.label == Kind.PERSON]
        surnames = {m.text.split()[-1] for m in self.persons}
        # A name spaCy also reads as a person somewhere (``Loewy`` beside ``Richard Loewy``) is one.
        self.labels = {m.text: m.label for m in mentions if m.text not in surnames and m.label != Kind.PERSON}
        self._voices: Voices | None = None
        self._heard: list[tuple[int, Voice]] = []  # quotations' voices, kept until the sentences are read

    @property
    def voices(self) -> Voices:
        """Every voice of the article, read from its sentences only when a pronoun or a bare quotation needs one."""
        if self._voices is None:
            self._voices = Voices()
            for s, e in self.sentences:
                self._read_sentence(s, e)
            for position, voice in self._heard:
                self._voices.add(position, voice)
        return self._voices

    def heard(self, position: int, voice: Voice) -> None:
        """Remember a quotation's voice, for the pronouns after it."""
        if self._voices is None:
            self._heard.append((position, voice))
        else:
            self._voices.add(position, voice)

    def _read_sentence(self, s: int, e: int) -> None:
        """Voices a sentence introduces: the subject of a reporting verb outside quotes, or its opening name or role."""
        masked = QUOTED_SPAN.sub(lambda m: " " * len(m.group(0)), self.text[s:e])
        added = False
        for verb in SPEECH_WORD.finditer(masked):
            clause = CLAUSE_BREAK.split(masked[:verb.start()])[-1]
            who = clause.strip(" ,")
            if not who or len(who.split()) > 60 or NOT_BEFORE_VERB.search(who):
                continue
            who_start = s + verb.start() - len(clause) + (len(clause) - len(clause.lstrip(" ,")))
            voice = self.voice(who, who_start)
            if voice and (voice.speaker or voice.description and voice_like(voice.description)):
                self._voices.add(s + verb.start(), voice)
                added = True
        if not added:
            opening = opening_voice(masked, s, self.mentions)
            if opening:
                self._voices.add(*opening)

    def attribute(self, start: int, end: int, quote: str, paragraph_start: int, paragraph_end: int) -> Voice | None:
        """The voice a quotation's own attribution gives, pronouns resolved; None when it has none."""
        sentence_start, sentence_end = _sentence_around(self.sentences, start, end, paragraph_start, paragraph_end)
        before = self.text[sentence_start:start]
        after = self.text[end:paragraph_end]
        who, who_start, kind = _attribution(before, after, sentence_start, end, self.text[end:max(end, sentence_end)])
        short = len(quote.split()) <= SHORT_WORDS
        uttered = kind in ("after", "inverted") and self.text[end - 2:end - 1] in (",", ".", "!", "?")
        if short and not uttered and (kind != "before" or _title_like(quote)):
            return None  # a title or a scare quote, not a quotation
        if who is None:
            return None
        voice = self.voice(who, who_start, kind != "inverted")
        if voice is None:
            return None
        if voice.kind == "pronoun":
            if short:
                return None
            found = self.voices.before(start, voice.description or "")
            return found or Voice(None, None, "unknown")
        if short and voice.speaker is None and voice.description is None:
            return None
        return voice

    def voice(self, who: str, who_start: int, verb_follows: bool = True) -> Voice | None:
        """Read an attribution: a name (a person or organisation mention in its subject), a description, or a pronoun."""
        who, who_start = _subject(who, who_start, verb_follows)
        lead = LEADING.match(who)
        if lead:
            who, who_start = who[lead.end():], who_start + lead.end()
        who = ADVERBS.sub("", who).strip(" ,")
        if not who:
            return None
        if who.lower() in PRONOUNS:
            return Voice(None, who.lower(), "pronoun")
        speaker, description = _speaker(who, who_start, self.mentions, self.persons, self.text)
        if speaker is None and description and (len(description.split()) > MAX_UNNAMED_WORDS or re.search(r"[“”\"]", description)):
            description = None  # a clause, not a description of someone
        if speaker is None and description is None:
            return Voice(None, None, "unknown")
        return Voice(speaker, description, kind_of(speaker, description, self.labels))


def _sentence_around(sentences, start, end, paragraph_start, paragraph_end) -> tuple[int, int]:
    """The span of the sentences covering ``start..end``, kept inside its paragraph."""
    left, right = start, end
    for s, e in sentences:
        if s <= start < e or s < end <= e:
            left, right = min(left, s), max(right, e)
    return max(left, paragraph_start), min(right, paragraph_end)


def _attribution(before: str, after: str, sentence_start: int, quote_end: int, rest: str) -> tuple[str | None, int, str]:
    """The words naming who speaks, where they start in the text, and where they stand (after or before)."""
    after = after[:MAX_AFTER]
    # Each pattern below tries every reporting verb at every position: only worth it when one is near.
    speech_near = SPEECH_OR_SAYING.search(after) is not None or "quoted" in after
    for pattern in (AFTER_QUOTED, AFTER, AFTER_INVERTED) if speech_near else ():
        match = pattern.match(after)
        if match and (pattern is not AFTER or len(match["who"].split()) <= 12 and not NOT_DESCRIPTION.match(match["who"])) \
                and not re.search(r"\b(?:that|which)\b", match["who"]):
            return match["who"].strip(" ,"), quote_end + match.start("who"), "inverted" if pattern is AFTER_INVERTED else "after"
    match = BEFORE_QUOTED.search(before) if "quoted" in before else None
    if match:
        group = "object" if match["object"] else "subject"
        return match[group].strip(" ,"), sentence_start + match.start(group), "before"
    match = ACCORDING_BEFORE.search(before) if "ccording to" in before else None
    if match:
        return match["who"].strip(" ,"), sentence_start + match.start("who"), "before"
    who = _before_verb(before)
    if who is not None:
        return who[0].strip(" ,"), sentence_start + who[1], "before"
    for pattern in (ACCORDING, AFTER_CLOSING):
        match = pattern.match(after if pattern is ACCORDING else rest)
        if match:
            return match["who"].strip(" ,"), quote_end + match.start("who"), "after"
    return None, 0, ""


def _before_verb(before: str) -> tuple[str, int] | None:
    """The words before the first reporting verb that introduces what follows (``Roderick said, “...``), and their offset.

    A present-tense verb is also a plural noun (``In remarks prepared...``), so a
    verb right after a preposition or a determiner is passed over.
    """
    tail = re.sub(SHORT_QUOTE, lambda m: " " * len(m.group(0)), before)  # short quoted phrases do not end a clause
    start = max(tail.rfind("“"), tail.rfind("”"), tail.rfind('"')) + 1
    for verb in SPEECH_OR_SAYING.finditer(tail[start:]):
        who = tail[start:start + verb.start()]
        if len(who.strip(" ,")) < 2 or NOT_BEFORE_VERB.search(who) or re.search(r"[.!?]\s*$", who):
            continue
        lead = LEADING.match(who.lstrip())
        skip = len(who) - len(who.lstrip()) + (lead.end() if lead else 0)
        return before[start + skip:start + verb.start()], start + skip
    return None


def _title_like(quote: str) -> bool:
    words = [w for w in quote.split() if w[:1].isalpha()]
    return bool(words) and all(w[:1].isupper() for w in words) and not quote.rstrip().endswith((".", "!", "?", ","))


def _subject(who: str, who_start: int, verb_follows: bool = True) -> tuple[str, int]:
    """The subject part of an attribution: past an opening phrase (``In one of the criticisms,``) and any ``, who ...``."""
    cut = re.search(r",\s*(?:who|which)\b", who)
    if cut:
        who = who[: cut.start()]
    parts = [(m.start(), m.group(0)) for m in re.finditer(r"(?:[^,]|,(?=\d{3}\b))+", who)]
    if len(parts) > 1:
        index = len(parts) - 1
        last = parts[index][1].strip()
        before_last = len(who[:parts[index][0]].split())
        role = re.match(r"(?:a|an|the|one|another)\b", last, re.I) is not None and PERSON_ROLE.search(last) is not None
        trailing = verb_follows and len(last.split()) <= 8 and (before_last > 8 or role and before_last >= 3) \
            and not OPENING_PHRASE.match(last)
        if trailing and last[:1].islower() and index >= 2 and len(parts[index - 1][1].split()) <= 4 \
                and parts[index - 1][1].strip()[:1].isupper():
            index -= 1  # ``..., James Fry, vice-president of GM told``: the name before its title
        if ADVERBS.sub("", last).lower() in PRONOUNS or trailing:
            # ``..., he`` or a clause then its speaker (``Wright proposed a tax ..., the aide said``)
            rest = who[parts[index][0]:]
            return rest.strip(" ,"), who_start + parts[index][0] + len(rest) - len(rest.lstrip(" ,"))
        for index, (offset, part) in enumerate(parts[:-1]):
            if not OPENING_PHRASE.match(part.strip()):
                break
            rest = who[parts[index + 1][0]:]
            stripped = rest.lstrip()
            who, who_start = stripped, who_start + parts[index + 1][0] + len(rest) - len(stripped)
    return who.strip(" ,"), who_start


def _speaker(who: str, who_start: int, mentions: list[Mention], persons: list[Mention], text: str) -> tuple[str | None, str | None]:
    """Split an attribution into a name (the first person or organisation mention heading it) and a short description."""
    who_end = who_start + len(who)
    first_comma = who.find(",")
    head_end = who_start + first_comma if first_comma > 0 else who_end
    first = bisect.bisect_left(mentions, who_start, key=lambda m: m.start)
    inside = [m for m in mentions[first:bisect.bisect_right(mentions, head_end, key=lambda m: m.start)]
              if m.label in (Kind.PERSON, Kind.ORGANISATION) and m.end <= head_end
              and not NOT_SUBJECT_PREFIX.search(text[who_start:m.start])
              and not re.match(r"['’]s\b", text[m.end:m.end + 2])]
    people = [m for m in inside if m.label == Kind.PERSON and m.text[:1].isupper() and len(m.text) > 2]
    if people:
        chosen = people[-1]  # ``Carroll McEntee and McGinley analyst Brian Singer``: the name next to the verb
    elif inside and _is_whole(text[who_start:head_end], inside[0]):
        chosen = inside[0]
    else:
        places = {m.text for m in mentions[first:] if m.start < who_end and m.label not in (Kind.PERSON, Kind.ORGANISATION)}
        affiliated = NAME_AFFILIATION.match(who)
        if affiliated and not any(PERSON_ROLE.search(w) or THING.search(w) for w in affiliated["name"].split()):
            return affiliated["name"], who[affiliated.end("name"):].strip(" ,")  # ``Thom Brown of Butcher and Singer``
        for segment in [part.strip() for part in who.split(",")]:
            alone = NAME_ONLY.match(segment)
            if alone and alone["name"].split()[0] not in COMMON_CAPITALISED and alone["name"].lower() not in STOP_WORDS \
                    and (alone["name"] not in places or _full_name(alone["name"], persons) != alone["name"]):
                # ``Morocco, buoyed by ...,`` is not a speaker
                return _full_name(alone["name"], persons), None
        return None, _describe(who)
    return _name(chosen.text, persons), _description(text, who_start, who_end, chosen)


def _name(surface: str, persons: list[Mention]) -> str:
    name = HONORIFIC.sub("", surface).strip()
    return _full_name(name, persons) if " " not in name else name


def _description(text: str, who_start: int, who_end: int, chosen: Mention) -> str | None:
    """The words around the name that say who the speaker is (``board chairman``, ``a trader at Acme``)."""
    prefix = HONORIFIC.sub("", text[who_start:chosen.start].strip(" ,") + " ").strip()
    suffix = text[chosen.end:who_end].strip(" ,")
    description = None
    if suffix and text[chosen.end:chosen.end + 1] == "," and not NOT_DESCRIPTION.match(suffix):
        description = suffix.split(",")[0].strip()
    elif prefix and prefix not in ("Mr", "Mrs", "Ms", "Dr", "Mr.", "Mrs.", "Ms.", "Dr."):
        description = prefix
    if description and re.fullmatch(r"[\d\s]+", description):
        description = None  # an age: ``Smith, 54, said``
    if description:
        description = _describe(description)
    if description and (description.lower() in ("the", "a", "an") or NOT_DESCRIPTION.match(description)
                        or description.split()[-1].lower() in ("by", "of", "to", "from", "for", "with")):
        description = None
    return description


def _is_whole(who: str, mention: Mention) -> bool:
    """An organisation speaks only when it is the whole attribution (``the Kremlin said``)."""
    rest = who.replace(mention.text, "").strip(" ,").lower()
    return rest in ("", "the", "a", "an")


def _describe(who: str) -> str | None:
    words = who.split()
    if not words:
        return None
    if len(words) > MAX_DESCRIPTION_WORDS:
        cut = who.split(",")[0].split()
        words = cut[:MAX_DESCRIPTION_WORDS]
    description = " ".join(words).strip(" ,;:-–—")
    return description or None


def _full_name(surname: str, persons: list[Mention]) -> str:
    """``Zelensky`` -> ``Volodymyr Zelensky`` when the article names him in full."""
    for mention in persons:
        parts = mention.text.split()
        if len(parts) > 1 and parts[-1] == surname:
            return mention.text
    return surname


def _merge_adjacent(quotes: list[Quote]) -> list[Quote]:
    """Keep order; drop exact repeats of the same words by the same speaker."""
    seen: set[tuple[str | None, str]] = set()
    out = []
    for quote in quotes:
        key = (quote.speaker, quote.text)
        if key in seen:
            continue
        seen.add(key)
        out.append(quote)
    return out


def speaker_key(speaker: str | None, refs: list, entities: dict) -> str | None:
    """The canonical entity a quote's speaker names, from the briefing's resolved entities.

    Args:
        speaker: the speaker's name as written (``Samuel Ramani``), or None.
        refs: the briefing's ``BriefingEntity`` records.
        entities: canonical entities by key.
    """
    if not speaker:
        return None
    for ref in refs:
        if entities[ref.key].name == speaker or any(m.text == speaker for m in ref.mentions):
            return ref.key
    surname = speaker.split()[-1]
    for ref in refs:
        if entities[ref.key].type == "person" and entities[ref.key].name.split()[-1] == surname:
            return ref.key
    return None
