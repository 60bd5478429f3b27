"""Shared by the web tests: a real store filled by the real extractor, users of each role, and a live server."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import uvicorn

from protestwatch.api import default_extractor
from protestwatch.auth import hash_password
from protestwatch.ingest import read_inputs
from protestwatch.models import Article
from protestwatch.store import open_store
from protestwatch.web.app import WebConfig, create_app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles.jsonl"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PASSWORDS = {"vera": "viewer-pass-1", "cody": "coder-pass-1", "ada": "admin-pass-1"}
ROLES = {"vera": "viewer", "cody": "coder", "ada": "admin"}
# An article built to attack the pages: a script tag, an event-handler attribute and a javascript: link in
# the text, the title and the URL. It still reports a protest, so it has an event page of its own.
HOSTILE_ID = "hostile-1"
HOSTILE_TEXT = (
    "On Sunday, 300 students rallied in Ghent <script>alert(1)</script> against tuition fees. "
    'The organizers <img src=x onerror=alert(1)> said <a href="javascript:alert(1)">more marches</a> would follow.'
)
HOSTILE = Article(
    id=HOSTILE_ID,
    text=HOSTILE_TEXT,
    title='<script>alert("title")</script>Students <img src=x onerror=alert(2)> rally',
    url="javascript:alert(3)",
    published=date(2021, 9, 20),
    published_basis="user",
)


def fill_store(path: Path) -> list[str]:
    """Extract the examples and the hostile article into a new store at ``path``; add one user per role.

    Returns the ids of the articles stored.
    """
    extractor = default_extractor()
    articles = [*read_inputs([str(EXAMPLES)]), HOSTILE]
    store = open_store(str(path))
    try:
        for article in articles:
            store.add(extractor.extract(article))
        for name, password in PASSWORDS.items():
            store.add_user(name, hash_password(password), ROLES[name])
    finally:
        store.close()
    return [article.id for article in articles]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def live_server(config: WebConfig) -> Iterator[str]:
    """Run the app under uvicorn in a thread on a free loopback port; yield its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(config), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"uvicorn did not start on 127.0.0.1:{port}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def api_login(client, name: str) -> str:  # type: ignore[no-untyped-def]
    """Log ``client`` (a TestClient) in as ``name`` with the cookie; return the CSRF token for writes."""
    response = client.post("/api/login", json={"name": name, "password": PASSWORDS[name]})
    if response.status_code != 200:
        raise RuntimeError(f"login as {name} failed: {response.status_code} {response.text}")
    return str(response.json()["csrf_token"])


def dumps(value: object) -> str:
    return json.dumps(value, sort_keys=True)
