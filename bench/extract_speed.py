"""Benchmark: articles per second and peak memory of `extract`, against a spaCy-small NER-only pass.

Usage: python bench/extract_speed.py [--articles 300] [--repeats 3]

Both are measured in the same process on the same texts: (a) a stream where about 1 article in 20
reports a protest and the rest is other news built from the same sentences with the protest words
removed, (b) protest articles only (the bundled examples, repeated). Figures are medians of
``--repeats`` runs; the ratio is what to compare across machines, not the absolute rates.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Turn a protest article into ordinary news: the same length and vocabulary, no protest words.
PROTEST_WORDS = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|manifestation\w*|rall\w*|march\w*|gather\w*|vigil\w*|strike\w*|"
    r"boycott\w*|exhibition\w*)\b",
    re.IGNORECASE,
)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(function, items) -> float:  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    function(items)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()

    import spacy

    from protestwatch.models import Article
    from protestwatch.nlp import MODEL_NAMES
    from protestwatch.pipeline import Extractor

    examples = [json.loads(line) for line in (ROOT / "examples" / "articles.jsonl").open(encoding="utf-8")]
    protest_texts = [examples[i % len(examples)]["text"] for i in range(options.articles)]
    other_texts = [PROTEST_WORDS.sub("meeting", text) for text in protest_texts]
    mixed_texts = [protest_texts[i] if i % 20 == 0 else other_texts[i] for i in range(options.articles)]

    def articles(texts: list[str]) -> list[Article]:
        published = examples[0]["published"]
        from datetime import date

        return [Article(id=f"bench-{i}", text=t, published=date.fromisoformat(published)) for i, t in enumerate(texts)]

    rss_start = peak_rss_mb()
    load_began = time.perf_counter()
    extractor = Extractor()
    load_seconds = time.perf_counter() - load_began
    baseline = None
    for name in MODEL_NAMES:
        try:
            baseline = spacy.load(name, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
            break
        except OSError:
            continue
    if baseline is None:
        sys.exit("no English spaCy model installed")

    def run_extract(items: list[Article]) -> None:
        for article in items:
            extractor.extract(article)

    def run_ner(texts: list[str]) -> None:
        for _ in baseline.pipe(texts, batch_size=32):
            pass

    protest_articles, mixed_articles = articles(protest_texts), articles(mixed_texts)
    run_extract(protest_articles[:5])  # warm caches
    # The extractor runs first so that the peak memory read after it is its own (max RSS only grows).
    timings = {}
    for label, function, items in (
        ("extract, protest articles", run_extract, protest_articles),
        ("extract, 5% protest stream", run_extract, mixed_articles),
    ):
        timings[label] = statistics.median(timed(function, items) for _ in range(options.repeats))
    extract_peak = peak_rss_mb()
    for label, function, items in (
        ("spaCy sm NER-only, protest articles (baseline)", run_ner, protest_texts),
        ("spaCy sm NER-only, 5% protest stream", run_ner, mixed_texts),
    ):
        timings[label] = statistics.median(timed(function, items) for _ in range(options.repeats))
    order = (
        "spaCy sm NER-only, protest articles (baseline)",
        "extract, protest articles",
        "spaCy sm NER-only, 5% protest stream",
        "extract, 5% protest stream",
    )
    rows = [(label, options.articles / timings[label]) for label in order]
    words = statistics.mean(len(text.split()) for text in protest_texts)
    print(f"articles: {options.articles} per run, {words:.0f} words on average, median of {options.repeats} runs")
    print(f"model and gazetteer load: {load_seconds:.2f} s")
    for label, rate in rows:
        print(f"{label:<50} {rate:8.1f} articles/s")
    print(f"ratio extract / NER-only, protest articles:   {rows[1][1] / rows[0][1]:.2f}x")
    print(f"ratio extract / NER-only, 5% protest stream:  {rows[3][1] / rows[2][1]:.2f}x")
    print(
        f"peak memory of extract (max RSS, models loaded): {extract_peak:.0f} MB "
        f"(interpreter at start {rss_start:.0f} MB)"
    )
    print(f"peak memory after the NER-only baseline too: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
