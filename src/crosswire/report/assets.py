"""The front-end libraries the HTML report inlines, read from the vendor folder.

`make assets` copies Leaflet, topojson-client, Chart.js and the Natural Earth countries
(world-atlas) from npm into `crosswire/web/static/vendor/`. The report inlines them so that
it opens without a network. When they are missing the report is written without the map
and the chart (`Assets.missing` names the files and the page says to run `make assets`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from markupsafe import Markup

log = logging.getLogger(__name__)

FILES = {
    "leaflet_js": "leaflet.js",
    "leaflet_css": "leaflet.css",
    "topojson_js": "topojson-client.min.js",
    "chart_js": "chart.umd.min.js",
    "countries": "countries-110m.json",
}

# Text that would end or confuse an inline <script>/<style> element early.
_SCRIPT_END = re.compile(r"</(script)", re.IGNORECASE)
_STYLE_END = re.compile(r"</(style)", re.IGNORECASE)
EMPTY = Markup("")


@dataclass(frozen=True, slots=True)
class Assets:
    """The vendor files as text ready to sit inside <script>/<style>; empty when missing."""

    leaflet_js: Markup = EMPTY
    leaflet_css: Markup = EMPTY
    topojson_js: Markup = EMPTY
    chart_js: Markup = EMPTY
    countries: Markup = EMPTY
    missing: tuple[str, ...] = ()

    @property
    def available(self) -> bool:
        return not self.missing


def vendor_dir() -> Path:
    """Where `make assets` puts the libraries: crosswire/web/static/vendor."""
    return Path(str(files("crosswire").joinpath("web", "static", "vendor")))


def inline_script(text: str) -> Markup:
    """Script text that cannot close its <script> element: `</script` becomes `<\\/script`,
    which means the same in a JavaScript string, template, regex or comment."""
    return Markup(_SCRIPT_END.sub(r"<\\/\1", text))


def inline_json(text: str) -> Markup:
    """JSON text for a `<script type="application/json">`: `<`, `>` and `&` can only stand
    inside JSON strings, where their \\u escapes mean the same."""
    escaped = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(escaped)


def inline_style(text: str) -> Markup:
    return Markup(_STYLE_END.sub(r"<\\/\1", text))


def load_assets(folder: Path | None = None) -> Assets:
    """The vendor files from `folder` (default vendor_dir()); Assets with `missing` set and
    no content when any of them cannot be read."""
    folder = folder if folder is not None else vendor_dir()
    texts: dict[str, str] = {}
    missing: list[str] = []
    for key, name in FILES.items():
        try:
            texts[key] = (folder / name).read_text(encoding="utf-8")
        except OSError:
            missing.append(name)
    if missing:
        log.warning(
            "report: no map or chart, %s missing in %s: run `make assets`",
            ", ".join(missing),
            folder,
        )
        return Assets(missing=tuple(missing))
    return Assets(
        leaflet_js=inline_script(texts["leaflet_js"]),
        leaflet_css=inline_style(texts["leaflet_css"]),
        topojson_js=inline_script(texts["topojson_js"]),
        chart_js=inline_script(texts["chart_js"]),
        countries=inline_json(texts["countries"]),
    )
