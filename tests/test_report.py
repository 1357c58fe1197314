"""The HTML report: self-contained, escaped, with map, chart, marked quotes and contradictions."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from crosswire.options import Options
from crosswire.report import load_assets, render_html, report_data, write_html
from crosswire.report.assets import FILES, inline_json, inline_script, vendor_dir
from crosswire.report.figures import chart_series, map_places, script_json, unplaced
from crosswire.report.highlight import highlighted_texts, locate
from crosswire.store import Store

EVIL = '<script>alert(1)</script> "onerror=alert(2) x'
NO_ASSETS_NOTE = "map and chart need `make assets`"

# Invented articles and an invented incident, written for these tests.
TEXT_A = (
    "Shelling hit the market in Eastbrook on Monday, killing at least 12 people, the "
    "mayor said. A rebel commander said the army fired the shells.\n"
)
TEXT_B = (
    "Hospital staff in Eastbrook said 30 people died in Monday's shelling of the market. "
    "The army denied firing on the town.\n"
)
QUOTE_A = (
    "Shelling hit the market in Eastbrook on Monday, killing at least 12 people, the mayor said."
)
QUOTE_B = "Hospital staff in Eastbrook said 30 people died in Monday's shelling of the market."


def claim(source: str, kind: str, value: Any, article: str, text: str, quote: str) -> dict:
    start = text.index(quote)
    return {
        "source": source,
        "kind": kind,
        "value": value,
        "qualifier": "at_least" if kind == "fatalities" else None,
        "article": article,
        "quote": quote,
        "span": [start, start + len(quote)],
        "also_in": [],
    }


def incident(iid: str, start: str | None, place: dict | None, claims: list[dict]) -> dict:
    return {
        "id": iid,
        "event_type": "Shelling/artillery/missile attack",
        "date": {"start": start, "end": start, "precision": "day"} if start else None,
        "location": place,
        "actors": {"perpetrators": ["Army of Westland"], "targets": ["civilians"]},
        "fatalities": {"low": 12, "best": 12, "high": 30},
        "injuries": {"low": None, "best": None, "high": None},
        "reports": [{"article": c["article"], "role": "main"} for c in claims],
        "claims": claims,
        "contradictions": [],
        "summary": "Shelling was reported in Eastbrook.",
        "timeline": [
            {
                "article": "a1",
                "claims": [0],
                "date": "2024-03-05",
                "kind": "first_report",
                "note": "first report (main) by the mayor",
            },
        ],
    }


EASTBROOK = {
    "name": "Eastbrook",
    "country": "WL",
    "admin1": "North",
    "admin2": None,
    "lat": 12.5,
    "lon": 40.25,
    "precision": "point",
    "gazetteer_id": "1",
}


def article(aid: str, name: str, title: str | None, publisher: str | None) -> dict:
    return {
        "id": aid,
        "source": f"{name}.txt",
        "name": name,
        "title": title,
        "publisher": publisher,
        "published": "2024-03-05",
        "published_source": "metadata",
        "duplicate_of": None,
        "shares_origin_with": [],
    }


def invented(
    *,
    text_a: str = TEXT_A,
    title: str = "Market shelled",
    publisher: str = "Wire",
    place_name: str = "Eastbrook",
) -> dict[str, Any]:
    """report_data's shape: two articles, one disputed incident on the map, one without
    coordinates and one without date or place."""
    a = claim("mayor", "fatalities", 12, "a1", text_a, QUOTE_A)
    b = claim("hospital staff", "fatalities", 30, "b2", TEXT_B, QUOTE_B)
    shelled = incident("inc1", "2024-03-04", EASTBROOK | {"name": place_name}, [a, b])
    shelled["contradictions"] = [
        {"field": "fatalities", "claims": [0, 1], "note": "12 (mayor) vs 30 (hospital staff)"}
    ]
    nowhere = incident(
        "inc2",
        "2024-03-20",
        {**EASTBROOK, "name": "Upper Vale", "lat": None, "lon": None, "precision": "admin1"},
        [],
    )
    undated = incident("inc3", None, None, [])
    incidents = [shelled, nowhere, undated]
    return {
        "articles": [
            article("a1", "a-market", title, publisher),
            article("b2", "b-hospital", None, None),
        ],
        "incidents": incidents,
        "chronology": [
            {
                "incident": i["id"],
                "date": i["date"],
                "event_type": i["event_type"],
                "summary": i["summary"],
            }
            for i in incidents
        ],
        "texts": {"a1": text_a, "b2": TEXT_B},
        "duplicates": 0,
        "groups": {},
        "generated": "2024-03-06 10:00 UTC",
        "version": "test",
    }


class Page(HTMLParser):
    """The parts of a page that a browser acts on: tags with their attributes, script and
    style contents, and text outside them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._in: tuple[str, dict[str, str | None]] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._in = (tag, dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is None:
            self.text.append(data)
        elif self._in[0] == "script":
            self.scripts.append((self._in[1], data))
        else:
            self.styles.append(data)

    def json_block(self, element_id: str) -> Any:
        [body] = [s for a, s in self.scripts if a.get("id") == element_id]
        return json.loads(body)


def outside_scripts(html: str) -> str:
    """The page without the contents of its <script> elements (which contain no `</script`,
    as a test below checks), the way a browser splits it."""
    return re.sub(r"(<script[^>]*>).*?</script>", r"\1</script>", html, flags=re.S | re.I)


def fake_vendor(folder: Path) -> Path:
    """Vendor files written for the test: tiny stand-ins, one with `</script>` in a string."""
    folder.mkdir()
    for name in FILES.values():
        (folder / name).write_text(f"/* stand-in for {name} */ var s = '</script>';\n")
    (folder / "countries-110m.json").write_text('{"type": "Topology", "note": "</script>"}')
    return folder


NETWORK = re.compile(r"^\s*['\"]?\s*(https?:)?//", re.I)


def network_refs(page: Page) -> list[str]:
    """src/href/action attributes and CSS url()s that would reach the network."""
    refs = [
        value or ""
        for _, attrs in page.tags
        for name, value in attrs.items()
        if name in ("src", "href", "action", "data", "poster", "srcset")
        and NETWORK.match(value or "")
    ]
    css = page.styles + [attrs.get("style") or "" for _, attrs in page.tags]
    refs += [u for block in css for u in re.findall(r"url\(([^)]*)\)", block) if NETWORK.match(u)]
    return refs


# -- the parts ----------------------------------------------------------------------------


def test_locate_trusts_a_span_only_when_it_holds_the_quote() -> None:
    text = "The mayor said 12 died. The mayor said 12 died."
    assert locate(text, [24, 47], "The mayor said 12 died.") == (24, 47)
    assert locate(text, [3, 9], "The mayor said 12 died.") == (0, 23)  # stale span
    assert locate(text, [40, 99], None) is None
    assert locate(text, None, "not there") is None


def test_claims_link_only_to_quotes_found() -> None:
    data = invented()
    data["incidents"][0]["claims"][1]["quote"] = "never written"
    data["incidents"][0]["claims"][1]["span"] = [500, 600]
    texts, anchors = highlighted_texts(data["incidents"], data["texts"])
    assert anchors == {"claim-inc1-0"}
    assert "<mark" in texts["a1"] and "<mark" not in texts["b2"]
    html = render_html(data, load_assets(Path("/nonexistent")))
    assert '<a href="#claim-inc1-0"' in html and 'href="#claim-inc1-1"' not in html


def test_chart_series_counts_per_day_month_or_year() -> None:
    def inc(start: str | None, best: int | None) -> dict:
        return {
            "id": start,
            "date": {"start": start} if start else None,
            "fatalities": {"best": best},
        }

    days = chart_series(
        [inc("2024-03-01", 3), inc("2024-03-03", None), inc("2024-03-03", 4), inc(None, 9)]
    )
    assert days == {
        "unit": "day",
        "labels": ["2024-03-01", "2024-03-02", "2024-03-03"],
        "incidents": [1, 0, 2],
        "killed": [3, 0, 4],
        "undated": 1,
    }
    months = chart_series([inc("2023-11-20", 1), inc("2024-02-01", 2)])
    assert months["labels"] == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert months["incidents"] == [1, 0, 0, 1]
    years = chart_series([inc("1990-01-01", 1), inc("2024-12-31", 2)])
    assert years["unit"] == "year" and len(years["labels"]) == 35 and years["killed"][-1] == 2
    assert chart_series([inc(None, 1)])["undated"] == 1


def test_map_groups_places_and_lists_the_unplaced() -> None:
    data = invented()
    twin = data["incidents"][0] | {"id": "inc4"}
    places = map_places([*data["incidents"], twin])
    assert len(places) == 1 and places[0]["killed"] == 24
    assert [i["id"] for i in places[0]["incidents"]] == ["inc1", "inc4"]
    assert [(u["id"], u["place"]) for u in unplaced(data["incidents"])] == [
        ("inc2", "Upper Vale"),
        ("inc3", None),
    ]


def test_embedded_json_and_scripts_cannot_close_their_element() -> None:
    value = {"name": EVIL, "amp": "a & b", "tag": "</SCRIPT >"}
    text = str(script_json(value))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value
    assert str(inline_json('{"a": "</script>"}')) == '{"a": "\\u003c/script\\u003e"}'
    assert str(inline_script("x = '</Script>'; y = /a<\\/script/;")) == (
        "x = '<\\/Script>'; y = /a<\\/script/;"
    )


# -- the page -------------------------------------------------------------------------------


def test_report_shows_incidents_claims_contradictions_timeline(tmp_path: Path) -> None:
    html = render_html(invented(), load_assets(fake_vendor(tmp_path / "vendor")))
    page = Page(html)
    text = " ".join("".join(page.text).split())
    assert "2024-03-04 day" in text and "Eastbrook, North, WL point" in text
    assert "12.5000, 40.2500" in text and "Army of Westland" in text and "civilians" in text
    assert "12 / 12 / 30" in text
    assert "Sources disagree fatalities: 12 (mayor) vs 30 (hospital staff)" in text
    assert text.count("disputed") >= 2  # both claims in the contradiction are flagged
    assert '<section class="incident disputed" id="incident-inc1">' in html
    assert "first_report" in text and "first report (main) by the mayor" in text
    assert 'href="#claim-inc1-0"' in html and 'href="#claim-inc1-1"' in html
    assert '<details id="text-a1">' in html and 'id="claim-inc1-0"' in html
    assert "Not on the map" in text and "Upper Vale" in text and "no place named" in text
    assert 'id="map"' in html and 'id="chart"' in html and NO_ASSETS_NOTE not in html
    figures = page.json_block("report-figures")
    assert [p["name"] for p in figures["places"]] == ["Eastbrook"]
    assert figures["chart"]["unit"] == "day" and sum(figures["chart"]["incidents"]) == 2
    assert page.json_block("countries-110m") == {"type": "Topology", "note": "</script>"}


def test_without_vendor_files_the_rest_still_renders(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assets = load_assets(tmp_path / "empty")
    assert not assets.available and "leaflet.js" in assets.missing
    html = render_html(invented(), assets)
    page = Page(html)
    assert NO_ASSETS_NOTE in " ".join(page.text)
    assert 'id="map"' not in html and 'id="chart"' not in html
    assert 'id="incident-inc1"' in html and 'href="#claim-inc1-0"' in html
    assert "Upper Vale" in " ".join(page.text)
    assert [a.get("id") for a, _ in page.scripts if a.get("type")] == ["report-figures"]


@pytest.mark.parametrize("vendor", ["fake", "real"])
def test_report_needs_no_network(tmp_path: Path, vendor: str) -> None:
    if vendor == "real" and not load_assets().available:
        pytest.skip("no vendor files: run `make assets`")
    assets = load_assets(fake_vendor(tmp_path / "v") if vendor == "fake" else vendor_dir())
    html = render_html(invented(), assets)
    page = Page(html)
    assert network_refs(page) == []
    assert not [t for t, a in page.tags if t in ("link", "img", "iframe") or "src" in a]
    assert [t for t, _ in page.tags].count("script") == 6  # 2 JSON blocks, 3 libraries, 1 own
    assert network_refs(
        Page('<img src="https://x.test/a.png"><style>a{b:url( "//x.test")}</style>')
    )


def test_article_text_title_and_publisher_are_escaped(tmp_path: Path) -> None:
    evil_text = f"{EVIL}\n{TEXT_A}"
    data = invented(text_a=evil_text, title=EVIL, publisher=EVIL, place_name=EVIL)
    data["incidents"][0]["claims"][0]["source"] = EVIL
    html = render_html(data, load_assets(fake_vendor(tmp_path / "vendor")))
    page = Page(html)
    assert "<script>alert" not in outside_scripts(html)
    assert '"onerror=' not in outside_scripts(html)
    assert not [n for _, attrs in page.tags for n in attrs if n.startswith("on")]
    assert " ".join(page.text).count(EVIL) >= 4  # shown as text
    figures_block = next(s for a, s in page.scripts if a.get("id") == "report-figures")
    assert "</script" not in figures_block.lower() and "<" not in figures_block
    assert page.json_block("report-figures")["places"][0]["name"] == EVIL
    assert not [s for a, s in page.scripts if "alert(1)" in s and a.get("id") != "report-figures"]
    assert 'id="claim-inc1-0"' in html  # the quote is still found after the evil line


def test_store_to_file_with_hostile_article(tmp_path: Path, store: Store) -> None:
    """An article from a JSONL file, through the store, into a written report."""
    feed = tmp_path / "feed.jsonl"
    record = {"id": "x1", "title": EVIL, "publisher": EVIL, "text": f"{TEXT_A}\n{EVIL}\n"}
    feed.write_text(json.dumps(record) + "\n")
    from crosswire.ingest.batch import ingest

    ingest([str(feed)], store, Options(db=store.db))
    [stored] = list(store.articles())
    quote = claim("mayor", "fatalities", 12, stored.id, stored.text, QUOTE_A)
    with store.transaction() as tx:
        tx.sync_incidents([("c1", incident("inc1", "2024-03-04", EASTBROOK, [quote]))])
    out = tmp_path / "report.html"
    write_html(store, out, load_assets(tmp_path / "nowhere"))
    html = out.read_text(encoding="utf-8")
    assert "alert(1)" in stored.text and "alert(1)" in html
    assert "<script>alert" not in outside_scripts(html) and '"onerror=' not in outside_scripts(html)
    assert 'href="#claim-inc1-0"' in html and f'<details id="text-{stored.id}">' in html
    assert report_data(store)["incidents"][0]["id"] == "inc1"


# -- in a real browser --------------------------------------------------------------------


def chromium() -> str:
    """A Chromium for Playwright: Debian's (apt-get install chromium), else skip."""
    import shutil

    for candidate in ("/usr/lib/chromium/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.skip("no Chromium: apt-get install chromium")


@pytest.mark.slow
def test_report_in_a_browser_draws_map_and_chart_offline(tmp_path: Path) -> None:
    assets = load_assets()
    if not assets.available:
        pytest.skip("no vendor files: run `make assets`")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    out = tmp_path / "report.html"
    out.write_text(render_html(invented(), assets), encoding="utf-8")
    errors: list[str] = []
    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        page = browser.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith("file:") else outside.append(r.url))
        page.goto(out.as_uri())
        countries = page.locator("#map path:not(.leaflet-interactive)").count()
        markers = page.locator("#map path.leaflet-interactive").count()
        chart_drawn = page.evaluate("!!Chart.getChart(document.getElementById('chart'))")
        page.locator('a[href="#claim-inc1-1"]').click()
        opened = page.evaluate("document.getElementById('text-b2').open")
        current = page.locator("mark.current").inner_text()
        browser.close()
    assert errors == [] and outside == []
    assert countries > 100 and markers == 1 and chart_drawn
    assert opened and current == QUOTE_B
