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
        ("Filed 25/3/2021 in court.", None, "2021-03-25", "2021-03-25", "day", "explicit"),
        ("Filed 3/25/2021 in court.", None, "2021-03-25", "2021-03-25", "day", "explicit"),
        ("They marched on 3.1.2021.", None, "2021-01-03", "2021-01-03", "day", "explicit"),
        ("A rally on 1 March 2020.", TUESDAY, "2020-03-01", "2020-03-01", "day", "explicit"),
        ("A rally on 3 March.", TUESDAY, "2021-03-03", "2021-03-03", "day", "explicit"),
        ("A rally on Friday, 30 July.", TUESDAY, "2021-07-30", "2021-07-30", "day", "explicit"),
        ("May Day rallies were held across Europe.", TUESDAY, "2021-05-01", "2021-05-01", "day", "explicit"),
        ("International Women's Day marches drew thousands.", TUESDAY, "2021-03-08", "2021-03-08", "day", "explicit"),
        ("may day rallies were held across europe.", TUESDAY, "2021-05-01", "2021-05-01", "day", "explicit"),
        ("A strike in March 2019.", None, "2019-03-01", "2019-03-31", "month", "explicit"),
        ("A strike in early March 2019.", None, "2019-03-01", "2019-03-31", "month", "explicit"),
        ("A strike in March.", TUESDAY, "2021-03-01", "2021-03-31", "month", "explicit"),
        ("Protests in mid-June.", TUESDAY, "2021-06-01", "2021-06-30", "month", "explicit"),
        ("A strike in 2019.", None, "2019-01-01", "2019-12-31", "year", "explicit"),
        ("In the summer of 1988, prisoners were killed.", TUESDAY, "1988-01-01", "1988-12-31", "year", "explicit"),
        ("A 20 may 2021 sit-in.", None, "2021-05-20", "2021-05-20", "day", "explicit"),
        # ranges
        ("Sit-ins between 3 and 5 March.", TUESDAY, "2021-03-03", "2021-03-05", "day", "explicit"),
        ("Sit-ins on March 3-5, 2020.", None, "2020-03-03", "2020-03-05", "day", "explicit"),
        ("Sit-ins from 30 March to 2 April 2020.", None, "2020-03-30", "2020-04-02", "day", "explicit"),
        ("Strikes from Monday to Wednesday.", date(2021, 8, 5), "2021-08-02", "2021-08-04", "day", "relative"),
        ("They marched on Monday and Tuesday.", TUESDAY, "2021-08-02", "2021-08-03", "day", "relative"),
        ("Strikes ran from 2 to 4 August.", TUESDAY, "2021-08-02", "2021-08-04", "day", "explicit"),
        # two days running joined by "and" are one range
        ("Workers struck on 19 and 20 August 2020.", None, "2020-08-19", "2020-08-20", "day", "explicit"),
        ("Teachers struck on March 3 and 4, 2020.", None, "2020-03-03", "2020-03-04", "day", "explicit"),
        # weekends: Saturday to Sunday at week precision
        ("They rallied this weekend.", TUESDAY, "2021-07-31", "2021-08-01", "week", "relative"),
        ("They rallied over the weekend.", date(2021, 8, 1), "2021-07-31", "2021-08-01", "week", "relative"),
        ("They rallied last weekend.", TUESDAY, "2021-07-31", "2021-08-01", "week", "relative"),
        ("They will rally this weekend.", TUESDAY, "2021-08-07", "2021-08-08", "week", "relative"),
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
        ("Police came earlier this month.", date(2021, 8, 20), "2021-08-01", "2021-08-20", "month", "relative"),
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
        "The march began at noon.",
        "Protesters may return.",
        "They marched on Independence Day.",
        "Crowds commemorated Bloody Sunday.",
        "Black Friday shoppers stayed home.",
        "The 23-year-old student was detained.",
        "It happened on 9/11.",
        "The camp is staffed 24/7.",
        "Police won 3/1 on penalties.",
        "Only 3/4 of the marchers stayed.",
        "The price rose 3.1 percent.",
        # dates of other events
        "Protests have continued since 2019.",
        "Protests have continued since March.",
        "Farmers have camped there since 26 November 2020.",
        "They remembered the September 11 attacks.",
        "They recalled the March 2011 uprising.",
        "It marked the 10th anniversary of the March 11, 2011 earthquake.",
        "Speakers recalled the anniversary of the 3 June 1989 crackdown.",
        "Pay scales were revised from August 2009.",
        "Workers have been on strike since March this year.",
        "Trains will stop running from Saturday morning.",
        # the page's own dates: timestamps, bylines and datelines
        "Farmers Block Highway 21st June 2015 06:00 AM Farmers blocked the highway.",
        "Residents protest over roads September 25 , 2013 00:00 IST Residents protested.",
        "Express News Service : Pune , Fri Apr 08 2011 , 01:11 hrs Citizens are on a relay fast.",
        "Maids protest PUBLISHED : Monday , 28 July , 2008 , 12:00am Helpers marched.",
        "NEW DELHI, March 3 (Reuters) - Farmers marched.",
        "MUMBAI , MARCH 17 : Students blocked traffic.",
    ],
)
def test_find_dates_ignores_non_dates(text):
    assert find_dates(text, TUESDAY) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Yesterday they marched. On Sunday they rested.", ["Yesterday", "Sunday"]),
        ("Posted on 3 August , 2021 they marched on Sunday , 1 August , 2021.", ["Sunday , 1 August , 2021"]),
        ("Tuesday, August 3, 2021: on Sunday, a rally.", ["Tuesday, August 3, 2021", "Sunday"]),
    ],
)
def test_find_dates_keeps_order_and_longest(text, expected):
    assert [item.text for item in find_dates(text, TUESDAY)] == expected


