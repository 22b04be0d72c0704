"""Results tables: earnings and dividend items read as the small tables they are.

Wire results items are lines of ``label this-year vs last-year``
(``Shr 39 cts vs 50 cts``, ``Net loss 646,000 vs loss 96,000``,
``Qtly div 10 cts vs 8-1/3 cts prior``), grouped under period lines
(``Year``, ``Nine mths``). A reader wants them as a table, and a summary
that is a sentence, never one of these lines.
"""

from __future__ import annotations

import re

from .models import ResultRow

LABEL = r"[A-Z][A-Za-z.&/'-]*(?:\s+(?:[a-z][A-Za-z.&/'-]*|[A-Z][A-Za-z.&/'-]*)){0,4}?"
NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
VALUE = rf"(?:(?:loss|profit|gain|up|down)\s+)?(?:[-$]?[\d(][\w.,/()$-]*|{NUMBER_WORDS})(?:\s+(?!vs\b|prior\b)[a-z]{{1,12}}\.?){{0,3}}"  # units: mln, dlrs, cts, ringgit...
ROW = re.compile(rf"^(?P<label>{LABEL})\s+(?P<current>{VALUE}|nil|not available|n\.?a\.?)\s+vs\.?\s+"
                 rf"(?P<previous>{VALUE}|nil|not available|n\.?a\.?)(?:\s+(?:prior|last year|a year ago))?\.?$")
SINGLE = re.compile(r"^(?P<label>Pay|Payable|Record|Prior|Div|Qtly div|Dividend)\s+(?P<current>[\w ,./-]{1,30})$")
PERIOD = re.compile(r"^(?:(?:1st|2nd|3rd|4th|first|second|third|fourth)\s+(?:qtr|quarter|half)|(?:three|six|nine|twelve|3|6|9|12)"
                    r"\s+(?:mths|months|weeks|wks)|year|fiscal year|qtr|quarter|half|(?:\d+|\d+\w\w)\s+weeks?)"
                    r"(?:\s+(?:to|ended|ending)\s+[\w ,]{1,25})?:?$", re.I)
TITLE_PERIOD = re.compile(r"\b(?:(?:1ST|2ND|3RD|4TH|FIRST|SECOND|THIRD|FOURTH)\s+(?:QTR|QUARTER|HALF)|(?:SIX|NINE|THREE|12|9|6)\s+"
                          r"(?:MTHS|MONTHS)|YEAR)\b", re.I)
# A headline's period that is no quarter or year (``10 MOS``, ``FIVE MONTHS``), or its year (``calendar 1986``).
TITLE_SPAN = (rf"\b(?:\d+|{NUMBER_WORDS})\s+(?:mos|mths|months|weeks|wks)\b"
              r"|\b(?:(?:calendar|fiscal)\s+)?(?:19|20)\d\d\b")
VS = re.compile(r"\bvs\.?\s")
FINITE = re.compile(r"\b(?:said|says|reported|was|were|is|are|has|had|will|would)\b")
MIN_ROWS = 2


def find_results(paragraphs: list[str], title: str | None) -> list[ResultRow]:
    """The article's results-table rows (none unless at least two lines read as ``label X vs Y``)."""
    if not any(" vs" in paragraph for paragraph in paragraphs):
        return []
    first = TITLE_PERIOD.search(title or "")
    period = first.group(0).lower().capitalize() if first else ""
    rows: list[ResultRow] = []
    vs_rows = 0
    for paragraph in paragraphs:
        line = paragraph.strip()
        if len(line) > 120:
            continue
        match = ROW.match(line)
        if match:
            rows.append(ResultRow(period, match["label"], _figure(match["current"]), _figure(match["previous"])))
            vs_rows += 1
            continue
        single = SINGLE.match(line)
        if single and rows:
            rows.append(ResultRow(period, single["label"], _figure(single["current"].strip())))
            continue
        if PERIOD.match(line):
            period = line.rstrip(":")
            period = period[:1].upper() + period[1:]
    return rows if vs_rows >= MIN_ROWS or (vs_rows and len(rows) >= MIN_ROWS) else []


def _figure(value: str) -> str:
    """A value without the full stop that ends its line (``87.80 mln.``); an abbreviation's (``n.a.``) stays."""
    return value[:-1] if value.endswith(".") and not re.search(r"\.\w+\.$", value) else value


def is_row(sentence: str) -> bool:
    """A sentence that is one or more results lines (``Shr 10 cts vs nine cts Net ...``), not prose."""
    return " vs" in sentence and VS.search(sentence) is not None and not FINITE.search(sentence)


def sentence(rows: list[ResultRow], title: str | None) -> str | None:
    """A plain sentence for a summary, from the table's first period: what a reader would write from it."""
    first = [r for r in rows if r.period == rows[0].period and r.previous is not None][:2] if rows else []
    if not first:
        return None
    period = first[0].period[:1].lower() + first[0].period[1:]  # ``Six months to December 31``: the month stays
    parts = [f"{r.label.lower()}{'' if r.current[:1].isalpha() else ' of'} {r.current} against {r.previous}" for r in first]
    when = f"for the {period} " if period else ""
    verb = "declared" if "div" in first[0].label.lower() else "reported"  # a dividend is declared, against the last one
    return f"{_company(title)} {verb} {when}{', and '.join(parts)}."


def leads(paragraphs: list[str]) -> bool:
    """Whether the article opens with its table (past any period line such as ``Six months to December 31``)."""
    opening = next((p for p in paragraphs if not PERIOD.match(p.strip())), "")
    return is_row(opening.strip())


def _company(title: str | None) -> str:
    """Who reports, from a results headline (``Buffets Inc 4th qtr net`` -> ``Buffets Inc``)."""
    name = re.split(rf"{TITLE_PERIOD.pattern}|{TITLE_SPAN}|\b(?:net|loss|profit|payout|div|dividend|qtly|sets|raises|"
                    r"cuts|earnings|results|shr)\b", title or "", maxsplit=1, flags=re.I)[0].strip(" ,-")
    return name if name and len(name.split()) <= 7 else "The company"
