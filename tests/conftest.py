"""Shared fixtures: a fresh store on each backend (a SQLite file, and a PostgreSQL schema of its own).

PostgreSQL tests use the real server at PROTESTWATCH_TEST_POSTGRES (default
postgresql://postgres@127.0.0.1:5432/test), each in a new schema dropped afterwards. When the server cannot
be reached they are skipped, saying so, unless PROTESTWATCH_REQUIRE_POSTGRES=1 (CI) makes that a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest

from protestwatch.store import Store

POSTGRES_URL = os.environ.get("PROTESTWATCH_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgresql")


@cache
def postgres_problem() -> str | None:
    """Return why the test PostgreSQL server cannot be used, or None when it can."""
    try:
        import psycopg

        with psycopg.connect(POSTGRES_URL, connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except Exception as error:  # any failure to connect means the same thing here: no server to test against
        return f"{type(error).__name__}: {str(error).strip()}"
    return None


def require_postgres() -> None:
    """Skip the calling test when PostgreSQL is unreachable, or fail it when CI requires the server."""
    problem = postgres_problem()
    if problem is None:
        return
    message = f"PostgreSQL was not reachable at {POSTGRES_URL} ({problem})"
    if os.environ.get("PROTESTWATCH_REQUIRE_POSTGRES") == "1":
        pytest.fail(
            f"{message}, and PROTESTWATCH_REQUIRE_POSTGRES=1 requires it. Start it with "
            "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`.",
            pytrace=False,
        )
    pytest.skip(f"{message}; PostgreSQL store tests skipped (set PROTESTWATCH_REQUIRE_POSTGRES=1 to fail instead)")


@contextmanager
def postgres_schema() -> Iterator[str]:
    """Create a fresh schema on the test server; yield a URL whose search_path is that schema; drop it after."""
    import psycopg

    require_postgres()
    schema = f"pw_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")


@contextmanager
def store_target_of(backend: str, folder: Path) -> Iterator[str]:
    """Yield the target (SQLite path or PostgreSQL URL) of a new, empty store on ``backend``."""
    if backend == "postgresql":
        with postgres_schema() as url:
            yield url
    else:
        yield str(folder / f"store-{uuid.uuid4().hex[:8]}.db")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The name of each backend in turn: every store test runs against both."""
    return str(request.param)


@pytest.fixture
def store_target(backend: str, tmp_path: Path) -> Iterator[str]:
    """The target of a new, empty store on each backend."""
    with store_target_of(backend, tmp_path) as target:
        yield target


@pytest.fixture
def store(store_target: str) -> Iterator[Store]:
    """A new, empty store on each backend, closed afterwards."""
    with Store(store_target) as opened:
        yield opened
