"""The REST API under /api/: events, articles, campaigns, counts, ingest, review actions, login and users."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from protestwatch.auth import ROLES, check_role, hash_password, verify_password
from protestwatch.errors import StoreError
from protestwatch.models import FORMS, STATUSES
from protestwatch.store import EventFilter, parse_numbers
from protestwatch.store.records import REVIEW_STATES

from .ingest import article_id as make_article_id
from .ingest import fetch_urls, ingest, read_records
from .security import (
    SESSION_COOKIE,
    Principal,
    client_address,
    current_principal,
    readable,
    require_admin,
    require_coder,
    require_viewer,
    web_state,
)

router = APIRouter(prefix="/api")

Form = Literal[FORMS]  # type: ignore[valid-type]
Status = Literal[STATUSES]  # type: ignore[valid-type]
Review = Literal[REVIEW_STATES]  # type: ignore[valid-type]
Sort = Literal["date", "-date", "confidence", "-confidence", "size", "-size", "sources", "-sources"]
Bucket = Literal["day", "week", "month"]
MAX_PAGE = 1000  # events per page; a bigger dump is `protestwatch events` or an export
MAX_OFFSET = 10_000_000
# Points on one map: the store fetches a page's sources with one IN (...) list, and SQLite allows 32,766 variables;
# a browser stays responsive with markercluster up to a few tens of thousands of circles.
MAX_MAP_EVENTS = 20_000
MAX_ARTICLES_PER_REQUEST = 100
MAX_URLS_PER_REQUEST = 20
Text = Annotated[str, Field(max_length=200)]  # a name or search phrase typed by a person
Identifier = Annotated[str, Field(min_length=1, max_length=200)]


# -- filters --------------------------------------------------------------------------------------------


def _numbers(value: str | None, count: int, name: str, example: str) -> tuple[float, ...] | None:
    if value is None:
        return None
    try:
        return parse_numbers(value, count)
    except ValueError as error:
        raise HTTPException(422, f"{name}={error}; write e.g. {example}") from None


def event_filter(
    date_from: Annotated[date | None, Query(description="First day, YYYY-MM-DD")] = None,
    date_to: Annotated[date | None, Query(description="Last day, YYYY-MM-DD")] = None,
    country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2")] = None,
    near: Annotated[str | None, Query(description="lat,lon,km e.g. 50.85,4.35,25", max_length=100)] = None,
    bbox: Annotated[str | None, Query(description="west,south,east,north", max_length=200)] = None,
    organizer: Annotated[str | None, Query(max_length=200)] = None,
    form: Annotated[Form | None, Query()] = None,
    status: Annotated[list[Status] | None, Query(description="default: occurred and ongoing")] = None,
    text: Annotated[str | None, Query(max_length=200, description="words in the article or fields")] = None,
    review: Annotated[Review | None, Query()] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    max_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
) -> EventFilter:
    """Read the filters of `protestwatch events` from the query string into the store's EventFilter."""
    near_values = _numbers(near, 3, "near", "50.85,4.35,25")
    bbox_values = _numbers(bbox, 4, "bbox", "2.5,49.5,6.4,51.5")
    if date_from and date_to and date_from > date_to:
        raise HTTPException(422, f"date_from {date_from} is after date_to {date_to}; swap them")
    options: dict[str, Any] = {
        "date_from": date_from,
        "date_to": date_to,
        "country": country.upper() if country else None,
        "near": near_values,
        "bbox": bbox_values,
        "organizer": organizer or None,
        "form": form,
        "text": text or None,
        "review": review,
        "min_confidence": min_confidence,
        "max_confidence": max_confidence,
    }
    if status:
        options["status"] = tuple(status)
    try:
        # EventFilter checks the ranges (latitudes, longitudes, km) and says what is wrong.
        return EventFilter(**options)
    except ValueError as error:
        raise HTTPException(422, str(error)) from None


@contextmanager
def _refused_as_422() -> Iterator[None]:
    """Turn the store's refusal of a review action (bad edit, mentions of one article merged) into a 422."""
    try:
        yield
    except StoreError as error:
        raise HTTPException(422, str(error)) from None


def _found(record: dict[str, Any] | None, kind: str, identifier: str) -> dict[str, Any]:
    if record is None:
        raise HTTPException(404, f"No {kind} {identifier!r}.")
    return record


# -- reading --------------------------------------------------------------------------------------------


class EventPage(BaseModel):
    total: int
    limit: int
    offset: int
    events: list[dict[str, Any]]


