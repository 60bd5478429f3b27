"""Evaluate deduplication: pairwise precision and recall of `dedup.cluster` on extracted events of a gold corpus.

Usage: python bench/dedup_eval.py [--corpus tests/data/dedup/articles.jsonl] [--orders 5] [--errors ORDER]

Runs the real extractor on every article of the corpus, aligns each extracted event to a gold event of
its article (place within ALIGN_KM, gold date inside the extracted range widened by DATE_SLACK_DAYS),
clusters all extracted events with `dedup.cluster` in corpus order (and in ``--orders - 1`` seeded
shuffles, since the incremental rule depends on order), and scores pairs of aligned events of different
articles: a pair is positive when both have the same gold cluster. Events that could not be aligned,
gold events no extracted event aligns to, are extraction misses: counted, not scored. The unit scored is
a gold event of an article; when the pipeline split it into two events, it lies in both their clusters.
Pairs within one article are not scored (the store never merges them; the pipeline grouped them).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

from protestwatch.dedup import DATE_SLACK_DAYS, cluster, compare, distance_km
from protestwatch.models import Article, Event, Place

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / "tests" / "data" / "dedup" / "articles.jsonl"
# An extracted place this close to the gold place is the gold place (a venue, a suburb, a city's centroid).
ALIGN_KM = 25.0


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One event an article reports, as the corpus codes it."""

    article_id: str
    cluster: str
    place: Place
    day: date


@dataclass(frozen=True, slots=True)
class CorpusArticle:
    article: Article
    gold: tuple[GoldEvent, ...]


@dataclass(frozen=True, slots=True)
class Scores:
    """Pairwise scores of one clustering, with the pairs it got wrong."""

    true_positives: int
    false_positives: int
    false_negatives: int
    wrong_merges: tuple[tuple[int, int], ...] = ()
    missed_merges: tuple[tuple[int, int], ...] = ()

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        actual = self.true_positives + self.false_negatives
        return self.true_positives / actual if actual else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass
class Evaluation:
    """Everything one run measured: the events, their gold alignment and the scores per order."""

    events: list[Event]
    gold_of: list[GoldEvent | None]  # per event: its gold event, or None when it could not be aligned
    gold_total: int
    gold_missed: int  # gold events no extracted event aligns to
    duplicates: int  # further events of one article aligned to a gold event already aligned
    scores: list[Scores] = field(default_factory=list)  # corpus order first, then the shuffles

    @property
    def unaligned(self) -> int:
        return sum(gold is None for gold in self.gold_of)

    @property
    def worst(self) -> Scores:
        return min(self.scores, key=lambda s: s.f1)


