"""The HTML pages: the map with its timeline, an event with its sources, the review queue and login."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse

from protestwatch.auth import WRITE_ROLE, role_allows
from protestwatch.models import FORMS
from protestwatch.store import EventFilter

from .highlight import highlight_evidence, safe_link
from .security import Principal, current_principal, readable, web_state

router = APIRouter(include_in_schema=False)
REVIEW_PAGE_SIZE = 50


def render(request: Request, template: str, principal: Principal | None, **context: Any) -> HTMLResponse:
    """Render a page with what every page needs: the user, their role and their CSRF token."""
    state = web_state(request)
    page = state.templates.get_template(template)
    html = page.render(
        user=principal.name if principal else None,
        role=principal.role if principal else None,
        can_edit=role_allows(principal.role if principal else None, WRITE_ROLE),
        csrf_token=principal.session.csrf_token if principal else "",
        private=state.config.private,
        **context,
    )
    return HTMLResponse(html)


@router.get("/", response_class=HTMLResponse)
def map_page(request: Request, principal: Annotated[Principal | None, Depends(readable)]) -> HTMLResponse:
    """The map of events and the timeline under it; the filters live in the query string."""
    state = web_state(request)
    return render(
        request,
        "map.html",
        principal,
        forms=FORMS,
        query=request.query_params,
        tiles=state.config.tiles or "",
        tiles_attribution=state.config.tiles_attribution,
        missing_assets=state.missing_assets(),
    )


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(
    request: Request, event_id: str, principal: Annotated[Principal | None, Depends(readable)]
) -> HTMLResponse:
    """One event: its fields, its campaign, and every source article with the evidence highlighted."""
    store = web_state(request).store()
    event = store.event(event_id)
    if event is None:
        raise HTTPException(404, f"No event {event_id!r}.")
    sources = []
    for mention in event["mentions"]:
        # The event lists each mention's article without its text; the article record has it.
        article = store.article(mention["article"]["id"]) or mention["article"]
        sources.append(
            {
                "mention": mention,
                "article": article,
                "link": safe_link(article.get("url")),
                "text": highlight_evidence(article.get("text") or "", mention["evidence"]),
            }
        )
    campaign = store.campaign(event["campaign"]) if event.get("campaign") else None
    # The campaign's other events by place and date, not only by id (a campaign names a few dozen at most).
    campaign_events = [store.event(other) or {"id": other} for other in campaign["event_ids"]] if campaign else []
    return render(
        request,
        "event.html",
        principal,
        event=event,
        sources=sources,
        campaign=campaign,
        campaign_events=campaign_events,
        forms=FORMS,
    )


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, principal: Annotated[Principal | None, Depends(current_principal)]) -> HTMLResponse:
    """The review queue for coders: unreviewed events, least confident first."""
    if principal is None:
        return render(request, "login.html", None, next_page="/review", message="Log in to review events.")
    if not role_allows(principal.role, WRITE_ROLE):
        raise HTTPException(403, f"User {principal.name!r} is a {principal.role}; reviewing needs a coder.")
    store = web_state(request).store()
    # Every status: a "planned" event the machine got wrong needs a coder as much as an "occurred" one.
    pending = EventFilter(review="pending", status=None)
    events = store.query_events(pending, limit=REVIEW_PAGE_SIZE, offset=0, sort="confidence")
    return render(
        request, "review.html", principal, events=events, total=store.count_events(pending), forms=FORMS
    )


@router.get("/login", response_class=HTMLResponse)
def login_page(
    request: Request, principal: Annotated[Principal | None, Depends(current_principal)]
) -> HTMLResponse:
    """The login form; it posts to /api/login from static/app.js."""
    next_page = request.query_params.get("next", "/")
    # Only a path on this site: an open redirect would let a phishing link pass through our login.
    if not next_page.startswith("/") or next_page.startswith("//") or "\\" in next_page:
        next_page = "/"
    return render(request, "login.html", principal, next_page=next_page, message="")