@pytest.mark.parametrize(
    "text, published, expected",
    [
        # the dateline resolves the weekday; it is not the protest's day itself
        ("Blockade on highway 13th September 2011 08:19 AM ANGUL : Hundreds on Monday blocked the road.",
         date(2011, 9, 13), "2011-09-12"),
        ("Farmers Block Highway 21st June 2015 06:00 AM Farmers on Saturday blocked the highway.",
         date(2015, 6, 21), "2015-06-20"),
        # "Scheduled Caste" is a name, not a plan: the past tense decides
        ("Activists laid siege to the office on Thursday over hostels for Scheduled Caste students.",
         date(2007, 7, 6), "2007-07-05"),
    ],
)  # fmt: skip
def test_find_dates_resolves_weekdays_against_the_dateline(text, published, expected):
    assert [item.start for item in find_dates(text, published)] == [_day(expected)]


@pytest.mark.parametrize(
    "text, previous, expected",
    [
        ("The next day, 500 marched.", date(2021, 8, 1), "2021-08-02"),
        ("They marched again the following day.", date(2021, 7, 31), "2021-08-01"),
        ("A day later the strike spread.", None, None),
        ("Earlier in the day, workers took out a rally.", date(2021, 8, 2), "2021-08-02"),
        ("Later that evening, students held a vigil.", date(2021, 8, 2), "2021-08-02"),
    ],
)
def test_find_dates_counts_the_next_day_from_the_previous_date(text, previous, expected):
    found = find_dates(text, TUESDAY, previous=previous)
    assert len(found) == 1 and found[0].basis == "relative"
    assert found[0].start == (_day(expected) if expected else None)


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
        # timestamps anywhere in the text, in the forms news sites print them
        ("Farmers Block Highway 21st June 2015 06:00 AM Farmers blocked it.", "2015-06-21", "21st June 2015"),
        ("Residents protest September 25 , 2013 00:00 IST Residents protested.", "2013-09-25", "September 25 , 2013"),
        ("Caption on Saturday . April 09 , 2006 00:00 IST Officers said.", "2006-04-09", "April 09 , 2006"),
        ("Express News Service : Pune , Fri Apr 08 2011 , 01:11 hrs Citizens fast.", "2011-04-08", "Apr 08 2011"),
        ("Maids protest PUBLISHED : Monday , 28 July , 2008 , 12:00am Helpers marched.", "2008-07-28",
         "Monday , 28 July , 2008"),
        # the story's own dateline after the page's timestamp: the day it calls "today"
        ("Posted : Fri Feb 12 1999 IST NEW DELHI , February 11 : The department today acted.", "1999-02-11",
         "February 11"),
    ],
)  # fmt: skip
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
        "Students will march on 3 March 2021 at 10:00 to the office.",
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


@pytest.mark.parametrize(
    "text, order, expected",
    [
        ("Protesters gathered on 3/1.", "mdy", "2021-03-01"),
        ("Protesters gathered on 3/1.", "dmy", "2021-01-03"),
        ("Filed 3/1/2021 in court.", "mdy", "2021-03-01"),
        ("Filed 3/1/2021 in court.", "dmy", "2021-01-03"),
        # the text's own unambiguous date fixes the order
        ("On 25/7 police came. Protesters gathered on 3/1.", None, "2021-01-03"),
        ("On 7/25 police came. Protesters gathered on 3/1.", None, "2021-03-01"),
        ("Protesters gathered on 3/3.", None, "2021-03-03"),
    ],
)
def test_find_dates_numeric_order(text, order, expected):
    found = find_dates(text, TUESDAY, order=order)
    assert found[-1].start == _day(expected)


@pytest.mark.parametrize("text", ["Workers struck on 3 and 5 May 2021.", "Teachers struck on March 3 and 5, 2020."])
def test_find_dates_two_days_apart_are_no_range(text):
    assert all(item.start == item.end for item in find_dates(text, None))


