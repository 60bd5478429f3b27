"""Run extraction over a stream of articles, in this process, in N worker processes or on Dask -> results.

The parent alone reads the store and writes it; workers only extract. Results always come back in
input order, so every engine writes the same store and the same output for the same input.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .errors import StoreError
from .models import Article, ExtractionResult

if TYPE_CHECKING:
    from .pipeline import Extractor

# Articles go to a worker process this many at a time: fewer round trips, and still a short wait for order. The
# worker's entity recognizer reads their sentences in one pass (Extractor.extract_batch, issue 8).
BATCH_ARTICLES = 16
# Batches in flight per worker: enough to keep each busy while the parent stores results, few enough
# that memory stays flat however long the stream is.
BATCHES_IN_FLIGHT_PER_WORKER = 4
# With the default worker count, a stream this short runs in this process: starting workers (each
# loads spaCy, ~2 s) costs more than it saves.
SHORT_STREAM_ARTICLES = 64
# Articles that are not files (stdin, URLs) reach Dask workers in shards of this many.
DASK_SHARD_ARTICLES = 1000
# A plain JSONL file larger than this goes to Dask workers in pieces of about this size (a compressed file
# cannot be entered in the middle, so it is one shard however large).
DASK_SHARD_BYTES = 64 << 20
PART_ROWS_PER_GROUP = 500
# Results are stored this many at a time, or after this long, whichever comes first (see store_results).
STORE_BATCH_ARTICLES = 64
STORE_BATCH_SECONDS = 1.0


class ResultStore(Protocol):
    """What the engine needs of a store (``protestwatch.store.open_store``)."""

    def add_each(
        self, results: Sequence[ExtractionResult], *, replace: bool = False
    ) -> Sequence[bool | StoreError]: ...
    def has_article(self, article_id: str, text: str) -> bool: ...


@dataclass
class Tally:
    """What a run has done so far; the engine updates it as results arrive."""

    articles: int = 0
    failed: int = 0
    events: int = 0
    stored: int = 0
    skipped: int = 0


def default_workers() -> int:
    """Return the number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def extract_stream(
    articles: Iterable[Article],
    *,
    workers: int | None = None,
    extractor: Extractor | None = None,
    max_seconds: float | None = None,
) -> Iterator[ExtractionResult]:
    """Yield the result of each article in input order, extracting in ``workers`` processes.

    ``workers`` None means every core, except that a stream of at most SHORT_STREAM_ARTICLES
    runs in this process; 1 always runs here (with ``extractor`` when given). Each worker process
    loads spaCy and the gazetteer once. Reads ahead at most a few batches per worker.
    ``max_seconds`` bounds one article's extraction (None: the Extractor's default; a given
    ``extractor`` keeps its own).
    """
    iterator = iter(articles)
    if workers is None:
        head = list(islice(iterator, SHORT_STREAM_ARTICLES + 1))
        workers = 1 if len(head) <= SHORT_STREAM_ARTICLES else default_workers()
        iterator = chain(head, iterator)
    if workers <= 1:
        if extractor is None:
            from .pipeline import Extractor

            extractor = Extractor() if max_seconds is None else Extractor(max_seconds=max_seconds)
        yield from extractor.extract_all(iterator)
        return
    yield from _extract_in_processes(iterator, workers, max_seconds)


# -- worker processes ---------------------------------------------------------------------------------------

_worker_extractor: Extractor | None = None


def _process_extractor() -> Extractor:
    """Return this worker process's Extractor, loading spaCy and the gazetteer on first use."""
    global _worker_extractor
    if _worker_extractor is None:
        from .pipeline import Extractor

        _worker_extractor = Extractor()
    return _worker_extractor


def _worker_extract(batch: list[Article], max_seconds: float | None = None) -> list[ExtractionResult]:
    """Extract a batch in a worker process (``max_seconds`` None: the Extractor's default time limit)."""
    extractor = _process_extractor()
    if max_seconds is not None:
        extractor.max_seconds = max_seconds
    return extractor.extract_batch(batch)


def _extract_in_processes(
    articles: Iterator[Article], workers: int, max_seconds: float | None = None
) -> Iterator[ExtractionResult]:
    # forkserver, not fork: the parent may run a progress thread, and forking a threaded process can deadlock.
    context = multiprocessing.get_context("forkserver")
    limit = workers * BATCHES_IN_FLIGHT_PER_WORKER
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque[Future[list[ExtractionResult]]] = deque()
        while batch := list(islice(articles, BATCH_ARTICLES)):
            pending.append(pool.submit(_worker_extract, batch, max_seconds))
            while len(pending) >= limit or (pending and pending[0].done()):
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


# -- a run: skip what is stored, extract, store, count ---------------------------------------------------------


