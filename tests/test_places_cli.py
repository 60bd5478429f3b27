"""Tests of `protestwatch places`: every place an article names, resolved, as JSONL or a table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from protestwatch.cli import cli

PLACE_FIELDS = {"text", "start", "end", "name", "admin1", "country", "lat", "lon", "precision", "geonames_id"}


def run_places(*arguments: str, stdin: str | None = None) -> tuple[int, list[dict], str]:
    result = CliRunner().invoke(cli, ["places", *arguments], input=stdin)
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return result.exit_code, records, result.stderr


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Teachers rallied in Austin, TX on Monday and in Pune (Maharashtra) on Tuesday.",
            [
                ("Austin", "Austin", "Texas", "US"),
                ("Pune", "Pune", "Maharashtra", "IN"),
                ("Maharashtra", "Maharashtra", "Maharashtra", "IN"),
            ],
        ),
        (
            "Women held a sit-in in Shaheen Bagh, Delhi, for weeks.",
            [("Shaheen Bagh", "Delhi", "Delhi", "IN"), ("Delhi", "Delhi", "Delhi", "IN")],
        ),
        ("protesters marched in nairobi on tuesday", [("nairobi", "Nairobi", "Nairobi City", "KE")]),
    ],
)
def test_places_prints_each_place_with_offsets(
    tmp_path: Path, text: str, expected: list[tuple[str, str, str, str]]
) -> None:
    story = tmp_path / "story.txt"
    story.write_text(text, encoding="utf-8")
    exit_code, records, _ = run_places(str(story), "--format", "jsonl")
    assert exit_code == 0
    assert len(records) == 1 and records[0]["article"]["id"] == "story"
    places = records[0]["places"]
    assert set(places[0]) >= PLACE_FIELDS
    assert [(p["text"], p["name"], p["admin1"], p["country"]) for p in places] == expected
    for place in places:
        assert text[place["start"] : place["end"]] == place["text"]


@pytest.mark.parametrize("text", ["They will march in reading next week.", "Nice work, said Jackson."])
def test_places_finds_nothing_in_ordinary_words(text: str) -> None:
    exit_code, records, stderr = run_places("-", "--format", "jsonl", stdin=text)
    assert exit_code == 0
    assert records[0]["places"] == []
    assert "1 articles: 1 processed, 0 failed; 0 places" in stderr


@pytest.mark.parametrize("missing", ["no-such-story.txt"])
def test_places_reports_a_failed_input_and_keeps_the_others(tmp_path: Path, missing: str) -> None:
    story = tmp_path / "kept.txt"
    story.write_text("Thousands marched in Lagos.", encoding="utf-8")
    exit_code, records, stderr = run_places(str(tmp_path / missing), str(story), "--format", "jsonl")
    assert exit_code == 1
    assert records[0]["article"]["error"] and records[0]["places"] == []
    assert [p["name"] for p in records[1]["places"]] == ["Lagos"]
    assert f"error: {tmp_path / missing}" in stderr
    assert "2 articles: 1 processed, 1 failed; 1 places" in stderr


@pytest.mark.parametrize("text, row", [("A vigil was held in Paris, Texas.", "Paris, Texas, US")])
def test_places_table_shows_where_each_name_is(text: str, row: str) -> None:
    result = CliRunner().invoke(cli, ["places", "-", "--format", "table"], input=text)
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0].split("\t")
    assert first[2] == "Paris" and first[3] == row and first[5] == "city"


@pytest.mark.parametrize("text, dropped", [("Sydney Smith spoke in London on Monday.", "Sydney")])
def test_places_ner_drops_names_of_people(text: str, dropped: str) -> None:
    exit_code, records, _ = run_places("-", "--format", "jsonl", "--ner", stdin=text)
    assert exit_code == 0
    names = [p["text"] for p in records[0]["places"]]
    assert dropped not in names and "London" in names
