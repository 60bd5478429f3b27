"""The web app: create_app(WebConfig) -> a FastAPI app with the REST API under /api/ and the HTML pages."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from protestwatch.auth import LoginLimiter, Sessions
from protestwatch.store import Store, open_store

if TYPE_CHECKING:
    from protestwatch.pipeline import Extractor

logger = logging.getLogger(__name__)

WEB_DIR = Path(__file__).parent
ASSETS_DIR = WEB_DIR / "node_modules"
ASSETS_COMMAND = "make web-assets (npm ci in src/protestwatch/web)"
# The only files served from node_modules, by the name the pages use: node_modules itself is never browsable.
VENDOR_FILES = {
    "leaflet/leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet/leaflet.css": "leaflet/dist/leaflet.css",
    "leaflet/images/layers.png": "leaflet/dist/images/layers.png",
    "leaflet/images/layers-2x.png": "leaflet/dist/images/layers-2x.png",
    "leaflet/images/marker-icon.png": "leaflet/dist/images/marker-icon.png",
    "markercluster/leaflet.markercluster.js": "leaflet.markercluster/dist/leaflet.markercluster.js",
    "markercluster/MarkerCluster.css": "leaflet.markercluster/dist/MarkerCluster.css",
    "markercluster/MarkerCluster.Default.css": "leaflet.markercluster/dist/MarkerCluster.Default.css",
    "topojson-client/topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "world-atlas/countries-110m.json": "world-atlas/countries-110m.json",
    "swagger-ui/swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui/swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
    "swagger-ui/favicon-32x32.png": "swagger-ui-dist/favicon-32x32.png",
}
# Request bodies beyond this are refused with 413 before they are read whole: ingest is the biggest (a batch
# of articles), and 20 MB matches ingest.read_inputs's default bound on one document.
MAX_BODY_BYTES = 20_000_000


@dataclass(frozen=True, slots=True, kw_only=True)
class WebConfig:
    """How `protestwatch serve` runs: the store, who may read, the tile server, where assets are."""

    db: str
    private: bool = False  # reading needs a logged-in viewer
    tiles: str | None = None  # a tile URL template such as https://tile.example.org/{z}/{x}/{y}.png
    tiles_attribution: str = ""
    secure_cookies: bool = False  # set the Secure flag: only behind HTTPS
    allow_private_urls: bool = False  # URL ingest may fetch loopback and private addresses (an intranet's news)
    assets_dir: Path = ASSETS_DIR


@dataclass(kw_only=True)
class WebState:
    """What the app holds for its lifetime: config, per-thread stores, sessions, login limits, extractor."""

    config: WebConfig
    sessions: Sessions = field(init=False)
    login_limiter: LoginLimiter = field(default_factory=LoginLimiter)
    templates: Environment = field(init=False)
    _local: threading.local = field(default_factory=threading.local)
    _stores: list[Store] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    extract_lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.sessions = Sessions(self.store)
        self.templates = Environment(
            loader=FileSystemLoader(WEB_DIR / "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
        )

    def store(self) -> Store:
        """Return this thread's Store: one connection is not for concurrent use, and readers then run in parallel."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.config.db)
            self._local.store = store
            with self._lock:
                self._stores.append(store)
        return store

    def extractor(self) -> Extractor:
        """Return the process's Extractor, loading spaCy and the gazetteer on the first ingest (seconds, once)."""
        from protestwatch.api import default_extractor

        return default_extractor()

    def close(self) -> None:
        with self._lock:
            stores, self._stores = self._stores, []
        for store in stores:
            try:
                store.close()
            except Exception as error:  # a connection made in another thread may refuse to close here
                logger.debug("could not close a store connection: %s", error)

    def missing_assets(self) -> list[str]:
        """Return the vendor files not installed (empty when `npm ci` has run)."""
        return [name for name, path in VENDOR_FILES.items() if not (self.config.assets_dir / path).is_file()]


