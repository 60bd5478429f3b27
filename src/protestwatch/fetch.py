"""Fetch articles politely from the web: URLs, URL lists and RSS/Atom feeds -> Iterator[Article]."""

from __future__ import annotations

import calendar
import hashlib
import io
import ipaddress
import re
import socket
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import InputError
from .ingest.documents import build, failed, sniff
from .models import Article

USER_AGENT = "ProtestWatch/0.1 (protest-event research; +https://github.com/protestwatch/protestwatch)"
# Statuses worth another try: the server is busy or briefly broken, the page itself is fine.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# A Retry-After or Crawl-delay longer than this is taken as this: one slow host must not stall a batch for hours.
MAX_WAIT_S = 60.0
READ_CHUNK_BYTES = 1 << 16
FEED_CONTENT_TYPE = re.compile(r"\b(?:rss|atom|rdf)\+xml\b|\b(?:application|text)/xml\b", re.IGNORECASE)
BLOCK_TAG = re.compile(r"<(?:/?(?:p|div|li|h[1-6]|blockquote|tr)\b[^>]*|br\s*/?)>", re.IGNORECASE)


class FetchError(InputError):
    """A URL could not be fetched (refused by robots.txt, timed out, an HTTP error, too large)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchPolicy:
    """How politely to fetch: limits per request and the pause between two requests to one host."""

    timeout_s: float = 10.0  # per connection attempt and per read; also bounds a whole body to 3x this
    retries: int = 2  # further tries after a timeout, a refused connection, 429 or 5xx
    backoff_s: float = 1.0  # the wait before the first retry, doubled before each next one
    host_delay_s: float = 1.0  # at least this long between two requests to the same host
    max_bytes: int = 5_000_000  # a larger response is refused, not truncated
    user_agent: str = USER_AGENT
    # Refuse hosts on loopback, private, link-local and other non-public addresses, redirects included: a
    # server that fetches URLs its users send must not let them reach its own network.
    public_only: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """A fetched response: the final URL after redirects, its content type and body."""

    url: str
    content_type: str
    body: bytes


def url_id(url: str) -> str:
    """Return a stable article id for a URL: "url-" + 16 hex digits of its SHA-1 (same page, same id)."""
    return "url-" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


class Fetcher:
    """Fetches URLs one at a time, honouring robots.txt, a per-host delay, timeouts, retries and a size cap.

    Holds what it learned per host (robots rules, time of the last request), so one Fetcher should
    serve a whole run. Not thread-safe.
    """

    def __init__(self, policy: FetchPolicy | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._last_request: dict[str, float] = {}
        self._opener = urllib.request.build_opener(_CheckedRedirects(self.policy))

    # -- articles

    def read_url(self, url: str, *, published: date | None = None, fetch_links: bool = False) -> Iterator[Article]:
        """Yield the article of a page, or the entries of a feed; a failure yields one Article with ``error``."""
        try:
            page = self.get(url)
        except FetchError as exc:
            yield failed(url_id(url), url, str(exc))
            return
        text = _decode_page(page)
        if FEED_CONTENT_TYPE.search(page.content_type) or sniff(text) == "feed":
            yield from read_feed(text, url, published=published, fetcher=self, fetch_links=fetch_links)
        else:
            yield build(url_id(url), url, text, "html", published, {"url": page.url})

    def read_url_list(
        self, path: Path, *, published: date | None = None, fetch_links: bool = False
    ) -> Iterator[Article]:
        """Yield the articles of the URLs listed in a file, one per line (blank lines and # comments skipped)."""
        with path.open(encoding="utf-8", errors="replace") as lines:
            for number, line in enumerate(lines, start=1):
                url = line.strip()
                if not url or url.startswith("#"):
                    continue
                if not url.startswith(("http://", "https://")):
                    where = f"{path}:{number}"
                    yield failed(f"{path.stem}:{number}", where, f"{where}: {url!r:.60} is not an http(s) URL; fix it")
                    continue
                yield from self.read_url(url, published=published, fetch_links=fetch_links)

    # -- HTTP

    def get(self, url: str) -> Page:
        """Return the page at ``url``, politely; raise FetchError when robots.txt forbids it or it fails."""
        _check_address(url, self.policy)
        if not self.allowed(url):
            raise FetchError(f"{url}: disallowed by the site's robots.txt for ProtestWatch; it is not fetched")
        return self._get(url)

    def allowed(self, url: str) -> bool:
        """Return whether the host's robots.txt lets our User-Agent fetch ``url`` (fetched once per host)."""
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        if host not in self._robots:
            self._robots[host] = self._load_robots(host)
        rules = self._robots[host]
        return rules is None or rules.can_fetch(self.policy.user_agent, url)

    def _load_robots(self, host: str) -> urllib.robotparser.RobotFileParser | None:
        """Return the host's robots rules; None allows everything (no robots.txt)."""
        rules = urllib.robotparser.RobotFileParser(f"{host}/robots.txt")
        try:
            page = self._get(f"{host}/robots.txt")
        except FetchError as exc:
            status = exc.__cause__.code if isinstance(exc.__cause__, urllib.error.HTTPError) else None
            if status is not None and 400 <= status < 500 and status not in (401, 403):
                return None
            # RFC 9309: an unreachable or failing robots.txt means the whole site is off limits.
            rules.disallow_all = True
            return rules
        rules.parse(page.body.decode("utf-8", errors="replace").splitlines())
        return rules

    def _get(self, url: str) -> Page:
        policy = self.policy
        attempt = 0
        while True:
            self._wait_for_host(url)
            try:
                return self._request(url)
            except FetchError as exc:
                cause = exc.__cause__
                status = cause.code if isinstance(cause, urllib.error.HTTPError) else None
                transient = status in RETRY_STATUSES or (status is None and isinstance(cause, OSError))
                if not transient:
                    raise
                if attempt >= policy.retries:
                    raise FetchError(f"{exc} (gave up after {attempt + 1} tries)") from cause
                wait = policy.backoff_s * 2**attempt
                if isinstance(cause, urllib.error.HTTPError):
                    wait = max(wait, _retry_after(cause.headers))
                time.sleep(min(wait, MAX_WAIT_S))
                attempt += 1

    def _request(self, url: str) -> Page:
        policy = self.policy
        request = urllib.request.Request(url, headers={"User-Agent": policy.user_agent, "Accept-Encoding": "identity"})
        try:
            with self._opener.open(request, timeout=policy.timeout_s) as response:
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > policy.max_bytes:
                    raise FetchError(f"{url}: {length} bytes, more than the cap of {policy.max_bytes}; not fetched")
                body = _read_capped(response, url, policy)
                return Page(url=response.geturl(), content_type=response.headers.get("Content-Type", ""), body=body)
        except urllib.error.HTTPError as exc:
            raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}; check the URL or try later") from exc
        except TimeoutError as exc:
            problem = f"timed out after {policy.timeout_s:g} s"
            raise FetchError(f"{url}: {problem}; try later or raise --fetch-timeout") from exc
        except urllib.error.URLError as exc:
            reason = exc.reason
            raise FetchError(f"{url}: cannot connect ({reason}); check the host name") from (
                reason if isinstance(reason, OSError) else exc
            )
        except OSError as exc:
            raise FetchError(f"{url}: connection failed ({exc}); try later") from exc

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc
        delay = self.policy.host_delay_s
        rules = self._robots.get(f"{urlsplit(url).scheme}://{host}")
        crawl_delay = rules.crawl_delay(self.policy.user_agent) if rules is not None else None
        if crawl_delay is not None:
            delay = max(delay, min(float(crawl_delay), MAX_WAIT_S))
        last = self._last_request.get(host)
        if last is not None:
            remaining = last + delay - time.monotonic()
            if remaining > 0:
                time.sleep(remaining)
        self._last_request[host] = time.monotonic()


