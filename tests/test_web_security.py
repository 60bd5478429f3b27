"""The web app under attack: roles on every write endpoint, CSRF, login rate limits, injection, escaping."""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
import schemathesis
from click.testing import CliRunner
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from protestwatch.auth import (
    LoginLimiter,
    Sessions,
    check_user_name,
    csrf_matches,
    hash_password,
    role_allows,
    verify_password,
)
from protestwatch.cli import cli
from protestwatch.store import open_store
from protestwatch.web import api, pages
from protestwatch.web.app import MAX_BODY_BYTES, WebConfig, create_app
from protestwatch.web.highlight import highlight_evidence, safe_link
from protestwatch.web.security import require_admin, require_coder, require_viewer
from web_support import HOSTILE_ID, PASSWORDS, ROLES, api_login, fill_store

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Writes anyone may send: logging in. Everything else that writes must name a role (test below).
OPEN_WRITES = {("POST", "/api/login"), ("POST", "/api/token")}
ROLE_OF_DEPENDENCY = {require_viewer: "viewer", require_coder: "coder", require_admin: "admin"}
INJECTIONS = [
    "' OR '1'='1",
    "1; DROP TABLE events; --",
    '" OR ""="',
    "%' UNION SELECT name, password_hash FROM users --",
    "\\'; DELETE FROM users; --",
    "Robert'); DROP TABLE users;--",
    "NEAR(a b) OR * : ^ \"",
    "\x00",
    "1,2,3,4); DROP TABLE events; --",
]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("web-security") / "events.db"
    fill_store(path)
    return str(path)


@pytest.fixture()
def app(db_path: str):  # type: ignore[no-untyped-def]
    return create_app(WebConfig(db=db_path))


@pytest.fixture()
def client(app) -> TestClient:  # type: ignore[no-untyped-def]
    with TestClient(app) as test_client:
        yield test_client


def _path_for(route: APIRoute) -> str:
    # Fill path parameters with an id that exists nowhere: the role check must come before the lookup.
    return re.sub(r"\{[^}]+\}", "no-such-id", route.path)


def _needed_role(route: APIRoute) -> str | None:
    roles = [ROLE_OF_DEPENDENCY[dep.call] for dep in route.dependant.dependencies if dep.call in ROLE_OF_DEPENDENCY]
    return roles[0] if roles else None


def _all_routes(app) -> list[APIRoute]:  # type: ignore[no-untyped-def]
    """Every route of the app: its routers' (the API and the pages) and those declared on the app itself."""
    own = [route for route in app.routes if isinstance(route, APIRoute)]
    return [*api.router.routes, *pages.router.routes, *own]


def _write_routes(app) -> list[tuple[str, APIRoute]]:  # type: ignore[no-untyped-def]
    return [(method, route) for route in _all_routes(app) for method in sorted(route.methods & WRITE_METHODS)]


# -- roles ----------------------------------------------------------------------------------------------


def test_every_route_is_served_and_documented(app, client: TestClient) -> None:  # type: ignore[no-untyped-def]
    # The enumeration below must see what the app serves: each API route is in the OpenAPI schema.
    schema = client.get("/api/openapi.json").json()["paths"]
    for route in api.router.routes:
        for method in route.methods:
            assert method.lower() in schema[route.path], f"{method} {route.path} is not in the schema"
    documented = {(method.upper(), path) for path, operations in schema.items() for method in operations}
    assert documented <= {(method, route.path) for route in _all_routes(app) for method in route.methods}


def test_every_write_route_needs_a_role_that_may_write(app) -> None:  # type: ignore[no-untyped-def]
    routes = _write_routes(app)
    assert len(routes) >= 8  # ingest, edit, accept, reject, split, merge, logout, users
    for method, route in routes:
        if (method, route.path) in OPEN_WRITES:
            continue
        role = _needed_role(route)
        if route.path == "/api/logout":
            assert role == "viewer"
        else:
            assert role in ("coder", "admin"), f"{method} {route.path} writes without needing a coder or admin"


def test_every_write_route_refuses_anonymous_users(client: TestClient, app) -> None:  # type: ignore[no-untyped-def]
    for method, route in _write_routes(app):
        if (method, route.path) in OPEN_WRITES:
            continue
        response = client.request(method, _path_for(route), json={})
        assert response.status_code == 401, f"{method} {route.path}: {response.status_code}"
        assert response.json()["ok"] is False


