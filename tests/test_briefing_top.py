"""The top of a briefing page: who said what, key figures and dates, above the article, escaped."""

import datetime as dt
import re
from pathlib import Path

import markdown

from generator import raw_html
from generator.clean import clean
from generator.models import Analysis, Article, Origin, Quote
from generator.templating import environment
from generator.summarise import detect_source, summarise


def _page(root: Path, date: str) -> tuple[str, str]:
    page = next((root / "content").glob(f"{date.replace('-', '/')}/*.md"))
    rel = page.relative_to(root / "content").with_suffix("")
    return page.read_text(encoding="utf-8"), (root / "site" / rel / "index.html").read_text(encoding="utf-8")


def test_quotes_figures_and_dates_sit_above_the_article(seed_site):
    markdown, html = _page(seed_site, "2022-10-28")
    order = [markdown.index(h) for h in ("## Summary", "## Who said what", "## Key figures", "## Dates mentioned", "## Article")]
    assert order == sorted(order)
    assert '<strong><a href="../../../../entities/samuel-ramani/">Samuel Ramani</a></strong>' in markdown
    assert re.search(r'<strong><a href="[./]*entities/samuel-ramani/">Samuel Ramani</a></strong>', html)
    assert re.search(r"<time datetime=\"2022-09\">Sep 2022</time></td>\s*<td>Last month</td>", html)
    assert "about 73,000" in html and "Who said what" in html


def test_entity_page_lists_what_the_speaker_said(seed_site):
    page = (seed_site / "content" / "entities" / "samuel-ramani.md").read_text(encoding="utf-8")
    assert "## Quoted" in page and "We’re seeing a situation" in page


def test_hostile_quote_text_is_escaped():
    article = Article(id="x", date=dt.date(2024, 5, 1), text="t", origin=Origin("x.txt"))
    briefing = summarise(clean(article), Analysis(sentences=[(0, 1)], mentions=[]))
    briefing.quotes = [Quote(text="<script>alert(1)</script> **bold** [link](http://x)", speaker="# Eve", description="<b>")]
    out = environment().get_template("briefing/_quotes.md.j2").render(b=briefing, speakers={}, page_path="x.md")
    assert "<script>" not in out and "<b>" not in out
    # Markdown syntax in the text stays text: the list is an HTML block, which Markdown does not parse.
    html = markdown.Markdown(extensions=["attr_list", "md_in_html", raw_html.RawHtmlExtension()]).convert(out)
    assert "**bold** [link](http://x)" in html and "<a " not in html and "<script>" not in html
    assert "<strong># Eve</strong>" in html and "<h1" not in html


def test_source_from_a_dateline_credit_and_captions():
    wire = Article(id="w", date=dt.date(2024, 5, 1), origin=Origin("w.txt"),
                   text="KYIV, Ukraine (AP) — Shelling went on overnight in the east, officials said.")
    assert detect_source(clean(wire)) == "AP"
    told = Article(id="r", date=dt.date(2024, 5, 1), origin=Origin("r.txt"),
                   text="The minister told Reuters the talks would resume next week.")
    assert detect_source(clean(told)) == "Reuters"
    plain = Article(id="p", date=dt.date(2024, 5, 1), origin=Origin("p.txt"), text="Rain is expected on Monday.")
    assert detect_source(clean(plain)) is None
