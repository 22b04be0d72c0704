"""Reading the seed site as a new reader would, on a phone (390 px) and a laptop (1280 px), light and dark:
the first screen of a briefing, the way to every section, the maps' labels, search, and contrast."""

from __future__ import annotations

import re

import pytest
from test_browser import browser, server  # noqa: F401  (shared fixtures: Chromium, the site on localhost)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}


def _briefing(seed_site) -> str:
    page = next((seed_site / "content").glob("2022/10/28/*.md"))
    return page.relative_to(seed_site / "content").with_suffix("").as_posix() + "/"


def _pages(seed_site) -> list[str]:
    return ["", _briefing(seed_site), "entities/bakhmut/", "timeline/", "places/", "entities/", "about/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_phone_shows_headline_date_source_summary_and_who_and_where_in_the_first_1000_px(
        browser, server, seed_site, scheme):
    page = browser.new_page(viewport=PHONE, color_scheme=scheme)
    page.goto(f"{server}/{_briefing(seed_site)}")
    title = page.locator(".briefing-main > h1").bounding_box()
    meta = page.locator(".briefing-main > .briefing-meta")
    strip = page.locator(".briefing-strip")
    assert "28 October 2022" in meta.inner_text() and "AP" in meta.inner_text()  # date and source
    assert meta.bounding_box()["y"] - (title["y"] + title["height"]) < 24  # no blank gap under the headline
    summary = page.locator("#summary + p").bounding_box()
    box = strip.bounding_box()
    assert title["y"] < summary["y"] < box["y"] and box["y"] + box["height"] <= 1000
    links = strip.locator("a[href*='entities/']")
    names = links.all_inner_texts()
    assert {"Bakhmut", "Volodymyr Zelensky", "Wagner Group"} <= set(names)
    for href in links.evaluate_all("els => els.map(e => e.href)"):
        assert page.request.get(href).status == 200
    # The whole list is one tap away, unfolded.
    assert not page.locator("aside.briefing-sidebar li").first.is_visible()
    page.locator("a.briefing-strip-all").click()
    page.wait_for_timeout(300)
    first = page.locator("aside.briefing-sidebar li").first
    assert first.is_visible() and 0 <= first.bounding_box()["y"] < PHONE["height"]
    # The sidebar's group headings are plain: no note box, no pencil icon.
    icons = page.locator("aside.briefing-sidebar summary").evaluate_all(
        "els => els.map(e => getComputedStyle(e, '::before').display)")
    assert icons and set(icons) == {"none"}
    page.close()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_every_page_has_a_visible_route_to_home_timeline_and_entities(browser, server, seed_site, viewport):
    page = browser.new_page(viewport=viewport)
    for path in _pages(seed_site) + ["timeline/"]:
        page.goto(f"{server}/{path}")
        nav = page.get_by_role("navigation", name="Site sections")
        for name, target in [("Home", "/"), ("Timeline", "/timeline/"), ("Entities", "/entities/")]:
            link = nav.get_by_role("link", name=name, exact=True)
            assert link.is_visible(), (path, name)
            box = link.bounding_box()
            assert box["y"] + box["height"] <= 120 and box["x"] + box["width"] <= viewport["width"], (path, name)
            assert link.evaluate("a => a.href") == f"{server}{target}", (path, name)
    page.close()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_map_labels_are_10_px_or_more_and_never_overlap(browser, server, seed_site, viewport):
    page = browser.new_page(viewport=viewport)
    for path in [_briefing(seed_site), "places/"]:
        page.goto(f"{server}/{path}")
        labels = page.locator("figure.briefing-map svg").first.evaluate("""svg => {
            const scale = svg.getScreenCTM().a;
            return [...svg.querySelectorAll('text')].map(t => {
                const r = t.getBoundingClientRect();
                return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale,
                        box: [r.left, r.top, r.right, r.bottom]};
            });
        }""")
        assert len(labels) >= 5, path
        small = [(label["text"], round(label["px"], 1)) for label in labels if label["px"] < 10]
        assert not small, (path, small)
        for i, a in enumerate(labels):
            for b in labels[i + 1:]:
                ax0, ay0, ax1, ay1 = a["box"]
                bx0, by0, bx1, by1 = b["box"]
                apart = ax1 <= bx0 + 0.5 or bx1 <= ax0 + 0.5 or ay1 <= by0 + 0.5 or by1 <= ay0 + 0.5
                assert apart, (path, a["text"], b["text"])
    page.close()


def _search(page, query: str) -> list[tuple[str, str]]:
    """Type a query into Material's search box: the results as (address, text), best first."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=30)
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    page.wait_for_timeout(400)
    return page.locator(".md-search-result__item a").evaluate_all(
        "els => els.map(e => [e.href.replace(location.origin, '').split('?')[0], e.innerText])")


def test_an_entity_name_or_alias_finds_its_entity_page_first_and_never_chart_text(browser, server):
    page = browser.new_page(viewport=LAPTOP)
    page.goto(f"{server}/")
    for query, url in [("Bakhmut", "/entities/bakhmut/"), ("Wagner Group", "/entities/wagner-group/"),
                       ("Zelensky", "/entities/volodymyr-zelensky/"), ("Ramani", "/entities/samuel-ramani/")]:
        results = _search(page, query)
        assert results[0][0] == url, (query, results[:3])
    for query in ["2022", "briefings", "mentions", "30°E"]:
        box = page.locator("input.md-search__input")
        box.fill("")
        box.press_sequentially(query, delay=30)
        page.wait_for_timeout(800)
        text = " ".join(page.locator(".md-search-result__item").all_inner_texts())
        assert not re.search(r"\d{4}-\d\d: \d+ (briefings|mentions)|\d+°[EW] \d+°[EW]", text), (query, text[:300])
    page.close()


CONTRAST = """() => {
  const parse = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return m.length > 3 ? m : [...m, 1]; };
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                               return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3]));
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let colour = [255, 255, 255];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const failures = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || seen.has(el) || el.closest('svg, [hidden], .md-search, .md-sidebar--secondary')) continue;
    seen.add(el);
    const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    if (!r.width || !r.height || s.visibility === 'hidden' || s.display === 'none' || s.opacity === '0') continue;
    if (el.closest('details:not([open])') && !el.closest('summary')) continue;
    const fg = parse(s.color); const bg = background(el);
    const a = lum(over(fg, bg)) + 0.05; const b = lum(bg) + 0.05;
    const ratio = Math.max(a, b) / Math.min(a, b);
    const size = parseFloat(s.fontSize); const bold = Number(s.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < needed) failures.push(`${el.tagName}.${el.className}: "${node.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
  }
  return failures;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_text_contrast_is_at_least_4_5_to_1_in_both_schemes(browser, server, seed_site, scheme, viewport):
    page = browser.new_page(viewport=viewport, color_scheme=scheme)
    for path in _pages(seed_site):
        page.goto(f"{server}/{path}")
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")  # the cite box too
        failures = page.evaluate(CONTRAST)
        assert not failures, (path, failures[:10])
    page.goto(f"{server}/{_briefing(seed_site)}")
    copy = page.locator("button.briefing-copy[data-permalink]")
    assert copy.is_visible()
    code = page.locator("#briefing-cite-text")
    page.locator("details.briefing-cite-format", has=code).evaluate("d => d.open = true")
    box, main = code.bounding_box(), page.locator(".briefing-main").bounding_box()
    assert box["x"] + box["width"] <= main["x"] + main["width"] + 1  # the citation wraps within the page
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.close()