@pytest.mark.parametrize("user", ["vera", "cody", "ada"])
def test_every_write_route_refuses_users_below_its_role(client: TestClient, app, user: str) -> None:  # type: ignore[no-untyped-def]
    csrf = api_login(client, user)
    for method, route in _write_routes(app):
        needed = _needed_role(route)
        if (method, route.path) in OPEN_WRITES or route.path == "/api/logout":
            continue
        response = client.request(method, _path_for(route), json={}, headers={"X-CSRF-Token": csrf})
        if role_allows(ROLES[user], needed or "admin"):
            # Allowed through: the request is then judged on its body and ids, never refused for the role.
            assert response.status_code not in (401, 403), f"{user} {method} {route.path}"
        else:
            assert response.status_code == 403, f"{user} {method} {route.path}: {response.status_code}"


def test_viewer_cannot_correct_an_event(client: TestClient, db_path: str) -> None:
    event_id = client.get("/api/events").json()["events"][0]["id"]
    csrf = api_login(client, "vera")
    response = client.patch(
        f"/api/events/{event_id}", json={"location": {"name": "Nowhere"}}, headers={"X-CSRF-Token": csrf}
    )
    assert response.status_code == 403
    assert client.get(f"/api/events/{event_id}").json()["location"]["name"] != "Nowhere"


def test_private_app_refuses_anonymous_reads(db_path: str) -> None:
    with TestClient(create_app(WebConfig(db=db_path, private=True))) as private:
        assert private.get("/api/events").status_code == 401
        assert private.get("/").status_code == 401
        page = private.get("/events/x", headers={"Accept": "text/html"}, follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"] == "/login?next=/events/x"
        api_login(private, "vera")
        assert private.get("/api/events").status_code == 200


def test_removed_session_token_is_refused(client: TestClient) -> None:
    token = client.post("/api/token", json={"name": "ada", "password": PASSWORDS["ada"]}).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/users", headers=headers).status_code == 200
    assert client.post("/api/logout", headers=headers).status_code == 200
    assert client.get("/api/users", headers=headers).status_code == 401


# -- CSRF -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("header", [None, "", "wrong-token"])
def test_cookie_write_without_the_csrf_token_is_refused(client: TestClient, header: str | None) -> None:
    event_id = client.get("/api/events").json()["events"][0]["id"]
    api_login(client, "cody")
    headers = {} if header is None else {"X-CSRF-Token": header}
    response = client.post(f"/api/events/{event_id}/accept", headers=headers)
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]


def test_cookie_write_with_the_csrf_token_and_bearer_write_without_it_pass(client: TestClient) -> None:
    event_id = client.get("/api/events").json()["events"][0]["id"]
    csrf = api_login(client, "cody")
    assert client.post(f"/api/events/{event_id}/accept", headers={"X-CSRF-Token": csrf}).status_code == 200
    token = client.post("/api/token", json={"name": "cody", "password": PASSWORDS["cody"]}).json()["token"]
    client.cookies.clear()
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.post(f"/api/events/{event_id}/accept", headers=bearer).status_code == 200


def test_session_cookie_is_httponly_and_samesite(client: TestClient) -> None:
    response = client.post("/api/login", json={"name": "vera", "password": PASSWORDS["vera"]})
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_login_with_a_form_body_is_refused(client: TestClient) -> None:
    # A cross-site HTML form can only send form or text bodies; login takes JSON only.
    response = client.post("/api/login", data={"name": "vera", "password": PASSWORDS["vera"]})
    assert response.status_code == 422
    assert "set-cookie" not in response.headers


# -- login rate limits ----------------------------------------------------------------------------------


def test_login_is_blocked_after_repeated_failures_even_with_the_right_password(client: TestClient) -> None:
    guesses = [client.post("/api/login", json={"name": "cody", "password": f"guess-{n}"}) for n in range(5)]
    statuses = [response.status_code for response in guesses]
    assert statuses == [401] * 5
    blocked = client.post("/api/login", json={"name": "cody", "password": PASSWORDS["cody"]})
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    # Another user is not locked out by guesses at cody.
    assert client.post("/api/login", json={"name": "vera", "password": PASSWORDS["vera"]}).status_code == 200


