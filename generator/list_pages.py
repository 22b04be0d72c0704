"""Long lists made scannable: a month's briefings under a heading per day, with an index of the days.

A month's (or an entity's) briefings are split across pages of
``LIST_PAGE`` (``paginate``), numbered from the oldest so each keeps its
address; the day index on each of them links every day of
the month to the page and heading where its briefings start.
"""

from __future__ import annotations

import datetime as dt

LIST_PAGE = 100  # briefings an entity or month page lists; older ones go on numbered pages of this size


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


def paginate(src: str, items: list[dict], size: int = LIST_PAGE) -> list[tuple[str, list[dict], dict]]:
    """Split a newest-first list across pages: ``(source path, items, pager)``, the main page first.

    The main page (``src``) lists the newest; older items go on numbered
    pages of ``size`` counted from the oldest (``<src>/1.md`` holds the first
    ``size`` ever), so a numbered page keeps its content and its address as
    the archive grows, and can be cited like any other.
    """
    total = len(items)
    older_pages = max(0, (total - 1) // size)
    paths = list_paths(src, total, size)
    result = []
    for position, path in enumerate(paths):
        number = older_pages + 1 - position  # 1 = oldest
        first = (number - 1) * size + 1
        last = total if position == 0 else number * size
        pager = {"number": number, "count": older_pages + 1, "first": first, "last": last, "total": total,
                 "newer": paths[position - 1] if position else None,
                 "older": paths[position + 1] if position + 1 < len(paths) else None,
                 "oldest": paths[-1] if position + 1 < len(paths) else None}
        result.append((path, items[total - last: total - first + 1], pager))
    return result


def list_paths(src: str, total: int, size: int = LIST_PAGE) -> list[str]:
    """The pages ``paginate`` splits a list of ``total`` items across, the main page (``src``) first."""
    base = src[: -len(".md")]
    return [src] + [f"{base}/{number}.md" for number in range(max(0, (total - 1) // size), 0, -1)]  # newest first
