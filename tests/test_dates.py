"""Tests for dates: find_dates and publication_date_from_text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from protestwatch.dates import find_dates, publication_date_from_text

TUESDAY = date(2021, 8, 3)  # the publication date of example 003
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _day(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    "text, published, start, end, precision, basis",
    [
        # explicit
        ("They met on 20 September 2021.", TUESDAY, "2021-09-20", "2021-09-20", "day", "explicit"),
        ("They met on September 20, 2021.", None, "2021-09-20", "2021-09-20", "day", "explicit"),
        ("It began on 1 March 2020.", None, "2020-03-01", "2020-03-01", "day", "explicit"),
        ("A rally on the 21st of September 2019.", None, "2019-09-21", "2019-09-21", "day", "explicit"),
        ("A rally on Sept. 20.", date(2021, 9, 25), "2021-09-20", "2021-09-20", "day", "explicit"),
        ("A rally on March 3.", TUESDAY, "2021-03-03", "2021-03-03", "day", "explicit"),
        ("A rally on Aug 30.", TUESDAY, "2021-08-30", "2021-08-30", "day", "explicit"),  # within a month ahead
        ("A rally on December 20.", date(2021, 1, 5), "2020-12-20", "2020-12-20", "day", "explicit"),
        ("Filed 2021-09-21 in court.", None, "2021-09-21", "2021-09-21", "day", "explicit"),
        ("Filed 3/1/2021 in court.", None, "2021-03-01", "2021-03-01", "day", "explicit"),
        ("A strike in March 2019.", None, "2019-03-01", "2019-03-31", "month", "explicit"),
        ("A strike in early March 2019.", None, "2019-03-01", "2019-03-31", "month", "explicit"),
        ("A strike in March.", TUESDAY, "2021-03-01", "2021-03-31", "month", "explicit"),
        ("Protests since mid-June.", TUESDAY, "2021-06-01", "2021-06-30", "month", "explicit"),
        ("A strike in 2019.", None, "2019-01-01", "2019-12-31", "year", "explicit"),
        ("In the summer of 1988, prisoners were killed.", TUESDAY, "1988-01-01", "1988-12-31", "year", "explicit"),
        ("A 20 may 2021 sit-in.", None, "2021-05-20", "2021-05-20", "day", "explicit"),
        # ranges
        ("Sit-ins between 3 and 5 March.", TUESDAY, "2021-03-03", "2021-03-05", "day", "explicit"),
        ("Sit-ins on March 3-5, 2020.", None, "2020-03-03", "2020-03-05", "day", "explicit"),
        ("Sit-ins from 30 March to 2 April 2020.", None, "2020-03-30", "2020-04-02", "day", "explicit"),
        ("Strikes from Monday to Wednesday.", date(2021, 8, 5), "2021-08-02", "2021-08-04", "day", "relative"),
        # weekdays: on or before publication
        ("On Sunday, they rallied.", TUESDAY, "2021-08-01", "2021-08-01", "day", "relative"),
        ("Similar protests were held on Tuesday.", TUESDAY, "2021-08-03", "2021-08-03", "day", "relative"),
        ("They marched Friday.", TUESDAY, "2021-07-30", "2021-07-30", "day", "relative"),
        ("They marched last Friday.", TUESDAY, "2021-07-30", "2021-07-30", "day", "relative"),
        ("They marched last Tuesday.", TUESDAY, "2021-07-27", "2021-07-27", "day", "relative"),
        ("They will march next Tuesday.", TUESDAY, "2021-08-10", "2021-08-10", "day", "relative"),
        ("They will march next Friday.", TUESDAY, "2021-08-06", "2021-08-06", "day", "relative"),
        # other relative words
        ("Police came yesterday.", TUESDAY, "2021-08-02", "2021-08-02", "day", "relative"),
        ("Police came last night.", TUESDAY, "2021-08-02", "2021-08-02", "day", "relative"),
        ("Police came the day before yesterday.", TUESDAY, "2021-08-01", "2021-08-01", "day", "relative"),
        ("Police came three days ago.", TUESDAY, "2021-07-31", "2021-07-31", "day", "relative"),
        ("Police came last week.", TUESDAY, "2021-07-26", "2021-08-01", "week", "relative"),
        ("Police came this week.", TUESDAY, "2021-08-02", "2021-08-03", "week", "relative"),
        ("Police will come next week.", TUESDAY, "2021-08-09", "2021-08-15", "week", "relative"),
        ("Police came earlier this month.", TUESDAY, "2021-08-01", "2021-08-03", "month", "relative"),
        ("Police came last month.", TUESDAY, "2021-07-01", "2021-07-31", "month", "relative"),
        ("Police came last month.", date(2021, 1, 12), "2020-12-01", "2020-12-31", "month", "relative"),
        # publication day
        ("Thousands marched today.", TUESDAY, "2021-08-03", "2021-08-03", "day", "publication"),
        ("Thousands marched this morning.", TUESDAY, "2021-08-03", "2021-08-03", "day", "publication"),
        ("Thousands will march tonight.", TUESDAY, "2021-08-03", "2021-08-03", "day", "publication"),
        ("Simultaneously, expatriates held protests.", TUESDAY, "2021-08-03", "2021-08-03", "day", "publication"),
        ("Simultaneous with the speech, 50 gathered.", TUESDAY, "2021-08-03", "2021-08-03", "day", "publication"),
    ],
)
def test_find_dates_resolves(text, published, start, end, precision, basis):
    found = find_dates(text, published)
    assert len(found) == 1, found
    assert (found[0].start, found[0].end) == (_day(start), _day(end))
    assert (found[0].precision, found[0].basis) == (precision, basis)
    assert found[0].span is not None and text[found[0].span.start : found[0].span.end] == found[0].text


@pytest.mark.parametrize(
    "text, future, start",
    [
        ("They will march on Saturday.", True, "2021-08-07"),
        ("They will march on Tuesday.", True, "2021-08-03"),
        ("They marched on Saturday.", False, "2021-07-31"),
        ("They will march last Saturday.", True, "2021-07-31"),
    ],
)
def test_find_dates_future_weekdays(text, future, start):
    found = find_dates(text, TUESDAY, future=future)
    assert [item.start for item in found] == [_day(start)]


@pytest.mark.parametrize(
    "text, basis",
    [
        ("On Sunday, they rallied.", "relative"),
        ("Similar protests were held on Tuesday.", "relative"),
        ("Police came yesterday.", "relative"),
        ("Thousands marched today.", "publication"),
        ("A rally on March 3.", "explicit"),
        ("A strike in March.", "explicit"),
    ],
)
def test_find_dates_unresolved_without_published(text, basis):
    found = find_dates(text, None)
    assert len(found) == 1
    assert (found[0].start, found[0].end, found[0].precision, found[0].basis) == (None, None, "unknown", basis)
    assert found[0].text


@pytest.mark.parametrize(
    "text",
    [
        "The march ended at noon.",
        "Protesters may gather again.",
        "They march 20 miles a day.",
        "The Sunday Times reported it.",
        "According to the Sunday Herald, nobody came.",
        "A man aged 20 was arrested.",
        "A 20-year-old was arrested.",
        "March of Dimes volunteers joined.",
        "They joined the March for Our Lives.",
        "He recalled the 1988 massacre.",
        "USA Today reported it.",
        "Demonstrations in 13 cities across 2 continents.",
        "Mayor Smith spoke on Sundays.",
    ],
)
def test_find_dates_ignores_non_dates(text):
    assert find_dates(text, TUESDAY) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Yesterday they marched. On Sunday they rested.", ["Yesterday", "Sunday"]),
        ("Tuesday, August 3, 2021: on Sunday, a rally.", ["Tuesday, August 3, 2021", "Sunday"]),
    ],
)
def test_find_dates_keeps_order_and_longest(text, expected):
    assert [item.text for item in find_dates(text, TUESDAY)] == expected


@pytest.mark.parametrize(
    "text, start",
    [
        ("Nothing here. Then on Sunday, 50 gathered; yesterday police came.", 14),
        ("Intro text. A strike on 20 September 2021 in Brussels.", 12),
    ],
)
def test_find_dates_spans_are_absolute(text, start):
    found = find_dates(text, TUESDAY, start=start)
    assert found
    for item in found:
        assert item.span is not None and item.span.start >= start
        assert text[item.span.start : item.span.end] == item.span.text == item.text


@pytest.mark.parametrize("end, count", [(None, 2), (20, 1)])
def test_find_dates_respects_window(end, count):
    assert len(find_dates("On Sunday they met. Yesterday they marched.", TUESDAY, end=end)) == count


@pytest.mark.parametrize(
    "text, expected, span_text",
    [
        ("Yesterday, 20 September 2021, in a conference held in NY", "2021-09-21", "Yesterday, 20 September 2021"),
        ("Today, 21 September 2021, thousands marched.", "2021-09-21", "Today, 21 September 2021"),
        ("NEW DELHI, Sept 21, 2021 (Reuters) - Police said", "2021-09-21", "Sept 21, 2021"),
        ("21 September 2021 — Protesters gathered.", "2021-09-21", "21 September 2021"),
        (
            "Iranians Rally in Berlin\nTuesday, August 3, 2021\nThey marched on 5 May 2020.",
            "2021-08-03",
            "Tuesday, August 3, 2021",
        ),
        ("Iranians Rally in Berlin\nPublished: 2021-08-03\nThey marched.", "2021-08-03", "2021-08-03"),
    ],
)
def test_publication_date_from_text_reads_anchors(text, expected, span_text):
    found = publication_date_from_text(text)
    assert found is not None
    assert found[0] == _day(expected)
    assert found[1].text == span_text == text[found[1].start : found[1].end]


@pytest.mark.parametrize(
    "text",
    [
        "Protests on 5 May 2020 were large.",
        "On Sunday, they rallied. Yesterday police came.",
        "Title\nThe rally of 3 March 2019 was recalled by speakers at length today.",
        "A rally on Sept. 21 was announced.",
    ],
)
def test_publication_date_from_text_needs_an_anchor(text):
    assert publication_date_from_text(text) is None


@pytest.mark.parametrize(
    "name, expected",
    [("000_80a7b1ff135b5445.txt", date(2021, 9, 21)), ("003_69a2032b00ff9d11.txt", None)],
)
def test_publication_date_from_text_examples(name, expected):
    path = EXAMPLES / name
    found = publication_date_from_text(path.read_text(encoding="utf-8"))
    assert (found[0] if found else None) == expected
