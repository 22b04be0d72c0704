import datetime as dt
import re

from hypothesis import given, strategies as st

from generator.dates import WEEKDAYS, resolve


def dates_of(briefing):
    return {d.text: (d.date, d.precision) for d in briefing.dates}


def test_seed_004_weekdays_resolve_before_the_article_date(seed_briefings):
    found = dates_of(seed_briefings["004"])  # published Thursday 2023-03-02
    assert found["Wednesday"] == ("2023-03-01", "day")
    assert found["Tuesday"] == ("2023-02-28", "day")
    assert found["Monday"] == ("2023-02-27", "day")


def test_seed_000_relative_months_and_ranges(seed_briefings):
    found = dates_of(seed_briefings["000"])  # published 2022-10-28
    assert found["Last month"] == ("2022-09", "month")
    assert found["July"] == ("2022-07", "month")
    assert found["February 24"] == ("2022-02-24", "day")
    assert found["between Wednesday and Thursday"] == ("2022-10-26/2022-10-27", "day")
    assert found["early Thursday"] == ("2022-10-27", "day")
    assert "the last month" not in found  # a duration ("in the last month"), not a point in time
    assert "more than five months" not in found


def test_dates_keep_original_wording_and_sentence(seed_briefings):
    for briefing in seed_briefings.values():
        for d in briefing.dates:
            assert d.text in briefing.text and d.text in d.context


def test_resolve_common_news_expressions():
    today = dt.date(1987, 3, 11)  # a Wednesday
    assert resolve("yesterday", today) == ("1987-03-10", "day")
    assert resolve("last week", today) == ("1987-03-02", "week")
    assert resolve("last year's", today) == ("1986", "year")
    assert resolve("three days ago", today) == ("1987-03-08", "day")
    assert resolve("April 15", today, future=True) == ("1987-04-15", "day")
    assert resolve("April 15", today) == ("1986-04-15", "day")
    assert resolve("June 30, 1986", today) == ("1986-06-30", "day")
    assert resolve("Wednesday", today) == ("1987-03-11", "day")
    assert resolve("next Monday", today) == ("1987-03-16", "day")
    assert resolve("several weeks", today) is None


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)), st.sampled_from(WEEKDAYS))
def test_a_weekday_is_the_latest_such_day_on_or_before_the_article(today, name):
    date, precision = resolve(f"on {name.title()}", today)
    day = dt.date.fromisoformat(date)
    assert precision == "day" and day.strftime("%A").lower() == name
    assert 0 <= (today - day).days <= 6


@given(st.text(max_size=40), st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)))
def test_resolve_any_text_gives_a_well_formed_date_or_none(expression, today):
    result = resolve(expression, today)
    if result is not None:
        date, precision = result
        assert precision in {"day", "week", "month", "year"}
        assert re.fullmatch(r"\d{4}(?:-\d\d(?:-\d\d(?:/\d{4}-\d\d-\d\d)?)?)?", date)


def test_labels_read_as_dates():
    from generator.dates import label

    assert label("2023-03-01", "day") == "1 Mar 2023"
    assert label("2022-10-26/2022-10-27", "day") == "26–27 Oct 2022"
    assert label("2022-10-24", "week") == "week of 24 Oct 2022"
    assert label("2022-09", "month") == "Sep 2022"
