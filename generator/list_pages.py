"""Long lists made scannable: a month's briefings under a heading per day, with an index of the days.

A month is split across pages of ``render.LIST_PAGE`` briefings
(``render.paginate``); the day index on each of them links every day of
the month to the page and heading where its briefings start.
"""

from __future__ import annotations

import datetime as dt


def day_anchor(date: str) -> str:
    """The heading id of one day on a month page: ``d1987-03-03``."""
    return f"d{date}"


def day_label(date: str) -> str:
    """``1987-03-03`` -> ``Tuesday 3 March 1987``."""
    day = dt.date.fromisoformat(date)
    return f"{day:%A} {day.day} {day:%B %Y}"


def by_day(items: list[dict]) -> list[dict]:
    """A page's items (newest first) in runs of one date: ``{date, label, anchor, items}``."""
    days: list[dict] = []
    for item in items:
        if not days or days[-1]["date"] != item["date"]:
            days.append({"date": item["date"], "label": day_label(item["date"]), "anchor": day_anchor(item["date"]),
                         "items": []})
        days[-1]["items"].append(item)
    return days


def day_index(listed: list[tuple[str, list[dict], dict]]) -> list[dict]:
    """Every day of a paginated month, in calendar order: ``{day, label, count, target}``, the target being
    the page (source path) and heading where the day's briefings start."""
    first_page: dict[str, str] = {}
    counts: dict[str, int] = {}
    for src, items, _ in listed:
        for item in items:
            first_page.setdefault(item["date"], src)
            counts[item["date"]] = counts.get(item["date"], 0) + 1
    return [{"day": dt.date.fromisoformat(date).day, "label": day_label(date), "count": counts[date],
             "target": f"{first_page[date]}#{day_anchor(date)}"} for date in sorted(counts)]
