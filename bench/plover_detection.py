"""Detection figures on the PLOVER gold sentences: trigger precision/recall and events per record kind.

Usage: python bench/plover_detection.py [PATH to PLOVER_GSR_CAMEO.txt] [--errors]
(default path: ../shared/data/plover-gold/...; --errors lists the sentences detection gets wrong)

PLOVER codes one main event per sentence, so some "errors" are protests all the same: "police opened
fire to disperse demonstrators" is COERCE there, a protest with intervention for us (ACLED's view).
Read the listed errors by kind before changing a rule; do not fix single sentences.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from protestwatch.detect import detect_triggers
from protestwatch.models import REPORTED_STATUSES, Article
from protestwatch.pipeline import Extractor
from protestwatch.text import split_sentences

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared/data/plover-gold/PLOVER_GSR_CAMEO.txt"


def precision_recall(pairs: list[tuple[bool, bool]]) -> str:
    tp = sum(gold and found for gold, found in pairs)
    fp = sum(found and not gold for gold, found in pairs)
    fn = sum(gold and not found for gold, found in pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return f"precision {precision:.2f}, recall {recall:.2f} (tp={tp} fp={fp} fn={fn})"


def main() -> None:
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    path = Path(arguments[0]) if arguments else DEFAULT
    show_errors = "--errors" in sys.argv
    records = [r for r in json.loads(path.read_text(encoding="utf-8-sig")) if "text" in r]
    extractor = Extractor()
    any_trigger: list[tuple[bool, bool]] = []
    reported_trigger: list[tuple[bool, bool]] = []
    events_on_protests = events_on_others = 0
    for record in records:
        gold = record["event"] == "PROTEST"
        triggers = [t for sentence in split_sentences(record["text"]) for t in detect_triggers(sentence)]
        reported = [t for t in triggers if t.status in REPORTED_STATUSES]
        any_trigger.append((gold, bool(triggers)))
        reported_trigger.append((gold, bool(reported)))
        if show_errors and gold != bool(reported):
            found = ", ".join(f"{t.span.text}/{t.form}/{t.status}" for t in triggers) or "-"
            print(f"{'FN' if gold else 'FP'} {record['event']:<12} [{found}] {record['text'][:160]}")
        result = extractor.extract(Article(id=record.get("id", "plover"), text=record["text"]))
        if any(event.status in REPORTED_STATUSES for event in result.events):
            events_on_protests += gold
            events_on_others += not gold
    protests = sum(r["event"] == "PROTEST" for r in records)
    print(f"trigger detection (any status): {precision_recall(any_trigger)}")
    print(f"trigger detection (occurred/ongoing): {precision_recall(reported_trigger)}")
    print(
        f"records with an occurred/ongoing event: {events_on_protests}/{protests} PROTEST, "
        f"{events_on_others}/{len(records) - protests} other"
    )


if __name__ == "__main__":
    main()