@router.get("/events", response_model=EventPage, dependencies=[Depends(readable)])
def list_events(
    request: Request,
    filters: Annotated[EventFilter, Depends(event_filter)],
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    sort: Annotated[Sort, Query(description="field, or -field for descending")] = "-date",
) -> dict[str, Any]:
    """Events matching the filters, a page at a time, with the total count."""
    store = web_state(request).store()
    return {
        "total": store.count_events(filters),
        "limit": limit,
        "offset": offset,
        "events": store.query_events(filters, limit=limit, offset=offset, sort=sort),
    }


@router.get("/events.geojson", dependencies=[Depends(readable)])
def events_geojson(
    request: Request,
    filters: Annotated[EventFilter, Depends(event_filter)],
    limit: Annotated[int, Query(ge=1, le=MAX_MAP_EVENTS)] = 5000,
) -> dict[str, Any]:
    """Events with coordinates as a GeoJSON FeatureCollection (properties: the event record less location)."""
    events = web_state(request).store().query_events(filters, limit=limit, offset=0, sort="-date")
    features = []
    for event in events:
        location = event.get("location") or {}
        if location.get("lat") is None or location.get("lon") is None:
            continue
        properties = {key: value for key, value in event.items() if key not in ("evidence",)}
        features.append(
            {
                "type": "Feature",
                "id": event["id"],
                "geometry": {"type": "Point", "coordinates": [location["lon"], location["lat"]]},
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


@router.get("/counts", dependencies=[Depends(readable)])
def counts(
    request: Request,
    filters: Annotated[EventFilter, Depends(event_filter)],
    bucket: Annotated[Bucket, Query()] = "day",
) -> dict[str, Any]:
    """Events per day, week (from Monday) or month under the filters; buckets without events are left out."""
    rows = web_state(request).store().counts_over_time(filters, bucket)
    return {"bucket": bucket, "counts": [{"period": period, "count": count} for period, count in rows]}


@router.get("/events/{event_id}", dependencies=[Depends(readable)])
def get_event(request: Request, event_id: str) -> dict[str, Any]:
    """One event: the merged record, every mention with its article and evidence, related events, duplicates."""
    return _found(web_state(request).store().event(event_id), "event", event_id)


@router.get("/articles/{article_id}", dependencies=[Depends(readable)])
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    """One stored article with its text and the events it reports."""
    return _found(web_state(request).store().article(article_id), "article", article_id)


@router.get("/campaigns/{campaign_id}", dependencies=[Depends(readable)])
def get_campaign(request: Request, campaign_id: str) -> dict[str, Any]:
    """One campaign (events reported together as one coordinated action) with its events."""
    return _found(web_state(request).store().campaign(campaign_id), "campaign", campaign_id)


@router.get("/changes")
def list_changes(
    request: Request,
    _viewer: Annotated[Principal, Depends(require_viewer)],
    event_id: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    """The change log (who changed what, when), of one event or of all; logged-in users only."""
    return {"changes": web_state(request).store().changes(event_id=event_id)}


# -- ingest ---------------------------------------------------------------------------------------------


class ArticleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: Identifier | None = None
    text: str | None = None
    html: str | None = None
    url: Annotated[str, Field(max_length=2000)] | None = None
    title: Annotated[str, Field(max_length=1000)] | None = None
    source: Annotated[str, Field(max_length=200)] | None = None
    published: date | None = None


class IngestRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    articles: Annotated[list[ArticleIn], Field(max_length=MAX_ARTICLES_PER_REQUEST)] = []
    urls: Annotated[list[Annotated[str, Field(max_length=2000)]], Field(max_length=MAX_URLS_PER_REQUEST)] = []


@router.post("/articles")
def post_articles(
    request: Request,
    body: IngestRequest,
    principal: Annotated[Principal, Depends(require_coder)],
) -> dict[str, Any]:
    """Extract events from posted texts, HTML pages or URLs (fetched by the server) and store them.

    Each article is checked as `protestwatch extract` checks a JSONL line; a bad one is reported with its
    error and the others are stored. Returns per article: id, error, mention ids, whether it was new.
    """
    if not body.articles and not body.urls:
        raise HTTPException(422, "Nothing to ingest: send 'articles' (text or html) or 'urls'.")
    state = web_state(request)
    records: list[dict[str, Any]] = []
    for article in body.articles:
        record = article.model_dump(exclude_none=True, mode="json")
        record.setdefault("id", make_article_id(article.text or article.html or ""))
        records.append(record)
    articles = read_records(records) + fetch_urls(body.urls, public_only=not state.config.allow_private_urls)
    results = ingest(state.store(), state.extractor(), articles, extract_lock=state.extract_lock)
    return {"ok": all(result["error"] is None for result in results), "articles": results, "by": principal.name}


# -- review ---------------------------------------------------------------------------------------------


class PlaceEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, Field(min_length=1, max_length=200)]
    country: Annotated[str, Field(pattern="^[A-Z]{2}$")] | None = None
    admin1: Annotated[str, Field(max_length=200)] | None = None
    lat: Annotated[float, Field(ge=-90, le=90)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180)] | None = None
    precision: Literal["venue", "city", "admin1", "country", "unknown"] = "city"
    venue: Annotated[str, Field(max_length=200)] | None = None


class DateEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: date | None = None
    end: date | None = None
    precision: Literal["day", "week", "month", "year", "unknown"] = "day"


class SizeEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    low: Annotated[int, Field(ge=0, le=100_000_000)] | None = None
    high: Annotated[int, Field(ge=0, le=100_000_000)] | None = None


class EventEdit(BaseModel):
    """Fields a coder may correct; a field left out is kept, null clears it."""

    model_config = ConfigDict(extra="forbid")
    form: Form | None = None
    status: Status | None = None
    date: DateEdit | None = None
    location: PlaceEdit | None = None
    size: SizeEdit | None = None
    organizers: Annotated[list[Text], Field(max_length=50)] | None = None
    targets: Annotated[list[Text], Field(max_length=50)] | None = None
    claims: Annotated[list[Annotated[str, Field(max_length=1000)]], Field(max_length=50)] | None = None


class SplitRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mentions: Annotated[list[Identifier], Field(min_length=1, max_length=1000)]


class MergeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ids: Annotated[list[Identifier], Field(min_length=2, max_length=100)]
    reason: Annotated[str, Field(max_length=1000)] = "merged by a coder"


@router.patch("/events/{event_id}")
def edit_event(
    request: Request,
    event_id: str,
    edit: EventEdit,
    principal: Annotated[Principal, Depends(require_coder)],
) -> dict[str, Any]:
    """Correct fields of an event; the change log records the old and new values, who and when."""
    fields = edit.model_dump(exclude_unset=True, mode="json")
    if not fields:
        raise HTTPException(422, "No field to change: send e.g. {\"location\": {\"name\": \"Ghent\"}}.")
    store = web_state(request).store()
    _found(store.event(event_id), "event", event_id)
    location = fields.get("location")
    if location and location.get("lat") is None and location.get("lon") is None:
        fields["location"] = _geocoded(location)
    with _refused_as_422():
        store.update_event(event_id, fields, who=principal.name)
    return _found(store.event(event_id), "event", event_id)


def _geocoded(location: dict[str, Any]) -> dict[str, Any]:
    """Fill in a corrected place's coordinates from the gazetteer when the coder gave only its name.

    The name is read with its region and country, as an article would write them ("Paris, Texas"), so the
    gazetteer resolves it as it resolves places in text. A name it does not know is kept without coordinates.
    """
    from protestwatch.api import default_gazetteer

    gazetteer = default_gazetteer()
    country = location.get("country")
    written = (location["name"], location.get("admin1"), country and gazetteer.country_name(country))
    query = ", ".join(part for part in written if part)
    found = next((place for place in gazetteer.places(query) if place.span and place.span.start == 0), None)
    if found is None or found.lat is None or (country and found.country != country):
        return location
    return location | {
        "lat": found.lat, "lon": found.lon, "country": found.country, "admin1": location.get("admin1") or found.admin1,
        "precision": found.precision,
    }  # fmt: skip


def _review(request: Request, event_id: str, state: str, principal: Principal) -> dict[str, Any]:
    store = web_state(request).store()
    _found(store.event(event_id), "event", event_id)
    with _refused_as_422():
        store.review_event(event_id, state, who=principal.name)
    return _found(store.event(event_id), "event", event_id)


@router.post("/events/{event_id}/accept")
def accept_event(
    request: Request, event_id: str, principal: Annotated[Principal, Depends(require_coder)]
) -> dict[str, Any]:
    """Mark an event as checked and right."""
    return _review(request, event_id, "accepted", principal)


@router.post("/events/{event_id}/reject")
def reject_event(
    request: Request, event_id: str, principal: Annotated[Principal, Depends(require_coder)]
) -> dict[str, Any]:
    """Mark an event as not a protest event (it stays in the store, out of default queries)."""
    return _review(request, event_id, "rejected", principal)


@router.post("/events/{event_id}/split")
def split_event(
    request: Request,
    event_id: str,
    body: SplitRequest,
    principal: Annotated[Principal, Depends(require_coder)],
) -> dict[str, Any]:
    """Move the given mentions out of an event into a new event of their own."""
    store = web_state(request).store()
    _found(store.event(event_id), "event", event_id)
    with _refused_as_422():
        new_id = store.split_event(event_id, body.mentions, who=principal.name)
    return {"ok": True, "event": event_id, "new_event": new_id}


@router.post("/events/merge")
def merge_events(
    request: Request, body: MergeRequest, principal: Annotated[Principal, Depends(require_coder)]
) -> dict[str, Any]:
    """Merge events that report one protest into one event."""
    store = web_state(request).store()
    for event_id in body.ids:
        _found(store.event(event_id), "event", event_id)
    with _refused_as_422():
        merged = store.merge_events(body.ids, who=principal.name, reason=body.reason)
    return {"ok": True, "event": merged}


# -- login and users ------------------------------------------------------------------------------------


class Credentials(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, Field(min_length=1, max_length=100)]
    password: Annotated[str, Field(min_length=1, max_length=1000)]


class NewUser(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.@-]+$")]
    password: Annotated[str, Field(min_length=8, max_length=1000)]
    role: Literal[ROLES] = "viewer"  # type: ignore[valid-type]


def _authenticate(request: Request, credentials: Credentials) -> dict[str, Any]:
    """Check a login against the rate limits and the stored hash; return the user or raise 401/429."""
    state = web_state(request)
    address = client_address(request)
    wait = state.login_limiter.retry_after(credentials.name, address)
    if wait > 0:
        seconds = str(int(wait) + 1)
        message = f"Too many failed logins; try again in {seconds} s."
        raise HTTPException(429, message, headers={"Retry-After": seconds})
    user = state.store().get_user(credentials.name)
    # Verified even for an unknown name (against a dummy hash), so the time taken does not tell which exist.
    matches = verify_password(user["password_hash"] if user else None, credentials.password)
    if user is None or not matches:
        state.login_limiter.record_failure(credentials.name, address)
        raise HTTPException(401, "Wrong user name or password.")
    state.login_limiter.record_success(credentials.name)
    return user


@router.post("/login")
def login(request: Request, response: Response, credentials: Credentials) -> dict[str, Any]:
    """Log in: sets the HttpOnly session cookie and returns the CSRF token the pages send with writes."""
    state = web_state(request)
    user = _authenticate(request, credentials)
    session = state.sessions.create(user["name"])
    response.set_cookie(
        SESSION_COOKIE,
        session.token,
        max_age=int(state.sessions.lifetime_seconds),
        httponly=True,
        samesite="lax",
        secure=state.config.secure_cookies,
        path="/",
    )
    return {"ok": True, "user": user["name"], "role": user["role"], "csrf_token": session.csrf_token}


@router.post("/token")
def token(request: Request, credentials: Credentials) -> dict[str, Any]:
    """Log in a script: returns a bearer token for the Authorization header (no cookie, no CSRF token needed)."""
    state = web_state(request)
    user = _authenticate(request, credentials)
    session = state.sessions.create(user["name"])
    lifetime = int(state.sessions.lifetime_seconds)
    return {"ok": True, "user": user["name"], "token": session.token, "expires_in": lifetime}


@router.post("/logout")
def logout(
    request: Request, response: Response, principal: Annotated[Principal, Depends(require_viewer)]
) -> dict[str, Any]:
    """End the session (cookie or bearer token)."""
    web_state(request).sessions.revoke(principal.session.token)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return {"ok": True}


@router.get("/me")
def me(principal: Annotated[Principal | None, Depends(current_principal)]) -> dict[str, Any]:
    """Who the request is logged in as: name and role, or nulls when anonymous."""
    if principal is None:
        return {"user": None, "role": None}
    return {"user": principal.name, "role": principal.role}


@router.get("/users")
def users(request: Request, _admin: Annotated[Principal, Depends(require_admin)]) -> dict[str, Any]:
    """Every user with their role (never their password hash); admins only."""
    return {
        "users": [
            {key: value for key, value in user.items() if key != "password_hash"}
            for user in web_state(request).store().list_users()
        ]
    }


@router.post("/users", status_code=201)
def add_user(
    request: Request, body: NewUser, _admin: Annotated[Principal, Depends(require_admin)]
) -> dict[str, Any]:
    """Create a user with a role; admins only."""
    store = web_state(request).store()
    if store.get_user(body.name):
        raise HTTPException(409, f"User {body.name!r} exists already; choose another name.")
    store.add_user(body.name, hash_password(body.password), check_role(body.role))
    return {"ok": True, "user": body.name, "role": body.role}
