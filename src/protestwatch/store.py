"""The embedded store: ExtractionResults -> a SQLite file of articles, events, campaigns and rejections."""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any

from protestwatch.errors import StoreError
from protestwatch.models import (
    Actor,
    Article,
    Campaign,
    Claim,
    CrowdSize,
    DateRange,
    Event,
    Evidence,
    ExtractionResult,
    Place,
)

logger = logging.getLogger(__name__)

DEFAULT_PATH = "protestwatch.db"
# The stage written to `rejections` for an article that carries an error: Article.error does not say which
# stage failed, and the store only sees the finished result of `protestwatch extract`.
REJECTION_STAGE = "extract"


# -- migrations ---------------------------------------------------------------------------------------------


def create_tables(connection: sqlite3.Connection) -> None:
    """Create articles, events, campaigns and rejections with their indexes."""
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
        # Looked up on every add() to skip an article already stored under another id.
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


@dataclass(frozen=True, slots=True, kw_only=True)
class Migration:
    """One schema change: applied once, in version order, and recorded in schema_migrations."""

    version: int
    name: str
    apply: Callable[[sqlite3.Connection], None]


# Append only: a new schema change is a new function and a new entry with the next version.
MIGRATIONS: tuple[Migration, ...] = (Migration(version=1, name="create_tables", apply=create_tables),)


def apply_migrations(
    connection: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS
) -> list[int]:
    """Apply the migrations not yet recorded, each in its own transaction; return the versions applied.

    Expects a connection in autocommit mode (isolation_level=None), as Store opens it.
    """
    connection.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in connection.execute("SELECT version FROM schema_migrations")}
    applied: list[int] = []
    for migration in sorted(migrations, key=lambda item: item.version):
        if migration.version in done:
            continue
        # DDL is transactional in SQLite, so a failed migration leaves no half-built schema behind.
        connection.execute("BEGIN IMMEDIATE")
        try:
            migration.apply(connection)
            connection.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, _now()),
            )
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        applied.append(migration.version)
        logger.debug("applied migration %d %s", migration.version, migration.name)
    return applied


# -- records from their to_dict() shape ---------------------------------------------------------------------
# to_dict() drops the evidence spans of Place, DateRange, CrowdSize, Actor, Claim and Campaign; what is read
# back equals what was stored up to those spans (the `evidence` list of each event keeps the offsets).


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def place_from_dict(record: dict[str, Any]) -> Place:
    """Rebuild a Place from Place.to_dict()."""
    return Place(
        text=record["text"],
        name=record.get("name"),
        admin1=record.get("admin1"),
        country=record.get("country"),
        lat=record.get("lat"),
        lon=record.get("lon"),
        precision=record.get("precision", "unknown"),
        venue=record.get("venue"),
        geonames_id=record.get("geonames_id"),
    )


def date_range_from_dict(record: dict[str, Any]) -> DateRange:
    """Rebuild a DateRange from DateRange.to_dict()."""
    return DateRange(
        start=_date(record.get("start")),
        end=_date(record.get("end")),
        precision=record.get("precision", "unknown"),
        basis=record.get("basis", "none"),
        text=record.get("text"),
    )


def actor_from_dict(record: dict[str, Any]) -> Actor:
    """Rebuild an Actor from Actor.to_dict()."""
    return Actor(name=record["name"], aliases=tuple(record.get("aliases", ())))


def event_from_dict(record: dict[str, Any]) -> Event:
    """Rebuild an Event from Event.to_dict()."""
    location = record.get("location")
    size = record.get("size")
    return Event(
        id=record["id"],
        form=record["form"],
        status=record["status"],
        date=date_range_from_dict(record.get("date") or {}),
        location=place_from_dict(location) if location else None,
        size=CrowdSize(low=size["low"], high=size["high"], text=size["text"]) if size else None,
        organizers=tuple(actor_from_dict(item) for item in record.get("organizers", ())),
        participants=tuple(actor_from_dict(item) for item in record.get("participants", ())),
        targets=tuple(actor_from_dict(item) for item in record.get("targets", ())),
        claims=tuple(Claim(text=text) for text in record.get("claims", ())),
        issue_country=record.get("issue_country"),
        campaign=record.get("campaign"),
        confidence=record.get("confidence", 0.5),
        evidence=tuple(
            Evidence(field=item["field"], start=item["start"], end=item["end"])
            for item in record.get("evidence", ())
        ),
    )


