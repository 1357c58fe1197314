"""The web app against hostile input: stored markup, injection through every filter and
query parameter, path traversal, oversized requests, cross-site writes, and the read-only
defaults. FastAPI's TestClient (and, for paths a client library would normalise, the ASGI
app called directly) over a store built from invented reports (spaCy runs for real), into
which markup is also written directly where extraction would not put it."""

from __future__ import annotations

import asyncio
import copy
import json
import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from click.testing import CliRunner
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount

from crosswire.cli import cli, serve_cmd
from crosswire.extract.types import event_type_of
from crosswire.store import Store
from crosswire.web import api, create_app, pages
from crosswire.web.app import TOKEN_ENV
from tests.webstore import TOKEN, XSS

AUTH = {"Authorization": f"Bearer {TOKEN}"}

# Invented articles. TRICKY's publisher holds the characters SQL LIKE and quoting treat
# specially, so that a filter that is not a literal match shows. MARKED puts markup around
# the places and the sources extraction takes from text.
TRICKY = {
    "title": "Six traders killed in Gao market raid",
    "publisher": "Radio 100%_Sahel – O'Brien & Fils ☃",
    "published": "2021-07-04",
    "text": "Gunmen attacked the cattle market in Gao on Sunday, killing six traders and "
    "wounding eleven, the mayor of Gao said.\n",
}
MARKED = {
    "title": "Mortar fire <i>hits</i> Menaka",
    "publisher": "<svg onload=alert('publisher')> Courier",
    "published": "2021-08-02",
    "text": "Mortar shells hit the <b>town</b> of Menaka<script>alert('place')</script> on "
    "Monday, killing four civilians, the regional governor<img src=x onerror=alert('src')> "
    "said. \"<script>alert('quote')</script>\" he added.\n",
}


def payload(field: str) -> str:
    """Markup that would run if `field` were written into a page unescaped, in an element,
    in a double- or single-quoted attribute, or in a script block."""
    return (
        f"</script><script>alert('{field}')</script><!-- \"><img src=x onerror=alert('{field}')>"
        f"' autofocus onfocus='alert(\"{field}\")"
    )


# What must never appear raw in a page: any of these means some markup got through.
RAW = re.compile(r"<script>alert|<img src=x|<svg onload|<b>town|<i>hits|onfocus='alert|<!-- \"")


def _post(c: TestClient, body: dict[str, str]) -> dict[str, Any]:
    r = c.post("/api/articles", json=body, headers=AUTH)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def _poison(db: str, article_id: str, text: str, base: dict[str, Any]) -> dict[str, Any]:
    """Store an incident like `base` whose every text field is a payload naming the field,
    with claims quoting the article `article_id`."""
    inc = copy.deepcopy(base)
    inc.update(
        id="poison01",
        event_type=payload("event_type"),
        summary=payload("summary"),
        date={"start": "2021-06-07", "end": "2021-06-07", "precision": payload("precision")},
        location={
            "name": payload("place"), "country": "ML", "admin1": payload("admin1"),
            "admin2": payload("admin2"), "lat": 18.44, "lon": 1.41, "precision": "town",
            "gazetteer_id": None,
        },
        actors={"perpetrators": [payload("perpetrator")], "targets": [payload("target")]},
        reports=[{"article": article_id, "role": "main"}],
        contradictions=[{"field": payload("c.field"), "claims": [0, 1], "note": payload("note")}],
    )  # fmt: skip
    inc["claims"] = [
        {"source": payload(f"source{n}"), "kind": kind, "value": n + 3,
         "qualifier": payload(f"qualifier{n}"), "article": article_id,
         "quote": text[start:end], "span": [start, end]}
        for n, (kind, start, end) in enumerate((("fatalities", 0, 40), ("denial", 40, 90)))
    ]  # fmt: skip
    with Store(db, create=False) as store, store.transaction() as tx:
        tx.replace_components([], [("poison-component", inc)])
    return inc


