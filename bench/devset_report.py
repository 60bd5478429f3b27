"""Per-slice figures of `protestwatch evaluate` on the development set: where the extractor is weak.

Usage: python bench/devset_report.py [dev|test|both] [--lowercase]

Slices: the source corpus (Causal News Corpus or PLOVER), single- or multi-event passages, and passages
whose gold dates an event to the day. For each slice it prints detection accuracy (macro-F1 means nothing
on a slice of negatives only) and the argument F1 of place, time, count, organizer and target, so that a
change can be read by slice before it is read as a whole. The scoring is `protestwatch.evaluate`'s; nothing
is re-implemented here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from protestwatch.evaluate import ARGUMENTS, GoldPassage, Report, read_gold, score_passage
from protestwatch.pipeline import Extractor

DEVSET = Path(__file__).resolve().parent.parent / "tests" / "data" / "devset"

SLICES: dict[str, Callable[[GoldPassage], bool]] = {
    "all": lambda p: True,
    "causal news corpus": lambda p: p.id.startswith("cnc-"),
    "plover": lambda p: p.id.startswith("plover-"),
    "one sentence": lambda p: "+" not in p.id,
    "several sentences": lambda p: "+" in p.id,
    "several events": lambda p: len(p.events) > 1,
    "negatives": lambda p: not p.protest,
    "gold has a day": lambda p: any(e.start is not None and e.start == e.end for e in p.events),
}


def main() -> None:
    choice = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), "dev")
    parts = {"dev": ["dev"], "test": ["test"], "both": ["dev", "test"]}[choice]
    lowercase = "--lowercase" in sys.argv
    passages = [p for part in parts for p in read_gold(DEVSET / f"{part}.jsonl")]
    extractor = Extractor()
    reports = {name: Report() for name in SLICES}
    for passage in passages:
        events = extractor.extract(passage.article(lowercase=lowercase)).events
        for name, belongs in SLICES.items():
            if belongs(passage):
                score_passage(reports[name], passage, events)
    print(f"{' + '.join(parts)}{' (lower-cased)' if lowercase else ''}: detection accuracy and argument F1 by slice")
    print(f"{'slice':<20} {'passages':>8} {'detected':>8} " + " ".join(f"{a:>9}" for a in ARGUMENTS))
    for name, report in reports.items():
        cells = " ".join(f"{100 * report.arguments[a].f1:8.1f}%" for a in ARGUMENTS)
        right = report.detection.tp + report.detection_negative.tp
        print(f"{name:<20} {report.passages:>8} {100 * right / max(report.passages, 1):7.1f}% {cells}")


if __name__ == "__main__":
    main()
