"""Benchmark: ingest rate (articles/s) into each store backend, and query latency at a million events.

Usage: python bench/store_speed.py [--events 1000000] [--articles 2000] [--queries 40] [--backends sqlite,postgresql]

Ingest: ``--articles`` generated articles, one protest each over 40 cities and 3 years, a third of them second
reports of an earlier event (so dedup merges), added one by one through ``Store.add`` (the real path: candidate
fetch, dedup, change log), then the same articles into a new store through ``Store.add_many`` (the bulk path:
the same result, one transaction per batch, pipelined on PostgreSQL). Queries: ``--events`` merged events
(with one article and one mention each) are bulk-inserted, then filtered pages of 50 and counts are timed:
median and p95 of ``--queries`` runs with random parameters, and the ratio to the unfiltered first page
timed in the same process. PostgreSQL runs in a
schema of its own on PROTESTWATCH_BENCH_POSTGRES (default postgresql://postgres@127.0.0.1:5432/test),
dropped afterwards; it is skipped, saying so, when unreachable.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from protestwatch.models import Actor, Article, Claim, CrowdSize, DateRange, Event, ExtractionResult, Place
from protestwatch.store import EventFilter, Store

POSTGRES_URL = os.environ.get("PROTESTWATCH_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
CITIES = [
    ("Brussels", "BE", 50.8505, 4.3488), ("Antwerp", "BE", 51.2199, 4.4035), ("Paris", "FR", 48.8534, 2.3488),
    ("Lyon", "FR", 45.7485, 4.8467), ("Berlin", "DE", 52.5244, 13.4105), ("Munich", "DE", 48.1374, 11.5755),
    ("Madrid", "ES", 40.4165, -3.7026), ("Barcelona", "ES", 41.3888, 2.159), ("Rome", "IT", 41.8919, 12.5113),
    ("Milan", "IT", 45.4643, 9.1895), ("London", "GB", 51.5085, -0.1257), ("Manchester", "GB", 53.4809, -2.2374),
    ("Dublin", "IE", 53.3331, -6.2489), ("Lisbon", "PT", 38.7167, -9.1333), ("Athens", "GR", 37.9838, 23.7278),
    ("Warsaw", "PL", 52.2298, 21.0118), ("Prague", "CZ", 50.0880, 14.4208), ("Vienna", "AT", 48.2085, 16.3721),
    ("Budapest", "HU", 47.4984, 19.0404), ("Bucharest", "RO", 44.4323, 26.1063), ("Kyiv", "UA", 50.4547, 30.5238),
    ("Istanbul", "TR", 41.0138, 28.9497), ("Cairo", "EG", 30.0626, 31.2497), ("Lagos", "NG", 6.4541, 3.3947),
    ("Nairobi", "KE", -1.2833, 36.8167), ("Johannesburg", "ZA", -26.2023, 28.0436), ("Delhi", "IN", 28.6519, 77.2315),
    ("Dhaka", "BD", 23.7104, 90.4074), ("Bangkok", "TH", 13.7540, 100.5014), ("Jakarta", "ID", -6.2146, 106.8451),
    ("Manila", "PH", 14.6042, 120.9822), ("Seoul", "KR", 37.5660, 126.9784), ("Tokyo", "JP", 35.6895, 139.6917),
    ("Sydney", "AU", -33.8679, 151.2073), ("Santiago", "CL", -33.4569, -70.6483), ("Lima", "PE", -12.0432, -77.0282),
    ("Bogota", "CO", 4.6097, -74.0817), ("Mexico City", "MX", 19.4285, -99.1277), ("Toronto", "CA", 43.7001, -79.4163),
    ("New York", "US", 40.7143, -74.006),
]  # fmt: skip
FORMS = ("demonstration", "march", "rally", "vigil", "sit-in", "strike", "blockade")
ORGANIZERS = [f"Union {number}" for number in range(150)] + ["Climate Express", "NCRI", "CGT", "ACOD"]
CLAIM_WORDS = ("climate", "wages", "pensions", "housing", "peace", "justice", "rights", "schools", "taxes", "water")
FIRST_DAY = date(2019, 1, 1)
DAYS = 3 * 365
PAGE = 50


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@contextmanager
def store_on(backend: str, folder: Path) -> Iterator[Store | None]:
    """Yield a new, empty store on ``backend`` (None if PostgreSQL is unreachable); drop it afterwards."""
    if backend == "sqlite":
        with Store(folder / f"bench-{uuid.uuid4().hex[:6]}.db") as store:
            yield store
        return
    import psycopg

    try:
        admin = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except psycopg.Error as error:
        print(f"postgresql: skipped, not reachable at {POSTGRES_URL} ({error})", file=sys.stderr)
        yield None
        return
    schema = f"pw_bench_{uuid.uuid4().hex[:8]}"
    admin.execute(f"CREATE SCHEMA {schema}")
    try:
        separator = "&" if "?" in POSTGRES_URL else "?"
        with Store(f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}") as store:
            yield store
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()


def generated_articles(count: int, rng: random.Random) -> list[ExtractionResult]:
    """Return ``count`` one-event articles; about a third report an event an earlier article reported."""
    results: list[ExtractionResult] = []
    originals: list[Event] = []
    for number in range(count):
        article_id = f"bench-{number:07d}"
        if originals and rng.random() < 1 / 3:
            earlier = rng.choice(originals)
            event = Event(
                id=f"{article_id}#1", form=earlier.form, status="occurred", date=earlier.date,
                location=earlier.location, organizers=earlier.organizers, claims=earlier.claims,
                size=CrowdSize(low=rng.randint(50, 5000), high=None, text="a crowd"), confidence=0.7,
            )  # fmt: skip
        else:
            city, country, lat, lon = rng.choice(CITIES)
            day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
            event = Event(
                id=f"{article_id}#1",
                form=rng.choice(FORMS),
                status="occurred",
                date=DateRange(start=day, end=day, precision="day", basis="explicit"),
                location=Place(text=city, name=city, country=country, lat=lat, lon=lon, precision="city"),
                organizers=(Actor(name=rng.choice(ORGANIZERS)),),
                claims=(Claim(text=" ".join(rng.sample(CLAIM_WORDS, 2))),),
                size=CrowdSize(low=100, high=999, text="hundreds"),
                confidence=round(rng.uniform(0.3, 0.95), 2),
            )
            originals.append(event)
        text = f"{event.form} in {event.location.name if event.location else ''} on {event.date.start}: {number}"
        results.append(ExtractionResult(article=Article(id=article_id, text=text, title=f"Report {number}"),
                                        events=(event,)))  # fmt: skip
    return results


def bench_ingest(store: Store, results: list[ExtractionResult], *, bulk: bool) -> float:
    """Add the articles one by one with ``add``, or with ``add_many`` if ``bulk``; return articles per second."""
    began = time.perf_counter()
    if bulk:
        store.add_many(results)
    else:
        for result in results:
            store.add(result)
    return len(results) / (time.perf_counter() - began)


EVENT_COLUMNS = (
    "id, founder, form, status, date_start, date_end, date_precision, location_name, venue, admin1, country, lat, "
    "lon, location_precision, size_low, size_high, organizers, search, campaign, confidence, review, mention_count, "
    "source_count, overrides, record, created_at, updated_at, span_days"
)


Row = tuple[Any, ...]


def generated_rows(count: int, rng: random.Random) -> Iterator[tuple[Row | None, Row, Row]]:
    """Yield (article, mention, event) rows of ``count`` merged events, ten mentions' articles per article row."""
    now = "2024-01-01T00:00:00+00:00"
    for number in range(count):
        city, country, lat, lon = rng.choice(CITIES)
        lat, lon = lat + rng.uniform(-0.1, 0.1), lon + rng.uniform(-0.1, 0.1)
        day = (FIRST_DAY + timedelta(days=rng.randrange(DAYS))).isoformat()
        organizer = rng.choice(ORGANIZERS)
        claim = " ".join(rng.sample(CLAIM_WORDS, 2))
        low = rng.choice((None, 20, 100, 1000, 10000))
        form = rng.choice(FORMS)
        event_id = f"E{number:016x}"
        article_id = f"art-{number // 10:07d}"
        mention_id = f"{article_id}#{number % 10}"
        record = {
            "id": event_id, "form": form, "status": "occurred" if number % 10 else "planned",
            "date": {"start": day, "end": day, "precision": "day", "basis": "explicit", "text": None},
            "location": {"text": city, "name": city, "admin1": None, "country": country, "lat": lat, "lon": lon,
                         "precision": "city", "venue": None, "geonames_id": None},
            "size": None if low is None else {"low": low, "high": low * 9, "text": str(low)},
            "organizers": [{"name": organizer}], "participants": [], "targets": [], "claims": [claim],
            "issue_country": None, "campaign": None, "confidence": round(rng.uniform(0.3, 0.95), 2), "evidence": [],
        }  # fmt: skip
        article = (
            (
                article_id,
                number // 10 + 1,
                f"hash{number // 10}",
                None,
                f"Report {number // 10}",
                None,
                None,
                day,
                "metadata",
                "en",
                None,
                None,
                f"text {number // 10}",
                now,
            )
            if number % 10 == 0
            else None
        )
        mention = (mention_id, number + 1, article_id, event_id, number % 10, json.dumps(record))
        event = (
            event_id, mention_id, form, record["status"], day, day, "day", city, None, None, country, lat, lon, "city",
            low, None if low is None else low * 9, organizer.lower(), f"{city}\n{organizer}\n{claim}", None,
            record["confidence"], "pending", 1, 1, None, json.dumps(record), now, now, 0,
        )  # fmt: skip
        yield article, mention, event


