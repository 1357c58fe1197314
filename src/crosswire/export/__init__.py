"""Exports of the store: JSON (CONTRACT.md, `crosswire.incidents/1`), crosswire's CSV, the
ACLED and UCDP GED CSV layouts, GeoJSON and a JSON Lines timeline. docs/export.md describes
every format; `codes.py` holds the precision and type codes of ACLED and UCDP.

`render(store, fmt)` returns the text with what was left out (incidents without coordinates
in GeoJSON, undated events in the timeline); `export(store, fmt)` just the text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from crosswire.export.geo import located, to_geojson
from crosswire.export.tables import CSV_COLUMNS, TABLES, csv_row, to_table
from crosswire.export.timeline import events, to_jsonl
from crosswire.models import Article
from crosswire.store import Store

__all__ = [
    "CSV_COLUMNS", "FORMAT", "FORMATS", "Exported", "article_record", "csv_row", "document",
    "export", "render", "render_document", "summary", "to_json",
]  # fmt: skip

FORMAT = "crosswire.incidents/1"
FORMATS = ("json", "csv", "acled-csv", "ucdp-csv", "geojson", "timeline-jsonl")


@dataclass(frozen=True, slots=True)
class Exported:
    """An export's text, how many records it holds (incidents, or events for the timeline)
    and how many were left out, with why."""

    text: str
    records: int
    unit: str
    left_out: int = 0
    why: str = ""


def article_record(article: Article, groups: dict[str, list[str]]) -> dict[str, Any]:
    """An article as CONTRACT.md describes it."""
    group = groups.get(article.origin or "", [])
    return {
        "id": article.id,
        "source": article.source,
        "name": article.name,
        "title": article.title,
        "publisher": article.publisher,
        "published": article.published,
        "published_source": article.published_source,
        "duplicate_of": article.duplicate_of,
        "shares_origin_with": [i for i in group if i != article.id],
        "url": article.url,
        "dateline_place": article.dateline_place,
        "origin": article.origin,
    }


def document(
    articles: Iterable[Article], groups: dict[str, list[str]], incidents: list[dict[str, Any]]
) -> dict[str, Any]:
    """The export document from what the store holds."""
    from crosswire.summarize import chronology

    return {
        "format": FORMAT,
        "articles": [article_record(a, groups) for a in articles],
        "incidents": incidents,
        "chronology": chronology(incidents),
    }


def to_json(store: Store) -> dict[str, Any]:
    return document(store.articles(), store.origin_groups(), store.incidents())


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def render(store: Store, fmt: str) -> Exported:
    """The store in format `fmt` (one of FORMATS)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return render_document(to_json(store), fmt)


def render_document(doc: dict[str, Any], fmt: str) -> Exported:
    """An export document (see `document`) in format `fmt` (one of FORMATS)."""
    incidents = doc["incidents"]
    if fmt == "json":
        return Exported(_dumps(doc), len(incidents), "incidents")
    if fmt in TABLES:
        sources = {a["id"]: a for a in doc["articles"]}
        return Exported(to_table(fmt, incidents, sources), len(incidents), "incidents")
    if fmt == "geojson":
        geo = to_geojson(incidents)
        missing = sum(1 for i in incidents if not located(i))
        return Exported(
            _dumps(geo), len(geo["features"]), "incidents", missing, "without coordinates"
        )
    found, undated = events(incidents, {a["id"]: a for a in doc["articles"]})
    return Exported(to_jsonl(found), len(found), "events", undated, "without a date")


def export(store: Store, fmt: str) -> str:
    """The store in format `fmt` (one of FORMATS), as text."""
    return render(store, fmt).text


def summary(done: Exported, output: str | None) -> str | None:
    """The line the CLI writes to stderr: what went to `output`, and what was left out;
    None when writing to stdout with nothing left out."""
    left = f" ({done.left_out} {done.unit} {done.why} left out)" if done.left_out else ""
    if output:
        return f"export: {done.records} {done.unit} written to {output}{left}"
    return f"export: {done.left_out} {done.unit} {done.why} left out" if left else None
