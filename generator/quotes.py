"""Direct quotations and who said them, from the text and spaCy's mentions alone.

News attributes a quotation in a few fixed shapes, and these cover most of it
without a parser: ``“...,” Name said``, ``“...,” said Name``, ``Name said:
“...”``, ``Name said the city was “...”`` and ``“...,” he said`` (which means
the last named speaker). The speaker is the PERSON (or ORG) mention inside
the attribution; when there is none, the attribution itself is kept as a
description (``The leader of Russia's Wagner mercenary group``).
"""

from __future__ import annotations

import re

from .models import Mention, Quote

SPEECH = (r"(?:said|says|say|told(?:\s+[\w’'.-]+){0,3}|tells|added|adds|stated|wrote|writes|warned|insisted|argued|"
          r"explained|continued|recalled|noted|declared|claimed|tweeted|posted|replied|answered|"
          r"acknowledged|admitted|conceded|cautioned)")
QUOTED = re.compile(r"“([^“”\n]+)”|(?<![\w])\"([^\"\n]+)\"")
AFTER = re.compile(rf"^[\s,]*(?P<who>[^“”\".;!?]{{1,140}}?)\s+{SPEECH}\b")
AFTER_INVERTED = re.compile(rf"^[\s,]*{SPEECH}\s+(?P<who>[^“”\".;:!?]{{1,140}}?)(?=[.;:]|$)")
ACCORDING = re.compile(r"^[^“”\"]{0,80}?\baccording to (?P<who>[^“”\".;:!?]{1,120}?)(?=[.,;:]|$)")
BEFORE = re.compile(rf"(?P<who>[^“”\".;!?]{{2,200}}?)\s+{SPEECH}\b(?P<rest>[^“”\"]*)$")
PRONOUNS = {"he", "she", "they", "we", "i", "it"}
LEADING = re.compile(r"^(?:(?:and|but|so|yet|also|then|while|as|however|in (?:a|an|the) [\w ]+?),?\s+)+", re.I)
NOT_DESCRIPTION = re.compile(r"^(?:and|or|but|who|which|that|said|says|told|in|on|at|to|for|with|by|from|as|speaking|"
                             r"addressing|writing|following|after|during|late|early)\b", re.I)
NAME_ONLY = re.compile(r"^(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,2})$")
HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame)\.?\s+")
SPEAKER_LABELS = ("PERSON", "ORG")
MIN_WORDS = 2
COMMON_CAPITALISED = {"The", "A", "An", "It", "He", "She", "They", "We", "I", "This", "That", "One", "Officials",
                      "Analysts", "Sources", "Dealers", "Traders", "Police", "Reuters", "Asked", "But", "And"}
MAX_DESCRIPTION_WORDS = 14


def find_quotes(text: str, sentences: list[tuple[int, int]], mentions: list[Mention]) -> list[Quote]:
    """Every attributed direct quotation in ``text``, in order.

    Args:
        text: the cleaned body.
        sentences: sentence spans in ``text`` (spaCy's, quotes rejoined).
        mentions: entity mentions in ``text``.
    """
    persons = [m for m in mentions if m.label == "PERSON"]
    found: list[Quote] = []
    last_named: str | None = None
    last_any: Quote | None = None
    last_paragraph_speaker: tuple[int, Quote] | None = None
    for paragraph_no, (paragraph_start, paragraph) in enumerate(_paragraphs(text)):
        for match in QUOTED.finditer(paragraph):
            quote = (match.group(1) or match.group(2)).strip().rstrip(",")
            if len(quote.split()) < MIN_WORDS or not re.search(r"[^\W\d_]", quote):
                continue
            start = paragraph_start + match.start()
            end = paragraph_start + match.end()
            sentence_start, sentence_end = _sentence_around(sentences, start, end, paragraph_start, paragraph_start + len(paragraph))
            before = text[sentence_start:start]
            after = text[end:paragraph_start + len(paragraph)]
            who, who_start = _attribution(before, after, sentence_start, end)
            speaker, description = None, None
            if who is not None:
                speaker, description = _speaker(who, who_start, mentions, persons, text)
                if speaker is None and description and description.lower() in PRONOUNS:
                    person = description.lower() in ("he", "she")
                    speaker, description = (last_named, None) if person else (last_any.speaker, last_any.description) if last_any else (None, None)
                    if speaker is None and description is None:
                        continue
            elif not before.strip() and len(quote.split()) >= 4 and last_paragraph_speaker:
                # A whole-sentence quotation right after another, unattributed: the same voice goes on.
                previous = last_paragraph_speaker[1]
                if paragraph_no - last_paragraph_speaker[0] > 1:
                    continue
                speaker, description = previous.speaker, previous.description
            else:
                continue
            if speaker is None and description is None:
                continue
            item = Quote(text=quote, speaker=speaker, description=description, start=start)
            found.append(item)
            last_paragraph_speaker = (paragraph_no, item)
            last_any = item
            if speaker and _is_person(speaker, persons):
                last_named = speaker
    return _merge_adjacent(found)


