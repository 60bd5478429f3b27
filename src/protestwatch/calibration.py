"""Turn what the text pins down about an event into a calibrated confidence: features -> raw score -> 0..1.

``raw_score`` adds up evidence (trigger strength, status, place precision, date basis, organizer, claim,
target); ``calibrate`` maps it through ``CALIBRATION_TABLE``, a monotone (isotonic) fit of the observed
share of right events on the development set, so that among events given 0.8 about 8 in 10 are right.
"Right" is `protestwatch evaluate`'s rule (evaluate.score_passage): the event matches a gold event and has
its place and date right. Refit after changing detection, ``raw_score`` or the development set:
``python bench/calibration.py --write`` (it prints the reliability table and rewrites the table below).
"""

from __future__ import annotations

from bisect import bisect_right

from .models import REPORTED_STATUSES, Event

# How much each finding raises the raw score. Chosen from the share of right events per finding on
# tests/data/devset/dev.jsonl (`python bench/calibration.py --features` prints it): a known city or venue is
# right about 7 times in 10, a missing place 3 in 10; an event with an organiser or a claim is right more often.
# The raw score only ranks events; CALIBRATION_TABLE turns it into a probability. Refit after changing these.
PLACE_WEIGHT = {"venue": 0.25, "city": 0.25, "country": 0.25, "admin1": 0.15}
DATE_WEIGHT = {"explicit": 0.1, "relative": 0.1, "none": 0.07, "publication": 0.03}

# (upper bound of a raw-score bin, observed share of right events in it), raw scores ascending.
# Fitted by bench/calibration.py on tests/data/devset/dev.jsonl with `protestwatch evaluate`'s rule of a right
# event (it matches a gold event, with the right place and date); see that script for the figures.
CALIBRATION_TABLE: tuple[tuple[float, float], ...] = (
    (0.37, 0.26),
    (0.45, 0.66),
    (0.63, 0.75),
    (0.73, 0.87),
    (0.85, 0.9),
)


def raw_score(event: Event, *, strong_trigger: bool) -> float:
    """Return an uncalibrated 0..1 score: higher when the text pins more of the event down.

    A weak trigger ("gathered outside"), a status other than occurred/ongoing, no place and no date each
    lower it; an organiser, a claim and a target raise it. It ranks events; only ``calibrate`` gives it a
    meaning as a probability.
    """
    score = 0.3 if strong_trigger else 0.15
    if event.status not in REPORTED_STATUSES:
        score -= 0.1
    if event.location is not None:
        score += PLACE_WEIGHT.get(event.location.precision, 0.0)
    score += DATE_WEIGHT.get(event.date.basis, 0.0) if event.date.start is not None or event.date.basis == "none" else 0
    if event.organizers:
        score += 0.1
    if event.claims:
        score += 0.05
    if event.targets:
        score += 0.05
    return round(min(max(score, 0.0), 1.0), 2)


def calibrate(raw: float, table: tuple[tuple[float, float], ...] = CALIBRATION_TABLE) -> float:
    """Return the calibrated confidence for a raw score; the raw score itself while no table is fitted."""
    if not table:
        return raw
    bounds = [bound for bound, _ in table]
    index = min(bisect_right(bounds, raw - 1e-9), len(table) - 1)
    return table[index][1]
