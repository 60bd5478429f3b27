"""Ingest: read .txt, .html and .jsonl files, directories and stdin -> Iterator[Article]."""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO, TextIO
from urllib.parse import urlsplit

import trafilatura

from .errors import InputError
from .models import Article

logger = logging.getLogger(__name__)

EXTENSIONS = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
# Binary sniffing looks at the first 8 KB, as git and grep do.
SNIFF_BYTES = 8192
# Real articles have almost no control characters besides \t\n\r\f; 10% means binary or a wrong encoding.
MAX_CONTROL_RATIO = 0.1
URL_DATE = re.compile(r"/(\d{4})/(\d{1,2})/(\d{1,2})(?:/|$)|(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
UTF8_FIX = "re-encode it as UTF-8 (e.g. iconv -f latin1 -t utf8)"
Line = tuple[int, str, str | None]  # line number, text, error


def read_inputs(
    inputs: Sequence[str],
    *,
    stdin: TextIO | None = None,
    published: date | None = None,
    max_bytes: int = 20_000_000,
) -> Iterator[Article]:
    """Yield one Article per input document, lazily; bad input yields an Article with ``error`` set.

    Each input is a file, a directory (walked recursively, sorted, only .txt/.html/.htm/.jsonl) or "-"
    for ``stdin`` (sys.stdin when None). A file with another extension, and stdin, are sniffed: "{"
    starts JSONL, "<" HTML, anything else is plain text. ``max_bytes`` bounds one document: a whole
    .txt/.html file or one JSONL line (JSONL files stream, so they may be any size).
    ``published`` stands in for articles with no date of their own (basis "user").
    """
    for name in inputs:
        if name == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin, published, max_bytes)
        elif Path(name).is_dir():
            files = sorted(p for p in Path(name).rglob("*") if p.is_file() and p.suffix.lower() in EXTENSIONS)
            for file in files:
                yield from _read_file(file, published, max_bytes)
        else:
            yield from _read_file(Path(name), published, max_bytes)


def stdin_id(text: str) -> str:
    """Return a stable id for text read from stdin: "stdin-" + 12 hex digits of its SHA-1."""
    return "stdin-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _failed(article_id: str, origin: str, error: str) -> Article:
    return Article(id=article_id, text="", error=error, origin=origin)


def _read_file(path: Path, published: date | None, max_bytes: int) -> Iterator[Article]:
    origin, kind = str(path), EXTENSIONS.get(path.suffix.lower())
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1 if kind != "jsonl" else SNIFF_BYTES)
            if kind == "jsonl":
                _check_binary(data, origin)
                handle.seek(0)
                # Stream inside the `with` so the file stays open only while its lines are consumed.
                yield from _parse_jsonl(_binary_lines(handle, origin, max_bytes), path.stem, origin, published)
                return
        if len(data) > max_bytes:
            raise InputError(f"{path}: larger than max_bytes={max_bytes}; split it or raise the limit")
        text = _decode(data, origin)
    except FileNotFoundError:
        yield _failed(path.stem, origin, f"{path}: no such file or directory; check the path")
        return
    except OSError as exc:
        yield _failed(path.stem, origin, f"{path}: cannot be read ({exc.strerror}); check its permissions")
        return
    except InputError as exc:
        yield _failed(path.stem, origin, str(exc))
        return
    kind = kind or _sniff(text)
    if kind == "jsonl":
        lines = ((number, line, None) for number, line in enumerate(io.StringIO(text), start=1))
        yield from _parse_jsonl(lines, path.stem, origin, published)
    else:
        yield _build(path.stem, origin, text, kind, published)


def _read_stdin(stream: TextIO, published: date | None, max_bytes: int) -> Iterator[Article]:
    try:
        yield from _sniff_stdin(stream, published, max_bytes)
    except UnicodeDecodeError as exc:  # sys.stdin decodes as it reads, so a bad byte surfaces here
        byte = exc.object[exc.start : exc.start + 1].hex()
        yield _failed("stdin", "-", f"stdin: not valid UTF-8 (byte 0x{byte}); {UTF8_FIX}")


