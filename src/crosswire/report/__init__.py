"""Reports for people: a self-contained HTML file and a short summary for the terminal."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crosswire import __version__
from crosswire.export import document
from crosswire.store import Store


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


def render_html(data: dict[str, Any]) -> str:
    """One HTML page that needs no network to open. All text is escaped."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("crosswire.report", "templates"),
        autoescape=select_autoescape(default=True),
    )
    return env.get_template("report.html").render(**data)


def write_html(store: Store, path: Path) -> None:
    path.write_text(render_html(report_data(store)), encoding="utf-8")
