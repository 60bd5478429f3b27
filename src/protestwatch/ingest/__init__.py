"""Ingest: read files, directories, archives, feeds, URLs and stdin -> Iterator[Article], streaming.

Formats: .txt, .html/.htm, .jsonl (each also .gz or .zst compressed), .warc(.gz), .parquet,
.rss/.atom feeds, .urls lists, http(s) URLs and "-" for stdin. Nothing is read whole into memory
except one document at a time, bounded by ``max_bytes``.
"""

from __future__ import annotations

import hashlib
import io
import sys
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from ..errors import InputError
from ..models import Article
from .archives import read_parquet, read_warc, row_group_pieces
from .documents import (
    MAX_HTML_DEPTH,
    SNIFF_BYTES,
    UTF8_FIX,
    build,
    check_binary,
    check_html_depth,
    decode,
    failed,
    parse_jsonl,
    sniff,
)
from .streams import (
    DEFAULT_MAX_EXPANSION,
    EXPANSION_FLOOR_BYTES,
    CappedReader,
    FileWindow,
    binary_lines,
    compression_of,
    line_pieces,
    open_decompressed,
)

if TYPE_CHECKING:
    from ..fetch import Fetcher

__all__ = [
    "DEFAULT_MAX_EXPANSION",
    "KINDS",
    "MAX_HTML_DEPTH",
    "ReadPosition",
    "check_html_depth",
    "file_pieces",
    "input_kind",
    "list_input_files",
    "read_inputs",
    "read_piece",
    "stdin_id",
]

# File name endings and the kind of document they hold; .gz / .zst may follow any but parquet.
KINDS = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".parquet": "parquet",
    ".rss": "feed",
    ".atom": "feed",
    ".urls": "urls",
}
DEFAULT_MAX_BYTES = 20_000_000
# A decompressed file past 64 GB is a bomb or needs splitting anyway (a Common Crawl WARC is ~5 GB).
DEFAULT_MAX_FILE_BYTES = 64_000_000_000


@dataclass
class ReadPosition:
    """How far reading has gone through the input files, in bytes as stored on disk (for progress and ETA)."""

    finished_bytes: int = 0
    current: BinaryIO | None = field(default=None, repr=False)  # the file being read, as stored on disk

    def bytes_read(self) -> int:
        current = self.current
        try:
            return self.finished_bytes + (current.tell() if current is not None and not current.closed else 0)
        except (OSError, ValueError):  # closed between the check and tell()
            return self.finished_bytes


def read_inputs(
    inputs: Sequence[str],
    *,
    stdin: TextIO | None = None,
    published: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    max_expansion: float = DEFAULT_MAX_EXPANSION,
    expansion_floor: int = EXPANSION_FLOOR_BYTES,
    max_html_depth: int = MAX_HTML_DEPTH,
    url_lists: Sequence[str] = (),
    fetcher: Fetcher | None = None,
    fetch_links: bool = False,
    position: ReadPosition | None = None,
) -> Iterator[Article]:
    """Yield one Article per input document, lazily; bad input yields an Article with ``error`` set.

    Each input is a file, a directory (walked recursively, sorted, only names in KINDS, maybe
    compressed), an http(s) URL (a page or a feed), or "-" for ``stdin`` (sys.stdin when None).
    A file with another extension, and stdin, are sniffed: "{" starts JSONL, "WARC/" a WARC, "<rss"
    or "<feed" a feed, "<" HTML, anything else is plain text. ``url_lists`` are files of URLs, one per
    line, fetched with ``fetcher`` after the inputs. ``max_bytes`` bounds one document (a whole
    .txt/.html file, one JSONL line, one WARC payload, one Parquet value); ``max_file_bytes`` bounds
    what one compressed file may decompress to, and ``max_expansion`` how many times its compressed
    size it may expand to once past ``expansion_floor`` bytes (the guard against decompression bombs).
    ``max_html_depth`` bounds how deep a page's elements nest (at most MAX_HTML_DEPTH, libxml2's own
    limit: ValueError above, at the first article). ``published`` stands in for articles with no date
    of their own (basis "user"). ``position``, when given, is kept up to date with the bytes read.
    Pages fetched from URLs are held to MAX_HTML_DEPTH only.
    """
    limits = _Limits(max_bytes, max_file_bytes, max_expansion, expansion_floor, check_html_depth(max_html_depth))
    reader = _Reader(published, limits, fetcher, fetch_links, position or ReadPosition())
    for name in inputs:
        if name == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin, published, limits)
        elif name.startswith(("http://", "https://")):
            yield from reader.fetch().read_url(name, published=published, fetch_links=fetch_links)
        elif Path(name).is_dir():
            for file in list_input_files([name]):
                yield from reader.read_file(file)
        else:
            yield from reader.read_file(Path(name))
    for name in url_lists:
        yield from reader.read_file(Path(name), kind="urls")


