"""Wire markup read as a reader would: ``<BP Oil Ltd>`` is a name, ``<HNZ.N>`` a ticker.

Reuters-style copy brackets company names (``<Amalgamated Equities Ltd>``)
and exchange codes (``H.J. Heinz <HNZ.N>``, ``Emery Air Freight Corp <EAF>``).
A reader should see the name without brackets and no codes at all; the codes
are kept as data, each with the name it follows, so ``extract`` can list them
and entity resolution can tell that the name is an organisation.
"""

from __future__ import annotations

import re

from .models import Ticker

MARKUP = re.compile(r"\s*<(?P<inner>[A-Za-z0-9][\w .,&'’/()!^~+-]{0,79})>")  # name-like only: ``<img src=x>`` is not
HTML_TAGS = {"a", "b", "i", "p", "u", "s", "br", "em", "hr", "li", "ol", "ul", "td", "tr", "th", "h1", "h2", "h3", "div",
             "img", "pre", "sub", "sup", "span", "font", "code", "html", "body", "head", "form", "table", "title",
             "style", "script", "strong", "iframe", "svg", "input", "video", "audio", "embed", "object", "center"}
TICKER_CODE = re.compile(r"[A-Z0-9][A-Z0-9&-]{0,5}(?:\.[A-Z]{1,2}| (?:ST|L|N|PR|A|B|J))?")  # <PHAB ST>: Stockholm's
# market after a space (not <BASF AG>, a name)
NAME_BEFORE = re.compile(r"[A-Z][\w&'’.-]*\s+(?:(?:[A-Z][\w&'’.-]*|of|&|de|du|la|der)\s+){0,6}[A-Z][\w&'’.-]*[.,]?$"
                         r"|[A-Z][\w&'’.-]*[.,]?$")


def unwrap(paragraph: str, tickers: list[Ticker] | None = None) -> str:
    """``paragraph`` without wire markup; tickers found are appended to ``tickers``.

    A code right after a name is a ticker and is dropped; anything else
    bracketed (``<Sedio N.V.>``, or a code standing alone as a subject) is kept
    as its words.
    """
    if "<" not in paragraph:
        return paragraph

    def replace(match: re.Match) -> str:
        inner = " ".join(match["inner"].split())
        before = paragraph[: match.start()]
        lower_code = re.fullmatch(r"[a-z]{2,5}", inner) and inner not in HTML_TAGS
        if inner[:1].islower() and not lower_code:
            return match.group(0)  # markup of another kind (``<b>``, ``<img src=x>``): left as text
        if (TICKER_CODE.fullmatch(inner) or lower_code) and re.search(r"[\w.)]$", before):
            name = NAME_BEFORE.search(before)
            if tickers is not None:
                tickers.append(Ticker(code=inner, name=name.group(0).rstrip(".,") if name else None))
            return ""
        return paragraph[match.start(): match.start("inner") - 1] + inner

    return MARKUP.sub(replace, paragraph)


def unique(tickers: list[Ticker]) -> list[Ticker]:
    """Each code once, first name kept."""
    seen: set[str] = set()
    out = []
    for ticker in tickers:
        if ticker.code not in seen:
            seen.add(ticker.code)
            out.append(ticker)
    return out


def named_as_in(tickers: list[Ticker], text: str) -> list[Ticker]:
    """The tickers with each name spelt as ``text`` spells it (a headline's ``UNITED PRESIDENTIAL CORP``, re-cased)."""
    out = []
    for ticker in tickers:
        at = text.lower().find(ticker.name.lower()) if ticker.name else -1
        out.append(Ticker(ticker.code, text[at:at + len(ticker.name)]) if at >= 0 else ticker)
    return out
