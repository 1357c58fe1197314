"""The web app and its API, through FastAPI's TestClient, over a store built once from
invented reports (spaCy runs for real)."""

from __future__ import annotations

import html
import json
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from click.testing import CliRunner
from fastapi.testclient import TestClient

from crosswire.cli import cli
from crosswire.extract.types import event_type_of
from crosswire.store import Store
from crosswire.web import create_app
from crosswire.web.app import TOKEN_ENV
from tests.webstore import REPORTS, TOKEN, XSS

CONTRACT_FIELDS = {
    "id", "event_type", "date", "location", "actors", "fatalities", "injuries", "reports",
    "claims", "contradictions", "summary",
}  # fmt: skip
CLAIM_FIELDS = {"source", "kind", "value", "qualifier", "article", "quote", "span"}
EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def built(web_db: Path) -> Path:
    return web_db  # tests/conftest.py: built once a session, never written to


@pytest.fixture(scope="module")
def client(built: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(built), token="")) as c:  # writes off, whatever the env
        yield c


@pytest.fixture
def fresh_db(built: Path, tmp_path: Path) -> str:
    """A copy of the built store that a test may write to."""
    copy = tmp_path / "copy.db"
    shutil.copy(built, copy)
    return str(copy)


def incidents(client: TestClient, **params: Any) -> dict[str, Any]:
    r = client.get("/api/incidents", params={"limit": 500, **params})
    assert r.status_code == 200, r.text
    return r.json()


# -- pages ---------------------------------------------------------------------------------


def test_every_view_answers(client: TestClient) -> None:
    everything = incidents(client)["items"]
    articles = client.get("/api/articles", params={"limit": 500}).json()["items"]
    assert len(everything) >= 4 and len(articles) == len(REPORTS)
    urls = ["/", "/map", "/timeline", "/?q=market&page=1"]
    urls += [f"/incidents/{i['id']}" for i in everything]
    urls += [f"/articles/{a['id']}" for a in articles]
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["content-type"].startswith("text/html")
        assert not EXTERNAL.search(r.text), f"{url} links outside the app"


def test_list_shows_places_without_coordinates(client: TestClient) -> None:
    unlocated = [i for i in incidents(client)["items"] if (i["location"] or {}).get("lat") is None]
    assert unlocated, "the fixture has a hamlet the gazetteer does not know"
    page = client.get("/").text
    assert all(f"/incidents/{i['id']}" in page for i in unlocated)
    assert "without coordinates" in client.get("/map").text


def test_incident_page_shows_claims_contradictions_and_groups(client: TestClient) -> None:
    contested = incidents(client, has_contradiction="true")["items"]
    assert contested
    inc = contested[0]
    page = client.get(f"/incidents/{inc['id']}").text
    assert 'class="claim contradicted"' in page and "Contradictions" in page
    for claim in inc["claims"]:
        start, end = claim["span"]
        assert f"/articles/{claim['article']}?hl={start}-{end}#span-{start}-{end}" in page
    assert 'id="markers"' in page and 'id="map"' in page
    assert "How it was reported" in page and "first report (" in page
    assert '<span class="kind">first report</span>' not in page  # the note says it already
    articles = {a["id"]: a for a in client.get("/api/articles").json()["items"]}
    reporting = {r["article"] for r in inc["reports"]}
    shared = any(set(articles[a]["shares_origin_with"]) & reporting for a in reporting)
    assert shared, "the wire story and its copy report the contested incident"
    assert "Shared wire copy" in page


def test_article_page_highlights_the_quote(client: TestClient) -> None:
    claim = client.get("/api/claims", params={"limit": 1}).json()["items"][0]
    start, end = claim["span"]
    r = client.get(f"/articles/{claim['article']}", params={"hl": f"{start}-{end}"})
    assert r.status_code == 200
    assert f'id="span-{start}-{end}"' in r.text
    body = r.text.split('id="text"', 1)[1]
    marked = re.findall(r'<mark class="[^"]*hl-target[^"]*"[^>]*>(.*?)</mark>', body, re.S)
    assert html.unescape("".join(marked)) == claim["quote"]
    assert client.get(f"/articles/{claim['article']}", params={"hl": "x"}).status_code == 422


def test_vendor_files_missing_gives_a_note(built: Path, tmp_path: Path) -> None:
    with TestClient(create_app(str(built), vendor=tmp_path)) as c:
        page = c.get("/map").text
        assert "make assets" in page and "leaflet.js" not in page
        assert "make assets" in c.get("/timeline").text


def test_security_headers(client: TestClient) -> None:
    for url in ("/", "/api/health", "/static/app.js", "/nope"):
        headers = client.get(url).headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
    assert "<script>" not in client.get("/").text  # no inline scripts: all have a src


