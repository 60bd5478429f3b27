"""Who is asking: the session cookie or bearer token of a request -> a Principal, and the role checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, HTTPException, Request

from protestwatch.auth import ADMIN_ROLE, READ_ROLE, WRITE_ROLE, Session, csrf_matches, role_allows

if TYPE_CHECKING:
    from .app import WebState

SESSION_COOKIE = "pw_session"
CSRF_HEADER = "X-CSRF-Token"
# Methods that change nothing; every other method needs the CSRF header when the cookie authenticates it.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Principal:
    """A logged-in user as the request presents them: name, role now in the store, and how they came."""

    name: str
    role: str
    session: Session
    via: str  # "cookie" (a browser: CSRF applies) or "bearer" (a script)


def web_state(request: Request) -> WebState:
    return request.app.state.web  # type: ignore[no-any-return]


def current_principal(request: Request) -> Principal | None:
    """Return the user behind the request's bearer token or session cookie, or None when anonymous.

    The role is read from the store on every request, so a user removed or demoted loses access at once.
    """
    state = web_state(request)
    token, via = _bearer(request), "bearer"
    if token is None:
        token, via = request.cookies.get(SESSION_COOKIE), "cookie"
    session = state.sessions.get(token)
    if session is None:
        return None
    user = state.store().get_user(session.user)
    if not user:
        state.sessions.revoke(token)
        return None
    return Principal(name=session.user, role=user["role"], session=session, via=via)


def require(role: str) -> Callable[..., Principal]:
    """Return a dependency that lets through only users of ``role`` or above; 401 anonymous, 403 too weak.

    Writes authenticated by the cookie must carry the session's CSRF token in the X-CSRF-Token header
    (a cross-site form can send the cookie but cannot read or set the header).
    """

    def dependency(request: Request, principal: Annotated[Principal | None, Depends(current_principal)]) -> Principal:
        if principal is None:
            raise HTTPException(401, "Log in first: this needs a user with the role " + repr(role) + ".")
        needs_csrf = request.method not in SAFE_METHODS and principal.via == "cookie"
        if needs_csrf and not csrf_matches(principal.session, request.headers.get(CSRF_HEADER)):
            raise HTTPException(403, f"Missing or wrong CSRF token: send the page's token in the {CSRF_HEADER} header.")
        if not role_allows(principal.role, role):
            raise HTTPException(403, f"User {principal.name!r} is a {principal.role}; this needs {role} or admin.")
        return principal

    return dependency


def readable(
    request: Request, principal: Annotated[Principal | None, Depends(current_principal)]
) -> Principal | None:
    """Let anyone read a public app; a private one (--private) needs a logged-in viewer."""
    if web_state(request).config.private and not role_allows(principal.role if principal else None, READ_ROLE):
        raise HTTPException(401, "This ProtestWatch is private: log in to read it.")
    return principal


require_viewer = require(READ_ROLE)
require_coder = require(WRITE_ROLE)
require_admin = require(ADMIN_ROLE)


def client_address(request: Request) -> str:
    """Return the peer address of the request (behind a proxy this is the proxy's: rate limits are shared)."""
    return request.client.host if request.client else "unknown"


def _bearer(request: Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None
