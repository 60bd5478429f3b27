"""Writing the store: ExtractionResult -> article, mentions and merged events, plus the change log they share.

Every function here runs inside the caller's write transaction (``Backend.transaction``). The matching rules
are ``protestwatch.dedup``'s; this module only fetches candidates, asks dedup, and records the answer.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

from protestwatch import dedup
from protestwatch.errors import StoreError
from protestwatch.models import Event, ExtractionResult

from .backends import Backend
from .records import actor_names, apply_overrides, content_hash, event_from_dict, event_id_for, search_text
from .schema import now

# The stage written to `rejections` for an article that carries an error: Article.error does not say which
# stage failed, and the store only sees the finished result of `protestwatch extract`.
REJECTION_STAGE = "extract"
# Who the change log names for what ingest does by itself.
INGEST = "ingest"
# Stored events whose date range is longer than this are not fetched as candidates (the candidate query is a
# range scan on date_start); a year-precision date is the longest the pipeline gives.
LONGEST_CANDIDATE_SPAN_DAYS = 366


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def outlet_of(source: str | None, url: str | None) -> str | None:
    """Return the outlet an article comes from: its stated source, else its URL's host without "www."."""
    if source:
        return source
    if url:
        host = urlsplit(url).hostname
        if host:
            return host.removeprefix("www.")
    return None


# -- the change log -----------------------------------------------------------------------------------------


def log_change(
    db: Backend,
    *,
    who: str,
    action: str,
    event_ids: Sequence[str],
    reason: str | None = None,
    before: Any = None,
    after: Any = None,
) -> None:
    """Append one row to the change log (append-only: the database refuses UPDATE and DELETE on it)."""
    db.execute(
        "INSERT INTO changes (at, who, action, event_ids, reason, before_json, after_json) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            now(),
            who,
            action,
            _dumps(list(event_ids)),
            reason,
            None if before is None else _dumps(before),
            None if after is None else _dumps(after),
        ],
    )
    # The change just inserted has the highest id: writers are serialized (Backend.transaction), and not
    # reading the id back saves PostgreSQL a round trip (the statements stream in pipeline mode).
    db.executemany(
        "INSERT INTO change_events (event_id, change_id) SELECT ?, max(id) FROM changes WHERE true "
        "ON CONFLICT DO NOTHING",
        [(event_id,) for event_id in dict.fromkeys(event_ids)],
    )


# -- merged events ------------------------------------------------------------------------------------------


def event_record(db: Backend, event_id: str) -> dict[str, Any] | None:
    """Return the stored merged record of an event (corrections applied), or None if there is none."""
    row = db.execute("SELECT record FROM events WHERE id = ?", [event_id]).fetchone()
    return json.loads(row[0]) if row else None


def _span_days(start: str | None, end: str | None) -> int | None:
    """Return how many days a date range spans (0 for one day), or None when undated."""
    if not start or not end:
        return None
    return max(0, (date.fromisoformat(end) - date.fromisoformat(start)).days)


def _event_columns(record: dict[str, Any], titles: list[str], mentions: int, sources: int) -> dict[str, Any]:
    location = record.get("location") or {}
    when = record.get("date") or {}
    size = record.get("size") or {}
    return {
        "form": record["form"],
        "status": record["status"],
        "date_start": when.get("start"),
        # An open end is the start: the candidate and date filters compare ranges.
        "date_end": when.get("end") or when.get("start"),
        "span_days": _span_days(when.get("start"), when.get("end") or when.get("start")),
        "date_precision": when.get("precision"),
        "location_name": location.get("name") or location.get("text"),
        "venue": location.get("venue"),
        "admin1": location.get("admin1"),
        "country": location.get("country"),
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "location_precision": location.get("precision"),
        "size_low": size.get("low"),
        "size_high": size.get("high"),
        "organizers": "\n".join(actor_names(record, "organizers")),
        "search": search_text(record, titles),
        "campaign": record.get("campaign"),
        "confidence": record.get("confidence") or 0.0,
        "mention_count": mentions,
        "source_count": sources,
        "record": _dumps(record),
        "updated_at": now(),
    }


