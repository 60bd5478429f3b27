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
        ("Teachers in Madrid threatened to go on strike if their salaries are not paid.", "planned"),
        ("Police banned the planned march in Madrid.", "cancelled"),
        ("The union gave a bandh call in Madrid for Monday.", "called"),
        # the protest that happened is the sentence's event, not the strike it threatens
        ("Taxi drivers staged a protest in Madrid on Monday and threatened to strike next week.", "occurred"),
        ("Police detained activists in Madrid ahead of a planned protest.", "planned"),
        ("A court in Madrid barred the union from holding a rally.", "cancelled"),
        ("Dock workers continued to occupy the port gate in Madrid.", "ongoing"),
        ("The nurses' union in Madrid issued a strike notice to the hospital.", "called"),
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
        # a campaign padayatra told over two sentences: the occasion is named once, far from the march
        "The party chief organised a padayatra in Kolkata as part of her election campaign. "
        "Thousands of party supporters marched through Rajabazar and Sealdah.",
        # background protests, vandals nobody saw
        "The council in Madrid scrapped the plan after months of protests.",
        "Unknown persons vandalised a clinic in Madrid overnight, spraying slogans.",
    ],
)
def test_pipeline_trap_sentences_give_no_event(extractor, text):
    assert events(extractor, text) == ()


@pytest.mark.parametrize(
    "text, place, form",
    [
        ("Students marched to the US embassy in Athens to mark the anniversary of the uprising.", "Athens", "march"),
        ("Warehouse workers rallied outside the depot in Leeds ahead of the union election count.", "Leeds", "rally"),
        ("Rioters looted a shopping centre in KwaMashu, Durban (KwaZulu-Natal) on Sunday.", "Durban", "riot"),
        ("Taxi operators blocked roads in Madrid over the new fares.", "Madrid", "blockade"),
        ("Nurses struck for the day at a hospital in Madrid.", "Madrid", "strike"),
        ("Unions held a May Day march in Madrid.", "Madrid", "march"),
    ],
)
def test_pipeline_protests_without_the_usual_words_are_found(extractor, text, place, form):
    (event,) = events(extractor, text)
    assert event.location is not None and event.location.name == place
    assert (event.form, event.status) == (form, "occurred")


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


@pytest.mark.parametrize(
    "text, places",
    [
        # a known town written with the city it lies in is the place; the city is no second event
        ("Residents protested in Soweto, Johannesburg (Gauteng) on Saturday over power cuts.", [("Soweto", "ZA")]),
        ("Students rallied in Foley Square in Manhattan, New York, NY, on Saturday.", [("New York City", "US")]),
        # a name inside a facility's name is not where people were; the place the facility stands in is
        (
            "Several hundred protesters gathered outside the Hennepin County Government Center in Minneapolis, MN, "
            "on Saturday.",
            [("Minneapolis", "US")],
        ),
        # the place of the incident a protest follows is not the protest's place
        (
            "Hundreds of demonstrators rallied at the capitol in St. Paul, MN, on Sunday following the police killing "
            "of a man in Brooklyn Center.",
            [("Saint Paul", "US")],
        ),
        ("Dockworkers of the port of Trieste continued to occupy the port entrance on Sunday.", [("Trieste", "IT")]),
    ],
)
def test_pipeline_place_is_the_most_precise_place_people_were(extractor, text, places):
    assert [where(event) for event in events(extractor, text)] == places


@pytest.mark.parametrize(
    "text, day",
    [
        # numeric dates are read the way the country of the text writes them
        ("Nurses held a picket at a hospital in Oakland, CA, on 9/10/2021.", date(2021, 9, 10)),
        ("Farmers protested outside the DC office in Moga (Punjab) on 9/10/2021.", date(2021, 10, 9)),
        # ... unless the text itself shows its order
        ("Farmers protested in Oakland, CA on 9/10/2021 and again on 25/10/2021.", date(2021, 10, 9)),
    ],
)
def test_pipeline_numeric_dates_follow_the_country(extractor, text, day):
    found = events(extractor, text, published=None)
    assert found and found[0].date.start == day


@pytest.mark.parametrize(
    "text, published, status, day",
    [
        # a protest not held yet is not dated before the report; a later day beats the day of the report
        (
            "On 28 October 2023, the opposition party called a nationwide hartal in Bangladesh for 29 October.",
            date(2023, 10, 28),
            "called",
            date(2023, 10, 29),
        ),
        ("On 12 March 2024, the union announced a rally in Leeds.", PUBLISHED, "called", None),
        (
            "On 25 August 2019, the Joint Resistance Leadership called off a planned march in Srinagar (Jammu and "
            "Kashmir) after authorities imposed restrictions.",
            date(2019, 8, 26),
            "cancelled",
            None,
        ),
    ],
)
def test_pipeline_protest_not_held_yet_takes_no_earlier_date(extractor, text, published, status, day):
    (event,) = events(extractor, text, published=published)
    assert (event.status, event.date.start) == (status, day)