@pytest.fixture(scope="module")
def hostile(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The web test store plus XSS, TRICKY and MARKED sent through the API, and a poisoned
    incident written directly."""
    db = str(tmp_path_factory.mktemp("hostile") / "hostile.db")
    shutil.copy(web_db, db)
    with TestClient(create_app(db, token=TOKEN)) as c:
        ids = {name: _post(c, body)["id"] for name, body in
               (("xss", XSS), ("tricky", TRICKY), ("marked", MARKED))}  # fmt: skip
        text = c.get(f"/api/articles/{ids['xss']}").json()["text"]
        base = c.get("/api/incidents", params={"limit": 1}).json()["items"][0]
    return {"db": db, "ids": ids, "poison": _poison(db, ids["xss"], text, base)}


@pytest.fixture(scope="module")
def client(hostile: dict[str, Any]) -> Iterator[TestClient]:
    with TestClient(create_app(hostile["db"], token="")) as c:
        yield c


def row_counts(db: str) -> dict[str, int]:
    """How many rows each table of the SQLite store `db` holds."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def json_block(page: str, name: str) -> Any:
    found = re.search(rf'<script type="application/json" id="{name}">(.*?)</script>', page, re.S)
    assert found, f"no {name} block"
    return json.loads(found.group(1))


# -- stored XSS ----------------------------------------------------------------------------


def test_markup_in_every_incident_field_stays_text(
    client: TestClient, hostile: dict[str, Any]
) -> None:
    inc = hostile["poison"]
    assert client.get("/api/incidents/poison01").json() == inc  # it really is stored
    urls = [
        "/incidents/poison01", "/", "/?country=ML&per_page=200", "/map", "/map?country=ML",
        "/timeline", f"/articles/{hostile['ids']['xss']}", "/?place=script",
        f"/articles/{hostile['ids']['xss']}?hl=0-40",
    ]  # fmt: skip
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200, url
        assert not RAW.search(r.text), (url, RAW.search(r.text))
    page = client.get("/incidents/poison01").text
    fields = ["event_type", "summary", "precision", "place", "perpetrator", "target", "note",
              "c.field", "source0", "source1", "qualifier0"]  # fmt: skip
    for field in fields:  # shown, escaped, not dropped
        assert f"&lt;script&gt;alert(&#39;{field}&#39;)&lt;/script&gt;" in page, field
    [marker] = json_block(page, "markers")
    assert marker["name"] == payload("place") and marker["event_type"] == payload("event_type")
    markers = json_block(client.get("/map").text, "markers")
    assert payload("place") in [m["name"] for m in markers]
    article = client.get(f"/articles/{hostile['ids']['xss']}").text
    assert "alert(&#39;source0&#39;)" in article  # the claim's note, in a title attribute


def test_markup_from_article_text_stays_text(client: TestClient, hostile: dict[str, Any]) -> None:
    """Places and claim sources that extraction took from text with markup in it, and the
    publisher and title of that article, on every page that shows them."""
    marked = hostile["ids"]["marked"]
    detail = client.get(f"/api/articles/{marked}").json()
    assert "<svg" in detail["publisher"] and "<i>" in detail["title"]
    assert detail["incidents"], "the article made an incident"
    urls = [f"/articles/{marked}", "/?source=courier", "/?q=menaka", "/map", "/timeline"]
    marked_claims: list[dict[str, Any]] = []
    for ref in detail["incidents"]:
        urls.append(f"/incidents/{ref['incident']}")
        claims = client.get("/api/claims", params={"incident": ref["incident"]}).json()
        urls += [f"/articles/{c['article']}?hl={c['span'][0]}-{c['span'][1]}"
                 for c in claims["items"]]  # fmt: skip
        marked_claims += [c for c in claims["items"] if "<" in c["source"] + c["quote"]]
    assert marked_claims, "extraction kept the markup in a claim's source or quote"
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200, url
        assert not RAW.search(r.text), (url, RAW.search(r.text))
    page = client.get(f"/articles/{marked}").text
    assert "&lt;svg onload=alert(&#39;publisher&#39;)&gt;" in page
    assert "Mortar fire &lt;i&gt;hits&lt;/i&gt; Menaka" in page


def test_javascript_urls_are_never_links(fresh_hostile: str) -> None:
    with TestClient(create_app(fresh_hostile, token=TOKEN)) as c:
        body = {**TRICKY, "url": "javascript:alert(document.domain)", "text": TRICKY["text"]
                + "Residents said the attackers came on motorbikes.\n"}  # fmt: skip
        new = _post(c, body)
        assert c.get(f"/api/articles/{new['id']}").json()["source"].startswith("javascript:")
        for url in (f"/articles/{new['id']}", "/", "/?source=radio"):
            page = c.get(url).text
            assert not re.search(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", page, re.I)


# -- injection through parameters ---------------------------------------------------------

INJECTIONS = [
    "' OR 1=1 --", "' OR '1'='1", '"; DROP TABLE articles; --', "1; DELETE FROM incidents",
    "%", "_", "%%", "'", "\\", "*", ".*", "[a-z]", "(", "O'Brien", "100%_", "Gao' --",
    "☃", "ünïcödé 漢字 🙂", "\x00", "a\x00' OR 1=1", "\u202e\u200b", "{{7*7}}", "$where",
    "kidal%", "%kidal%", "k_dal",
]  # fmt: skip
TEXT_FILTERS = ("place", "event_type", "sub_event_type", "actor", "source", "q")
STRICT_FILTERS = ("from", "to", "country", "has_contradiction")


def _has(value: Any, needle: str) -> bool:
    return bool(value) and needle in str(value).casefold()


def literal(name: str, value: str, inc: dict[str, Any], publishers: dict[str, Any]) -> bool:
    """Whether `inc` passes the filter `name`=`value` read as a plain substring (or, for
    the types, an exact name): the reference the app must agree with."""
    needle = value.strip().casefold()
    if not needle:
        return True
    loc, actors = inc["location"] or {}, inc["actors"]
    sub = inc["event_type"] or ""
    try:
        parent = event_type_of(sub).casefold()
    except KeyError:
        parent = ""
    if name == "place":
        return any(_has(loc.get(k), needle) for k in ("name", "admin1", "admin2"))
    if name == "actor":
        return any(_has(a, needle) for a in actors["perpetrators"] + actors["targets"])
    if name == "source":
        return any(_has(publishers[r["article"]]["publisher"], needle) for r in inc["reports"]) or (
            any(_has(c["source"], needle) for c in inc["claims"])
        )
    if name == "q":
        titles = [publishers[r["article"]]["title"] or "" for r in inc["reports"]]
        text = "\n".join([inc["summary"], *(c["quote"] for c in inc["claims"]), *titles])
        return all(w in text.casefold() for w in needle.split())
    if name == "event_type":
        return needle in (parent, sub.casefold())
    return sub.casefold() == needle  # sub_event_type


@pytest.fixture(scope="module")
def everything(client: TestClient) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    incs = client.get("/api/incidents", params={"limit": 500}).json()["items"]
    arts = client.get("/api/articles", params={"limit": 500}).json()["items"]
    return incs, {a["id"]: a for a in arts}


def test_text_filters_match_literally(
    client: TestClient, hostile: dict[str, Any], everything: tuple[list[Any], dict[str, Any]]
) -> None:
    before = row_counts(hostile["db"])
    incs, arts = everything
    hits = 0
    for name in TEXT_FILTERS:
        for value in INJECTIONS:
            r = client.get("/api/incidents", params={name: value, "limit": 500})
            assert r.status_code == 200, (name, value, r.text)
            expected = [i["id"] for i in incs if literal(name, value, i, arts)]
            assert [i["id"] for i in r.json()["items"]] == expected, (name, value)
            hits += bool(expected) and len(expected) < len(incs)
            listed = client.get("/", params={name: value, "per_page": 200})
            assert listed.status_code == 200, (name, value)
            assert f"{len(expected)} of {len(incs)} incidents" in listed.text, (name, value)
            for page in ("/map", "/timeline"):
                assert client.get(page, params={name: value}).status_code == 200
    assert hits >= 5, "some payloads (%, _, ', O'Brien, ☃) must match TRICKY literally"
    assert row_counts(hostile["db"]) == before


def test_strict_parameters_refuse_injections(client: TestClient, hostile: dict[str, Any]) -> None:
    before = row_counts(hostile["db"])
    for value in INJECTIONS:
        for name in STRICT_FILTERS:
            for url in ("/api/incidents", "/", "/map", "/timeline"):
                assert client.get(url, params={name: value}).status_code == 422, (url, name)
        for url, name in [("/api/incidents", "limit"), ("/api/incidents", "offset"),
                          ("/api/articles", "limit"), ("/api/articles", "offset"),
                          ("/api/articles", "text"), ("/api/claims", "kind"),
                          ("/api/claims", "limit"), ("/api/claims", "offset"),
                          ("/", "page"), ("/", "per_page")]:  # fmt: skip
            r = client.get(url, params={name: value})
            assert r.status_code == 422, (url, name, value)
        article = next(iter(hostile["ids"].values()))
        assert client.get(f"/articles/{article}", params={"hl": value}).status_code == 422
    assert row_counts(hostile["db"]) == before


def test_claim_filters_and_ids_match_literally(
    client: TestClient, hostile: dict[str, Any], everything: tuple[list[Any], dict[str, Any]]
) -> None:
    before = row_counts(hostile["db"])
    claims = client.get("/api/claims", params={"limit": 500}).json()["items"]
    for value in INJECTIONS:
        r = client.get("/api/claims", params={"source": value, "limit": 500})
        assert r.status_code == 200, value
        wanted = [c for c in claims if _has(c["source"], value.casefold()) or not value]
        assert r.json()["items"] == wanted, value
        by_article = client.get("/api/claims", params={"article": value}).json()
        assert by_article["total"] == 0, value
        assert client.get("/api/claims", params={"incident": value}).status_code == 404, value
        for route in ("/api/incidents/", "/api/articles/", "/incidents/", "/articles/"):
            r = client.get(route + quote(value, safe=""))
            assert r.status_code == 404, (route, value)
    assert row_counts(hostile["db"]) == before


# -- path traversal ------------------------------------------------------------------------

TRAVERSALS = [
    b"/static/../../../../etc/passwd", b"/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
    b"/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", b"/static/%2e%2e%2f%2e%2e%2fapp.py",
    b"/static/..%5c..%5capp.py", b"/static/..\\..\\app.py", b"/static//etc/passwd",
    b"/static/%2fetc%2fpasswd", b"/static/vendor/../../app.py", b"/static/../app.py",
    b"/static/%252e%252e/%252e%252e/app.py", b"/static/..%00/app.py", b"/static/app.js%00.png",
    b"/static/....//....//app.py", b"/static/..;/app.py", b"/static/C:%5cWindows%5cwin.ini",
    b"/static/file:///etc/passwd", b"/static/%c0%ae%c0%ae/%c0%ae%c0%ae/app.py",
    b"/static/../templates/base.html", b"/static/..%2ftemplates%2fbase.html",
    b"/articles/..%2f..%2f..%2fetc%2fpasswd", b"/articles/%2e%2e%2fapp.py",
    b"/incidents/..%2f..%2f..%2fetc%2fpasswd", b"/incidents/..%5c..%5capp.py",
    b"/api/articles/..%2f..%2fetc%2fpasswd", b"/api/incidents/%2e%2e%5c%2e%2e%5capp.py",
    b"/api/incidents/../../etc/passwd", b"/../../../../etc/passwd", b"/%2e%2e/%2e%2e/etc/passwd",
]  # fmt: skip
# What the files a traversal would reach start with, or hold.
SECRETS = ("root:", "def create_app", "[project]", "{% block", "{{ ")


def raw_get(
    app: Any, target: bytes, headers: list[tuple[bytes, bytes]] | None = None
) -> tuple[int, bytes]:
    """GET `target` exactly as sent on the wire, through the ASGI app, the way uvicorn
    presents it (path percent-decoded, raw_path as sent): a client library would have
    normalised the dots away."""
    raw_path, _, query = target.partition(b"?")
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": unquote(raw_path.decode("latin-1")), "raw_path": raw_path,
        "query_string": query, "root_path": "",
        "headers": [(b"host", b"testserver"), *(headers or [])],
        "client": ("127.0.0.1", 50000), "server": ("testserver", 80),
    }  # fmt: skip
    sent: list[dict[str, Any]] = []
    messages = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive() -> dict[str, Any]:
        return messages.pop() if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], body