def read_feed(
    text: str,
    origin: str,
    *,
    published: date | None = None,
    fetcher: Fetcher | None = None,
    fetch_links: bool = False,
) -> Iterator[Article]:
    """Yield one Article per entry of an RSS or Atom feed.

    An entry's full content is used when the feed carries it; an entry with only a summary is
    fetched from its link when ``fetch_links`` (and a ``fetcher``) are given, else its summary is the
    text. Ids derive from the entry's link (as for a fetched URL), else its guid. A feed that does
    not parse, or has no entries, yields one Article with ``error``.
    """
    import feedparser

    # A str that looks like a URL would make feedparser fetch it: hand it bytes instead.
    feed = feedparser.parse(io.BytesIO(text.encode("utf-8")))
    if not feed.entries:
        problem = f"not a readable feed ({feed.bozo_exception})" if feed.bozo else "a feed without entries"
        yield failed(Path(origin).stem or "feed", origin, f"{origin}: {problem}; check the feed URL or file")
        return
    for number, entry in enumerate(feed.entries, start=1):
        yield _entry_article(entry, f"{origin}#{number}", published, fetcher if fetch_links else None)


def _entry_article(entry: Any, where: str, published: date | None, fetcher: Fetcher | None) -> Article:
    link = entry.get("link")
    article_id = url_id(link) if link else "feed-" + hashlib.sha1(str(entry.get("id", where)).encode()).hexdigest()[:16]
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    given: dict[str, Any] = {
        "title": entry.get("title"),
        "url": link,
        "date": datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc).date() if parsed else None,
    }
    contents = entry.get("content") or []
    if contents and contents[0].get("value", "").strip():
        return build(article_id, where, _fragment_text(contents[0]["value"]), "text", published, given)
    if fetcher is not None and link:
        try:
            page = fetcher.get(link)
        except FetchError as exc:
            return failed(article_id, link, str(exc))
        return build(article_id, link, _decode_page(page), "html", published, given | {"url": page.url})
    summary = _fragment_text(entry.get("summary", ""))
    if not summary.strip():
        return failed(article_id, where, f"{where}: entry has no content or summary; pass --fetch-links to fetch it")
    return build(article_id, where, summary, "text", published, given)


