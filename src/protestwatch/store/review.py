"""Hand review of merged events: corrections, accept/reject, merge, split and undo, each one change-log row.

Corrections are kept as overrides laid over the merged record, so they survive when a new report re-merges
the event. Splitting moves mentions to a new event; a merge (automatic or by hand) is undone by splitting.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from protestwatch.errors import StoreError

from .backends import Backend
from .ingest import create_event, delete_event, event_record, link_related, log_change, recompute_event
from .records import REVIEW_STATES, normalize_edit


def _require_event(db: Backend, event_id: str) -> tuple[dict[str, Any], str, dict[str, Any]]:
    row = db.execute("SELECT record, review, overrides FROM events WHERE id = ?", [event_id]).fetchone()
    if row is None:
        raise StoreError(f"No event {event_id!r} in the store; `protestwatch events` lists the event ids.")
    return json.loads(row[0]), row[1], json.loads(row[2]) if row[2] else {}


def update_event(
    db: Backend, event_id: str, fields: dict[str, Any], *, who: str, reason: str | None = None
) -> dict[str, Any]:
    """Correct fields of an event by hand (see records.EDITABLE_FIELDS); return the corrected record."""
    edit = normalize_edit(fields)
    before, _, overrides = _require_event(db, event_id)
    db.execute(
        "UPDATE events SET overrides = ? WHERE id = ?", [json.dumps({**overrides, **edit}, sort_keys=True), event_id]
    )
    # An event with mentions is never deleted by a recompute, so there is a record.
    after = recompute_event(db, event_id) or {}
    log_change(
        db,
        who=who,
        action="update",
        event_ids=[event_id],
        reason=reason or f"corrected {', '.join(sorted(edit))}",
        before={field: before.get(field) for field in edit},
        after={field: after.get(field) for field in edit},
    )
    return after


def review_event(db: Backend, event_id: str, state: str, *, who: str, reason: str | None = None) -> None:
    """Mark an event accepted or rejected (or pending again) by a reviewer."""
    if state not in REVIEW_STATES:
        raise StoreError(f"Review state {state!r} is not one of {', '.join(REVIEW_STATES)}.")
    _, previous, _ = _require_event(db, event_id)
    db.execute("UPDATE events SET review = ? WHERE id = ?", [state, event_id])
    log_change(
        db,
        who=who,
        action="review",
        event_ids=[event_id],
        reason=reason or state,
        before={"review": previous},
        after={"review": state},
    )


def _event_mentions(db: Backend, event_id: str) -> list[str]:
    return [row[0] for row in db.execute("SELECT id FROM mentions WHERE event_id = ? ORDER BY seq", [event_id])]


def merge_events(db: Backend, event_ids: Sequence[str], *, who: str, reason: str) -> str:
    """Merge events into the first one given (its id, review state and corrections win); return its id.

    The other events' mentions move to it, their corrections fill fields it has not corrected, and their
    links to related events pass to it. The other ids cease to exist; the change log keeps them.
    """
    ids = list(dict.fromkeys(event_ids))
    if len(ids) < 2:
        raise StoreError(f"Give at least two different event ids to merge, not {list(event_ids)!r}.")
    if not reason or not reason.strip():
        raise StoreError("Say why the events are one (reason), for the change log.")
    survivor, *others = ids
    before = {event_id: _require_event(db, event_id)[0] for event_id in ids}
    _, _, overrides = _require_event(db, survivor)
    groups = []
    for other in others:
        mentions = _event_mentions(db, other)
        groups.append(mentions)
        _, _, other_overrides = _require_event(db, other)
        overrides = {**other_overrides, **overrides}
        for row in db.execute(
            "SELECT event_id, related_id, reason FROM related_events WHERE event_id = ? OR related_id = ?",
            [other, other],
        ).fetchall():
            linked = row[1] if row[0] == other else row[0]
            if linked not in ids:
                link_related(db, survivor, linked, row[2])
        db.execute("UPDATE mentions SET event_id = ? WHERE event_id = ?", [survivor, other])
        delete_event(db, other)
    db.execute(
        "UPDATE events SET overrides = ? WHERE id = ?",
        [json.dumps(overrides, sort_keys=True) if overrides else None, survivor],
    )
    after = recompute_event(db, survivor)
    log_change(
        db,
        who=who,
        action="merge",
        event_ids=ids,
        reason=reason,
        before=before,
        after={"groups": groups, "record": after},
    )
    return survivor


def split_event(db: Backend, event_id: str, mention_ids: Sequence[str], *, who: str, reason: str | None = None) -> str:
    """Move these mentions of an event to a new event and return the new event's id.

    The new id derives from the earliest of the moved mentions, as if it had started the event; both events
    are merged again from their remaining mentions. At least one mention must stay.
    """
    _require_event(db, event_id)
    moved = list(dict.fromkeys(mention_ids))
    held = _event_mentions(db, event_id)
    strangers = [mention for mention in moved if mention not in held]
    if not moved or strangers:
        raise StoreError(
            f"Event {event_id} holds the mentions {', '.join(held)}; "
            f"cannot split off {', '.join(strangers) or 'nothing'}."
        )
    if len(moved) == len(held):
        raise StoreError(f"Cannot split every mention off event {event_id}; leave at least one of {', '.join(held)}.")
    before = event_record(db, event_id)
    new_id = create_event(db, moved)
    after = recompute_event(db, event_id)
    log_change(
        db,
        who=who,
        action="split",
        event_ids=[event_id, new_id],
        reason=reason or f"moved {', '.join(moved)} to a new event",
        before={event_id: before},
        after={event_id: after, new_id: event_record(db, new_id)},
    )
    return new_id


def undo_last_merge(db: Backend, *, who: str, event_id: str | None = None) -> list[str]:
    """Undo the latest merge still in effect (of one event, if given) by splitting; return the new event ids.

    A merge already undone, or whose mentions were split off or moved since, is passed over. Raises StoreError
    when no merge is left to undo.
    """
    undone = {
        json.loads(row[0]).get("undoes")
        for row in db.execute(
            "SELECT after_json FROM changes WHERE action = 'split' AND after_json LIKE ?", ['%"undoes"%']
        )
    }
    sql = "SELECT changes.id, changes.event_ids, changes.after_json FROM changes"
    params: list[Any] = []
    if event_id is not None:
        sql += " JOIN change_events ON change_events.change_id = changes.id AND change_events.event_id = ?"
        params.append(event_id)
    rows = db.execute(sql + " WHERE changes.action = 'merge' ORDER BY changes.id DESC", params).fetchall()
    for change_id, event_ids, after_json in rows:
        if change_id in undone:
            continue
        target = json.loads(event_ids)[0]
        after = json.loads(after_json)
        groups = after.get("groups") or [after.get("mentions", [])]
        held = set(_event_mentions(db, target))
        if not all(group and set(group) <= held for group in groups):
            # Its mentions were split off or moved since: that merge is no longer in effect.
            continue
        new_ids = []
        for group in groups:
            before = event_record(db, target)
            new_id = create_event(db, group)
            recompute_event(db, target)
            new_ids.append(new_id)
            log_change(
                db,
                who=who,
                action="split",
                event_ids=[target, new_id],
                reason=f"undo of merge #{change_id}",
                before={target: before},
                after={"undoes": change_id, target: event_record(db, target), new_id: event_record(db, new_id)},
            )
        return new_ids
    raise StoreError(
        "No merge to undo"
        + (f" for event {event_id}" if event_id else "")
        + "; `protestwatch events log` lists changes."
    )
