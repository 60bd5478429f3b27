"""Records from their JSON shape (to_dict) and back, hand edits laid over a merged record, and the searchable text.

``to_dict()`` drops the evidence spans of Place, DateRange, CrowdSize, Actor, Claim and Campaign; what is read
back equals what was stored up to those spans (the ``evidence`` list of each event keeps the offsets).
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from protestwatch.errors import StoreError
from protestwatch.models import (
    FORMS,
    STATUSES,
    Actor,
    Article,
    Campaign,
    Claim,
    Count,
    CrowdSize,
    DateRange,
    Event,
    Evidence,
    Place,
    Violence,
)

# Fields a coder may correct by hand (update_event); each replaces the merged value wholesale.
EDITABLE_FIELDS = ("location", "date", "size", "form", "status", "organizers", "targets", "claims")
REVIEW_STATES = ("pending", "accepted", "rejected")
# Roles of the web app's users (issue 7): viewer reads, coder reviews and edits, admin also manages users.
ROLES = ("viewer", "coder", "admin")


def content_hash(text: str) -> str:
    """Return the SHA-256 hex digest of an article's text: what makes two stored copies the same article."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def event_id_for(founder_mention_id: str, attempt: int = 0) -> str:
    """Return the stable id of the event first reported by this mention: "E" + 16 hex digits of its SHA-1.

    ``attempt`` > 0 gives the fallback ids used if that id is already taken (an event that kept its id
    after the mention that founded it was moved or replaced).
    """
    key = founder_mention_id if attempt == 0 else f"{founder_mention_id}~{attempt}"
    return "E" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# The article columns, in the order article_from_row reads them.
ARTICLE_COLUMNS = "id, text, title, url, source, published, published_basis, language, error, origin"


