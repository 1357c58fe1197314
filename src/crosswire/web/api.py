"""The JSON API under /api: read-only, except `POST /api/articles` behind a token."""

from __future__ import annotations

import hmac
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from crosswire import __version__
from crosswire.export import FORMAT
from crosswire.web import schemas
from crosswire.web.app import Settings
from crosswire.web.data import IncidentFilter, select_incidents
from crosswire.web.params import incident_filter, settings
from crosswire.web.write import ingest_one

router = APIRouter(prefix="/api", tags=["api"])

Limit = Annotated[int, Query(ge=1, le=500, description="items per page (1 to 500)")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="items to skip")]
Config = Annotated[Settings, Depends(settings)]
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": schemas.Problem}}


@router.get("/health", response_model=schemas.Health)
def health(config: Config) -> dict[str, Any]:
    snap = config.catalog.snapshot()
    return {
        "status": "ok",
        "version": __version__,
        "format": FORMAT,
        "articles": len(snap.articles),
        "incidents": len(snap.incidents),
        "writes": config.token is not None,
    }


@router.get(
    "/incidents",
    response_model=schemas.IncidentPage,
    responses={400: {"model": schemas.Problem, "description": "`from` is after `to`"}},
)
def list_incidents(
    config: Config,
    f: Annotated[IncidentFilter, Depends(incident_filter)],
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Incidents that pass the filters, in date order."""
    found = select_incidents(config.catalog.snapshot(), f)
    return {"total": len(found), "limit": limit, "offset": offset,
            "items": found[offset : offset + limit]}  # fmt: skip


@router.get("/incidents/{incident_id}", response_model=schemas.Incident, responses=NOT_FOUND)
def get_incident(config: Config, incident_id: str) -> dict[str, Any]:
    inc = config.catalog.snapshot().incidents.get(incident_id)
    if inc is None:
        raise HTTPException(404, f"no incident with id {incident_id!r}")
    return inc


@router.get("/articles", response_model=schemas.ArticlePage, response_model_exclude_none=False)
def list_articles(
    config: Config,
    limit: Limit = 50,
    offset: Offset = 0,
    text: Annotated[bool, Query(description="include each article's full text")] = False,
) -> dict[str, Any]:
    """Stored articles in arrival order, without their text unless `text=true`."""
    records = list(config.catalog.snapshot().articles.values())
    items = records[offset : offset + limit]
    if text:
        items = [a | {"text": config.catalog.article_text(a["id"])} for a in items]
    return {"total": len(records), "limit": limit, "offset": offset, "items": items}


@router.get("/articles/{article_id}", response_model=schemas.ArticleDetail, responses=NOT_FOUND)
def get_article(config: Config, article_id: str) -> dict[str, Any]:
    snap = config.catalog.snapshot()
    record = snap.articles.get(article_id)
    if record is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    incidents = [{"incident": i, "role": r} for i, r in snap.reported_in.get(article_id, [])]
    return record | {"text": config.catalog.article_text(article_id), "incidents": incidents}


@router.get("/claims", response_model=schemas.ClaimPage, responses=NOT_FOUND)
def list_claims(
    config: Config,
    incident: Annotated[str, Query(max_length=64, description="incident id")] = "",
    source: Annotated[str, Query(max_length=200, description="part of the source's name")] = "",
    kind: Annotated[schemas.ClaimKind | None, Query(description="claim kind")] = None,
    article: Annotated[str, Query(max_length=64, description="article id")] = "",
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Claims of every incident (or of one), with the incident id and the claim's index."""
    snap = config.catalog.snapshot()
    if incident and incident not in snap.incidents:
        raise HTTPException(404, f"no incident with id {incident!r}")
    pool = [snap.incidents[incident]] if incident else snap.doc["incidents"]
    needle = source.casefold()
    rows = [
        c | {"incident": inc["id"], "index": n}
        for inc in pool
        for n, c in enumerate(inc.get("claims", []))
        if (not kind or c.get("kind") == kind)
        and (not needle or needle in (c.get("source") or "").casefold())
        and (not article or c.get("article") == article)
    ]
    return {"total": len(rows), "limit": limit, "offset": offset,
            "items": rows[offset : offset + limit]}  # fmt: skip


@router.post(
    "/articles",
    status_code=201,
    response_model=schemas.Ingested,
    responses={
        403: {"model": schemas.Problem},
        413: {"model": schemas.Problem},
        415: {"model": schemas.Problem},
        422: {"model": schemas.Invalid},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": schemas.NewArticle.model_json_schema()}},
        }
    },
)
async def post_article(request: Request) -> dict[str, Any]:
    """Ingest and analyse one article. Needs `Authorization: Bearer <token>`, where the
    token is the server's CROSSWIRE_API_TOKEN; without one configured, writes are off."""
    config: Settings = request.app.state.settings
    _refuse_cross_site(request)
    _authorise(config, request.headers.get("authorization", ""))
    _need_json(request)
    body = await _read_body(request, config.max_body)
    try:
        new = schemas.NewArticle.model_validate_json(body)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False)) from None
    return await run_in_threadpool(ingest_one, config.catalog, new)


def _refuse_cross_site(request: Request) -> None:
    """403 for a request a browser sent on behalf of another site's page. The bearer token
    is what really stops cross-site writes (a page on another site can make a browser send
    cookies but never an Authorization header, and no CORS header lets it ask to); this
    check refuses such requests even before the token is looked at."""
    origin = request.headers.get("origin")
    host = request.headers.get("host", "")
    if origin is not None and urlsplit(origin).netloc.lower() != host.lower():
        raise HTTPException(403, f"cross-origin write from {origin[:100]!r} refused")
    if request.headers.get("sec-fetch-site", "") == "cross-site":
        raise HTTPException(403, "cross-site write refused")


def _need_json(request: Request) -> None:
    """415 unless the body is declared JSON: an HTML form can only send urlencoded,
    multipart or plain text, so this shuts out forms whatever else is sent."""
    declared = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if declared != "application/json":
        raise HTTPException(415, "send the article as JSON (Content-Type: application/json)")


def _authorise(config: Settings, header: str) -> None:
    if config.token is None:
        raise HTTPException(
            403, "writes are off: start the server with CROSSWIRE_API_TOKEN set to enable them"
        )
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), config.token.encode()
    ):
        raise HTTPException(403, "send the server's token as 'Authorization: Bearer <token>'")


async def _read_body(request: Request, limit: int) -> bytes:
    too_big = HTTPException(413, f"request body over {limit:,} bytes")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)
