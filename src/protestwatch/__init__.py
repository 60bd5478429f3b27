"""ProtestWatch: turn news articles into a trustworthy protest-event dataset."""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import events, extract
    from .models import Article, Campaign, Event, ExtractionResult, Place
    from .pipeline import Extractor

__all__ = ["Article", "Campaign", "Event", "ExtractionResult", "Extractor", "Place", "events", "extract"]
__version__ = "0.1.0"

# Public names resolve on first use: `protestwatch --help` must not pay for importing spaCy.
_HOMES = {
    "extract": "api",
    "events": "api",
    "Extractor": "pipeline",
    "Article": "models",
    "Campaign": "models",
    "Event": "models",
    "ExtractionResult": "models",
    "Place": "models",
}

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'protestwatch' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
