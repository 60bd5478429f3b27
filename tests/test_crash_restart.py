"""Crash and restart: `protestwatch extract` killed with SIGKILL again and again ends with the store of one clean run.

tests/test_engine.py kills one run once, after a fixed number of articles. This one kills the same ingest
five times at seeded random points (a random number of stored articles plus a random delay, so the kill lands
anywhere: loading spaCy, reading, extracting, inside a write transaction), restarts it each time, and compares
the final store with an uninterrupted run: the same articles, the same events with the same mention counts,
no duplicate event. Many articles report one event in other words, so every restart exercises dedup against
what the killed runs left. Replay a failure with PROTESTWATCH_CRASH_SEED=<the seed in the failure message>.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

PROTESTWATCH = [sys.executable, "-m", "protestwatch"]
SEED = int(os.environ.get("PROTESTWATCH_CRASH_SEED", "20210921"))
ARTICLES = 600
KILLS = 5
CITIES = ("Berlin", "Madrid", "Lisbon", "Vienna", "Warsaw", "Prague", "Athens", "Dublin", "Oslo", "Brussels", "Rome")
GROUPS = ("teachers", "nurses", "farmers", "students", "dock workers", "taxi drivers")
ISSUES = ("budget cuts", "rising rents", "a new pension law", "school closures", "fuel prices")
# One event told three ways: dedup must find that these reports are one event, whichever run stored them.
WORDINGS = (
    "On {day} March 2021, some {size} {group} marched in {city} against {issue}, organisers said.",
    "Police said about {size} {group} rallied in central {city} on {day} March 2021 to protest {issue}.",
    "{Group} demonstrated in {city} on {day} March 2021. The protest against {issue} drew {size} people.",
)
OTHER = "The city council of {city} approved a plan on {issue} on {day} March 2021 after a long debate."


def news(count: int, rng: random.Random) -> list[dict[str, str]]:
    """Return ``count`` articles: most events reported by one to three articles in other words, some non-protest."""
    texts: list[str] = []
    number = 0
    while len(texts) < count:
        group = rng.choice(GROUPS)
        fields = {"city": CITIES[number % len(CITIES)], "group": group, "Group": group.capitalize(),
                  "issue": rng.choice(ISSUES), "day": 1 + number % 28, "size": 100 * (1 + number % 40)}  # fmt: skip
        if number % 4 == 3:
            texts.append(OTHER.format(**fields))
        else:
            texts.extend(wording.format(**fields) for wording in rng.sample(WORDINGS, rng.randint(1, 3)))
        number += 1
    return [{"id": f"a{i:04d}", "text": text, "published": "2021-03-29"} for i, text in enumerate(texts[:count])]


def snapshot(db: Path) -> dict[str, object]:
    """Return what must not differ between two stores: articles, mentions with their events, events' counts."""
    with sqlite3.connect(db) as connection:
        return {
            "articles": sorted(connection.execute("SELECT id, content_hash, error FROM articles").fetchall()),
            "mentions": sorted(connection.execute("SELECT id, article_id, event_id FROM mentions").fetchall()),
            "events": sorted(connection.execute("SELECT id, mention_count, source_count FROM events").fetchall()),
        }


def stored_articles(db: Path) -> int:
    """Return how many articles the store holds now, 0 while it is being created or locked."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as connection:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # no tables yet, or the writer holds a lock for a moment
        return 0


@pytest.mark.parametrize("seed", [SEED])
def test_extract_killed_five_times_at_random_ends_with_the_uninterrupted_store(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    source = tmp_path / "news.jsonl"
    source.write_text("".join(json.dumps(record) + "\n" for record in news(ARTICLES, rng)), encoding="utf-8")
    whole, resumed = tmp_path / "whole.db", tmp_path / "resumed.db"
    command = [*PROTESTWATCH, "extract", str(source), "--workers", "1", "--quiet", "-o", os.devnull, "--force"]
    subprocess.run([*command, "--db", str(whole)], check=True, capture_output=True, timeout=300)
    expected = snapshot(whole)
    merged = [count for _, count, _ in expected["events"] if count > 1]  # type: ignore[attr-defined]
    assert len(merged) >= 20, "the input must make dedup merge reports, or the test shows little"

    counts_at_kill = []
    for kill in range(KILLS):
        before = stored_articles(resumed)
        # A random point in the first third of what is left, and a short random delay past it, so the kill may
        # land inside a transaction yet never after the last article, however fast the machine.
        target = rng.randint(before + 1, before + (ARTICLES - before) // 3)
        delay = rng.uniform(0.0, 0.05)
        process = subprocess.Popen([*command, "--db", str(resumed)], stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while stored_articles(resumed) < target and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert process.returncode == -signal.SIGKILL, f"seed {seed}: run {kill + 1} ended before its kill"
        counts_at_kill.append(stored_articles(resumed))
    assert counts_at_kill == sorted(counts_at_kill), f"seed {seed}: a restart lost stored articles {counts_at_kill}"
    assert 0 < counts_at_kill[-1] < ARTICLES, f"seed {seed}: the kills must land mid-ingest {counts_at_kill}"

    print(f"seed {seed}: killed with {counts_at_kill} of {ARTICLES} articles stored")
    final = subprocess.run([*command, "--db", str(resumed)], capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr
    left = stored_articles(resumed) - counts_at_kill[-1]
    assert f"{ARTICLES - left} already stored (skipped)" in final.stderr, (seed, counts_at_kill, final.stderr)
    got = snapshot(resumed)
    for part in ("articles", "mentions", "events"):
        assert got[part] == expected[part], f"seed {seed}: {part} differ after kills at {counts_at_kill}"
    with sqlite3.connect(resumed) as connection:
        duplicates = connection.execute(
            "SELECT count(*) FROM (SELECT article_id, ordinal FROM mentions GROUP BY 1, 2 HAVING count(*) > 1)"
        ).fetchone()[0]
        empty_events = connection.execute(
            "SELECT count(*) FROM events WHERE id NOT IN (SELECT event_id FROM mentions WHERE event_id IS NOT NULL)"
        ).fetchone()[0]
    assert (duplicates, empty_events) == (0, 0), f"seed {seed}: duplicate mentions or events left without reports"
