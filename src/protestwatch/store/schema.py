"""Schema versions of the store: named migrations, applied in order once each and recorded in schema_migrations.

Append only: a schema change is a new function and a new entry in MIGRATIONS with the next version. Each
migration runs in one transaction (DDL is transactional in SQLite and PostgreSQL), so a failed one leaves no
half-built schema behind.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Protocol

from .backends import Backend

logger = logging.getLogger(__name__)


def now() -> str:
    """Return the current UTC time as ISO 8601 to the second: the store's timestamp format."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Executes(Protocol):
    """Anything with execute(sql): a Backend, or a bare sqlite3.Connection for the version-1 tables."""

    def execute(self, sql: str, /) -> Any: ...


def create_tables(connection: Executes) -> None:
    """Version 1: articles, per-article events, campaigns and rejections (the store before deduplication)."""
    statements = [
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL,
            url TEXT,
            title TEXT,
            source TEXT,
            published TEXT,
            published_basis TEXT NOT NULL,
            language TEXT NOT NULL,
            error TEXT,
            origin TEXT,
            text TEXT NOT NULL,
            added_at TEXT NOT NULL
        )""",
        "CREATE INDEX articles_url_hash ON articles(url, content_hash)",
        """CREATE TABLE events (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            form TEXT NOT NULL,
            status TEXT NOT NULL,
            date_start TEXT,
            date_end TEXT,
            date_precision TEXT,
            date_basis TEXT,
            location_name TEXT,
            country TEXT,
            admin1 TEXT,
            lat REAL,
            lon REAL,
            location_precision TEXT,
            venue TEXT,
            geonames_id INTEGER,
            size_low INTEGER,
            size_high INTEGER,
            campaign_id TEXT,
            confidence REAL,
            record TEXT NOT NULL
        )""",
        "CREATE INDEX events_date_start ON events(date_start)",
        "CREATE INDEX events_country ON events(country)",
        "CREATE INDEX events_article_id ON events(article_id)",
        """CREATE TABLE campaigns (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            stated_places INTEGER,
            text TEXT NOT NULL,
            record TEXT NOT NULL
        )""",
        "CREATE INDEX campaigns_article_id ON campaigns(article_id)",
        """CREATE TABLE rejections (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            stage TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL
        )""",
        "CREATE INDEX rejections_article_id ON rejections(article_id)",
    ]
    for statement in statements:
        connection.execute(statement)


# Tables of version 2 in the order a restore fills them (parents before children).
TABLES_V2 = (
    "sources",
    "articles",
    "campaigns",
    "rejections",
    "events",
    "mentions",
    "related_events",
    "changes",
    "change_events",
    "users",
)


def create_tables_v2(db: Backend) -> None:
    """Create the version-2 tables: articles, mentions, merged events, sources, links, change log and users."""
    serial = db.serial_key
    statements = [
        "CREATE TABLE sources (name TEXT PRIMARY KEY, first_seen TEXT NOT NULL)",
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            seq BIGINT NOT NULL UNIQUE,
            content_hash TEXT NOT NULL,
            url TEXT,
            title TEXT,
            source TEXT,
            outlet TEXT REFERENCES sources(name),
            published TEXT,
            published_basis TEXT NOT NULL,
            language TEXT NOT NULL,
            error TEXT,
            origin TEXT,
            text TEXT NOT NULL,
            added_at TEXT NOT NULL
        )""",
        # Looked up on every add() to skip an article already stored under another id.
        "CREATE INDEX articles_url_hash ON articles(url, content_hash)",
        """CREATE TABLE campaigns (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            stated_places INTEGER,
            text TEXT NOT NULL,
            record TEXT NOT NULL
        )""",
        "CREATE INDEX campaigns_article_id ON campaigns(article_id)",
        f"""CREATE TABLE rejections (
            id {serial},
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            stage TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL
        )""",
        "CREATE INDEX rejections_article_id ON rejections(article_id)",
        # The merged view: one row per real-world event, a column for every filter, the record as JSON.
        f"""CREATE TABLE events (
            key {serial},
            id TEXT NOT NULL UNIQUE,
            founder TEXT NOT NULL,
            form TEXT NOT NULL,
            status TEXT NOT NULL,
            date_start TEXT,
            date_end TEXT,
            date_precision TEXT,
            location_name TEXT,
            venue TEXT,
            admin1 TEXT,
            country TEXT,
            lat DOUBLE PRECISION,
            lon DOUBLE PRECISION,
            location_precision TEXT,
            size_low BIGINT,
            size_high BIGINT,
            organizers TEXT NOT NULL,
            search TEXT NOT NULL,
            campaign TEXT,
            confidence DOUBLE PRECISION NOT NULL,
            review TEXT NOT NULL,
            mention_count INTEGER NOT NULL,
            source_count INTEGER NOT NULL,
            overrides TEXT,
            record TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        # Serves date filters, candidate fetches and the (date, id) keyset paging of exports.
        "CREATE INDEX events_date ON events(date_start, id)",
        "CREATE INDEX events_country_date ON events(country, date_start)",
        "CREATE INDEX events_lat_lon ON events(lat, lon)",
        "CREATE INDEX events_confidence ON events(confidence)",
        # A mention is the Event one article reports; event_id says which merged event it feeds.
        """CREATE TABLE mentions (
            id TEXT PRIMARY KEY,
            seq BIGINT NOT NULL UNIQUE,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            event_id TEXT REFERENCES events(id),
            ordinal INTEGER NOT NULL,
            record TEXT NOT NULL
        )""",
        "CREATE INDEX mentions_article ON mentions(article_id)",
        "CREATE INDEX mentions_event ON mentions(event_id)",
        # Not one event but linked, e.g. a counter-protest; stored once, event_id < related_id.
        """CREATE TABLE related_events (
            event_id TEXT NOT NULL REFERENCES events(id),
            related_id TEXT NOT NULL REFERENCES events(id),
            reason TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (event_id, related_id)
        )""",
        "CREATE INDEX related_events_related ON related_events(related_id)",
        f"""CREATE TABLE changes (
            id {serial},
            at TEXT NOT NULL,
            who TEXT NOT NULL,
            action TEXT NOT NULL,
            event_ids TEXT NOT NULL,
            reason TEXT,
            before_json TEXT,
            after_json TEXT
        )""",
        # Which events a change touched, so one event's history is an index lookup.
        """CREATE TABLE change_events (
            event_id TEXT NOT NULL,
            change_id BIGINT NOT NULL REFERENCES changes(id),
            PRIMARY KEY (event_id, change_id)
        )""",
        """CREATE TABLE users (
            name TEXT PRIMARY KEY,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
    ]
    statements += db.text_search_ddl()
    statements += db.sort_index_ddl()
    statements += db.append_only_ddl("changes")
    for statement in statements:
        db.execute(statement)