def file_pieces(path: Path, piece_bytes: int) -> Iterator[tuple[int, int, int]] | None:
    """Return the pieces of about ``piece_bytes`` that different processes can read a large file in, or None.

    Only plain JSONL (cut at line ends: ``(start byte, end byte, first line)``) and Parquet (whole row groups:
    ``(first group, end group, first row)``) files larger than ``piece_bytes`` are split; a compressed
    stream cannot be entered in the middle.
    """
    kind = input_kind(path)
    if kind not in ("jsonl", "parquet") or compression_of(path) is not None or not path.is_file():
        return None
    if path.stat().st_size <= piece_bytes:
        return None
    return line_pieces(path, piece_bytes) if kind == "jsonl" else row_group_pieces(path, piece_bytes)


def read_piece(
    path: Path,
    piece: tuple[int, int, int],
    *,
    published: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    max_expansion: float = DEFAULT_MAX_EXPANSION,
    max_html_depth: int = MAX_HTML_DEPTH,
) -> Iterator[Article]:
    """Yield the Articles of one piece of a file (see ``file_pieces``).

    The articles, ids and errors are those ``read_inputs`` gives for the same lines or rows of the whole file.
    """
    limits = _Limits(max_bytes, max_file_bytes, max_expansion, EXPANSION_FLOOR_BYTES, check_html_depth(max_html_depth))
    yield from _Reader(published, limits, None, False, ReadPosition()).read_file(path, input_kind(path), piece)


def list_input_files(inputs: Sequence[str]) -> list[Path]:
    """Return the files ``inputs`` name, directories walked (sorted, only kinds in KINDS); URLs and "-" left out."""
    files: list[Path] = []
    for name in inputs:
        if name == "-" or name.startswith(("http://", "https://")):
            continue
        path = Path(name)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and input_kind(p) not in (None, "urls")))
        else:
            files.append(path)
    return files


def input_kind(path: Path) -> str | None:
    """Return the kind of document a file name promises (see KINDS), or None when it does not say."""
    name = Path(path.name.lower())
    if compression_of(name) is not None:
        name = name.with_suffix("")
        if name.suffix == ".parquet":  # Parquet compresses inside; a .parquet.gz cannot be streamed
            return None
    return KINDS.get(name.suffix)


def stdin_id(text: str) -> str:
    """Return a stable id for text read from stdin: "stdin-" + 12 hex digits of its SHA-1."""
    return "stdin-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _stem(path: Path) -> str:
    """Return the file name without its compression and kind endings: news.jsonl.gz -> news."""
    return (path.with_suffix("") if compression_of(path) is not None else path).stem


@dataclass(frozen=True)
class _Limits:
    """What one document and one file may cost (see read_inputs)."""

    max_bytes: int
    max_file_bytes: int
    max_expansion: float
    expansion_floor: int
    max_html_depth: int


