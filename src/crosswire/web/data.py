"""What the web app shows: the export document read once from the store, cached until the
store changes, and the filters over its incidents.

Filtering is pure Python over the CONTRACT.md documents; the only SQL here is SQLAlchemy
Core with bound parameters.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select

from crosswire.export import document
from crosswire.extract.types import event_type_of
from crosswire.store import Store
from crosswire.store.codec import mention_from_json
from crosswire.store.schema import articles, incidents, mentions

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    """The filters of the incident list, the map, the timeline and /api/incidents. Empty
    fields do not filter. Text fields match case-insensitively, as substrings."""

    date_from: date | None = None
    date_to: date | None = None
    country: str | None = None
    place: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    source: str | None = None
    q: str | None = None
    has_contradiction: bool | None = None

    def active(self) -> dict[str, str]:
        """The filters that are set, as query-string values."""
        found: dict[str, str] = {}
        for name in self.__slots__:
            value = getattr(self, name)
            if value is None or value == "":
                continue
            found[name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
        return found


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The export document and its indexes, as of one state of the store."""

    key: tuple[Any, ...]
    doc: dict[str, Any]
    incidents: dict[str, dict[str, Any]]
    articles: dict[str, dict[str, Any]]
    # article id -> [(incident id, role)]
    reported_in: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


class Catalog:
    """The store as the web app reads it. `snapshot()` rebuilds the document only when a
    cheap query over the store says it changed."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None

    def state(self) -> tuple[Any, ...]:
        """Counts and sums that change whenever articles, analyses or incidents do."""
        with self.store.engine.connect() as conn:
            a = conn.execute(
                select(
                    func.count(),
                    func.max(articles.c.seq),
                    func.sum(articles.c.analysis_version),
                    func.sum(func.length(func.coalesce(articles.c.published, ""))),
                    func.count(articles.c.origin),
                    func.count(articles.c.duplicate_of),
                )
            ).one()
            i = conn.execute(
                select(
                    func.count(), func.sum(func.length(incidents.c.data)), func.max(incidents.c.id)
                )
            ).one()
        return (*a, *i)

    def snapshot(self) -> Snapshot:
        key = self.state()
        with self._lock:
            if self._snapshot is None or self._snapshot.key != key:
                log.info("reading the store for the web app")
                self._snapshot = self._build(key)
            return self._snapshot

    def _build(self, key: tuple[Any, ...]) -> Snapshot:
        doc = document(self.store.articles(), self.store.origin_groups(), self.store.incidents())
        reported_in: dict[str, list[tuple[str, str]]] = {}
        for inc in doc["incidents"]:
            for rep in inc.get("reports", []):
                reported_in.setdefault(rep["article"], []).append((inc["id"], rep["role"]))
        return Snapshot(
            key=key,
            doc=doc,
            incidents={inc["id"]: inc for inc in doc["incidents"]},
            articles={a["id"]: a for a in doc["articles"]},
            reported_in=reported_in,
        )

    def article_text(self, article_id: str) -> str | None:
        article = self.store.article(article_id)
        return article.text if article else None

    def mention_spans(self, article_id: str) -> list[tuple[int, int]]:
        """The sentence spans of the article's stored mentions."""
        query = (
            select(mentions.c.data)
            .where(mentions.c.article_id == article_id)
            .order_by(mentions.c.idx)
        )
        spans: list[tuple[int, int]] = []
        with self.store.engine.connect() as conn:
            for (data,) in conn.execute(query):
                spans.extend(mention_from_json(data).sentences)
        return spans


# -- filters -------------------------------------------------------------------------------


def parent_type(sub_event_type: str | None) -> str | None:
    """The ACLED event type of a sub-event type, or None for one ACLED does not have."""
    if not sub_event_type:
        return None
    try:
        return event_type_of(sub_event_type)
    except KeyError:
        return None


