"""The pages in real headless Chromium (Debian's, driven by Playwright) against uvicorn on loopback.

Screenshots go to tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from protestwatch.web.app import WebConfig
from web_support import ARTIFACTS, HOSTILE_ID, PASSWORDS, fill_store, live_server

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("web-browser") / "events.db"
    fill_store(path)
    with live_server(WebConfig(db=str(path))) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
            "Install it with `apt-get install chromium` (`make test` does)."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    # Any alert/confirm/prompt means script from an article ran: record it and dismiss it.
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))  # type: ignore[attr-defined]
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: page.errors.append(str(error)))  # type: ignore[attr-defined]
    yield page
    context.close()


def _screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _events(base_url: str, **params: object) -> list[dict]:
    return httpx.get(f"{base_url}/api/events", params={"limit": 1000, **params}).json()["events"]


def _located(events: list[dict]) -> list[dict]:
    return [event for event in events if event["location"] and event["location"]["lat"] is not None]


def _login(page: Page, base_url: str, name: str) -> None:
    page.goto(f"{base_url}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORDS[name])
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#current-user")


def _loaded_summary(page: Page) -> dict[str, int]:
    page.wait_for_selector("#summary[data-mapped]")
    summary = page.locator("#summary")
    return {"total": int(summary.get_attribute("data-total")), "mapped": int(summary.get_attribute("data-mapped"))}


def _markers_on_map(page: Page, timeout_seconds: float = 15) -> int:
    """Return the events the map shows, once the count holds still: circles plus the numbers on clusters."""
    deadline = time.monotonic() + timeout_seconds
    previous = -1
    while True:
        circles = page.locator("path.leaflet-interactive").count()
        clustered = sum(int(text) for text in page.locator(".marker-cluster span").all_inner_texts())
        shown = circles + clustered
        if (shown == previous and shown > 0) or time.monotonic() > deadline:
            return shown
        previous = shown
        page.wait_for_timeout(500)


def test_map_shows_the_example_events(page: Page, base_url: str) -> None:
    located = _located(_events(base_url))
    assert located, "no example event has coordinates: the map would show nothing"
    page.goto(base_url + "/")
    shown = _loaded_summary(page)
    assert shown == {"total": len(_events(base_url)), "mapped": len(located)}
    # Every event is on the map: as a circle of its own or counted in a cluster's number (polled: the map
    # fits its bounds with an animation, and clusters settle after it).
    assert _markers_on_map(page) == len(located)
    # The offline world outline is drawn (Natural Earth countries: well over 100 shapes; fetched after load).
    expect(page.locator(".leaflet-overlay-pane path").nth(100)).to_be_attached()
    assert page.locator("#timeline .bar").count() >= 1
    _screenshot(page, "map")
    assert page.dialogs == [] and page.errors == []  # type: ignore[attr-defined]


def test_filter_changes_map_timeline_and_url(page: Page, base_url: str) -> None:
    events = _events(base_url)
    countries = sorted({event["location"]["country"] for event in _located(events) if event["location"]["country"]})
    country = min(countries, key=lambda code: len(_events(base_url, country=code)))
    expected = _events(base_url, country=country)
    page.goto(base_url + "/")
    before = _loaded_summary(page)
    bars_before = sorted(page.locator("#timeline .bar").evaluate_all("bars => bars.map(b => b.dataset.count)"))
    page.fill("input[name=country]", country)
    page.click("#filters button[type=submit]")
    # expect() polls without eval: the page's Content-Security-Policy forbids evaluating strings.
    expect(page.locator("#summary")).to_have_attribute("data-total", str(len(expected)))
    after = _loaded_summary(page)
    assert after["mapped"] == len(_located(expected)) and after != before
    counts = [int(n) for n in page.locator("#timeline .bar").evaluate_all("bars => bars.map(b => b.dataset.count)")]
    assert sum(counts) == len([event for event in expected if event["date"]["start"]])
    assert sorted(str(n) for n in counts) != bars_before or len(expected) == len(events)
    assert f"country={country}" in page.url
    _screenshot(page, "map-filtered")
    # The address alone gives the same view: it can be shared.
    page.goto(page.url)
    assert _loaded_summary(page) == after
    assert page.input_value("input[name=country]") == country


def test_event_page_highlights_the_evidence(page: Page, base_url: str) -> None:
    event = max(_events(base_url), key=lambda item: len(item["evidence"]))
    detail = httpx.get(f"{base_url}/api/events/{quote(event['id'], safe='')}").json()
    spans = {(item["start"], item["end"]) for mention in detail["mentions"] for item in mention["evidence"]}
    quoted = {item["text"] for mention in detail["mentions"] for item in mention["evidence"]}
    page.goto(f"{base_url}/events/{quote(event['id'], safe='')}")
    pieces = page.locator(".article-text mark.evidence").all_inner_texts()
    # Each span is marked: overlapping spans are cut into pieces, so there are at least as many pieces as
    # spans, and every piece lies inside a quoted span.
    assert spans and len(pieces) >= len(spans)
    assert all(any(piece in text for text in quoted) for piece in pieces)
    assert page.locator(".source").count() == len(detail["mentions"])
    _screenshot(page, "event")


def test_coder_logs_in_and_corrects_a_place(page: Page, base_url: str) -> None:
    event = _located(_events(base_url))[-1]
    _login(page, base_url, "cody")
    page.goto(f"{base_url}/events/{quote(event['id'], safe='')}")
    page.keyboard.press("e")  # the shortcut opens the place form
    page.wait_for_selector("#place-form:not([hidden])")
    page.fill("#place-form input[name=name]", "Antwerp")
    page.fill("#place-form input[name=country]", "BE")
    page.fill("#place-form input[name=lat]", "51.2194")
    page.fill("#place-form input[name=lon]", "4.4025")
    with page.expect_navigation():
        page.click("#place-form button[type=submit]")
    assert "Antwerp" in page.inner_text("#field-location")
    stored = httpx.get(f"{base_url}/api/events/{quote(event['id'], safe='')}").json()
    assert stored["location"]["name"] == "Antwerp" and stored["location"]["lat"] == 51.2194
    _screenshot(page, "event-corrected")


def test_viewer_cannot_correct_a_place(page: Page, base_url: str) -> None:
    event = _located(_events(base_url))[0]
    _login(page, base_url, "vera")
    page.goto(f"{base_url}/events/{quote(event['id'], safe='')}")
    assert page.locator("#edit-place").count() == 0
    # Even a hand-made request from the viewer's own page, with its CSRF token, is refused.
    status = page.evaluate(
        """async (id) => (await fetch('/api/events/' + encodeURIComponent(id), {
               method: 'PATCH', credentials: 'same-origin',
               headers: {'Content-Type': 'application/json',
                         'X-CSRF-Token': document.querySelector('meta[name=csrf-token]').content},
               body: JSON.stringify({location: {name: 'Nowhere'}})})).status""",
        event["id"],
    )
    assert status == 403
    assert httpx.get(f"{base_url}/api/events/{quote(event['id'], safe='')}").json()["location"]["name"] != "Nowhere"
    _screenshot(page, "event-viewer")


def test_hostile_article_never_runs_its_script(page: Page, base_url: str) -> None:
    hostile = [e for e in _events(base_url) if any(s["article"] == HOSTILE_ID for s in e["sources"])]
    assert hostile, "the hostile article gave no event: nothing would be tested"
    event_id = hostile[0]["id"]
    page.goto(f"{base_url}/events/{quote(event_id, safe='')}")
    text = page.inner_text(".article-text")
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text  # shown, as text
    assert page.locator(".article-text script, .article-text img, h3 img").count() == 0
    _screenshot(page, "event-hostile")
    page.goto(f"{base_url}/?text=%3Cscript%3Ealert(1)%3C/script%3E&organizer=%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E")
    _loaded_summary(page)
    _login(page, base_url, "cody")
    page.goto(f"{base_url}/review")
    page.wait_for_selector(".queue-item")
    page.locator(f".queue-item[data-event-id='{event_id}'] button[data-action=details]").click()
    page.wait_for_timeout(300)
    assert page.dialogs == []  # type: ignore[attr-defined]


def test_review_queue_keyboard_accepts_and_moves(page: Page, base_url: str) -> None:
    _login(page, base_url, "cody")
    page.goto(f"{base_url}/review")
    items = page.locator(".queue-item")
    assert items.count() >= 2
    confidences = [float(text) for text in page.locator(".queue-item .confidence").all_inner_texts()]
    assert confidences == sorted(confidences)  # least confident first
    first = items.nth(0).get_attribute("data-event-id")
    page.keyboard.press("j")
    page.keyboard.press("k")
    page.keyboard.press("a")
    page.wait_for_selector(".queue-item.accepted")
    assert httpx.get(f"{base_url}/api/events/{quote(first, safe='')}").json()["review"] == "accepted"
    assert "selected" in (items.nth(1).get_attribute("class") or "")
    page.keyboard.press("r")
    page.wait_for_selector(".queue-item.rejected")
    second = items.nth(1).get_attribute("data-event-id")
    assert httpx.get(f"{base_url}/api/events/{quote(second, safe='')}").json()["review"] == "rejected"
    _screenshot(page, "review")
    assert page.dialogs == [] and page.errors == []  # type: ignore[attr-defined]
