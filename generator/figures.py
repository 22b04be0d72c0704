"""Key figures: numbers with the words that say what they count.

spaCy already marks amounts (counts, percentages, quantities, money); what a
reader needs beside ``73,000`` is *what* it counts, which in news sits in the
same clause (``a population of about 73,000 people before the war``). So each
figure keeps its clause, trimmed to a few words either side of the number.
Bare small counts (``two other provinces``) and table rows are left out.
"""

from __future__ import annotations

import bisect
import re

from .models import Figure, Kind, Mention

LABELS = {Kind.COUNT, Kind.PERCENT, Kind.QUANTITY, Kind.MONEY}
QUALIFIED = re.compile(
    r"\d|\b(?:hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|third|quarter)\b"
    r"|\b(?:at least|more than|less than|fewer than|about|around|nearly|almost|some|up to|over|approximately|roughly|only)\b",
    re.I,
)
DURATION_AFTER = re.compile(r"^\s*(?:an?\s+)?(?:year|month|week|day|hour|decade|century)s?\b", re.I)
CLAUSE_BREAK = re.compile(r"[;:“”\"()]|,\s(?!\d{3}\b)|\s[-–—]\s|\b(?:but|while|whereas|although|because|and said|according to)\b")
WORDS_BEFORE = 6
WORDS_AFTER = 6
MAX_NAME_EXTRA = 4  # words a context may reach back beyond WORDS_BEFORE to keep a name whole
MAX_FIGURES = 6
UNIT_AFTER = re.compile(
    r"^(?:\s+(?:mln|bln|million|billion|trillion|pct|percent|per cent|dlrs?|dollars?|cts|cents|stg|pounds|yen|marks|"
    r"francs|crowns|lire|tonnes|tons|barrels|bpd|ounces|troy ounces|shares))+\b", re.I)


def find_figures(text: str, sentences: list[tuple[int, int]], mentions: list[Mention],
                 limit: int = MAX_FIGURES) -> list[Figure]:
    """The article's figures in text order, each with its clause (at most ``limit``)."""
    starts = [s for s, _ in sentences]
    found: list[Figure] = []
    seen: set[str] = set()
    covered = 0
    for mention in mentions:
        if mention.label not in LABELS or len(found) >= limit:
            continue
        unit = UNIT_AFTER.match(text[mention.end:])
        end = mention.end + (unit.end() if unit else 0)
        value = text[mention.start:end].strip()
        if mention.start < covered:
            continue
        if mention.label == Kind.COUNT and not QUALIFIED.search(value):
            continue
        if mention.label == Kind.COUNT and (re.fullmatch(r"(?:19|20)\d\d", value) or DURATION_AFTER.match(text[mention.end:])):
            continue
        i = bisect.bisect_right(starts, mention.start) - 1
        if i < 0 or mention.start >= sentences[i][1]:
            continue
        s, e = sentences[i]
        sentence = text[s:e]
        if sum(c.isdigit() for c in sentence) > sum(c.isalpha() for c in sentence) or len(sentence.split()) < 6:
            continue  # a table row or a results line, not prose
        context, covered = _clause(text, s, e, mention.start, end)
        key = value.lower()
        if key in seen or len(context.split()) < 3:
            continue
        seen.add(key)
        found.append(Figure(value=value, context=context, label=mention.label, start=mention.start))
    return found


def _whole_name_start(words: list[str]) -> list[str]:
    """The last few words before a number, reaching back so a name is never cut (``Yankee Cos Inc``, not ``Cos Inc``)."""
    first = max(0, len(words) - WORDS_BEFORE)
    while 0 < first and len(words) - first < WORDS_BEFORE + MAX_NAME_EXTRA and words[first][:1].isupper() \
            and words[first - 1][:1].isupper() and not words[first - 1].endswith((",", ";", ":")):
        first -= 1
    return words[first:]


def _clause(text: str, s: int, e: int, start: int, end: int) -> tuple[str, int]:
    """The words around a number, inside its clause (a few either side), and where they end."""
    left = text[s:start]
    right = text[end:e]
    breaks = list(CLAUSE_BREAK.finditer(left))
    if breaks:
        left = left[breaks[-1].end():]
    cut = CLAUSE_BREAK.search(right)
    if cut:
        right = right[: cut.start()]
    left_words = _whole_name_start(left.split())
    right_words = right.split()[:WORDS_AFTER]
    phrase = " ".join(left_words + [text[start:end]] + right_words)
    stop = end + len(right) if len(right.split()) <= WORDS_AFTER else end
    return phrase.strip(" ,.;:"), stop