def _sniff_stdin(stream: TextIO, published: date | None, max_bytes: int) -> Iterator[Article]:
    # Buffer only up to the first non-blank line: enough to sniff without reading a JSONL stream whole.
    head: list[str] = []
    for line in stream:
        head.append(line)
        if line.strip():
            break
    if _sniff("".join(head)) == "jsonl":
        lines = ((number, line, None) for number, line in enumerate(chain(head, stream), start=1))
        yield from _parse_jsonl(lines, "stdin", "-", published)
        return
    text = ("".join(head) + stream.read(max_bytes + 1)).removeprefix("\ufeff")
    if len(text) > max_bytes:
        yield _failed("stdin", "-", f"stdin: larger than max_bytes={max_bytes}; split it or raise the limit")
    elif not text.strip():
        yield _failed("stdin", "-", "stdin: empty or whitespace-only; pipe in article text, HTML or JSONL")
    else:
        yield _build(stdin_id(text), "-", text, _sniff(text), published)


def _sniff(text: str) -> str:
    return {"{": "jsonl", "<": "html"}.get(text.lstrip("\ufeff \t\r\n")[:1], "text")


def _check_binary(data: bytes, origin: str) -> None:
    nul = data.find(b"\x00", 0, SNIFF_BYTES)
    if nul >= 0:
        raise InputError(f"{origin}: looks binary (NUL byte at {nul}); pass a UTF-8 .txt, .html or .jsonl file")


