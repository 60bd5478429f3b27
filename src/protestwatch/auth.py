"""Users of the web app: argon2 password hashes, roles, session tokens and login rate limits."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# Ordered by power: each role may do everything the roles before it may.
ROLES = ("viewer", "coder", "admin")
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}
# What each kind of request needs. Reading needs "viewer" only when the app runs with --private.
READ_ROLE = "viewer"
WRITE_ROLE = "coder"  # review actions and ingest
ADMIN_ROLE = "admin"  # managing users

MIN_PASSWORD_LENGTH = 8
# User names appear in the change log and on pages: letters, digits and . _ @ - only, so none needs quoting.
USER_NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,100}$")
# argon2-cffi's defaults are RFC 9106's "low memory" profile (64 MiB, 3 passes): about 50 ms a hash here.
_HASHER = PasswordHasher()
# Verified against when the user does not exist, so that a login for an unknown name costs as much time
# as one for a known name and timing does not tell which names exist.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))

SESSION_SECONDS = 8 * 3600  # a working day; then log in again
# Login rate limits: failures counted in a sliding window. Per user, 5 guesses a quarter hour stop an
# online guessing attack; per address a little more, so an office behind one NAT is not locked out by a typo.
LOGIN_WINDOW_SECONDS = 15 * 60
MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_ADDRESS = 20
# Bounds the limiter's memory when an attacker rotates user names; the oldest keys are dropped first.
MAX_TRACKED_KEYS = 100_000


def hash_password(password: str) -> str:
    """Return the argon2id hash of ``password`` (salted; the string encodes its own parameters).

    Refuses passwords shorter than MIN_PASSWORD_LENGTH characters with ValueError.
    """
    if not isinstance(password, str):
        raise TypeError(f"password must be a str, not {type(password).__name__}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(
            f"The password has {len(password)} characters; use at least {MIN_PASSWORD_LENGTH}."
        )
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Return True if ``password`` matches ``password_hash``; None (no such user) costs a hash and is False."""
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def check_user_name(name: str) -> str:
    """Return ``name`` if it is a valid user name, else raise ValueError saying what is allowed."""
    if not isinstance(name, str) or not USER_NAME.fullmatch(name):
        raise ValueError(f"User name {name!r} is not allowed; use 1-100 letters, digits and . _ @ - only.")
    return name


def check_role(role: str) -> str:
    """Return ``role`` if it is one of ROLES, else raise ValueError naming them."""
    if role not in ROLE_RANK:
        raise ValueError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.")
    return role


def role_allows(role: str | None, needed: str) -> bool:
    """Return True if a user of ``role`` (None: anonymous) may do what needs ``needed``."""
    return role is not None and ROLE_RANK.get(role, -1) >= ROLE_RANK[needed]


@dataclass(frozen=True, slots=True, kw_only=True)
class Session:
    """A logged-in user: the token in their cookie or Authorization header, and their CSRF token."""

    token: str
    csrf_token: str
    user: str
    expires: int  # time.time() after which the session is void


class SessionStore(Protocol):
    """Where sessions are kept (``protestwatch.store.Store``)."""

    def add_session(self, token_digest: str, csrf_token: str, user: str, expires: int) -> None: ...
    def get_session(self, token_digest: str) -> dict[str, Any] | None: ...
    def delete_session(self, token_digest: str) -> None: ...


class Sessions:
    """Server-side sessions kept in the store: random tokens, revocable, surviving a restart of the server and
    shared by every server process over one store.

    Only a SHA-256 digest of each token is stored, so a copy of the database, a backup or a debug print
    does not hand out live tokens. ``store`` returns the store to use (the web app's one per thread).
    """

    def __init__(self, store: Callable[[], SessionStore], lifetime_seconds: float = SESSION_SECONDS) -> None:
        self.store = store
        self.lifetime_seconds = lifetime_seconds

    def create(self, user: str) -> Session:
        """Start a session for ``user`` and return it (the only time its token is seen in clear)."""
        session = Session(
            token=secrets.token_urlsafe(32),
            csrf_token=secrets.token_urlsafe(32),
            user=user,
            expires=int(time.time() + self.lifetime_seconds),
        )
        self.store().add_session(_digest(session.token), session.csrf_token, user, session.expires)
        return session

    def get(self, token: str | None) -> Session | None:
        """Return the live session of ``token``, or None for no token, an unknown one or an expired one."""
        if not token:
            return None
        found = self.store().get_session(_digest(token))
        if found is None:
            return None
        if found["expires"] < time.time():
            self.store().delete_session(_digest(token))
            return None
        return Session(token=token, csrf_token=found["csrf_token"], user=found["user"], expires=int(found["expires"]))

    def revoke(self, token: str | None) -> None:
        """End the session of ``token`` (logout); unknown tokens are ignored."""
        if token:
            self.store().delete_session(_digest(token))


def csrf_matches(session: Session, sent: str | None) -> bool:
    """Return True if the CSRF token sent with a request is the session's (compared in constant time)."""
    return bool(sent) and hmac.compare_digest(session.csrf_token.encode(), str(sent).encode())


class LoginLimiter:
    """Counts failed logins per user name and per client address in a sliding window.

    ``retry_after`` says how long a login must wait; a success clears the user's failures (not the
    address's, so one good account does not unlock guessing at others from the same address).
    """

    def __init__(
        self,
        *,
        per_user: int = MAX_FAILURES_PER_USER,
        per_address: int = MAX_FAILURES_PER_ADDRESS,
        window_seconds: float = LOGIN_WINDOW_SECONDS,
    ) -> None:
        self.per_user = per_user
        self.per_address = per_address
        self.window_seconds = window_seconds
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, user: str, address: str) -> float:
        """Return the seconds until a login for ``user`` from ``address`` is allowed again; 0 if it is now."""
        now = time.monotonic()
        with self._lock:
            waits = [
                self._wait(key, limit, now)
                for key, limit in ((_user_key(user), self.per_user), (_address_key(address), self.per_address))
            ]
        return max(waits)

    def record_failure(self, user: str, address: str) -> None:
        """Count one failed login for ``user`` and for ``address``."""
        now = time.monotonic()
        with self._lock:
            for key in (_user_key(user), _address_key(address)):
                times = self._failures.pop(key, None) or deque()
                times.append(now)
                self._failures[key] = times  # most recent last, so the oldest keys are dropped first
            while len(self._failures) > MAX_TRACKED_KEYS:
                self._failures.popitem(last=False)

    def record_success(self, user: str) -> None:
        """Forget the failures of ``user`` after a correct password."""
        with self._lock:
            self._failures.pop(_user_key(user), None)

    def _wait(self, key: str, limit: int, now: float) -> float:
        times = self._failures.get(key)
        if not times:
            return 0.0
        while times and times[0] <= now - self.window_seconds:
            times.popleft()
        if len(times) < limit:
            return 0.0
        return times[-limit] + self.window_seconds - now


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _user_key(user: str) -> str:
    # Case-folded: "Admin" and "admin" share one budget of guesses.
    return "user:" + user.strip().casefold()


def _address_key(address: str) -> str:
    return "address:" + address