def create_app(config: WebConfig) -> FastAPI:
    """Return the ProtestWatch web app over the store ``config.db`` (opened lazily, one connection a thread).

    Example:
        uvicorn.run(create_app(WebConfig(db="protestwatch.db")), host="127.0.0.1", port=8000)
    """
    from . import api, pages

    state = WebState(config=config)
    app = FastAPI(
        title="ProtestWatch",
        summary="Protest events read from news articles, with their evidence, and the review of them.",
        version="0.1.0",
        # /api/docs is served below from the npm copy of Swagger UI: FastAPI's default page loads it from a CDN.
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        swagger_ui_oauth2_redirect_url=None,
    )
    app.state.web = state
    app.router.add_event_handler("shutdown", state.close)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title="ProtestWatch API",
            swagger_js_url="/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/vendor/swagger-ui/favicon-32x32.png",
        )

    @app.get("/vendor/{name:path}", include_in_schema=False)
    def vendor(name: str) -> FileResponse:
        relative = VENDOR_FILES.get(name)
        if relative is None:
            raise HTTPException(404, f"No vendor file {name!r}.")
        path = config.assets_dir / relative
        if not path.is_file():
            raise HTTPException(404, f"{name} is not installed; run {ASSETS_COMMAND}.")
        return FileResponse(path, headers={"Cache-Control": "public, max-age=86400"})

    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _server_error)
    app.add_middleware(SecurityHeaders, tiles=config.tiles)
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)
    return app


# -- errors: one JSON shape under /api/, a page elsewhere --------------------------------------------------


def error_response(request: Request, status: int, message: str, errors: list[Any] | None = None) -> Response:
    """Return the API's error shape ``{"ok": false, "error", "errors", "status"}``, or an error page."""
    if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse({"ok": False, "error": message, "errors": errors or [], "status": status}, status)
    if status == 401:
        # A page of a private app: log in, then come back here.
        return RedirectResponse("/login?next=" + quote(request.url.path), status_code=303)
    page = request.app.state.web.templates.get_template("error.html")
    return HTMLResponse(page.render(status=status, message=message, user=None, csrf_token=""), status)


async def _http_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, StarletteHTTPException):
        raise exc
    response = error_response(request, exc.status_code, str(exc.detail))
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


async def _validation_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, RequestValidationError):
        raise exc
    errors = [
        {"location": [str(part) for part in error.get("loc", ())], "message": str(error.get("msg", ""))}
        for error in exc.errors()
    ]
    summary = "; ".join(f"{'.'.join(error['location'])}: {error['message']}" for error in errors[:5])
    return error_response(request, 422, f"Invalid request: {summary}", errors)


async def _server_error(request: Request, exc: Exception) -> Response:
    # The traceback goes to the server log, never to the client; request bodies are not logged (passwords).
    logger.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(request, 500, "Internal error; the server log has the details.")


# -- middleware -------------------------------------------------------------------------------------------


class SecurityHeaders:
    """Adds a strict Content-Security-Policy and friends to every response.

    Scripts come only from this origin (no inline script), so markup that slipped past escaping could not
    run; Leaflet positions its layers with inline styles, hence style-src 'unsafe-inline'.
    """

    def __init__(self, app: ASGIApp, tiles: str | None = None) -> None:
        self.app = app
        image_sources = "'self' data:"
        if tiles:
            from urllib.parse import urlsplit

            parts = urlsplit(tiles.replace("{s}", "a"))
            # Leaflet fills {s} with a, b, c: allow the whole host family of the tile server.
            host = parts.netloc.replace("a.", "*.", 1) if "{s}" in tiles else parts.netloc
            image_sources += f" {parts.scheme}://{host}"
        self.policy = (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"img-src {image_sources}; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                is_docs = scope["path"] == "/api/docs"
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                    (b"x-frame-options", b"DENY"),
                ]
                # The Swagger page starts itself with an inline script, which the strict policy would block.
                if not is_docs:
                    headers.append((b"content-security-policy", self.policy.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses request bodies over ``max_bytes`` with 413, by Content-Length or while they stream in."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.message = f"Request body over {max_bytes} bytes; send fewer or smaller articles at a time."

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            response = JSONResponse({"ok": False, "error": self.message, "errors": [], "status": 413}, 413)
            await response(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # An HTTPException passes through FastAPI's body parsing to the error handlers as it is.
                    raise HTTPException(413, self.message)
            return message

        await self.app(scope, counting_receive, send)