def _mention_rows(db: Backend, event_id: str) -> list[tuple[str, dict[str, Any], str | None, str | None]]:
    return [
        (row[0], json.loads(row[1]), row[2], row[3])
        for row in db.execute(
            "SELECT mentions.id, mentions.record, articles.title, articles.outlet FROM mentions "
            "JOIN articles ON articles.id = mentions.article_id WHERE mentions.event_id = ? ORDER BY mentions.seq",
            [event_id],
        )
    ]


def _merged(event_id: str, mention_records: list[dict[str, Any]], overrides: dict[str, Any] | None) -> dict[str, Any]:
    mentions = [event_from_dict(record) for record in mention_records]
    return apply_overrides(dedup.merge(event_id, mentions).to_dict(), overrides)


def recompute_event(db: Backend, event_id: str) -> dict[str, Any] | None:
    """Merge the event's mentions again (corrections on top) and store the result; return it.

    An event left without mentions is deleted, with its links, and None is returned.
    """
    stored = db.execute("SELECT overrides FROM events WHERE id = ?", [event_id]).fetchone()
    return _remerge(db, event_id, stored[0] if stored else None)


def _remerge(db: Backend, event_id: str, overrides_json: str | None) -> dict[str, Any] | None:
    """Do what ``recompute_event`` does, given the event's stored corrections (JSON or None)."""
    rows = _mention_rows(db, event_id)
    if not rows:
        delete_event(db, event_id)
        return None
    overrides = json.loads(overrides_json) if overrides_json else None
    record = _merged(event_id, [row[1] for row in rows], overrides)
    columns = _event_columns(
        record,
        titles=[row[2] for row in rows if row[2]],
        mentions=len(rows),
        sources=len({row[3] or row[0] for row in rows}),
    )
    db.execute(
        f"UPDATE events SET {', '.join(f'{name} = ?' for name in columns)} WHERE id = ?",
        [*columns.values(), event_id],
    )
    return record


MentionRow = tuple[str, str, str | None, str | None]  # mention id, its stored record (JSON), article title, outlet


def create_event(db: Backend, mention_ids: Sequence[str], *, review: str = "pending") -> str:
    """Make a new event of these mentions (moved from wherever they were) and return its id.

    Its id derives from the earliest-added of the mentions, so re-running the same inputs gives the same ids.
    """
    placeholders = ", ".join("?" for _ in mention_ids)
    rows = db.execute(
        "SELECT mentions.id, mentions.record, articles.title, articles.outlet FROM mentions "
        f"JOIN articles ON articles.id = mentions.article_id WHERE mentions.id IN ({placeholders}) "
        "ORDER BY mentions.seq",
        list(mention_ids),
    ).fetchall()
    if len(rows) != len(set(mention_ids)):
        raise StoreError(f"Unknown mention ids among {list(mention_ids)}; `protestwatch events show` lists them.")
    return _insert_event(db, rows, review=review)


def _insert_event(db: Backend, rows: Sequence[MentionRow], *, review: str = "pending") -> str:
    """Insert the event merged from these mentions (in insertion order) and attach them; return its id.

    The record is what ``recompute_event`` stores once the mentions are attached, computed once here.
    """
    founder = rows[0][0]
    attempt = 0
    event_id = event_id_for(founder)
    while db.execute("SELECT 1 FROM events WHERE id = ?", [event_id]).fetchone() is not None:
        attempt += 1
        event_id = event_id_for(founder, attempt)
    record = _merged(event_id, [json.loads(row[1]) for row in rows], None)
    columns = _event_columns(
        record,
        titles=[row[2] for row in rows if row[2]],
        mentions=len(rows),
        sources=len({row[3] or row[0] for row in rows}),
    )
    columns.update(id=event_id, founder=founder, review=review, created_at=columns["updated_at"])
    db.execute(
        f"INSERT INTO events ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
        list(columns.values()),
    )
    mention_ids = [row[0] for row in rows]
    db.execute(
        f"UPDATE mentions SET event_id = ? WHERE id IN ({', '.join('?' for _ in mention_ids)})",
        [event_id, *mention_ids],
    )
    return event_id


def delete_event(db: Backend, event_id: str) -> None:
    """Delete an event that no mention feeds any more, with its links to related events."""
    db.execute("DELETE FROM related_events WHERE event_id = ? OR related_id = ?", [event_id, event_id])
    db.execute("DELETE FROM events WHERE id = ?", [event_id])