def _has(text: str | None, needle: str) -> bool:
    return bool(text) and needle in str(text).casefold()


def _in_dates(inc: dict[str, Any], f: IncidentFilter) -> bool:
    when = inc.get("date") or {}
    if not when.get("start"):
        return False
    if f.date_from and str(when.get("end") or when["start"]) < f.date_from.isoformat():
        return False
    return not (f.date_to and str(when["start"]) > f.date_to.isoformat())


def _place_matches(inc: dict[str, Any], needle: str) -> bool:
    loc = inc.get("location") or {}
    return any(_has(loc.get(k), needle) for k in ("name", "admin1", "admin2"))


def _actor_matches(inc: dict[str, Any], needle: str) -> bool:
    actors = inc.get("actors") or {}
    names = [*actors.get("perpetrators", []), *actors.get("targets", [])]
    return any(_has(n, needle) for n in names)


def _source_matches(inc: dict[str, Any], needle: str, snap: Snapshot) -> bool:
    for rep in inc.get("reports", []):
        article = snap.articles.get(rep["article"]) or {}
        if _has(article.get("publisher"), needle):
            return True
    return any(_has(c.get("source"), needle) for c in inc.get("claims", []))


def _text_matches(inc: dict[str, Any], words: list[str], snap: Snapshot) -> bool:
    parts = [inc.get("summary") or ""]
    parts += [c.get("quote") or "" for c in inc.get("claims", [])]
    for rep in inc.get("reports", []):
        parts.append((snap.articles.get(rep["article"]) or {}).get("title") or "")
    haystack = "\n".join(parts).casefold()
    return all(w in haystack for w in words)


def _type_matches(inc: dict[str, Any], f: IncidentFilter) -> bool:
    sub = inc.get("event_type") or ""
    if f.sub_event_type and sub.casefold() != f.sub_event_type.casefold():
        return False
    if f.event_type:
        wanted = f.event_type.casefold()
        parent = (parent_type(sub) or "").casefold()
        return wanted in (parent, sub.casefold())
    return True


def matches(inc: dict[str, Any], f: IncidentFilter, snap: Snapshot) -> bool:
    """Whether `inc` passes every filter that is set."""
    if (f.date_from or f.date_to) and not _in_dates(inc, f):
        return False
    loc = inc.get("location") or {}
    if f.country and (loc.get("country") or "").casefold() != f.country.casefold():
        return False
    if f.place and not _place_matches(inc, f.place.casefold()):
        return False
    if not _type_matches(inc, f):
        return False
    if f.actor and not _actor_matches(inc, f.actor.casefold()):
        return False
    if f.source and not _source_matches(inc, f.source.casefold(), snap):
        return False
    if f.q and not _text_matches(inc, f.q.casefold().split(), snap):
        return False
    return f.has_contradiction is None or bool(inc.get("contradictions")) == f.has_contradiction


def select_incidents(snap: Snapshot, f: IncidentFilter) -> list[dict[str, Any]]:
    """The incidents that pass `f`, in date order."""
    return [inc for inc in snap.doc["incidents"] if matches(inc, f, snap)]


def facets(snap: Snapshot) -> dict[str, list[tuple[str, int]]]:
    """Values to choose from in the filter form, with how many incidents have each."""
    counts: dict[str, dict[str, int]] = {"event_type": {}, "sub_event_type": {}, "country": {}}
    for inc in snap.doc["incidents"]:
        sub = inc.get("event_type")
        country = (inc.get("location") or {}).get("country")
        for name, value in (
            ("sub_event_type", sub),
            ("event_type", parent_type(sub)),
            ("country", country),
        ):
            if value:
                counts[name][value] = counts[name].get(value, 0) + 1
    return {name: sorted(values.items()) for name, values in counts.items()}


def located(inc: dict[str, Any]) -> bool:
    loc = inc.get("location") or {}
    return loc.get("lat") is not None and loc.get("lon") is not None