def run_extraction(
    articles: Iterable[Article],
    *,
    store: ResultStore | None = None,
    workers: int | None = None,
    redo: bool = False,
    tally: Tally | None = None,
    on_result: Callable[[ExtractionResult], None] | None = None,
    max_seconds: float | None = None,
) -> Iterator[ExtractionResult]:
    """Yield each new result in input order after storing it; what the store already has is skipped.

    An article whose id and text are stored is not extracted again (unless ``redo``): a run
    interrupted and started again goes on where it stopped. Articles with an error are never skipped,
    so a re-run still reports them. ``tally`` is updated and ``on_result`` called as results arrive.
    ``max_seconds`` bounds one article's extraction (None: the Extractor's default).
    """
    tally = tally if tally is not None else Tally()

    def unseen() -> Iterator[Article]:
        for article in articles:
            if store is not None and not redo and article.error is None and store.has_article(article.id, article.text):
                tally.skipped += 1
                continue
            yield article

    results = extract_stream(unseen(), workers=workers, max_seconds=max_seconds)
    yield from store_results(results, store=store, tally=tally, on_result=on_result)


def store_results(
    results: Iterable[ExtractionResult],
    *,
    store: ResultStore | None,
    tally: Tally,
    on_result: Callable[[ExtractionResult], None] | None = None,
) -> Iterator[ExtractionResult]:
    """Store each result (replacing an article whose text changed), count it in ``tally`` and pass it on.

    Results are stored in batches, one transaction each (a commit per article would bound a run with
    many workers to the disk's commit rate); a batch is written when it is full or has waited
    STORE_BATCH_SECONDS, and its results are passed on only once stored, so a killed run loses only
    what it had not yet passed on.
    """
    batch: list[ExtractionResult] = []
    started = 0.0
    for result in results:
        if not batch:
            started = time.monotonic()
        batch.append(result)
        if len(batch) >= STORE_BATCH_ARTICLES or time.monotonic() - started >= STORE_BATCH_SECONDS:
            yield from _store_batch(batch, store, tally, on_result)
            batch = []
    yield from _store_batch(batch, store, tally, on_result)


def _store_batch(
    batch: list[ExtractionResult],
    store: ResultStore | None,
    tally: Tally,
    on_result: Callable[[ExtractionResult], None] | None,
) -> Iterator[ExtractionResult]:
    outcomes: Sequence[bool | StoreError] = store.add_each(batch, replace=True) if store is not None else ()
    for position, result in enumerate(batch):
        if outcomes:
            outcome = outcomes[position]
            if isinstance(outcome, StoreError):
                # One article the store refuses (an id clash) is reported like bad input; the run goes on.
                result = ExtractionResult(article=replace(result.article, error=str(outcome)))
            else:
                tally.stored += outcome
        tally.articles += 1
        tally.events += len(result.events)
        tally.failed += result.article.error is not None
        if on_result is not None:
            on_result(result)
        yield result


# -- progress --------------------------------------------------------------------------------------------------


