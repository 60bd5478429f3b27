"""Score the geoparser on the hand-annotated toponyms of tests/data/geo/, as written and lower-cased.

Prints toponym recall and precision and the share of toponyms placed within 161 km and 25 km (a country or
region counts as placed when the same one is named), with and without spaCy entity labels.

    .venv/bin/python bench/geoparse_eval.py [GOLD.jsonl] [--misses]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from protestwatch.geo import Gazetteer
from protestwatch.geo.evaluate import lower_cased, read_gold, score_geoparse
from protestwatch.nlp import find_entities, load_nlp
from protestwatch.text import split_sentences

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "geo" / "geoparse.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", nargs="?", type=Path, default=GOLD)
    parser.add_argument("--misses", action="store_true", help="print each gold toponym not placed within 161 km")
    arguments = parser.parse_args()
    records = read_gold(arguments.gold)
    gazetteer = Gazetteer.load()
    nlp = load_nlp()

    def with_entities(text: str):  # type: ignore[no-untyped-def]
        return gazetteer.places(text, find_entities(nlp, split_sentences(text)))

    print(f"{arguments.gold.name}: {len(records)} passages, {sum(len(r['toponyms']) for r in records)} toponyms")
    print(f"{'run':<28} {'recall':>7} {'precision':>9} {'<=161km':>8} {'<=25km':>7} {'seconds':>8}")
    for label, rows in (("as written", records), ("lower-cased", lower_cased(records))):
        for mode, geoparse in (("gazetteer", gazetteer.places), ("gazetteer + spaCy", with_entities)):
            started = time.perf_counter()
            scores = score_geoparse(rows, geoparse)
            seconds = time.perf_counter() - started
            print(
                f"{label + ', ' + mode:<28} {scores.recall:>7.1%} {scores.precision:>9.1%} "
                f"{scores.share_near:>8.1%} {scores.share_close:>7.1%} {seconds:>8.2f}"
            )
    if arguments.misses:
        for record in records:
            places = gazetteer.places(record["text"])
            for toponym in record["toponyms"]:
                hits = [p for p in places if p.span and p.span.start < toponym["end"] and toponym["start"] < p.span.end]
                shown = f"{hits[0].name} {hits[0].country} {hits[0].precision}" if hits else "not found"
                print(f"{record['id']}: {toponym['text']!r} ({toponym['name']}, {toponym['country']}) -> {shown}")


if __name__ == "__main__":
    main()
