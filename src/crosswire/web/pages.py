"""The server-rendered pages: the incident list, an incident, an article, the map and the
timeline. Data for the scripts goes in `<script type="application/json">` blocks."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from crosswire.highlight import Mark, highlight
from crosswire.web.app import Settings
from crosswire.web.data import (
    IncidentFilter,
    Snapshot,
    facets,
    located,
    parent_type,
    select_incidents,
)
from crosswire.web.params import incident_filter, settings

router = APIRouter(include_in_schema=False)

Config = Annotated[Settings, Depends(settings)]
Filters = Annotated[IncidentFilter, Depends(incident_filter)]
PER_PAGE = 25


def _render(config: Config, request: Request, name: str, context: dict[str, Any]) -> HTMLResponse:
    context = {"vendor": config.vendor, "parent_type": parent_type, **context}
    return config.templates.TemplateResponse(request, name, context)


def _query(f: IncidentFilter, **extra: Any) -> str:
    return urlencode({**f.active(), **{k: v for k, v in extra.items() if v}})


@router.get("/", response_class=HTMLResponse)
def incident_list(
    request: Request,
    config: Config,
    f: Filters,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = PER_PAGE,
) -> HTMLResponse:
    snap = config.catalog.snapshot()
    found = select_incidents(snap, f)
    pages = max(1, -(-len(found) // per_page))
    if page > pages:
        raise HTTPException(404, f"page {page} is past the last page ({pages})")
    rows = found[(page - 1) * per_page : page * per_page]
    size = per_page if per_page != PER_PAGE else None
    return _render(
        config,
        request,
        "incidents.html",
        {
            "f": f,
            "rows": rows,
            "total": len(found),
            "all": len(snap.incidents),
            "page": page,
            "pages": pages,
            "first": (page - 1) * per_page + 1,
            "facets": facets(snap),
            "articles": snap.articles,
            "prev_url": "?" + _query(f, page=page - 1, per_page=size) if page > 1 else None,
            "next_url": "?" + _query(f, page=page + 1, per_page=size) if page < pages else None,
            "query": _query(f),
        },
    )


def report_groups(inc: dict[str, Any], snap: Snapshot) -> list[list[dict[str, Any]]]:
    """The incident's reporting articles, grouped by shared wire origin (one group per
    independent source), in the order of their first report."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for rep in inc.get("reports", []):
        article = snap.articles.get(rep["article"]) or {"id": rep["article"]}
        key = article.get("origin") if article.get("shares_origin_with") else article["id"]
        groups.setdefault(key or article["id"], []).append(
            {"article": article, "role": rep["role"]}
        )
    return list(groups.values())


def _marker(inc: dict[str, Any]) -> dict[str, Any]:
    loc = inc["location"]
    return {
        "id": inc["id"],
        "lat": loc["lat"],
        "lon": loc["lon"],
        "name": loc.get("name"),
        "event_type": inc.get("event_type"),
        "date": (inc.get("date") or {}).get("start"),
        "fatalities": (inc.get("fatalities") or {}).get("best"),
        "url": f"/incidents/{inc['id']}",
    }


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, config: Config, incident_id: str) -> HTMLResponse:
    snap = config.catalog.snapshot()
    inc = snap.incidents.get(incident_id)
    if inc is None:
        raise HTTPException(404, f"no incident with id {incident_id!r}")
    contradicted: dict[int, list[str]] = {}
    for c in inc.get("contradictions", []):
        for n in c.get("claims", []):
            contradicted.setdefault(n, []).append(c.get("field", ""))
    return _render(
        config,
        request,
        "incident.html",
        {
            "inc": inc,
            "articles": snap.articles,
            "groups": report_groups(inc, snap),
            "contradicted": contradicted,
            "markers": [_marker(inc)] if located(inc) else [],
            "anchor": anchor,
        },
    )


def anchor(start: int, end: int) -> str:
    """The element id of a span's start in the article page (the target of a quote link)."""
    return f"span-{start}-{end}"