def _paragraphs(text: str):
    for match in re.finditer(r"[^\n]+", text):
        yield match.start(), match.group(0)


def _sentence_around(sentences, start, end, paragraph_start, paragraph_end) -> tuple[int, int]:
    """The span of the sentences covering ``start..end``, kept inside its paragraph."""
    left, right = start, end
    for s, e in sentences:
        if s <= start < e or s < end <= e:
            left, right = min(left, s), max(right, e)
    return max(left, paragraph_start), min(right, paragraph_end)


def _attribution(before: str, after: str, sentence_start: int, quote_end: int) -> tuple[str | None, int]:
    """The words naming who speaks, and where they start in the text."""
    match = AFTER.match(after)
    if match and len(match["who"].split()) <= 12 and not re.search(r"\b(?:that|which)\b", match["who"]):
        return match["who"].strip(" ,"), quote_end + match.start("who")
    match = AFTER_INVERTED.match(after)
    if match:
        return match["who"].strip(" ,"), quote_end + match.start("who")
    match = BEFORE.search(before)
    if match:
        who = match["who"]
        offset = match.start("who")
        lead = LEADING.match(who)
        if lead:
            offset += lead.end()
            who = who[lead.end():]
        return who.strip(" ,"), sentence_start + offset
    match = ACCORDING.match(after)
    if match:
        return match["who"].strip(" ,"), quote_end + match.start("who")
    return None, 0


def _speaker(who: str, who_start: int, mentions: list[Mention], persons: list[Mention], text: str) -> tuple[str | None, str | None]:
    """Split an attribution into a name (a PERSON/ORG mention inside it) and a short description."""
    cut = re.search(r",\s*(?:who|which)\b", who)
    if cut:
        who = who[: cut.start()]
    if re.match(r"^(?:in|on|at|for|to|with)\b", who) and "," in who:
        comma = who.rindex(",") + 1
        who_start += comma + len(who[comma:]) - len(who[comma:].lstrip())
        who = who[comma:].strip()
    who_end = who_start + len(who)
    inside = [m for m in mentions if m.label in SPEAKER_LABELS and who_start <= m.start and m.end <= who_end]
    people = [m for m in inside if m.label == "PERSON" and m.text[:1].isupper() and len(m.text) > 2]
    if people:
        chosen = people[-1]
    elif inside and _is_whole(who, inside[-1]):
        chosen = inside[-1]
    else:
        for segment in reversed([part.strip() for part in who.split(",")]):
            alone = NAME_ONLY.match(segment)
            if alone and alone["name"].split()[0] not in COMMON_CAPITALISED:
                return _full_name(alone["name"], persons), None
        return None, _describe(who)
    name = HONORIFIC.sub("", chosen.text).strip()
    if " " not in name:
        name = _full_name(name, persons)
    prefix = text[who_start:chosen.start].strip(" ,")
    prefix = HONORIFIC.sub("", prefix) if prefix in ("Mr", "Mrs", "Ms", "Dr") else prefix
    suffix = text[chosen.end:who_end].strip(" ,")
    description = None
    if suffix and text[chosen.end:chosen.end + 1] == "," and not NOT_DESCRIPTION.match(suffix):
        description = suffix.split(",")[0].strip()
    elif prefix and prefix not in ("Mr", "Mrs", "Ms", "Dr", "Mr.", "Mrs.", "Ms.", "Dr."):
        description = prefix
    if description:
        description = _describe(description)
    if description and (description.lower() in ("the", "a", "an") or NOT_DESCRIPTION.match(description) or description.split()[-1].lower() in ("by", "of", "to", "from", "for", "with")):
        description = None
    return name, description


def _is_whole(who: str, mention: Mention) -> bool:
    """An ORG speaks only when it is the whole attribution (``the Kremlin said``)."""
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


def _is_person(name: str, persons: list[Mention]) -> bool:
    return any(m.text == name or m.text.endswith(" " + name) for m in persons)


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
