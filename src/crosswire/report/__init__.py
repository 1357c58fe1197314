"""Reports for people: a self-contained HTML file and a short summary for the terminal.

The HTML report needs no network: Leaflet, topojson-client, Chart.js and the Natural Earth
countries are inlined from the vendor folder (see `assets`), the map and chart data sit in
a JSON block (see `figures`), and article texts are escaped with the claims' quotes marked
(see `highlight`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crosswire import __version__
from crosswire.export import document
from crosswire.report.assets import Assets, load_assets
from crosswire.report.figures import chart_series, map_places, script_json, unplaced
from crosswire.report.highlight import claim_anchor, highlighted_texts
from crosswire.store import Store

__all__ = ["Assets", "load_assets", "page_data", "render_html", "report_data", "write_html"]


def report_data(store: Store) -> dict[str, Any]:
    """What a report shows: the export document plus article texts and counts, from one
    read of the articles."""
    articles = list(store.articles())
    groups = store.origin_groups()
    doc = document(articles, groups, store.incidents())
    return {
        "articles": doc["articles"],
        "incidents": doc["incidents"],
        "chronology": doc["chronology"],
        "texts": {a.id: a.text for a in articles},
        "duplicates": sum(1 for a in articles if a.duplicate_of),
        "groups": groups,
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "version": __version__,
    }


def disputed_claims(incident: dict[str, Any]) -> set[int]:
    """Indexes of the claims that some contradiction of `incident` involves."""
    return {i for c in incident.get("contradictions") or [] for i in c.get("claims") or []}


def page_data(data: dict[str, Any]) -> dict[str, Any]:
    """What the template needs beyond `report_data`: marked texts, map and chart data."""
    incidents = data["incidents"]
    texts, anchors = highlighted_texts(incidents, data["texts"])
    chart = chart_series(incidents)
    return {
        "marked_texts": texts,
        "claim_anchors": anchors,
        "claim_anchor": claim_anchor,
        "disputed_claims": disputed_claims,
        "article_names": {a["id"]: a["name"] for a in data["articles"]},
        "unplaced": unplaced(incidents),
        "chart": chart,
        "figures_json": script_json({"places": map_places(incidents), "chart": chart}),
    }


def render_html(data: dict[str, Any], assets: Assets | None = None) -> str:
    """One HTML page that needs no network to open. All text is escaped; without the vendor
    files (`make assets`) the page has no map and no chart and says so."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("crosswire.report", "templates"),
        autoescape=select_autoescape(default=True),
    )
    assets = assets if assets is not None else load_assets()
    return env.get_template("report.html").render(**data, **page_data(data), assets=assets)


def write_html(store: Store, path: Path, assets: Assets | None = None) -> None:
    path.write_text(render_html(report_data(store), assets), encoding="utf-8")
