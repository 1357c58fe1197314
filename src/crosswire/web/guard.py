"""Limits every request must pass before it reaches a route, as a plain ASGI middleware.

A request whose path, query string or headers are too long, that has too many query
parameters or headers, a control character in its path, or that declares a body over the
limit is answered at once (414, 400, 431 or 413; 404 for the control character, as
nothing here has one in its name) without being routed, so an oversized
request costs a few comparisons and no memory. Bodies sent without a length (chunked) are
counted as they are read by the one route that reads a body (api.py).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Limits:
    """How large a request may be. The defaults are above anything the pages and the API
    accept: the filter form with its text fields at their maximum lengths sends 1 KB of
    ASCII, or 12 KB of four-byte characters once percent-encoded."""

    path: int = 2048
    query: int = 16 * 1024
    params: int = 64
    headers: int = 64
    header_bytes: int = 16 * 1024
    body: int = 2 * 1024 * 1024


def refusal(scope: Scope, limits: Limits) -> tuple[int, str] | None:
    """(status, reason) when the request in `scope` breaks a limit, else None."""
    path = scope.get("raw_path") or scope.get("path", "").encode()
    if len(path) > limits.path:
        return 414, f"the path is over {limits.path:,} bytes"
    if any(ord(c) < 32 or ord(c) == 127 for c in scope.get("path", "")):
        return 404, "no page or file here: the path holds a control character"
    query: bytes = scope.get("query_string", b"")
    if len(query) > limits.query:
        return 414, f"the query string is over {limits.query:,} bytes"
    if query and query.count(b"&") + query.count(b";") + 1 > limits.params:
        return 400, f"more than {limits.params} query parameters"
    headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
    if len(headers) > limits.headers:
        return 431, f"more than {limits.headers} request headers"
    if sum(len(k) + len(v) for k, v in headers) > limits.header_bytes:
        return 431, f"the request headers are over {limits.header_bytes:,} bytes"
    declared = [v for k, v in headers if k.lower() == b"content-length"]
    if declared:
        if len(declared) > 1 or not declared[0].strip().isdigit():
            return 400, "give one Content-Length, a whole number of bytes"
        if int(declared[0]) > limits.body:
            return 413, f"the request body is over {limits.body:,} bytes"
    return None


class Guard:
    """Answers requests that break `limits` (see refusal) before the app sees them."""

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = refusal(scope, self.limits) if scope["type"] == "http" else None
        if found is None:
            await self.app(scope, receive, send)
            return
        status, reason = found
        body = json.dumps({"detail": reason}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
