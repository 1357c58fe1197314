"""The JSON shapes of the API, as pydantic models, so that /openapi.json documents them.

Incidents and articles are the CONTRACT.md records; fields the contract does not name are
passed through (`extra="allow"`), as the contract allows.
"""

from __future__ import annotations

from datetime import date as Date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ClaimKind = Literal[
    "fatalities", "injuries", "responsibility", "denial", "no_comment", "damage", "target", "other"
]


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class When(Open):
    start: str
    end: str
    precision: str


class Where(Open):
    name: str
    country: str | None
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    precision: str
    gazetteer_id: str | None = None


class Actors(Open):
    perpetrators: list[str]
    targets: list[str]


class Toll(Open):
    low: int | None
    best: int | None
    high: int | None


class Report(Open):
    article: str
    role: Literal["main", "background"]


class Claim(Open):
    source: str
    kind: str
    value: Any = None
    qualifier: str | None = None
    article: str
    quote: str
    span: list[int]


class Contradiction(Open):
    field: str
    claims: list[int]
    note: str


class Incident(Open):
    """An incident as CONTRACT.md describes it."""

    id: str
    event_type: str | None
    date: When | None
    location: Where | None
    actors: Actors
    fatalities: Toll
    injuries: Toll
    reports: list[Report]
    claims: list[Claim]
    contradictions: list[Contradiction]
    summary: str


class Article(Open):
    """An article as CONTRACT.md describes it; `text` only when asked for."""

    id: str
    source: str
    name: str
    title: str | None
    publisher: str | None
    published: str | None
    published_source: str | None
    duplicate_of: str | None
    shares_origin_with: list[str]
    text: str | None = None


class ArticleIncident(BaseModel):
    incident: str
    role: Literal["main", "background"]


class ArticleDetail(Article):
    text: str | None
    incidents: list[ArticleIncident]


class ClaimRow(Claim):
    incident: str
    index: int = Field(description="position of the claim in the incident's claims")


class Page(BaseModel):
    total: int = Field(description="how many items match, over all pages")
    limit: int
    offset: int


class IncidentPage(Page):
    items: list[Incident]


class ArticlePage(Page):
    items: list[Article]


class ClaimPage(Page):
    items: list[ClaimRow]


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    format: str
    articles: int
    incidents: int
    writes: bool = Field(description="whether POST /api/articles is enabled (a token is set)")


class NewArticle(BaseModel):
    """One article to ingest and analyse."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=1_000_000)
    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=2000)
    published: Date | None = Field(default=None, description="YYYY-MM-DD")
    publisher: str | None = Field(default=None, max_length=300)


class Ingested(BaseModel):
    id: str
    added: bool = Field(description="false when the article was already stored")
    incidents: list[ArticleIncident]


class Problem(BaseModel):
    detail: str


class InvalidItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Invalid(BaseModel):
    """A 422: what was wrong with which part of the request (FastAPI's shape)."""

    detail: list[InvalidItem]