def link_related(db: Backend, first: str, second: str, reason: str) -> bool:
    """Record that two events are linked (e.g. a counter-protest); return False if they already were."""
    low, high = sorted((first, second))
    if low == high:
        return False
    cursor = db.execute(
        "INSERT INTO related_events (event_id, related_id, reason, at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT DO NOTHING RETURNING event_id",
        [low, high, reason, now()],
    )
    return cursor.fetchone() is not None


def candidates(db: Backend, mention: Event, article_id: str) -> list[tuple[str, Event]]:
    """Return (id, merged record) of the stored events that may report what ``mention`` reports.

    Those overlapping ``dedup.candidate_window`` in the mention's country (or with no country), leaving out
    events that already hold a mention of the same article. Empty for a mention without a date.
    """
    try:
        window = dedup.candidate_window(mention)
    except OverflowError:
        # A date at the very edge of the calendar (year 1 or 9999) is an extraction error, not an event.
        return []
    if window is None:
        return []
    low, high = window
    earliest_start = max(date.min + timedelta(days=LONGEST_CANDIDATE_SPAN_DAYS), low) - timedelta(
        days=LONGEST_CANDIDATE_SPAN_DAYS
    )
    sql = (
        "SELECT id, record FROM events WHERE date_start >= ? AND date_start <= ? AND date_end >= ? "
        "AND id NOT IN (SELECT event_id FROM mentions WHERE article_id = ? AND event_id IS NOT NULL)"
    )
    params: list[Any] = [earliest_start.isoformat(), high.isoformat(), low.isoformat(), article_id]
    country = mention.location.country if mention.location else None
    if country:
        sql += " AND (country = ? OR country IS NULL)"
        params.append(country)
    rows = db.execute(sql + " ORDER BY key", params).fetchall()
    return [(row[0], event_from_dict(json.loads(row[1]))) for row in rows]


def attach_mention(
    db: Backend, mention_id: str, mention: Event, article_id: str, *, stored: tuple[str, str | None, str | None]
) -> str:
    """Join a stored mention to the event it reports, or start a new event; return the event id.

    ``stored`` is what the store holds of the mention: its record (JSON), its article's title and outlet.
    A join is logged as a ``merge`` change with dedup's reason, so ``undo_last_merge`` can split it off again.
    """
    found = candidates(db, mention, article_id)
    index, match = dedup.best_match(mention, [event for _, event in found]) if found else (None, None)
    if index is not None and match is not None:
        event_id = found[index][0]
        record, overrides = db.execute("SELECT record, overrides FROM events WHERE id = ?", [event_id]).fetchone()
        before = json.loads(record)
        db.execute("UPDATE mentions SET event_id = ? WHERE id = ?", [event_id, mention_id])
        after = _remerge(db, event_id, overrides)
        log_change(
            db,
            who=INGEST,
            action="merge",
            event_ids=[event_id],
            reason=match.reason,
            before=before,
            after={"mentions": [mention_id], "record": after},
        )
        return event_id
    event_id = _insert_event(db, [(mention_id, *stored)])
    for related_index, related in dedup.related_matches(mention, [event for _, event in found]):
        related_id = found[related_index][0]
        if link_related(db, event_id, related_id, related.reason):
            log_change(db, who=INGEST, action="relate", event_ids=[event_id, related_id], reason=related.reason)
    return event_id


# -- articles -----------------------------------------------------------------------------------------------


def remove_article(db: Backend, article_id: str, *, reason: str) -> None:
    """Delete an article with its mentions, campaigns and rejections; re-merge or delete the events they fed."""
    affected = [
        row[0]
        for row in db.execute(
            "SELECT DISTINCT event_id FROM mentions WHERE article_id = ? AND event_id IS NOT NULL", [article_id]
        )
    ]
    before = {event_id: event_record(db, event_id) for event_id in affected}
    # Cascades to its mentions, campaigns and rejections.
    db.execute("DELETE FROM articles WHERE id = ?", [article_id])
    for event_id in affected:
        after = recompute_event(db, event_id)
        log_change(
            db,
            who=INGEST,
            action="remove-article" if after is not None else "delete",
            event_ids=[event_id],
            reason=f"article {article_id} {reason}",
            before=before[event_id],
            after=after,
        )


