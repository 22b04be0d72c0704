"""The built seed site in a real browser: Chromium driven by Playwright."""

import functools
import http.server
import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.browser


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def server(seed_site):
    handler = functools.partial(QuietHandler, directory=str(seed_site / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        )
        yield browser
        browser.close()


def _briefing_url(seed_site, server):
    page = next((seed_site / "content").glob("2022/10/28/*.md"))
    return f"{server}/{page.relative_to(seed_site / 'content').with_suffix('').as_posix()}/"


def test_briefing_page_shows_sidebar_whose_links_resolve(browser, server, seed_site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(_briefing_url(seed_site, server))
    sidebar = page.locator("aside.briefing-sidebar")
    assert sidebar.is_visible()
    assert "Bakhmut" in sidebar.inner_text()
    links = sidebar.locator("a").evaluate_all("els => els.map(e => e.href)")
    assert len(links) >= 5
    for href in links:
        response = page.request.get(href)
        assert response.status == 200, href
    page.locator("aside.briefing-sidebar a", has_text="Wagner Group").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Wagner Group")
    assert page.locator("article a[href*='2022/10/28']").count() >= 1
    page.close()


def test_search_for_wagner_finds_both_seed_briefings(browser, server, seed_site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/")
    search = page.locator("input.md-search__input")
    search.click()
    page.wait_for_function("() => document.querySelector('.md-search-result__meta') !== null")
    search.press_sequentially("Wagner", delay=50)
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    page.wait_for_timeout(500)
    text = page.locator(".md-search-result").inner_text()
    titles = []
    import frontmatter

    for md in (seed_site / "content").glob("[0-9][0-9][0-9][0-9]/*/*/*.md"):
        titles.append(frontmatter.load(md)["title"])
    assert len(titles) == 2
    for title in titles:
        assert title in text, (title, text[:500])
    page.close()


def test_sidebar_folds_on_a_phone(browser, server, seed_site):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(_briefing_url(seed_site, server))
    details = page.locator("aside.briefing-sidebar details")
    assert details.count() >= 3
    assert details.first.get_attribute("open") is None
    box_main = page.locator(".briefing-main").bounding_box()
    box_side = page.locator("aside.briefing-sidebar").bounding_box()
    assert box_side["y"] > box_main["y"]  # below the article, one column
    page.close()
