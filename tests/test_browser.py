"""The web app in a real browser: Debian's Chromium driven by Playwright against a real
uvicorn server on a free local port, over a store built from invented reports.

Skipped where /usr/bin/chromium is absent, except in CI (CI=true), where that fails.
Screenshots go to test-output/browser/ under the repository root.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
pytest.importorskip("playwright")

import uvicorn
from playwright.sync_api import Page, sync_playwright

from crosswire.web import create_app
from tests.helpers import REPO
from tests.webstore import REPORTS, XSS, build_store

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SHOTS = REPO / "test-output" / "browser"
LOCAL = {"127.0.0.1", "localhost", "::1"}


def _need_chromium() -> None:
    if CHROMIUM.is_file():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium package")
    pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _need_chromium()
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "browser.db"
    build_store(db, folder, [*REPORTS, {"id": "xss", **XSS}])
    port = _free_port()
    config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start in 30 s"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


class Watch:
    """Console errors, requests to other hosts and dialogs a page produced."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", self._request)
        page.on("dialog", self._dialog)

    def _request(self, request: Any) -> None:
        url = urlparse(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname not in LOCAL:
            self.foreign.append(request.url)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def page(server: str) -> Iterator[tuple[Page, Watch]]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            pg = context.new_page()
            watch = Watch(pg)
            yield pg, watch
            assert watch.errors == [], f"console errors: {watch.errors}"
            assert watch.foreign == [], f"requests to other hosts: {watch.foreign}"
            assert watch.dialogs == [], f"dialogs opened: {watch.dialogs}"
        finally:
            browser.close()


def test_filter_open_incident_follow_a_quote(server: str, page: tuple[Page, Watch]) -> None:
    pg, _ = page
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.goto(server + "/")
    everything = pg.locator("tr.incident").count()
    assert everything >= 4

    pg.fill("input[name=q]", "checkpoint")
    pg.select_option("select[name=has_contradiction]", "true")
    pg.click("form.filters button[type=submit]")
    pg.wait_for_load_state()
    narrowed = pg.locator("tr.incident").count()
    assert 0 < narrowed < everything
    assert pg.locator("#count").inner_text().startswith(f"{narrowed} of {everything}")

    pg.locator("tr.incident a").first.click()
    pg.wait_for_url("**/incidents/*")
    marker = pg.locator("#map path.leaflet-interactive")
    marker.first.wait_for(state="visible")
    assert marker.count() == 1
    pg.wait_for_function("document.querySelectorAll('#map path.country').length > 100")
    assert pg.locator("tr.claim").count() > 0
    assert pg.locator("tr.claim.contradicted").count() >= 2
    assert pg.locator("section.contradictions li").count() >= 1
    pg.screenshot(path=str(SHOTS / "incident.png"), full_page=True)

    marker.first.click()
    popup = pg.locator(".leaflet-popup-content a")
    popup.wait_for(state="visible")
    assert (popup.get_attribute("href") or "").startswith("/incidents/")

    link = pg.locator("tr.claim.contradicted a.quote-link").first
    quote = link.inner_text().strip("“”")
    link.click()
    pg.wait_for_url("**/articles/*")
    target = pg.locator("#text mark.hl-target")
    target.first.wait_for(state="visible")
    assert "".join(target.all_inner_texts()) == quote
    assert pg.locator("#text mark.hl-claim").count() >= 1
    pg.screenshot(path=str(SHOTS / "article.png"), full_page=True)


def test_map_and_timeline_draw(server: str, page: tuple[Page, Watch]) -> None:
    pg, _ = page
    pg.goto(server + "/map")
    pg.locator("#map path.leaflet-interactive").first.wait_for(state="visible")
    located = json.loads(pg.locator("#markers").text_content() or "[]")
    assert pg.locator("#map path.leaflet-interactive").count() == len(located) >= 3
    pg.goto(server + "/timeline")
    pg.wait_for_function("document.getElementById('chart').width > 0")
    assert pg.locator("ol.chronology li").count() >= 4


def test_injected_article_stays_text(server: str, page: tuple[Page, Watch]) -> None:
    pg, watch = page
    with urllib.request.urlopen(server + "/api/articles?limit=500") as r:
        items = json.load(r)["items"]
    [xss] = [a for a in items if a["name"] == "xss"]
    pg.goto(f"{server}/articles/{xss['id']}")
    pg.wait_for_load_state("load")
    assert "<script>alert(1)</script>" in pg.locator("h1").inner_text()
    assert "<img src=x onerror=alert(2)>" in pg.locator("#text").inner_text()
    injected = pg.evaluate(
        """() => document.querySelectorAll(
            'main img, main b, main script, [onerror], [onmouseover]').length"""
    )
    assert injected == 0
    inline = pg.evaluate(
        "() => [...document.scripts].filter(s => !s.src && s.type !== 'application/json').length"
    )
    assert inline == 0
    for link in pg.locator("ul.reports a").all():
        href = link.get_attribute("href")
        pg.goto(server + (href or "/"))
        pg.wait_for_load_state("load")
        assert pg.evaluate("() => document.querySelectorAll('main img, [onerror]').length") == 0
    assert watch.dialogs == []
