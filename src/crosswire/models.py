"""The records that flow through crosswire, as plain frozen dataclasses.

The data flow is Document -> Article -> Mention -> incident; see docs/architecture.md.
Incidents are not a record here: reconcile.py builds them as CONTRACT.md documents.
Records carry no logic: they are validated where data comes in (readers, CLI, HTTP)
and trusted inside.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

PublishedSource = Literal["metadata", "text", "inferred"]
Role = Literal["main", "background"]


@dataclass(frozen=True, slots=True)
class Document:
    """One input as a reader found it: text plus whatever metadata came with it.

    `text` is decoded but not yet cleaned. `published`, when set, is `YYYY-MM-DD`
    and came from metadata (a JSONL field, an HTML meta tag, a sidecar file).
    """

    source: str
    name: str
    fmt: str
    text: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """An article as stored: cleaned text (all character spans refer to it) and metadata."""

    id: str
    source: str
    name: str
    fmt: str
    text: str
    raw_text: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    published_source: PublishedSource | None = None
    dateline_place: str | None = None
    url: str | None = None
    duplicate_of: str | None = None
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class Interval:
    """A date interval, both ends inclusive, with the precision the text supports."""

    start: str
    end: str
    precision: Literal["day", "days", "week", "month", "year"]

    @property
    def to_the_day(self) -> bool:
        """Is it a day, or a few days named one by one ("day" or "days")?"""
        return self.precision in ("day", "days")


@dataclass(frozen=True, slots=True)
class Location:
    name: str
    country: str | None
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    precision: Literal["point", "near", "admin2", "admin1", "country"]
    gazetteer_id: str | None = None


@dataclass(frozen=True, slots=True)
class Estimate:
    low: int | None = None
    best: int | None = None
    high: int | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """Who says what about an incident, in which article, with the sentence it comes from."""

    source: str
    kind: Literal[
        "fatalities",
        "injuries",
        "responsibility",
        "denial",
        "no_comment",
        "damage",
        "target",
        "other",
    ]
    value: str | int | None
    qualifier: str | None
    article: str
    quote: str
    span: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Mention:
    """One incident as one article reports it (`main`) or recalls it (`background`)."""

    article: str
    index: int
    role: Role
    event_type: str | None
    date: Interval | None
    location: Location | None
    perpetrators: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    fatalities: Estimate = field(default_factory=Estimate)
    injuries: Estimate = field(default_factory=Estimate)
    claims: tuple[Claim, ...] = ()
    sentences: tuple[tuple[int, int], ...] = ()
    keywords: tuple[str, ...] = ()
