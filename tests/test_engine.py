"""Tests of the engines: worker processes, resuming a killed run, progress, and Dask on a LocalCluster."""

from __future__ import annotations

import json
import os
import pty
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protestwatch.detect import detect_triggers
from protestwatch.engine import Tally, extract_stream, read_partition, run_extraction
from protestwatch.models import Article
from protestwatch.pipeline import Extractor, may_report_protest
from protestwatch.store import open_store
from protestwatch.text import split_sentences

CITIES = ("Berlin", "Madrid", "Lisbon", "Vienna", "Warsaw", "Prague", "Athens", "Dublin", "Oslo", "Helsinki")
GROUPS = ("teachers", "nurses", "farmers", "students", "dock workers")
ISSUES = ("budget cuts", "rising rents", "a new pension law", "school closures")
PROTEST = "On Saturday, {size} {group} rallied in {city} against {issue}, organisers said."
OTHER = "The city council of {city} approved a plan on {issue} on Monday after a long debate."
PROTESTWATCH = [sys.executable, "-m", "protestwatch"]


def news(count: int, *, every: int = 3) -> list[dict[str, str]]:
    """Return ``count`` short articles, one in ``every`` reporting a protest, all different."""
    records = []
    for i in range(count):
        fields = {
            "size": f"{200 + 10 * i}",
            "group": GROUPS[i % len(GROUPS)],
            "city": CITIES[i % len(CITIES)],
            "issue": ISSUES[i % len(ISSUES)],
        }
        text = (PROTEST if i % every == 0 else OTHER).format(**fields)
        records.append({"id": f"n{i:04d}", "text": text, "published": "2021-09-21"})
    return records


def write_jsonl(path: Path, records: list[dict[str, str]]) -> str:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return str(path)


def stored(db: Path) -> tuple[list[dict], list[dict]]:
    """Return every stored article with its mentions, in the order they were added, and the merged events."""
    with open_store(db) as store:
        return [result.to_dict() for result in store.results()], list(store.iter_events())


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def test_extract_stream_in_two_processes_keeps_input_order_and_results(extractor):
    articles = [Article(id=r["id"], text=r["text"], published=date(2021, 9, 21)) for r in news(40)]
    alone = [result.to_dict() for result in extract_stream(articles, workers=1, extractor=extractor)]
    parallel = [result.to_dict() for result in extract_stream(iter(articles), workers=2)]
    assert [r["article"]["id"] for r in parallel] == [a.id for a in articles]
    assert parallel == alone
    assert sum(len(r["events"]) for r in alone) == 14


def test_run_extraction_skips_what_the_store_has(tmp_path, extractor):
    articles = [Article(id=r["id"], text=r["text"], published=date(2021, 9, 21)) for r in news(6)]
    broken = Article(id="bad", text="", error="bad.txt: empty or whitespace-only")
    with open_store(tmp_path / "s.db") as store:
        first = Tally()
        list(run_extraction([*articles[:4], broken], store=store, workers=1, tally=first))
        again = Tally()
        results = list(run_extraction([*articles, broken], store=store, workers=1, tally=again))
    assert (first.articles, first.stored, first.failed, first.events) == (5, 5, 1, 2)
    # Stored articles are not extracted again; the broken one is reported again.
    assert [r.article.id for r in results] == ["n0004", "n0005", "bad"]
    assert (again.skipped, again.articles, again.stored, again.failed) == (4, 3, 2, 1)


def test_two_files_sharing_an_id_are_never_silently_replaced(tmp_path):
    text = "On Sunday, 300 teachers rallied in Berlin against school closures."
    first = Article(id="story", text=text, origin="a/story.txt", published=date(2021, 9, 21))
    other = Article(id="story", text=text.replace("Berlin", "Hamburg"), origin="b/story.txt")
    edited = Article(id="story", text=text.replace("300", "400"), origin="a/story.txt")
    with open_store(tmp_path / "s.db") as store:
        tally = Tally()
        results = list(run_extraction([first, other], store=store, workers=1, tally=tally))
        assert results[1].article.error and "a/story.txt" in results[1].article.error
        assert (tally.stored, tally.failed) == (1, 1)
        assert store.article("story")["text"] == text
        # The same file re-read after an edit still replaces its earlier text.
        list(run_extraction([edited], store=store, workers=1, tally=Tally()))
        assert "400 teachers" in store.article("story")["text"]