def upgrade_to_merged_events(db: Backend) -> None:
    """Version 2: move a version-1 store forward: its events become mentions, merged through deduplication.

    The version-1 tables are renamed, the version-2 tables created, and every old article re-added in its
    original order (its stored events, not a new extraction), so merged event ids are the ones a fresh
    ingest of the same articles gives.
    """
    from .ingest import add_result

    for index in (
        "articles_url_hash",
        "events_date_start",
        "events_country",
        "events_article_id",
        "campaigns_article_id",
        "rejections_article_id",
    ):
        db.execute(f"DROP INDEX IF EXISTS {index}")
    for table in ("articles", "events", "campaigns", "rejections"):
        db.execute(f"ALTER TABLE {table} RENAME TO v1_{table}")
    create_tables_v2(db)
    # The articles are re-added by today's writer, which fills the columns of later versions too.
    add_query_indexes(db)
    # SQLite keeps insertion order in rowid; a version-1 store on PostgreSQL never held data before v2.
    article_order, row_order = ("rowid", "rowid") if db.name == "sqlite" else ("added_at, id", "id")
    from protestwatch.models import ExtractionResult

    from .records import ARTICLE_COLUMNS, article_from_row, campaign_from_dict, event_from_dict

    articles = db.execute(
        f"SELECT {ARTICLE_COLUMNS}, added_at FROM v1_articles ORDER BY {article_order}"
    ).fetchall()
    for row in articles:
        article = article_from_row(row)
        events = tuple(
            event_from_dict(json.loads(record))
            for (record,) in db.execute(
                f"SELECT record FROM v1_events WHERE article_id = ? ORDER BY {row_order}", [row[0]]
            )
        )
        campaigns = tuple(
            campaign_from_dict(json.loads(record))
            for (record,) in db.execute(
                f"SELECT record FROM v1_campaigns WHERE article_id = ? ORDER BY {row_order}", [row[0]]
            )
        )
        add_result(db, ExtractionResult(article=article, events=events, campaigns=campaigns), added_at=row[10])
    for table in ("rejections", "campaigns", "events", "articles"):
        db.execute(f"DROP TABLE v1_{table}")


