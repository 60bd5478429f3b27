"""Tests of the offline gazetteer: finding place names in text and resolving them."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from protestwatch.geo import Gazetteer, GeoContext
from protestwatch.models import Place

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def gazetteer_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gazetteer-cache")


@pytest.fixture(scope="module")
def gazetteer(gazetteer_cache: Path) -> Gazetteer:
    return Gazetteer.load(gazetteer_cache)


def resolve_all(gazetteer: Gazetteer, text: str) -> list[Place]:
    context = gazetteer.context(text)
    places = [gazetteer.resolve(match, text, context) for match in gazetteer.find(text)]
    return [place for place in places if place is not None]


def only_place(gazetteer: Gazetteer, text: str, written: str) -> Place:
    places = [place for place in resolve_all(gazetteer, text) if place.text == written]
    assert len(places) == 1, f"{written!r} in {text!r}: {places}"
    return places[0]


@pytest.mark.parametrize(
    "text, written, name, country, precision",
    [
        ("Protesters gathered in The Haque on Tuesday.", "The Haque", "The Hague", "NL", "city"),
        ("Iranians gathered in front of the UN headquarter in NewYork.", "NewYork", "New York City", "US", "city"),
        ("In Germany, rallies were held in Berlin and Munster.", "Munster", "Münster", "DE", "city"),
        ("Similar protests were held in Paris on Tuesday.", "Paris", "Paris", "FR", "city"),
        ("A rally was held in Paris, Texas, on Sunday.", "Paris", "Paris", "US", "city"),
        ("Supporters in London, United Kingdom, held a rally.", "London", "London", "GB", "city"),
        ("In another rally in Italy, Iranians gathered.", "Italy", "Italy", "IT", "country"),
        ("a protest in london drew crowds", "london", "London", "GB", "city"),
        ("Crowds marched through New York on Friday.", "New York", "New York City", "US", "city"),
        ("Farmers marched across New York state.", "New York", "New York", "US", "admin1"),
        ("They rallied in Bucharest, Romania and condemned him.", "Bucharest", "Bucharest", "RO", "city"),
        ("Thousands marched in Rio de Janeiro on Saturday.", "Rio de Janeiro", "Rio de Janeiro", "BR", "city"),
        ("Farmers camped in New Delhi for months.", "New Delhi", "New Delhi", "IN", "city"),
        ("In Washington, demonstrators marched.", "Washington", "Washington", "US", "city"),
    ],
)
def test_resolve_picks_the_place(
    gazetteer: Gazetteer, text: str, written: str, name: str, country: str, precision: str
) -> None:
    place = only_place(gazetteer, text, written)
    assert (place.name, place.country, place.precision) == (name, country, precision)
    assert place.lat is not None and place.lon is not None
    assert text[place.span.start : place.span.end] == written if place.span else False


@pytest.mark.parametrize(
    "text, written, admin1",
    [
        ("Teachers rallied in Austin, TX on Monday.", "Austin", "Texas"),
        ("A rally was held in Paris, Texas, on Sunday.", "Paris", "Texas"),
    ],
)
def test_resolve_us_qualifier_gives_state(gazetteer: Gazetteer, text: str, written: str, admin1: str) -> None:
    place = only_place(gazetteer, text, written)
    assert (place.country, place.admin1) == ("US", admin1)


@pytest.mark.parametrize(
    "text, qualifier",
    [
        ("Teachers rallied in Austin, TX on Monday.", "US-TX"),
        ("Supporters in London, United Kingdom, held a rally.", "GB"),
        ("Reading, England saw a march.", "GB"),
    ],
)
def test_find_reads_qualifier_as_one_place(gazetteer: Gazetteer, text: str, qualifier: str) -> None:
    matches = gazetteer.find(text)
    assert len(matches) == 1
    assert matches[0].qualifier == qualifier
    assert matches[0].qualifier_end is not None and matches[0].qualifier_end > matches[0].span.end


@pytest.mark.parametrize(
    "text, venue, city, country",
    [
        ("They rallied in front of the U.S. Capitol on Sunday.", "U.S. Capitol", "Washington", "US"),
        ("50 protesters gathered in front of the EU Commission in Brussels.", "European Commission", "Brussels", "BE"),
        ("Iranians gathered in front of the UN headquarter in NewYork.", "UN Headquarters", "New York City", "US"),
        ("Protesters gathered in Schuman Square.", "Schuman Square", "Brussels", "BE"),
        ("Demonstrators marched to the White House.", "White House", "Washington", "US"),
        ("Farmers blocked roads near Jantar Mantar.", "Jantar Mantar", "New Delhi", "IN"),
    ],
)
def test_resolve_venue_gives_its_city(gazetteer: Gazetteer, text: str, venue: str, city: str, country: str) -> None:
    places = [place for place in resolve_all(gazetteer, text) if place.precision == "venue"]
    assert len(places) == 1
    assert (places[0].venue, places[0].name, places[0].country) == (venue, city, country)
    assert places[0].geonames_id is not None


@pytest.mark.parametrize(
    "text",
    [
        "March was a cold month.",
        "Reading the report, he frowned.",
        "Nice to see you all.",
        "Police said the crowd dispersed.",
        "Hope remained among the marchers.",
        "the Washington Post reported the march.",
        "Sydney Smith said the rally was peaceful.",
        "The New York Times reported it.",
        "Hey held banners urging action.",
        "They told us the story.",
        "Mr Grant spoke at Independence Hall.",
        "The European Union and Amnesty International condemned it.",
    ],
)
def test_find_skips_words_and_longer_names(gazetteer: Gazetteer, text: str) -> None:
    assert gazetteer.find(text) == []


@pytest.mark.parametrize(
    "text, common_word",
    [("They marched in Reading on Saturday.", True), ("They marched in Jackson on Saturday.", True)],
)
def test_find_keeps_common_word_after_preposition(gazetteer: Gazetteer, text: str, common_word: bool) -> None:
    matches = gazetteer.find(text)
    assert len(matches) == 1 and matches[0].common_word is common_word


@pytest.mark.parametrize(
    "text, exact",
    [("rallies in The Haque", False), ("rallies in NewYork", False), ("rallies in The Hague", True)],
)
def test_find_marks_inexact_matches(gazetteer: Gazetteer, text: str, exact: bool) -> None:
    matches = gazetteer.find(text)
    assert len(matches) == 1 and matches[0].exact is exact


@pytest.mark.parametrize(
    "text, start, end, found",
    [("Paris and Berlin and Rome", 10, None, ["Berlin", "Rome"]), ("Paris and Berlin and Rome", 0, 9, ["Paris"])],
)
def test_find_respects_bounds(gazetteer: Gazetteer, text: str, start: int, end: int | None, found: list[str]) -> None:
    assert [match.span.text for match in gazetteer.find(text, start, end)] == found


@pytest.mark.parametrize(
    "word, country",
    [
        ("Iranians", "IR"),
        ("Iranian", "IR"),
        ("Iranian-American", "IR"),
        ("British", "GB"),
        ("Americans", "US"),
        ("German", "DE"),
        ("Protesters", None),
    ],
)
def test_demonym_country(gazetteer: Gazetteer, word: str, country: str | None) -> None:
    assert gazetteer.demonym_country(word) == country


@pytest.mark.parametrize("code, name", [("DE", "Germany"), ("NL", "Netherlands"), ("XX", None)])
def test_country_name(gazetteer: Gazetteer, code: str, name: str | None) -> None:
    assert gazetteer.country_name(code) == name


@pytest.mark.parametrize(
    "text, countries, admin1, dateline",
    [
        ("BERLIN (Reuters) - Germans marched in Germany.", {"DE"}, set(), "DE"),
        ("NEW DELHI: Farmers protested.", set(), set(), "IN"),
        ("Iranians rallied in Austin, TX and in Ohio.", {"IR", "US"}, {"US-TX", "US-OH"}, None),
    ],
)
def test_context_counts_countries_states_and_dateline(
    gazetteer: Gazetteer, text: str, countries: set[str], admin1: set[str], dateline: str | None
) -> None:
    context = gazetteer.context(text)
    assert isinstance(context, GeoContext)
    assert countries <= set(context.countries)
    assert admin1 <= set(context.admin1)
    assert context.dateline_country == dateline


@pytest.mark.parametrize(
    "code, south, north, west, east",
    [
        ("IT", 36.5, 47.1, 6.6, 18.6),
        ("US", 24.5, 49.5, -125.0, -66.9),
        ("DE", 47.2, 55.1, 5.8, 15.1),
        ("HR", 42.3, 46.6, 13.4, 19.5),
    ],
)
def test_country_coordinates_fall_inside(
    gazetteer: Gazetteer, code: str, south: float, north: float, west: float, east: float
) -> None:
    name = gazetteer.country_name(code)
    assert name is not None
    place = only_place(gazetteer, f"Protests spread in {name} today.", name)
    assert place.precision == "country" and place.country == code
    assert place.lat is not None and place.lon is not None
    assert south <= place.lat <= north and west <= place.lon <= east


@pytest.mark.parametrize("repeat", [1])
def test_load_from_cache_is_fast(gazetteer: Gazetteer, gazetteer_cache: Path, repeat: int) -> None:
    started = time.perf_counter()
    for _ in range(repeat):
        Gazetteer.load(gazetteer_cache)
    assert time.perf_counter() - started < 2.0 * repeat


@pytest.mark.parametrize(
    "article, expected",
    [
        (
            "003_69a2032b00ff9d11.txt",
            {
                ("London", "GB"),
                ("Italy", "IT"),
                ("Bucharest", "RO"),
                ("Berlin", "DE"),
                ("Münster", "DE"),
                ("Paris", "FR"),
                ("The Hague", "NL"),
                ("Bern", "CH"),
                ("Brussels", "BE"),
                ("Washington", "US"),
            },
        ),
        ("000_80a7b1ff135b5445.txt", {("New York City", "US"), ("Brussels", "BE")}),
    ],
)
def test_example_articles_give_expected_places(
    gazetteer: Gazetteer, article: str, expected: set[tuple[str, str]]
) -> None:
    text = (EXAMPLES / article).read_text(encoding="utf-8")
    found = {(place.name, place.country) for place in resolve_all(gazetteer, text)}
    assert expected <= found
