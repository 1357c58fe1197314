"""The data behind the report's map and chronology chart, and its safe embedding.

Pure functions over export incidents (CONTRACT.md); the page's script reads the result from
a `<script type="application/json">` block that `script_json` makes unbreakable.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from markupsafe import Markup

from crosswire.report.assets import inline_json

# Beyond this many months the chart counts per year.
MAX_MONTHS = 120
# Up to this many days between the first and last incident the chart counts per day.
MAX_DAYS = 62


def script_json(value: object) -> Markup:
    """JSON for a `<script type="application/json">`: no `<`, `>` or `&` left raw, so no
    text in it can close the element."""
    return inline_json(json.dumps(value, ensure_ascii=False, sort_keys=True))


def _label(inc: Mapping[str, Any]) -> str:
    start = (inc.get("date") or {}).get("start") or "undated"
    return f"{start}: {inc.get('event_type') or 'incident'}"


def map_places(incidents: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One map point per distinct place with coordinates, listing the incidents there."""
    places: dict[tuple[float, float], dict[str, Any]] = {}
    for inc in incidents:
        loc = inc.get("location") or {}
        if loc.get("lat") is None or loc.get("lon") is None:
            continue
        key = (round(float(loc["lat"]), 5), round(float(loc["lon"]), 5))
        place = places.setdefault(
            key,
            {
                "lat": key[0],
                "lon": key[1],
                "name": loc.get("name") or "",
                "precision": loc.get("precision"),
                "killed": 0,
                "incidents": [],
            },
        )
        place["killed"] += (inc.get("fatalities") or {}).get("best") or 0
        place["incidents"].append({"id": inc["id"], "label": _label(inc)})
    return list(places.values())


def unplaced(incidents: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Incidents the map cannot show: no place, or a place without coordinates."""
    out = []
    for inc in incidents:
        loc = inc.get("location") or {}
        if loc.get("lat") is None or loc.get("lon") is None:
            out.append({"id": inc["id"], "label": _label(inc), "place": loc.get("name")})
    return out


def _day(inc: Mapping[str, Any]) -> date | None:
    start = (inc.get("date") or {}).get("start")
    try:
        return date.fromisoformat(start) if start else None
    except ValueError:
        return None


def _buckets(first: date, last: date) -> tuple[str, list[str]]:
    """The chart's unit and its labels from `first` to `last`, empty periods included."""
    if (last - first).days <= MAX_DAYS:
        days = [date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]
        return "day", [d.isoformat() for d in days]
    months = (last.year - first.year) * 12 + last.month - first.month
    if months <= MAX_MONTHS:
        index = [first.year * 12 + first.month - 1 + k for k in range(months + 1)]
        return "month", [f"{n // 12:04d}-{n % 12 + 1:02d}" for n in index]
    return "year", [f"{y:04d}" for y in range(first.year, last.year + 1)]


def _key(day: date, unit: str) -> str:
    return {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}[unit]


def chart_series(incidents: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Incidents and their best fatality estimates per day, month or year (by start date);
    `undated` counts the incidents left out."""
    dated = [(d, inc) for inc in incidents if (d := _day(inc)) is not None]
    if not dated:
        return {
            "unit": None,
            "labels": [],
            "incidents": [],
            "killed": [],
            "undated": len(incidents),
        }
    unit, labels = _buckets(min(d for d, _ in dated), max(d for d, _ in dated))
    position = {label: k for k, label in enumerate(labels)}
    counts, killed = [0] * len(labels), [0] * len(labels)
    for day, inc in dated:
        k = position[_key(day, unit)]
        counts[k] += 1
        killed[k] += (inc.get("fatalities") or {}).get("best") or 0
    return {
        "unit": unit,
        "labels": labels,
        "incidents": counts,
        "killed": killed,
        "undated": len(incidents) - len(dated),
    }
