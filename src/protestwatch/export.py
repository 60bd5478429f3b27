"""Exporters: ExtractionResults -> JSONL, CSV, GeoJSON or a terminal table, written to a text stream."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from protestwatch.models import Actor, CrowdSize, Event, ExtractionResult

# What several names or claims are joined with in one CSV / GeoJSON / table cell.
JOIN = "; "

CSV_COLUMNS = (
    "article_id",
    "event_id",
    "event_date",
    "date_end",
    "date_precision",
    "date_basis",
    "form",
    "status",
    "location",
    "venue",
    "admin1",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "size_low",
    "size_high",
    "size_text",
    "organizers",
    "participants",
    "targets",
    "claims",
    "issue_country",
    "campaign",
    "confidence",
    "url",
    "title",
    "published",
)


def _names(actors: tuple[Actor, ...]) -> str:
    return JOIN.join(actor.name for actor in actors)


def flat_event(result: ExtractionResult, event: Event) -> dict[str, Any]:
    """Return one event as a flat dict of CSV_COLUMNS: lists joined with "; ", absent values None."""
    article = result.article
    location = event.location
    size = event.size
    return {
        "article_id": article.id,
        "event_id": event.id,
        "event_date": event.date.start.isoformat() if event.date.start else None,
        "date_end": event.date.end.isoformat() if event.date.end else None,
        "date_precision": event.date.precision,
        "date_basis": event.date.basis,
        "form": event.form,
        "status": event.status,
        "location": (location.name or location.text) if location else None,
        "venue": location.venue if location else None,
        "admin1": location.admin1 if location else None,
        "country": location.country if location else None,
        "latitude": location.lat if location else None,
        "longitude": location.lon if location else None,
        "geo_precision": location.precision if location else None,
        "size_low": size.low if size else None,
        "size_high": size.high if size else None,
        "size_text": size.text if size else None,
        "organizers": _names(event.organizers),
        "participants": _names(event.participants),
        "targets": _names(event.targets),
        "claims": JOIN.join(claim.text for claim in event.claims),
        "issue_country": event.issue_country,
        "campaign": event.campaign,
        "confidence": event.confidence,
        "url": article.url,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
    }


def write_jsonl(results: Iterable[ExtractionResult], stream: TextIO) -> int:
    """Write one JSON object per article per line, in input order (the contract); return events written.

    Articles with no events, or with an error, are written too: the line count is the input count.
    """
    count = 0
    for result in results:
        stream.write(json.dumps(result.to_dict(), ensure_ascii=False))
        stream.write("\n")
        count += len(result.events)
    return count


def write_csv(results: Iterable[ExtractionResult], stream: TextIO) -> int:
    """Write one CSV row per event under a header of CSV_COLUMNS; return events written.

    Open the stream with newline="" (the csv module's rule) so that newlines inside a claim survive.
    """
    # "\n" rather than the csv default "\r\n": the output goes to terminals and pipes as often as to files.
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for result in results:
        for event in result.events:
            writer.writerow(flat_event(result, event))
            count += 1
    return count


def write_geojson(results: Iterable[ExtractionResult], stream: TextIO) -> int:
    """Write a FeatureCollection with one Point per event that has coordinates; return features written.

    Features are written as they come, so memory stays flat on large stores. Events without coordinates
    are left out (they are in the JSONL and CSV outputs).
    """
    stream.write('{"type": "FeatureCollection", "features": [')
    count = 0
    for result in results:
        for event in result.events:
            location = event.location
            if location is None or location.lat is None or location.lon is None:
                continue
            feature = {
                "type": "Feature",
                # GeoJSON (RFC 7946) orders coordinates longitude first.
                "geometry": {"type": "Point", "coordinates": [location.lon, location.lat]},
                "properties": flat_event(result, event),
            }
            stream.write(",\n" if count else "\n")
            stream.write(json.dumps(feature, ensure_ascii=False))
            count += 1
    stream.write("\n]}\n")
    return count


# (header, width) of the table columns; the last column is never truncated.
TABLE_COLUMNS = (
    ("date", 10),
    ("place", 22),
    ("country", 7),
    ("form", 13),
    ("size", 11),
    ("organizers", 28),
    ("article", 0),
)


def _cell(value: str, width: int) -> str:
    if width == 0:
        return value
    if len(value) > width:
        return value[: width - 1] + "…"
    return value.ljust(width)


def _size_text(size: CrowdSize | None) -> str:
    if size is None:
        return ""
    if size.low is None and size.high is None:
        return size.text
    if size.high is None:
        return f"{size.low}+"
    if size.low is None:
        return f"≤{size.high}"
    if size.low == size.high:
        return str(size.low)
    return f"{size.low}-{size.high}"


def _table_line(values: Iterable[str]) -> str:
    cells = [_cell(value, width) for value, (_, width) in zip(values, TABLE_COLUMNS, strict=True)]
    return "  ".join(cells).rstrip() + "\n"


def write_table(results: Iterable[ExtractionResult], stream: TextIO) -> int:
    """Write a fixed-width table of events for the terminal, one row per event; return rows written.

    Long cells end in "…". Articles without events are not listed; an empty input gives the header only.
    """
    stream.write(_table_line(header for header, _ in TABLE_COLUMNS))
    count = 0
    for result in results:
        for event in result.events:
            location = event.location
            # Newlines inside a value would break the row; a table is for reading, so flatten them.
            values = [
                event.date.start.isoformat() if event.date.start else "",
                (location.name or location.text) if location else "",
                (location.country or "") if location else "",
                event.form,
                _size_text(event.size),
                _names(event.organizers),
                result.article.id,
            ]
            stream.write(_table_line(" ".join(value.split()) for value in values))
            count += 1
    return count


EXPORTERS: dict[str, Callable[[Iterable[ExtractionResult], TextIO], int]] = {
    "csv": write_csv,
    "geojson": write_geojson,
    "jsonl": write_jsonl,
    "table": write_table,
}