def test_no_path_reaches_outside_static(hostile: dict[str, Any]) -> None:
    app = create_app(hostile["db"], token="")
    assert raw_get(app, b"/static/app.js")[0] == 200  # the helper does reach files
    for target in TRAVERSALS:
        status, body = raw_get(app, target)
        assert status == 404, (target, status)
        text = body.decode("utf-8", "replace")
        assert not any(s in text for s in SECRETS), target


# -- oversized requests --------------------------------------------------------------------


def test_oversized_requests_are_refused(client: TestClient) -> None:
    app = client.app
    for url in ("/", "/api/incidents", "/static/app.js", "/nope"):
        assert client.get(url, params={"q": "x" * 60_000}).status_code == 414, url
        huge = f"{url}?q={'x' * 10_000_000}".encode()  # more than httpx would send
        assert raw_get(app, huge)[0] == 414, url
        assert raw_get(app, url.encode(), [(b"x-big", b"x" * 10_000_000)])[0] == 431, url
        many = "&".join(f"p{n}=1" for n in range(1000))
        assert client.get(f"{url}?{many}").status_code == 400, url
        assert client.get(url, headers={"X-Big": "x" * 20_000}).status_code == 431, url
        headers = {f"X-H{n}": "1" for n in range(200)}
        assert client.get(url, headers=headers).status_code == 431, url
    assert client.get("/" + "a" * 5000).status_code == 414
    # every text field at its maximum length, in characters of four UTF-8 bytes
    widest = {name: "𝔘" * (100 if "event" in name else 200) for name in TEXT_FILTERS}
    for url in ("/", "/api/incidents"):
        assert client.get(url, params=widest).status_code == 200, url
    r = client.get("/api/incidents", params={"q": "x" * 60_000})
    assert "query string" in r.json()["detail"]
    assert "content-security-policy" in r.headers


