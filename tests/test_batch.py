"""Ingesting batches: formats, sidecar metadata, bad inputs, re-ingest, copies, URLs."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import permutations
from pathlib import Path

import pytest

from crosswire.export import to_json
from crosswire.ingest.batch import ingest
from crosswire.options import make_options
from crosswire.store import Store
from tests.helpers import OTHER, WIRE

# A longer invented wire story, and outlets reusing it (for copies and shared origin).
STORY = " ".join(
    f"Paragraph {i}: the regional council met on day {i} to discuss repairs to the eastern "
    f"water plant number {i}, which engineers said had been damaged by heavy shelling."
    for i in range(12)
)
LEAD_A = "Officials in the east said on Wednesday that water would be rationed for a month. "
LEAD_B = "Residents queued for water for a third day as the city ran short of supplies. "


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    for name, body in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body if isinstance(body, bytes) else body.encode())
    return folder


def run(store: Store, *args: str, **opts: object) -> tuple[int, int, list[str]]:
    result = ingest(list(args), store, make_options(db=store.db, **opts))  # type: ignore[arg-type]
    return len(result.added), result.existing, [str(e) for e in result.failed]


def test_folder_is_walked_recursively_and_reingest_adds_nothing(
    store: Store, tmp_path: Path
) -> None:
    folder = write(
        tmp_path / "in",
        {"a.txt": WIRE, "sub/b.txt": OTHER, "c.png": b"\x89PNG", ".hidden.txt": OTHER},
    )
    assert run(store, str(folder)) == (2, 0, [])
    assert run(store, str(folder)) == (0, 2, [])
    assert store.count_articles() == 2
    assert sorted(a.name for a in store.articles()) == ["a", "b"]


def test_sidecar_metadata_applies_by_relative_path(store: Store, tmp_path: Path) -> None:
    folder = write(tmp_path / "in", {"x/a.txt": WIRE, "b.txt": OTHER})
    meta = tmp_path / "meta.jsonl"
    meta.write_text(
        json.dumps(
            {
                "file": "x/a.txt",
                "published": "2021-03-03",
                "publisher": "LWS",
                "title": "Market shelled",
            }
        )
        + "\n"
    )
    run(store, str(folder), meta=meta)
    arts = {a.name: a for a in store.articles()}
    a = arts["a"]
    assert (a.published, a.published_source, a.publisher, a.title) == (
        "2021-03-03",
        "metadata",
        "LWS",
        "Market shelled",
    )
    assert arts["b"].published is None and arts["b"].published_source is None


def test_sidecar_in_the_folder_is_not_read_as_articles(store: Store, tmp_path: Path) -> None:
    folder = write(
        tmp_path / "in",
        {
            "a.txt": WIRE,
            "meta.jsonl": json.dumps({"file": "a.txt", "published": "2021-03-03"}) + "\n",
        },
    )
    assert run(store, str(folder), meta=folder / "meta.jsonl") == (1, 0, [])


def test_bad_inputs_are_named_and_the_batch_goes_on(store: Store, tmp_path: Path) -> None:
    folder = write(
        tmp_path,
        {
            "good.txt": WIRE,
            "empty.txt": "",
            "blank.txt": "\n  \n",
            "bin.txt": b"\x00\x01" * 50,
            "big.txt": "word " * 300,
            "feed.jsonl": json.dumps({"text": OTHER}) + "\n{oops\n",
            "notes.pdf": b"%PDF-1.4 \x00\x00\x00",
            "furniture.txt": "Share\nCopied\n",
        },
    )
    names = [
        "good.txt",
        "empty.txt",
        "blank.txt",
        "bin.txt",
        "big.txt",
        "feed.jsonl",
        "notes.pdf",
        "furniture.txt",
        "missing.txt",
    ]
    added, _, failed = run(store, *[str(folder / n) for n in names], max_bytes=1000)
    assert added == 2  # good.txt and the first line of feed.jsonl
    expected = {
        "empty.txt": "empty",
        "blank.txt": "empty",
        "bin.txt": "binary",
        "big.txt": "size limit",
        "feed.jsonl: line 2": "invalid JSON",
        "notes.pdf": "unknown format",
        "furniture.txt": "empty",
        "missing.txt": "no such file",
    }
    assert len(failed) == len(expected)
    for where, problem in expected.items():
        assert any(where in f and problem in f for f in failed), (where, failed)


def test_stdin(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    lines = "\n".join(json.dumps({"id": f"n{i}", "text": t}) for i, t in enumerate([WIRE, OTHER]))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode())))
    assert run(store, "-") == (2, 0, [])
    assert sorted(a.name for a in store.articles()) == ["n0", "n1"]


def relations(store: Store) -> dict[str, tuple[str | None, list[str]]]:
    doc = to_json(store)
    name = {a["id"]: a["name"] for a in doc["articles"]}
    return {
        a["name"]: (name.get(a["duplicate_of"]), sorted(name[o] for o in a["shares_origin_with"]))
        for a in doc["articles"]
    }


FEED = [
    {"id": "wire", "text": STORY, "publisher": "LWS", "published": "2021-03-03"},
    {
        "id": "copy",
        "text": STORY + " Ends.",
        "publisher": "Daily",
        "published": "2021-03-04",
        "url": "https://example.org/copy",
    },
    {
        "id": "lead-a",
        "text": LEAD_A + STORY[:700] + " Other things happened elsewhere.",
        "published": "2021-03-04",
    },
    {"id": "lead-b", "text": LEAD_B + STORY[:600], "published": "2021-03-05"},
    {"id": "other", "text": WIRE, "published": "2021-03-03"},
]


@pytest.mark.parametrize("order", list(permutations(range(len(FEED))))[::17])
def test_copies_and_shared_origin_do_not_depend_on_order(
    tmp_path: Path, order: tuple[int, ...]
) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(FEED[i]) for i in order))
    with Store(str(tmp_path / "s.db")) as store:
        run(store, str(feed))
        found = relations(store)
    group = ["copy", "lead-a", "lead-b", "wire"]
    assert found["copy"] == ("wire", [g for g in group if g != "copy"])
    assert found["wire"] == (None, [g for g in group if g != "wire"])
    assert found["lead-a"][0] is None and found["lead-b"][0] is None
    assert found["other"] == (None, [])


class Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/story.html":
            body = (
                f"<html><head><title>Market shelled</title></head><body><article><p>"
                f"{WIRE}</p></article></body></html>"
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
        elif self.path == "/huge.txt":
            body = b"word " * 5000
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
        else:
            body = b"not here"
            self.send_response(404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_urls_are_fetched_with_clear_errors(store: Store, server: str) -> None:
    added, _, failed = run(
        store,
        f"{server}/story.html",
        f"{server}/missing",
        f"{server}/huge.txt",
        "http://127.0.0.1:9/x",
        max_bytes=10000,
        fetch_timeout=5,
        allow_private_urls=True,
    )
    assert added == 1
    [a] = list(store.articles())
    assert a.url == f"{server}/story.html" and a.name == a.source == f"{server}/story.html"
    assert a.title == "Market shelled" and "seven people" in a.text
    assert any("/missing" in f and "HTTP 404" in f for f in failed)
    assert any("/huge.txt" in f and "size limit" in f for f in failed)
    assert any("127.0.0.1:9" in f and "unreachable" in f for f in failed)


def test_one_outlets_reused_text_is_not_shared_origin(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    rows = [
        {"id": "x1", "text": LEAD_A + STORY[:700], "publisher": "Daily"},
        {"id": "x2", "text": LEAD_B + STORY[:700], "publisher": "daily"},
        {"id": "y1", "text": STORY[:650] + " More later.", "publisher": "Courier"},
    ]
    feed.write_text("\n".join(json.dumps(r) for r in rows[:2]))
    with Store(str(tmp_path / "s.db")) as store:
        run(store, str(feed))
        assert relations(store) == {"x1": (None, []), "x2": (None, [])}
        feed.write_text(json.dumps(rows[2]))
        run(store, str(feed))
        assert relations(store)["y1"] == (None, ["x1", "x2"])