def bulk_insert(store: Store, count: int, rng: random.Random) -> float:
    """Insert ``count`` events with their mentions and articles in bulk; return seconds taken."""
    db = store._db
    article_sql = (
        "INSERT INTO articles (id, seq, content_hash, url, title, source, outlet, published, published_basis, "
        "language, error, origin, text, added_at) VALUES (" + ", ".join("?" * 14) + ")"
    )
    mention_sql = "INSERT INTO mentions (id, seq, article_id, event_id, ordinal, record) VALUES (?, ?, ?, ?, ?, ?)"
    event_sql = f"INSERT INTO events ({EVENT_COLUMNS}) VALUES ({', '.join('?' * 28)})"
    began = time.perf_counter()
    batch = 20_000
    with db.transaction():
        rows = generated_rows(count, rng)
        while True:
            chunk = list(itertools.islice(rows, batch))
            if not chunk:
                break
            # Events first: mentions point at them.
            db.executemany(article_sql, [article for article, _, _ in chunk if article is not None])
            db.executemany(event_sql, [event for _, _, event in chunk])
            db.executemany(mention_sql, [mention for _, mention, _ in chunk])
    # Fresh statistics (and PostgreSQL's visibility map), as a store that grew over time has them.
    store.optimize()
    return time.perf_counter() - began


