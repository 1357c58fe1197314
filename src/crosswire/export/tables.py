"""The CSV exports, one row per incident: crosswire's own columns, ACLED's and UCDP GED's.

Every text cell that a spreadsheet would read as a formula (starting with `=`, `+`, `-`,
`@`, a tab or a carriage return) is written with a leading `'` (`safe_cell`): the text comes
from articles, which anyone can write. Numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from crosswire.export import codes

CSV_COLUMNS = (
    "id", "event_type", "date_start", "date_end", "date_precision", "location", "country",
    "admin1", "admin2", "latitude", "longitude", "geo_precision", "perpetrators", "targets",
    "fatalities_low", "fatalities_best", "fatalities_high", "injuries_low", "injuries_best",
    "injuries_high", "articles", "claims", "contradictions", "summary",
)  # fmt: skip

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "actor2", "iso", "country", "admin1", "admin2", "location",
    "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
)  # fmt: skip

UCDP_COLUMNS = (
    "id", "year", "where_coordinates", "where_prec", "adm_1", "adm_2", "latitude",
    "longitude", "geom_wkt", "country", "date_start", "date_end", "date_prec", "best", "high",
    "low", "number_of_sources", "source_article", "source_office", "source_date",
    "source_headline",
)  # fmt: skip

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Sources = Mapping[str, Mapping[str, Any]]
"""Article records (export.article_record) by article id."""


def safe_cell(value: object) -> object:
    """A cell a spreadsheet will not run: text starting like a formula gets a leading `'`."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
    return out.getvalue()


def csv_row(incident: Mapping[str, Any]) -> dict[str, Any]:
    """crosswire's own columns; lists are joined with '; '."""
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


def _reported_in(incident: Mapping[str, Any], sources: Sources) -> list[Mapping[str, Any]]:
    """The articles reporting the incident, in the order of `reports` (publication order)."""
    ids = dict.fromkeys(r["article"] for r in incident.get("reports", []))
    return [sources[i] for i in ids if i in sources]


def _publishers(articles: Iterable[Mapping[str, Any]]) -> list[str]:
    """Each article's publisher (its name when unknown), once each, in order."""
    return list(dict.fromkeys(a.get("publisher") or a["name"] for a in articles))


def acled_row(incident: Mapping[str, Any], sources: Sources) -> dict[str, Any]:
    """ACLED's columns (docs/export.md says how each is derived)."""
    date = incident.get("date") or {}
    loc = incident.get("location") or {}
    actors = incident.get("actors") or {}
    sub = incident.get("event_type")
    when = codes.midpoint(date["start"], date["end"]) if date else None
    return {
        "event_id_cnty": incident["id"],
        "event_date": when,
        "year": when[:4] if when else None,
        "time_precision": codes.ACLED_TIME_PRECISION.get(date.get("precision", "")),
        "disorder_type": codes.disorder_type(sub),
        "event_type": codes.acled_event_type(sub),
        "sub_event_type": sub,
        "actor1": "; ".join(actors.get("perpetrators", [])),
        "actor2": "; ".join(actors.get("targets", [])),
        "iso": codes.country_iso_numeric(loc.get("country")),
        "country": codes.country_name(loc.get("country")),
        "admin1": loc.get("admin1"),
        "admin2": loc.get("admin2"),
        "location": loc.get("name"),
        "latitude": loc.get("lat"),
        "longitude": loc.get("lon"),
        "geo_precision": codes.ACLED_GEO_PRECISION.get(loc.get("precision", "")),
        "source": "; ".join(_publishers(_reported_in(incident, sources))),
        "source_scale": None,
        "notes": incident.get("summary", ""),
        "fatalities": (incident.get("fatalities") or {}).get("low") or 0,
    }


def _citation(article: Mapping[str, Any]) -> str:
    """One source article as UCDP cites it: publisher, date, headline."""
    parts = (
        article.get("publisher") or article["name"],
        article.get("published"),
        article.get("title"),
    )
    return ",".join(p or "" for p in parts)


def ucdp_row(incident: Mapping[str, Any], sources: Sources) -> dict[str, Any]:
    """UCDP GED's columns (docs/export.md says how each is derived)."""
    date = incident.get("date") or {}
    loc = incident.get("location") or {}
    fat = incident.get("fatalities") or {}
    articles = _reported_in(incident, sources)
    located = loc.get("lat") is not None and loc.get("lon") is not None
    return {
        "id": incident["id"],
        "year": date["start"][:4] if date else None,
        "where_coordinates": loc.get("name"),
        "where_prec": codes.UCDP_WHERE_PREC.get(loc.get("precision", "")),
        "adm_1": loc.get("admin1"),
        "adm_2": loc.get("admin2"),
        "latitude": loc.get("lat"),
        "longitude": loc.get("lon"),
        "geom_wkt": f"POINT ({loc['lon']} {loc['lat']})" if located else None,
        "country": codes.country_name(loc.get("country")),
        "date_start": date.get("start"),
        "date_end": date.get("end"),
        "date_prec": codes.UCDP_DATE_PREC.get(date.get("precision", "")),
        "best": fat.get("best"),
        "high": fat.get("high"),
        "low": fat.get("low"),
        "number_of_sources": len(articles),
        "source_article": ";".join(_citation(a) for a in articles),
        "source_office": ";".join(a.get("publisher") or a["name"] for a in articles),
        "source_date": ";".join(a.get("published") or "" for a in articles),
        "source_headline": ";".join(a.get("title") or "" for a in articles),
    }


Row = Callable[[Mapping[str, Any], Sources], dict[str, Any]]
TABLES: dict[str, tuple[Sequence[str], Row]] = {
    "csv": (CSV_COLUMNS, lambda incident, _sources: csv_row(incident)),
    "acled-csv": (ACLED_COLUMNS, acled_row),
    "ucdp-csv": (UCDP_COLUMNS, ucdp_row),
}


def to_table(fmt: str, incidents: Iterable[Mapping[str, Any]], sources: Sources) -> str:
    """The CSV export `fmt` (a key of TABLES) of the incidents."""
    columns, row = TABLES[fmt]
    return write_csv(columns, (row(incident, sources) for incident in incidents))