@pytest.mark.parametrize("text", ["Protesters gathered on 3/1.", "Filed 3/1/2021 in court."])
def test_find_dates_ambiguous_numeric_date_stays_unresolved(text):
    found = find_dates(text, TUESDAY)
    assert [(item.start, item.precision, item.basis) for item in found] == [(None, "unknown", "explicit")]
    assert found[0].text in text


@pytest.mark.parametrize(
    "text, start",
    [
        # the nearest tense marker decides when the caller does not
        ("They will march on Sunday.", "2021-08-08"),
        ("Organizers said they will march on Sunday.", "2021-08-08"),
        ("A rally is scheduled for Saturday.", "2021-08-07"),
        ("Protesters, who gathered on Sunday, said they will march again.", "2021-08-01"),
        ("They marched on Sunday.", "2021-08-01"),
        ("On Friday, thousands are expected to march.", "2021-08-06"),
    ],
)
def test_find_dates_tense_decides_weekdays(text, start):
    assert [item.start for item in find_dates(text, TUESDAY)] == [_day(start)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The March 3 rally drew thousands.", "2021-03-03"),
        ("Marking the 10th anniversary of the March 11, 2011 earthquake, hundreds marched on Sunday.", "2021-08-01"),
    ],
)
def test_find_dates_keeps_the_protest_date_beside_other_events(text, expected):
    assert [item.start for item in find_dates(text, TUESDAY)] == [_day(expected)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("NEW DELHI, March 3 (Reuters) - Farmers marched against laws passed on Sept. 27, 2020.", "2021-03-03"),
        ("LAGOS, Oct 20 (Reuters) - The protests that began on Oct. 8, 2020 went on.", "2020-10-20"),
    ],
)
def test_publication_date_from_text_yearless_dateline_takes_the_text_year(text, expected):
    found = publication_date_from_text(text)
    assert found is not None and found[0] == _day(expected)


def test_publication_date_from_text_yearless_dateline_without_any_year():
    assert publication_date_from_text("NEW DELHI, March 3 (Reuters) - Farmers marched again on Tuesday.") is None


@pytest.fixture(scope="module")
def extractor():
    from protestwatch.pipeline import Extractor

    return Extractor()


def event_dates(extractor, text: str, published: date | None = TUESDAY) -> list[tuple[str | None, str | None]]:
    from protestwatch.models import Article

    article = Article(id="t", text=text, published=published, published_basis="user" if published else "unknown")
    return [
        (event.date.start.isoformat() if event.date.start else None, event.location.name if event.location else None)
        for event in extractor.extract(article).events
    ]


@pytest.mark.parametrize(
    "text, published, expected",
    [
        # a planned march looks ahead and does not inherit the day of the march before it
        (
            "Teachers marched in Lyon on Saturday. They will march in Paris next month.",
            TUESDAY,
            [("2021-07-31", "Lyon"), ("2021-09-01", "Paris")],
        ),
        ("Teachers will march in Paris on Sunday.", TUESDAY, [("2021-08-08", "Paris")]),
        # a bare year dates the protest only when it is recent
        ("In 2021, farmers marched in Delhi.", TUESDAY, [("2021-01-01", "Delhi")]),
        ("In 2015, farmers marched in Delhi.", TUESDAY, [(None, "Delhi")]),
        # without a publication date, relative dates stay unresolved
        ("Farmers marched in Delhi on Sunday.", None, [(None, "Delhi")]),
        # the text's timestamp resolves "on Saturday" and is not itself the protest's day
        ("Farmers Block Highway 21st June 2015 06:00 AM CHENNAI : Farmers on Saturday blocked the highway in Chennai.",
         None, [("2015-06-20", "Chennai")]),
        ("Doctors Continue Strike 06th October 2014 06:05 AM Junior doctors in Hyderabad continue their strike.",
         None, [(None, "Hyderabad")]),
        ("Police Act 16th December 2009 03:25 AM Students protested in Anantapur today.",
         None, [("2009-12-16", "Anantapur")]),
        # a protest that happened is not dated after publication
        ("Students marched in Delhi to warn leaders who arrive next week.", TUESDAY, [(None, "Delhi")]),
        # a later sentence without a place of its own dates the protest
        ("Students held a candlelight march in Delhi against terrorism. The march was held yesterday.", TUESDAY,
         [("2021-08-02", "Delhi")]),
        # "the next day" counts from the day told before
        ("Teachers marched in Lyon on Saturday. The next day, they marched in Paris.", TUESDAY,
         [("2021-07-31", "Lyon"), ("2021-08-01", "Paris")]),
    ],
)  # fmt: skip
def test_pipeline_dates_events(extractor, text, published, expected):
    assert event_dates(extractor, text, published) == expected
