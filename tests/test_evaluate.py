"""Tests of `protestwatch evaluate`: matching and scoring on hand-written gold, the ACLED reader, the CLI,
the development set's shape, and floors on its dev part so that regressions fail."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from protestwatch.api import default_extractor
from protestwatch.cli import cli
from protestwatch.errors import InputError
from protestwatch.evaluate import (
    GoldEvent,
    GoldPassage,
    GoldPlace,
    GoldSize,
    Report,
    actor_matches,
    evaluate,
    match_events,
    parse_size_text,
    read_acled_csv,
    read_gold,
    score_passage,
    size_right,
)
from protestwatch.models import FORMS, STATUSES, Actor, CrowdSize, DateRange, Event, Place

DEVSET = Path(__file__).resolve().parent / "data" / "devset"
README = Path(__file__).resolve().parent.parent / "README.md"
DURBAN = GoldPlace(text="Durban", name="Durban", country="ZA", lat=-29.858, lon=31.029)
MARCH_4 = date(2019, 3, 4)


def gold_event(**fields) -> GoldEvent:
    defaults = {
        "place": DURBAN,
        "start": MARCH_4,
        "end": MARCH_4,
        "size": GoldSize(low=200, high=300),
        "organizers": ("COSATU",),
        "targets": ("eThekwini Municipality",),
        "form": "march",
        "status": "occurred",
    }
    return GoldEvent(**{**defaults, **fields})


def predicted(**fields) -> Event:
    """An event as the extractor would report the gold event above when it gets everything right."""
    defaults = {
        "id": "p#1",
        "form": "march",
        "status": "occurred",
        "date": DateRange(start=MARCH_4, end=MARCH_4, precision="day"),
        "location": Place(text="Durban", name="Durban", country="ZA", lat=-29.858, lon=31.029, precision="city"),
        "size": CrowdSize(low=200, high=300, text="200 to 300"),
        "organizers": (Actor(name="Congress of South African Trade Unions", aliases=("COSATU",)),),
        "targets": (Actor(name="eThekwini Municipality"),),
        "confidence": 0.9,
    }
    return Event(**{**defaults, **fields})


def passage(*events: GoldEvent, protest: bool = True, text: str = "Workers marched in Durban.") -> GoldPassage:
    return GoldPassage(id="p", text=text, protest=protest, events=events)


def scored(gold: GoldPassage, *events: Event) -> Report:
    report = Report()
    score_passage(report, gold, events)
    return report


def shifted_north(km: float) -> Place:
    """Durban moved ``km`` kilometres north (one degree of latitude is 111.2 km)."""
    return Place(text="Somewhere", name="Somewhere", country="ZA", lat=-29.858 + km / 111.2, lon=31.029)


# -- matching and scoring ------------------------------------------------------------------------


def test_evaluate_perfect_system_scores_one_everywhere():
    report = scored(passage(gold_event()), predicted())
    assert report.detection.f1 == 1.0 and report.detection.precision == 1.0
    assert all(tally.rate == 1.0 for tally in report.fields.values()), report.fields
    assert all(prf.f1 == 1.0 for prf in report.arguments.values()), report.arguments
    assert report.coverage["place (25 km)"].rate == 1.0 and report.coverage["day exact"].rate == 1.0
    assert report.reliability == [(0.9, 1)] and report.misses == []


@pytest.mark.parametrize("km, right", [(20, True), (30, False)])
def test_evaluate_place_is_right_within_25_km(km, right):
    report = scored(passage(gold_event()), predicted(location=shifted_north(km)))
    assert report.fields["place (25 km)"].rate == (1.0 if right else 0.0)
    assert report.fields["country"].rate == 1.0  # still South Africa
    assert report.arguments["place"].f1 == (1.0 if right else 0.0)
    # A wrong place is still the same event (same country and day), not a miss plus a false alarm.
    assert report.matched == 1 and report.match_rules == {("place" if right else "country+date"): 1}


def test_evaluate_missing_size_is_a_false_negative():
    report = scored(passage(gold_event()), predicted(size=None))
    assert report.fields["size (factor 3)"].rate == 0.0
    count = report.arguments["count"]
    assert (count.tp, count.fp, count.fn) == (0, 0, 1)
    assert [m["field"] for m in report.misses] == ["size (factor 3)"]


def test_evaluate_false_size_counts_against_no_false_size():
    report = scored(passage(gold_event(size=None)), predicted(size=CrowdSize(low=34, high=34, text="34")))
    assert report.fields["no false size"].rate == 0.0
    assert report.coverage["size where none"].rate == 1.0  # the "size where the text gives none"
    count = report.arguments["count"]
    assert (count.tp, count.fp, count.fn) == (0, 1, 0)
    assert report.misses[0]["field"] == "false size" and report.misses[0]["predicted"]["low"] == 34


def test_evaluate_negative_passage_with_a_predicted_event():
    report = scored(passage(protest=False, text="The rand rallied on Monday."), predicted(location=None))
    assert (report.detection.tp, report.detection.fp) == (0, 1) and report.detection.precision == 0.0
    assert report.detection_negative.fn == 1
    assert report.arguments["time"].fp == 1 and report.arguments["organizer"].fp == 1
    assert report.reliability == [(0.9, 0)]
    assert {m["field"] for m in report.misses} == {"protest", "event"}


def test_evaluate_wrong_date_is_both_false_positive_and_false_negative():
    wrong_day = DateRange(start=date(2019, 3, 5), end=date(2019, 3, 5), precision="day")
    report = scored(passage(gold_event()), predicted(date=wrong_day))
    time = report.arguments["time"]
    assert (time.tp, time.fp, time.fn) == (0, 1, 1)
    assert report.reliability == [(0.9, 0)]  # right place, wrong date: not right


def test_evaluate_matches_each_listed_city_to_its_own_event():
    johannesburg = GoldPlace(text="Johannesburg", name="Johannesburg", country="ZA", lat=-26.204, lon=28.047)
    gold = passage(gold_event(), gold_event(place=johannesburg))
    in_johannesburg = Place(text="Johannesburg", name="Johannesburg", country="ZA", lat=-26.2, lon=28.04)
    pairs = match_events(gold.events, [predicted(id="p#1", location=in_johannesburg), predicted(id="p#2")])
    assert pairs == [(0, 1, "place"), (1, 0, "place")]


@pytest.mark.parametrize(
    "gold, event, rule",
    [
        (
            gold_event(place=GoldPlace(text="Gauteng", name="Gauteng", country="ZA")),
            predicted(location=Place(text="Gauteng", name="Gauteng", country="ZA", lat=-26.0, lon=28.2)),
            "region",
        ),
        (gold_event(place=None, start=None, end=None), predicted(location=None, date=DateRange()), "no place"),
    ],
)
def test_evaluate_matches_regions_and_placeless_events(gold, event, rule):
    assert match_events([gold, gold_event()], [event, predicted()]) == [(0, 0, rule), (1, 1, "place")]


def test_evaluate_leaves_extra_events_unmatched_when_several_remain():
    far = Place(text="Cape Town", name="Cape Town", country="ZA", lat=-33.92, lon=18.42)
    pretoria = GoldPlace(text="Pretoria", name="Pretoria", country="ZA", lat=-25.746, lon=28.188)
    undated = DateRange()
    report = scored(
        passage(gold_event(), gold_event(place=pretoria)),
        predicted(location=far, date=undated),
        predicted(location=far, date=undated),
    )
    assert report.matched == 0 and report.arguments["place"].fn == 2 and report.arguments["place"].fp == 2


@pytest.mark.parametrize(
    "gold, low, high, right",
    [
        (GoldSize(low=100, high=999), 300, 300, True),  # "hundreds" against "300 protesters"
        (GoldSize(low=1000, high=9999), 300, 300, False),  # "thousands" against 300
        (GoldSize(low=500, high=None), 1200, 1200, True),  # "more than 500" against 1,200
        (GoldSize(low=50, high=50), 151, 151, False),  # just past a factor of 3
    ],
)
def test_evaluate_size_within_a_factor_of_three(gold, low, high, right):
    assert size_right(gold, low, high) is right


@pytest.mark.parametrize(
    "name, actor, same",
    [
        ("COSATU", Actor(name="Congress of South African Trade Unions", aliases=("COSATU",)), True),
        ("the Shiv Sena", Actor(name="Shiv Sena"), True),
        ("Yeddyurappa", Actor(name="B S Yeddyurappa"), True),
        ("Numsa", Actor(name="Cosatu"), False),
    ],
)
def test_evaluate_actor_names_overlap_case_insensitively(name, actor, same):
    assert actor_matches(name, actor) is same


# -- reading gold ----------------------------------------------------------------------------------

ACLED_HEADER = "event_id_cnty,event_date,event_type,location,admin1,country,latitude,longitude,tags,notes\n"


def test_acled_reader_takes_place_date_and_crowd_size_tag(tmp_path):
    path = tmp_path / "acled.csv"
    path.write_text(
        ACLED_HEADER
        + "IND1,15 March 2021,Protests,Durban,KwaZulu-Natal,South Africa,-29.858,31.029,crowd size=hundreds,"
        '"On 15 March 2021, hundreds of COSATU members marched in Durban."\n'
        "IND2,2021-03-16,Battles,Kabul,Kabul,Afghanistan,34.5,69.2,,Militants clashed with the army in Kabul.\n"
        "IND3,16-March-2021,Riots,Soweto,Gauteng,South Africa,-26.25,27.85,crowd size=no report,Residents rioted.\n",
        encoding="utf-8",
    )
    first, second, third = read_acled_csv(path)
    assert first.protest and first.published == date(2021, 3, 15) and first.text.startswith("On 15 March")
    event = first.events[0]
    assert (event.place.name, event.place.country, event.place.lat) == ("Durban", "ZA", -29.858)
    assert (event.start, event.size) == (date(2021, 3, 15), GoldSize(low=100, high=999))
    assert "organizers" not in event.scored and "size" in event.scored
    assert not second.protest and second.events == ()
    assert third.events[0].size is None and third.events[0].place.country == "ZA"


@pytest.mark.parametrize(
    "content, message",
    [
        ("event_date,location\n2021-03-15,Durban\n", "needs a 'notes' column"),
        (
            ACLED_HEADER + "X,the Ides of March,Protests,Durban,,South Africa,,,,Workers marched.\n",
            "acled.csv:2: event date",
        ),
    ],
)
def test_acled_reader_rejects_bad_files_with_the_reason(tmp_path, content, message):
    path = tmp_path / "acled.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_acled_csv(path)


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("hundreds", 100, 999),
        ("around 50", 50, 50),
        ("100-200", 100, 200),
        ("more than 5,000", 5000, None),
        ("tens of thousands", 10000, 99999),
    ],
)
def test_acled_size_tags_follow_the_interval_rules(text, low, high):
    assert parse_size_text(text) == GoldSize(low=low, high=high)


def test_gold_jsonl_reader_names_the_bad_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "a", "text": "x", "protest": false}\n{"text": "no id"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"gold.jsonl:2: not a gold passage"):
        read_gold(path)


# -- the command line -------------------------------------------------------------------------------


@pytest.fixture
def tiny_gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    berlin = {"text": "Berlin", "name": "Berlin", "country": "DE", "lat": 52.52, "lon": 13.405}
    records = [
        {
            "id": "berlin",
            "text": "On Sunday, 300 teachers rallied in Berlin against budget cuts.",
            "published": "2021-08-03",
            "protest": True,
            "events": [
                {
                    "place": berlin,
                    "date": {"start": "2021-08-01", "end": "2021-08-01"},
                    "size": {"low": 300, "high": 300},
                    "organizers": [],
                    "targets": [],
                    "form": "rally",
                    "status": "occurred",
                }
            ],
        },
        {"id": "bank", "text": "The central bank cut interest rates on Tuesday.", "protest": False, "events": []},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_cli_evaluate_prints_json_scores_and_writes_misses(tiny_gold, tmp_path):
    misses = tmp_path / "misses.jsonl"
    result = CliRunner().invoke(cli, ["evaluate", str(tiny_gold), "--format", "json", "--misses", str(misses)])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["passages"] == 2 and scores["detection"]["macro_f1"] == 1.0
    assert scores["fields"]["place (25 km)"]["accuracy"] == 1.0
    assert misses.exists() and f"misses written to {misses}" in result.stderr


def test_cli_evaluate_refuses_to_overwrite_misses(tiny_gold, tmp_path):
    misses = tmp_path / "misses.jsonl"
    misses.write_text("keep me\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(tiny_gold), "--misses", str(misses)])
    assert result.exit_code == 1
    assert f"{misses} exists; pass --force to overwrite it." in result.output
    assert misses.read_text(encoding="utf-8") == "keep me\n"


def test_cli_evaluate_table_and_lowercase(tiny_gold):
    result = CliRunner().invoke(cli, ["evaluate", str(tiny_gold), "--lowercase"])
    assert result.exit_code == 0, result.output
    assert "macro-F1" in result.stdout and "Reliability of confidence" in result.stdout


def test_cli_evaluate_has_help_and_is_in_readme():
    result = CliRunner().invoke(cli, ["evaluate", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output
    assert "protestwatch evaluate" in README.read_text(encoding="utf-8")


# -- the development set ------------------------------------------------------------------------------


def devset_records() -> list[tuple[str, dict]]:
    return [
        (name, json.loads(line))
        for name in ("dev", "test", "notes_dev", "notes_test")
        for line in (DEVSET / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    ]


def test_devset_records_follow_the_format_and_the_split_rule():
    records = devset_records()
    ids = [record["id"] for _, record in records]
    assert len(ids) == len(set(ids))
    for part, record in records:
        in_test = hashlib.sha1(record["id"].encode()).digest()[0] % 3 == 0
        assert part.endswith("test") is in_test, record["id"]
        reported = any(e["status"] in ("occurred", "ongoing") for e in record["events"])
        assert record["protest"] is reported, record["id"]
        for event in record["events"]:
            assert event["form"] in FORMS and event["status"] in STATUSES, record["id"]
            if event["date"]:
                assert event["date"]["start"] <= event["date"]["end"], record["id"]
    assert sum(r["protest"] for _, r in records) >= 300 and sum(not r["protest"] for _, r in records) >= 150


# Today's figures on dev.jsonl (see README "Measuring quality"), with a margin for small changes.
DEV_FLOORS = {
    "detection_f1": 0.92,
    "macro_f1": 0.88,
    "place": 0.7,  # 0.745 after issue 4's second round on places
    "time": 0.68,
    "count": 0.72,
    "organizer": 0.6,  # 0.652 after issue 5's second round
    "target": 0.42,  # 0.471 after issue 5's second round
    "no_false_size": 0.95,
}


def test_devset_dev_scores_stay_above_floors():
    passages = read_gold(DEVSET / "dev.jsonl")
    report = evaluate(passages, default_extractor().extract)
    figures = {
        "detection_f1": report.detection.f1,
        "macro_f1": report.macro_f1,
        **{name: report.arguments[name].f1 for name in ("place", "time", "count", "organizer", "target")},
        "no_false_size": report.fields["no false size"].rate,
    }
    below = {name: round(value, 3) for name, value in figures.items() if value < DEV_FLOORS[name]}
    assert not below, f"dev scores fell below their floors {DEV_FLOORS}: {below}"


# Today's coverage figures on notes_dev.jsonl (coder-written notes, issue 4), with a margin for small changes;
# "size where none" is a ceiling. Measured: place 0.892, country 0.908, day 0.900, size 0.933, size where none 0.
NOTES_DEV_FLOORS = {"place (25 km)": 0.86, "country": 0.88, "day exact": 0.87, "size (factor 3)": 0.9}
NOTES_DEV_CEILINGS = {"size where none": 0.05}


def test_devset_notes_dev_coverage_stays_above_floors():
    report = evaluate(read_gold(DEVSET / "notes_dev.jsonl"), default_extractor().extract)
    rates = {name: tally.rate for name, tally in report.coverage.items()}
    below = {name: round(rates[name], 3) for name, floor in NOTES_DEV_FLOORS.items() if rates[name] < floor}
    above = {name: round(rates[name], 3) for name, ceiling in NOTES_DEV_CEILINGS.items() if rates[name] > ceiling}
    assert not below and not above, f"notes_dev coverage left its bounds: below {below}, above {above}"
