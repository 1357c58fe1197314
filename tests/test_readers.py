from __future__ import annotations

import io
import json

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crosswire.errors import InputError
from crosswire.ingest.readers import decode, iso_date, read, sniff, stem
from crosswire.models import Document
from tests.helpers import OTHER, WIRE

HTML = """<!doctype html><html><head><title>Shells hit Northville market | Example Post</title>
<meta property="og:site_name" content="Example Post">
<meta property="article:published_time" content="2021-03-02T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <button>Share</button></nav>
<article><h1>Shells hit Northville market</h1>
<p>Shelling hit a market in the northern town of Northville on Tuesday, killing at least
seven people and wounding 20, a local official said.</p>
<p>The official said the shells came from the hills east of the town, where an armed group
has held positions since the spring. The group denied any role in the attack.</p>
<p>Residents said the market had been crowded with people buying bread before the holiday,
and that ambulances took more than an hour to arrive.</p></article>
<footer>Copyright Example Post. All rights reserved.</footer></body></html>"""


def docs(data: bytes, fmt: str) -> list[Document | InputError]:
    return list(read(data, fmt, source="x", name="x"))


def test_txt_reader_keeps_text() -> None:
    [doc] = docs(WIRE.encode(), "txt")
    assert isinstance(doc, Document) and doc.text == WIRE and doc.fmt == "txt"


def test_html_reader_extracts_article_and_metadata() -> None:
    [doc] = docs(HTML.encode(), "html")
    assert isinstance(doc, Document)
    assert "killing at least" in doc.text and "seven people" in doc.text
    assert "All rights reserved" not in doc.text and "Home" not in doc.text
    assert doc.title and "Northville" in doc.title
    assert doc.publisher == "Example Post"
    assert doc.published == "2021-03-02"


def test_html_without_text_is_an_error() -> None:
    with pytest.raises(InputError, match="no article text"):
        docs(b"<html><body><nav>Home</nav></body></html>", "html")


def test_jsonl_reader_reads_fields_and_reports_bad_lines() -> None:
    good = {
        "id": "a1",
        "text": WIRE,
        "title": "Market shelled",
        "published": "2021-03-02",
        "publisher": "LWS",
        "url": "https://example.org/a1",
    }
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({"id": "a2", "title": "no text"}),
        json.dumps([1, 2]),
        "",
        json.dumps({"text": OTHER, "published": "someday"}),
    ]
    found = docs("\n".join(lines).encode(), "jsonl")
    assert len(found) == 5
    first = found[0]
    assert isinstance(first, Document)
    assert (first.name, first.title, first.published, first.publisher, first.url) == (
        "a1",
        "Market shelled",
        "2021-03-02",
        "LWS",
        "https://example.org/a1",
    )
    assert isinstance(found[1], InputError) and "line 2" in str(found[1])
    assert "invalid JSON" in str(found[1])
    assert isinstance(found[2], InputError) and "line 3" in str(found[2])
    assert "no 'text'" in str(found[2])
    assert isinstance(found[3], InputError) and "not a JSON object" in str(found[3])
    last = found[4]
    assert isinstance(last, Document) and last.published is None and last.name == "x:6"


def warc_bytes(records: list[tuple[str, str, bytes]], gz: bool) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for uri, ctype, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=headers
            )
        )
    return out.getvalue()


@pytest.mark.parametrize("gz", [False, True])
def test_warc_reader_reads_html_and_text_responses(gz: bool) -> None:
    data = warc_bytes(
        [
            ("https://example.org/market", "text/html; charset=utf-8", HTML.encode()),
            ("https://example.org/flood.txt", "text/plain", OTHER.encode()),
            ("https://example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
        ],
        gz,
    )
    assert sniff(data) == "warc"
    found = docs(data, "warc")
    assert [type(d) for d in found] == [Document, Document]
    html_doc, txt_doc = found
    assert isinstance(html_doc, Document) and isinstance(txt_doc, Document)
    assert html_doc.url == "https://example.org/market" and "seven people" in html_doc.text
    assert txt_doc.name == "https://example.org/flood.txt" and txt_doc.text == OTHER


def test_warc_without_responses_is_an_error() -> None:
    [found] = docs(b"WARC/1.0\r\nthis is not a warc record at all\r\n\r\n", "warc")
    assert isinstance(found, InputError) and "no HTML or text responses" in str(found)


@pytest.mark.parametrize(
    ("data", "problem"),
    [(b"", "empty"), (b"   \n\n", "empty"), (b"\x00\x01\x02PK\x03\x04" * 20, "binary")],
)
def test_decode_refuses_empty_and_binary(data: bytes, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        decode(data, "x")


def test_decode_falls_back_from_utf8() -> None:
    assert decode("caf\u00e9 na\u00efve".encode("cp1252"), "x") == "caf\u00e9 na\u00efve"
    assert decode("\ufeffhello".encode(), "x") == "hello"


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b"WARC/1.1\r\n", "warc"),
        (b"  <!DOCTYPE html><html>", "html"),
        (b'{"text": "a"}\n', "jsonl"),
        (b"Plain words.", "txt"),
    ],
)
def test_sniff(data: bytes, fmt: str) -> None:
    assert sniff(data) == fmt


def test_iso_date_and_stem() -> None:
    assert iso_date("2018-06-19T10:00:00+02:00") == "2018-06-19"
    assert iso_date("2018-02-31") is None and iso_date(20180619) is None
    assert stem("a/b/001_x.txt") == "001_x" and stem("crawl.warc.gz") == "crawl"
