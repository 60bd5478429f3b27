"""Ingest through the API: posted texts, HTML pages and URLs -> Articles -> the Extractor -> the store."""

from __future__ import annotations

import hashlib
import io
import json
import threading
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from protestwatch.errors import StoreError
from protestwatch.fetch import Fetcher, FetchPolicy
from protestwatch.ingest import read_inputs
from protestwatch.models import Article

if TYPE_CHECKING:
    from protestwatch.pipeline import Extractor
    from protestwatch.store import Store

# Each URL ingest request gets its own Fetcher: robots.txt, timeouts, retries and the size cap of `extract`.
FETCH_POLICY = FetchPolicy(timeout_s=10.0, retries=1, host_delay_s=0.5)


def article_id(content: str) -> str:
    """Return a stable id for posted content that came without one: "api-" + 12 hex digits of its SHA-1."""
    return "api-" + hashlib.sha1(content.encode("utf-8")).hexdigest()[:12]


def read_records(records: Sequence[dict[str, Any]]) -> list[Article]:
    """Return the Articles of posted records (``id``, ``text`` or ``html``, ``url``, ``title``, ``published``,
    ``source``), read as JSONL lines so that the API checks them exactly as `protestwatch extract` does."""
    lines = "".join(json.dumps(record) + "\n" for record in records)
    return list(read_inputs(["-"], stdin=io.StringIO(lines))) if records else []


def fetch_urls(urls: Sequence[str], *, public_only: bool) -> list[Article]:
    """Fetch ``urls`` (a page is one article, a feed its entries); a failure is an Article with ``error``.

    With ``public_only``, hosts on loopback, private or reserved addresses are refused, redirects included:
    the server fetches with its own network access, which a coder must not turn on the server's network.
    """
    fetcher = Fetcher(replace(FETCH_POLICY, public_only=public_only))
    return [article for url in urls for article in fetcher.read_url(url)]


def ingest(
    store: Store,
    extractor: Extractor,
    articles: Sequence[Article],
    *,
    extract_lock: threading.Lock,
) -> list[dict[str, Any]]:
    """Extract and store each article; one with an ``error`` (bad input, a failed fetch) is stored as rejected.

    Returns, per article in order: its id, error, the ids of the events it reports (mentions), and whether
    the store added anything.
    """
    outcomes: list[dict[str, Any]] = []
    for article in articles:
        # spaCy pipelines are not documented as thread-safe: one extraction at a time.
        with extract_lock:
            result = extractor.extract(article)
        outcome = {"id": article.id, "error": article.error, "mentions": [event.id for event in result.events]}
        try:
            outcome["stored"] = bool(store.add(result))
        except StoreError as error:  # e.g. this id is stored with another text: report it, keep the batch going
            outcome.update(error=str(error), stored=False)
        outcomes.append(outcome)
    return outcomes
