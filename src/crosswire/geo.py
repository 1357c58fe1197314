"""Distances on the Earth's surface, for places and locations."""

from __future__ import annotations

import math

from crosswire.models import Location

EARTH_KM = 6371.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle (haversine) distance between two points, in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return EARTH_KM * 2 * math.asin(math.sqrt(h))


def location_km(a: Location, b: Location) -> float | None:
    """The distance between two locations, or None when either has no coordinates."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    return distance_km(a.lat, a.lon, b.lat, b.lon)
