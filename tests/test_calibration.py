"""Tests of the confidence calibration: raw scores rank events, the fitted table maps them monotonically."""

from __future__ import annotations

from datetime import date

import pytest

from protestwatch.calibration import CALIBRATION_TABLE, calibrate, raw_score
from protestwatch.models import Actor, Claim, DateRange, Event, Place

BERLIN = Place(text="Berlin", name="Berlin", country="DE", lat=52.52, lon=13.4, precision="city")
TUESDAY = DateRange(start=date(2021, 8, 3), end=date(2021, 8, 3), precision="day", basis="relative")


def event(**fields) -> Event:
    defaults = {"id": "a#1", "form": "demonstration", "status": "occurred", "date": DateRange(), "location": None}
    return Event(**{**defaults, **fields})


@pytest.mark.parametrize(
    "better, worse",
    [
        (event(location=BERLIN), event()),
        (event(location=BERLIN, date=TUESDAY), event(location=BERLIN)),
        (event(status="occurred"), event(status="planned")),
        (event(organizers=(Actor(name="COSATU"),)), event()),
        (event(claims=(Claim(text="against e-tolling"),)), event()),
    ],
)
def test_raw_score_rises_with_what_the_text_pins_down(better, worse):
    assert raw_score(better, strong_trigger=True) > raw_score(worse, strong_trigger=True)


def test_raw_score_weak_trigger_scores_lower():
    assert raw_score(event(location=BERLIN), strong_trigger=False) < raw_score(
        event(location=BERLIN), strong_trigger=True
    )


def test_calibration_table_is_monotone_and_in_range():
    bounds = [bound for bound, _ in CALIBRATION_TABLE]
    shares = [share for _, share in CALIBRATION_TABLE]
    assert bounds == sorted(bounds)
    assert shares == sorted(shares)
    assert all(0.0 <= share <= 1.0 for share in shares)


@pytest.mark.parametrize(
    "table, raw, expected",
    [
        ((), 0.42, 0.42),
        (((0.3, 0.1), (0.6, 0.5), (0.9, 0.8)), 0.2, 0.1),
        (((0.3, 0.1), (0.6, 0.5), (0.9, 0.8)), 0.3, 0.1),
        (((0.3, 0.1), (0.6, 0.5), (0.9, 0.8)), 0.45, 0.5),
        (((0.3, 0.1), (0.6, 0.5), (0.9, 0.8)), 0.95, 0.8),
    ],
)
def test_calibrate_maps_a_raw_score_to_its_bin(table, raw, expected):
    assert calibrate(raw, table) == expected
