"""The Python API: extract(text, published=...) -> ExtractionResult, models loaded once per process."""

from __future__ import annotations

import hashlib
from datetime import date
from functools import lru_cache

from .models import Article, ExtractionResult
from .pipeline import Extractor


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
