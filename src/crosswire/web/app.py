"""The web app: `create_app(db)` builds a FastAPI application over a store.

Safe by default: every route is GET except `POST /api/articles`, which only works when a
token is configured; pages are server-rendered with autoescaping and sent with a
Content-Security-Policy that allows nothing but this server.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from crosswire import __version__
from crosswire.store import Store
from crosswire.web.data import Catalog
from crosswire.web.guard import Guard, Limits

HERE = Path(__file__).parent
STATIC = HERE / "static"
VENDOR = STATIC / "vendor"
TOKEN_ENV = "CROSSWIRE_API_TOKEN"
MAX_BODY = 2 * 1024 * 1024

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@dataclass(frozen=True, slots=True)
class Vendor:
    """Which front-end libraries `make assets` put in static/vendor."""

    leaflet: bool
    world: bool
    chart: bool

    @classmethod
    def find(cls, folder: Path) -> Vendor:
        def has(*names: str) -> bool:
            return all((folder / n).is_file() for n in names)

        return cls(
            leaflet=has("leaflet.js", "leaflet.css"),
            world=has("topojson-client.min.js", "countries-110m.json"),
            chart=has("chart.umd.min.js"),
        )


@dataclass(frozen=True, slots=True)
class Settings:
    """What the routes need besides the request: the store, templates and options."""

    catalog: Catalog
    templates: Jinja2Templates
    vendor: Vendor
    token: str | None
    max_body: int


def create_app(
    db: str,
    *,
    token: str | None = None,
    max_body: int = MAX_BODY,
    vendor: Path = VENDOR,
) -> FastAPI:
    """The app over the store `db` (which must exist). `token` (None: the environment
    variable CROSSWIRE_API_TOKEN; "": none) enables `POST /api/articles`; without one that
    route answers 403."""
    from crosswire.web import api, pages

    store = Store(db, create=False)
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    settings = Settings(
        catalog=Catalog(store),
        templates=Jinja2Templates(env=env),
        vendor=Vendor.find(vendor),
        token=(os.environ.get(TOKEN_ENV) if token is None else token) or None,
        max_body=max_body,
    )
    app = FastAPI(
        title="crosswire",
        version=__version__,
        description="Incidents reconciled from news reports (CONTRACT.md shapes).",
        docs_url=None,  # the interactive docs load scripts from a CDN
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.settings = settings
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(Guard, limits=Limits(body=max_body))  # inside: its answers get HEADERS
    app.add_middleware(_SecurityHeaders)
    _error_pages(app)
    app.router.on_shutdown.append(store.close)
    return app


class _SecurityHeaders:
    """Adds HEADERS to every response (a plain ASGI middleware)."""

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:  # type: ignore[type-arg]
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:  # type: ignore[type-arg]
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for name, value in HEADERS.items():
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode(), value.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(("/api", "/openapi"))


def _error_pages(app: FastAPI) -> None:
    """JSON errors under /api, HTML pages elsewhere."""

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            return await request_validation_exception_handler(request, exc)
        problems = [
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg')}"
            for e in exc.errors()
        ]
        return _error_page(request, 422, "Invalid request", problems)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request) or exc.status_code == 405:
            return await http_exception_handler(request, exc)
        return _error_page(
            request, exc.status_code, HTTPStatus(exc.status_code).phrase, [str(exc.detail)]
        )


def _error_page(request: Request, status: int, title: str, problems: list[str]) -> Response:
    settings: Settings = request.app.state.settings
    return settings.templates.TemplateResponse(
        request,
        "error.html",
        {"title": title, "status": status, "problems": problems, "vendor": settings.vendor},
        status_code=status,
    )
