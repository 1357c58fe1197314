"""Exports of the store: JSON (CONTRACT.md, `crosswire.incidents/1`), CSV and GeoJSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from crosswire.models import Article
from crosswire.store import Store

FORMAT = "crosswire.incidents/1"
FORMATS = ("json", "csv", "geojson")

CSV_COLUMNS = (
    "id", "event_type", "date_start", "date_end", "date_precision", "location", "country",
    "admin1", "admin2", "latitude", "longitude", "geo_precision", "perpetrators", "targets",
    "fatalities_low", "fatalities_best", "fatalities_high", "injuries_low", "injuries_best",
    "injuries_high", "articles", "claims", "contradictions", "summary",
)  # fmt: skip


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


def csv_row(incident: dict[str, Any]) -> dict[str, Any]:
    date = incident.get("date") or {}
    loc = incident.get("location") or {}
    actors = incident.get("actors") or {}
    fat = incident.get("fatalities") or {}
    inj = incident.get("injuries") or {}
    return {
        "id": incident["id"],
        "event_type": incident.get("event_type"),
        "date_start": date.get("start"),
        "date_end": date.get("end"),
        "date_precision": date.get("precision"),
        "location": loc.get("name"),
        "country": loc.get("country"),
        "admin1": loc.get("admin1"),
        "admin2": loc.get("admin2"),
        "latitude": loc.get("lat"),
        "longitude": loc.get("lon"),
        "geo_precision": loc.get("precision"),
        "perpetrators": "; ".join(actors.get("perpetrators", [])),
        "targets": "; ".join(actors.get("targets", [])),
        "fatalities_low": fat.get("low"),
        "fatalities_best": fat.get("best"),
        "fatalities_high": fat.get("high"),
        "injuries_low": inj.get("low"),
        "injuries_best": inj.get("best"),
        "injuries_high": inj.get("high"),
        "articles": len(incident.get("reports", [])),
        "claims": len(incident.get("claims", [])),
        "contradictions": len(incident.get("contradictions", [])),
        "summary": incident.get("summary", ""),
    }


def to_csv(store: Store) -> str:
    """One row per incident; lists are joined with '; '."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for incident in store.incidents():
        writer.writerow(csv_row(incident))
    return out.getvalue()


def to_geojson(store: Store) -> dict[str, Any]:
    """A FeatureCollection with one Point per incident that has coordinates."""
    features = []
    for incident in store.incidents():
        loc = incident.get("location") or {}
        if loc.get("lat") is None or loc.get("lon") is None:
            continue
        properties = {
            k: v for k, v in csv_row(incident).items() if k not in ("latitude", "longitude")
        }
        features.append(
            {
                "type": "Feature",
                "id": incident["id"],
                "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def export(store: Store, fmt: str) -> str:
    """The store in format `fmt` (one of FORMATS), as text."""
    if fmt == "json":
        return json.dumps(to_json(store), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return to_csv(store)
    if fmt == "geojson":
        return json.dumps(to_geojson(store), ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