def test_read_only(client: TestClient) -> None:
    assert client.delete("/api/incidents/x").status_code == 405
    assert client.post("/").status_code == 405
    assert client.put("/api/articles").status_code == 405


# -- filters -------------------------------------------------------------------------------


def _check_filter(
    client: TestClient, params: dict[str, str], keep: Any, empty: dict[str, str]
) -> None:
    """`params` narrows the incidents to a non-empty set whose members all satisfy `keep`,
    the same in the API and the HTML list; `empty` matches nothing."""
    everything = incidents(client)
    found = incidents(client, **params)
    assert 0 < found["total"] < everything["total"], params
    assert all(keep(i) for i in found["items"]), params
    others = [i for i in everything["items"] if i["id"] not in {x["id"] for x in found["items"]}]
    assert not any(keep(i) for i in others), params
    page = client.get("/", params=params).text
    assert f"{found['total']} of {everything['total']} incidents" in page
    assert all(f"/incidents/{i['id']}" in page for i in found["items"])
    assert all(f"/incidents/{i['id']}" not in page for i in others)
    assert incidents(client, **empty)["total"] == 0, empty


def _text(i: dict[str, Any]) -> str:
    return json.dumps(i).casefold()


def test_filter_dates(client: TestClient) -> None:
    _check_filter(
        client, {"from": "2021-01-01"}, lambda i: i["date"]["end"] >= "2021-01-01",
        {"from": "2030-01-01"},
    )  # fmt: skip
    _check_filter(
        client, {"to": "2019-12-31"}, lambda i: i["date"]["start"] <= "2019-12-31",
        {"to": "1990-01-01"},
    )  # fmt: skip


def test_filter_country_and_place(client: TestClient) -> None:
    _check_filter(
        client, {"country": "ml"}, lambda i: (i["location"] or {}).get("country") == "ML",
        {"country": "FR"},
    )  # fmt: skip
    _check_filter(
        client, {"place": "marawi"}, lambda i: "marawi" in _text(i["location"]),
        {"place": "Atlantis"},
    )  # fmt: skip


def test_filter_event_types(client: TestClient) -> None:
    parent = "Explosions/Remote violence"
    _check_filter(
        client, {"event_type": parent}, lambda i: event_type_of(i["event_type"]) == parent,
        {"event_type": "Protests"},
    )  # fmt: skip
    _check_filter(
        client, {"sub_event_type": "Air/drone strike"},
        lambda i: i["event_type"] == "Air/drone strike", {"sub_event_type": "Peaceful protest"},
    )  # fmt: skip


def test_filter_actor_source_text(client: TestClient) -> None:
    _check_filter(
        client, {"actor": "sahel liberation"},
        lambda i: "sahel liberation" in _text(i["actors"]), {"actor": "Nobody Brigade"},
    )  # fmt: skip
    by_claim = incidents(client, source="rescue workers")["items"]
    assert by_claim and all(
        any("rescue workers" in c["source"].casefold() for c in i["claims"]) for i in by_claim
    )
    articles = {a["id"]: a for a in client.get("/api/articles").json()["items"]}
    _check_filter(
        client, {"source": "Levant Courier"},
        lambda i: any(articles[r["article"]]["publisher"] == "Levant Courier"
                      for r in i["reports"]),
        {"source": "Nonexistent Gazette"},
    )  # fmt: skip
    _check_filter(
        client, {"q": "crowded MARKET"}, lambda i: "crowded market" in _text(i),
        {"q": "zeppelin"},
    )  # fmt: skip


def test_filter_contradictions(client: TestClient) -> None:
    _check_filter(
        client, {"has_contradiction": "true"}, lambda i: bool(i["contradictions"]),
        {"has_contradiction": "true", "country": "PH"},
    )  # fmt: skip
    _check_filter(
        client, {"has_contradiction": "false"}, lambda i: not i["contradictions"],
        {"has_contradiction": "false", "q": "zeppelin"},
    )  # fmt: skip


