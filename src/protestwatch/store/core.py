"""The Store: one object over either backend for writing, reading, reviewing, users and backups."""

from __future__ import annotations

import gzip
import itertools
import json
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from protestwatch import dedup
from protestwatch.errors import StoreError
from protestwatch.models import ExtractionResult

from . import ingest, query, review
from .backends import Backend, SQLiteBackend, connect
from .query import EventFilter
from .records import ARTICLE_COLUMNS, ROLES, article_from_row, campaign_from_dict, content_hash, event_from_dict
from .schema import MIGRATIONS, TABLES_V2, apply_migrations, now, schema_version

DEFAULT_PATH = "protestwatch.db"
# Articles per write transaction of add_many: long enough that commits stop dominating (PostgreSQL flushes
# its log at each), short enough that another writer (a coder in the web app) waits well under a second.
ADD_MANY_BATCH = 200
# A pair of events at least this close (dedup's score, 0..1) that dedup did not merge is shown as a
# suggested duplicate on the event page, for a reviewer to merge by hand or not.
SUGGESTED_DUPLICATE_SCORE = 0.6
# Order in which a dump lists each table's rows: insertion order where there is one.
DUMP_ORDER = {
    "sources": "name",
    "articles": "seq",
    "campaigns": "article_id, ordinal",
    "rejections": "id",
    "events": "key",
    "mentions": "seq",
    "related_events": "event_id, related_id",
    "changes": "id",
    "change_events": "change_id, event_id",
    "users": "name",
}
# Autoincrement keys to bring forward after a restore.
SERIAL_KEYS = {"rejections": "id", "events": "key", "changes": "id"}
# Columns the database computes itself (PostgreSQL's full-text vector); never dumped or restored.
COMPUTED_COLUMNS = {"search_vector", "organizers_vector"}
DUMP_FORMAT = "protestwatch-dump"
SQLITE_HEADER = b"SQLite format 3\x00"


def open_store(target: str | Path = DEFAULT_PATH) -> Store:
    """Open (creating and migrating as needed) the store at a SQLite path or a ``postgresql://`` URL."""
    return Store(target)


