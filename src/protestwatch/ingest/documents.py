"""Build Articles from one document's text, HTML or record fields: bytes / dict -> Article."""

from __future__ import annotations

import codecs
import json
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import trafilatura

from ..errors import InputError
from ..models import Article

logger = logging.getLogger(__name__)

# Binary sniffing looks at the first 8 KB, as git and grep do.
SNIFF_BYTES = 8192
# libxml2's fixed nesting limit (lxml's huge_tree lifts it, trafilatura does not set it): the default and the
# most --max-html-depth may be, since past it the parser drops the rest of the page.
MAX_HTML_DEPTH = 255
# Real articles have almost no control characters besides \t\n\r\f; 10% means binary or a wrong encoding.
MAX_CONTROL_RATIO = 0.1
URL_DATE = re.compile(r"/(\d{4})/(\d{1,2})/(\d{1,2})(?:/|$)|(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
UTF8_FIX = "re-encode it as UTF-8 (e.g. iconv -f latin1 -t utf8)"
# The fields a record (a JSONL line, a Parquet row) may carry; all are strings when present.
RECORD_FIELDS = ("id", "text", "html", "url", "title", "source", "published")
Line = tuple[int, str, str | None]  # line number, text, error


def failed(article_id: str, origin: str, error: str) -> Article:
    """Return the Article that stands for an input that could not be read: no text, ``error`` set."""
    return Article(id=article_id, text="", error=error, origin=origin)


def sniff(text: str) -> str:
    """Guess a document's kind from its first characters: jsonl, feed, warc, html or text."""
    head = text.lstrip("\ufeff \t\r\n")[:1024]
    if head.startswith("WARC/"):
        return "warc"
    if head.startswith("<") and re.search(r"<(?:rss|feed|rdf:RDF)\b", head):
        return "feed"
    return {"{": "jsonl", "<": "html"}.get(head[:1], "text")


def check_binary(data: bytes, origin: str) -> None:
    """Raise InputError when ``data`` holds a NUL byte in its first SNIFF_BYTES."""
    nul = data.find(b"\x00", 0, SNIFF_BYTES)
    if nul < 0:
        return
    # UTF-16 without a byte-order mark: Latin-script text has a NUL in every other byte, all on one side.
    sample = data[: SNIFF_BYTES - SNIFF_BYTES % 2]
    for endian, zeros, letters in (("le", sample[1::2], sample[0::2]), ("be", sample[0::2], sample[1::2])):
        if len(sample) >= 8 and zeros.count(0) >= 0.9 * len(zeros) and letters.count(0) <= 0.1 * len(letters):
            fix = f"re-encode it as UTF-8 (e.g. iconv -f utf-16{endian} -t utf8)"
            raise InputError(f"{origin}: looks like UTF-16 without a byte-order mark; {fix}")
    raise InputError(f"{origin}: looks binary (NUL byte at {nul}); pass a UTF-8 .txt, .html or .jsonl file")


def decode(data: bytes, origin: str) -> str:
    """Decode UTF-8 (or UTF-16 with a BOM); raise InputError for empty, binary or undecodable data."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{origin}: not valid UTF-16 at byte {exc.start}; {UTF8_FIX}") from None
    else:
        check_binary(data, origin)
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


def check_html_depth(depth: int) -> int:
    """Return ``depth`` when it can be a limit on HTML nesting; raise ValueError saying why when it cannot."""
    if not 1 <= depth <= MAX_HTML_DEPTH:
        raise ValueError(
            f"max_html_depth={depth} is not between 1 and {MAX_HTML_DEPTH}: libxml2, the HTML parser, stops at "
            f"{MAX_HTML_DEPTH} levels and drops the rest of a deeper page, so a higher limit cannot be kept"
        )
    return depth


def parse_jsonl(
    lines: Iterable[Line], stem: str, origin: str, published: date | None, *, max_html_depth: int = MAX_HTML_DEPTH
) -> Iterator[Article]:
    """Yield one Article per non-blank line; a bad line becomes an Article with ``error`` and the rest go on."""
    empty = True
    for number, line, error in lines:
        where, fallback_id = f"{origin}:{number}", f"{stem}:{number}"
        if error is not None:
            empty = False
            yield failed(fallback_id, where, error)
        elif line.strip():
            empty = False
            yield parse_json_line(line, where, fallback_id, published, max_html_depth=max_html_depth)
    if empty:
        yield failed(stem, origin, f"{origin}: empty or whitespace-only; give it one JSON object per line")


def parse_json_line(
    line: str, where: str, fallback_id: str, published: date | None, *, max_html_depth: int = MAX_HTML_DEPTH
) -> Article:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return failed(fallback_id, where, f"{where}: not valid JSON ({exc.msg}); fix or remove the line")
    if not isinstance(record, dict):
        kind = type(record).__name__
        return failed(fallback_id, where, f'{where}: a JSON {kind}, not an object; write {{"text": ...}}')
    return parse_record(record, where, fallback_id, published, max_html_depth=max_html_depth)


def parse_record(
    record: Mapping[str, Any],
    where: str,
    fallback_id: str,
    published: date | None,
    max_bytes: int | None = None,
    *,
    max_html_depth: int = MAX_HTML_DEPTH,
) -> Article:
    """Make an Article from a record's RECORD_FIELDS (a JSONL object, a Parquet row).

    An integer id becomes a string; ``max_bytes`` (when given) bounds the text or HTML in characters.
    """
    raw_id = record.get("id")
    # Integer ids are common in exported datasets; bool is an int subclass but never an id.
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        raw_id = str(raw_id)
    article_id = raw_id if isinstance(raw_id, str) and raw_id.strip() else fallback_id
    for key in RECORD_FIELDS:
        value = raw_id if key == "id" else record.get(key)
        if value is not None and not isinstance(value, str):
            problem = f"field {key!r} is a {type(value).__name__} ({value!r:.40})"
            return failed(article_id, where, f"{where}: {problem}; make it a string")
    text, html = record.get("text") or "", record.get("html") or ""
    if not text.strip() and not html.strip():
        return failed(article_id, where, f"{where}: no 'text' or 'html' with content; add one or drop the line")
    if max_bytes is not None and max(len(text), len(html)) > max_bytes:
        return failed(article_id, where, f"{where}: longer than max_bytes={max_bytes}; split it or raise the limit")
    own_date = parse_date(record.get("published"))
    if record.get("published") and own_date is None:
        problem = f"'published' {record['published']!r} is not an ISO date"
        return failed(article_id, where, f"{where}: {problem}; write it like 2021-09-21")
    given = {key: record.get(key) for key in ("title", "url", "source")} | {"date": own_date}
    if text.strip():
        return build(article_id, where, text, "text", published, given)
    return build(article_id, where, html, "html", published, given, max_html_depth=max_html_depth)


def build(
    article_id: str,
    origin: str,
    content: str,
    kind: str,
    published: date | None,
    given: Mapping[str, Any] | None = None,
    *,
    max_html_depth: int = MAX_HTML_DEPTH,
) -> Article:
    """Make an Article from text or HTML; fields ``given`` (from a record) win over the page's own.

    The date comes from, in order: ``given["date"]``, the page's metadata, a date in the URL,
    ``given["fallback_date"]`` (a crawl or feed date, basis "metadata"), ``published`` (basis "user").
    HTML nested deeper than ``max_html_depth`` (see too_deep) becomes an Article with ``error``.
    """
    fields = dict(given or {})
    text, page_date = content.removeprefix("\ufeff"), None
    if kind == "html":
        if too_deep(content, max_html_depth):
            why = (
                "where the parser stops; pass its text"
                if max_html_depth >= MAX_HTML_DEPTH
                else f"past --max-html-depth; pass its text or raise the limit (up to {MAX_HTML_DEPTH})"
            )
            return failed(article_id, origin, f"{origin}: HTML nested over {max_html_depth} levels deep, {why}")
        page = extract_html(content)
        if page is None or not (page.get("text") or "").strip():
            error = f"{origin}: no main text found in the HTML; check it is an article page or pass text"
            return failed(article_id, origin, error)
        text = page["text"]
        for key in ("title", "url"):
            fields[key] = fields.get(key) or page.get(key)
        page_date = parse_date(page.get("date"))
    url = fields.get("url")
    url_date = _url_date(url) if url else None
    if fields.get("date") is not None:
        when, basis = fields["date"], "metadata"
    # htmldate falls back to the URL itself, so a page date equal to the URL's is labelled "url".
    elif page_date is not None and page_date != url_date:
        when, basis = page_date, "metadata"
    elif url_date is not None:
        when, basis = url_date, "url"
    elif fields.get("fallback_date") is not None:
        when, basis = fields["fallback_date"], "metadata"
    elif published is not None:
        when, basis = published, "user"
    else:
        when, basis = None, "unknown"
    return Article(
        id=article_id, text=text, title=fields.get("title"), url=url, source=fields.get("source"),
        published=when, published_basis=basis, origin=origin,
    )  # fmt: skip


def too_deep(html: str, max_depth: int = MAX_HTML_DEPTH) -> bool:
    """Return True when ``html`` nests elements more than ``max_depth`` levels deep (<html> is level 1).

    Past MAX_HTML_DEPTH lxml (under trafilatura) drops the rest of the page, so such a page would lose
    text silently or end as "no main text found"; a lower ``max_depth`` refuses pages sooner. The
    parser adds the <html> and <body> a page leaves out, and closes what it leaves open, before the
    levels are counted. Costs one more lxml parse (a few ms per 100 KB).
    """
    from lxml import etree

    # Bytes, since lxml refuses a str that carries an XML encoding declaration.
    parser = etree.HTMLParser(collect_ids=False, encoding="utf-8")
    try:
        root = etree.fromstring(html.encode("utf-8", errors="replace"), parser)
    except etree.LxmlError:  # nothing parseable: trafilatura finds no text and says so
        return False
    if any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log):
        return True
    # An element at level max_depth + 1 (libxml2 itself lets 256 through): the XPath walks level by level
    # in C, each element once.
    return root is not None and bool(root.xpath("/*" * (max_depth + 1)))


def extract_html(html: str) -> dict[str, Any] | None:
    """Return the main text, title, URL and date of an HTML page (trafilatura), or None if it has none."""
    # Extensive search would read dates from the body text, and the URL would win over the page's
    # metadata; we want metadata first (the URL date is recovered in build()).
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


def parse_date(value: str | None) -> date | None:
    """Return the date of an ISO date or datetime string, or None when it is not one."""
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
