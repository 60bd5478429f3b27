"""Extraction time against article length: one long paragraph (hostile) versus the same text in paragraphs.

A linear pipeline shows time per KB flat as articles grow; the ratios printed against the first size's
time per KB (run in this process) show how far from linear it is. Three shapes: one paragraph of protest
sentences, the same in paragraphs of five sentences, and a list of organisations, each named with its
acronym ("The Axx Byy Czz Union (ABCU) held a march ..."), as in a statement's list of signatories. This is
what sets pipeline.DEFAULT_MAX_SECONDS: an article that takes longer is cut off and reported instead of
holding a batch for hours. See issue 9.

    .venv/bin/python bench/hostile_speed.py                  # 10, 30, 100 KB; 3 runs each
    .venv/bin/python bench/hostile_speed.py --sizes 10 50 200 --runs 1
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import string
import time
from collections.abc import Callable

from protestwatch.models import Article
from protestwatch.pipeline import Extractor

SENTENCE = "Thousands of teachers marched in Berlin on Sunday against budget cuts, organisers said. "


def one_paragraph(kilobytes: int) -> str:
    return SENTENCE * (kilobytes * 1000 // len(SENTENCE) + 1)


def paragraphs(kilobytes: int) -> str:
    count = kilobytes * 1000 // len(SENTENCE) + 1
    return "\n".join(SENTENCE * 5 for _ in range(count // 5 + 1))


def organisations(kilobytes: int) -> str:
    """Return lines each naming a different organisation with its acronym: every one becomes an alias to look for."""
    lines = []
    size = 0
    for first, second, third in itertools.product(string.ascii_uppercase, repeat=3):
        line = (
            f"The {first}xx {second}yy {third}zz Union ({first}{second}{third}U) held a march in Berlin on Sunday "
            "against budget cuts.\n"
        )
        lines.append(line)
        size += len(line)
        if size >= kilobytes * 1000:
            break
    return "".join(lines)


SHAPES: dict[str, Callable[[int], str]] = {
    "one paragraph": one_paragraph,
    "paragraphs of 5 sentences": paragraphs,
    "organisations with acronyms": organisations,
}


def median_seconds(extractor: Extractor, text: str, runs: int) -> float:
    timings = []
    for run in range(runs):
        started = time.perf_counter()
        extractor.extract(Article(id=f"bench-{run}", text=text))
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 30, 100], help="article sizes in KB")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shapes", nargs="+", choices=sorted(SHAPES), default=list(SHAPES))
    options = parser.parse_args()
    extractor = Extractor(max_seconds=None)  # measure the whole time, never cut
    extractor.extract(Article(id="warm-up", text=SENTENCE))
    for shape in options.shapes:
        baseline = None
        for size in options.sizes:
            seconds = median_seconds(extractor, SHAPES[shape](size), options.runs)
            per_kb = seconds / size
            baseline = baseline or per_kb
            print(f"{shape:<28} {size:>5} KB  median {seconds:8.2f} s  {per_kb * 1000:7.1f} ms/KB  "
                  f"x{per_kb / baseline:5.1f} the {options.sizes[0]} KB time per KB")  # fmt: skip


if __name__ == "__main__":
    main()
