"""Tests of the whole extraction on short articles: events per place, dates, status, traps, evidence."""

from __future__ import annotations

from datetime import date

import pytest

from protestwatch.models import Article, Event
from protestwatch.pipeline import Extractor

# A Wednesday: "on Saturday" is 2024-03-09, "on Sunday" 2024-03-10, "next week" 18-24 March.
PUBLISHED = date(2024, 3, 13)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def events(extractor: Extractor, text: str, published: date | None = PUBLISHED) -> tuple[Event, ...]:
    article = Article(id="t", text=text, published=published, published_basis="user" if published else "unknown")
    return extractor.extract(article).events


def where(event: Event) -> tuple[str | None, str | None]:
    assert event.location is not None
    return (event.location.name, event.location.country)


@pytest.mark.parametrize(
    "text, places, day",
    [
        (
            "On Saturday, teachers rallied in Paris, Lyon and Marseille.",
            [("Paris", "FR"), ("Lyon", "FR"), ("Marseille", "FR")],
            date(2024, 3, 9),
        ),
        ("Workers went on strike in Lagos on Sunday.", [("Lagos", "NG")], date(2024, 3, 10)),
    ],
)
def test_pipeline_one_event_per_named_place_with_resolved_date(extractor, text, places, day):
    found = events(extractor, text)
    assert [where(event) for event in found] == places
    for event in found:
        assert (event.date.start, event.date.end, event.date.precision) == (day, day, "day")
        assert event.status == "occurred"


@pytest.mark.parametrize(
    "text, place, issue",
    [
        ("Iranians protested in London against the government in Tehran.", ("London", "GB"), "IR"),
        ("Exiles rallied outside the embassy in Paris against the regime in Minsk.", ("Paris", "FR"), None),
        ("Iranians protested in London on Sunday.", ("London", "GB"), "IR"),
    ],
)
def test_pipeline_diaspora_protest_has_issue_country(extractor, text, place, issue):
    found = events(extractor, text)
    assert [where(event) for event in found] == [place]
    assert found[0].issue_country == issue


@pytest.mark.parametrize(
    "text, status",
    [
        ("Unions will hold a protest in Madrid next week.", "planned"),
        ("Activists called for protests in Madrid on Friday.", "called"),
        ("Farmers are still protesting in Madrid.", "ongoing"),
    ],
)
def test_pipeline_status_comes_through(extractor, text, status):
    found = events(extractor, text)
    assert [event.status for event in found] == [status]


@pytest.mark.parametrize(
    "text, start, end",
    [("Unions will hold a protest in Madrid next week.", date(2024, 3, 18), date(2024, 3, 24))],
)
def test_pipeline_planned_protest_is_dated_in_the_future(extractor, text, start, end):
    (event,) = events(extractor, text)
    assert (event.date.start, event.date.end) == (start, end)


@pytest.mark.parametrize(
    "text",
    [
        "Stock markets rallied on Friday.",
        "The dollar rallied against the euro in London.",
        "Air strikes hit the town overnight.",
        "Residents of Aleppo fled after a drone strike.",
        "Historians in Paris wrote about the march of history.",
        "He protested his innocence in court in Madrid.",
        "The foreign minister lodged a formal protest with the ambassador.",
        "The court hearing was adjourned until Monday.",
        "Delegates attended a conference on climate in Geneva.",
        "Troops marched into the capital.",
        "Riot police stood by in Paris.",
        "The team rallied to win the match in Madrid.",
    ],
)
def test_pipeline_trap_sentences_give_no_event(extractor, text):
    assert events(extractor, text) == ()


@pytest.mark.parametrize(
    "text, place",
    [("protesters gathered in london on sunday", ("London", "GB"))],
)
def test_pipeline_lower_case_text_still_finds_the_place(extractor, text, place):
    found = events(extractor, text)
    assert [where(event) for event in found] == [place]
    assert found[0].date.start == date(2024, 3, 10)


@pytest.mark.parametrize("text", ["Protesters gathered in London on Sunday.", "Teachers marched in Lagos on Sunday."])
def test_pipeline_without_publication_date_leaves_date_null(extractor, text):
    found = events(extractor, text, published=None)
    assert len(found) == 1
    assert (found[0].date.start, found[0].date.end, found[0].date.precision) == (None, None, "unknown")


@pytest.mark.parametrize(
    "text",
    [
        "Thousands of people marched in Berlin on Saturday, demanding higher wages. Police arrested 40 protesters.",
        "Headline\nThe union organised a march in Leeds on Sunday.\nProtesters condemned President Jair Bolsonaro.",
    ],
)
def test_pipeline_evidence_offsets_lie_inside_the_text(extractor, text):
    found = events(extractor, text)
    assert found
    for event in found:
        assert event.evidence
        for item in event.evidence:
            assert 0 <= item.start < item.end <= len(text)
        location = next(item for item in event.evidence if item.field == "location")
        assert event.location is not None
        assert text[location.start : location.end] == event.location.text


@pytest.mark.parametrize(
    "text, low, high, claims",
    [
        (
            "Thousands of people marched in Berlin on Saturday, demanding higher wages. Police arrested 40 protesters.",
            1000,
            9999,
            ["higher wages"],
        ),
    ],
)
def test_pipeline_size_and_claims_ignore_arrest_counts(extractor, text, low, high, claims):
    (event,) = events(extractor, text)
    assert event.size is not None and (event.size.low, event.size.high) == (low, high)
    assert [claim.text for claim in event.claims] == claims


@pytest.mark.parametrize(
    "text, organizers, targets",
    [
        # "the union" resolves to the union the article names; with none named it is no organizer name at all
        ("The union organised a march in Leeds on Sunday.", [], []),
        ("Protesters in Brasilia condemned President Jair Bolsonaro on Sunday.", [], ["Jair Bolsonaro"]),
    ],
)
def test_pipeline_organizers_and_targets(extractor, text, organizers, targets):
    (event,) = events(extractor, text)
    assert [actor.name for actor in event.organizers] == organizers
    assert [actor.name for actor in event.targets] == targets


@pytest.mark.parametrize(
    "text, stated",
    [("Supporters held rallies in a dozen cities across Europe on Saturday, including Paris and Berlin.", 12)],
)
def test_pipeline_campaign_links_events_but_not_its_scope(extractor, text, stated):
    result = extractor.extract(Article(id="t", text=text, published=PUBLISHED, published_basis="user"))
    assert [where(event) for event in result.events] == [("Paris", "FR"), ("Berlin", "DE")]
    (campaign,) = result.campaigns
    assert campaign.stated_places == stated
    assert set(campaign.events) == {event.id for event in result.events}


def test_pipeline_resolves_the_union_to_the_union_named_before(extractor):
    text = (
        "Members of the National Union of Teachers protested in York on Saturday. "
        "The union organised a march in Leeds on Sunday."
    )
    result = extractor.extract(Article(id="u", text=text, published=date(2021, 9, 21), published_basis="user"))
    leeds = next(event for event in result.events if event.location and event.location.name == "Leeds")
    assert [actor.name for actor in leeds.organizers] == ["National Union of Teachers"]
