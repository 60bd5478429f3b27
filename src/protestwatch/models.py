"""The data model every stage reads and writes: Article -> EventMention -> Event, Campaign.

Records are frozen dataclasses; build a changed copy with ``dataclasses.replace``.
``to_dict`` methods give the JSON shape of ``shared/design/EVENT_RECORD.md`` (the output contract).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

FORMS = (
    "demonstration",
    "march",
    "rally",
    "vigil",
    "sit-in",
    "strike",
    "hunger-strike",
    "boycott",
    "blockade",
    "occupation",
    "riot",
    "exhibition",
    "other",
)
STATUSES = ("occurred", "ongoing", "planned", "called", "cancelled")
# Statuses that count as events in exports by default (the others stay in the store, marked).
REPORTED_STATUSES = ("occurred", "ongoing")


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """Characters [start, end) of Article.text that support a value."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One input document after ingest: plain text plus what its metadata says."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: date | None = None
    # metadata | url | text | user | unknown (see EVENT_RECORD.md)
    published_basis: str = "unknown"
    language: str = "en"
    error: str | None = None
    # Where the article came from (file path, "path:line" for JSONL, "-" for stdin); not part of the contract.
    origin: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "published_basis": self.published_basis,
            "language": self.language,
            "error": self.error,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """A place the text names, resolved to the gazetteer (or only written, when unresolved)."""

    text: str
    name: str | None = None
    admin1: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    lat: float | None = None
    lon: float | None = None
    precision: str = "unknown"  # venue | city | admin1 | country | unknown
    venue: str | None = None
    geonames_id: int | None = None
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "admin1": self.admin1,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "precision": self.precision,
            "venue": self.venue,
            "geonames_id": self.geonames_id,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class DateRange:
    """When an event happened, as far as the text supports it."""

    start: date | None = None
    end: date | None = None
    precision: str = "unknown"  # day | week | month | year | unknown
    basis: str = "none"  # explicit | relative | publication | none
    text: str | None = None
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "precision": self.precision,
            "basis": self.basis,
            "text": self.text,
        }


UNKNOWN_DATE = DateRange()


# Who gave a crowd figure ("police said", "according to organizers"; "coder": an ACLED-style "[size=...]" tag);
# None when the text does not say.
SIZE_SOURCES = ("police", "organizers", "media", "other", "coder")


@dataclass(frozen=True, slots=True, kw_only=True)
class CrowdSize:
    """Crowd size as an interval; ``high`` is None for open ranges ("at least 200").

    When the text gives several figures ("police put the crowd at 5,000 while organizers claimed
    20,000"), low/high cover them all, ``source`` is None unless they share one, and ``estimates``
    keeps each figure with its own source.
    """

    low: int | None
    high: int | None
    text: str
    span: Span | None = None
    source: str | None = None  # one of SIZE_SOURCES, or None
    estimates: tuple[CrowdSize, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {"low": self.low, "high": self.high, "text": self.text, "source": self.source}
        if self.estimates:
            record["estimates"] = [estimate.to_dict() for estimate in self.estimates]
        return record


@dataclass(frozen=True, slots=True, kw_only=True)
class Count:
    """A number of people the text reports (arrested, injured, killed) as an interval, like CrowdSize."""

    low: int | None
    high: int | None
    text: str
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"low": self.low, "high": self.high, "text": self.text}


@dataclass(frozen=True, slots=True, kw_only=True)
class Violence:
    """Arrests, injuries and deaths reported for an event, and whether police intervened.

    A count is None when the text does not give it; "no arrests" is a count of 0. ``police_intervention``
    is True when the text reports police action (tear gas, dispersal, arrests), None when it does not say.
    """

    arrests: Count | None = None
    injuries: Count | None = None
    deaths: Count | None = None
    police_intervention: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "arrests": self.arrests.to_dict() if self.arrests else None,
            "injuries": self.injuries.to_dict() if self.injuries else None,
            "deaths": self.deaths.to_dict() if self.deaths else None,
            "police_intervention": self.police_intervention,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """A canonical actor name with the other names the article uses for it."""

    name: str
    aliases: tuple[str, ...] = ()
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {"name": self.name}
        if self.aliases:
            record["aliases"] = list(self.aliases)
        return record


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """What the protesters demanded or opposed, as a short phrase from the text."""

    text: str
    span: Span | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """Which characters of the article a field was read from."""

    field: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True, kw_only=True)
class Trigger:
    """A word or phrase saying that people protested, with what it tells of the event."""

    span: Span
    form: str
    status: str
    sentence: Span
    # False for a weak cue ("gathered outside", "blocked the road") kept only for the protest words around it
    strong: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class EventMention:
    """One protest at one place and date as one article reports it."""

    article_id: str
    trigger: Trigger
    form: str
    status: str
    location: Place | None = None
    date: DateRange = UNKNOWN_DATE
    size: CrowdSize | None = None
    organizers: tuple[Actor, ...] = ()
    participants: tuple[Actor, ...] = ()
    targets: tuple[Actor, ...] = ()
    claims: tuple[Claim, ...] = ()
    issue_country: str | None = None
    violence: Violence | None = None
    # people who addressed the protest when the text lists them ("addressed by X, Y and Z")
    speakers: tuple[Actor, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """An event of one article: the mentions of one place and date merged."""

    id: str
    form: str
    status: str
    date: DateRange
    location: Place | None
    size: CrowdSize | None = None
    organizers: tuple[Actor, ...] = ()
    participants: tuple[Actor, ...] = ()
    targets: tuple[Actor, ...] = ()
    claims: tuple[Claim, ...] = ()
    issue_country: str | None = None
    campaign: str | None = None
    confidence: float = 0.5
    evidence: tuple[Evidence, ...] = ()
    violence: Violence | None = None
    speakers: tuple[Actor, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "form": self.form,
            "status": self.status,
            "date": self.date.to_dict(),
            "location": self.location.to_dict() if self.location else None,
            "size": self.size.to_dict() if self.size else None,
            "organizers": [actor.to_dict() for actor in self.organizers],
            "participants": [actor.to_dict() for actor in self.participants],
            "targets": [actor.to_dict() for actor in self.targets],
            "claims": [claim.text for claim in self.claims],
            "issue_country": self.issue_country,
            "campaign": self.campaign,
            "confidence": self.confidence,
            "evidence": [item.to_dict() for item in self.evidence],
            "violence": self.violence.to_dict() if self.violence else None,
            "speakers": [actor.to_dict() for actor in self.speakers],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Campaign:
    """Events of one coordinated action reported together ("rallies in 13 cities")."""

    id: str
    stated_places: int | None
    events: tuple[str, ...]
    text: str
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "stated_places": self.stated_places,
            "events": list(self.events),
            "text": self.text,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractionResult:
    """Everything extracted from one article: the unit of output (one JSONL line)."""

    article: Article
    events: tuple[Event, ...] = ()
    campaigns: tuple[Campaign, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "events": [event.to_dict() for event in self.events],
            "campaigns": [campaign.to_dict() for campaign in self.campaigns],
        }