def test_map_and_timeline_take_the_filters(client: TestClient) -> None:
    page = client.get("/map", params={"country": "PH"}).text
    data = json.loads(re.search(r'id="markers">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    assert data and all(m["url"].startswith("/incidents/") for m in data)
    assert len(data) == incidents(client, country="PH")["total"]
    timeline = client.get("/timeline", params={"country": "PH"}).text
    chart = json.loads(re.search(r'id="chart-data">(.*?)</script>', timeline, re.S).group(1))  # type: ignore[union-attr]
    assert sum(chart["incidents"]) == len(data)


# -- pagination, errors --------------------------------------------------------------------


def test_pagination_bounds(client: TestClient) -> None:
    total = incidents(client)["total"]
    page = client.get("/api/incidents", params={"limit": 2, "offset": 1}).json()
    assert (page["total"], page["limit"], page["offset"], len(page["items"])) == (total, 2, 1, 2)
    assert client.get("/api/incidents", params={"offset": total}).json()["items"] == []
    for bad in ({"limit": 0}, {"limit": 501}, {"offset": -1}, {"limit": "ten"}):
        r = client.get("/api/incidents", params=bad)
        assert r.status_code == 422, bad
        assert r.json()["detail"][0]["loc"][-1] in ("limit", "offset")
    assert client.get("/", params={"page": 0}).status_code == 422
    assert client.get("/", params={"page": 99}).status_code == 404
    assert client.get("/", params={"per_page": 1000}).status_code == 422
    last = -(-total // 2)
    assert last >= 3
    seen: list[str] = []
    for number in range(1, last + 1):
        html_page = client.get("/", params={"page": number, "per_page": 2}).text
        seen += re.findall(r'<a href="/incidents/(\w+)">', html_page)
        assert ('rel="next"' in html_page) == (number < last)
        assert ('rel="prev"' in html_page) == (number > 1)
    assert seen == [i["id"] for i in incidents(client)["items"]]
    assert client.get("/", params={"page": last + 1, "per_page": 2}).status_code == 404
    arts = client.get("/api/articles", params={"limit": 2}).json()
    assert arts["total"] == len(REPORTS) and len(arts["items"]) == 2
    assert all(a.get("text") is None for a in arts["items"])
    assert client.get("/api/articles", params={"text": "true"}).json()["items"][0]["text"]


def test_not_found(client: TestClient) -> None:
    for url in ("/incidents/nope", "/articles/nope", "/api/incidents/nope", "/api/articles/nope"):
        r = client.get(url)
        assert r.status_code == 404, url
        assert "nope" in r.text
    assert client.get("/api/claims", params={"incident": "nope"}).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2021-02-30"},
        {"from": "yesterday"},
        {"to": "06/04/2021"},
        {"country": "FRA"},
        {"has_contradiction": "maybe"},
        {"q": "x" * 201},
    ],
)
def test_bad_parameters_are_422(client: TestClient, params: dict[str, str]) -> None:
    r = client.get("/api/incidents", params=params)
    assert r.status_code == 422
    assert client.get("/", params=params).status_code == 422
    name = next(iter(params))
    assert name in r.text


def test_reversed_date_range_is_400(client: TestClient) -> None:
    r = client.get("/api/incidents", params={"from": "2021-05-01", "to": "2021-01-01"})
    assert r.status_code == 400 and "swap" in r.json()["detail"]
    assert client.get("/api/claims", params={"kind": "rumour"}).status_code == 422


# -- API shapes ----------------------------------------------------------------------------


def test_incident_json_has_the_contract_fields(client: TestClient, built: Path) -> None:
    with Store(str(built), create=False) as store:
        stored = {i["id"]: i for i in store.incidents()}
    items = incidents(client)["items"]
    assert [i["id"] for i in items] == list(stored)
    for inc in items:
        assert inc.keys() >= CONTRACT_FIELDS
        assert {"start", "end", "precision"} <= inc["date"].keys()
        assert {"low", "best", "high"} == inc["fatalities"].keys() & {"low", "best", "high"}
        assert all(c.keys() >= CLAIM_FIELDS for c in inc["claims"])
        assert client.get(f"/api/incidents/{inc['id']}").json() == stored[inc["id"]]


def test_articles_and_claims_api(client: TestClient) -> None:
    art = client.get("/api/articles").json()["items"][0]
    detail = client.get(f"/api/articles/{art['id']}").json()
    assert detail["text"] and detail["shares_origin_with"] == art["shares_origin_with"]
    assert {"incident", "role"} <= detail["incidents"][0].keys()
    inc = incidents(client, has_contradiction="true")["items"][0]
    claims = client.get("/api/claims", params={"incident": inc["id"]}).json()
    assert claims["total"] == len(inc["claims"])
    assert [c["index"] for c in claims["items"]] == list(range(len(inc["claims"])))
    denials = client.get("/api/claims", params={"kind": "denial"}).json()["items"]
    assert denials and all(c["kind"] == "denial" for c in denials)
    by_source = client.get("/api/claims", params={"source": "ARMY"}).json()["items"]
    assert by_source and all("army" in c["source"].casefold() for c in by_source)


def test_openapi_documents_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/incidents", "/api/incidents/{incident_id}", "/api/claims"} <= spec["paths"].keys()
    assert "/" not in spec["paths"]
    params = {p["name"]: p for p in spec["paths"]["/api/incidents"]["get"]["parameters"]}
    assert {"from", "to", "country", "q", "limit", "offset"} <= params.keys()
    assert params["limit"]["schema"]["maximum"] == 500
    assert "Incident" in spec["components"]["schemas"]
    assert client.get("/docs").status_code == 404  # it would load scripts from a CDN


def test_health(client: TestClient) -> None:
    health = client.get("/api/health").json()
    assert health["status"] == "ok" and health["articles"] == len(REPORTS)
    assert health["writes"] is False


# -- the one write -------------------------------------------------------------------------


def test_post_needs_a_configured_token(client: TestClient) -> None:
    r = client.post("/api/articles", json={"text": "x"})
    assert r.status_code == 403 and TOKEN_ENV in r.json()["detail"]
    r = client.post("/api/articles", json={"text": "x"}, headers={"Authorization": "Bearer x"})
    assert r.status_code == 403


def test_post_with_token_stores_and_analyses(
    fresh_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    with TestClient(create_app(fresh_db)) as c:
        before = c.get("/api/health").json()
        assert before["writes"] is True
        body = {
            "text": "Shelling hit the village of Tessalit on Friday, killing five herders, "
            "the regional governor said.\n",
            "title": "Shelling kills five herders",
            "publisher": "Sahel Wire Agency",
            "published": "2021-05-08",
        }
        assert c.post("/api/articles", json=body).status_code == 403
        wrong = c.post("/api/articles", json=body, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 403
        auth = {"Authorization": f"Bearer {TOKEN}"}
        r = c.post("/api/articles", json=body, headers=auth)
        assert r.status_code == 201, r.text
        new = r.json()
        assert new["added"] is True and new["incidents"]
        stored = c.get(f"/api/articles/{new['id']}").json()
        assert stored["title"] == body["title"] and stored["text"].startswith("Shelling")
        after = c.get("/api/health").json()  # the cache saw the store change
        assert after["articles"] == before["articles"] + 1
        assert after["incidents"] > before["incidents"]
        assert c.post("/api/articles", json=body, headers=auth).json()["added"] is False
        for bad in ({"title": "no text"}, {"text": ""}, {"text": "x", "published": "2021-13-01"},
                    {"text": "x", "extra": 1}):  # fmt: skip
            assert c.post("/api/articles", json=bad, headers=auth).status_code == 422, bad
        as_json = auth | {"Content-Type": "application/json"}
        assert c.post("/api/articles", content=b"{not json", headers=as_json).status_code == 422
        assert c.post("/api/articles", content=b"{not json", headers=auth).status_code == 415


def test_oversized_body_is_413(fresh_db: str) -> None:
    with TestClient(create_app(fresh_db, token=TOKEN)) as c:
        big = json.dumps({"text": "a" * (2 * 1024 * 1024)}).encode()
        r = c.post(
            "/api/articles",
            content=big,
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
        )
        assert r.status_code == 413
        chunked = c.post(
            "/api/articles",
            content=iter([big[:1_500_000], big[1_500_000:]]),
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
        )
        assert chunked.status_code == 413
        assert c.get("/api/health").json()["articles"] == len(REPORTS)


# -- escaping ------------------------------------------------------------------------------

PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror", '"onerror=alert(1)', "<b onmouse")


def post_xss(c: TestClient) -> dict[str, Any]:
    r = c.post("/api/articles", json=XSS, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def test_injected_markup_is_only_ever_escaped(fresh_db: str) -> None:
    with TestClient(create_app(fresh_db, token=TOKEN)) as c:
        new = post_xss(c)
        stored = c.get(f"/api/articles/{new['id']}").json()
        # the payloads really are in the store, so the pages below had them to show
        assert "<script>" in stored["title"] and "<img" in stored["publisher"]
        assert "<script>" in stored["text"] and new["incidents"]
        urls = [f"/articles/{new['id']}", "/?q=police+post", "/?source=gazette", "/timeline"]
        urls += [f"/incidents/{i['incident']}" for i in new["incidents"]]
        claims = c.get("/api/claims", params={"article": new["id"]}).json()["items"]
        urls += [f"/articles/{new['id']}?hl={s}-{e}" for s, e in (x["span"] for x in claims)]
        for url in urls:
            page = c.get(url).text
            for payload in PAYLOADS:
                assert payload not in page, (url, payload)
        article = c.get(f"/articles/{new['id']}").text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
        assert "&lt;img src=x onerror=alert(2)&gt;" in article
        assert "&#34;onerror=alert(1)" in article
        listed = c.get("/", params={"source": "gazette"}).text
        assert all(f"/incidents/{i['incident']}" in listed for i in new["incidents"])


# -- the command ---------------------------------------------------------------------------


def test_serve_without_the_web_extra_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, built: Path
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    result = CliRunner().invoke(cli, ["serve", "--db", str(built)])
    assert result.exit_code == 1
    assert "pip install 'crosswire[web]'" in result.output
    assert "Traceback" not in result.output
