"""The command line over real files: formats, stdin, the store, and bad input in a batch."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import protestwatch
from protestwatch.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"
STORY = "On Sunday, 300 teachers rallied in Berlin against budget cuts.\n"


def invoke(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), input=stdin)


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """A directory with one good article and the four kinds of bad input of issue 3."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a_good.txt").write_text(STORY, encoding="utf-8")
    (folder / "b_empty.txt").write_text("", encoding="utf-8")
    (folder / "c_binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (folder / "d_latin1.txt").write_bytes("Manifestation à Genève".encode("latin-1"))
    (folder / "e_lines.jsonl").write_text(
        '{"id": "ok", "text": "Hundreds of students marched in Santiago on Friday.", "published": "2021-08-03"}\n'
        "{not json\n",
        encoding="utf-8",
    )
    return folder


@pytest.mark.parametrize("command", ["extract"])
def test_cli_every_command_has_help_and_is_in_readme(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0 and "Example:" in result.output
    assert f"protestwatch {command}" in README.read_text(encoding="utf-8")


def test_cli_public_api_is_sorted_and_complete():
    assert protestwatch.__all__ == sorted(protestwatch.__all__)
    for name in protestwatch.__all__:
        assert getattr(protestwatch, name) is not None


def test_cli_bad_inputs_are_reported_and_the_rest_is_stored(batch, tmp_path):
    db = tmp_path / "store.db"
    result = invoke("extract", str(batch), "--format", "jsonl", "--db", str(db))
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    errors = {r["article"]["id"]: r["article"]["error"] for r in records if r["article"]["error"]}
    assert set(errors) == {"b_empty", "c_binary", "d_latin1", "e_lines:2"}
    assert "UTF-8" in errors["d_latin1"]
    for origin in ("b_empty.txt", "c_binary.txt", "d_latin1.txt", "e_lines.jsonl:2"):
        assert f"{origin}: " in result.stderr
    good = {r["article"]["id"]: r for r in records if not r["article"]["error"]}
    assert [e["location"]["name"] for e in good["a_good"]["events"]] == ["Berlin"]
    assert [e["location"]["name"] for e in good["ok"]["events"]] == ["Santiago"]
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == 6
        assert connection.execute("SELECT count(*) FROM events").fetchone()[0] == 2
    assert re.search(r"6 articles: 2 processed, 4 failed", result.stderr)


def test_cli_rerun_adds_nothing_twice(batch, tmp_path):
    db = tmp_path / "store.db"
    invoke("extract", str(batch), "--format", "jsonl", "--db", str(db))
    second = invoke("extract", str(batch), "--format", "jsonl", "--db", str(db))
    assert "0 new articles stored" in second.stderr
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM events").fetchone()[0] == 2


@pytest.mark.parametrize("published, day", [("2021-08-03", "2021-08-01"), (None, None)])
def test_cli_stdin_uses_published_option(tmp_path, published, day):
    args = ["extract", "-", "--format", "jsonl", "--db", str(tmp_path / "s.db")]
    if published:
        args += ["--published", published]
    result = invoke(*args, stdin=STORY)
    assert result.exit_code == 0, result.output
    event = json.loads(result.stdout)["events"][0]
    assert (event["location"]["name"], event["date"]["start"]) == ("Berlin", day)


def test_cli_bad_published_option_is_a_clear_error():
    result = invoke("extract", "-", "--published", "last week", stdin=STORY)
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


@pytest.mark.parametrize("output_format", ["csv", "geojson", "table"])
def test_cli_formats_carry_the_event(tmp_path, output_format):
    result = invoke("extract", "-", "--format", output_format, "--no-store", "--published", "2021-08-03", stdin=STORY)
    assert result.exit_code == 0, result.output
    if output_format == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert rows[0]["location"] == "Berlin" and rows[0]["event_date"] == "2021-08-01"
    elif output_format == "geojson":
        feature = json.loads(result.stdout)["features"][0]
        lon, lat = feature["geometry"]["coordinates"]
        assert 52 < lat < 53 and 13 < lon < 14
    else:
        assert "Berlin" in result.stdout and "2021-08-01" in result.stdout


def test_cli_refuses_to_overwrite_output_without_force(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("keep", encoding="utf-8")
    result = invoke("extract", "-", "--no-store", "-o", str(target), stdin=STORY)
    assert result.exit_code == 1 and "--force" in result.output
    assert target.read_text(encoding="utf-8") == "keep"