def campaign_from_dict(record: dict[str, Any]) -> Campaign:
    """Rebuild a Campaign from Campaign.to_dict()."""
    return Campaign(
        id=record["id"],
        stated_places=record.get("stated_places"),
        events=tuple(record.get("events", ())),
        text=record["text"],
    )


# -- the store ----------------------------------------------------------------------------------------------


def content_hash(text: str) -> str:
    """Return the SHA-256 hex digest of an article's text: what makes two stored copies the same article."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """A SQLite file of every extracted article with its events, campaigns and rejections.

    Example:
        with Store("protestwatch.db") as store:
            store.add(result)
            print(store.counts())
    """

    def __init__(self, path: str | Path = DEFAULT_PATH) -> None:
        if not isinstance(path, (str, Path)):
            raise TypeError(f"Store path must be a str or Path, not {type(path).__name__}: {path!r}")
        self.path = str(path)
        try:
            # Autocommit mode: add() and the migrations open their own transactions explicitly, rather than
            # relying on the sqlite3 module's implicit BEGIN (which does not cover DDL).
            self._connection = sqlite3.connect(self.path, isolation_level=None)
            self._connection.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:" and self.path != "":
                # WAL lets `protestwatch serve` read while `extract` writes.
                self._connection.execute("PRAGMA journal_mode = WAL")
            apply_migrations(self._connection)
        except sqlite3.Error as error:
            raise StoreError(
                f"Could not open the store {self.path!r}: {error}. "
                "Check that the file is a ProtestWatch SQLite database and that its folder is writable, "
                "or pass another path with --db."
            ) from error

    # -- writing

    def add(self, result: ExtractionResult, *, replace: bool = False) -> bool:
        """Store one article with its events and campaigns; return True if anything was written.

        Adding an article again is a no-op: same id and same text, or same URL and same text (one article
        met under two ids). A stored article with an error, or any stored article when ``replace`` is True,
        is replaced by a new one of the same id and different text (a re-run of a fixed file). Any other
        article of a stored id with different text raises StoreError.
        """
        if not isinstance(result, ExtractionResult):
            raise TypeError(f"Store.add takes an ExtractionResult, not {type(result).__name__}")
        article = result.article
        digest = content_hash(article.text)
        connection = self._connection
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                written = self._add(result, digest, replace=replace)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            raise StoreError(
                f"Could not store article {article.id!r} in {self.path!r}: {error}. "
                "Check that no other process holds the database and that the disk is not full."
            ) from error
        return written

    def _add(self, result: ExtractionResult, digest: str, *, replace: bool) -> bool:
        article = result.article
        connection = self._connection
        stored = connection.execute(
            "SELECT content_hash, error FROM articles WHERE id = ?", (article.id,)
        ).fetchone()
        if stored is not None:
            stored_hash, stored_error = stored
            if stored_hash == digest:
                return False
            if stored_error is None and not replace:
                raise StoreError(
                    f"Article {article.id!r} is already stored with different text "
                    f"(hash {stored_hash[:12]}, new {digest[:12]}). "
                    "Pass replace=True (--replace) to overwrite it, or give the article another id."
                )
            # Cascades to its events, campaigns and rejections.
            connection.execute("DELETE FROM articles WHERE id = ?", (article.id,))
        elif article.url is not None:
            duplicate = connection.execute(
                "SELECT 1 FROM articles WHERE url = ? AND content_hash = ?", (article.url, digest)
            ).fetchone()
            if duplicate is not None:
                return False
        now = _now()
        connection.execute(
            "INSERT INTO articles (id, content_hash, url, title, source, published, published_basis, "
            "language, error, origin, text, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                digest,
                article.url,
                article.title,
                article.source,
                article.published.isoformat() if article.published else None,
                article.published_basis,
                article.language,
                article.error,
                article.origin,
                article.text,
                now,
            ),
        )
        connection.executemany(
            "INSERT INTO events (id, article_id, form, status, date_start, date_end, date_precision, "
            "date_basis, location_name, country, admin1, lat, lon, location_precision, venue, geonames_id, "
            "size_low, size_high, campaign_id, confidence, record) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [_event_row(article.id, event) for event in result.events],
        )
        connection.executemany(
            "INSERT INTO campaigns (id, article_id, stated_places, text, record) VALUES (?, ?, ?, ?, ?)",
            [
                (
                    campaign.id,
                    article.id,
                    campaign.stated_places,
                    campaign.text,
                    json.dumps(campaign.to_dict(), ensure_ascii=False),
                )
                for campaign in result.campaigns
            ],
        )
        if article.error is not None:
            connection.execute(
                "INSERT INTO rejections (article_id, stage, reason, at) VALUES (?, ?, ?, ?)",
                (article.id, REJECTION_STAGE, article.error, now),
            )
        return True

    # -- reading

    def has_article(self, article_id: str, text: str) -> bool:
        """Return True if this article, with this very text, is stored (so extracting it again is wasted)."""
        row = self._connection.execute(
            "SELECT 1 FROM articles WHERE id = ? AND content_hash = ?", (article_id, content_hash(text))
        ).fetchone()
        return row is not None

    def counts(self) -> dict[str, int]:
        """Return how many articles, events and campaigns are stored, and how many articles had an error."""
        connection = self._connection
        return {
            "articles": connection.execute("SELECT count(*) FROM articles").fetchone()[0],
            "events": connection.execute("SELECT count(*) FROM events").fetchone()[0],
            "campaigns": connection.execute("SELECT count(*) FROM campaigns").fetchone()[0],
            "errors": connection.execute("SELECT count(*) FROM articles WHERE error IS NOT NULL").fetchone()[
                0
            ],
        }

    def rejections(self) -> list[tuple[str, str, str]]:
        """Return (article_id, stage, reason) of every rejected article, oldest first."""
        return [
            (row[0], row[1], row[2])
            for row in self._connection.execute(
                "SELECT article_id, stage, reason FROM rejections ORDER BY rowid"
            )
        ]

    def results(self) -> Iterator[ExtractionResult]:
        """Yield every stored article as an ExtractionResult, in the order the articles were added.

        Spans are not stored, so the records come back without them; ``to_dict()`` is unchanged.
        """
        connection = self._connection
        # fetchall: the caller may add() between two items, which must not disturb this cursor.
        rows = connection.execute(
            "SELECT id, text, title, url, source, published, published_basis, language, error, origin "
            "FROM articles ORDER BY rowid"
        ).fetchall()
        for row in rows:
            article = Article(
                id=row[0],
                text=row[1],
                title=row[2],
                url=row[3],
                source=row[4],
                published=_date(row[5]),
                published_basis=row[6],
                language=row[7],
                error=row[8],
                origin=row[9],
            )
            events = tuple(
                event_from_dict(json.loads(record))
                for (record,) in connection.execute(
                    "SELECT record FROM events WHERE article_id = ? ORDER BY rowid", (article.id,)
                )
            )
            campaigns = tuple(
                campaign_from_dict(json.loads(record))
                for (record,) in connection.execute(
                    "SELECT record FROM campaigns WHERE article_id = ? ORDER BY rowid", (article.id,)
                )
            )
            yield ExtractionResult(article=article, events=events, campaigns=campaigns)

    # -- lifetime

    def close(self) -> None:
        """Close the database; the Store cannot be used afterwards."""
        self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _event_row(article_id: str, event: Event) -> tuple[Any, ...]:
    location = event.location
    size = event.size
    return (
        event.id,
        article_id,
        event.form,
        event.status,
        event.date.start.isoformat() if event.date.start else None,
        event.date.end.isoformat() if event.date.end else None,
        event.date.precision,
        event.date.basis,
        (location.name or location.text) if location else None,
        location.country if location else None,
        location.admin1 if location else None,
        location.lat if location else None,
        location.lon if location else None,
        location.precision if location else None,
        location.venue if location else None,
        location.geonames_id if location else None,
        size.low if size else None,
        size.high if size else None,
        event.campaign,
        event.confidence,
        json.dumps(event.to_dict(), ensure_ascii=False),
    )
