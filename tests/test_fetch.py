"""Tests of fetching over a real HTTP server on 127.0.0.1: robots.txt, timeouts, retries, delays, feeds."""

from __future__ import annotations

import threading
import time
import urllib.request
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from protestwatch.fetch import Fetcher, FetchError, FetchPolicy, url_id
from protestwatch.ingest import read_inputs

PAGE = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    "<p>Hundreds of nurses rallied outside the health ministry in Lisbon on Tuesday to demand higher pay, "
    "their union said.</p><p>The protest ended peacefully in the afternoon after speeches by union leaders "
    "and a minute of silence for colleagues who died during the pandemic.</p></article></body></html>"
)


def feed(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>News</title>
<item><title>Teachers strike</title><link>{base}/news/full.html</link>
<pubDate>Tue, 21 Sep 2021 10:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>Teachers went on strike in Porto on Monday.</p><p>Schools closed.</p>]]></content:encoded>
</item>
<item><title>Nurses rally</title><link>{base}/news/linked.html</link>
<pubDate>Wed, 22 Sep 2021 10:00:00 GMT</pubDate><description>Short teaser only.</description></item>
</channel></rss>"""


class Site(ThreadingHTTPServer):
    """A tiny news site: what each path answers, and a log of (path, User-Agent, time) for every request."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.log: list[tuple[str, str, float]] = []
        self.flaky_failures = 1


class Handler(BaseHTTPRequestHandler):
    server: Site

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        site = self.server
        site.log.append((self.path, self.headers.get("User-Agent", ""), time.monotonic()))
        if self.path == "/robots.txt":
            self._send(200, "text/plain", "User-agent: *\nDisallow: /private/\n")
        elif self.path == "/slow.html":
            time.sleep(1.5)
            self._send(200, "text/html", PAGE.format(title="Slow"))
        elif self.path == "/flaky.html":
            if site.flaky_failures > 0:
                site.flaky_failures -= 1
                self._send(500, "text/plain", "try again")
            else:
                self._send(200, "text/html", PAGE.format(title="Flaky then fine"))
        elif self.path == "/big.html":
            self._send(200, "text/html", PAGE.format(title="Big") + " " * 50_000)
        elif self.path == "/feed.xml":
            self._send(200, "application/rss+xml", feed(site.base))
        elif self.path.endswith(".html"):
            self._send(200, "text/html; charset=utf-8", PAGE.format(title=self.path.rsplit("/", 1)[-1]))
        else:
            self._send(404, "text/plain", "no such page")

    def _send(self, status: int, content_type: str, body: str) -> None:
        data = body.encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up on a slow page
            pass

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the http.server API)
        pass


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def fast_policy(**changes: float | bool) -> FetchPolicy:
    values = {"timeout_s": 0.5, "retries": 2, "backoff_s": 0.05, "host_delay_s": 0.0, "max_bytes": 20_000} | changes
    return FetchPolicy(**values)  # type: ignore[arg-type]


def test_fetch_reads_a_page_and_names_protestwatch(site):
    url = f"{site.base}/news/a.html"
    [article] = read_inputs([url], fetcher=Fetcher(fast_policy()))
    assert article.error is None
    assert (article.id, article.url, article.title) == (url_id(url), url, "a.html")
    assert "nurses rallied" in article.text
    assert [path for path, _, _ in site.log] == ["/robots.txt", "/news/a.html"]
    assert all("ProtestWatch" in agent for _, agent, _ in site.log)


@pytest.mark.parametrize(
    "path, message",
    [
        ("/private/secret.html", "disallowed by the site's robots.txt"),
        ("/slow.html", "timed out after 0.5 s"),
        ("/missing", "HTTP 404"),
        ("/big.html", "more than the cap of 20000"),
    ],
)
def test_fetch_failure_becomes_an_article_error(site, path, message):
    [article] = read_inputs([site.base + path], fetcher=Fetcher(fast_policy()))
    assert article.text == "" and message in article.error
    assert article.error.startswith(site.base + path)
    if path.startswith("/private/"):
        assert "/private/secret.html" not in [logged for logged, _, _ in site.log]