def test_oversized_bodies_are_refused_unread(fresh_hostile: str) -> None:
    before = row_counts(fresh_hostile)
    big = b"x" * (3 * 1024 * 1024)
    with TestClient(create_app(fresh_hostile, token=TOKEN)) as c:
        json_auth = AUTH | {"Content-Type": "application/json"}
        for url in ("/", "/api/articles", "/api/incidents", "/static/app.js"):
            assert c.post(url, content=big, headers=json_auth).status_code == 413, url
        chunked = c.post("/api/articles", content=iter([big[:2_000_000], big[2_000_000:]]),
                         headers=json_auth)  # fmt: skip
        assert chunked.status_code == 413
        for bad in (b"abc", b"-1", b"1, 2"):
            r = c.post("/api/articles", content=b"{}", headers=json_auth | {"Content-Length": bad})
            assert r.status_code == 400, bad
    assert row_counts(fresh_hostile) == before


def test_page_sizes_are_bounded(client: TestClient) -> None:
    for url, name, top in (("/api/incidents", "limit", 500), ("/api/articles", "limit", 500),
                           ("/api/claims", "limit", 500), ("/", "per_page", 200)):  # fmt: skip
        assert client.get(url, params={name: top}).status_code == 200, url
        for bad in (top + 1, 0, -1, 10**30):
            assert client.get(url, params={name: bad}).status_code == 422, (url, bad)
    for url in ("/api/incidents", "/api/articles", "/api/claims"):
        assert client.get(url, params={"offset": 10**7}).json()["items"] == []
        assert client.get(url, params={"offset": 10**7 + 1}).status_code == 422