# Columns every covering index of version 3 carries after its leading ones: the filters that are not free text,
# the sort keys and the tie-breaking id, so a filtered page or count is read from the index alone and only the
# page's own rows are fetched from the (wide) table.
COVERED_COLUMNS = (
    "date_start", "date_end", "status", "country", "form", "lat", "lon", "review", "confidence", "size_high",
    "source_count", "id",
)  # fmt: skip


def covering_index_ddl(name: str, leading: tuple[str, ...]) -> str:
    """Return CREATE INDEX ``name`` on events: the ``leading`` columns, then the rest of COVERED_COLUMNS."""
    columns = [*leading, *(column for column in COVERED_COLUMNS if column not in leading)]
    return f"CREATE INDEX IF NOT EXISTS {name} ON events ({', '.join(columns)})"


def add_query_indexes(db: Backend) -> None:
    """Version 3: covering indexes for filtered pages and counts, and each event's date span (see #6, #7).

    ``span_days`` (end - start, in days) bounds a date-range filter from below: an event overlapping
    [from, to] starts no earlier than from minus the longest span in the store, so a count or a sort by
    confidence scans that stretch of the date index instead of everything before ``to``. Re-runnable:
    version 2 runs it before re-adding a version-1 store's articles with today's writer.
    """
    cursor: Any = db.execute("SELECT * FROM events LIMIT 0")
    if "span_days" not in {column[0] for column in cursor.description}:
        db.execute("ALTER TABLE events ADD COLUMN span_days INTEGER")
        db.execute(f"UPDATE events SET span_days = {db.day_difference_sql('date_end', 'date_start')}")
    for index in ("events_country_date", "events_lat_lon"):
        db.execute(f"DROP INDEX IF EXISTS {index}")
    for statement in (
        "CREATE INDEX IF NOT EXISTS events_span ON events (span_days)",
        covering_index_ddl("events_when", ("date_start",)),
        covering_index_ddl("events_country_when", ("country", "date_start")),
        covering_index_ddl("events_where", ("lat", "lon", "date_start")),
    ):
        db.execute(statement)


def add_sessions(db: Backend) -> None:
    """Version 4: web sessions in the store, so a restart or a second server process keeps users logged in.

    A session is found by the SHA-256 digest of its token (the token itself is never stored); ``expires``
    is in seconds since the epoch.
    """
    db.execute(
        "CREATE TABLE sessions (token_digest TEXT PRIMARY KEY, csrf_token TEXT NOT NULL, "
        "user_name TEXT NOT NULL, expires BIGINT NOT NULL)"
    )
    db.execute("CREATE INDEX sessions_user ON sessions (user_name)")
    db.execute("CREATE INDEX sessions_expires ON sessions (expires)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Migration:
    """One schema change: applied once, in version order, and recorded in schema_migrations."""

    version: int
    name: str
    apply: Callable[[Backend], None]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(version=1, name="create_tables", apply=create_tables),
    Migration(version=2, name="merged_events", apply=upgrade_to_merged_events),
    Migration(version=3, name="query_indexes", apply=add_query_indexes),
    Migration(version=4, name="sessions", apply=add_sessions),
)


def schema_version(db: Backend) -> int:
    """Return the highest migration applied to this database (0 for an empty one)."""
    if "schema_migrations" not in db.table_names():
        return 0
    row = db.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return int(row[0] or 0)


def apply_migrations(db: Backend, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply the migrations not yet recorded, each in its own transaction; return the versions applied.

    Safe when several processes open a new store at once: each migration re-reads what is done inside its
    write transaction, which excludes the other writers.
    """
    if "schema_migrations" in db.table_names():
        # Most opens find the schema current; they need no write lock (which would wait for a busy writer).
        done = {row[0] for row in db.execute("SELECT version FROM schema_migrations")}
        if {migration.version for migration in migrations} <= done:
            return []
    applied: list[int] = []
    for migration in sorted(migrations, key=lambda item: item.version):
        with db.transaction():
            db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            done = db.execute("SELECT 1 FROM schema_migrations WHERE version = ?", [migration.version]).fetchone()
            if done is not None:
                continue
            migration.apply(db)
            db.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                [migration.version, migration.name, now()],
            )
        applied.append(migration.version)
        logger.info("applied migration %d %s to %s", migration.version, migration.name, db.name)
    return applied