def _other_document(stored_origin: str | None, origin: str | None) -> bool:
    """Tell whether two origins are different documents: other files, or other lines of a JSONL file."""
    return stored_origin is not None and origin is not None and stored_origin != origin


def add_result(db: Backend, result: ExtractionResult, *, replace: bool = False, added_at: str | None = None) -> bool:
    """Store one article with its mentions and campaigns, merging each dated mention into a known event.

    Returns False (and writes nothing) for an article already stored: same id and text, or same URL and text.
    A stored article with an error, or any when ``replace`` is True, is replaced by a new text of the same id;
    any other article of a stored id with different text raises StoreError.
    """
    article = result.article
    digest = content_hash(article.text)
    # One query for both ways of being stored already: this id, or this URL with this very text.
    known = db.execute(
        "SELECT id, content_hash, error, origin FROM articles WHERE id = ? OR (url = ? AND content_hash = ?)",
        [article.id, article.url, digest],
    ).fetchall()
    stored = next(((row[1], row[2], row[3]) for row in known if row[0] == article.id), None)
    if stored is not None:
        stored_hash, stored_error, stored_origin = stored
        if stored_hash == digest:
            return False
        if stored_error is None and not replace:
            raise StoreError(
                f"Article {article.id!r} is already stored with different text "
                f"(hash {stored_hash[:12]}, new {digest[:12]}). "
                "Pass replace=True (--replace) to overwrite it, or give the article another id."
            )
        if stored_error is None and _other_document(stored_origin, article.origin):
            # Two files or lines that share an id (a/story.txt and b/story.txt) are two articles: replacing one
            # with the other would lose it silently. A changed file re-read from the same place is replaced.
            raise StoreError(
                f"Article {article.id!r} from {article.origin} has the id of another article already stored "
                f"from {stored_origin}; give one of them another id (e.g. an \"id\" field or another file name)."
            )
        remove_article(db, article.id, reason="replaced by a new text")
    elif known:
        return False
    at = added_at or now()
    outlet = outlet_of(article.source, article.url)
    if outlet is not None:
        db.execute("INSERT INTO sources (name, first_seen) VALUES (?, ?) ON CONFLICT DO NOTHING", [outlet, at])
    # Insertion numbers come from the table itself (writers are serialized), so nothing is read back.
    db.execute(
        "INSERT INTO articles (id, seq, content_hash, url, title, source, outlet, published, published_basis, "
        "language, error, origin, text, added_at) VALUES "
        "(?, (SELECT coalesce(max(seq), 0) + 1 FROM articles), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            article.id,
            digest,
            article.url,
            article.title,
            article.source,
            outlet,
            article.published.isoformat() if isinstance(article.published, date) else None,
            article.published_basis,
            article.language,
            article.error,
            article.origin,
            article.text,
            at,
        ],
    )
    db.executemany(
        "INSERT INTO campaigns (id, article_id, ordinal, stated_places, text, record) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (campaign.id, article.id, ordinal, campaign.stated_places, campaign.text, _dumps(campaign.to_dict()))
            for ordinal, campaign in enumerate(result.campaigns)
        ],
    )
    if article.error is not None:
        db.execute(
            "INSERT INTO rejections (article_id, stage, reason, at) VALUES (?, ?, ?, ?)",
            [article.id, REJECTION_STAGE, article.error, at],
        )
    # All mentions first: an unattached mention (event_id NULL) is no candidate for its siblings, so
    # attaching them one by one afterwards merges exactly as inserting and attaching each in turn did.
    records = [_dumps(event.to_dict()) for event in result.events]
    db.executemany(
        "INSERT INTO mentions (id, seq, article_id, event_id, ordinal, record) "
        "VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM mentions), ?, NULL, ?, ?)",
        [
            (event.id, article.id, ordinal, record)
            for ordinal, (event, record) in enumerate(zip(result.events, records, strict=True))
        ],
    )
    for event, record in zip(result.events, records, strict=True):
        attach_mention(db, event.id, event, article.id, stored=(record, article.title, outlet))
    return True