def _decode(data: bytes, origin: str) -> str:
    """Decode UTF-8 (or UTF-16 with a BOM); raise InputError for empty, binary or undecodable data."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{origin}: not valid UTF-16 at byte {exc.start}; {UTF8_FIX}") from None
    else:
        _check_binary(data, origin)
        bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
        try:
            text = data[bom:].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{origin}: not valid UTF-8 at byte {bom + exc.start}; {UTF8_FIX}") from None
    if not text.strip():
        raise InputError(f"{origin}: empty or whitespace-only; remove it or give it article text")
    sample = text[:SNIFF_BYTES]
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\t\n\r\f")
    if controls > MAX_CONTROL_RATIO * len(sample):
        raise InputError(f"{origin}: looks binary ({controls} control characters); pass a text file")
    return text


def _binary_lines(handle: BinaryIO, origin: str, max_bytes: int) -> Iterator[Line]:
    """Yield each line of a JSONL file, decoded on its own so one bad line spoils only itself."""
    offset, number = 0, 0
    while raw := handle.readline(max_bytes + 1):
        number, start, offset = number + 1, offset, offset + len(raw)
        where = f"{origin}:{number}"
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the oversized line
                raw = handle.readline(1 << 20)
                offset += len(raw)
            yield number, "", f"{where}: line longer than max_bytes={max_bytes}; split it or raise the limit"
            continue
        bom = len(codecs.BOM_UTF8) if number == 1 and raw.startswith(codecs.BOM_UTF8) else 0
        try:
            yield number, raw[bom:].decode("utf-8"), None
        except UnicodeDecodeError as exc:
            yield number, "", f"{where}: not valid UTF-8 at byte {start + bom + exc.start}; {UTF8_FIX}"


def _parse_jsonl(lines: Iterable[Line], stem: str, origin: str, published: date | None) -> Iterator[Article]:
    empty = True
    for number, line, error in lines:
        where, fallback_id = f"{origin}:{number}", f"{stem}:{number}"
        if error is not None:
            empty = False
            yield _failed(fallback_id, where, error)
        elif line.strip():
            empty = False
            yield _parse_record(line, where, fallback_id, published)
    if empty:
        yield _failed(stem, origin, f"{origin}: empty or whitespace-only; give it one JSON object per line")


def _parse_record(line: str, where: str, fallback_id: str, published: date | None) -> Article:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return _failed(fallback_id, where, f"{where}: not valid JSON ({exc.msg}); fix or remove the line")
    if not isinstance(record, dict):
        kind = type(record).__name__
        return _failed(fallback_id, where, f'{where}: a JSON {kind}, not an object; write {{"text": ...}}')
    raw_id = record.get("id")
    # Integer ids are common in exported datasets; bool is an int subclass but never an id.
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        raw_id = str(raw_id)
    article_id = raw_id if isinstance(raw_id, str) and raw_id.strip() else fallback_id
    for key in ("id", "text", "html", "url", "title", "source", "published"):
        value = raw_id if key == "id" else record.get(key)
        if value is not None and not isinstance(value, str):
            problem = f"field {key!r} is a {type(value).__name__} ({value!r:.40})"
            return _failed(article_id, where, f"{where}: {problem}; make it a string")
    text, html = record.get("text") or "", record.get("html") or ""
    if not text.strip() and not html.strip():
        return _failed(article_id, where, f"{where}: no 'text' or 'html' with content; add one or drop the line")
    own_date = _parse_date(record.get("published"))
    if record.get("published") and own_date is None:
        problem = f"'published' {record['published']!r} is not an ISO date"
        return _failed(article_id, where, f"{where}: {problem}; write it like 2021-09-21")
    given = {key: record.get(key) for key in ("title", "url", "source")} | {"date": own_date}
    if text.strip():
        return _build(article_id, where, text, "text", published, given)
    return _build(article_id, where, html, "html", published, given)


def _build(
    article_id: str,
    origin: str,
    content: str,
    kind: str,
    published: date | None,
    given: dict[str, Any] | None = None,
) -> Article:
    """Make an Article from text or HTML; fields ``given`` (from a JSONL line) win over the page's own."""
    given = dict(given or {})
    text, page_date = content.removeprefix("\ufeff"), None
    if kind == "html":
        page = _extract_html(content)
        if page is None or not (page.get("text") or "").strip():
            error = f"{origin}: no main text found in the HTML; check it is an article page or pass text"
            return _failed(article_id, origin, error)
        text = page["text"]
        for key in ("title", "url"):
            given[key] = given.get(key) or page.get(key)
        page_date = _parse_date(page.get("date"))
    url = given.get("url")
    url_date = _url_date(url) if url else None
    if given.get("date") is not None:
        when, basis = given["date"], "metadata"
    # htmldate falls back to the URL itself, so a page date equal to the URL's is labelled "url".
    elif page_date is not None and page_date != url_date:
        when, basis = page_date, "metadata"
    elif url_date is not None:
        when, basis = url_date, "url"
    elif published is not None:
        when, basis = published, "user"
    else:
        when, basis = None, "unknown"
    return Article(
        id=article_id, text=text, title=given.get("title"), url=url, source=given.get("source"),
        published=when, published_basis=basis, origin=origin,
    )  # fmt: skip


def _extract_html(html: str) -> dict[str, Any] | None:
    # Extensive search would read dates from the body text, and the URL would win over the page's
    # metadata; we want metadata first (the URL date is recovered in _build).
    date_params = {
        "original_date": True,
        "extensive_search": False,
        "deferred_url_extractor": True,
        "max_date": date.today().isoformat(),
    }
    try:
        result = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, date_extraction_params=date_params
        )
    except Exception as exc:  # lxml and trafilatura raise many types on broken pages; one must not stop a batch
        logger.warning("trafilatura failed: %s", exc)
        return None
    if result is None:
        return None
    # trafilatura >= 2 returns a Document, older versions a dict.
    page = result if isinstance(result, dict) else result.as_dict()
    return {key: page.get(key) for key in ("text", "title", "url", "date")}


def _parse_date(value: str | None) -> date | None:
    try:
        return datetime.fromisoformat(value.strip()).date() if value else None
    except ValueError:
        return None


def _url_date(url: str) -> date | None:
    match = URL_DATE.search(urlsplit(url).path)
    if match is None:
        return None
    year, month, day = (int(group) for group in match.groups() if group is not None)
    try:
        return date(year, month, day)
    except ValueError:
        return None
