"""Concurrency: two `protestwatch extract` processes into one SQLite store, and the web app reading while one writes.

Both ingests must finish without "database is locked", and the store must hold the union: every article of
both, and reports of one event that came in through different processes merged into one event, as a
sequential run merges them. tests/test_store.py covers concurrent writers through the Python API; these go
through the real CLI and the real web app.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest

from protestwatch.web.app import WebConfig
from web_support import live_server

PROTESTWATCH = [sys.executable, "-m", "protestwatch"]
CITIES = ("Berlin", "Madrid", "Lisbon", "Vienna", "Warsaw", "Prague", "Athens", "Dublin", "Oslo", "Brussels")
GROUPS = ("teachers", "nurses", "farmers", "students", "dock workers")
# Two outlets' wordings of the same events: one outlet goes to each process, so dedup must join them across.
OUTLETS = {
    "wire": "On {day}, some {size} {group} marched in {city} against budget cuts, organisers said.",
    "daily": "Police said about {size} {group} rallied in central {city} on {day} to protest budget cuts.",
}


def outlet_news(outlet: str, count: int) -> list[dict[str, str]]:
    """Return ``count`` articles of one outlet, each on its own day; article i of each outlet reports one event."""
    records = []
    for i in range(count):
        day = date(2020, 1, 1) + timedelta(days=i)
        fields = {"city": CITIES[i % len(CITIES)], "group": GROUPS[i % len(GROUPS)],
                  "day": f"{day.day} {day:%B} {day.year}", "size": 100 * (1 + i % 30)}  # fmt: skip
        records.append({"id": f"{outlet}-{i:03d}", "text": OUTLETS[outlet].format(**fields), "published": "2021-03-29"})
    return records


def write_jsonl(path: Path, records: list[dict[str, str]]) -> str:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return str(path)


def extract_command(source: str, db: Path) -> list[str]:
    return [*PROTESTWATCH, "extract", source, "--db", str(db), "--workers", "1", "--quiet", "-o", os.devnull, "--force"]


def event_partition(db: Path) -> set[frozenset[str]]:
    """Return the events as sets of mention ids: which reports were judged one event, whatever the event ids."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT event_id, id FROM mentions WHERE event_id IS NOT NULL").fetchall()
    events: dict[str, set[str]] = {}
    for event_id, mention_id in rows:
        events.setdefault(event_id, set()).add(mention_id)
    return {frozenset(mentions) for mentions in events.values()}


@pytest.mark.parametrize("count", [150])
def test_two_extracts_into_one_sqlite_store_hold_the_union(tmp_path: Path, count: int) -> None:
    wire = write_jsonl(tmp_path / "wire.jsonl", outlet_news("wire", count))
    daily = write_jsonl(tmp_path / "daily.jsonl", outlet_news("daily", count))
    sequential, shared = tmp_path / "sequential.db", tmp_path / "shared.db"
    for source in (wire, daily):
        subprocess.run(extract_command(source, sequential), check=True, capture_output=True, timeout=300)

    processes = [subprocess.Popen(extract_command(source, shared), stderr=subprocess.PIPE, text=True)
                 for source in (wire, daily)]  # fmt: skip
    outcomes = [(process.wait(timeout=300), process.stderr.read()) for process in processes]  # type: ignore[union-attr]
    for returncode, stderr in outcomes:
        assert returncode == 0, stderr
        assert "locked" not in stderr and "Traceback" not in stderr, stderr
        assert f"{count} new articles stored" in stderr, stderr

    with sqlite3.connect(shared) as connection:
        articles = {row[0] for row in connection.execute("SELECT id FROM articles")}
        unassigned = connection.execute("SELECT count(*) FROM mentions WHERE event_id IS NULL").fetchone()[0]
    assert articles == {f"{outlet}-{i:03d}" for outlet in OUTLETS for i in range(count)}
    assert unassigned == 0
    together = event_partition(shared)
    assert together == event_partition(sequential)
    # Each event was reported by both outlets, so each merged event holds one report of each.
    assert all(sorted(mention.split("-")[0] for mention in mentions) == ["daily", "wire"] for mentions in together)


@pytest.mark.parametrize("count", [300])
def test_web_app_reads_events_while_an_extract_writes(tmp_path: Path, count: int) -> None:
    db = tmp_path / "live.db"
    source = write_jsonl(tmp_path / "wire.jsonl", outlet_news("wire", count))
    subprocess.run([*PROTESTWATCH, "db", "info", "--db", str(db)], check=True, capture_output=True, timeout=60)
    totals: list[int] = []
    failures: list[str] = []
    with live_server(WebConfig(db=str(db))) as base, httpx.Client(base_url=base, timeout=30) as client:
        writer = subprocess.Popen(extract_command(source, db), stderr=subprocess.PIPE, text=True)
        while writer.poll() is None or not totals:
            for params in ({"limit": 50}, {"country": "DE", "sort": "-size"}, {"text": "teachers", "offset": 5}):
                response = client.get("/api/events", params=params)
                if response.status_code != 200:
                    failures.append(f"{response.status_code} {response.text[:200]}")
                elif not params.keys() - {"limit"}:
                    totals.append(response.json()["total"])
        stderr = writer.stderr.read()  # type: ignore[union-attr]
        final = client.get("/api/events", params={"limit": 1}).json()["total"]
    assert writer.returncode == 0, stderr
    assert "locked" not in stderr, stderr
    assert failures == []
    assert totals == sorted(totals), "a reader saw the event count go down"
    assert len(set(totals)) > 2, f"the readers must overlap the writes to show anything: {totals[:5]}..."
    assert final == count