def test_login_is_blocked_per_address_across_user_names(client: TestClient) -> None:
    for number in range(20):
        client.post("/api/login", json={"name": f"nobody-{number}", "password": "wrong-password"})
    assert client.post("/api/login", json={"name": "ada", "password": PASSWORDS["ada"]}).status_code == 429


@pytest.mark.parametrize("per_user, window", [(3, 60.0)])
def test_login_limiter_counts_a_sliding_window(per_user: int, window: float) -> None:
    limiter = LoginLimiter(per_user=per_user, per_address=100, window_seconds=window)
    for _ in range(per_user):
        assert limiter.retry_after("Eve", "10.0.0.1") == 0
        limiter.record_failure("Eve", "10.0.0.1")
    assert 0 < limiter.retry_after("eve", "10.0.0.2") <= window  # user names are case-folded
    limiter.record_success("eve")
    assert limiter.retry_after("eve", "10.0.0.1") == 0


# -- secrets --------------------------------------------------------------------------------------------


def test_passwords_and_tokens_never_reach_the_log(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client.post("/api/login", json={"name": "ada", "password": "not-the-password"})
    response = client.post("/api/token", json={"name": "ada", "password": PASSWORDS["ada"]})
    token = response.json()["token"]
    client.get("/api/users", headers={"Authorization": f"Bearer {token}"})
    client.post(
        "/api/users",
        json={"name": "newbie", "password": "newbie-secret-9", "role": "viewer"},
        headers={"Authorization": f"Bearer {token}"},
    )
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in (PASSWORDS["ada"], "not-the-password", "newbie-secret-9", token):
        assert secret not in logged


def test_users_listing_never_shows_password_hashes(client: TestClient) -> None:
    token = client.post("/api/token", json={"name": "ada", "password": PASSWORDS["ada"]}).json()["token"]
    body = client.get("/api/users", headers={"Authorization": f"Bearer {token}"}).text
    assert "argon2" not in body and "password" not in body


@pytest.mark.parametrize("password", ["correct horse battery", "pässwörd-ünicode"])
def test_password_hash_verifies_only_the_password(password: str) -> None:
    stored = hash_password(password)
    assert stored.startswith("$argon2id$") and password not in stored
    assert verify_password(stored, password)
    assert not verify_password(stored, password + "x")
    assert not verify_password(None, password)
    assert not verify_password("not a hash", password)


@pytest.mark.parametrize("password", ["", "short"])
def test_short_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValueError, match="at least"):
        hash_password(password)


@pytest.mark.parametrize("name", ["", "a b", "<script>", "x" * 101, "robert'); drop"])
def test_unsafe_user_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="not allowed"):
        check_user_name(name)


def test_sessions_expire_and_revoke(db_path: str) -> None:
    with open_store(db_path) as store:
        sessions = Sessions(lambda: store, lifetime_seconds=-1)
        assert sessions.get(sessions.create("ada").token) is None
        sessions = Sessions(lambda: store)
        session = sessions.create("ada")
        assert sessions.get(session.token) == session
        assert csrf_matches(session, session.csrf_token) and not csrf_matches(session, session.token)
        assert store.get_session(session.token) is None  # only the token's digest is stored
        sessions.revoke(session.token)
        assert sessions.get(session.token) is None


def test_sessions_survive_a_restart_and_end_with_a_new_password(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "events.db"
    fill_store(path)
    with TestClient(create_app(WebConfig(db=str(path)))) as before:
        token = before.post("/api/token", json={"name": "cody", "password": PASSWORDS["cody"]}).json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(WebConfig(db=str(path)))) as after:  # a new process would read the same store
        assert after.get("/api/me", headers=bearer).json() == {"user": "cody", "role": "coder"}
        with open_store(path) as store:
            store.update_user("cody", password_hash=hash_password("a-new-password-1"))
        assert after.get("/api/me", headers=bearer).json() == {"user": None, "role": None}


# -- injection ------------------------------------------------------------------------------------------


