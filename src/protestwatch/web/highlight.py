"""Article text with its evidence spans marked: (text, evidence) -> escaped HTML."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup


def highlight_evidence(text: str, evidence: Iterable[Mapping[str, Any]]) -> Markup:
    """Return ``text`` as HTML with each evidence span wrapped in ``<mark class="evidence" data-fields=...>``.

    Every piece of the text is escaped on its own; only our own <mark> tags are added, so the article
    cannot inject markup. Overlapping spans are cut at each boundary and the overlap names both fields.
    Offsets outside the text, reversed spans and entries without integer offsets are ignored.
    """
    spans: list[tuple[int, int, str]] = []
    for item in evidence:
        start, end, field = item.get("start"), item.get("end"), item.get("field")
        if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
            continue
        start, end = max(0, start), min(len(text), end)
        if start < end:
            spans.append((start, end, str(field or "evidence")))
    boundaries = sorted({0, len(text)} | {offset for start, end, _ in spans for offset in (start, end)})
    pieces: list[str] = []
    for left, right in zip(boundaries, boundaries[1:], strict=False):
        fields = sorted({field for start, end, field in spans if start <= left and right <= end})
        piece = escape(text[left:right])
        if fields:
            names = escape(" ".join(fields))
            pieces.append(f'<mark class="evidence" data-fields="{names}" title="{names}">{piece}</mark>')
        else:
            pieces.append(piece)
    return Markup("".join(pieces))


def safe_link(url: str | None) -> str | None:
    """Return ``url`` if it is an absolute http(s) URL that may be put in an href, else None.

    Refuses javascript:, data: and every other scheme, and relative URLs, whatever their case or padding.
    """
    if not url or not isinstance(url, str):
        return None
    cleaned = url.strip()
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    # Control characters and whitespace inside a URL are a smuggling trick, never part of a real link.
    if any(ord(character) < 33 for character in cleaned):
        return None
    return cleaned
