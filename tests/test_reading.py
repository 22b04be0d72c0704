"""The reading experience without a browser: pictures, valid structure, nothing fetched from other hosts.

Chart and map geometry is checked on real dates and real gazetteer
coordinates; the built seed site (``seed_site``) is parsed page by page.
The browser side (layout, print, keyboard) is in ``test_reading_browser.py``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest

from generator import charts
from generator.templating import environment

SVG = "{http://www.w3.org/2000/svg}"


def test_months_without_briefings_are_drawn_as_empty_bars():
    dates = [dt.date(2022, 10, 28), dt.date(2022, 10, 30), dt.date(2023, 3, 2)]
    period, series = charts.period_counts(Counter(dates), dates)
    assert period == "month"
    assert series == [("2022-10", 2), ("2022-11", 0), ("2022-12", 0), ("2023-01", 0), ("2023-02", 0), ("2023-03", 1)]


def test_long_spans_are_counted_by_year():
    dates = [dt.date(1987, 2, 26), dt.date(1995, 6, 1), dt.date(2001, 1, 1), dt.date(2001, 12, 31)]
    period, series = charts.period_counts(Counter(dates), dates)
    assert period == "year"
    assert series[0] == ("1987", 1) and series[-1] == ("2001", 2)
    assert len(series) == 15 and sum(n for _, n in series) == 4


@pytest.mark.parametrize("days", [40, 4000])  # months, then years
def test_an_entity_chart_from_its_months_counts_what_its_mentions_by_day_count(days):
    """Entity pages draw their chart from ``mentions_by_month``; the months must add up as the days do."""
    from generator.entity_pages import mentions_by_month
    from generator.models import BriefingEntity, Kind, Mention

    start = dt.date(1987, 2, 26)
    briefings = {f"b{i}": type("B", (), {"date": start + dt.timedelta(days=(i * 37) % days)}) for i in range(60)}
    refs = {bid: [BriefingEntity("opec", [Mention("OPEC", 0, 4, Kind.ORGANISATION)] * (1 + i % 3))] for i, bid in enumerate(briefings)}
    by_day = Counter()
    for bid, (ref,) in refs.items():
        by_day[briefings[bid].date] += len(ref.mentions)
    period, series = charts.period_counts(by_day, list(by_day))
    expected = charts.bar_chart("mentions-opec", f"Mentions of OPEC per {period}", "mentions", period, series)
    assert charts.mentions_chart("opec", "OPEC", mentions_by_month(refs, briefings)["opec"]) == expected
    assert expected["bars"] and period == ("month" if days == 40 else "year")


def test_bar_heights_are_proportional_and_the_text_alternative_names_the_busiest_month():
    chart = charts.bar_chart("c", "Briefings per month", "briefings", "month", [("2023-01", 4), ("2023-02", 0), ("2023-03", 2)])
    full, empty, half = chart["bars"]
    assert empty["h"] == 0
    assert half["h"] == pytest.approx(full["h"] / 2)
    assert full["y"] + full["h"] == half["y"] + half["h"] == chart["axis"]["y"]  # one baseline
    assert "6 briefings" in chart["desc"] and "2023-01 with 4" in chart["desc"]
    assert charts.bar_chart("c", "t", "u", "month", [("2023-01", 0)]) is None


@pytest.mark.parametrize("name, lat, lon", [
    ("London", 51.5, -0.13), ("Kyiv", 50.45, 30.52), ("Kiev", 50.45, 30.52),  # older spelling
    ("Washington", 38.9, -77.04), ("New York", 40.71, -74.0),  # the cities, not the states
])
def test_cities_are_where_the_gazetteer_puts_them(name, lat, lon):
    got = charts.locate(name)
    assert got == pytest.approx((lat, lon), abs=0.1)


@pytest.mark.parametrize("name, south, north, west, east", [
    ("Ukraine", 44, 53, 22, 41), ("France", 41, 51.5, -5, 10), ("Brazil", -34, 5, -74, -34),
    ("Fiji", -21, -12, 176, 180),  # across the antimeridian: the mean must not fall at 0°
    ("Georgia", 41, 44, 40, 47),  # the country wins over the US state
    ("U.S.", 25, 49, -125, -67), ("Britain", 50, 58, -6, 2), ("Soviet Union", 41, 70, 27, 180),  # news forms
    ("Fla", 25, 31, -87, -80), ("Florida", 25, 31, -87, -80),  # the state, not the town in Cuba
    ("Europe", 35, 70, -10, 40),
])
def test_countries_sit_inside_their_borders(name, south, north, west, east):
    lat, lon = charts.locate(name)
    assert south <= lat <= north and (west <= lon <= east or west <= lon + 360 <= east), (lat, lon)


def test_map_labels_never_cover_each_other_and_unknown_places_are_listed():
    names = ["Kyiv", "Kharkiv", "Donetsk", "Luhansk", "Dnipro", "Odesa", "Zaporizhzhia", "Kherson", "Mariupol",
             "Bakhmut", "Moscow", "Minsk", "Warsaw", "Nowhere-on-earth"]
    places = [{"name": n, "count": i + 1} for i, n in enumerate(names)]
    drawn = charts.place_map("m", "Places", places)
    assert drawn["missing"] == ["Nowhere-on-earth"]
    labelled = [d for d in drawn["dots"] if d["label"]]
    assert 4 <= len(labelled) <= 12
    assert sorted(drawn["unlabelled"]) == sorted(d["name"] for d in drawn["dots"] if not d["label"])  # in the caption
    boxes = []
    for dot in labelled:
        width = 0.6 * charts.LABEL_SIZE * len(dot["name"])
        x0 = dot["x"] + dot["dx"] - (width if dot["anchor"] == "end" else 0)
        boxes.append((x0, dot["y"] - 6, x0 + width, dot["y"] + 6))
        assert 0 <= x0 and x0 + width <= drawn["width"]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1], (a, b)
    for box in boxes:  # nor any dot
        for dot in drawn["dots"]:
            if not (box[0] - 3 - dot["r"] <= dot["x"] <= box[2] + 3 + dot["r"] and box[1] <= dot["y"] <= box[3]):
                assert box[2] < dot["x"] - dot["r"] or box[0] > dot["x"] + dot["r"] or \
                    box[3] < dot["y"] - dot["r"] or box[1] > dot["y"] + dot["r"], (box, dot["name"])
    kyiv, moscow = (next(d for d in drawn["dots"] if d["name"] == n) for n in ("Kyiv", "Moscow"))
    assert moscow["x"] > kyiv["x"] and moscow["y"] < kyiv["y"]  # east and north of Kyiv
    assert drawn["height"] > 0 and all(0 <= d["x"] <= drawn["width"] and 0 <= d["y"] <= drawn["height"] for d in drawn["dots"])


def test_a_briefing_map_frames_the_donbas_towns_and_lists_washington_outside():
    """The seed's places: a frame from Washington to Moscow made Bakhmut, Kramatorsk and Donetsk one blob."""
    places = [{"name": n, "count": c} for n, c in [("Bakhmut", 8), ("Ukraine", 6), ("Donetsk", 4), ("Moscow", 3),
                                                    ("Kramatorsk", 1), ("Sloviansk", 1), ("Washington", 1), ("London", 1)]]
    drawn = charts.place_map("m", "Places", places)
    assert drawn["outside"] == ["London", "Washington"]
    dots = {d["name"]: d for d in drawn["dots"]}
    assert "Washington" not in dots and {"Bakhmut", "Donetsk", "Kramatorsk", "Moscow"} <= set(dots)
    apart = math.dist((dots["Bakhmut"]["x"], dots["Bakhmut"]["y"]), (dots["Kramatorsk"]["x"], dots["Kramatorsk"]["y"]))
    assert apart > 8  # about 50 km apart: distinct dots on a 400-unit map
    assert 0.45 * drawn["width"] <= drawn["height"] <= 0.8 * drawn["width"]


