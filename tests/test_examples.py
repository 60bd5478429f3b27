"""Acceptance: the two example articles yield what examples/EXPECTED.md says, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from protestwatch.cli import cli

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FIRST = "000_80a7b1ff135b5445"
SECOND = "003_69a2032b00ff9d11"


def run_extract(tmp_path: Path, *inputs: str) -> dict[str, dict]:
    runner = CliRunner()
    result = runner.invoke(cli, ["extract", *inputs, "--format", "jsonl", "--db", str(tmp_path / "t.db")])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return {record["article"]["id"]: record for record in records}


@pytest.fixture(scope="module")
def from_jsonl(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    return run_extract(tmp_path_factory.mktemp("jsonl"), str(EXAMPLES / "articles.jsonl"))


@pytest.fixture(scope="module")
def from_txt(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    return run_extract(tmp_path_factory.mktemp("txt"), str(EXAMPLES / f"{FIRST}.txt"), str(EXAMPLES / f"{SECOND}.txt"))


def places(record: dict) -> dict[tuple[str, str], dict]:
    return {(e["location"]["name"], e["location"]["country"]): e for e in record["events"] if e["location"]}


@pytest.mark.parametrize(
    "article, name, country, day",
    [
        (FIRST, "New York City", "US", "2021-09-21"),
        (FIRST, "Brussels", "BE", "2021-09-21"),
        (SECOND, "London", "GB", "2021-08-03"),
        (SECOND, "Italy", "IT", "2021-08-03"),
        (SECOND, "Bucharest", "RO", "2021-08-03"),
        (SECOND, "Berlin", "DE", "2021-08-03"),
        (SECOND, "Münster", "DE", "2021-08-03"),
        (SECOND, "Paris", "FR", "2021-08-03"),
        (SECOND, "The Hague", "NL", "2021-08-03"),
        (SECOND, "Bern", "CH", "2021-08-03"),
        (SECOND, "Brussels", "BE", "2021-08-03"),
        (SECOND, "Washington", "US", "2021-08-01"),
    ],
)
def test_examples_every_expected_place_with_country_and_date(from_jsonl, article, name, country, day):
    event = places(from_jsonl[article])[(name, country)]
    assert event["date"]["start"] == day
    assert event["status"] == "occurred"


@pytest.mark.parametrize("article, count", [(FIRST, 2), (SECOND, 10)])
def test_examples_one_event_per_place_and_day(from_jsonl, article, count):
    assert len(from_jsonl[article]["events"]) == count


def test_examples_italy_is_country_precision(from_jsonl):
    assert places(from_jsonl[SECOND])[("Italy", "IT")]["location"]["precision"] == "country"


@pytest.mark.parametrize("article, stated", [(FIRST, 13), (SECOND, 12)])
def test_examples_one_campaign_links_the_events(from_jsonl, article, stated):
    record = from_jsonl[article]
    assert len(record["campaigns"]) == 1
    campaign = record["campaigns"][0]
    assert campaign["stated_places"] == stated
    assert set(campaign["events"]) == {e["id"] for e in record["events"]}
    assert all(e["campaign"] == campaign["id"] for e in record["events"])


def test_examples_first_article_actors_and_claims(from_jsonl):
    brussels = places(from_jsonl[FIRST])[("Brussels", "BE")]
    assert {"name": "National Council of Resistance of Iran", "aliases": ["NCRI"]} in brussels["organizers"]
    assert "Ebrahim Raisi" in [t["name"] for t in brussels["targets"]]
    assert any("prosecut" in claim.lower() and "raisi" in claim.lower() for claim in brussels["claims"])
    assert brussels["issue_country"] == "IR"
    assert brussels["size"] == {"low": 50, "high": 50, "text": "50 protesters", "source": None}
    assert brussels["location"]["precision"] == "venue"


def test_examples_washington_rally_size_and_organizer(from_jsonl):
    washington = places(from_jsonl[SECOND])[("Washington", "US")]
    assert (washington["size"]["low"], washington["size"]["high"]) == (100, 999)
    assert washington["location"]["venue"]
    assert washington["form"] == "rally"
    organizer = washington["organizers"][0]
    assert organizer["name"] == "Organization of Iranian Communities" and "OIAC" in organizer["aliases"]


@pytest.mark.parametrize("article, country", [(FIRST, "SE"), (SECOND, "IR")])
def test_examples_no_event_at_non_event_places(from_jsonl, article, country):
    assert all(e["location"]["country"] != country for e in from_jsonl[article]["events"] if e["location"])


def test_examples_conference_day_is_no_event(from_jsonl):
    assert all(e["date"]["start"] != "2021-09-20" for e in from_jsonl[FIRST]["events"])


def test_examples_evidence_points_into_the_text(from_jsonl):
    texts = {json.loads(line)["id"]: json.loads(line)["text"] for line in (EXAMPLES / "articles.jsonl").open()}
    for article_id, record in from_jsonl.items():
        for event in record["events"]:
            for item in event["evidence"]:
                assert 0 <= item["start"] < item["end"] <= len(texts[article_id])
            location = next(i for i in event["evidence"] if i["field"] == "location")
            assert texts[article_id][location["start"] : location["end"]] == event["location"]["text"]


def test_examples_txt_gives_the_same_places(from_jsonl, from_txt):
    for article in (FIRST, SECOND):
        assert set(places(from_txt[article])) == set(places(from_jsonl[article]))


def test_examples_txt_recovers_publication_date_from_text(from_txt):
    article = from_txt[FIRST]["article"]
    assert (article["published"], article["published_basis"]) == ("2021-09-21", "text")
    assert all(e["date"]["start"] == "2021-09-21" for e in from_txt[FIRST]["events"])


def test_examples_txt_without_publication_date_leaves_dates_null(from_txt):
    record = from_txt[SECOND]
    assert record["article"]["published"] is None
    for event in record["events"]:
        assert event["date"]["start"] is None
        assert event["date"]["precision"] == "unknown"
