"""The web app under load on loopback: many readers while a coder writes, then its log searched for secrets.

`protestwatch serve` runs in a subprocess (uvicorn, its access log on) over a store of generated events.
A bounded number of concurrent requests read GET /api/events while one coder accepts and corrects events;
the run ends by itself, no request may fail, and the p95 latency is printed (pytest -s shows it). The
load is driven by the helpers of bench/api_speed.py, which measures throughput on larger stores.
"""

from __future__ import annotations

import asyncio
import importlib.util
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from protestwatch.auth import hash_password
from protestwatch.store import EventFilter, open_store
from protestwatch.web.security import SESSION_COOKIE

ADMIN = ("load-admin", "load-admin-Secret-77")
NEW_USER = ("load-newbie", "newbie-Secret-88")


def api_speed() -> ModuleType:
    """Import bench/api_speed.py (bench/ is not a package) for its store filler and load phase."""
    path = Path(__file__).resolve().parent.parent / "bench" / "api_speed.py"
    spec = importlib.util.spec_from_file_location("api_speed", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    """Start `protestwatch serve` on 127.0.0.1:``port``, its output in ``log``; return once it answers."""
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "protestwatch", "serve", "--db", str(db), "--port", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/me", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            raise RuntimeError(f"protestwatch serve did not start: {log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.2)


@pytest.mark.parametrize("events, clients, requests", [(2000, 24, 1200)])
def test_web_app_serves_concurrent_readers_while_a_coder_writes(
    tmp_path: Path, events: int, clients: int, requests: int
) -> None:
    bench = api_speed()
    db = tmp_path / "load.db"
    bench.fill(str(db), events)
    with open_store(str(db)) as store:
        store.add_user(ADMIN[0], hash_password(ADMIN[1]), "admin")
        countries = sorted({event["location"]["country"] for event in store.query_events(EventFilter(), limit=2000)})
    port = bench.free_port()
    log = tmp_path / "serve.log"
    server = start_server(db, port, log)
    try:
        phase = bench.Phase("readers + one coder")
        run = bench.run_phase(
            f"http://127.0.0.1:{port}", phase, clients=clients, requests=requests, countries=countries, write=True
        )
        asyncio.run(run)
        secrets = log_in_and_add_a_user(f"http://127.0.0.1:{port}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"\n{events} events, {clients} clients, {requests} requests\n{phase.line()}")
    assert phase.errors == {} and phase.write_errors == 0, phase.line()
    assert len(phase.latencies) == requests
    assert phase.writes, "the coder must write while the readers read"
    logged = log.read_text(errors="replace")
    assert "GET /api/events" in logged, "the access log is on, so the search below means something"
    for secret in secrets:
        assert secret not in logged


def log_in_and_add_a_user(base: str) -> list[str]:
    """Log in with a cookie and with a token, add a user, log out; return every secret that went over the wire."""
    with httpx.Client(base_url=base, timeout=30) as client:
        client.post("/api/login", json={"name": ADMIN[0], "password": "wrong-" + ADMIN[1]})
        login = client.post("/api/login", json={"name": ADMIN[0], "password": ADMIN[1]}).json()
        token = client.post("/api/token", json={"name": ADMIN[0], "password": ADMIN[1]}).json()["token"]
        created = client.post(
            "/api/users",
            json={"name": NEW_USER[0], "password": NEW_USER[1], "role": "viewer"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert created.status_code == 201, created.text
        cookie = client.cookies[SESSION_COOKIE]
        client.post("/api/logout", headers={"X-CSRF-Token": login["csrf_token"]})
    return [ADMIN[1], "wrong-" + ADMIN[1], NEW_USER[1], token, login["csrf_token"], cookie]
