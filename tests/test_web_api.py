"""The REST API against the real app and a real SQLite store filled by the real extractor."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from protestwatch.cli import cli
from protestwatch.store import EventFilter, open_store
from protestwatch.web.app import WebConfig, create_app
from web_support import PASSWORDS, api_login, fill_store, free_port


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("web-api") / "events.db"
    fill_store(path)
    return str(path)


@pytest.fixture()
def fresh_db(tmp_path: Path) -> str:
    """A store of its own for tests that write, so the module's store stays as extracted."""
    path = tmp_path / "events.db"
    fill_store(path)
    return str(path)


@pytest.fixture()
def client(db_path: str) -> Iterator[TestClient]:
    with TestClient(create_app(WebConfig(db=db_path))) as test_client:
        yield test_client


@pytest.fixture()
def writer(fresh_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(WebConfig(db=fresh_db))) as test_client:
        yield test_client


def _store_events(db_path: str, event_filter: EventFilter) -> list[dict]:
    store = open_store(db_path)
    try:
        return store.query_events(event_filter, limit=None, sort="date")
    finally:
        store.close()


def _all_events(client: TestClient, **params: object) -> list[dict]:
    return client.get("/api/events", params={"limit": 1000, **params}).json()["events"]


# -- reading --------------------------------------------------------------------------------------------


def test_events_lists_what_the_store_holds(client: TestClient, db_path: str) -> None:
    stored = _store_events(db_path, EventFilter())
    assert stored, "the examples gave no event: the API tests would test nothing"
    body = client.get("/api/events", params={"limit": 1000}).json()
    assert body["total"] == len(stored)
    assert {event["id"] for event in body["events"]} == {event["id"] for event in stored}
    for event in body["events"]:
        assert {"form", "status", "date", "location", "size", "organizers", "confidence", "evidence"} <= set(event)


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_events_pages_cover_every_event_once(client: TestClient, limit: int) -> None:
    total = client.get("/api/events").json()["total"]
    seen: list[str] = []
    for offset in range(0, total, limit):
        page = client.get("/api/events", params={"limit": limit, "offset": offset, "sort": "date"}).json()
        assert page["total"] == total and len(page["events"]) <= limit
        seen += [event["id"] for event in page["events"]]
    assert sorted(seen) == sorted(event["id"] for event in _all_events(client))
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize("sort, reverse", [("date", False), ("-date", True), ("confidence", False)])
def test_events_sort(client: TestClient, sort: str, reverse: bool) -> None:
    events = _all_events(client, sort=sort)
    key = "confidence" if "confidence" in sort else "date"
    values = [event[key] if key == "confidence" else event["date"]["start"] for event in events]
    known = [value for value in values if value is not None]
    assert known == sorted(known, reverse=reverse)


def test_events_filter_by_each_country_returns_only_that_country(client: TestClient) -> None:
    countries = {(event["location"] or {}).get("country") for event in _all_events(client)} - {None}
    assert countries
    for country in countries:
        events = _all_events(client, country=country.lower())
        assert events and all(event["location"]["country"] == country for event in events)


def test_events_filter_by_date_keeps_overlapping_ranges(client: TestClient) -> None:
    dated = [event for event in _all_events(client) if event["date"]["start"]]
    day = dated[0]["date"]["start"]
    events = _all_events(client, date_from=day, date_to=day)
    assert dated[0]["id"] in {event["id"] for event in events}
    for event in events:
        assert event["date"]["start"] <= day <= (event["date"]["end"] or event["date"]["start"])