def test_fetch_retries_a_server_error_with_backoff(site):
    [article] = read_inputs([f"{site.base}/flaky.html"], fetcher=Fetcher(fast_policy()))
    assert (article.error, article.title) == (None, "Flaky then fine")
    attempts = [when for path, _, when in site.log if path == "/flaky.html"]
    assert len(attempts) == 2 and attempts[1] - attempts[0] >= 0.05


def test_fetch_gives_up_after_the_retries(site):
    site.flaky_failures = 10
    [article] = read_inputs([f"{site.base}/flaky.html"], fetcher=Fetcher(fast_policy(retries=1)))
    assert "HTTP 500" in article.error and "gave up after 2 tries" in article.error
    assert sum(path == "/flaky.html" for path, _, _ in site.log) == 2


def test_fetch_waits_between_requests_to_one_host(site, tmp_path):
    urls = tmp_path / "list.urls"
    urls.write_text(f"# news\n{site.base}/a.html\n\n{site.base}/b.html\nnot-a-url\n", encoding="utf-8")
    articles = list(read_inputs([], url_lists=[str(urls)], fetcher=Fetcher(fast_policy(host_delay_s=0.3))))
    assert [a.error is None for a in articles] == [True, True, False]
    assert "not an http(s) URL" in articles[2].error
    times = [when for _, _, when in site.log]
    assert len(times) == 3 and all(later - earlier >= 0.29 for earlier, later in zip(times, times[1:], strict=False))


@pytest.mark.parametrize("fetch_links", [False, True])
def test_fetch_reads_feed_entries_and_follows_links_on_request(site, fetch_links):
    fetcher = Fetcher(fast_policy())
    articles = list(read_inputs([f"{site.base}/feed.xml"], fetcher=fetcher, fetch_links=fetch_links))
    assert [a.title for a in articles] == ["Teachers strike", "Nurses rally"]
    full, teaser = articles
    assert full.text == "Teachers went on strike in Porto on Monday.\nSchools closed."
    assert (full.published, full.published_basis, full.id) == (date(2021, 9, 21), "metadata", url_id(full.url))
    fetched = "/news/linked.html" in [path for path, _, _ in site.log]
    assert fetched is fetch_links
    if fetch_links:
        assert "nurses rallied outside the health ministry" in teaser.text
    else:
        assert teaser.text == "Short teaser only."


def test_fetch_reads_a_feed_file_without_the_network(tmp_path):
    path = tmp_path / "news.rss"
    path.write_text(feed("https://news.invalid"), encoding="utf-8")
    articles = list(read_inputs([str(path)]))
    assert [a.url for a in articles] == ["https://news.invalid/news/full.html", "https://news.invalid/news/linked.html"]
    assert all(a.error is None for a in articles)


def test_fetch_unreachable_robots_means_nothing_is_fetched():
    # Port 9 (discard) on loopback refuses connections: robots.txt cannot be read, so the page is not fetched.
    [article] = read_inputs(["http://127.0.0.1:9/a.html"], fetcher=Fetcher(fast_policy(retries=0)))
    assert "robots.txt" in article.error


@pytest.mark.parametrize(
    "target", ["http://127.0.0.1:9/admin", "http://[::1]/", "http://192.168.0.1/", "file:///etc/passwd"]
)
def test_redirects_to_private_addresses_are_refused_when_public_only(target):
    """A public page may redirect to an internal one: the redirect is checked like the first URL."""
    from protestwatch.fetch import _CheckedRedirects

    request = urllib.request.Request("http://news.example.org/story")
    with pytest.raises(FetchError, match="private, loopback or reserved|not an http"):
        _CheckedRedirects(FetchPolicy(public_only=True)).redirect_request(request, None, 302, "Found", {}, target)


def test_public_only_refuses_loopback_before_any_request(site):
    [article] = read_inputs([f"{site.base}/story.html"], fetcher=Fetcher(fast_policy(public_only=True)))
    assert "private, loopback or reserved" in article.error
    assert site.log == []