# -- cross-site writes ---------------------------------------------------------------------


@pytest.fixture
def fresh_hostile(hostile: dict[str, Any], tmp_path: Path) -> str:
    copy_db = tmp_path / "copy.db"
    shutil.copy(hostile["db"], copy_db)
    return str(copy_db)


ARTICLE = {"text": "A bomb exploded in Ansongo on Friday, killing two soldiers, the army said.\n"}
EVIL = "https://evil.example"


def test_cross_site_writes_are_refused(fresh_hostile: str) -> None:
    before = row_counts(fresh_hostile)
    as_text = json.dumps(ARTICLE)
    with TestClient(create_app(fresh_hostile, token=TOKEN)) as c:
        forms: list[tuple[dict[str, str], dict[str, Any]]] = [
            ({"Origin": EVIL}, {"data": ARTICLE}),  # an HTML form, urlencoded
            ({"Origin": EVIL, "Content-Type": "text/plain"}, {"content": as_text}),
            ({"Origin": EVIL}, {"files": {"text": ("a.txt", ARTICLE["text"])}}),  # multipart
            ({"Origin": "null", "Content-Type": "text/plain"}, {"content": as_text}),
            ({"Cookie": f"token={TOKEN}", "Content-Type": "text/plain"}, {"content": as_text}),
            ({"Cookie": f"token={TOKEN}", "Content-Type": "application/json"}, {"json": ARTICLE}),
            (AUTH | {"Origin": EVIL}, {"json": ARTICLE}),  # even with the token
            (AUTH | {"Sec-Fetch-Site": "cross-site"}, {"json": ARTICLE}),
            (AUTH | {"Origin": "http://testserver.evil.example"}, {"json": ARTICLE}),
            (AUTH, {"data": ARTICLE}),
            (AUTH | {"Content-Type": "text/plain"}, {"content": as_text}),
        ]
        for headers, body in forms:
            r = c.post("/api/articles", headers=headers, **body)
            assert r.status_code in (403, 415), (headers, r.status_code)
        assert row_counts(fresh_hostile) == before
        same_site = AUTH | {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
        assert c.post("/api/articles", json=ARTICLE, headers=same_site).status_code == 201
    assert row_counts(fresh_hostile)["articles"] == before["articles"] + 1


def test_no_cors_for_other_origins(client: TestClient) -> None:
    preflight = {
        "Origin": EVIL,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    }
    for url in ("/api/articles", "/api/incidents", "/"):
        r = client.options(url, headers=preflight)
        assert r.status_code == 405, url
        assert not any(h.startswith("access-control-") for h in r.headers), url
        r = client.get(url, headers={"Origin": EVIL})
        assert "access-control-allow-origin" not in r.headers, url


# -- defaults ------------------------------------------------------------------------------


def test_serve_listens_on_loopback_by_default() -> None:
    [host] = [p for p in serve_cmd.params if p.name == "host"]
    assert host.default == "127.0.0.1"
    help_text = CliRunner().invoke(cli, ["serve", "--help"]).output
    assert "127.0.0.1" in help_text


def _sample(path: str, hostile: dict[str, Any]) -> str:
    return (
        path.replace("{incident_id}", "poison01")
        .replace("{article_id}", hostile["ids"]["xss"])
        .replace("{path:path}", "app.js")
    )


def test_every_route_is_read_only_but_one(
    hostile: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    before = row_counts(hostile["db"])
    app = create_app(hostile["db"])
    routes = [*api.router.routes, *pages.router.routes]
    paths = sorted({_sample(r.path, hostile) for r in routes if isinstance(r, APIRoute)})
    paths += [_sample(f"{r.path}/{{path:path}}", hostile) for r in app.routes
              if isinstance(r, Mount)]  # fmt: skip
    paths += ["/openapi.json"]
    assert len(paths) == 13, paths
    with TestClient(app) as c:
        assert c.get("/api/health").json()["writes"] is False
        for path in paths:
            assert c.get(path).status_code == 200, path
            for method in ("POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"):
                r = c.request(method, path, json=ARTICLE, headers=AUTH)
                expected = 403 if (method, path) == ("POST", "/api/articles") else 405
                assert r.status_code == expected, (method, path, r.status_code)
    assert row_counts(hostile["db"]) == before