def test_svg_templates_escape_names_from_article_text():
    hostile = '<script>alert(1)</script> & "Co"'
    drawn = charts.place_map("m", "Places", [{"name": "London", "count": 2, "url": "../x/"}])
    drawn["dots"][0]["name"] = hostile
    figure = environment().get_template("svg/map.svg.j2").render(map=drawn)
    root = ET.fromstring(figure)  # well-formed XML: nothing broke out of its attribute or element
    assert root.find(f".//{SVG}script") is None and "<script>" not in figure
    assert hostile in "".join(root.itertext())
    chart = charts.bar_chart("c", hostile, "mentions", "month", [("2023-01", 1)])
    root = ET.fromstring(environment().get_template("svg/bar.svg.j2").render(chart=chart))
    assert root.find(f"{SVG}svg/{SVG}title").text == hostile


# --- the built seed site ---------------------------------------------------------------


class _Page(HTMLParser):
    """What a page asks the browser to fetch, its headings, and its SVG pictures."""

    FETCHED = {("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
               ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"), ("image", "href"),
               ("use", "href")}

    def __init__(self):
        super().__init__()
        self.fetched: list[str] = []
        self.headings: list[int] = []
        self.ids: set[str] = set()
        self.svgs: list[dict] = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src", "data"):
            if (tag, name) in self.FETCHED and attrs.get(name):
                if tag == "link" and attrs.get("rel") in ("canonical", "alternate"):
                    continue  # not fetched by the page
                self.fetched.append(attrs[name])
        if "style" in attrs:
            self.fetched += re.findall(r"url\(['\"]?([^'\")]+)", attrs["style"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "svg" and "aria-labelledby" in attrs:
            self.svgs.append(attrs)


def _pages(site: Path) -> dict[str, _Page]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        parser = _Page()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(site).as_posix()] = parser
    return pages


@pytest.fixture(scope="module")
def site_pages(seed_site):
    return _pages(seed_site / "site")


def _remote(url: str) -> bool:
    parsed = urlparse(url)
    return bool(parsed.netloc) or parsed.scheme in ("http", "https") or url.startswith("//")


def test_no_page_asks_for_anything_from_another_host(site_pages, seed_site):
    remote = {f"{page}: {url}" for page, parsed in site_pages.items() for url in parsed.fetched if _remote(url)}
    assert not remote, sorted(remote)[:20]
    for css in (seed_site / "site" / "assets").rglob("*.css"):
        imports = re.findall(r"(?:@import\s+|url\()\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8"))
        assert not imports, css


def test_headings_never_skip_a_level(site_pages):
    for page, parsed in site_pages.items():
        if not parsed.headings:
            continue  # the redirect pages of short links
        assert parsed.headings[0] == 1, (page, parsed.headings)
        assert parsed.headings.count(1) == 1, (page, parsed.headings)
        for before, after in zip(parsed.headings, parsed.headings[1:]):
            assert after <= before + 1, (page, parsed.headings)


def test_every_page_says_its_language(site_pages):
    for page, parsed in site_pages.items():
        assert parsed.lang == "en", page


def test_pictures_are_on_the_pages_that_need_them_with_text_alternatives(site_pages, seed_site):
    briefing = next(p for p in site_pages if re.match(r"\d{4}/\d\d/\d\d/.+/index.html", p))
    entity = "entities/bakhmut/index.html"
    for page, kind in [("index.html", "briefing-bars"), (entity, "briefing-bars"), (briefing, "briefing-places"),
                       ("places/index.html", "briefing-places")]:
        svgs = site_pages[page].svgs
        assert any(kind in s.get("class", "") for s in svgs), page
        for svg in svgs:
            assert svg.get("role") in ("img", "group")
            for ref in svg["aria-labelledby"].split():
                assert ref in site_pages[page].ids, (page, ref)
    html = (seed_site / "site" / briefing).read_text(encoding="utf-8")
    for place in ("Bakhmut", "Moscow"):
        assert re.search(rf"<title>{place}: \d+</title>", html), place
    assert re.search(r"Outside this map: [^<]*London", html)  # far from the Donbas: named, not drawn
    places = (seed_site / "site" / "places/index.html").read_text(encoding="utf-8")
    root = ET.fromstring(re.search(r"<svg class=\"briefing-places\".*?</svg>", places, re.S).group(0))
    links = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert links and all((seed_site / "site" / "places" / href / "index.html").resolve().exists() for href in links)


@pytest.mark.slow
def test_the_nu_html_checker_finds_no_error_from_our_templates(seed_site, capsys):
    """The Nu HTML Checker over every page (``make audit`` installs it into audit/)."""
    import importlib.util
    import shutil

    spec = importlib.util.spec_from_file_location("audit_run", Path(__file__).resolve().parent.parent / "audit" / "run.py")
    audit = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(audit)
    if not audit.VNU_JAR.exists() or not shutil.which("java"):
        pytest.skip("the Nu HTML Checker is not installed: run `npm ci --prefix audit` (needs java)")
    ok = audit.run_vnu(seed_site / "site")
    report = capsys.readouterr().out
    assert ok, report
    assert re.search(r"Nu HTML Checker: \d+ pages, 0 errors", report)


@pytest.mark.slow
def test_a_hostile_headline_stays_text_in_every_part_of_the_page(tmp_path):
    """Reuters headlines put company names in angle brackets; Material prints titles raw in its header bar."""
    import json

    from conftest import SEEDS, make_project
    from generator.build import generate
    from generator.site_build import mkdocs_build
    from generator.config import load_config

    root = make_project(tmp_path / "archive", seeds=False)
    text = next(SEEDS.glob("*.txt")).read_text(encoding="utf-8")
    title = '<Concorde Ventures Inc> <img src=x onerror="alert(1)"> AT&amp;T &lt;b&gt; merger'
    record = {"id": "hostile", "date": "1987-03-12", "title": title, "text": text}
    (root / "seeds" / "hostile.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    config = load_config(root)
    assert not generate(config).errors
    mkdocs_build(config)
    page = next((root / "site" / "1987").rglob("index.html"))
    html = page.read_text(encoding="utf-8")
    assert "<img src=x" not in html and "<concorde" not in html.lower()
    import html as html_lib

    import frontmatter

    shown = frontmatter.load(next((root / "content" / "1987").rglob("*.md")))["title"]
    assert "&" in shown  # a character the page must escape reached the title
    topic = re.search(r'data-md-component="header-topic">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', html, re.S)
    assert html_lib.unescape(topic.group(1)) == shown, topic.group(1)  # the header bar shows the text as written
    assert html_lib.unescape(re.search(r"<title>(.*?)</title>", html).group(1)).startswith(shown)


def test_a_map_draws_the_borders_and_coasts_inside_its_frame_only():
    """Natural Earth's outlines under the dots: a map of Japan has lines, and none far outside its frame."""
    drawn = charts.place_map("m", "Places", [{"name": "Tokyo", "count": 3}, {"name": "Osaka", "count": 1}])
    path = drawn["outline"]
    assert path.startswith("M") and path.count("M") >= 3  # Honshu, Shikoku, Kyushu...
    points = []
    for piece in path.split("M")[1:]:
        start, _, moves = piece.partition("l")
        x, y = map(int, start.split())
        numbers = list(map(int, moves.split()))
        for dx, dy in zip(numbers[::2], numbers[1::2]):
            x, y = x + dx, y + dy
            points.append((x, y))
    margin = 0.2 * drawn["width"]
    assert all(-margin <= x <= drawn["width"] + margin and -margin <= y <= drawn["height"] + margin for x, y in points)
    assert len(path) < 20_000  # a few kilobytes on the page
