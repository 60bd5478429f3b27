"""Tests of the exporters: each format reads back with the values it was given."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from protestwatch.export import (
    ACLED_COLUMNS,
    CCC_COLUMNS,
    CSV_COLUMNS,
    EVENT_COLUMNS,
    EVENT_EXPORTERS,
    EXPORTERS,
    events_frame,
    flat_merged_event,
    write_csv,
    write_events_parquet,
    write_geojson,
    write_jsonl,
    write_table,
)
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


# -- merged events from the store ------------------------------------------------------------------------------


def merged_events() -> list[dict[str, object]]:
    """Return two merged events as the store gives them: one with two sources, one without place or size."""
    located = {
        **make_results()[0].events[0].to_dict(),
        "id": "E0000000000000001",
        "review": "accepted",
        "mentions": ["000_a#1", "003_d#1"],
        "sources": [
            {"name": "lesoir.be", "article": "000_a", "url": "https://lesoir.be/a", "title": "A", "published": None},
            {"name": "rtbf.be", "article": "003_d", "url": "https://rtbf.be/d", "title": "D", "published": None},
        ],
    }
    bare = {
        **make_results()[0].events[1].to_dict(),
        "id": "E0000000000000002",
        "size": None,
        "review": "pending",
        "mentions": ["000_a#2"],
        "sources": [],
    }
    return [located, bare]


def export_events(name: str, events: list[dict[str, object]]) -> tuple[str, int]:
    stream = io.StringIO(newline="")
    count = EVENT_EXPORTERS[name](events, stream)
    return stream.getvalue(), count


@pytest.mark.parametrize("name, columns", [("csv", EVENT_COLUMNS), ("acled", ACLED_COLUMNS), ("ccc", CCC_COLUMNS)])
def test_export_events_csv_reads_back(name: str, columns: tuple[str, ...]) -> None:
    text, count = export_events(name, merged_events())
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert count == len(rows) == 2
    assert tuple(rows[0]) == columns
    first, second = rows
    if name == "ccc":
        assert (first["date"], first["locality"], first["country"], first["location_detail"]) == (
            "2021-09-21",
            "Brussels",
            "BE",
            "Schuman Square",
        )
        assert (first["size_low"], first["size_high"], first["type"]) == ("50", "50", "rally")
        assert first["claims"] == TRICKY_CLAIM + "; justice"
        assert first["organizations"] == "National Council of Resistance of Iran; X"
        assert (first["source_1"], first["source_2"], first["source_3"]) == (
            "https://lesoir.be/a",
            "https://rtbf.be/d",
            "",
        )
        assert (second["locality"], second["size_low"]) == ("", "")
        return
    assert (first["event_date"], first["country"], first["admin1"], first["location"]) == (
        "2021-09-21",
        "Belgium",
        "Brussels Capital",
        "Brussels",
    )
    assert (first["latitude"], first["longitude"], first["geo_precision"]) == ("50.8505", "4.3488", "1")
    assert (first["sub_event_type"], first["actor1"]) == ("Peaceful protest", "Protesters (Belgium)")
    assert first["assoc_actor_1"] == "National Council of Resistance of Iran; X; Iranians"
    assert first["source"] == "lesoir.be; rtbf.be"
    assert first["tags"] == "crowd size=50 protesters"
    assert TRICKY_CLAIM in first["notes"] and "Schuman Square" in first["notes"]
    assert (second["location"], second["latitude"], second["actor1"]) == ("", "", "Protesters")
    if name == "csv":
        assert (first["size_low"], first["size_high"], first["source_count"], first["review"]) == (
            "50",
            "50",
            "2",
            "accepted",
        )
        assert first["mentions"] == "000_a#1; 003_d#1"
    else:
        assert (first["iso"], first["inter1"], first["time_precision"]) == ("56", "6", "1")


@pytest.mark.parametrize("events", [merged_events(), []])
def test_export_events_jsonl_and_geojson(events: list[dict[str, object]]) -> None:
    text, count = export_events("jsonl", events)
    assert [json.loads(line) for line in text.splitlines()] == events
    collection = json.loads(export_events("geojson", events)[0])
    assert [feature["id"] for feature in collection["features"]] == [e["id"] for e in events][:1]
    for feature in collection["features"]:
        assert feature["geometry"]["coordinates"] == [4.3488, 50.8505]
        assert feature["properties"]["source"] == "lesoir.be; rtbf.be"


@pytest.mark.parametrize("events", [merged_events(), []])
def test_export_events_parquet_reads_back(tmp_path: Path, events: list[dict[str, object]]) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / "events.parquet"
    with path.open("wb") as stream:
        assert write_events_parquet(events, stream) == len(events)
    table = pq.read_table(path)
    assert tuple(table.column_names) == EVENT_COLUMNS
    rows = table.to_pylist()
    assert rows == [flat_merged_event(event) for event in events]
    if rows:
        assert str(table.schema.field("size_low").type) == "int64"
        assert (rows[0]["latitude"], rows[1]["size_low"]) == (50.8505, None)


@pytest.mark.parametrize("events", [merged_events()])
def test_export_events_frame_has_the_csv_columns(events: list[dict[str, object]]) -> None:
    frame = events_frame(events)
    assert tuple(frame.columns) == EVENT_COLUMNS
    assert frame["size_low"].tolist()[0] == 50
    assert frame["size_low"].isna().tolist() == [False, True]
    assert frame["event_id"].tolist() == ["E0000000000000001", "E0000000000000002"]


@pytest.mark.parametrize("events", [merged_events()])
def test_export_events_table(events: list[dict[str, object]]) -> None:
    text, count = export_events("table", events)
    header, first, second = text.splitlines()
    assert header.split() == ["date", "place", "country", "form", "size", "sources", "organizers", "event"]
    assert first.startswith("2021-09-21  Brussels") and first.endswith("E0000000000000001")
    assert first.index("E0000000000000001") == header.index("event") == second.index("E0000000000000002")
