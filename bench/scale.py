"""Benchmark: throughput of `extract` with 1 and 2 workers, on worker processes and on a Dask LocalCluster.

Usage: python bench/scale.py [--articles 2000] [--shards 8] [--repeats 3]

Writes the 5% protest stream of bench/news_corpus.py as ``--shards`` JSONL files, then extracts them
with the local engine (``--workers 1`` and ``2``) and with the Dask engine on a LocalCluster of 1 and 2
worker processes. Prints articles per second (wall clock) and the speed-up of 2 workers over 1, both
in steady state (from the first result to the last: what a long run sees) and in total (with start-up:
each worker loads spaCy, the cluster starts). Medians of ``--repeats`` runs. On a shared machine the
speed-up is bounded by the cores other work leaves free; compare figures taken on the same machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from news_corpus import mixed_stream  # noqa: E402


def timed(results: Callable[[], Iterator[object]]) -> tuple[float, float, int]:
    """Return (total seconds, seconds from the first result to the last, results) of one run."""
    began = time.perf_counter()
    first = None
    count = 0
    for _ in results():
        count += 1
        if first is None:
            first = time.perf_counter()
    ended = time.perf_counter()
    return ended - began, ended - (first or began), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()

    from protestwatch.engine import DaskEngine, ReadOptions, extract_stream
    from protestwatch.ingest import read_inputs

    folder = Path(tempfile.mkdtemp(prefix="protestwatch-scale-"))
    texts = mixed_stream(options.articles)
    per_shard = -(-len(texts) // options.shards)
    for shard in range(options.shards):
        lines = (
            json.dumps({"id": f"s{shard}-{i}", "text": text, "published": "2021-09-21"})
            for i, text in enumerate(texts[shard * per_shard : (shard + 1) * per_shard])
        )
        (folder / f"shard-{shard:03d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    inputs = [str(folder)]

    def local(workers: int) -> Callable[[], Iterator[object]]:
        return lambda: extract_stream(read_inputs(inputs), workers=workers)

    def dask(workers: int) -> Callable[[], Iterator[object]]:
        def results() -> Iterator[object]:
            engine = DaskEngine(workers=workers)
            return engine.run(inputs, ReadOptions(), lambda names, lists: read_inputs(names, url_lists=lists))

        return results

    print(
        f"{options.articles} articles in {options.shards} shards, 5% protest reports; median of {options.repeats} runs"
    )
    print(f"{'':26} {'steady':>12} {'with start-up':>15}")
    for label, engine in (("local processes", local), ("dask LocalCluster", dask)):
        rates: dict[int, tuple[float, float]] = {}
        for workers in (1, 2):
            runs = [timed(engine(workers)) for _ in range(options.repeats)]
            count = runs[0][2]
            rates[workers] = (
                statistics.median(count / steady for _, steady, _ in runs),
                statistics.median(count / total for total, _, _ in runs),
            )
            steady, total = rates[workers]
            print(f"{label}, {workers} worker{'s' if workers > 1 else ' '}  {steady:9.1f}/s {total:12.1f}/s")
        print(
            f"{label}: speed-up 2 vs 1 worker {rates[2][0] / rates[1][0]:.2f}x steady, "
            f"{rates[2][1] / rates[1][1]:.2f}x with start-up"
        )


if __name__ == "__main__":
    main()
