"""What story an article is, in a few bytes: to tell an edited article from a different one.

``permalinks.json`` records, beside each briefing's URLs, the sketch of the
article last published under its id. A later build compares: an article
whose id already led to another story is not allowed to take its URLs
(an old link would show a different story), and an article whose id is
new but whose sketch matches one that left the archive (a renamed seed, an
id-less line whose text was corrected) is recognised and keeps its URLs.

A sketch is the given headline's hash and the smallest few hashes of the
text's sentences and lines (a bottom-k MinHash over them). Two sketches are the
same story when the headline is the same, or when most of the sentences
are: a correction, an added paragraph or a new headline keep the story; a
different article shares no sentence but boilerplate. It is made from the
input as read (not the cleaned text), so that a change to the code never
makes a story look different.
"""

from __future__ import annotations

import hashlib
import re

SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+|\s*\n\s*")  # a sentence's end, or a line's: tables, wrapped text
KEPT = 8  # sentence hashes kept: the smallest of them
MIN_CHARS = 20  # shorter sentences ("Reuter", "(Reporting by ...)") say little about the story
SAME_SHARE = 0.5  # of the smallest hashes of both texts together, at least this share are in both
RETITLED_SHARE = 0.75  # ... three quarters when both have headlines and these differ


def sketch(title: str | None, text: str) -> str:
    """``<headline hash>:<sentence hashes>``, 8 hex digits each (the headline's empty without one)."""
    head = _hash(_words(title)) if title and _words(title) else ""
    hashes = sorted({_hash(words) for part in SENTENCE_END.split(text) if len(words := _words(part)) >= MIN_CHARS})
    return head + ":" + "".join(hashes[:KEPT])


def same_story(recorded: str, current: str) -> bool | None:
    """Whether two sketches are of one story; None when neither headline nor text can tell."""
    head_a, _, text_a = recorded.partition(":")
    head_b, _, text_b = current.partition(":")
    if head_a and head_a == head_b:
        return True
    a, b = _hashes(text_a), _hashes(text_b)
    if not a or not b:
        return None if not (head_a and head_b) else False
    smallest = sorted(a | b)[:KEPT]
    shared = sum(1 for h in smallest if h in a and h in b)
    # Two headlines that differ ask for more: templated items (dividends, results) share lines but not a story.
    return shared >= (RETITLED_SHARE if head_a and head_b else SAME_SHARE) * len(smallest)


def hashes_of(value: str) -> list[str]:
    """The sentence hashes of a sketch (to look stories up by them)."""
    return sorted(_hashes(value.partition(":")[2]))


def _hashes(text: str) -> set[str]:
    return {text[i:i + 8] for i in range(0, len(text), 8)}


def _words(text: str) -> str:
    """The text's words, case and spacing ignored (punctuation kept: cheaper, and an edit anyway)."""
    return " ".join(text.casefold().split())


def _hash(words: str) -> str:
    return hashlib.blake2b(words.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()
