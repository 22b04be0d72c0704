"""Reading the seed site in Chromium: phone, laptop, paper, keyboard, and no outside host.

Screenshots go to ``$BRIEFING_SCREENSHOTS`` when set (the README's pictures in
``docs/screenshots`` come from ``BRIEFING_SCREENSHOTS=docs/screenshots pytest
tests/test_reading_browser.py``), otherwise to the test's temporary folder.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from test_browser import browser, server  # noqa: F401  (shared fixtures: Chromium, the site on localhost)

pytestmark = pytest.mark.browser


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("BRIEFING_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _briefing(seed_site) -> str:
    page = next((seed_site / "content").glob("2022/10/28/*.md"))
    return page.relative_to(seed_site / "content").with_suffix("").as_posix() + "/"


def test_pages_request_nothing_from_other_hosts(browser, server, seed_site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requested, outside = [], []

    def record(route):
        url = route.request.url
        requested.append(url)
        host = urlparse(url).hostname
        if url.startswith(("http:", "https:", "ws:", "wss:")) and host != "127.0.0.1":
            outside.append(url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", record)
    for path in ["", _briefing(seed_site), "entities/bakhmut/", "timeline/", "places/", "entities/"]:
        page.goto(f"{server}/{path}")
        page.wait_for_load_state("networkidle")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("Bakhmut", delay=30)
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert any(u.endswith("search_index.json") for u in requested)  # the router saw the page's requests
    assert not outside, outside
    page.close()


def test_a_phone_reads_one_column_with_the_sidebar_folded_below(browser, server, seed_site, shots):
    page = browser.new_page(viewport={"width": 375, "height": 800}, device_scale_factor=2)
    page.goto(f"{server}/{_briefing(seed_site)}")
    page.screenshot(path=str(shots / "briefing-375.png"))
    main = page.locator(".briefing-main").bounding_box()
    side = page.locator("aside.briefing-sidebar").bounding_box()
    assert main["width"] > 300 and main["x"] + main["width"] <= 375
    assert side["y"] >= main["y"] + main["height"]  # below the whole article
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing wider than the screen
    summaries = page.locator("aside.briefing-sidebar summary")
    assert summaries.count() >= 3
    assert not page.locator("aside.briefing-sidebar li").first.is_visible()  # folded
    summaries.first.click()
    assert page.locator("aside.briefing-sidebar details").first.locator("li").first.is_visible()
    for figure in page.locator("figure.briefing-chart svg").all():
        assert figure.bounding_box()["width"] <= 375
    page.close()


def test_a_laptop_shows_the_sidebar_beside_the_text(browser, server, seed_site, shots):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/{_briefing(seed_site)}")
    page.screenshot(path=str(shots / "briefing-1280.png"))
    main = page.locator(".briefing-main").bounding_box()
    side = page.locator("aside.briefing-sidebar").bounding_box()
    assert side["x"] >= main["x"] + main["width"]  # to the right
    assert abs(side["y"] - main["y"]) < 50  # and level with the top of the text
    assert page.locator("aside.briefing-sidebar li").first.is_visible()  # unfolded
    page.goto(f"{server}/")
    page.locator("figure.briefing-chart").screenshot(path=str(shots / "coverage-chart.png"))
    page.goto(f"{server}/places/")
    page.locator("figure.briefing-map").screenshot(path=str(shots / "places-map.png"))
    page.close()


def test_a_briefing_prints_without_chrome_with_addresses_and_its_permanent_link(browser, server, seed_site, shots):
    page = browser.new_page(viewport={"width": 800, "height": 1100})
    page.goto(f"{server}/{_briefing(seed_site)}")
    page.emulate_media(media="print")
    page.screenshot(path=str(shots / "briefing-print.png"), full_page=True)
    for chrome in [".md-header", ".md-search", ".md-sidebar--primary", "aside.briefing-sidebar", ".md-footer"]:
        assert not page.locator(chrome).first.is_visible(), chrome
    assert page.locator("h1").is_visible()
    main = page.locator(".briefing-main").bounding_box()
    assert main["width"] > 700  # the text takes the page
    footer = page.locator(".briefing-print-footer")
    assert footer.is_visible()
    import frontmatter

    briefing_id = frontmatter.load(seed_site / "content" / (_briefing(seed_site)[:-1] + ".md"))["briefing"]["id"]
    permanent = footer.locator("a").inner_text()
    assert permanent == f"{server}/b/{briefing_id}/"
    assert page.request.get(permanent).status == 200
    link = page.locator(".briefing-main li a[href]:not([href^='#'])").first  # a related briefing
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert server in after and link.evaluate("a => a.href") in after
    page.emulate_media(media="screen")
    assert not footer.is_visible()
    page.close()


def test_every_control_is_reachable_by_keyboard_in_order(browser, server, seed_site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/{_briefing(seed_site)}")
    count = page.evaluate("""() => [...document.querySelectorAll(
        'a[href], button, input:not([type=hidden]), summary, select, textarea, [tabindex]:not([tabindex="-1"])')]
        .filter(e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
                       const closed = e.closest('details:not([open])');  // folded away until its summary is opened
                       const folded = closed && !closed.querySelector(':scope > summary').contains(e);
                       return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && !e.closest('[hidden]')
                              && !folded && e.tabIndex >= 0; })
        .map((e, i) => { e.dataset.kb = i; return i; }).length""")
    assert count > 20
    reached = []
    for _ in range(count * 2 + 10):
        page.keyboard.press("Tab")
        key = page.evaluate("() => document.activeElement.dataset.kb || document.activeElement.outerHTML.slice(0, 80)")
        if reached and key == reached[0]:
            break
        reached.append(key)
    assert page.evaluate(f"() => document.querySelector('[data-kb=\"{reached[0]}\"]').classList.contains('md-skip')")
    missing = [page.evaluate(f"() => document.querySelector('[data-kb=\"{i}\"]').outerHTML.slice(0, 120)")
               for i in map(str, range(count)) if i not in reached]
    assert not missing, missing
    sidebar = page.evaluate("""() => [...document.querySelectorAll('aside.briefing-sidebar a, aside.briefing-sidebar summary')]
        .map(e => e.dataset.kb)""")
    positions = [reached.index(i) for i in sidebar]
    assert positions == sorted(positions)  # the sidebar in reading order
    page.keyboard.press("Shift+Tab")  # and backwards too
    assert page.evaluate("() => document.activeElement !== document.body")
    page.close()


def test_landmarks_and_labels_name_every_region(browser, server, seed_site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for path in ["", _briefing(seed_site), "entities/bakhmut/", "places/"]:
        page.goto(f"{server}/{path}")
        assert page.get_by_role("main").count() == 1
        assert page.get_by_role("banner").count() == 1
        assert page.get_by_role("search").count() >= 1
        unnamed = page.evaluate("""() => [...document.querySelectorAll('aside, nav, section[aria-label], [role=region], [role=dialog], [role=complementary]')]
            .filter(e => !(e.getAttribute('aria-label') || '').trim() && !e.getAttribute('aria-labelledby'))
            .map(e => e.outerHTML.slice(0, 100))""")
        assert not unnamed, (path, unnamed)
    page.goto(f"{server}/{_briefing(seed_site)}")
    sidebar = page.get_by_role("complementary", name=re.compile("People, places and organisations"))
    assert sidebar.count() == 1
    assert page.get_by_role("dialog", name="Search").count() == 1
    figure = page.get_by_role("group", name=re.compile("Places mentioned in this briefing"))
    assert figure.count() == 1
    assert figure.get_by_role("link").count() >= 3  # dots lead to entity pages
    page.close()


@pytest.mark.slow
def test_the_offline_build_reads_from_a_folder(browser, tmp_path, monkeypatch):
    from conftest import make_project
    from generator.build import generate
    from generator.site_build import mkdocs_build
    from generator.config import load_config
    from linkcheck import check_site

    monkeypatch.setenv("BRIEFING_OFFLINE", "true")
    root = make_project(tmp_path / "archive")
    config = load_config(root)
    assert not generate(config).errors
    mkdocs_build(config)
    site = root / "site"
    assert (site / "search" / "search_index.js").exists()  # the offline plugin ran
    briefing = next(site.glob("2022/10/28/*.html"))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors, outside = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "blob:")) else outside.append(r.url))
    # Every link and anchor resolves with no script: the article's entity links, the maps' dots and the
    # redirect stubs are raw HTML written for directory URLs, which this build turns off.
    problems, counts = check_site(site)
    assert not problems and counts["redirects"] == 2, problems[:10]
    page.goto(briefing.as_uri())
    entity = page.locator(".briefing-text a.briefing-entity").first
    name = entity.inner_text()
    entity.click()
    page.wait_for_load_state()
    assert page.url.endswith(".html") and page.locator("h1").inner_text().startswith(name)
    page.goto(briefing.as_uri())
    assert page.locator("aside.briefing-sidebar").is_visible()
    page.locator("aside.briefing-sidebar a", has_text="Wagner Group").click()
    page.wait_for_load_state()
    assert page.url.endswith("/entities/wagner-group.html")
    assert page.locator("h1").inner_text().startswith("Wagner Group")
    page.locator("figure.briefing-chart").wait_for()
    page.goto((site / "places.html").as_uri())
    page.get_by_role("link", name=re.compile("^Bakhmut: ")).first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/entities/bakhmut.html")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("Wagner", delay=30)
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert not errors, errors
    assert not outside, outside  # Material's plugin asks unpkg.com for a shim; the theme serves its own copy
    page.close()