def load_corpus(path: Path = DEFAULT_CORPUS) -> list[CorpusArticle]:
    """Read the corpus: one article per JSONL line with id, published, text and its gold events."""
    corpus: list[CorpusArticle] = []
    for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        record = json.loads(line)
        try:
            article = Article(
                id=record["id"],
                text=record["text"],
                published=date.fromisoformat(record["published"]),
                published_basis="metadata",
            )
            gold = tuple(
                GoldEvent(
                    article_id=record["id"],
                    cluster=item["cluster"],
                    place=Place(text=item["place"]["name"], **item["place"], precision="city"),
                    day=date.fromisoformat(item["date"]),
                )
                for item in record["gold"]
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(
                f"{path}:{line_number}: not a corpus record ({error!r}); each line needs id, published, text and "
                'gold: [{"cluster", "place": {"name", "country", "lat", "lon"}, "date"}].'
            ) from error
        corpus.append(CorpusArticle(article=article, gold=gold))
    return corpus


def align(event: Event, gold: Sequence[GoldEvent]) -> GoldEvent | None:
    """Return the gold event of the article that the extracted event reports, or None.

    The gold place must lie within ALIGN_KM and the gold date inside the event's range widened by
    DATE_SLACK_DAYS; among several, the closest in days, then in km.
    """
    if event.location is None or event.date.start is None:
        return None
    slack = timedelta(days=DATE_SLACK_DAYS)
    start, end = event.date.start, event.date.end or event.date.start
    candidates: list[tuple[int, float, GoldEvent]] = []
    for item in gold:
        km = distance_km(event.location, item.place)
        if km is None or km > ALIGN_KM or not start - slack <= item.day <= end + slack:
            continue
        days = 0 if start <= item.day <= end else min(abs((item.day - start).days), abs((item.day - end).days))
        candidates.append((days, km, item))
    return min(candidates, key=lambda c: (c[0], c[1]))[2] if candidates else None


def score_clusters(clusters: Sequence[Sequence[int]], gold_of: Sequence[GoldEvent | None]) -> Scores:
    """Score a clustering pairwise over the gold events that extracted events of different articles align to.

    The unit is one gold event of one article; when the pipeline split it into several events, the unit
    lies in each of their clusters, and a pair of units is predicted together when they share a cluster.
    """
    cluster_of = {index: number for number, members in enumerate(clusters) for index in members}
    units: dict[GoldEvent, list[int]] = {}
    for index, gold in enumerate(gold_of):
        if gold is not None:
            units.setdefault(gold, []).append(index)
    tp = fp = fn = 0
    wrong: list[tuple[int, int]] = []
    missed: list[tuple[int, int]] = []
    for (first_gold, first), (second_gold, second) in combinations(units.items(), 2):
        if first_gold.article_id == second_gold.article_id:
            continue
        predicted = bool({cluster_of[i] for i in first} & {cluster_of[i] for i in second})
        actual = first_gold.cluster == second_gold.cluster
        if predicted and actual:
            tp += 1
        elif predicted:
            fp += 1
            wrong.append((first[0], second[0]))
        elif actual:
            fn += 1
            missed.append((first[0], second[0]))
    return Scores(tp, fp, fn, tuple(wrong), tuple(missed))


def evaluate(corpus: Sequence[CorpusArticle], extractor: object | None = None, *, orders: int = 1) -> Evaluation:
    """Extract, align and cluster the corpus; score the corpus order and ``orders - 1`` seeded shuffles."""
    from protestwatch.pipeline import Extractor

    runner = extractor if isinstance(extractor, Extractor) else Extractor()
    events: list[Event] = []
    gold_of: list[GoldEvent | None] = []
    found: set[tuple[str, str]] = set()
    duplicates = 0
    for item in corpus:
        for event in runner.extract(item.article).events:
            gold = align(event, item.gold)
            if gold is not None and (gold.article_id, gold.cluster) in found:
                # the pipeline split one event of the article in two ("Lekki toll gate in Lagos")
                duplicates += 1
            events.append(event)
            gold_of.append(gold)
            if gold is not None:
                found.add((gold.article_id, gold.cluster))
    gold_total = sum(len(item.gold) for item in corpus)
    evaluation = Evaluation(events, gold_of, gold_total, gold_total - len(found), duplicates)
    shuffler = random.Random(6)
    for number in range(orders):
        order = list(range(len(events)))
        if number:
            shuffler.shuffle(order)
        clusters = cluster([events[i] for i in order])
        evaluation.scores.append(score_clusters([[order[i] for i in members] for members in clusters], gold_of))
    return evaluation


def _describe(evaluation: Evaluation, index: int) -> str:
    event, gold = evaluation.events[index], evaluation.gold_of[index]
    place = event.location.venue or event.location.name if event.location else None
    return f"{event.id} [{gold.cluster if gold else '-'}] {event.form} {event.status} {place} {event.date.start}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--orders", type=int, default=5, help="the corpus order and N-1 seeded shuffles")
    parser.add_argument("--errors", type=int, metavar="ORDER", help="list the wrong and missed merges of this order")
    options = parser.parse_args()
    corpus = load_corpus(options.corpus)
    evaluation = evaluate(corpus, orders=options.orders)
    clusters = len({g.cluster for item in corpus for g in item.gold})
    print(f"corpus: {len(corpus)} articles, {evaluation.gold_total} gold events in {clusters} clusters")
    print(
        f"extracted: {len(evaluation.events)} events, {evaluation.unaligned} not aligned to a gold event, "
        f"{evaluation.gold_missed} gold events missed (extraction misses, not scored), "
        f"{evaluation.duplicates} split off an aligned event of their article"
    )
    for number, scores in enumerate(evaluation.scores):
        label = "corpus order" if number == 0 else f"shuffle {number}"
        print(
            f"{label:>12}: pairwise P={scores.precision:.3f} R={scores.recall:.3f} F1={scores.f1:.3f} "
            f"(tp={scores.true_positives} fp={scores.false_positives} fn={scores.false_negatives})"
        )
    worst = evaluation.worst
    print(f"{'worst':>12}: pairwise P={worst.precision:.3f} R={worst.recall:.3f} F1={worst.f1:.3f}")
    if options.errors is not None:
        first = evaluation.scores[options.errors]
        for label, pairs in (("wrong merge", first.wrong_merges), ("missed merge", first.missed_merges)):
            for a, b in pairs:
                match = compare(evaluation.events[a], evaluation.events[b])
                print(f"{label}: {_describe(evaluation, a)} <> {_describe(evaluation, b)}\n    {match.reason}")
        for index, gold in enumerate(evaluation.gold_of):
            if gold is None:
                print(f"not aligned: {_describe(evaluation, index)}", file=sys.stderr)


if __name__ == "__main__":
    main()
