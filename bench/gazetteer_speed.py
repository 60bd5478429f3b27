"""Measure the gazetteer: cold build, warm load from the disk cache, memory, and find/resolve speed.

Each load runs in a fresh child process, so the figures are what a new `protestwatch` process pays.
Prints medians over --repeat runs.

    .venv/bin/python bench/gazetteer_speed.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run in a child: load the gazetteer from CACHE and report seconds and peak memory (resident set size).
CHILD = """
import json, resource, sys, time
started = time.perf_counter()
from protestwatch.geo import Gazetteer
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
gazetteer = Gazetteer.load(__import__("pathlib").Path(sys.argv[1]))
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mib": peak / 1024, "index_mib": (peak - before) / 1024}))
"""

SENTENCES = [
    "Thousands of teachers rallied in Austin, TX on Monday, demanding higher pay.",
    "Iranians protesting in London about Tehran gathered outside Downing Street on Saturday.",
    "Police said about 300 people marched from Shaheen Bagh, Delhi to Jantar Mantar.",
    "Women held a vigil in the Kibera slum of Nairobi after the killing.",
    "protesters marched in nairobi on tuesday and in mombasa on wednesday",
]


def load_once(cache: Path) -> dict[str, float]:
    output = subprocess.run([sys.executable, "-c", CHILD, str(cache)], capture_output=True, text=True, check=True)
    return json.loads(output.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder)
        cold = load_once(cache)
        warm = [load_once(cache) for _ in range(arguments.repeat)]
        size = sum(path.stat().st_size for path in cache.iterdir()) / 2**20
    print(f"cold (build + write cache): {cold['seconds']:.2f} s, peak RSS {cold['peak_mib']:.0f} MiB")
    print(
        f"warm (load cache), median of {arguments.repeat}: {statistics.median(w['seconds'] for w in warm):.3f} s, "
        f"peak RSS {statistics.median(w['peak_mib'] for w in warm):.0f} MiB "
        f"(index {statistics.median(w['index_mib'] for w in warm):.0f} MiB), cache file {size:.1f} MiB"
    )

    from protestwatch.geo import Gazetteer

    gazetteer = Gazetteer.load()
    rounds = 200
    timings: dict[str, list[float]] = {"find": [], "find+resolve": []}
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(rounds):
            for sentence in SENTENCES:
                gazetteer.find(sentence)
        timings["find"].append((time.perf_counter() - started) / (rounds * len(SENTENCES)))
        started = time.perf_counter()
        for _ in range(rounds):
            for sentence in SENTENCES:
                context = gazetteer.context(sentence)
                for match in gazetteer.find(sentence):
                    gazetteer.resolve(match, sentence, context)
        timings["find+resolve"].append((time.perf_counter() - started) / (rounds * len(SENTENCES)))
    for name, values in timings.items():
        print(f"{name} per sentence, median of 5: {statistics.median(values) * 1e6:.0f} µs")
    ratio = statistics.median(timings["find+resolve"]) / statistics.median(timings["find"])
    print(f"ratio find+resolve / find: {ratio:.2f}")


if __name__ == "__main__":
    main()
