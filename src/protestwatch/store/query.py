"""Reading merged events: EventFilter -> SQL over the events table, and the event dicts that pages return.

One filter serves `protestwatch events`, the Python API and the REST API. Radius and bounding-box filters
first narrow by a latitude/longitude box (the events_lat_lon index), then keep the exact great-circle distance.
"""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from protestwatch.models import FORMS, REPORTED_STATUSES, STATUSES

from .backends import Backend
from .records import REVIEW_STATES

KM_PER_DEGREE_LATITUDE = 111.2
# Sort keys: name -> column; a leading "-" sorts descending. Ties fall back to the event id, so pages are stable.
SORTS = {"date": "date_start", "confidence": "confidence", "size": "size_high", "sources": "source_count"}
BUCKETS = ("day", "week", "month", "year")
# Paging of exports that walk a whole store: keyset pages of this many events keep memory flat.
EXPORT_PAGE = 1000


def parse_numbers(text: str, count: int) -> tuple[float, ...]:
    """Read ``count`` comma-separated finite numbers ("50.85,4.35,25" for near); raise ValueError otherwise.

    The one reader of the numeric filters (near, bbox) for the command line and the REST API.
    """
    try:
        numbers = tuple(float(part) for part in text.split(","))
    except ValueError:
        numbers = ()
    if len(numbers) != count or not all(math.isfinite(number) for number in numbers):
        raise ValueError(f"{text!r} is not {count} comma-separated numbers")
    return numbers


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFilter:
    """Which merged events to return. Every field is optional; ``status`` defaults to what happened.

    ``near`` is (lat, lon, km); ``bbox`` is (west, south, east, north) in degrees, west > east crossing the
    antimeridian. Dates select events whose range overlaps [date_from, date_to]. ``organizer`` needs every
    word in an organizer's names and aliases, ``text`` every word in the place, actors, claims or article
    titles (any case; each word is a prefix: "counc" finds "Council"). ``status=None`` (``--all-statuses``)
    also returns planned, called and cancelled events.
    """

    date_from: date | None = None
    date_to: date | None = None
    country: str | None = None
    near: tuple[float, float, float] | None = None
    bbox: tuple[float, float, float, float] | None = None
    organizer: str | None = None
    form: str | None = None
    status: tuple[str, ...] | None = REPORTED_STATUSES
    text: str | None = None
    review: str | None = None
    min_confidence: float | None = None
    max_confidence: float | None = None

    def __post_init__(self) -> None:
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, date):
                raise TypeError(f"EventFilter.{name} must be a datetime.date, not {type(value).__name__}: {value!r}")
        if self.near is not None:
            lat, lon, km = self.near
            if not (-90 <= lat <= 90 and -180 <= lon <= 180 and km >= 0):
                raise ValueError(f"near={self.near!r}: give (lat, lon, km) with -90<=lat<=90, -180<=lon<=180, km>=0.")
        if self.bbox is not None:
            west, south, east, north = self.bbox
            if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
                raise ValueError(f"bbox={self.bbox!r}: give (west, south, east, north) in degrees, south <= north.")
        if self.form is not None and self.form not in FORMS:
            raise ValueError(f"form {self.form!r} is not one of {', '.join(FORMS)}.")
        if self.status is not None:
            if isinstance(self.status, str):
                object.__setattr__(self, "status", (self.status,))
            unknown = [item for item in self.status if item not in STATUSES]
            if unknown:
                raise ValueError(f"status {unknown[0]!r} is not one of {', '.join(STATUSES)}.")
        if self.review is not None and self.review not in REVIEW_STATES:
            raise ValueError(f"review {self.review!r} is not one of {', '.join(REVIEW_STATES)}.")

    @classmethod
    def from_options(cls, **options: Any) -> EventFilter:
        """Build a filter from keyword options, ignoring those that are None; unknown names are an error."""
        known = {item.name for item in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise TypeError(f"Unknown event filter {', '.join(unknown)}; known filters: {', '.join(sorted(known))}.")
        return cls(**{name: value for name, value in options.items() if value is not None or name == "status"})


def _box_around(lat: float, lon: float, km: float) -> tuple[float, float, float, float] | None:
    """Return (west, south, east, north) enclosing the circle, or None when it covers a pole."""
    dlat = km / KM_PER_DEGREE_LATITUDE
    south, north = lat - dlat, lat + dlat
    if south <= -90 or north >= 90:
        return None
    dlon = km / (KM_PER_DEGREE_LATITUDE * math.cos(math.radians(max(abs(south), abs(north)))))
    if dlon >= 180:
        return None
    west = (lon - dlon + 540) % 360 - 180
    east = (lon + dlon + 540) % 360 - 180
    return west, south, east, north


def _bbox_sql(west: float, south: float, east: float, north: float) -> tuple[list[str], list[Any]]:
    clauses = ["events.lat >= ?", "events.lat <= ?"]
    params: list[Any] = [south, north]
    if west <= east:
        clauses += ["events.lon >= ?", "events.lon <= ?"]
    else:
        clauses.append("(events.lon >= ? OR events.lon <= ?)")
    params += [west, east]
    return clauses, params


def _earliest_start(db: Backend, date_from: date) -> date | None:
    """Return the earliest start an event ending on or after ``date_from`` can have; None if unbounded.

    That is ``date_from`` less the longest span of any stored event (one indexed lookup of span_days).
    """
    longest = db.execute("SELECT max(span_days) FROM events").fetchone()[0]
    if longest is None:
        return None
    try:
        return date_from - timedelta(days=int(longest))
    except OverflowError:
        return None


def where(db: Backend, event_filter: EventFilter) -> tuple[str, list[Any]]:
    """Return the WHERE clause (with "WHERE", or empty) and parameters that select the filter's events."""
    if not isinstance(event_filter, EventFilter):
        raise TypeError(f"Pass an EventFilter, not {type(event_filter).__name__}")
    clauses: list[str] = []
    params: list[Any] = []
    if event_filter.date_from is not None:
        clauses.append("events.date_end >= ?")
        params.append(event_filter.date_from.isoformat())
        earliest = _earliest_start(db, event_filter.date_from)
        if earliest is not None:
            # Implied by the overlap, but it bounds the scan of the date indexes from below.
            clauses.append("events.date_start >= ?")
            params.append(earliest.isoformat())
    if event_filter.date_to is not None:
        clauses.append("events.date_start <= ?")
        params.append(event_filter.date_to.isoformat())
    if event_filter.country:
        clauses.append("events.country = ?")
        params.append(event_filter.country.upper())
    if event_filter.bbox is not None:
        more, values = _bbox_sql(*event_filter.bbox)
        clauses += more
        params += values
    if event_filter.near is not None:
        lat, lon, km = event_filter.near
        box = _box_around(lat, lon, km)
        if box is not None:
            more, values = _bbox_sql(*box)
            clauses += more
            params += values
        distance, values = db.distance_km_sql(lat, lon)
        clauses.append(f"{distance} <= ?")
        params += [*values, km]
    if event_filter.organizer:
        clause, values = db.text_match(event_filter.organizer, "organizers")
        clauses.append(clause)
        params += values
    if event_filter.form:
        clauses.append("events.form = ?")
        params.append(event_filter.form)
    if event_filter.status is not None:
        clauses.append(f"events.status IN ({', '.join('?' for _ in event_filter.status)})")
        params += list(event_filter.status)
    if event_filter.text and event_filter.text.strip():
        clause, values = db.text_match(event_filter.text)
        clauses.append(clause)
        params += values
    if event_filter.review:
        clauses.append("events.review = ?")
        params.append(event_filter.review)
    if event_filter.min_confidence is not None:
        clauses.append("events.confidence >= ?")
        params.append(event_filter.min_confidence)
    if event_filter.max_confidence is not None:
        clauses.append("events.confidence <= ?")
        params.append(event_filter.max_confidence)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def order_by(sort: str) -> str:
    """Return the ORDER BY clause of a sort key ("date", "-date", "confidence", "-size", ...)."""
    descending = sort.startswith("-")
    name = sort.lstrip("-+")
    if name not in SORTS:
        raise ValueError(f"Cannot sort by {sort!r}; use one of {', '.join(sorted(SORTS))}, with '-' for descending.")
    direction = "DESC" if descending else "ASC"
    # Unknown values last either way (SQLite and PostgreSQL disagree on where NULLs go by default).
    return f"ORDER BY events.{SORTS[name]} {direction} NULLS LAST, events.id {direction}"


def event_dicts(db: Backend, rows: Sequence[Sequence[Any]]) -> list[dict[str, Any]]:
    """Return page rows (id, record, review) as event dicts: the record plus review, mentions and sources."""
    ids = [row[0] for row in rows]
    mentions: dict[str, list[str]] = {event_id: [] for event_id in ids}
    sources: dict[str, list[dict[str, Any]]] = {event_id: [] for event_id in ids}
    if ids:
        placeholders = ", ".join("?" for _ in ids)
        for row in db.execute(
            "SELECT mentions.event_id, mentions.id, articles.id, articles.outlet, articles.url, articles.title, "
            "articles.published FROM mentions JOIN articles ON articles.id = mentions.article_id "
            f"WHERE mentions.event_id IN ({placeholders}) ORDER BY mentions.seq",
            ids,
        ):
            mentions[row[0]].append(row[1])
            sources[row[0]].append(
                {"name": row[3], "article": row[2], "url": row[4], "title": row[5], "published": row[6]}
            )
    return [
        {**json.loads(row[1]), "review": row[2], "mentions": mentions[row[0]], "sources": sources[row[0]]}
        for row in rows
    ]


def query_events(
    db: Backend, event_filter: EventFilter, *, limit: int | None = 50, offset: int = 0, sort: str = "-date"
) -> list[dict[str, Any]]:
    """Return one page of merged events, each as its record plus ``review``, ``mentions`` and ``sources``."""
    clause, params = where(db, event_filter)
    ordering = order_by(sort)
    select = "SELECT events.id, events.record, events.review FROM events"
    if limit is None:
        return event_dicts(db, db.execute(f"{select} {clause} {ordering}", params).fetchall())
    if limit < 0 or offset < 0:
        raise ValueError(f"limit and offset must be >= 0, not limit={limit}, offset={offset}.")
    # The page's keys first, from a covering index where the filter allows, then only the page's wide rows:
    # a sort over thousands of matches then reads thousands of index entries, not thousands of records.
    page = f"SELECT events.key FROM events {clause} {ordering} LIMIT ? OFFSET ?"
    rows = db.execute(f"{select} WHERE events.key IN ({page}) {ordering}", [*params, limit, offset]).fetchall()
    return event_dicts(db, rows)


def iter_events(db: Backend, event_filter: EventFilter, sort: str = "date") -> Iterator[dict[str, Any]]:
    """Yield every matching event in ``sort`` order, a page at a time, so memory stays flat on large stores.

    "date" (oldest first, undated last) and "id" walk the events_date index page by page (keyset paging);
    other sorts page with OFFSET, which slows down on very large results.
    """
    clause, params = where(db, event_filter)
    conditions = [clause.removeprefix("WHERE ")] if clause else []
    select = "SELECT events.id, events.record, events.review FROM events"
    if sort not in ("date", "id"):
        order_by(sort)  # an unknown sort fails here, before the first page
        for offset in itertools.count(0, EXPORT_PAGE):
            page = query_events(db, event_filter, limit=EXPORT_PAGE, offset=offset, sort=sort)
            yield from page
            if len(page) < EXPORT_PAGE:
                return
    if sort == "date":
        last: tuple[str, str] | None = None
        while True:
            keyset = ["events.date_start IS NOT NULL"]
            values: list[Any] = []
            if last is not None:
                keyset.append("(events.date_start > ? OR (events.date_start = ? AND events.id > ?))")
                values = [last[0], last[0], last[1]]
            rows = db.execute(
                f"{select} WHERE {' AND '.join(conditions + keyset)} ORDER BY events.date_start, events.id LIMIT ?",
                [*params, *values, EXPORT_PAGE],
            ).fetchall()
            yield from event_dicts(db, rows)
            if len(rows) < EXPORT_PAGE:
                break
            last = (json.loads(rows[-1][1])["date"]["start"], rows[-1][0])
        conditions.append("events.date_start IS NULL")
    last_id = ""
    while True:
        rows = db.execute(
            f"{select} WHERE {' AND '.join([*conditions, 'events.id > ?'])} ORDER BY events.id LIMIT ?",
            [*params, last_id, EXPORT_PAGE],
        ).fetchall()
        yield from event_dicts(db, rows)
        if len(rows) < EXPORT_PAGE:
            return
        last_id = rows[-1][0]


def count_events(db: Backend, event_filter: EventFilter) -> int:
    """Return how many merged events match the filter."""
    clause, params = where(db, event_filter)
    return int(db.execute(f"SELECT count(*) FROM events {clause}", params).fetchone()[0])


def bucket_start(day: date, bucket: str) -> date:
    """Return the first day of the bucket ("day", "week" from Monday, "month", "year") holding ``day``."""
    if bucket == "day":
        return day
    if bucket == "week":
        return day - timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    if bucket == "year":
        return day.replace(month=1, day=1)
    raise ValueError(f"bucket {bucket!r} is not one of {', '.join(BUCKETS)}.")


def counts_over_time(db: Backend, event_filter: EventFilter, bucket: str = "day") -> list[tuple[str, int]]:
    """Return (first day of bucket, events) for every bucket with events, oldest first; undated events are left out."""
    if bucket not in BUCKETS:
        raise ValueError(f"bucket {bucket!r} is not one of {', '.join(BUCKETS)}.")
    clause, params = where(db, event_filter)
    dated = f"{clause} AND events.date_start IS NOT NULL" if clause else "WHERE events.date_start IS NOT NULL"
    totals: Counter[date] = Counter()
    for day, count in db.execute(
        f"SELECT events.date_start, count(*) FROM events {dated} GROUP BY events.date_start", params
    ):
        totals[bucket_start(date.fromisoformat(day), bucket)] += count
    return [(day.isoformat(), totals[day]) for day in sorted(totals)]