def article_from_row(row: Any) -> Article:
    """Rebuild an Article from a row of ARTICLE_COLUMNS (further columns are ignored)."""
    return Article(
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


def size_from_dict(record: dict[str, Any]) -> CrowdSize:
    """Rebuild a CrowdSize (with each source's estimate) from CrowdSize.to_dict()."""
    return CrowdSize(
        low=record.get("low"),
        high=record.get("high"),
        text=record.get("text") or "",
        source=record.get("source"),
        estimates=tuple(size_from_dict(item) for item in record.get("estimates", ())),
    )


def _count(record: dict[str, Any] | None) -> Count | None:
    return Count(low=record.get("low"), high=record.get("high"), text=record.get("text") or "") if record else None


def violence_from_dict(record: dict[str, Any]) -> Violence:
    """Rebuild a Violence from Violence.to_dict()."""
    return Violence(
        arrests=_count(record.get("arrests")),
        injuries=_count(record.get("injuries")),
        deaths=_count(record.get("deaths")),
        police_intervention=record.get("police_intervention"),
    )


def event_from_dict(record: dict[str, Any]) -> Event:
    """Rebuild an Event from Event.to_dict(); keys that are not Event fields (sources, review) are ignored."""
    location = record.get("location")
    size = record.get("size")
    violence = record.get("violence")
    return Event(
        id=record["id"],
        form=record["form"],
        status=record["status"],
        date=date_range_from_dict(record.get("date") or {}),
        location=place_from_dict(location) if location else None,
        size=size_from_dict(size) if size else None,
        organizers=tuple(actor_from_dict(item) for item in record.get("organizers", ())),
        participants=tuple(actor_from_dict(item) for item in record.get("participants", ())),
        targets=tuple(actor_from_dict(item) for item in record.get("targets", ())),
        speakers=tuple(actor_from_dict(item) for item in record.get("speakers", ())),
        claims=tuple(Claim(text=text) for text in record.get("claims", ())),
        issue_country=record.get("issue_country"),
        campaign=record.get("campaign"),
        confidence=record.get("confidence", 0.5),
        evidence=tuple(
            Evidence(field=item["field"], start=item["start"], end=item["end"]) for item in record.get("evidence", ())
        ),
        violence=violence_from_dict(violence) if violence else None,
    )


def campaign_from_dict(record: dict[str, Any]) -> Campaign:
    """Rebuild a Campaign from Campaign.to_dict()."""
    return Campaign(
        id=record["id"],
        stated_places=record.get("stated_places"),
        events=tuple(record.get("events", ())),
        text=record["text"],
    )


# -- hand edits ---------------------------------------------------------------------------------------------


def _actors(field: str, value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, (list, tuple)):
        raise StoreError(f"{field} must be a list of names or {{'name': ...}} objects, not {value!r}.")
    actors = []
    for item in value:
        if isinstance(item, str) and item.strip():
            actors.append({"name": item.strip()})
        elif isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"].strip():
            actors.append(actor_from_dict(item).to_dict())
        else:
            raise StoreError(f"{field}: {item!r} is not an actor; give a name or {{'name': ..., 'aliases': [...]}}.")
    return actors


def normalize_edit(fields: dict[str, Any]) -> dict[str, Any]:
    """Check a coder's corrections and return them in the record's JSON shape; raise StoreError if invalid.

    Accepts the shapes of EVENT_RECORD.md (location/date/size objects, actors as objects) and, for actors
    and claims, plain lists of strings. ``None`` for location, size or date clears the field.
    """
    if not isinstance(fields, dict) or not fields:
        raise StoreError(
            f"Give the fields to correct as a non-empty mapping, e.g. {{'form': 'march'}}, not {fields!r}."
        )
    unknown = sorted(set(fields) - set(EDITABLE_FIELDS))
    if unknown:
        raise StoreError(f"Cannot edit {', '.join(unknown)}; editable fields are {', '.join(EDITABLE_FIELDS)}.")
    edit: dict[str, Any] = {}
    for field, value in fields.items():
        if field == "form":
            if value not in FORMS:
                raise StoreError(f"form {value!r} is not one of {', '.join(FORMS)}.")
            edit[field] = value
        elif field == "status":
            if value not in STATUSES:
                raise StoreError(f"status {value!r} is not one of {', '.join(STATUSES)}.")
            edit[field] = value
        elif field == "location":
            if value is not None and not (
                isinstance(value, dict) and isinstance(value.get("text") or value.get("name"), str)
            ):
                raise StoreError(f"location must be an object with at least 'text' or 'name', not {value!r}.")
            edit[field] = None if value is None else place_from_dict({"text": value.get("name"), **value}).to_dict()
        elif field == "date":
            try:
                date_range = date_range_from_dict(value or {})
            except (TypeError, ValueError, AttributeError) as error:
                raise StoreError(
                    f"date must be an object with ISO 'start'/'end' (YYYY-MM-DD), not {value!r}: {error}."
                ) from None
            if date_range.start and date_range.end and date_range.end < date_range.start:
                raise StoreError(f"date ends before it starts: {value!r}.")
            edit[field] = date_range.to_dict()
        elif field == "size":
            if value is not None and not (
                isinstance(value, dict)
                and all(isinstance(value.get(key), (int, type(None))) for key in ("low", "high"))
            ):
                raise StoreError(f"size must be an object with integer 'low'/'high', not {value!r}.")
            edit[field] = None if value is None else size_from_dict(value).to_dict()
        elif field == "claims":
            if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
                raise StoreError(f"claims must be a list of strings, not {value!r}.")
            edit[field] = [item for item in value if item.strip()]
        else:
            edit[field] = _actors(field, value)
    return edit


def apply_overrides(record: dict[str, Any], overrides: dict[str, Any] | None) -> dict[str, Any]:
    """Return the merged record with a coder's corrections laid on top (each field replaced wholesale)."""
    if not overrides:
        return record
    return {**record, **overrides}


def actor_names(record: dict[str, Any], field: str) -> list[str]:
    """Return the names and aliases of one actor field of a record."""
    names: list[str] = []
    for actor in record.get(field) or ():
        names.append(actor["name"])
        names.extend(actor.get("aliases", ()))
    return names


def search_text(record: dict[str, Any], titles: list[str]) -> str:
    """Return what free-text search looks in: place, actors, claims and the titles of the reporting articles."""
    location = record.get("location") or {}
    parts = [location.get(key) for key in ("text", "name", "venue", "admin1")]
    for field in ("organizers", "participants", "targets"):
        parts.extend(actor_names(record, field))
    parts.extend(record.get("claims") or ())
    parts.extend(titles)
    return "\n".join(part for part in parts if part)
