"""Ingest through the API: posted texts, HTML pages and URLs -> Articles -> the Extractor -> the store."""

from __future__ import annotations

import hashlib
import io
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from protestwatch.errors import StoreError
from protestwatch.ingest import read_inputs
from protestwatch.models import Article

if TYPE_CHECKING:
    from protestwatch.pipeline import Extractor
    from protestwatch.store import Store

FETCH_TIMEOUT_SECONDS = 10
# One fetched page; a news article's HTML is rarely over 2 MB, and this keeps a hostile URL from filling memory.
FETCH_MAX_BYTES = 5_000_000
USER_AGENT = "ProtestWatch/0.1 (+https://github.com/protestwatch)"


def article_id(content: str) -> str:
    """Return a stable id for posted content that came without one: "api-" + 12 hex digits of its SHA-1."""
    return "api-" + hashlib.sha1(content.encode("utf-8")).hexdigest()[:12]


def fetch_page(url: str) -> dict[str, Any]:
    """Fetch ``url`` and return a JSONL-style record ``{"id", "url", "html"}``, or ``{"id", "url", "error"}``.

    Only http and https; redirects are followed by urllib (at most 10) and a redirect to another scheme is
    refused by it. Bodies over FETCH_MAX_BYTES, non-HTML content and network errors come back as an error.
    The server fetches with its own network access: expose URL ingest only to coders you trust.
    """
    record: dict[str, Any] = {"id": article_id(url), "url": url}
    if not url.lower().startswith(("http://", "https://")):
        return record | {"error": f"{url!r} is not an http(s) URL; give a full address such as https://..."}
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310 -- scheme checked
            kind = response.headers.get_content_type()
            if kind not in ("text/html", "application/xhtml+xml", "text/plain"):
                return record | {"error": f"{url}: the server sent {kind}, not an HTML page"}
            body = response.read(FETCH_MAX_BYTES + 1)
            charset = response.headers.get_content_charset() or "utf-8"
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return record | {"error": f"{url}: could not fetch it ({reason}); check the address and try again"}
    if len(body) > FETCH_MAX_BYTES:
        return record | {"error": f"{url}: page larger than {FETCH_MAX_BYTES} bytes; save and send its text"}
    text = body.decode(charset, errors="replace")
    return record | ({"text": text} if kind == "text/plain" else {"html": text})


def ingest(
    store: Store,
    extractor: Extractor,
    records: Sequence[dict[str, Any]],
    *,
    extract_lock: threading.Lock,
) -> list[dict[str, Any]]:
    """Extract and store each record (``id``, ``text`` or ``html``, ``url``, ``title``, ``published``, ``source``).

    Records go through ``ingest.read_inputs`` as JSONL, so the API checks them exactly as `protestwatch
    extract` does; a record with an ``error`` (a failed fetch) is stored as a rejected article. Returns, per
    record in order: its id, error, the ids of the events it reports (mentions), and whether the store added anything.
    """
    failures = {record["id"]: record["error"] for record in records if record.get("error")}
    lines = [
        json.dumps({key: value for key, value in record.items() if key != "error"})
        for record in records
        if not record.get("error")
    ]
    articles = list(read_inputs(["-"], stdin=io.StringIO("\n".join(lines) + "\n"))) if lines else []
    articles += [Article(id=identifier, text="", error=error, origin="api") for identifier, error in failures.items()]
    outcomes: dict[str, dict[str, Any]] = {}
    for article in articles:
        # spaCy pipelines are not documented as thread-safe: one extraction at a time.
        with extract_lock:
            result = extractor.extract(article)
        outcome = {"id": article.id, "error": article.error, "mentions": [event.id for event in result.events]}
        try:
            outcome["stored"] = bool(store.add(result))
        except StoreError as error:  # e.g. this id is stored with another text: report it, keep the batch going
            outcome.update(error=str(error), stored=False)
        outcomes[article.id] = outcome
    return [outcomes[record["id"]] for record in records if record["id"] in outcomes]