def _filter_parameters(client: TestClient, path: str) -> list[str]:
    schema = client.get("/api/openapi.json").json()
    return [parameter["name"] for parameter in schema["paths"][path]["get"]["parameters"]]


@pytest.mark.parametrize("path", ["/api/events", "/api/events.geojson", "/api/counts"])
def test_injection_strings_through_every_filter_return_200_or_422(client: TestClient, db_path: str, path: str) -> None:
    store = open_store(db_path)
    try:
        events_before, users_before = store.count_events(_all()), len(store.list_users())
    finally:
        store.close()
    parameters = _filter_parameters(client, path)
    assert {"country", "organizer", "text", "date_from", "near", "bbox"} <= set(parameters)
    for parameter in parameters:
        for payload in INJECTIONS:
            response = client.get(path, params={parameter: payload})
            assert response.status_code in (200, 422), f"{parameter}={payload!r}: {response.status_code}"
            body = response.json()
            if response.status_code == 422:
                assert body["ok"] is False and body["status"] == 422
    store = open_store(db_path)
    try:
        assert store.count_events(_all()) == events_before
        assert len(store.list_users()) == users_before
    finally:
        store.close()


def _all():  # type: ignore[no-untyped-def]
    from protestwatch.store import EventFilter

    return EventFilter(status=None)


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_strings_as_ids_return_404(client: TestClient, payload: str) -> None:
    for prefix in ("/api/events/", "/api/articles/", "/api/campaigns/"):
        response = client.get(prefix + quote(payload, safe=""))
        assert response.status_code == 404, f"{prefix}{payload!r}"


# -- escaping -------------------------------------------------------------------------------------------


def _hostile_event_id(client: TestClient) -> str:
    events = client.get("/api/events", params={"limit": 1000}).json()["events"]
    matching = [event["id"] for event in events if any(s["article"] == HOSTILE_ID for s in event["sources"])]
    assert matching, "the hostile article produced no event: the escaping tests would test nothing"
    return matching[0]


