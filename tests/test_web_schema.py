"""The REST API fuzzed from its own OpenAPI schema, and user-entered values attacking the pages (issue 9).

tests/test_web_security.py fuzzes every operation once, as an admin, with valid data. This adds what that
leaves out: invalid data (schemathesis' negative mode), anonymous and viewer callers, ingest of posted
texts, and request bodies aimed at events that exist (generated ids almost never exist, so the write
paths behind the 404 would go untested). Then values a coder types in (corrections, merge reasons) and
article URLs posted through the API are shown on every page without a live link or a running script.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance

from protestwatch.web.app import WebConfig, create_app
from web_support import HOSTILE_ID, PASSWORDS, api_login, fill_store

EXAMPLES_PER_OPERATION = 8
# Logout would end the session the other operations run under; URL ingest would fetch from the internet.
EXCLUDED = (("POST", "/api/logout"),)
ID_PARAMETERS = {"event_id", "article_id", "campaign_id"}


@pytest.fixture(scope="module")
def filled_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the examples and the hostile article, filled once; tests change only copies of it."""
    path = tmp_path_factory.mktemp("web-schema") / "filled.db"
    fill_store(path)
    return path


@pytest.fixture
def db_path(filled_store: Path, tmp_path: Path) -> str:
    copy = tmp_path / "events.db"
    shutil.copy(filled_store, copy)
    return str(copy)


@pytest.fixture
def client(db_path: str) -> Iterator[TestClient]:
    with TestClient(create_app(WebConfig(db=db_path))) as test_client:
        yield test_client


def bearer(client: TestClient, user: str | None) -> dict[str, str]:
    """Return the Authorization header of ``user`` (none for an anonymous caller)."""
    if user is None:
        return {}
    token = client.post("/api/token", json={"name": user, "password": PASSWORDS[user]}).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def without_urls(case: Any) -> None:
    """Keep ingest to posted texts: a generated URL would make the server fetch from the internet."""
    if isinstance(case.body, dict) and "urls" in case.body:
        case.body["urls"] = []


def fuzz(
    app: Any, headers: dict[str, str], mode: GenerationMode, path_parameters: dict[str, str] | None = None
) -> list[str]:
    """Run every operation of the schema with generated requests; return the failures found (status and request)."""
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    for method, path in EXCLUDED:
        schema = schema.exclude(method=method, path=path)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        wanted = {parameter.name for parameter in operation.path_parameters}
        if path_parameters is not None and not wanted & ID_PARAMETERS:
            continue
        fixed = {name: value for name, value in (path_parameters or {}).items() if name in wanted}
        try:
            fuzz_operation(operation, mode, fixed, headers, failures)
        except Unsatisfiable:  # negative mode has nothing to break in an operation without parameters
            continue
    return failures


def fuzz_operation(
    operation: Any, mode: GenerationMode, fixed: dict[str, str], headers: dict[str, str], failures: list[str]
) -> None:
    """Call one operation with EXAMPLES_PER_OPERATION generated requests; append what fails to ``failures``."""

    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=fixed or None))
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    def call(case: Any) -> None:
        without_urls(case)
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
        except BaseException as error:  # schemathesis raises a group of failures (a BaseExceptionGroup)
            failures.append(f"{operation.label} [{mode.value}] -> {response.status_code}: {str(error)[:300]}")

    call()


@pytest.mark.parametrize("user", [None, "vera", "ada"])
@pytest.mark.parametrize("mode", list(GenerationMode))
def test_schema_fuzzing_finds_no_server_error(db_path: str, user: str | None, mode: GenerationMode) -> None:
    app = create_app(WebConfig(db=db_path))
    with TestClient(app) as client:
        headers = bearer(client, user)
    assert fuzz(app, headers, mode) == []


@pytest.mark.parametrize("user", ["cody", "ada"])
def test_schema_fuzzing_of_existing_events_finds_no_server_error(db_path: str, user: str) -> None:
    app = create_app(WebConfig(db=db_path))
    with TestClient(app) as client:
        headers = bearer(client, user)
        events = client.get("/api/events", params={"limit": 1000, "status": ["occurred", "planned"]}).json()["events"]
    hostile = next(event for event in events if any(s["article"] == HOSTILE_ID for s in event["sources"]))
    fixed = {"event_id": hostile["id"], "article_id": HOSTILE_ID}
    assert fuzz(app, headers, GenerationMode.POSITIVE, fixed) == []
    # Whatever the fuzzer wrote, every event still reads back whole.
    with TestClient(app) as client:
        listed = client.get("/api/events", params={"limit": 1000}).json()["events"]
        for event in listed:
            assert client.get("/api/events/" + quote(event["id"], safe="")).status_code == 200, event["id"]


# -- values typed in by users, shown on the pages --------------------------------------------------------

HOSTILE_VALUES = {
    "link": '<a href="javascript:alert(11)">see</a>',
    "bare": "javascript:alert(12)",
    "spaced": " JaVa\tScRiPt:alert(13)",
    "handler": '"><img src=x onerror=alert(14)>',
    "script": "</span><script>alert(15)</script>",
}


class LiveContent(HTMLParser):
    """Collects what a browser would act on: on* attributes, javascript:/data: URLs, inline script, <img>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            url = "".join((value or "").split()).lower()  # browsers drop tabs and newlines inside a URL
            if name.startswith("on") or (
                name in ("href", "src", "action") and url.startswith(("javascript:", "data:"))
            ):
                self.found.append(f"<{tag} {name}={value!r}>")
        self.in_script = tag == "script" and not dict(attrs).get("src")
        if tag in ("img", "iframe", "object", "embed"):
            self.found.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False if tag == "script" else self.in_script

    def handle_data(self, data: str) -> None:
        if self.in_script and "alert" in data:
            self.found.append(f"inline script {data[:60]!r}")


def live_content(html: str) -> list[str]:
    parser = LiveContent()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("attack", sorted(HOSTILE_VALUES))
def test_values_typed_by_a_coder_never_become_live_on_the_pages(client: TestClient, attack: str) -> None:
    value = HOSTILE_VALUES[attack]
    csrf = api_login(client, "cody")
    headers = {"X-CSRF-Token": csrf}
    events = client.get("/api/events", params={"limit": 1000}).json()["events"]
    first, second = events[0]["id"], events[1]["id"]
    edit = {
        "location": {"name": value, "venue": value, "admin1": value},
        "organizers": [value],
        "targets": [value],
        "claims": [value, f"free the prisoners, {value}"],
    }
    response = client.patch("/api/events/" + quote(first, safe=""), json=edit, headers=headers)
    assert response.status_code == 200, response.text
    merged = client.post("/api/events/merge", json={"ids": [first, second], "reason": value}, headers=headers)
    assert merged.status_code == 200, merged.text
    posted = client.post(
        "/api/articles",
        json={
            "articles": [
                {
                    "id": f"typed-{attack}",
                    "text": f"Hundreds of nurses rallied in Ghent. {value}",
                    "url": value.strip(),
                    "title": value,
                }
            ]
        },  # fmt: skip
        headers=headers,
    )
    assert posted.status_code == 200, posted.text
    kept = merged.json()["event"]
    for page in ("/", "/review", "/events/" + quote(kept, safe=""), f"/?text={quote(value)}&organizer={quote(value)}"):
        html = client.get(page).text
        assert live_content(html) == [], page
    record = client.get("/api/events/" + quote(kept, safe="")).json()
    assert value.strip() in record["organizers"][0]["name"], "shown as text, not dropped"
