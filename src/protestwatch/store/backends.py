"""The two database backends of the store, SQLite and PostgreSQL: connections and every dialect difference.

The rest of the store writes portable SQL with ``?`` placeholders; what differs between the two databases
(placeholders, autoincrement keys, full-text search, great-circle distance, write locking, sequences after a
restore) lives here and nowhere else.
"""

from __future__ import annotations

import math
import re
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG); great-circle distances are good to about 0.5%
# A writer waits this long for another writer's transaction instead of failing with "database is locked".
BUSY_TIMEOUT_S = 60.0

# Below this many full-text matches a query fetches every match and sorts them (about 8 ms at 5,000 on a
# 1M-event store); from it on, it walks an index in the page's order testing rows against the matches
# (bench/store_speed.py, "free text" and "organizer"; re-run it after changing this).
FEW_TEXT_MATCHES = 5000
# Rows of each index that `PRAGMA optimize` samples when a connection closes: approximate statistics, cheap.
ANALYSIS_LIMIT_ROWS = 1000
# Words of a search: letters and digits (both full-text engines split on everything else, "_" included).
WORD = re.compile(r"[^\W_]+")


class Cursor(Protocol):
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


def great_circle_km(lat1: float | None, lon1: float | None, lat2: float, lon2: float) -> float | None:
    """Return the haversine distance in km between two points given in degrees; None if a coordinate is."""
    if lat1 is None or lon1 is None:
        return None
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    h = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


