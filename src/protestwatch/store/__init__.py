"""The event store: ExtractionResults -> articles, mentions and merged events in SQLite or PostgreSQL.

``open_store(target)`` takes a SQLite path or a ``postgresql://`` URL. Modules: ``backends`` (the dialect
differences), ``schema`` (migrations), ``ingest`` (add and merge), ``query`` (EventFilter and pages),
``review`` (hand edits, merge, split, undo), ``records`` (JSON shapes), ``core`` (the Store).
"""

from __future__ import annotations

from .core import DEFAULT_PATH, Store, open_store
from .ingest import REJECTION_STAGE
from .query import EventFilter, parse_numbers
from .records import (
    actor_from_dict,
    campaign_from_dict,
    content_hash,
    date_range_from_dict,
    event_from_dict,
    place_from_dict,
)
from .schema import MIGRATIONS, Migration, apply_migrations, create_tables

__all__ = [
    "DEFAULT_PATH",
    "MIGRATIONS",
    "REJECTION_STAGE",
    "EventFilter",
    "parse_numbers",
    "Migration",
    "Store",
    "actor_from_dict",
    "apply_migrations",
    "campaign_from_dict",
    "content_hash",
    "create_tables",
    "date_range_from_dict",
    "event_from_dict",
    "open_store",
    "place_from_dict",
]