def test_extract_resumes_after_a_kill_and_ends_with_the_same_store(tmp_path):
    TOTAL = 900  # noqa: N806 (a constant of this test)
    source = write_jsonl(tmp_path / "news.jsonl", news(TOTAL, every=5))
    whole, resumed = tmp_path / "whole.db", tmp_path / "resumed.db"
    command = [*PROTESTWATCH, "extract", source, "--workers", "1", "--quiet", "-o", os.devnull, "--force"]
    subprocess.run([*command, "--db", str(whole)], check=True, capture_output=True, timeout=300)

    process = subprocess.Popen([*command, "--db", str(resumed)], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    count = 0
    while count < 150 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        if resumed.exists():
            try:
                with sqlite3.connect(resumed) as connection:
                    count = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:  # tables not created yet
                count = 0
    process.send_signal(signal.SIGKILL)
    process.wait()
    interrupted = len(stored(resumed)[0])
    assert 150 <= interrupted < TOTAL, "the run must be killed in the middle"

    rerun = subprocess.run([*command, "--db", str(resumed)], capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{interrupted} already stored (skipped)" in rerun.stderr
    assert f"{TOTAL - interrupted} new articles stored" in rerun.stderr
    assert stored(resumed) == stored(whole)


@pytest.mark.parametrize("quiet", [False, True])
def test_extract_shows_progress_only_on_a_terminal(tmp_path, quiet):
    source = write_jsonl(tmp_path / "news.jsonl", news(30))
    args = [*PROTESTWATCH, "extract", source, "--no-store", "--workers", "1", "-o", os.devnull, "--force"]
    on_terminal = _run_with_terminal_stderr(args + (["--quiet"] if quiet else []))
    piped = subprocess.run(args, capture_output=True, text=True, timeout=120)
    summary = "30 articles: 30 processed, 0 failed; 10 events"
    assert piped.stderr.strip() == summary
    assert summary in on_terminal
    assert ("articles (" in on_terminal and "ETA" in on_terminal) is not quiet


def _run_with_terminal_stderr(args: list[str]) -> str:
    """Run a command whose stderr is a pseudo-terminal; return what it wrote there."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=terminal)
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed: the process has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(controller)
    return b"".join(chunks).decode("utf-8", errors="replace")


def test_extract_on_dask_equals_the_single_process_run(tmp_path):
    first = write_jsonl(tmp_path / "a.jsonl", news(30))
    folder = tmp_path / "more"
    folder.mkdir()
    write_jsonl(folder / "b.jsonl", news(45)[30:])
    (folder / "c.txt").write_text(
        "Dozens of nurses held a vigil outside a hospital in Oslo on Sunday.", encoding="utf-8"
    )
    (folder / "d.txt").write_text("", encoding="utf-8")
    inputs = [first, str(folder)]
    local_db, dask_db, parts = tmp_path / "local.db", tmp_path / "dask.db", tmp_path / "parts"
    base = [*PROTESTWATCH, "extract", *inputs, "--format", "jsonl"]
    local = subprocess.run(
        [*base, "--db", str(local_db), "--workers", "1"], capture_output=True, text=True, timeout=300
    )
    # 1 KB shards: a.jsonl (~3.3 KB) and b.jsonl (~1.7 KB) are split into pieces that different workers read.
    dask_args = [*base, "--db", str(dask_db), "--engine", "dask", "--workers", "2", "--parts", str(parts),
                 "--shard-mb", "0.001"]  # fmt: skip
    on_dask = subprocess.run(dask_args, capture_output=True, text=True, timeout=300)
    assert (local.returncode, on_dask.returncode) == (1, 1), on_dask.stderr  # d.txt is empty
    assert on_dask.stdout == local.stdout
    assert stored(dask_db) == stored(local_db)
    assert sum(len(json.loads(line)["events"]) for line in local.stdout.splitlines()) == 16
    assert "error: " in on_dask.stderr and "d.txt: empty" in on_dask.stderr
    partitions = sorted(parts.glob("part-*.parquet"))
    assert len(partitions) >= 6  # a.jsonl in 3 or 4 pieces, b.jsonl in 2, c.txt, d.txt
    read_back = [result.article.id for partition in partitions for result in read_partition(partition)]
    assert read_back[:45] == [record["id"] for record in news(45)]
    assert all(0 < sum(1 for _ in read_partition(partition)) < 30 for partition in partitions[:2])


# Pieces that make and unmake triggers, glued by sentence and line breaks, to test the first pass against the full one.
PIECES = st.sampled_from(
    [
        "Thousands of teachers", "marched", "rallied", "in Berlin", "on strike", "went on strike", "the striker scored",
        "stocks rallied", "in March", "protest", "protesters gathered in", "a vigil", "blocked the main road",
        "took to the streets", "air strikes", "in protest", "to", "the", "Police said", "hunger strike", "fast",
        "occupied the building", "boycott", "riot police", "pen", "walked out", "sit-in", "demonstrators",
    ]
)  # fmt: skip
GLUE = st.sampled_from([" ", " ", ", ", ". ", "! ", ".\n", "\n", "\n\n", ' "', '." '])


@given(st.lists(st.tuples(PIECES, GLUE), min_size=1, max_size=14))
@settings(max_examples=300, deadline=None)
def test_first_pass_keeps_every_article_with_a_trigger(parts):
    text = "".join(piece + glue for piece, glue in parts)
    has_trigger = any(detect_triggers(sentence) for sentence in split_sentences(text))
    assert may_report_protest(text) or not has_trigger


@pytest.mark.parametrize(
    "args, message",
    [
        ((), "give at least one input"),
        (("x.jsonl", "--scheduler", "tcp://127.0.0.1:8786"), "--scheduler, --parts and --shard-mb belong to Dask"),
    ],
)
def test_extract_refuses_incomplete_options(args, message):
    from click.testing import CliRunner

    from protestwatch.cli import cli

    result = CliRunner().invoke(cli, ["extract", *args])
    assert result.exit_code == 2 and message in result.output
