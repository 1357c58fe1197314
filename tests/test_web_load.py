"""The web server for real: `crosswire serve` (uvicorn) in its own process on a free local
port, over a store built from invented reports. Concurrent clients get no errors; hostile
requests sent byte for byte on a socket (no client library to tidy them up) are refused
without reaching a file outside static/ or growing the server's memory.

The load itself is benchmarks/web_load.py, loaded from its file; this only asserts that
nothing failed, not how fast it was."""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import sqlite3
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytest.importorskip("uvicorn")
pytest.importorskip("httpx")

import httpx

from crosswire.web.app import TOKEN_ENV
from tests.helpers import REPO
from tests.webstore import TOKEN

pytestmark = pytest.mark.slow


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("web_load", REPO / "benchmarks" / "web_load.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["web_load"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


bench = _benchmark()


@pytest.fixture(scope="module")
def served(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A server with writes on (so that the one route reading a body can be tried)."""
    db = tmp_path_factory.mktemp("served") / "served.db"
    shutil.copy(web_db, db)
    server = bench.start_server(db, env=os.environ | {TOKEN_ENV: TOKEN})
    server.db = db
    yield server
    server.stop()
    assert server.process.returncode is not None


def test_concurrent_clients_get_no_errors(served: Any) -> None:
    paths = bench.targets(served.url)
    assert len(paths) > 20
    load = bench.run_load(served.url, paths, clients=20, seconds=3.0)
    assert load.errors == {}, load.summary()
    assert load.requests >= 20, load.summary()


def exchange(url: str, request: bytes, timeout: float = 10.0) -> bytes:
    """Send `request` as is on a new connection and return what comes back."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as s:
        s.sendall(request)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


def status_of(answer: bytes) -> int:
    assert answer.startswith(b"HTTP/1.1 "), answer[:100]
    return int(answer.split(b" ", 2)[1])


TRAVERSALS = [
    "/static/../../../../etc/passwd", "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/..%5c..%5capp.py",
    "/static/%2e%2e%2fapp.py", "/static/..%00/app.py", "/articles/..%2f..%2f..%2fetc%2fpasswd",
    "/incidents/..%2f..%2fapp.py", "/static/../app.py", "/static//etc/passwd",
]  # fmt: skip


def test_traversal_on_the_wire(served: Any) -> None:
    ok = exchange(
        served.url, b"GET /static/app.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    assert status_of(ok) == 200 and b'"use strict"' in ok
    for path in TRAVERSALS:
        answer = exchange(
            served.url, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
        )
        assert status_of(answer) in (400, 404), path
        assert b"root:" not in answer and b"def create_app" not in answer, path


def rss(pid: int) -> int:
    """Resident memory of process `pid`, in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def stream(url: str, head: bytes, chunks: Iterator[bytes]) -> bytes:
    """Send `head` then `chunks` while reading the answer on another thread; stop sending
    when the server closes. Returns the answer."""
    host, port = url.removeprefix("http://").split(":")
    answer: list[bytes] = []
    with socket.create_connection((host, int(port)), timeout=30) as s:

        def read() -> None:
            try:
                while chunk := s.recv(65536):
                    answer.append(chunk)
            except OSError:
                pass

        reader = threading.Thread(target=read)
        reader.start()
        try:
            s.sendall(head)
            for chunk in chunks:
                s.sendall(chunk)
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server answered and closed: what we want
        reader.join(timeout=30)
    return b"".join(answer)


def test_huge_bodies_and_headers_on_the_wire(served: Any) -> None:
    with sqlite3.connect(served.db) as conn:
        before = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    memory = rss(served.process.pid)
    auth = f"Authorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\n".encode()
    block = b"a" * 65536
    chunk = b"%x\r\n%s\r\n" % (len(block), block)
    fifty_mb = 50 * 1024 * 1024 // len(block)
    chunked = stream(
        served.url,
        b"POST /api/articles HTTP/1.1\r\nHost: x\r\n" + auth + b"Transfer-Encoding: chunked\r\n\r\n"
        + b'a\r\n{"text": "\r\n',  # a first chunk of 10 bytes
        (chunk for _ in range(fifty_mb)),
    )  # fmt: skip
    assert status_of(chunked) == 413
    declared = stream(
        served.url,
        b"POST /api/articles HTTP/1.1\r\nHost: x\r\n" + auth + b"Content-Length: 52428800\r\n\r\n",
        (block for _ in range(fifty_mb)),
    )
    assert status_of(declared) == 413
    big_header = exchange(
        served.url, b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"x" * 100_000 + b"\r\n\r\n"
    )
    assert status_of(big_header) in (400, 431)
    many = b"".join(b"X-H%d: 1\r\n" % n for n in range(200))
    assert (
        status_of(
            exchange(
                served.url, b"GET / HTTP/1.1\r\nHost: x\r\n" + many + b"Connection: close\r\n\r\n"
            )
        )
        == 431
    )
    long_query = (
        b"GET /api/incidents?q="
        + b"x" * 20_000
        + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    assert status_of(exchange(served.url, long_query)) in (400, 414)
    assert rss(served.process.pid) - memory < 30 * 1024 * 1024  # nothing held the 50 MB
    assert httpx.get(served.url + "/api/health").json()["articles"] == before