@pytest.mark.parametrize(
    "text, published, places, day",
    [
        # the sentence before a protest sentence sets its scene when the protest sentence names no place or day
        (
            "Nurses walked off the job at Albany Medical Center in Albany, NY, on January 9, 2023, demanding safe "
            "staffing ratios. Roughly 400 nurses joined the picket line.",
            date(2023, 1, 10),
            [("Albany", "US")],
            date(2023, 1, 9),
        ),
        (
            "Tension turned into violence at the junction on Monday evening. Activists protested against a meeting "
            "held there.",
            PUBLISHED,
            [],
            date(2024, 3, 11),
        ),
    ],
)
def test_pipeline_protest_sentence_takes_the_scene_of_its_lead_sentence(extractor, text, published, places, day):
    (event,) = events(extractor, text, published=published)
    assert ([where(event)] if event.location else []) == places
    assert event.date.start == day


@pytest.mark.parametrize(
    "text, places",
    [
        # what may stand between the locative word and the place: an owner, a word for a settlement
        ("Thousands of people protested in the Kenyan capital, Nairobi, on Saturday.", [("Nairobi", "KE")]),
        ("Traders in Pakistan's Hyderabad went on strike on Saturday.", [("Hyderabad", "PK")]),
        ("Hundreds rallied in the Uttar Pradesh capital Lucknow on Saturday.", [("Lucknow", "IN")]),
        ("Villagers protested in the district of Kupwara on Saturday.", [("Kupwāra", "IN")]),
        # a comma and a locative word end what the protest is about (the attack's place would give way to the dateline)
        (
            "NEW DELHI : Activists protested against the recent attack on party leaders, in Raipur on Saturday.",
            [("Raipur", "IN")],
        ),
        # a locality and its city that the tagger takes for a person's name are still the place
        ("On Saturday, around 300 residents protested in Dakar - Pikine (Dakar) over water cuts.", [("Pikine", "SN")]),
        ("On Saturday, traders held a shutter-down strike in Bale Robe (Oromia) over taxes.", [("Bale Robe", "ET")]),
    ],
)
def test_pipeline_place_phrases_of_news_and_coder_notes(extractor, text, places):
    assert [where(event) for event in events(extractor, text)] == places


# -- several articles at once (issue 8) -----------------------------------------------------------------------

BATCH = {
    "berlin": "On Sunday, 300 teachers rallied in Berlin against school closures. Maria Keller of the Teachers "
    "Union spoke.",
    "budget": "The city council of Madrid approved the budget on Monday after a long debate.",
    "lagos": "Workers went on strike in Lagos on Sunday, the Nigeria Labour Congress (NLC) said.",
    "empty": "   ",
    "german": "Am Sonntag demonstrierten Tausende Lehrer in Berlin gegen Schulschließungen.",
    "paris": "On Saturday, nurses marched in Paris and Lyon, demanding higher pay.",
}


class _FailingOn:
    """An entity recognizer that fails on any sentence holding ``marker`` and is the real one elsewhere."""

    def __init__(self, nlp: object, marker: str) -> None:
        self.nlp, self.marker = nlp, marker

    def pipe(self, texts: list[str], **options: object) -> object:
        if any(self.marker in text for text in texts):
            raise ValueError(f"cannot read {self.marker}")
        return self.nlp.pipe(texts, **options)  # type: ignore[attr-defined]


def batch_articles(texts: dict[str, str]) -> list[Article]:
    return [Article(id=name, text=text, published=PUBLISHED) for name, text in texts.items()]


@pytest.mark.parametrize("names", [list(BATCH), ["paris", "berlin"], ["lagos"]])
def test_extract_batch_gives_each_article_what_extract_gives(extractor, names):
    articles = batch_articles({name: BATCH[name] for name in names})
    alone = [extractor.extract(article).to_dict() for article in articles]
    assert [result.to_dict() for result in extractor.extract_batch(articles)] == alone
    assert [result.to_dict() for result in extractor.extract_all(iter(articles))] == alone
    assert sum(len(result["events"]) for result in alone) >= 1


@pytest.mark.parametrize("marker", ["Lagos"])
def test_extract_batch_keeps_a_failing_article_to_itself(extractor, marker):
    failing = Extractor(nlp=_FailingOn(extractor.nlp, marker), gazetteer=extractor.gazetteer)  # type: ignore[arg-type]
    articles = batch_articles(BATCH)
    results = failing.extract_batch(articles)
    assert [result.article.id for result in results] == list(BATCH)
    for article, result in zip(articles, results, strict=True):
        if marker in article.text:
            assert result.article.error == f"extraction failed: ValueError: cannot read {marker}"
            assert result.events == ()
        else:
            assert result.to_dict() == extractor.extract(article).to_dict()


@pytest.mark.parametrize("max_seconds", [0.5])
def test_extract_batch_stops_a_slow_article_and_keeps_the_others(extractor, max_seconds):
    limited = Extractor(nlp=extractor.nlp, gazetteer=extractor.gazetteer, max_seconds=max_seconds)
    slow = Article(id="slow", text="Thousands of teachers marched in Berlin on Sunday against budget cuts. " * 20_000)
    articles = batch_articles({"paris": BATCH["paris"]}) + [slow] + batch_articles({"berlin": BATCH["berlin"]})
    results = limited.extract_batch(articles)
    assert results[1].article.error == (
        f"extraction took more than max_seconds={max_seconds:g}; split the article or raise the limit"
    )
    assert [results[0].to_dict(), results[2].to_dict()] == [extractor.extract(articles[i]).to_dict() for i in (0, 2)]