@dataclass
class _Reader:
    published: date | None
    limits: _Limits
    fetcher: Fetcher | None
    fetch_links: bool
    position: ReadPosition

    def fetch(self) -> Fetcher:
        if self.fetcher is None:
            from ..fetch import Fetcher

            self.fetcher = Fetcher()
        return self.fetcher

    def read_file(
        self, path: Path, kind: str | None = None, piece: tuple[int, int, int] | None = None
    ) -> Iterator[Article]:
        """Yield the Articles of one file, or of one piece of a JSONL file; whatever goes wrong becomes one
        Article with ``error``."""
        origin, stem = str(path), _stem(path)
        try:
            size = path.stat().st_size if piece is None else piece[1] - piece[0]
        except OSError:
            size = 0
        try:
            if piece is not None:
                yield from self._read_piece(path, piece, stem)
            else:
                yield from self._read_kind(path, kind or input_kind(path), stem)
        except FileNotFoundError:
            yield failed(stem, origin, f"{path}: no such file or directory; check the path")
        except InputError as exc:
            yield failed(stem, origin, str(exc))
        except (OSError, EOFError, zlib.error) as exc:
            if isinstance(exc, OSError) and exc.errno is not None:
                yield failed(stem, origin, f"{path}: cannot be read ({exc.strerror}); check its permissions")
            else:
                yield failed(stem, origin, f"{path}: corrupt or truncated ({exc}); re-download or re-compress it")
        except Exception as exc:
            # zstandard, pyarrow and warcio each raise their own types on corrupt data.
            if type(exc).__module__.split(".")[0] not in ("zstandard", "pyarrow", "warcio"):
                raise
            yield failed(stem, origin, f"{path}: corrupt or not a valid file of its kind ({exc}); check it")
        finally:
            self.position.finished_bytes += size
            self.position.current = None

    def _read_piece(self, path: Path, piece: tuple[int, int, int], stem: str) -> Iterator[Article]:
        if input_kind(path) == "parquet":
            yield from self._read_kind(path, "parquet", stem, piece)
            return
        start, end, first_line = piece
        with io.BufferedReader(FileWindow(path, start, end)) as handle:
            lines = binary_lines(handle, str(path), self.limits.max_bytes, first_line=first_line)
            yield from parse_jsonl(lines, stem, str(path), self.published, max_html_depth=self.limits.max_html_depth)

    def _read_kind(
        self, path: Path, kind: str | None, stem: str, piece: tuple[int, int, int] | None = None
    ) -> Iterator[Article]:
        origin, limits, depth = str(path), self.limits, self.limits.max_html_depth
        if kind == "parquet":
            yield from read_parquet(
                path, stem, origin, self.published, limits.max_bytes, limits.max_file_bytes,
                max_expansion=limits.max_expansion, expansion_floor=limits.expansion_floor, max_html_depth=depth,
                piece=piece,
            )  # fmt: skip
            return
        if kind == "urls":
            yield from self.fetch().read_url_list(path, published=self.published, fetch_links=self.fetch_links)
            return
        with open_decompressed(path, limits.max_file_bytes, limits.max_expansion, limits.expansion_floor) as handle:
            self.position.current = _raw_file(handle)
            if kind is None:
                head = handle.peek(SNIFF_BYTES)[:SNIFF_BYTES] if isinstance(handle, io.BufferedReader) else b""
                kind = sniff(head.decode("utf-8", errors="replace"))
                kind = kind if kind in ("jsonl", "warc") else None
            if kind == "jsonl":
                check_binary(handle.peek(SNIFF_BYTES)[:SNIFF_BYTES], origin)  # type: ignore[attr-defined]
                lines = binary_lines(handle, origin, limits.max_bytes)
                yield from parse_jsonl(lines, stem, origin, self.published, max_html_depth=depth)
                return
            if kind == "warc":
                yield from read_warc(handle, stem, origin, self.published, limits.max_bytes, max_html_depth=depth)
                return
            data = handle.read(limits.max_bytes + 1)
        if len(data) > limits.max_bytes:
            raise InputError(f"{path}: larger than max_bytes={limits.max_bytes}; split it or raise the limit")
        text = decode(data, origin)
        kind = kind or sniff(text)
        if kind == "feed":
            from ..fetch import read_feed

            fetcher = self.fetch() if self.fetch_links else None
            yield from read_feed(text, origin, published=self.published, fetcher=fetcher, fetch_links=self.fetch_links)
        elif kind == "jsonl":
            numbered = ((number, line, None) for number, line in enumerate(io.StringIO(text), start=1))
            yield from parse_jsonl(numbered, stem, origin, self.published, max_html_depth=depth)
        else:
            kind = kind if kind in ("html", "text") else "text"
            yield build(stem, origin, text, kind, self.published, max_html_depth=depth)


def _raw_file(handle: BinaryIO) -> BinaryIO:
    """Return the file on disk under a (maybe decompressing) stream, whose tell() counts stored bytes."""
    capped = getattr(handle, "raw", None)
    return capped.source if isinstance(capped, CappedReader) else handle


def _read_stdin(stream: TextIO, published: date | None, limits: _Limits) -> Iterator[Article]:
    try:
        yield from _sniff_stdin(stream, published, limits)
    except UnicodeDecodeError as exc:  # sys.stdin decodes as it reads, so a bad byte surfaces here
        byte = exc.object[exc.start : exc.start + 1].hex()
        yield failed("stdin", "-", f"stdin: not valid UTF-8 (byte 0x{byte}); {UTF8_FIX}")


def _sniff_stdin(stream: TextIO, published: date | None, limits: _Limits) -> Iterator[Article]:
    # Buffer only up to the first non-blank line: enough to sniff without reading a JSONL stream whole.
    head: list[str] = []
    for line in stream:
        head.append(line)
        if line.strip():
            break
    depth, max_bytes = limits.max_html_depth, limits.max_bytes
    if sniff("".join(head)) == "jsonl":
        lines = ((number, line, None) for number, line in enumerate(chain(head, stream), start=1))
        yield from parse_jsonl(lines, "stdin", "-", published, max_html_depth=depth)
        return
    text = ("".join(head) + stream.read(max_bytes + 1)).removeprefix("\ufeff")
    if len(text) > max_bytes:
        yield failed("stdin", "-", f"stdin: larger than max_bytes={max_bytes}; split it or raise the limit")
    elif not text.strip():
        yield failed("stdin", "-", "stdin: empty or whitespace-only; pipe in article text, HTML or JSONL")
    elif sniff(text) == "feed":
        from ..fetch import read_feed

        yield from read_feed(text, "-", published=published)
    else:
        kind = sniff(text)
        kind = kind if kind in ("html", "text") else "text"
        yield build(stdin_id(text), "-", text, kind, published, max_html_depth=depth)
