"""The top block of a briefing in Chromium: summary, who said what, figures and dates come before the article."""

import pytest

from tests.test_browser import _briefing_url, browser, server  # noqa: F401  (module fixtures)

pytestmark = pytest.mark.browser


def test_top_block_is_rendered_above_the_article(browser, server, seed_site):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(_briefing_url(seed_site, server))
    headings = page.locator("article h2").all_inner_texts()
    names = [h.strip().rstrip("¶").strip() for h in headings]
    wanted = ["Summary", "Key points", "Who said what", "Key figures", "Dates mentioned", "Article"]
    assert [n for n in names if n in wanted] == wanted
    quotes = page.locator("h2:has-text('Who said what') + ul li").all_inner_texts()
    assert any(q.startswith("Samuel Ramani") for q in quotes)
    timeline = page.locator("table:has-text('Last month')")  # Material wraps tables in a scroll container
    assert timeline.is_visible() and "Sep 2022" in timeline.inner_text()
    summary_top = page.locator("h2:has-text('Summary')").bounding_box()["y"]
    assert summary_top < 900  # the summary starts on the first screen
