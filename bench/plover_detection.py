"""Detection figures on the PLOVER gold sentences: trigger precision/recall and events per record kind.

Usage: python bench/plover_detection.py [PATH to PLOVER_GSR_CAMEO.txt]  (default: ../shared/data/plover-gold/...)
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


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    records = [r for r in json.loads(path.read_text(encoding="utf-8-sig")) if "text" in r]
    extractor = Extractor()
    tp = fp = fn = events_on_protests = events_on_others = 0
    for record in records:
        gold = record["event"] == "PROTEST"
        triggered = any(detect_triggers(sentence) for sentence in split_sentences(record["text"]))
        tp += gold and triggered
        fp += triggered and not gold
        fn += gold and not triggered
        result = extractor.extract(Article(id=record.get("id", "plover"), text=record["text"]))
        if any(event.status in REPORTED_STATUSES for event in result.events):
            events_on_protests += gold
            events_on_others += not gold
    protests = sum(r["event"] == "PROTEST" for r in records)
    print(f"trigger detection: precision {tp / (tp + fp):.2f}, recall {tp / (tp + fn):.2f} (tp={tp} fp={fp} fn={fn})")
    print(
        f"records with an occurred/ongoing event: {events_on_protests}/{protests} PROTEST, "
        f"{events_on_others}/{len(records) - protests} other"
    )


if __name__ == "__main__":
    main()