def span_mark(start: int, end: int, kind: str, note: str = "") -> Mark:
    """A span of an article page, classed `hl-KIND`; a claim's has an anchor to link to."""
    return Mark(start, end, (f"hl-{kind}",), note, anchor(start, end) if kind == "claim" else None)


def article_spans(article_id: str, snap: Snapshot, sentences: list[tuple[int, int]]) -> list[Mark]:
    """What to highlight in an article: the sentences its mentions rest on and the spans
    of the claims quoted from it."""
    spans = [span_mark(s, e, "sentence", "sentence of an incident mention") for s, e in sentences]
    for incident_id, _role in snap.reported_in.get(article_id, []):
        for c in snap.incidents[incident_id].get("claims", []):
            if c.get("article") == article_id and len(c.get("span") or ()) == 2:
                note = f"{c.get('kind')}: {c.get('source')}"
                spans.append(span_mark(int(c["span"][0]), int(c["span"][1]), "claim", note))
    return spans


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(
    request: Request,
    config: Config,
    article_id: str,
    hl: Annotated[str, Query(pattern=r"^(\d{1,9}-\d{1,9})?$", description="START-END")] = "",
) -> HTMLResponse:
    snap = config.catalog.snapshot()
    record = snap.articles.get(article_id)
    text = config.catalog.article_text(article_id) if record else None
    if record is None or text is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    spans = article_spans(article_id, snap, config.catalog.mention_spans(article_id))
    if hl:
        start, end = (int(x) for x in hl.split("-"))
        spans.append(span_mark(start, end, "target", "the quote you followed"))
    reports = [(snap.incidents[i], role) for i, role in snap.reported_in.get(article_id, [])]
    return _render(
        config,
        request,
        "article.html",
        {
            "a": record,
            "body": highlight(text, spans),
            "reports": reports,
            "articles": snap.articles,
        },
    )


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, config: Config, f: Filters) -> HTMLResponse:
    snap = config.catalog.snapshot()
    found = select_incidents(snap, f)
    markers = [_marker(inc) for inc in found if located(inc)]
    return _render(
        config,
        request,
        "map.html",
        {"f": f, "markers": markers, "unlocated": len(found) - len(markers),
         "total": len(found), "facets": facets(snap), "query": _query(f)},
    )  # fmt: skip


def _periods(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` (YYYY-MM), or every year when that is over ten
    years, so that the chart's axis is time and gaps show."""
    (y0, m0), (y1, m1) = (map(int, first.split("-")), map(int, last.split("-")))
    if (y1 - y0) * 12 + m1 - m0 > 120:
        return [str(y) for y in range(y0, y1 + 1)]
    return [f"{y:04d}-{m:02d}" for y in range(y0, y1 + 1) for m in range(1, 13)
            if (y, m) >= (y0, m0) and (y, m) <= (y1, m1)]  # fmt: skip


def chart_data(found: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Incidents and best-estimate deaths per month (or year), by start date."""
    dated = [inc for inc in found if (inc.get("date") or {}).get("start")]
    if not dated:
        return {"labels": [], "incidents": [], "killed": []}
    starts = sorted(inc["date"]["start"][:7] for inc in dated)
    labels = _periods(starts[0], starts[-1])
    size = len(labels[0])
    counts, killed = Counter[str](), Counter[str]()
    for inc in dated:
        key = inc["date"]["start"][:size]
        counts[key] += 1
        killed[key] += int((inc.get("fatalities") or {}).get("best") or 0)
    return {"labels": labels, "incidents": [counts[k] for k in labels],
            "killed": [killed[k] for k in labels]}  # fmt: skip


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, config: Config, f: Filters) -> HTMLResponse:
    snap = config.catalog.snapshot()
    found = select_incidents(snap, f)
    chart = chart_data(found)
    ids = {inc["id"] for inc in found}
    entries = [e for e in snap.doc.get("chronology", []) if e.get("incident") in ids]
    return _render(
        config,
        request,
        "timeline.html",
        {"f": f, "chart": chart, "entries": entries, "total": len(found),
         "facets": facets(snap), "query": _query(f)},
    )  # fmt: skip