class Store:
    """Articles, their mentions, the merged events and their review history, in SQLite or PostgreSQL.

    Example:
        with open_store("protestwatch.db") as store:
            store.add(result)
            page = store.query_events(EventFilter(country="BE"), limit=20)
    """

    def __init__(self, target: str | Path = DEFAULT_PATH) -> None:
        if not isinstance(target, (str, Path)):
            raise TypeError(
                f"Store target must be a str path, Path or postgresql:// URL, not {type(target).__name__}: {target!r}"
            )
        self.target = str(target)
        try:
            self._db: Backend = connect(target)
        except Exception as error:
            raise StoreError(
                f"Could not open the store {_redacted(self.target)!r}: {error}. Check the path or URL given with --db "
                "(for PostgreSQL: is the server running, and does the database exist?)."
            ) from error
        with self._guard("open the store", "Check that it is a ProtestWatch database and that its folder is writable"):
            apply_migrations(self._db)

    @property
    def backend(self) -> str:
        """The backend's name: "sqlite" or "postgresql"."""
        return self._db.name

    @contextmanager
    def _guard(self, action: str, advice: str) -> Iterator[None]:
        try:
            yield
        except self._db.errors as error:
            raise StoreError(f"Could not {action} in {_redacted(self.target)!r}: {error}. {advice}.") from error

    @contextmanager
    def _write(self, action: str) -> Iterator[None]:
        advice = "Check that the disk is not full and that no other process holds a lock for long"
        with self._guard(action, advice), self._db.transaction():
            yield

    # -- writing

    def add(self, result: ExtractionResult, *, replace: bool = False) -> bool:
        """Store one article with its mentions and campaigns; return True if anything was written.

        Adding an article again is a no-op: same id and same text, or same URL and same text (one article met
        under two ids). Each dated mention joins the known event dedup says it reports, or starts one. A stored
        article with an error, or any stored article when ``replace`` is True, is replaced by a new text of the
        same id (its old mentions leave their events); any other article of a stored id with different text
        raises StoreError.
        """
        if not isinstance(result, ExtractionResult):
            raise TypeError(f"Store.add takes an ExtractionResult, not {type(result).__name__}")
        with self._write(f"store article {result.article.id!r}"):
            return ingest.add_result(self._db, result, replace=replace)

    def add_many(
        self, results: Iterable[ExtractionResult], *, replace: bool = False, batch_size: int = ADD_MANY_BATCH
    ) -> int:
        """Store many articles as ``add`` would one by one, in that order; return how many wrote anything.

        The same articles, mentions, merged events and ids as calling ``add`` for each, but one transaction
        per ``batch_size`` articles (other writers wait at most one batch) and fewer round trips. ``results``
        may be a stream; it is read a batch at a time. An article refused by ``add`` (a stored id with other
        text) raises StoreError after the articles before it are stored, as ``add`` one by one would.
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, not {batch_size}.")
        stored = 0
        batches = iter(results)
        while batch := list(itertools.islice(batches, batch_size)):
            outcomes = self._add_batch(batch, replace=replace, stop_at_refusal=True)
            stored += sum(outcome is True for outcome in outcomes)
            if isinstance(outcomes[-1], StoreError):
                raise outcomes[-1]
        return stored

    def add_each(self, results: Sequence[ExtractionResult], *, replace: bool = False) -> list[bool | StoreError]:
        """Store a batch as ``add`` would one by one, in one transaction; return each article's outcome.

        True or False as ``add`` returns it; an article ``add`` would refuse (a stored id with other text) gets
        its StoreError instead and is left out, and the others are stored: one refused article in a batch
        ingest loses nothing else.
        """
        return self._add_batch(list(results), replace=replace, stop_at_refusal=False) if results else []

    def _add_batch(
        self, batch: list[ExtractionResult], *, replace: bool, stop_at_refusal: bool
    ) -> list[bool | StoreError]:
        for result in batch:
            if not isinstance(result, ExtractionResult):
                raise TypeError(f"Store.add_many takes ExtractionResults, not {type(result).__name__}")
        outcomes: list[bool | StoreError] = []
        with self._write(f"store {len(batch)} articles from {batch[0].article.id!r}"), self._db.pipeline():
            for result in batch:
                try:
                    with self._db.savepoint():
                        outcomes.append(ingest.add_result(self._db, result, replace=replace))
                except StoreError as error:
                    outcomes.append(error)
                    if stop_at_refusal:
                        break
        return outcomes

    def optimize(self) -> None:
        """Refresh the query planner's statistics: worth it after a bulk load changed the store's size a lot."""
        with self._guard("refresh statistics", "Check that no other process holds a long lock"):
            self._db.refresh_statistics()

    # -- reading

    def has_article(self, article_id: str, text: str) -> bool:
        """Return True if this article, with this very text, is stored (so extracting it again is wasted)."""
        row = self._db.execute(
            "SELECT 1 FROM articles WHERE id = ? AND content_hash = ?", [article_id, content_hash(text)]
        ).fetchone()
        return row is not None

    def query_events(
        self, event_filter: EventFilter | None = None, *, limit: int | None = 50, offset: int = 0, sort: str = "-date"
    ) -> list[dict[str, Any]]:
        """Return a page of merged events: the record of EVENT_RECORD.md plus review, mentions and sources.

        ``sort`` is date, confidence, size or sources, with "-" for descending (default: newest first).
        """
        with self._guard("query events", "Check the filter values"):
            return query.query_events(self._db, event_filter or EventFilter(), limit=limit, offset=offset, sort=sort)

    def iter_events(self, event_filter: EventFilter | None = None, *, sort: str = "date") -> Iterator[dict[str, Any]]:
        """Yield every matching event (as query_events does) in pages, oldest first by default: for exports."""
        return query.iter_events(self._db, event_filter or EventFilter(), sort)

    def count_events(self, event_filter: EventFilter | None = None) -> int:
        """Return how many merged events match the filter."""
        return query.count_events(self._db, event_filter or EventFilter())

    def counts_over_time(self, event_filter: EventFilter | None = None, bucket: str = "day") -> list[tuple[str, int]]:
        """Return (first day of the bucket, number of events) per day, week, month or year, oldest first."""
        return query.counts_over_time(self._db, event_filter or EventFilter(), bucket)

    def event(self, event_id: str) -> dict[str, Any] | None:
        """Return one merged event with everything a reviewer needs, or None if there is no such event.

        Keys: the record's fields, ``review``, ``overrides`` (hand corrections), ``mentions`` (each with its
        article, record and evidence with the quoted text), ``sources``, ``related`` (linked events) and
        ``suggested`` (close events dedup did not merge).
        """
        db = self._db
        row = db.execute(
            "SELECT record, review, overrides, founder, created_at, updated_at FROM events WHERE id = ?", [event_id]
        ).fetchone()
        if row is None:
            return None
        record = json.loads(row[0])
        mentions = []
        for mention_id, mention_record, article_id, title, url, outlet, published, text in db.execute(
            "SELECT mentions.id, mentions.record, articles.id, articles.title, articles.url, articles.outlet, "
            "articles.published, articles.text FROM mentions JOIN articles ON articles.id = mentions.article_id "
            "WHERE mentions.event_id = ? ORDER BY mentions.seq",
            [event_id],
        ):
            reported = json.loads(mention_record)
            mentions.append(
                {
                    "id": mention_id,
                    "article": {"id": article_id, "title": title, "url": url, "source": outlet, "published": published},
                    "record": reported,
                    "evidence": [
                        {**item, "text": text[item["start"] : item["end"]]} for item in reported.get("evidence", ())
                    ],
                }
            )
        related = [
            {"id": other, "reason": reason}
            for other, reason in db.execute(
                "SELECT related_id, reason FROM related_events WHERE event_id = ? "
                "UNION SELECT event_id, reason FROM related_events WHERE related_id = ? ORDER BY 1",
                [event_id, event_id],
            )
        ]
        return {
            **record,
            "review": row[1],
            "overrides": json.loads(row[2]) if row[2] else {},
            "founder": row[3],
            "created_at": row[4],
            "updated_at": row[5],
            "mentions": mentions,
            "sources": [
                {**mention["article"], "name": mention["article"]["source"], "article": mention["article"]["id"]}
                for mention in mentions
            ],
            "related": related,
            "suggested": self._suggested(event_id, record, {item["id"] for item in related}),
        }

    def _suggested(self, event_id: str, record: dict[str, Any], related: set[str]) -> list[dict[str, Any]]:
        merged = event_from_dict(record)
        suggestions = []
        for other_id, other in ingest.candidates(self._db, merged, article_id=""):
            if other_id == event_id or other_id in related:
                continue
            match = dedup.compare(merged, other)
            if match.same or match.score >= SUGGESTED_DUPLICATE_SCORE:
                suggestions.append({"id": other_id, "score": match.score, "reason": match.reason})
        return sorted(suggestions, key=lambda item: -item["score"])

    def article(self, article_id: str) -> dict[str, Any] | None:
        """Return an article with its text, mentions (and the events they feed), campaigns and rejections."""
        db = self._db
        row = db.execute(
            "SELECT id, url, title, source, published, published_basis, language, error, origin, text, outlet, "
            "added_at FROM articles WHERE id = ?",
            [article_id],
        ).fetchone()
        if row is None:
            return None
        keys = (
            "id",
            "url",
            "title",
            "source",
            "published",
            "published_basis",
            "language",
            "error",
            "origin",
            "text",
            "outlet",
            "added_at",
        )
        return {
            **dict(zip(keys, row, strict=True)),
            "mentions": [
                {"id": mention_id, "event_id": event_id, "record": json.loads(record)}
                for mention_id, event_id, record in db.execute(
                    "SELECT id, event_id, record FROM mentions WHERE article_id = ? ORDER BY ordinal", [article_id]
                )
            ],
            "campaigns": [
                json.loads(record)
                for (record,) in db.execute(
                    "SELECT record FROM campaigns WHERE article_id = ? ORDER BY ordinal", [article_id]
                )
            ],
            "rejections": [
                {"stage": stage, "reason": reason, "at": at}
                for stage, reason, at in db.execute(
                    "SELECT stage, reason, at FROM rejections WHERE article_id = ? ORDER BY id", [article_id]
                )
            ],
        }

    def campaign(self, campaign_id: str) -> dict[str, Any] | None:
        """Return a campaign's record with its article and the merged events its mentions feed."""
        row = self._db.execute("SELECT record, article_id FROM campaigns WHERE id = ?", [campaign_id]).fetchone()
        if row is None:
            return None
        record = json.loads(row[0])
        event_ids: list[str] = []
        if record.get("events"):
            placeholders = ", ".join("?" for _ in record["events"])
            event_ids = [
                event_id
                for (event_id,) in self._db.execute(
                    f"SELECT DISTINCT event_id FROM mentions WHERE id IN ({placeholders}) AND event_id IS NOT NULL "
                    "ORDER BY event_id",
                    record["events"],
                )
            ]
        return {**record, "article_id": row[1], "event_ids": event_ids}

    def changes(self, event_id: str | None = None, *, limit: int | None = None) -> list[dict[str, Any]]:
        """Return change-log rows, oldest first: all, or those touching one event; ``limit`` keeps the latest."""
        sql = "SELECT changes.id, at, who, action, event_ids, reason, before_json, after_json FROM changes"
        params: list[Any] = []
        if event_id is not None:
            sql += " JOIN change_events ON change_events.change_id = changes.id WHERE change_events.event_id = ?"
            params.append(event_id)
        sql += " ORDER BY changes.id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        rows = self._db.execute(sql, params).fetchall()
        return [
            {
                "id": change_id,
                "at": at,
                "who": who,
                "action": action,
                "event_ids": json.loads(event_ids),
                "reason": reason,
                "before": json.loads(before) if before else None,
                "after": json.loads(after) if after else None,
            }
            for change_id, at, who, action, event_ids, reason, before, after in reversed(rows)
        ]

    def counts(self) -> dict[str, int]:
        """Return how many articles, mentions, merged events and campaigns are stored, and articles with an error."""
        db = self._db

        def count(sql: str) -> int:
            return int(db.execute(sql).fetchone()[0])

        return {
            "articles": count("SELECT count(*) FROM articles"),
            "mentions": count("SELECT count(*) FROM mentions"),
            "events": count("SELECT count(*) FROM events"),
            "campaigns": count("SELECT count(*) FROM campaigns"),
            "errors": count("SELECT count(*) FROM articles WHERE error IS NOT NULL"),
        }

    def rejections(self) -> list[tuple[str, str, str]]:
        """Return (article_id, stage, reason) of every rejected article, oldest first."""
        return [
            (row[0], row[1], row[2])
            for row in self._db.execute("SELECT article_id, stage, reason FROM rejections ORDER BY id")
        ]

    def results(self) -> Iterator[ExtractionResult]:
        """Yield every stored article as an ExtractionResult (its own events: the mentions), in the order added.

        Spans are not stored, so the records come back without them; ``to_dict()`` is unchanged.
        """
        db = self._db
        # fetchall: the caller may add() between two items, which must not disturb this cursor.
        rows = db.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY seq").fetchall()
        for row in rows:
            article = article_from_row(row)
            events = tuple(
                event_from_dict(json.loads(record))
                for (record,) in db.execute(
                    "SELECT record FROM mentions WHERE article_id = ? ORDER BY ordinal", [row[0]]
                )
            )
            campaigns = tuple(
                campaign_from_dict(json.loads(record))
                for (record,) in db.execute(
                    "SELECT record FROM campaigns WHERE article_id = ? ORDER BY ordinal", [row[0]]
                )
            )
            yield ExtractionResult(article=article, events=events, campaigns=campaigns)

    # -- review

    def update_event(
        self, event_id: str, fields: dict[str, Any], *, who: str, reason: str | None = None
    ) -> dict[str, Any]:
        """Correct fields of an event (location, date, size, form, status, organizers, targets, claims).

        Corrections are kept apart from the merged record and laid over it, so they survive new reports.
        Returns the corrected record.
        """
        with self._write(f"update event {event_id!r}"):
            return review.update_event(self._db, event_id, fields, who=who, reason=reason)

    def review_event(self, event_id: str, state: str, *, who: str, reason: str | None = None) -> None:
        """Mark an event ``accepted`` or ``rejected`` (``pending`` puts it back in the queue)."""
        with self._write(f"review event {event_id!r}"):
            review.review_event(self._db, event_id, state, who=who, reason=reason)

    def merge_events(self, event_ids: Sequence[str], *, who: str, reason: str) -> str:
        """Merge events by hand into the first one given; return its id."""
        with self._write(f"merge events {list(event_ids)!r}"):
            return review.merge_events(self._db, event_ids, who=who, reason=reason)

    def split_event(self, event_id: str, mention_ids: Sequence[str], *, who: str, reason: str | None = None) -> str:
        """Move these mentions to a new event (undoing a wrong merge); return the new event's id."""
        with self._write(f"split event {event_id!r}"):
            return review.split_event(self._db, event_id, mention_ids, who=who, reason=reason)

    def undo_last_merge(self, *, who: str, event_id: str | None = None) -> list[str]:
        """Undo the latest merge (of one event, if given) by splitting its mentions off; return the new ids."""
        with self._write("undo the last merge"):
            return review.undo_last_merge(self._db, who=who, event_id=event_id)

    # -- users

    def add_user(self, name: str, password_hash: str, role: str) -> None:
        """Add a user of the web app; the caller hashes the password (never pass one in clear)."""
        if role not in ROLES:
            raise StoreError(f"Role {role!r} is not one of {', '.join(ROLES)}.")
        if not name or not name.strip() or not password_hash:
            raise StoreError("A user needs a non-empty name and password hash.")
        with self._write(f"add user {name!r}"):
            if self.get_user(name) is not None:
                raise StoreError(f"User {name!r} exists already; pick another name.")
            self._db.execute(
                "INSERT INTO users (name, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
                [name, password_hash, role, now()],
            )

    def update_user(self, name: str, *, password_hash: str | None = None, role: str | None = None) -> None:
        """Change a user's password hash or role."""
        if role is not None and role not in ROLES:
            raise StoreError(f"Role {role!r} is not one of {', '.join(ROLES)}.")
        with self._write(f"update user {name!r}"):
            if self.get_user(name) is None:
                raise StoreError(f"No user {name!r}; add it first.")
            if password_hash:
                self._db.execute("UPDATE users SET password_hash = ? WHERE name = ?", [password_hash, name])
                # A new password ends every session of the old one (a stolen session among them).
                self._db.execute("DELETE FROM sessions WHERE user_name = ?", [name])
            if role:
                self._db.execute("UPDATE users SET role = ? WHERE name = ?", [role, name])

    def get_user(self, name: str) -> dict[str, Any] | None:
        """Return {name, password_hash, role, created_at} of a user, or None."""
        row = self._db.execute(
            "SELECT name, password_hash, role, created_at FROM users WHERE name = ?", [name]
        ).fetchone()
        return dict(zip(("name", "password_hash", "role", "created_at"), row, strict=True)) if row else None

    def list_users(self) -> list[dict[str, Any]]:
        """Return {name, role, created_at} of every user, by name (no password hashes)."""
        return [
            {"name": name, "role": role, "created_at": created_at}
            for name, role, created_at in self._db.execute("SELECT name, role, created_at FROM users ORDER BY name")
        ]

    # -- web sessions (see auth.Sessions)

    def add_session(self, token_digest: str, csrf_token: str, user: str, expires: int) -> None:
        """Record a session by its token's digest; sessions past their end are dropped on the way."""
        with self._write(f"start a session of {user!r}"):
            self._db.execute("DELETE FROM sessions WHERE expires < ?", [int(time.time())])
            self._db.execute(
                "INSERT INTO sessions (token_digest, csrf_token, user_name, expires) VALUES (?, ?, ?, ?)",
                [token_digest, csrf_token, user, expires],
            )

    def get_session(self, token_digest: str) -> dict[str, Any] | None:
        """Return {csrf_token, user, expires} of the session with this token digest, or None."""
        row = self._db.execute(
            "SELECT csrf_token, user_name, expires FROM sessions WHERE token_digest = ?", [token_digest]
        ).fetchone()
        return dict(zip(("csrf_token", "user", "expires"), row, strict=True)) if row else None

    def delete_session(self, token_digest: str) -> None:
        """End the session with this token digest (logout, expiry); an unknown digest is ignored."""
        with self._write("end a session"):
            self._db.execute("DELETE FROM sessions WHERE token_digest = ?", [token_digest])

    # -- backup and restore

    def dump_rows(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Yield (table, row) for every row of every table, parents first: a backend-neutral copy."""
        for table in TABLES_V2:
            columns = self._columns(table)
            yield from (
                (table, dict(zip(columns, row, strict=True)))
                for row in self._db.stream(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {DUMP_ORDER[table]}")
            )

    def _columns(self, table: str) -> list[str]:
        cursor: Any = self._db.execute(f"SELECT * FROM {table} LIMIT 0")
        return [column[0] for column in cursor.description if column[0] not in COMPUTED_COLUMNS]

    def backup(self, path: str | Path) -> int:
        """Write a copy of the whole store; return the rows copied (for SQLite's online backup: pages' worth, 0).

        A path ending in .jsonl or .jsonl.gz gets a portable dump (JSON lines); any other path a SQLite file:
        SQLite's online backup of a SQLite store, or the rows of a PostgreSQL store. Both restore into either
        backend (``restore``). Refuses to overwrite an existing file.
        """
        target = Path(path)
        if target.exists():
            raise StoreError(f"{target} exists; choose a new backup path or delete it first.")
        if target.name.endswith((".jsonl", ".jsonl.gz")):
            with self._guard("back up the store", "Check the path"), _open_text(target, "w") as stream:
                stream.write(
                    json.dumps(
                        {
                            "format": DUMP_FORMAT,
                            "schema_version": schema_version(self._db),
                            "backend": self.backend,
                            "created_at": now(),
                        }
                    )
                    + "\n"
                )
                count = 0
                for table, row in self.dump_rows():
                    stream.write(json.dumps({"table": table, "row": row}, ensure_ascii=False) + "\n")
                    count += 1
            return count
        if isinstance(self._db, SQLiteBackend):
            with self._guard("back up the store", "Check that the backup's folder is writable"):
                self._db.backup_to(str(target))
            return 0
        with Store(target) as copy:
            return copy.load_rows(self.dump_rows())

    def load_rows(self, rows: Iterable[tuple[str, dict[str, Any]]]) -> int:
        """Insert dumped rows into this store, which must be empty; return the rows inserted."""
        if any(self.counts()[name] for name in ("articles", "events")) or self.list_users():
            raise StoreError(
                f"Cannot restore into {_redacted(self.target)!r}: it is not empty. Restore into a new --db path, "
                "or into an emptied database."
            )
        count = 0
        batch: list[tuple[str, dict[str, Any]]] = []
        with self._write("restore the store"):
            for table, row in rows:
                if batch and (table != batch[0][0] or len(batch) >= 1000):
                    self._insert_batch(batch)
                    batch = []
                batch.append((table, row))
                count += 1
            if batch:
                self._insert_batch(batch)
            for table, key in SERIAL_KEYS.items():
                self._db.after_restore(table, key)
        return count

    def _insert_batch(self, batch: list[tuple[str, dict[str, Any]]]) -> None:
        table = batch[0][0]
        if table not in TABLES_V2:
            raise StoreError(f"Unknown table {table!r} in the backup; it was not written by this ProtestWatch.")
        columns = list(batch[0][1])
        unknown = set(columns) - set(self._columns(table))
        if unknown:
            raise StoreError(f"The backup's {table} has columns this store lacks: {', '.join(sorted(unknown))}.")
        self._db.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
            [[row[column] for column in columns] for _, row in batch],
        )

    def restore(self, path: str | Path) -> int:
        """Fill this empty store from a backup written by ``backup`` (either format, either backend)."""
        source = Path(path)
        if not source.is_file():
            raise StoreError(f"No backup at {source}; give the path that `protestwatch db backup` wrote.")
        with source.open("rb") as stream:
            is_sqlite = stream.read(len(SQLITE_HEADER)) == SQLITE_HEADER
        if is_sqlite:
            # Work on a copy: opening a backup of an older schema migrates it, and a backup must stay as it is.
            with tempfile.TemporaryDirectory() as folder:
                copy = Path(folder) / "backup.db"
                shutil.copyfile(source, copy)
                with Store(copy) as backup:
                    return self.load_rows(backup.dump_rows())
        return self.load_rows(_read_dump(source))

    # -- lifetime

    def close(self) -> None:
        """Close the database; the Store cannot be used afterwards."""
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


def _redacted(target: str) -> str:
    """Return a target fit for messages: a URL's password replaced by ***."""
    if "://" in target and "@" in target:
        scheme, rest = target.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        if ":" in credentials:
            return f"{scheme}://{credentials.split(':', 1)[0]}:***@{host}"
    return target


def _open_text(path: Path, mode: str) -> IO[str]:
    if path.name.endswith(".gz"):
        return gzip.open(path, mode + "t", encoding="utf-8")  # type: ignore[return-value]
    return path.open(mode, encoding="utf-8")


def _read_dump(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    with _open_text(path, "r") as stream:
        try:
            header = json.loads(stream.readline())
        except (json.JSONDecodeError, UnicodeDecodeError, OSError) as error:
            raise StoreError(f"{path} is not a ProtestWatch backup: {error}.") from None
        if not isinstance(header, dict) or header.get("format") != DUMP_FORMAT:
            raise StoreError(f"{path} is not a ProtestWatch backup (no '{DUMP_FORMAT}' header line).")
        current = MIGRATIONS[-1].version
        if header.get("schema_version") != current:
            raise StoreError(
                f"{path} holds schema version {header.get('schema_version')}; this ProtestWatch restores version "
                f"{current}. Restore it with the version that wrote it, then back it up again."
            )
        for number, line in enumerate(stream, start=2):
            try:
                item = json.loads(line)
                yield item["table"], item["row"]
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                raise StoreError(f"{path}, line {number}: not a dump row ({error}); the backup is damaged.") from None
