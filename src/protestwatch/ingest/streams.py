"""Open input files as byte streams, decompressing on the fly under a cap: Path -> BinaryIO, lines."""

from __future__ import annotations

import codecs
import gzip
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from .documents import UTF8_FIX, Line

# Compressed streams are decompressed in pieces of this size; nothing holds more than one piece and one line.
READ_BLOCK_BYTES = 1 << 16
COMPRESSIONS = {".gz": "gzip", ".zst": "zstd", ".zstd": "zstd"}
# News compresses 3-10 times (JSONL, WARC, HTML; zstd -19 a little more), a gzip bomb about 1,000 times and a
# zstd bomb far more. Past EXPANSION_FLOOR_BYTES of output, a file that has expanded more than this many times
# the compressed bytes read so far is refused: a 4 GiB bomb stops after 100 MB, a 1 GB news file passes.
DEFAULT_MAX_EXPANSION = 100.0
# Below this much output the ratio is not checked: a small file of repeated lines may compress very well.
EXPANSION_FLOOR_BYTES = 100_000_000
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


class CappedReader(io.RawIOBase):
    """A decompressed stream that raises InputError once it has expanded too far.

    The guard against decompression bombs: a 4 MB .gz file can expand to 4 GiB. It is refused once
    more than ``limit`` bytes came out, or once more than ``expansion_floor`` bytes came out and that
    is over ``max_expansion`` times the compressed bytes read from ``source`` (the file on disk). A
    stream that ends too early (``ended_early`` says so, or the decompressor raises EOFError) raises
    InputError at the next read or at close. Closing it closes the decompressor and the file under it.
    """

    def __init__(
        self,
        stream: BinaryIO,
        source: BinaryIO,
        origin: str,
        *,
        limit: int,
        max_expansion: float = DEFAULT_MAX_EXPANSION,
        expansion_floor: int = EXPANSION_FLOOR_BYTES,
        ended_early: Callable[[], str | None] | None = None,
    ) -> None:
        super().__init__()
        self._stream = stream
        self.source = source
        self._origin = origin
        self._limit = limit
        self._max_expansion = max_expansion
        self._expansion_floor = expansion_floor
        self._ended_early = ended_early
        self._truncated: str | None = None  # why the compressed data ended too early, until reported once
        self.total = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._truncated is not None:
            self._raise_truncated()
        try:
            # readinto1: one read of the decompressor, so the bytes before a cut are returned, not dropped.
            count = self._stream.readinto1(buffer)  # type: ignore[attr-defined]
        except EOFError as exc:
            # A cut file ends as if complete here and fails at the next read or at close: raising now would drop
            # the whole records the buffered reader above still holds, and warcio takes an EOFError for "no
            # more records", which would end a cut .warc.gz early and silently.
            self._truncated = f"{self._origin}: corrupt or truncated ({exc}); re-download or re-compress it"
            return 0
        if count == 0 and self._ended_early is not None and (why := self._ended_early()) is not None:
            self._truncated = f"{self._origin}: truncated ({why}); re-download or re-compress it"
            return 0
        self.total += count
        if self.total > self._limit:
            raise InputError(
                f"{self._origin}: decompresses to more than max_file_bytes={self._limit} bytes "
                "(a decompression bomb, or a genuinely huge file); split it or raise --max-file-bytes"
            )
        if self.total > self._expansion_floor and self.total > self._max_expansion * self.source.tell():
            raise InputError(
                f"{self._origin}: expands more than max_expansion={self._max_expansion:g} times "
                f"({self.total} bytes out of {self.source.tell()} compressed; news compresses 3-10 times): a "
                "decompression bomb, or unusually repetitive data; check it or raise --max-expansion"
            )
        return count

    def close(self) -> None:
        if not self.closed:
            self._stream.close()
        super().close()
        if self._truncated is not None:
            self._raise_truncated()

    def _raise_truncated(self) -> None:
        reason, self._truncated = self._truncated, None
        raise InputError(reason)