def timed(run: Callable[[], object], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        run()
        times.append((time.perf_counter() - began) * 1000)
    return times


def bench_queries(store: Store, queries: int, rng: random.Random) -> dict[str, list[float]]:
    """Return latencies (ms) of filtered pages of PAGE events, keyed by a description of the filter."""

    def window() -> tuple[date, date]:
        start = FIRST_DAY + timedelta(days=rng.randrange(DAYS - 90))
        return start, start + timedelta(days=90)

    def country_page() -> object:
        start, end = window()
        country = rng.choice(CITIES)[1]
        return store.query_events(EventFilter(country=country, date_from=start, date_to=end), limit=PAGE)

    def near_page() -> object:
        _, _, lat, lon = rng.choice(CITIES)
        start, end = window()
        return store.query_events(EventFilter(near=(lat, lon, 25), date_from=start, date_to=end), limit=PAGE)

    def text_page() -> object:
        return store.query_events(EventFilter(text=rng.choice(CLAIM_WORDS)), limit=PAGE, sort="-date")

    def organizer_page() -> object:
        return store.query_events(EventFilter(organizer=rng.choice(ORGANIZERS)), limit=PAGE, offset=PAGE)

    def bbox_count() -> object:
        _, _, lat, lon = rng.choice(CITIES)
        return store.count_events(EventFilter(bbox=(lon - 1, lat - 1, lon + 1, lat + 1)))

    def days_by_confidence() -> object:
        start, end = window()
        return store.query_events(EventFilter(date_from=start, date_to=end), limit=PAGE, sort="-confidence")

    def days_count() -> object:
        start, end = window()
        return store.count_events(EventFilter(date_from=start, date_to=end))

    def form_page() -> object:
        return store.query_events(EventFilter(form=rng.choice(FORMS)), limit=PAGE, sort="-size")

    cases: dict[str, Callable[[], object]] = {
        "first page, no filter (baseline)": lambda: store.query_events(limit=PAGE),
        "country + 90 days, newest first": country_page,
        "within 25 km + 90 days": near_page,
        "free text, newest first": text_page,
        "organizer, second page": organizer_page,
        "count in a 2x2 degree box": bbox_count,
        "90 days, most confident first": days_by_confidence,
        "count in 90 days": days_count,
        "form, biggest first": form_page,
    }
    return {name: timed(run, queries) for name, run in cases.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="merged events for the query latency")
    parser.add_argument("--articles", type=int, default=2000, help="articles for the ingest rate")
    parser.add_argument("--queries", type=int, default=40, help="timed runs of each query")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    rates: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for backend in options.backends.split(","):
            rng = random.Random(options.seed)
            articles = generated_articles(options.articles, rng)
            for bulk in (False, True):
                with store_on(backend, Path(folder)) as store:
                    if store is None:
                        break
                    rate = bench_ingest(store, articles, bulk=bulk)
                    rates[backend + (" add_many" if bulk else "")] = rate
                    counts = store.counts()
                    print(f"{backend}: ingest {rate:.0f} articles/s with {'add_many' if bulk else 'add'} "
                          f"({options.articles} articles, {counts['events']} events after merging)")  # fmt: skip
            with store_on(backend, Path(folder)) as store:
                if store is None:
                    continue
                seconds = bulk_insert(store, options.events, rng)
                print(f"{backend}: bulk insert of {options.events:,} events in {seconds:.0f} s")
                latencies = bench_queries(store, options.queries, rng)
                baseline = statistics.median(next(iter(latencies.values())))
                for name, times in latencies.items():
                    median = statistics.median(times)
                    print(f"{backend}:   {name:36} median {median:7.1f} ms  p95 {percentile(times, 0.95):7.1f} ms  "
                          f"x{median / baseline:5.1f} baseline")  # fmt: skip
    if "sqlite" in rates and "postgresql" in rates:
        print(f"ingest ratio postgresql/sqlite: {rates['postgresql'] / rates['sqlite']:.2f} with add, "
              f"{rates['postgresql add_many'] / rates['sqlite add_many']:.2f} with add_many")  # fmt: skip
    for backend in ("sqlite", "postgresql"):
        if backend in rates:
            print(f"{backend}: add_many / add: {rates[backend + ' add_many'] / rates[backend]:.2f}x")


if __name__ == "__main__":
    main()