class Backend:
    """A connection in autocommit mode plus the SQL that differs between databases.

    ``transaction()`` opens a write transaction that excludes every other writer of the same store, so the
    incremental deduplication never sees half of another writer's article. Nested calls join the outer one.
    """

    name: str
    target: str
    # DDL of an integer primary key that numbers rows itself.
    serial_key: str
    errors: tuple[type[BaseException], ...]

    def __init__(self) -> None:
        self._depth = 0

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        raise NotImplementedError

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def _begin(self) -> None:
        raise NotImplementedError

    def stream(self, sql: str) -> Iterator[Sequence[Any]]:
        """Yield the rows of a query without holding them all in memory."""
        yield from self.execute(sql)

    def _commit(self) -> None:
        self.execute("COMMIT")

    def _rollback(self) -> None:
        self.execute("ROLLBACK")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._begin()
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self._rollback()
            raise
        self._depth = 0
        self._commit()

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Inside a transaction: undo what the block wrote if it raises, keeping what came before it."""
        self.execute("SAVEPOINT protestwatch_item")
        try:
            yield
        except BaseException:
            self.execute("ROLLBACK TO SAVEPOINT protestwatch_item")
            self.execute("RELEASE SAVEPOINT protestwatch_item")
            raise
        self.execute("RELEASE SAVEPOINT protestwatch_item")

    @contextmanager
    def pipeline(self) -> Iterator[None]:
        """Send statements without waiting for each one's answer until a result is read (PostgreSQL).

        For batches of writes: a round trip is paid only where the caller reads rows back. A database error
        may surface at a later statement than the one that caused it. SQLite has no round trips to save.
        """
        yield

    def text_search_ddl(self) -> list[str]:
        """Return the statements that index ``events.search`` and ``events.organizers`` for word queries."""
        raise NotImplementedError

    def sort_index_ddl(self) -> list[str]:
        """Return the statements of any index the newest-first sort needs beyond the portable ones."""
        return []

    def text_match(self, text: str, column: str = "search") -> tuple[str, list[Any]]:
        """Return a WHERE fragment and its parameters: events whose ``column`` holds every word of ``text``.

        Each word matches as a prefix, in any case ("counc" finds "Council"); a text without any word matches
        no event.
        """
        raise NotImplementedError

    def distance_km_sql(self, lat: float, lon: float) -> tuple[str, list[Any]]:
        """Return an SQL expression (and parameters) for the great-circle km from events.lat/lon to a point."""
        raise NotImplementedError

    def append_only_ddl(self, table: str) -> list[str]:
        """Return the statements that make ``table`` refuse UPDATE and DELETE."""
        raise NotImplementedError

    def day_difference_sql(self, later: str, earlier: str) -> str:
        """Return an SQL expression for the whole days between two ISO date columns (NULL if either is)."""
        raise NotImplementedError

    def refresh_statistics(self) -> None:
        """Refresh what the query planner knows of the tables (outside a transaction): after a bulk load."""
        raise NotImplementedError

    def after_restore(self, table: str, key: str) -> None:
        """Bring the autoincrement counter of ``table`` past the keys a restore inserted."""

    def table_names(self) -> set[str]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


class SQLiteBackend(Backend):
    """A SQLite file (or ":memory:") in WAL mode, with a busy timeout so concurrent writers queue."""

    name = "sqlite"
    serial_key = "INTEGER PRIMARY KEY AUTOINCREMENT"
    errors = (sqlite3.Error,)

    def __init__(self, path: str) -> None:
        super().__init__()
        self.target = path
        # Autocommit mode: transactions are opened explicitly (BEGIN IMMEDIATE), which the sqlite3 module's
        # implicit BEGIN would not do for DDL.
        self.connection = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        self.connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        self.connection.execute("PRAGMA foreign_keys = ON")
        if path not in (":memory:", ""):
            self._use_write_ahead_log()
            # In WAL mode NORMAL loses no committed transaction on a crash of the process, only on power loss.
            self.connection.execute("PRAGMA synchronous = NORMAL")
        self.connection.create_function("great_circle_km", 4, great_circle_km, deterministic=True)

    def _use_write_ahead_log(self) -> None:
        """Switch the file to WAL, which lets readers (the web app) read while one writer writes.

        The mode is stored in the file, so only the first opening switches it. Switching needs an exclusive
        lock, and SQLite answers "database is locked" at once, without waiting out the busy timeout, when
        another process opening the same new file holds a lock: so retry until the timeout.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                if self.connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self.connection.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        return self.connection.execute(sql, tuple(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.connection.executemany(sql, rows)

    def _begin(self) -> None:
        # IMMEDIATE takes the write lock now, so two writers queue (busy timeout) rather than deadlock later.
        self.execute("BEGIN IMMEDIATE")

    def text_search_ddl(self) -> list[str]:
        return [
            # External content: the index points at events.key, a stable integer (rowids may move on VACUUM).
            "CREATE VIRTUAL TABLE events_fts USING fts5(search, organizers, content='events', content_rowid='key')",
            "CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN "
            "INSERT INTO events_fts(rowid, search, organizers) VALUES (new.key, new.search, new.organizers); END",
            "CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN "
            "INSERT INTO events_fts(events_fts, rowid, search, organizers) "
            "VALUES ('delete', old.key, old.search, old.organizers); END",
            "CREATE TRIGGER events_fts_update AFTER UPDATE OF search, organizers ON events BEGIN "
            "INSERT INTO events_fts(events_fts, rowid, search, organizers) "
            "VALUES ('delete', old.key, old.search, old.organizers); "
            "INSERT INTO events_fts(rowid, search, organizers) VALUES (new.key, new.search, new.organizers); END",
        ]

    def text_match(self, text: str, column: str = "search") -> tuple[str, list[Any]]:
        # Each word quoted: FTS5 operators (AND, NEAR, *, :) typed by a user are plain words here.
        words = WORD.findall(text)
        if not words:
            return "1 = 0", []
        query = " AND ".join(f'{column} : "{word}" *' for word in words)
        # SQLite's planner cannot tell a rare word from a common one. Few matches: fetch them and sort. Many:
        # the "+" keeps the matches as a set to test rows against while an index is walked in the page's
        # order, which stops after a page (fetching 200,000 rows of a common word to sort them takes 250 ms).
        membership = "+events.key" if self._many_text_matches(words, column) else "events.key"
        return f"{membership} IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)", [query]

    def _many_text_matches(self, words: list[str], column: str) -> bool:
        """Return True if at least FEW_TEXT_MATCHES events hold every word (each word as a prefix)."""
        probe = "SELECT count(*) FROM (SELECT rowid FROM events_fts WHERE events_fts MATCH ? LIMIT ?)"
        # The words as whole words first: FTS5 reads a whole word's list lazily, but gathers a prefix's lists
        # in full (50 ms for a word in every event), so a common whole word settles it cheaply.
        for query in (
            " AND ".join(f'{column} : "{word}"' for word in words),
            " AND ".join(f'{column} : "{word}" *' for word in words),
        ):
            if self.execute(probe, [query, FEW_TEXT_MATCHES]).fetchone()[0] >= FEW_TEXT_MATCHES:
                return True
        return False

    def distance_km_sql(self, lat: float, lon: float) -> tuple[str, list[Any]]:
        return "great_circle_km(events.lat, events.lon, ?, ?)", [lat, lon]

    def append_only_ddl(self, table: str) -> list[str]:
        return [
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
        ]

    def day_difference_sql(self, later: str, earlier: str) -> str:
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"

    def refresh_statistics(self) -> None:
        self.execute("ANALYZE")

    def table_names(self) -> set[str]:
        return {row[0] for row in self.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def backup_to(self, path: str) -> None:
        """Copy the database, consistent while others write, with SQLite's online backup API."""
        target = sqlite3.connect(path)
        try:
            self.connection.backup(target)
        finally:
            target.close()

    def close(self) -> None:
        # SQLite's advice: let each connection refresh, as it closes, the planner statistics of the tables its
        # queries used when they are missing or stale. Without them SQLite picks the date index for a radius
        # filter at 1M events (48 ms a page instead of 11). analysis_limit keeps it to milliseconds; a store
        # another writer holds is left for a later close.
        try:
            self.connection.execute("PRAGMA busy_timeout = 50")
            self.connection.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT_ROWS}")
            self.connection.execute("PRAGMA optimize")
        except sqlite3.Error:
            pass
        self.connection.close()


@lru_cache(maxsize=512)
def _pyformat(sql: str) -> str:
    # psycopg takes %s placeholders, so a literal % must be doubled; our SQL has no "?" inside literals.
    return sql.replace("%", "%%").replace("?", "%s")


def _without_nul(params: Sequence[Any]) -> tuple[Any, ...]:
    # PostgreSQL text cannot hold NUL characters; SQLite can. Stored as U+FFFD, the replacement character, so
    # one stray NUL in an article does not lose the article (its content hash is of the original text).
    return tuple(
        value.replace("\x00", "\ufffd") if isinstance(value, str) and "\x00" in value else value for value in params
    )


class PostgresBackend(Backend):
    """A PostgreSQL database reached by a ``postgresql://`` URL (psycopg 3); writers take an advisory lock."""

    name = "postgresql"
    serial_key = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"

    def __init__(self, url: str) -> None:
        import psycopg

        super().__init__()
        self.target = url
        self.errors = (psycopg.Error,)
        self.connection = psycopg.connect(url, autocommit=True)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        if params:
            return self.connection.execute(_pyformat(sql), _without_nul(params))  # type: ignore[no-any-return]
        return self.connection.execute(sql)  # type: ignore[no-any-return]

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self.connection.cursor() as cursor:
                cursor.executemany(_pyformat(sql), [_without_nul(row) for row in rows])

    @contextmanager
    def pipeline(self) -> Iterator[None]:
        with self.connection.pipeline():
            yield

    def stream(self, sql: str) -> Iterator[Sequence[Any]]:
        # A server-side cursor (it needs a transaction): psycopg would otherwise fetch the whole result.
        with self.connection.transaction(), self.connection.cursor(name="protestwatch_stream") as cursor:
            cursor.itersize = 2000
            cursor.execute(sql)
            yield from cursor

    def _begin(self) -> None:
        self.execute("BEGIN")
        # One writer per schema at a time, as SQLite's BEGIN IMMEDIATE gives: deduplication reads candidates
        # and writes the merge in one step. The lock is released at COMMIT or ROLLBACK.
        self.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema()))")

    def text_search_ddl(self) -> list[str]:
        return [
            "ALTER TABLE events ADD COLUMN search_vector tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', coalesce(search, ''))) STORED",
            "CREATE INDEX events_search_vector ON events USING gin (search_vector)",
            "ALTER TABLE events ADD COLUMN organizers_vector tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', coalesce(organizers, ''))) STORED",
            "CREATE INDEX events_organizers_vector ON events USING gin (organizers_vector)",
        ]

    def sort_index_ddl(self) -> list[str]:
        # PostgreSQL reads an ascending index backwards as DESC NULLS FIRST; newest-first with unknown dates
        # last needs its own index. (SQLite's backward scan of events_date already gives that order.)
        return ["CREATE INDEX events_date_newest ON events (date_start DESC NULLS LAST, id DESC)"]

    def text_match(self, text: str, column: str = "search") -> tuple[str, list[Any]]:
        words = WORD.findall(text)
        if not words:
            return "1 = 0", []
        # Words are letters and digits only, so they cannot carry tsquery operators.
        return f"events.{column}_vector @@ to_tsquery('simple', ?)", [" & ".join(f"{word}:*" for word in words)]

    def distance_km_sql(self, lat: float, lon: float) -> tuple[str, list[Any]]:
        expression = (
            f"(2 * {EARTH_RADIUS_KM} * asin(least(1.0, sqrt("
            "power(sin(radians(? - events.lat) / 2), 2) + "
            "cos(radians(events.lat)) * cos(radians(?)) * power(sin(radians(? - events.lon) / 2), 2)))))"
        )
        return expression, [lat, lat, lon]

    def append_only_ddl(self, table: str) -> list[str]:
        return [
            "CREATE OR REPLACE FUNCTION protestwatch_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$",
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION protestwatch_append_only()",
        ]

    def day_difference_sql(self, later: str, earlier: str) -> str:
        return f"({later}::date - {earlier}::date)"

    def refresh_statistics(self) -> None:
        # VACUUM also marks the pages all-visible, which index-only scans of the covering indexes need;
        # autovacuum does both in time on a store that grows gradually.
        self.execute("VACUUM ANALYZE")

    def after_restore(self, table: str, key: str) -> None:
        self.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', '{key}'), coalesce(max({key}), 0) + 1, false) "
            f"FROM {table}"
        )

    def table_names(self) -> set[str]:
        return {
            row[0]
            for row in self.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            )
        }

    def close(self) -> None:
        self.connection.close()


def connect(target: str | Path) -> Backend:
    """Open the backend a target names: a ``postgresql://`` (or ``postgres://``) URL, else a SQLite path."""
    text = str(target)
    if text.startswith(("postgresql://", "postgres://")):
        return PostgresBackend(text)
    return SQLiteBackend(text)