class ZstdFrameWalker:
    """Pass a .zst file's bytes on to the decompressor while following its frame and block headers.

    python-zstandard ends a stream cut inside a frame as if it were complete (with the blocks before
    the cut, or with nothing). Walking the headers tells a cut: at the end of the file the walk must
    stand between two frames. Costs a few operations per block (blocks hold up to 128 KB). Corrupt
    headers end the walk; the decompressor reports those itself.
    """

    def __init__(self, file: BinaryIO) -> None:
        self._file = file
        self._state = "magic"  # magic | descriptor | block | skippable | lost
        self._need = len(ZSTD_MAGIC)  # bytes of the header the state reads
        self._header = bytearray()  # those read so far
        self._skip = 0  # bytes to pass over (frame header fields, block content, checksum)
        self._checksum = False

    def read(self, size: int = -1) -> bytes:
        data = self._file.read(size)
        if self._state != "lost":
            self._walk(data)
        return data

    def close(self) -> None:
        self._file.close()

    def incomplete(self) -> str | None:
        """Return "incomplete zstd frame" when the bytes read so far end inside a frame, else None."""
        inside = self._state not in ("magic", "lost") or self._header or self._skip
        return "incomplete zstd frame" if inside else None

    def _walk(self, data: bytes) -> None:
        index, end = 0, len(data)
        while index < end and self._state != "lost":
            if self._skip:
                step = min(self._skip, end - index)
                self._skip -= step
                index += step
                continue
            take = min(self._need - len(self._header), end - index)
            self._header += data[index : index + take]
            index += take
            if len(self._header) == self._need:
                header = bytes(self._header)
                self._header.clear()
                self._advance(header)

    def _advance(self, header: bytes) -> None:
        """Act on a whole header of the current state (format: RFC 8878, section 3.1)."""
        if self._state == "magic":
            if header == ZSTD_MAGIC:
                self._state, self._need = "descriptor", 1
            elif header[0] & 0xF0 == 0x50 and header[1:] == b"\x2a\x4d\x18":  # a skippable frame
                self._state, self._need = "skippable", 4
            else:
                self._state = "lost"
        elif self._state == "descriptor":
            descriptor = header[0]
            single_segment = descriptor >> 5 & 1
            self._checksum = bool(descriptor & 0x04)
            content_size_bytes = (single_segment, 2, 4, 8)[descriptor >> 6]
            self._skip = (1 - single_segment) + (0, 1, 2, 4)[descriptor & 0x03] + content_size_bytes
            self._state, self._need = "block", 3
        elif self._state == "block":
            value = int.from_bytes(header, "little")
            block_type, size = value >> 1 & 0x03, value >> 3
            if block_type == 3:  # reserved: corrupt
                self._state = "lost"
                return
            self._skip = 1 if block_type == 1 else size  # an RLE block stores its one byte
            if value & 1:  # the frame's last block
                self._skip += 4 if self._checksum else 0
                self._state, self._need = "magic", len(ZSTD_MAGIC)
        else:  # skippable: its length, then that many bytes
            self._skip = int.from_bytes(header, "little")
            self._state, self._need = "magic", len(ZSTD_MAGIC)


def compression_of(path: Path) -> str | None:
    """Return "gzip" or "zstd" when the file name says the file is compressed, else None."""
    return COMPRESSIONS.get(path.suffix.lower())