class ProgressDisplay:
    """A rich progress bar on stderr: bytes of input read (for the ETA), articles/s, events and failures.

    Use as a context manager; ``update`` is cheap enough to call per article. Shows nothing when
    ``enabled`` is False (``--quiet``, or stderr is not a terminal).
    """

    def __init__(self, *, enabled: bool, total_bytes: int | None, bytes_done: Callable[[], int] | None) -> None:
        self.enabled = enabled
        self._bytes_done = bytes_done
        self._total = total_bytes
        self._progress: Any = None
        self._task: Any = None
        self._started = time.monotonic()
        self._last_refresh = 0.0

    def __enter__(self) -> ProgressDisplay:
        if not self.enabled:
            return self
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self._progress = Progress(
            BarColumn(),
            TextColumn("{task.fields[articles]} articles ({task.fields[rate]:.1f}/s)"),
            TextColumn("{task.fields[events]} events, {task.fields[failed]} failed"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._progress.__enter__()
        self._task = self._progress.add_task("extract", total=self._total, articles=0, rate=0.0, events=0, failed=0)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc_info)

    def print(self, message: str) -> None:
        """Print a line on stderr above the bar (or plainly when there is none)."""
        if self._progress is not None:
            self._progress.console.print(message, markup=False, highlight=False)
        else:
            import click

            click.echo(message, err=True)

    def update(self, tally: Tally) -> None:
        if self._progress is None:
            return
        now = time.monotonic()
        if now - self._last_refresh < 0.1:
            return
        self._last_refresh = now
        done = self._bytes_done() if self._bytes_done is not None else None
        rate = tally.articles / max(now - self._started, 1e-9)
        self._progress.update(
            self._task, completed=done, articles=tally.articles, rate=rate, events=tally.events, failed=tally.failed
        )


# -- Dask ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadOptions:
    """How a Dask worker reads its shard: the arguments of ``read_inputs`` that travel with it."""

    published: Any = None
    max_bytes: int = 20_000_000
    max_file_bytes: int = 64_000_000_000
    max_expansion: float = 100.0
    max_html_depth: int = 255


@dataclass(frozen=True, slots=True, kw_only=True)
class Shard:
    """A unit of Dask work: an input file a worker reads itself, or articles the client read (stdin, URLs).

    ``piece`` is ``(start, end, first_line)`` when the shard is only those bytes of a plain JSONL file.
    """

    index: int
    path: str | None = None
    piece: tuple[int, int, int] | None = None
    stored_bytes: int = 0  # what the shard is of the input files on disk, for progress (pieces: a fair share)
    articles: tuple[Article, ...] = ()

    def fingerprint(self) -> str:
        """Return what identifies this shard's content, so a partition left by an earlier run is reused only for it."""
        digest = hashlib.sha1()
        if self.path is not None:
            digest.update(str(Path(self.path).resolve()).encode())
            if Path(self.path).is_file():  # a missing file still gets a shard: its worker reports it
                stat = Path(self.path).stat()
                digest.update(f"|{stat.st_size}|{stat.st_mtime_ns}|{self.piece}".encode())
        for article in self.articles:
            digest.update(f"{article.id}\0{article.text}\0".encode())
        return digest.hexdigest()[:12]


def plan_shards(
    inputs: Sequence[str],
    read_client_side: Callable[[Sequence[str], Sequence[str]], Iterator[Article]],
    url_lists: Sequence[str] = (),
    piece_bytes: int = DASK_SHARD_BYTES,
) -> Iterator[Shard]:
    """Yield the shards of ``inputs`` in input order: one per file or piece of a file, and batches of what only
    the client reads.

    Directories become their files; a plain JSONL or Parquet file over ``piece_bytes`` becomes pieces of about
    that size (``ingest.file_pieces``). "-", URLs and then ``url_lists`` are read here by
    ``read_client_side(names, url_lists)`` and sent as articles, DASK_SHARD_ARTICLES at a time.
    """
    from .ingest import file_pieces, list_input_files

    index = 0
    client_side = [
        read_client_side([name], ()) for name in inputs if name == "-" or name.startswith(("http://", "https://"))
    ]
    for name in inputs:
        if name == "-" or name.startswith(("http://", "https://")):
            continue
        for path in list_input_files([name]):
            pieces = list(file_pieces(path, piece_bytes) or (None,))
            size = path.stat().st_size if path.is_file() else 0
            for piece in pieces:
                yield Shard(index=index, path=str(path), piece=piece, stored_bytes=size // len(pieces))
                index += 1
    for stream in [*client_side, *(read_client_side((), [name]) for name in url_lists)]:
        while batch := tuple(islice(stream, DASK_SHARD_ARTICLES)):
            yield Shard(index=index, articles=batch)
            index += 1


def extract_shard(shard: Shard, part_path: str, options: ReadOptions) -> int:
    """Extract one shard on a Dask worker and write its results as a Parquet partition; return the row count.

    The partition is written under a temporary name and renamed when complete, so a partition that
    exists is whole (what makes a named ``--parts`` directory resumable).
    """
    import pyarrow as pa
    import pyarrow.parquet as parquet

    from .ingest import read_inputs, read_piece

    extractor = _process_extractor()
    if shard.path is not None and shard.piece is not None:
        articles: Iterable[Article] = read_piece(
            Path(shard.path), shard.piece, published=options.published, max_bytes=options.max_bytes,
            max_file_bytes=options.max_file_bytes, max_expansion=options.max_expansion,
            max_html_depth=options.max_html_depth,
        )  # fmt: skip
    elif shard.path is not None:
        articles = read_inputs(
            [shard.path], published=options.published, max_bytes=options.max_bytes,
            max_file_bytes=options.max_file_bytes, max_expansion=options.max_expansion,
            max_html_depth=options.max_html_depth,
        )  # fmt: skip
    else:
        articles = shard.articles
    temporary = f"{part_path}.{os.getpid()}.tmp"
    schema = _part_schema()
    rows = 0
    with parquet.ParquetWriter(temporary, schema) as writer:
        batch: list[dict[str, Any]] = []
        for result in extractor.extract_all(articles):
            batch.append(_part_row(rows, result))
            rows += 1
            if len(batch) >= PART_ROWS_PER_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    os.replace(temporary, part_path)
    return rows


def _part_schema() -> Any:
    import pyarrow as pa

    return pa.schema(
        [
            ("position", pa.int64()),
            ("id", pa.string()),
            ("text", pa.string()),
            ("origin", pa.string()),
            ("article", pa.string()),  # Article.to_dict() as JSON
            ("events", pa.string()),  # [Event.to_dict()] as JSON
            ("campaigns", pa.string()),  # [Campaign.to_dict()] as JSON
            ("event_count", pa.int32()),
        ]
    )


def _part_row(position: int, result: ExtractionResult) -> dict[str, Any]:
    record = result.to_dict()
    return {
        "position": position,
        "id": result.article.id,
        "text": result.article.text,
        "origin": result.article.origin,
        "article": json.dumps(record["article"], ensure_ascii=False),
        "events": json.dumps(record["events"], ensure_ascii=False),
        "campaigns": json.dumps(record["campaigns"], ensure_ascii=False),
        "event_count": len(result.events),
    }


def read_partition(path: str | Path) -> Iterator[ExtractionResult]:
    """Yield the results of one Parquet partition in their input order, one row group in memory at a time."""
    import pyarrow.parquet as parquet

    from .ingest.documents import parse_date
    from .store import campaign_from_dict, event_from_dict

    file = parquet.ParquetFile(path)
    for batch in file.iter_batches(batch_size=PART_ROWS_PER_GROUP):
        for row in batch.to_pylist():
            fields = json.loads(row["article"])
            article = Article(
                id=row["id"], text=row["text"], title=fields["title"], url=fields["url"], source=fields["source"],
                published=parse_date(fields["published"]), published_basis=fields["published_basis"],
                language=fields["language"], error=fields["error"], origin=row["origin"],
            )  # fmt: skip
            events = tuple(event_from_dict(item) for item in json.loads(row["events"]))
            campaigns = tuple(campaign_from_dict(item) for item in json.loads(row["campaigns"]))
            yield ExtractionResult(article=article, events=events, campaigns=campaigns)


class DaskEngine:
    """Extract on a Dask cluster: shards to workers, Parquet partitions back, merged by the client in input order.

    Without ``scheduler`` it starts a LocalCluster of ``workers`` processes (one thread each: spaCy
    is run one document at a time per process). Input files must be readable by the workers at the
    same paths, and ``parts`` must be a directory that workers and client share (on one machine, any).
    A partition found in a named ``parts`` directory for the same shard is reused, not recomputed.
    Plain JSONL files over ``shard_bytes`` are split into pieces of about that size.
    """

    def __init__(
        self,
        *,
        scheduler: str | None = None,
        workers: int | None = None,
        parts: str | None = None,
        shard_bytes: int = DASK_SHARD_BYTES,
    ) -> None:
        self.scheduler = scheduler
        self.workers = workers or default_workers()
        self.shard_bytes = shard_bytes
        self._temporary = None if parts else tempfile.TemporaryDirectory(prefix="protestwatch-parts-")
        self.parts = Path(parts or self._temporary.name)  # type: ignore[union-attr]
        self.parts.mkdir(parents=True, exist_ok=True)
        self.reused = 0
        self.bytes_merged = 0  # stored size of the input files whose partitions are merged (for progress)

    def run(
        self,
        inputs: Sequence[str],
        options: ReadOptions,
        read_client_side: Callable[[Sequence[str], Sequence[str]], Iterator[Article]],
        url_lists: Sequence[str] = (),
    ) -> Iterator[ExtractionResult]:
        """Yield the results of ``inputs`` in input order as their partitions complete."""
        from dask.distributed import Client, LocalCluster

        cluster = None
        if self.scheduler is None:
            cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=None)
        try:
            with Client(self.scheduler or cluster) as client:
                pending: deque[tuple[Shard, str, Any]] = deque()
                # Shards are planned lazily; a bounded number is in flight so the client's memory stays flat.
                limit = max(4, 4 * len(client.scheduler_info().get("workers", {})))
                for shard in plan_shards(inputs, read_client_side, url_lists, self.shard_bytes):
                    part = str(self.parts / f"part-{shard.index:06d}-{shard.fingerprint()}.parquet")
                    if Path(part).exists():
                        self.reused += 1
                        pending.append((shard, part, None))
                    else:
                        pending.append((shard, part, client.submit(extract_shard, shard, part, options, pure=False)))
                    while len(pending) >= limit:
                        yield from self._merge(*pending.popleft())
                while pending:
                    yield from self._merge(*pending.popleft())
        finally:
            if cluster is not None:
                cluster.close()
            if self._temporary is not None:
                self._temporary.cleanup()

    def _merge(self, shard: Shard, part: str, future: Any) -> Iterator[ExtractionResult]:
        if future is not None:
            future.result()  # re-raises a worker's exception here, in the client
        yield from read_partition(part)
        self.bytes_merged += shard.stored_bytes
