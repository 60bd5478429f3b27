"""Tests of the exporters: each format reads back with the values it was given."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date

import pytest

from protestwatch.export import CSV_COLUMNS, EXPORTERS, write_csv, write_geojson, write_jsonl, write_table
from protestwatch.models import (
    Actor,
    Article,
    Claim,
    CrowdSize,
    DateRange,
    Event,
    ExtractionResult,
    Place,
)

TRICKY_CLAIM = 'free "all", now,\nand; forever'


def make_results() -> list[ExtractionResult]:
    """Return three articles: two events (one without a location), none, and one errored."""
    located = Event(
        id="000_a#1",
        form="rally",
        status="occurred",
        date=DateRange(start=date(2021, 9, 21), end=date(2021, 9, 22), precision="day", basis="explicit"),
        location=Place(
            text="Brussels",
            name="Brussels",
            admin1="Brussels Capital",
            country="BE",
            lat=50.8505,
            lon=4.3488,
            precision="venue",
            venue="Schuman Square",
        ),
        size=CrowdSize(low=50, high=50, text="50 protesters"),
        organizers=(Actor(name="National Council of Resistance of Iran", aliases=("NCRI",)), Actor(name="X")),
        participants=(Actor(name="Iranians"),),
        targets=(Actor(name="Ebrahim Raisi"),),
        claims=(Claim(text=TRICKY_CLAIM), Claim(text="justice")),
        issue_country="IR",
        campaign="000_a~c1",
        confidence=0.9,
    )
    unlocated = Event(
        id="000_a#2",
        form="march",
        status="planned",
        date=DateRange(),
        location=None,
        size=CrowdSize(low=200, high=None, text="at least 200"),
    )
    return [
        ExtractionResult(
            article=Article(
                id="000_a",
                text="…",
                title="Rally, “Brüssel”",
                url="https://example.org/a",
                published=date(2021, 9, 21),
            ),
            events=(located, unlocated),
        ),
        ExtractionResult(article=Article(id="001_b", text="Nothing happened.")),
        ExtractionResult(article=Article(id="002_c", text="", error="empty text")),
    ]


def one_at_a_time() -> Iterator[ExtractionResult]:
    yield from make_results()


def export(name: str, results: object) -> tuple[str, int]:
    stream = io.StringIO(newline="")
    count = EXPORTERS[name](results, stream)  # type: ignore[arg-type]
    return stream.getvalue(), count


@pytest.mark.parametrize("name", ["jsonl", "csv", "geojson", "table"])
def test_export_registry_takes_generators(name: str) -> None:
    assert export(name, one_at_a_time()) == export(name, make_results())


@pytest.mark.parametrize("name, expected", [("jsonl", 2), ("csv", 2), ("geojson", 1), ("table", 2)])
def test_export_returns_events_written(name: str, expected: int) -> None:
    assert export(name, make_results())[1] == expected


@pytest.mark.parametrize("name", ["jsonl", "csv", "geojson", "table"])
def test_export_consumes_lazily(name: str) -> None:
    """The first article is written before the second is asked for."""
    stream = io.StringIO(newline="")

    def failing() -> Iterator[ExtractionResult]:
        yield make_results()[0]
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        EXPORTERS[name](failing(), stream)
    assert "000_a" in stream.getvalue()


@pytest.mark.parametrize("results", [make_results(), []])
def test_export_jsonl_is_the_contract(results: list[ExtractionResult]) -> None:
    stream = io.StringIO()
    write_jsonl(results, stream)
    lines = stream.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == [result.to_dict() for result in results]
    # ensure_ascii=False: the text is readable as written.
    assert all("\\u" not in line for line in lines)


@pytest.mark.parametrize("results", [make_results()])
def test_export_csv_reads_back(results: list[ExtractionResult]) -> None:
    stream = io.StringIO(newline="")
    write_csv(results, stream)
    rows = list(csv.DictReader(io.StringIO(stream.getvalue(), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [row["event_id"] for row in rows] == ["000_a#1", "000_a#2"]
    first, second = rows
    assert first["claims"] == TRICKY_CLAIM + "; justice"
    assert first["organizers"] == "National Council of Resistance of Iran; X"
    assert first["title"] == "Rally, “Brüssel”"
    assert (first["event_date"], first["date_end"], first["published"]) == (
        "2021-09-21",
        "2021-09-22",
        "2021-09-21",
    )
    assert (first["latitude"], first["longitude"], first["country"]) == ("50.8505", "4.3488", "BE")
    assert (first["size_low"], first["size_high"], first["confidence"]) == ("50", "50", "0.9")
    assert (first["venue"], first["geo_precision"], first["campaign"]) == (
        "Schuman Square",
        "venue",
        "000_a~c1",
    )
    # The event without a location is kept, with empty place cells.
    assert (second["location"], second["latitude"], second["size_high"]) == ("", "", "")


@pytest.mark.parametrize("results", [[]])
def test_export_csv_empty_has_header(results: list[ExtractionResult]) -> None:
    stream = io.StringIO(newline="")
    assert write_csv(results, stream) == 0
    assert stream.getvalue() == ",".join(CSV_COLUMNS) + "\n"


@pytest.mark.parametrize("results", [make_results(), [], make_results()[1:]])
def test_export_geojson_reads_back(results: list[ExtractionResult]) -> None:
    stream = io.StringIO()
    count = write_geojson(results, stream)
    collection = json.loads(stream.getvalue())
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == count
    events = [event for result in results for event in result.events if event.location is not None]
    assert [feature["properties"]["event_id"] for feature in collection["features"]] == [e.id for e in events]
    for feature, event in zip(collection["features"], events, strict=True):
        assert event.location is not None
        assert feature["geometry"] == {
            "type": "Point",
            "coordinates": [event.location.lon, event.location.lat],
        }
        assert feature["properties"]["article_id"] == "000_a"
        assert feature["properties"]["url"] == "https://example.org/a"
        assert feature["properties"]["claims"] == TRICKY_CLAIM + "; justice"


@pytest.mark.parametrize("results", [make_results()])
def test_export_table_rows(results: list[ExtractionResult]) -> None:
    stream = io.StringIO()
    write_table(results, stream)
    header, first, second = stream.getvalue().splitlines()
    assert header.split() == ["date", "place", "country", "form", "size", "organizers", "article"]
    assert first.startswith("2021-09-21  Brussels")
    # Organizers are cut to the column width with an ellipsis.
    assert "National Council of Resista…" in first
    assert first.endswith("000_a")
    assert "200+" in second
    assert second.split()[-1] == "000_a"
    # Rows line up under the header.
    assert first.index("000_a") == header.index("article") == second.index("000_a")


@pytest.mark.parametrize("results", [[], make_results()[1:]])
def test_export_table_without_events_is_header_only(results: list[ExtractionResult]) -> None:
    stream = io.StringIO()
    assert write_table(results, stream) == 0
    assert len(stream.getvalue().splitlines()) == 1