def test_events_filter_by_form_organizer_and_text(client: TestClient) -> None:
    events = _all_events(client)
    form = events[0]["form"]
    assert all(event["form"] == form for event in _all_events(client, form=form))
    organized = [event for event in events if event["organizers"]]
    if organized:
        name = organized[0]["organizers"][0]["name"]
        matching = _all_events(client, organizer=name[: max(3, len(name) // 2)].upper())
        assert organized[0]["id"] in {event["id"] for event in matching}
    place = next(event["location"]["name"] for event in events if event["location"] and event["location"]["name"])
    assert all(place in str(event) for event in _all_events(client, text=place))
    assert _all_events(client, text="zzqxunmatchedword") == []


@pytest.mark.parametrize(
    "params",
    [{"country": "Belgium"}, {"date_from": "2021-13-01"}, {"near": "50,4"}, {"bbox": "a,b,c,d"},
     {"limit": 5000}, {"offset": -1}, {"sort": "password"}, {"form": "party"}, {"status": "imagined"},
     {"min_confidence": 2}, {"date_from": "2021-09-22", "date_to": "2021-09-01"}, {"bbox": "200,0,10,10"},
     {"bbox": "0,50,10,40"}, {"near": "91,0,5"}, {"near": "0,0,-1"}, {"near": "nan,0,5"}],
)  # fmt: skip
def test_events_refuse_bad_filters_with_422_and_a_reason(client: TestClient, params: dict) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["ok"] is False and body["status"] == 422 and body["error"]


def test_events_near_and_bbox_select_by_coordinates(client: TestClient) -> None:
    located = [event for event in _all_events(client) if event["location"] and event["location"]["lat"] is not None]
    target = located[0]["location"]
    near = _all_events(client, near=f"{target['lat']},{target['lon']},10")
    assert located[0]["id"] in {event["id"] for event in near}
    bbox = f"{target['lon'] - 0.1},{target['lat'] - 0.1},{target['lon'] + 0.1},{target['lat'] + 0.1}"
    for event in _all_events(client, bbox=bbox):
        assert abs(event["location"]["lat"] - target["lat"]) <= 0.1


def test_geojson_has_one_point_per_located_event(client: TestClient) -> None:
    events = _all_events(client)
    located = {e["id"]: e["location"] for e in events if e["location"] and e["location"]["lat"] is not None}
    collection = client.get("/api/events.geojson").json()
    assert collection["type"] == "FeatureCollection"
    assert {feature["id"] for feature in collection["features"]} == set(located)
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert (lat, lon) == (located[feature["id"]]["lat"], located[feature["id"]]["lon"])


@pytest.mark.parametrize("bucket", ["day", "week"])
def test_counts_add_up_to_the_dated_events(client: TestClient, bucket: str) -> None:
    dated = [event for event in _all_events(client) if event["date"]["start"]]
    body = client.get("/api/counts", params={"bucket": bucket}).json()
    assert sum(row["count"] for row in body["counts"]) == len(dated)
    if bucket == "week":
        assert all(date.fromisoformat(row["period"]).weekday() == 0 for row in body["counts"])


def test_counts_follow_the_filters(client: TestClient) -> None:
    country = next(e["location"]["country"] for e in _all_events(client) if e["location"] and e["date"]["start"])
    expected = len([e for e in _all_events(client, country=country) if e["date"]["start"]])
    body = client.get("/api/counts", params={"country": country}).json()
    assert sum(row["count"] for row in body["counts"]) == expected


def test_event_has_every_mention_with_evidence_inside_its_article(client: TestClient) -> None:
    for summary in _all_events(client):
        event = client.get(f"/api/events/{summary['id']}").json()
        assert event["mentions"], summary["id"]
        for mention in event["mentions"]:
            article = client.get(f"/api/articles/{mention['article']['id']}").json()
            for item in mention["evidence"]:
                assert 0 <= item["start"] < item["end"] <= len(article["text"])
                assert article["text"][item["start"] : item["end"]] == item["text"]


def test_campaign_lists_its_events(client: TestClient) -> None:
    with_campaign = [event for event in _all_events(client) if event["campaign"]]
    if not with_campaign:
        pytest.skip("no example event belongs to a campaign")
    campaign = client.get(f"/api/campaigns/{with_campaign[0]['campaign']}").json()
    assert with_campaign[0]["id"] in campaign["event_ids"]


@pytest.mark.parametrize("path", ["/api/events/E0000", "/api/articles/none", "/api/campaigns/none~c9"])
def test_unknown_ids_are_404_in_the_error_shape(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error": response.json()["error"], "errors": [], "status": 404}


def test_openapi_schema_documents_the_api(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/events", "/api/events/{event_id}", "/api/events.geojson", "/api/counts", "/api/articles",
                 "/api/events/merge", "/api/events/{event_id}/accept", "/api/events/{event_id}/split"):  # fmt: skip
        assert path in paths
    assert "patch" in paths["/api/events/{event_id}"]


# -- review ---------------------------------------------------------------------------------------------


def test_coder_corrects_a_place_and_the_change_log_says_who(writer: TestClient) -> None:
    event_id = _all_events(writer)[0]["id"]
    csrf = api_login(writer, "cody")
    place = {"name": "Ghent", "country": "BE", "lat": 51.05, "lon": 3.72}
    response = writer.patch(f"/api/events/{event_id}", json={"location": place}, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 200
    assert response.json()["location"]["name"] == "Ghent"
    assert writer.get(f"/api/events/{event_id}").json()["location"]["lat"] == 51.05
    changes = writer.get("/api/changes", params={"event_id": event_id}).json()["changes"]
    assert changes[-1]["who"] == "cody" and changes[-1]["after"]["location"]["name"] == "Ghent"


@pytest.mark.parametrize(
    "place, expected",
    [
        ({"name": "Ghent", "country": "BE"}, ("BE", "city", (51.05, 3.72))),
        ({"name": "Paris", "admin1": "Texas"}, ("US", "city", (33.66, -95.56))),
        ({"name": "Munster", "country": "DE"}, ("DE", "city", (51.96, 7.63))),
        ({"name": "Bavaria"}, ("DE", "admin1", (48.9, 11.4))),  # a centroid of its cities: within 1.5 degrees
        ({"name": "Xyzzy Hollow", "country": "BE"}, ("BE", "unknown", None)),  # unknown: kept, no coordinates
    ],
)
def test_a_place_corrected_by_name_is_geocoded_on_the_server(
    writer: TestClient, place: dict, expected: tuple[str, str, tuple[float, float] | None]
) -> None:
    """The coder types a name (and maybe a region or country); the server finds its coordinates."""
    event_id = _all_events(writer)[0]["id"]
    csrf = api_login(writer, "cody")
    response = writer.patch(f"/api/events/{event_id}", json={"location": place}, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 200, response.text
    location = response.json()["location"]
    country, precision, point = expected
    assert (location["name"], location["country"], location["precision"]) == (place["name"], country, precision)
    if point is None:
        assert location["lat"] is None and location["lon"] is None
    else:
        tolerance = 1.5 if precision == "admin1" else 0.1
        assert abs(location["lat"] - point[0]) < tolerance and abs(location["lon"] - point[1]) < tolerance


@pytest.mark.parametrize("action, state", [("accept", "accepted"), ("reject", "rejected")])
def test_accept_and_reject_set_the_review_state(writer: TestClient, action: str, state: str) -> None:
    event_id = _all_events(writer)[0]["id"]
    csrf = api_login(writer, "cody")
    assert writer.post(f"/api/events/{event_id}/{action}", headers={"X-CSRF-Token": csrf}).status_code == 200
    assert writer.get(f"/api/events/{event_id}").json()["review"] == state
    assert event_id in {event["id"] for event in _all_events(writer, review=state)}


def test_merge_then_split_restores_two_events(writer: TestClient) -> None:
    first, second = (event["id"] for event in _all_events(writer)[:2])
    csrf = api_login(writer, "cody")
    headers = {"X-CSRF-Token": csrf}
    merged = writer.post("/api/events/merge", json={"ids": [first, second], "reason": "same rally"}, headers=headers)
    assert merged.status_code == 200 and merged.json()["event"] == first
    assert writer.get(f"/api/events/{second}").status_code == 404
    mentions = [mention["id"] for mention in writer.get(f"/api/events/{first}").json()["mentions"]]
    assert len(mentions) >= 2
    split = writer.post(f"/api/events/{first}/split", json={"mentions": mentions[-1:]}, headers=headers)
    assert split.status_code == 200
    new_id = split.json()["new_event"]
    assert [m["id"] for m in writer.get(f"/api/events/{new_id}").json()["mentions"]] == mentions[-1:]


def test_bad_edit_is_refused_and_changes_nothing(writer: TestClient) -> None:
    event = _all_events(writer)[0]
    csrf = api_login(writer, "cody")
    response = writer.patch(f"/api/events/{event['id']}", json={"form": "party"}, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 422
    assert writer.get(f"/api/events/{event['id']}").json()["form"] == event["form"]


# -- ingest ---------------------------------------------------------------------------------------------


def test_ingest_text_stores_its_events(writer: TestClient) -> None:
    csrf = api_login(writer, "cody")
    text = "On Saturday, 2,000 nurses marched in Lyon against hospital closures, the CGT union said."
    response = writer.post(
        "/api/articles",
        json={"articles": [{"id": "lyon-1", "text": text, "published": "2022-03-14"}, {"text": "   "}]},
        headers={"X-CSRF-Token": csrf},
    )
    assert response.status_code == 200
    results = {result["id"]: result for result in response.json()["articles"]}
    assert results["lyon-1"]["error"] is None and results["lyon-1"]["mentions"]
    assert response.json()["ok"] is False  # the blank article failed; the other one was stored anyway
    assert [r["error"] for r in results.values() if r["id"] != "lyon-1"][0]
    events = _all_events(writer, text="Lyon")
    assert any(source["article"] == "lyon-1" for event in events for source in event["sources"])
    # The same id with another text is refused for that article only; the batch goes on.
    again = writer.post(
        "/api/articles",
        json={"articles": [{"id": "lyon-1", "text": text + " More later."}, {"id": "nice-1", "text": text}]},
        headers={"X-CSRF-Token": csrf},
    ).json()["articles"]
    assert "already stored" in again[0]["error"] and again[0]["stored"] is False
    assert again[1]["error"] is None


class _Pages(http.server.BaseHTTPRequestHandler):
    PAGE = (
        b"<html><head><title>Rally in Porto</title></head><body><article><h1>Rally in Porto</h1>"
        b"<p>On Sunday, 500 teachers rallied in Porto against pay cuts, the Fenprof union said.</p>"
        b"<p>They demanded a new contract.</p></article></body></html>"
    )
    requested: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 -- the http.server API
        self.requested.append(self.path)
        if self.path != "/porto.html":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(self.PAGE)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def local_site() -> Iterator[str]:
    """A web server on 127.0.0.1 with /porto.html (and a 404 for the rest); yields its base URL."""
    _Pages.requested = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _post_urls(client: TestClient, urls: list[str]) -> list[dict]:
    token = client.post("/api/token", json={"name": "cody", "password": PASSWORDS["cody"]}).json()["token"]
    response = client.post("/api/articles", json={"urls": urls}, headers={"Authorization": f"Bearer {token}"})
    return response.json()["articles"]


def test_ingest_urls_fetches_from_a_local_server_when_allowed(fresh_db: str, local_site: str) -> None:
    with TestClient(create_app(WebConfig(db=fresh_db, allow_private_urls=True))) as writer:
        results = _post_urls(writer, [f"{local_site}/porto.html", f"{local_site}/missing.html", "file:///etc/passwd"])
        assert [bool(result["error"]) for result in results] == [False, True, True]
        assert results[0]["mentions"]
        assert "404" in results[1]["error"]
        assert "http(s)" in results[2]["error"]
        assert any(event["location"]["name"] == "Porto" for event in _all_events(writer, text="Porto"))


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "10.1.2.3", "169.254.169.254"])
def test_ingest_urls_refuses_private_addresses_by_default(writer: TestClient, local_site: str, host: str) -> None:
    """A coder must not make the server fetch from its own network (cloud metadata, admin pages)."""
    port = local_site.rsplit(":", 1)[1]
    [result] = _post_urls(writer, [f"http://{host}:{port}/porto.html"])
    assert "private, loopback or reserved address" in result["error"] and result["stored"] is True
    assert _Pages.requested == []  # nothing was fetched, not even robots.txt
    assert _all_events(writer, text="Porto") == []


def test_ingest_needs_something_to_ingest(writer: TestClient) -> None:
    csrf = api_login(writer, "cody")
    response = writer.post("/api/articles", json={}, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 422


# -- users ----------------------------------------------------------------------------------------------


def test_admin_adds_a_user_who_can_then_log_in(writer: TestClient) -> None:
    headers = {"X-CSRF-Token": api_login(writer, "ada")}
    zoe = {"name": "zoe", "password": "zoe-password-1", "role": "coder"}
    assert writer.post("/api/users", json=zoe, headers=headers).status_code == 201
    again = writer.post("/api/users", json={**zoe, "password": "zoe-password-2"}, headers=headers)
    assert again.status_code == 409
    names = {user["name"]: user["role"] for user in writer.get("/api/users").json()["users"]}
    assert names["zoe"] == "coder"
    writer.cookies.clear()
    assert writer.post("/api/login", json={"name": "zoe", "password": "zoe-password-1"}).json()["role"] == "coder"


def test_me_tells_who_is_logged_in(client: TestClient) -> None:
    assert client.get("/api/me").json() == {"user": None, "role": None}
    api_login(client, "vera")
    assert client.get("/api/me").json() == {"user": "vera", "role": "viewer"}


# -- the serve command ----------------------------------------------------------------------------------


def test_serve_command_answers_on_loopback(db_path: str) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "protestwatch", "serve", "--db", db_path, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/events", params={"limit": 1}, timeout=1)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        assert response.status_code == 200 and response.json()["total"] > 0
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_command_refuses_a_bad_tiles_url(db_path: str) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", db_path, "--tiles", "javascript:alert(1)"])
    assert result.exit_code == 1 and "not an http(s) URL" in result.output


def test_api_docs_work_offline_from_the_bundled_swagger_ui(client: TestClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert "/vendor/swagger-ui/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower()
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert client.get(f"/vendor/swagger-ui/{asset}").status_code == 200
