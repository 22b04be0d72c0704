"""Turn raw article text into the story's own paragraphs.

Real input carries what scrapers and wires leave behind: template
placeholders and sign-up boxes (``[[title]] ... Email address Sign up``),
photo captions with credits (``... near Bakhmut (AP)``), a leading dateline
(``NEAR CHASIV YAR, Ukraine -``) and hard-wrapped wire lines. This stage
takes them out of the body, keeping captions and the dateline as fields and
every removed piece in ``removed`` so nothing vanishes silently.
"""

from __future__ import annotations

import re
import unicodedata

from . import wire
from .models import Article, Caption, CleanArticle

PLACEHOLDER = re.compile(r"\[\[\s*[\w.-]*\s*\]\]|\{\{\s*[\w.-]*\s*\}\}")
BOILERPLATE = re.compile(
    r"""(?ix)(?<!\w)(?:
    an\ error\ (?:has\ )?occurred\.?
    | please\ try\ again(?:\ later)?\.?
    | (?:enter\ (?:your\ )?)?e-?mail\ address
    | sign\ (?:up|in)(?:\ (?:for|to)\ (?:our|the)\ [\w ]{0,30}?newsletters?)?(?:\ (?:now|here|today))?\.?
    | subscribe(?:\ (?:now|today|here))?(?:\ to\ (?:our|the)\ [\w ]{0,30}?newsletters?)?\.?
    | thanks?\ (?:you\ )?for\ (?:signing\ up|subscribing)!?\.?
    | i\ would\ like\ to\ be\ emailed\ about\ [\w ,]+\.?
    | advertisement | sponsored\ content | read\ more:? | related\ articles?:?
    | share\ (?:this|on\ \w+) | follow\ us\ on\ \w+ | skip\ to\ (?:main\ )?content
    | success | loading\.\.\.
    )(?!\w)"""
)
CREDIT = r"(?:(?i:photo|picture|image|video)s?(?:\s+by|:)?\s*)?[A-Z][\w.&'’/-]*(?:\s+(?:via|for|and|/|[A-Z][\w.&'’/-]*)){0,6}"
CAPTION = re.compile(rf"^(?P<text>[^\n]{{8,400}}?)\s*\((?P<credit>{CREDIT})\)$")
DATELINE = re.compile(
    r"""^(?P<place>(?:[A-Z][A-Z.'’-]+\s+)*[A-Z][A-Z.'’-]{2,}(?:,\s*[A-Z][\w.'’ -]{1,30}?)?)
        \s*(?:\((?P<credit>[^()\n]{1,30})\)\s*)?[-–—]{1,2}\s+(?=\S)""",
    re.X,
)
TERMINAL = (".", "!", "?", ":", "”", '"', "’", "'")
ANSI_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?)")
"""Terminal colour and title sequences pasted from a console: removed whole, not just their ESC."""
MAX_WRAPPED_LINE = 100


def clean(article: Article) -> CleanArticle:
    """Strip junk, captions and the dateline from an article's text.

    Args:
        article: the article as ingested.

    Returns:
        The cleaned article; ``paragraphs`` is the body a reader sees.
    """
    text = normalise(article.text)
    paragraphs: list[str] = []
    captions: list[Caption] = []
    removed: list[str] = []
    tickers = []
    for paragraph in split_paragraphs(text):
        paragraph = wire.unwrap(paragraph, tickers)
        kept = strip_junk(paragraph)
        if kept is None:
            removed.append(paragraph)
            continue
        caption = match_caption(kept)
        if caption is not None:
            captions.append(caption)
            continue
        paragraphs.append(kept)
    dateline = article.dateline
    if paragraphs:
        found, rest = split_dateline(paragraphs[0])
        if found:
            dateline = dateline or found
            paragraphs[0] = rest
    return CleanArticle(article=article, paragraphs=paragraphs, captions=captions, dateline=dateline, removed=removed,
                        tickers=wire.unique(tickers))


def normalise(text: str) -> str:
    """Normalise Unicode (NFC), spaces and control characters; keep line breaks."""
    text = unicodedata.normalize("NFC", text)
    text = ANSI_ESCAPE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = re.sub(r"[\u00a0\u2007\u202f\u2000-\u200a]", " ", text)
    text = re.sub(r"[\u200b-\u200d\u2060\ufeff]", "", text)
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch)[0] != "C")


def split_paragraphs(text: str) -> list[str]:
    """Split on blank lines and indented lines; join hard-wrapped lines.

    Wire copy wraps at about 70 columns and marks paragraphs by indenting;
    a block whose lines are longer than that is one paragraph a line.
    """
    paragraphs: list[str] = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        wrapped = max(len(line) for line in lines) <= MAX_WRAPPED_LINE
        current: list[str] = []
        for line in lines:
            starts_paragraph = not wrapped or (line[:1].isspace() and current)
            if starts_paragraph and current:
                paragraphs.append(" ".join(current))
                current = []
            current.append(" ".join(line.split()))
        if current:
            paragraphs.append(" ".join(current))
    return [p for p in paragraphs if p]


def strip_junk(paragraph: str) -> str | None:
    """Return the paragraph without scraper junk, or None if nothing real is left."""
    had_placeholder = bool(PLACEHOLDER.search(paragraph))
    without = PLACEHOLDER.sub(" ", paragraph)
    stripped = " ".join(BOILERPLATE.sub(" ", without).split())
    if not re.search(r"[^\W\d_]", stripped):
        return None
    if had_placeholder:
        # A template placeholder means the whole block came from page furniture,
        # unless real prose (several words ending a sentence) is left over.
        return stripped if len(stripped.split()) >= 8 and stripped.endswith(TERMINAL) else None
    return " ".join(paragraph.split())


def match_caption(paragraph: str) -> Caption | None:
    """Recognise a photo caption: one short line ending in a credit such as ``(AP)``."""
    match = CAPTION.match(paragraph)
    if not match:
        return None
    text = match["text"].rstrip()
    if text.endswith(TERMINAL) or len(text.split()) > 45 or re.search(r"[.!?]\s+[A-Z]", text):
        return None
    return Caption(text=text, credit=match["credit"].strip())


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """Split a leading wire dateline (``KYIV, Ukraine (AP) -``) from the first paragraph."""
    match = DATELINE.match(paragraph)
    if not match:
        return None, paragraph
    place = match["place"].strip().rstrip(",")
    if sum(ch.isalpha() for ch in place) < 3:
        return None, paragraph
    return place, paragraph[match.end():]
