"""Score a geoparser against hand-annotated toponyms (gold JSONL -> recall, precision, share placed within km)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from protestwatch.models import Place

from .gazetteer import distance_km

# The usual geoparsing thresholds: 161 km (100 miles, "accuracy@161km") and a city's reach.
NEAR_KM = 161.0
CLOSE_KM = 25.0


@dataclass(frozen=True, slots=True, kw_only=True)
class GeoparseScores:
    """Counts and shares over gold toponyms; a found toponym overlaps a predicted place's written span."""

    gold: int
    predicted: int  # predicted places outside the ignored spans
    found: int  # gold toponyms that some prediction overlaps
    correct_predictions: int  # predictions that overlap a gold toponym
    within_near: int  # gold toponyms placed within NEAR_KM (regions and countries: the same region or country)
    within_close: int

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.correct_predictions / self.predicted if self.predicted else 0.0

    @property
    def share_near(self) -> float:
        return self.within_near / self.gold if self.gold else 0.0

    @property
    def share_close(self) -> float:
        return self.within_close / self.gold if self.gold else 0.0


def read_gold(path: Path) -> list[dict[str, Any]]:
    """Read gold records, one JSON object a line: {"id", "text", "toponyms": [...], "ignore": [...]}.

    A toponym has "start", "end", "name", "country", "precision" (country | admin1 | city | locality), "lat",
    "lon" and "geonames_id"; an ignored span is a place name left unannotated, where a prediction does not count.
    """
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def lower_cased(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return copies of the records with lower-cased text (offsets are unchanged), as some archives store it."""
    return [{**record, "id": f"{record['id']}-lower", "text": record["text"].lower()} for record in records]


def _placed_within(gold: dict[str, Any], place: Place, km: float) -> bool:
    """Tell whether a prediction places a gold toponym: same country or region for those, else by distance."""
    if gold["precision"] == "country":
        return place.precision == "country" and place.country == gold["country"]
    if gold["precision"] == "admin1" and place.precision == "admin1":
        return place.geonames_id == gold["geonames_id"]
    if place.lat is None or place.lon is None:
        return False
    return distance_km(gold["lat"], gold["lon"], place.lat, place.lon) <= km


def score_geoparse(records: Sequence[dict[str, Any]], geoparse: Callable[[str], list[Place]]) -> GeoparseScores:
    """Run geoparse over each record's text and count what it found and where it put it."""
    gold_count = predicted = found = correct_predictions = within_near = within_close = 0
    for record in records:
        places = [(place, place.span) for place in geoparse(record["text"]) if place.span is not None]
        ignored = record.get("ignore", [])
        toponyms = record["toponyms"]
        gold_count += len(toponyms)
        for _, span in places:
            overlaps_gold = any(_overlap(span.start, span.end, g) for g in toponyms)
            if not overlaps_gold and any(_overlap(span.start, span.end, i) for i in ignored):
                continue
            predicted += 1
            correct_predictions += overlaps_gold
        for toponym in toponyms:
            matching = [place for place, span in places if _overlap(span.start, span.end, toponym)]
            if not matching:
                continue
            found += 1
            place = matching[0]
            within_near += _placed_within(toponym, place, NEAR_KM)
            within_close += _placed_within(toponym, place, CLOSE_KM)
    return GeoparseScores(
        gold=gold_count,
        predicted=predicted,
        found=found,
        correct_predictions=correct_predictions,
        within_near=within_near,
        within_close=within_close,
    )


def _overlap(start: int, end: int, span: dict[str, Any]) -> bool:
    return start < span["end"] and span["start"] < end