def open_decompressed(
    path: Path,
    max_file_bytes: int,
    max_expansion: float = DEFAULT_MAX_EXPANSION,
    expansion_floor: int = EXPANSION_FLOOR_BYTES,
) -> BinaryIO:
    """Open ``path`` for reading bytes, decompressing .gz and .zst files as they are read.

    A compressed file may yield at most ``max_file_bytes`` bytes, and past ``expansion_floor`` bytes
    at most ``max_expansion`` times the compressed bytes read (InputError past either). Corrupt
    compressed data raises OSError, EOFError or zstandard.ZstdError while reading, not here; a file
    cut short raises InputError at the end of the stream.
    """
    compression = compression_of(path)
    if compression is None:
        return path.open("rb")
    raw = path.open("rb")
    try:
        stream: BinaryIO
        ended_early = None
        if compression == "gzip":
            stream = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
        else:
            import zstandard

            walker = ZstdFrameWalker(raw)
            ended_early = walker.incomplete
            stream = zstandard.ZstdDecompressor().stream_reader(walker, read_across_frames=True, closefd=True)
    except BaseException:
        raw.close()
        raise
    capped = CappedReader(
        stream, raw, str(path), limit=max_file_bytes, max_expansion=max_expansion, expansion_floor=expansion_floor,
        ended_early=ended_early,
    )  # fmt: skip
    return io.BufferedReader(capped, buffer_size=READ_BLOCK_BYTES)  # type: ignore[return-value]


def binary_lines(handle: BinaryIO, origin: str, max_bytes: int, first_line: int = 1) -> Iterator[Line]:
    """Yield each line of a JSONL stream, decoded on its own so one bad line spoils only itself.

    A line longer than ``max_bytes`` is skipped without being held in memory and yields an error.
    A compressed stream cut short raises its InputError after the last whole line: the piece of a
    line before the cut is part of that error, not a line of bad JSON. ``first_line`` is the number
    of the stream's first line in its file (a piece of a file starts past line 1).
    """
    offset, number = 0, first_line - 1
    while raw := handle.readline(max_bytes + 1):
        number, start, offset = number + 1, offset, offset + len(raw)
        where = f"{origin}:{number}"
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the oversized line
                raw = handle.readline(1 << 20)
                offset += len(raw)
            yield number, "", f"{where}: line longer than max_bytes={max_bytes}; split it or raise the limit"
            continue
        if not raw.endswith(b"\n"):
            handle.read(1)  # the end of the stream: a CappedReader raises here when the file was cut
        bom = len(codecs.BOM_UTF8) if number == 1 and raw.startswith(codecs.BOM_UTF8) else 0
        try:
            yield number, raw[bom:].decode("utf-8"), None
        except UnicodeDecodeError as exc:
            yield number, "", f"{where}: not valid UTF-8 at byte {start + bom + exc.start}; {UTF8_FIX}"
    handle.read(1)  # a stream cut before its first line raises here, not as an empty file


class FileWindow(io.RawIOBase):
    """Bytes ``start`` to ``end`` of a file, read as a stream of their own (a piece of a large JSONL file)."""

    def __init__(self, path: Path, start: int, end: int) -> None:
        self._file = path.open("rb", buffering=0)
        self._file.seek(start)
        self._left = end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._left <= 0:
            return 0
        view = memoryview(buffer)[: self._left]
        count = self._file.readinto(view) or 0
        self._left -= count
        return count

    def close(self) -> None:
        self._file.close()
        super().close()


def line_pieces(path: Path, piece_bytes: int) -> Iterator[tuple[int, int, int]]:
    """Yield ``(start, end, first_line)`` for pieces of about ``piece_bytes`` that cover a file, cut at line ends.

    Reads the file once, counting lines block by block, so each piece knows the number of its first line
    (JSONL articles without an id are named by their line number, whoever reads the piece).
    """
    size = path.stat().st_size
    start, first_line = 0, 1
    with path.open("rb") as file:
        while start < size:
            file.seek(start)
            lines, left = 0, piece_bytes
            while left > 0 and (block := file.read(min(left, READ_BLOCK_BYTES))):
                lines, left = lines + block.count(b"\n"), left - len(block)
            lines += file.readline().count(b"\n")  # go on to the end of the line the cut fell in
            end = file.tell()
            yield start, end, first_line
            start, first_line = end, first_line + lines
