"""Who is speaking at each point of an article: the antecedents of ``he said`` and ``it said``.

Without a parser, the subject of a sentence is read from its shape: the
name or description before a reporting verb (``Julius Maldutis of Salomon
Brothers said``), or a person or a role (``A spokesman for Airbus``) that
opens the sentence. A pronoun in an attribution then goes to the latest
such voice of its kind (``he`` to a person or a role such as "the official",
``it`` to an organisation or a thing such as "the report"), not to whichever
name came last.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .models import Kind, Mention

PERSON_ROLE = re.compile(
    r"\b(?:spokes\w*|officials?|analysts?|sources?|traders?|dealers?|ministers?|president|chair\w*|directors?|"
    r"secretary|economists?|bankers?|executives?|strategists?|specialists?|seam[ae]n|soldiers?|m[ae]n|wom[ae]n|"
    r"officers?|leaders?|experts?|managers?|lawyers?|diplomats?|aides?|negotiators?|members?|delegates?|"
    r"commissioners?|governors?|senators?|representatives?|head|chief|arbitrag\w*|brokers?|farmers?|workers?|"
    r"residents?|observers?|consultants?|witness(?:es)?|doctors?|professors?|researchers?|investors?|engineers?|"
    r"Republicans?|Democrats?|vlogger|serviceman|servicewoman|mayor|judge|prosecutors?|police\w*|"
    r"general|commander|colonel|captain|ambassador|envoy|adviser|advisor|founder|owner|partner)\b", re.I)
THING = re.compile(
    r"\b(?:report|statement|company|firm|agency|newspaper|paper|letter|bank|government|ministry|group|commission|"
    r"board|council|committee|union|exchange|study|survey|document|release|daily|magazine|court|institute|"
    r"association|department|office|corporation|administration|army|military|staff|team|club|party|network)\b", re.I)
OPENING = re.compile(r"^(?:(?:But|And|However|Meanwhile|Also|Earlier|Later|Still|Yet)\b,?\s+)?"
                     r"(?:(?:In|At|On|After|Before|During|Under|With|Without|Speaking|Asked|Earlier|Later|Last|This)\b"
                     r"[^,;:“”\"]{0,60},\s+)?")
NOT_SUBJECT = re.compile(r"[,;:“”\"]|\b[a-z]+(?:ed|ing)\b|\b(?:of|to|by|for|in|on|at|about|with|from)\b")
CLAUSE_WORDS = re.compile(r"\b(?:when|while|if|whether|would|will|could|asked|that|which|who|because|than)\b", re.I)
OPENING_ROLE = re.compile(r"^(?:A|An|The|One|Another|Two|Three|Some|Several)\s+(?:[\w’'-]+\s+){0,4}?"
                          r"(?P<head>[\w’'-]+)(?:\s+(?:for|at|of|with|from|in)\s+[^,;:]{1,60}?)?(?=\s+[a-z]+\b)")


@dataclass(frozen=True)
class Voice:
    """A speaker as the text gives it: a name, or only a description; ``kind`` is person, org or thing."""

    speaker: str | None
    description: str | None
    kind: str


class Voices:
    """Voices in text order, for finding the one a pronoun points back to."""

    def __init__(self):
        self.positions: list[int] = []
        self.voices: list[Voice] = []

    def add(self, position: int, voice: Voice) -> None:
        index = bisect.bisect_right(self.positions, position)
        self.positions.insert(index, position)
        self.voices.insert(index, voice)

    def before(self, position: int, pronoun: str) -> Voice | None:
        """The latest voice before ``position`` that ``pronoun`` can point to (None for ``they``, ``we``, ``I``)."""
        kinds = {"he": ("person",), "she": ("person",), "it": ("org", "thing")}.get(pronoun.lower())
        if not kinds:
            return None
        for index in range(bisect.bisect_left(self.positions, position) - 1, -1, -1):
            if self.voices[index].kind in kinds:
                return self.voices[index]
        return None

    def last(self, position: int, since: int = -1) -> Voice | None:
        """The latest voice before ``position``, if it came after ``since``."""
        index = bisect.bisect_left(self.positions, position) - 1
        return self.voices[index] if index >= 0 and self.positions[index] > since else None


def voice_like(description: str) -> bool:
    """A description that can be someone a later ``he`` or ``it`` points to: a role or a body, in a few words."""
    return (len(description.split()) <= 8 and bool(PERSON_ROLE.search(description) or THING.search(description))
            and not CLAUSE_WORDS.search(description))


def kind_of(speaker: str | None, description: str | None, mentions_by_text: dict[str, str]) -> str:
    """person, org or thing: from the name's NER label, or the description's head words."""
    if speaker:
        return "org" if mentions_by_text.get(speaker) == Kind.ORGANISATION else "person"
    if description and THING.search(description) and not PERSON_ROLE.search(description):
        return "thing"
    return "person"


def opening_voice(sentence: str, start: int, mentions: list[Mention]) -> tuple[int, Voice] | None:
    """A person, organisation or role that opens a sentence (its likely subject), with where it is."""
    if sentence[:1].isspace():
        return None  # it opens with a quotation (masked): no subject there
    lead = OPENING.match(sentence)
    offset = lead.end() if lead else 0
    window = [m for m in mentions if start + offset <= m.start <= start + offset + 40 and m.label in (Kind.PERSON, Kind.ORGANISATION)
              and sentence[m.start - start:m.end - start].strip()]  # not inside a (masked) quotation
    # A person before an organisation: ``Fed Chairman Paul Volcker harped on...`` is Volcker's sentence.
    for mention in sorted(window, key=lambda m: (m.label != Kind.PERSON, m.start)):
        prefix = sentence[offset:mention.start - start]
        appositive = re.fullmatch(r"(?:[A-Z][\w’']*\s+)?[\w’' -]{1,40},\s*", prefix) and \
            sentence[mention.end - start:mention.end - start + 1] == ","  # ``Her rival, Tom Bright, defended it``
        if appositive or not NOT_SUBJECT.search(prefix):
            if re.match(r"['’]s\b", sentence[mention.end - start:mention.end - start + 2]):
                return None  # ``Reagan's spokesman``: not Reagan
            return mention.start, Voice(mention.text, None, "org" if mention.label == Kind.ORGANISATION else "person")
    role = OPENING_ROLE.match(sentence[offset:])
    if role and (PERSON_ROLE.fullmatch(role["head"]) or THING.fullmatch(role["head"])):
        kind = "person" if PERSON_ROLE.fullmatch(role["head"]) else "thing"
        return start + offset, Voice(None, role.group(0).strip(), kind)
    return None