def _fragment_text(fragment: str) -> str:
    """Return the text of an HTML fragment (a feed's content), one line per paragraph."""
    import lxml.html

    if "<" not in fragment:
        return fragment.strip()
    marked = BLOCK_TAG.sub(lambda match: "\n" + match.group(), fragment)
    text = lxml.html.fragment_fromstring(marked, create_parent="div").text_content()
    return "\n".join(line for line in (" ".join(part.split()) for part in text.splitlines()) if line)


def _check_address(url: str, policy: FetchPolicy) -> None:
    """Raise FetchError unless ``url`` is http(s) and, under ``policy.public_only``, its host is public."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url!r:.80}: not an http(s) URL; give a full address such as https://...")
    if not policy.public_only:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or None)}
    except (OSError, UnicodeError):
        return  # an unknown host: the request itself fails with its own message
    for address in sorted(addresses):
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            raise FetchError(
                f"{url}: {parts.hostname} is a private, loopback or reserved address ({address}); "
                "only public addresses are fetched here"
            )


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to an address the policy allows (a public page may redirect to an internal one)."""

    def __init__(self, policy: FetchPolicy) -> None:
        self.policy = policy

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        _check_address(newurl, self.policy)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read_capped(response: Any, url: str, policy: FetchPolicy) -> bytes:
    """Read a response body in chunks; refuse it past ``max_bytes`` or past 3 timeouts in all (a trickling server)."""
    deadline = time.monotonic() + 3 * policy.timeout_s
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(READ_CHUNK_BYTES):
        size += len(chunk)
        if size > policy.max_bytes:
            raise FetchError(f"{url}: larger than the cap of {policy.max_bytes} bytes; not fetched")
        if time.monotonic() > deadline:
            raise FetchError(f"{url}: body still arriving after {3 * policy.timeout_s:g} s; given up")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode_page(page: Page) -> str:
    message = Message()
    message["Content-Type"] = page.content_type
    charset = message.get_content_charset()
    if charset:
        try:
            return page.body.decode(charset, errors="replace")
        except LookupError:  # an unknown charset name
            pass
    from trafilatura.utils import decode_file

    return decode_file(page.body)


def _retry_after(headers: Message) -> float:
    value = (headers.get("Retry-After") or "").strip()
    return float(value) if value.isdigit() else 0.0
