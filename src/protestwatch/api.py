"""The Python API: extract(text, published=...) -> ExtractionResult, models loaded once per process."""

from __future__ import annotations

import hashlib
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .geo import Gazetteer
from .models import Article, ExtractionResult, Place
from .pipeline import Extractor

if TYPE_CHECKING:
    import pandas


@lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    """Return the process's Extractor, loading spaCy and the gazetteer on first use."""
    return Extractor()


def extract(
    text: str,
    published: str | date | None = None,
    *,
    title: str | None = None,
    url: str | None = None,
    article_id: str | None = None,
) -> ExtractionResult:
    """Return the protest events reported in ``text``.

    ``published`` (ISO date string or date) anchors relative dates ("on Sunday"); without it the
    date is recovered from the text when it says so, else relative dates stay unresolved.

    Example:
        >>> result = extract("On Sunday, 300 teachers rallied in Berlin.", published="2021-08-03")
        >>> result.events[0].location.name, result.events[0].date.start.isoformat()
        ('Berlin', '2021-08-01')
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if isinstance(published, str):
        published = date.fromisoformat(published[:10])
    article = Article(
        id=article_id or "text-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12],
        text=text,
        title=title,
        url=url,
        published=published,
        published_basis="user" if published else "unknown",
    )
    return default_extractor().extract(article)


def events(
    db: str | Path = "protestwatch.db",
    *,
    limit: int | None = None,
    offset: int = 0,
    sort: str = "date",
    **filters: Any,
) -> pandas.DataFrame:
    """Return the store's merged events as a DataFrame, one row per event, the columns of the CSV export.

    ``db`` is a SQLite path or a ``postgresql://`` URL. Filters are EventFilter's fields (date_from,
    date_to, country, near, bbox, organizer, form, status, text, review, min_confidence, max_confidence);
    dates may be ISO strings. By default only occurred and ongoing events; ``status=None`` gives all.

    Example:
        >>> frame = events("protestwatch.db", country="BE", date_from="2021-09-01")
        >>> frame[["event_date", "location", "size_low", "source_count"]].head()
    """
    from .export import events_frame
    from .store import EventFilter, open_store

    for name in ("date_from", "date_to"):
        if isinstance(filters.get(name), str):
            filters[name] = date.fromisoformat(filters[name])
    event_filter = EventFilter.from_options(**filters)
    with open_store(db) as store:
        if limit is None and offset == 0:
            return events_frame(store.iter_events(event_filter, sort=sort))
        return events_frame(store.query_events(event_filter, limit=limit, offset=offset, sort=sort))


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """Return the process's gazetteer (the extractor's when one is loaded already), loading it on first use."""
    if default_extractor.cache_info().currsize:
        return default_extractor().gazetteer
    return Gazetteer.load()


def places(text: str) -> list[Place]:
    """Return every place ``text`` names, resolved to coordinates, in text order.

    Each Place keeps its written text and character span; a locality below the gazetteer ("Shaheen Bagh,
    Delhi") takes the enclosing city's coordinates. Needs no spaCy model, only the gazetteer.

    Example:
        >>> [(p.text, p.name, p.country) for p in places("A rally in Paris, Texas, drew 200 people.")]
        [('Paris', 'Paris', 'US'), ('Texas', 'Texas', 'US')]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    return default_gazetteer().places(text)
