"""The GeoJSON export: one Point Feature per incident that has coordinates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from crosswire.export.tables import csv_row


def located(incident: Mapping[str, Any]) -> bool:
    loc = incident.get("location") or {}
    return loc.get("lat") is not None and loc.get("lon") is not None


def feature(incident: Mapping[str, Any]) -> dict[str, Any]:
    """A located incident as a Feature: the point [lon, lat] and crosswire's CSV columns
    (less the coordinates) as properties."""
    loc = incident["location"]
    properties = {k: v for k, v in csv_row(incident).items() if k not in ("latitude", "longitude")}
    return {
        "type": "Feature",
        "id": incident["id"],
        "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
        "properties": properties,
    }


def to_geojson(incidents: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection of the located incidents (the others are left out)."""
    return {
        "type": "FeatureCollection",
        "features": [feature(i) for i in incidents if located(i)],
    }