class _ActiveContent(HTMLParser):
    """Collects what a browser would run: inline scripts, on* handler attributes, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                ("javascript:", "data:")
            ):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "script" and not dict(attrs).get("src"):
            self._in_script = True
        if tag in ("img", "iframe", "object", "embed"):
            self.found.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False if tag == "script" else self._in_script

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.found.append(f"inline script {data[:40]!r}")


def _assert_inert(html: str) -> None:
    parser = _ActiveContent()
    parser.feed(html)
    assert parser.found == []


def test_event_page_escapes_the_hostile_article(client: TestClient) -> None:
    event_id = _hostile_event_id(client)
    html = client.get(f"/events/{event_id}").text
    _assert_inert(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text, not dropped
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_review_page_escapes_the_hostile_article(client: TestClient) -> None:
    api_login(client, "cody")
    html = client.get("/review").text
    assert "queue-item" in html
    _assert_inert(html)


@pytest.mark.parametrize(
    "value", ['"><script>alert(1)</script>', "javascript:alert(1)", "<img src=x onerror=alert(1)>"]
)
def test_map_page_escapes_filter_values_from_the_url(client: TestClient, value: str) -> None:
    html = client.get("/", params={"text": value, "organizer": value}).text
    _assert_inert(html)


def test_pages_send_a_strict_content_security_policy(client: TestClient) -> None:
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize(
    "tiles, allowed",
    [("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
     ("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png", "http://127.0.0.1:8080")],
)  # fmt: skip
def test_a_configured_tile_server_is_the_only_other_image_source(db_path: str, tiles: str, allowed: str) -> None:
    with TestClient(create_app(WebConfig(db=db_path, tiles=tiles))) as client:
        response = client.get("/")
    image_sources = response.headers["content-security-policy"].split("img-src ")[1].split(";")[0].split()
    assert image_sources == ["'self'", "data:", allowed]
    assert f'data-tiles="{tiles}"' in response.text


@pytest.mark.parametrize(
    "text, evidence, expected",
    [
        ("Hi <b>x</b> there", [{"field": "size", "start": 3, "end": 11}],
         'Hi <mark class="evidence" data-fields="size" title="size">&lt;b&gt;x&lt;/b&gt;</mark> there'),
        ("abcdef", [{"field": "location", "start": 0, "end": 4}, {"field": "date", "start": 2, "end": 6}],
         '<mark class="evidence" data-fields="location" title="location">ab</mark>'
         '<mark class="evidence" data-fields="date location" title="date location">cd</mark>'
         '<mark class="evidence" data-fields="date" title="date">ef</mark>'),
        ("a&b", [{"field": "x", "start": -5, "end": 99}, {"field": "y", "start": "1", "end": 2}],
         '<mark class="evidence" data-fields="x" title="x">a&amp;b</mark>'),
        ("text", [{"field": '"><script>', "start": 0, "end": 4}],
         '<mark class="evidence" data-fields="&quot;&gt;&lt;script&gt;" title="&quot;&gt;&lt;script&gt;">text</mark>'),
    ],
)  # fmt: skip
def test_highlight_evidence_escapes_every_piece(text: str, evidence: list[dict[str, object]], expected: str) -> None:
    assert str(highlight_evidence(text, evidence)) == expected


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://news.example.org/a?b=1", "https://news.example.org/a?b=1"),
        ("javascript:alert(1)", None),
        (" JaVaScRiPt:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("//evil.example.org/x", None),
        ("https://example.org/a b", None),
        (None, None),
    ],
)
def test_safe_link_keeps_only_http_urls(url: str | None, expected: str | None) -> None:
    assert safe_link(url) == expected


# -- limits ---------------------------------------------------------------------------------------------


def test_oversized_request_bodies_are_refused(client: TestClient) -> None:
    token = client.post("/api/token", json={"name": "cody", "password": PASSWORDS["cody"]}).json()["token"]
    body = b'{"articles": [{"text": "' + b"x" * (MAX_BODY_BYTES + 10) + b'"}]}'
    response = client.post(
        "/api/articles",
        content=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["status"] == 413


def test_errors_have_one_shape_and_no_traceback(client: TestClient) -> None:
    for response in (
        client.get("/api/events/no-such-event"),
        client.get("/api/events", params={"limit": 0}),
        client.get("/api/events", params={"near": "91,0,5"}),
        client.post("/api/events/merge", json={"ids": ["a", "b"]}),
    ):
        body = response.json()
        assert set(body) == {"ok", "error", "errors", "status"}
        assert body["ok"] is False and body["status"] == response.status_code
        assert "Traceback" not in response.text


# -- the OpenAPI schema fuzzed (issue 9) ----------------------------------------------------------------


def test_no_request_from_the_schema_makes_a_server_error(db_path: str) -> None:
    app = create_app(WebConfig(db=db_path))
    # Not URL ingest: random URLs would make the server fetch from the internet. Not logout: it would end
    # the admin session the other operations run under.
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    schema = schema.exclude(path="/api/articles", method="POST").exclude(path="/api/logout")
    with TestClient(app) as client:
        token = client.post("/api/token", json={"name": "ada", "password": PASSWORDS["ada"]}).json()["token"]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def no_server_error(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error])

        no_server_error()


# -- the users command ----------------------------------------------------------------------------------


def test_users_add_hashes_the_password_and_never_prints_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "users.db")
    password = "s3cret-for-cli-test"
    result = CliRunner().invoke(cli, ["users", "add", "carol", "--role", "coder", "--password-stdin", "--db", db],
                                input=password + "\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert password not in result.output
    store = open_store(db)
    try:
        user = store.get_user("carol")
    finally:
        store.close()
    assert user["role"] == "coder" and verify_password(user["password_hash"], password)
    listed = CliRunner().invoke(cli, ["users", "list", "--db", db])
    assert listed.output.strip() == "carol\tcoder"


@pytest.mark.parametrize(
    "args, password, message",
    [(["users", "add", "dave"], "short", "at least 8"),
     (["users", "add", "bad name"], "long-enough-1", "not allowed"),
     (["users", "add", "erin", "--role", "owner"], "long-enough-1", "Invalid value for '--role'")],
)  # fmt: skip
def test_users_add_refuses_bad_input(tmp_path, args: list[str], password: str, message: str) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, [*args, "--password-stdin", "--db", str(tmp_path / "u.db")], input=password + "\n")
    assert result.exit_code != 0 and message in result.output
