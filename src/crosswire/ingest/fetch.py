"""Fetching a URL from a web that may be hostile: one clear FetchError when it fails.

What is defended (docs/reliability.md says more):

- only `http` and `https`, on the first request and after every redirect;
- at most `max_redirects` redirects, each hop checked again like the first;
- no loopback, private, link-local, multicast, reserved or unspecified address (IPv4, IPv6,
  and IPv4 inside IPv6) unless `allow_private` is set: the host is resolved once, EVERY
  address it resolves to is checked, and the connection goes to a checked address, never
  to a name resolved again later (so DNS rebinding cannot swap it);
- a size cap: a Content-Length over it is refused before the body is read, and the body
  is read in chunks and cut as soon as it passes the cap (an endless or chunked body too);
- a time limit on the whole fetch, not only on each read of the socket.

Proxies named in the environment (`http_proxy`) are not used: a proxy would resolve the
host itself, after the check.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from crosswire import __version__
from crosswire.errors import FetchError

USER_AGENT = f"crosswire/{__version__} (+https://github.com/crosswire)"
MAX_REDIRECTS = 5
SCHEMES = ("http", "https")
REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024
ALLOW_HINT = "--allow-private-urls allows it for local testing"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# NAT64 (RFC 6052) carries an IPv4 address in its last 32 bits.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    content_type: str
    charset: str | None
    body: bytes


@dataclass(frozen=True, slots=True)
class Target:
    """One hop: a URL split into what the connection needs."""

    url: str
    scheme: str
    host: str
    port: int
    path: str


def fetch(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    allow_private: bool = False,
    max_redirects: int = MAX_REDIRECTS,
) -> Fetched:
    """GET `url`, following up to `max_redirects` redirects; FetchError names the URL and
    what went wrong. `timeout` bounds the whole fetch, redirects included."""
    deadline = time.monotonic() + timeout
    current = url
    for _hop in range(max_redirects + 1):
        target = parse_target(url, current)
        with _exchange(url, target, deadline, timeout, allow_private) as (response, dog):
            location = response.getheader("Location")
            if response.status in REDIRECTS and location:
                current = urljoin(current, location.strip())
                continue
            if response.status >= 400:
                raise FetchError(url, f"HTTP {response.status} {response.reason}")
            body = _read_capped(url, response, dog, max_bytes, timeout)
            return Fetched(
                url=current,
                content_type=response.headers.get_content_type(),
                charset=response.headers.get_content_charset(),
                body=body,
            )
    raise FetchError(url, f"too many redirects (more than {max_redirects})")


def parse_target(url: str, current: str) -> Target:
    """`current` (the URL of this hop) checked for its scheme and host."""
    try:
        parts = urlsplit(current)
        port = parts.port
    except ValueError as exc:
        raise FetchError(url, f"not a valid URL: {current} ({exc})") from exc
    scheme = parts.scheme.lower()
    via = "" if current == url else f" (redirected to {current})"
    if scheme not in SCHEMES:
        raise FetchError(url, f"refused{via}: only http:// and https:// URLs are fetched")
    if not parts.hostname:
        raise FetchError(url, f"not a valid URL{via}: no host name")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    default = 443 if scheme == "https" else 80
    return Target(current, scheme, parts.hostname, port or default, path)


def classify(address: str) -> str | None:
    """What kind of non-public address `address` is (such as "loopback"), or None for a
    public one. IPv4 inside IPv6 (mapped, 6to4, NAT64, Teredo) is judged by its IPv4."""
    ip: IPAddress = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            kind = classify(str(inner))
            if kind is not None:
                return kind
    checks = (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        ("non-public", not ip.is_global),
    )
    return next((kind for kind, hit in checks if hit), None)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


Resolved = tuple[socket.AddressFamily, tuple[str, int] | tuple[str, int, int, int]]


def resolve(url: str, target: Target, *, allow_private: bool) -> list[Resolved]:
    """Every address `target.host` resolves to, each checked (unless `allow_private`)."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(url, f"unreachable: cannot resolve {target.host} ({exc})") from exc
    found: list[Resolved] = []
    for family, _type, _proto, _name, sockaddr in infos:
        address = str(sockaddr[0])
        kind = None if allow_private else classify(address)
        if kind is not None:
            via = "" if target.url == url else f"redirected to {target.url}: "
            raise FetchError(
                url, f"refused: {via}{target.host} is a {kind} address ({address}); {ALLOW_HINT}"
            )
        if (family, sockaddr) not in found:
            found.append((family, sockaddr))  # type: ignore[arg-type]
    if not found:
        raise FetchError(url, f"unreachable: {target.host} has no address")
    return found


def _connect(resolved: list[Resolved], timeout: float | None) -> socket.socket:
    """A socket connected to the first of the checked addresses that answers."""
    error: OSError | None = None
    for family, sockaddr in resolved:
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(sockaddr)
        except OSError as exc:
            sock.close()
            error = exc
            continue
        return sock
    assert error is not None
    raise error


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to an address checked beforehand (the Host header keeps the name)."""

    def __init__(self, target: Target, resolved: list[Resolved], timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self.resolved = resolved
        self.raw: socket.socket | None = None

    def connect(self) -> None:
        self.sock = self.raw = _connect(self.resolved, self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """As _PinnedHTTP, with TLS checked against the host name."""

    def __init__(self, target: Target, resolved: list[Resolved], timeout: float) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(target.host, target.port, timeout=timeout, context=self.tls)
        self.resolved = resolved
        self.raw: socket.socket | None = None

    def connect(self) -> None:
        self.raw = _connect(self.resolved, self.timeout)
        self.sock = self.tls.wrap_socket(self.raw, server_hostname=self.host)


class _Watchdog:
    """Shuts the connection's socket when the fetch's time is up, whatever it is waiting
    for (a server may trickle its headers or body a byte at a time)."""

    def __init__(self, conn: _PinnedHTTP | _PinnedHTTPS, seconds: float) -> None:
        self.conn = conn
        self.fired = False
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True
        self.timer.start()

    def _fire(self) -> None:
        self.fired = True
        # The raw socket: http.client drops its own reference once a response owns it.
        sock = self.conn.raw
        if sock is not None:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self.timer.cancel()


@contextmanager
def _exchange(
    url: str, target: Target, deadline: float, timeout: float, allow_private: bool
) -> Iterator[tuple[http.client.HTTPResponse, _Watchdog]]:
    """One request and its response, with the errors of the network as FetchError."""
    resolved = resolve(url, target, allow_private=allow_private)
    kind = _PinnedHTTPS if target.scheme == "https" else _PinnedHTTP
    left = _remaining(url, deadline, timeout)
    conn = kind(target, resolved, left)
    dog = _Watchdog(conn, left)
    length = ""
    try:
        conn.request("GET", target.path, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        response = conn.getresponse()
        length = response.getheader("Content-Length", "").strip()
        yield response, dog
    except FetchError:
        raise
    except (http.client.HTTPException, OSError) as exc:
        raise FetchError(url, _explain(exc, dog.fired, timeout, length)) from exc
    finally:
        dog.cancel()
        conn.close()


def _explain(exc: BaseException, late: bool, timeout: float, length: str) -> str:
    if late or isinstance(exc, TimeoutError):
        return _late(timeout)
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed ({exc.reason or exc})"
    if isinstance(exc, http.client.IncompleteRead):
        got = len(exc.partial)
        promised = f" of the {int(length):,} announced" if length.isdigit() else ""
        return f"the body ended early ({got:,} bytes{promised}); nothing was stored"
    if isinstance(exc, ConnectionRefusedError):
        return "unreachable (connection refused)"
    if isinstance(exc, OSError) and exc.strerror:
        return f"unreachable ({exc.strerror.lower()})"
    return f"unreachable ({exc or type(exc).__name__})"


def _read_capped(
    url: str, response: http.client.HTTPResponse, dog: _Watchdog, max_bytes: int, timeout: float
) -> bytes:
    """The body, refused up front when its Content-Length is over `max_bytes`, and cut as
    soon as more than `max_bytes` arrive when it has none (or lies)."""
    over = f"over the size limit of {max_bytes:,} bytes (see --max-bytes)"
    length = response.getheader("Content-Length", "").strip()
    if length.isdigit() and int(length) > max_bytes:
        raise FetchError(url, f"{over}: it announces {int(length):,} bytes")
    parts: list[bytes] = []
    size = 0
    # read1 returns what has arrived, so the cap and the clock are checked as it comes.
    while chunk := response.read1(min(CHUNK, max_bytes + 1 - size)):
        parts.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(url, f"{over}: cut after {size:,} bytes")
    if dog.fired:  # the socket was shut under the read: the body is not whole
        raise FetchError(url, _late(timeout))
    if length.isdigit() and size < int(length):
        raise http.client.IncompleteRead(b"".join(parts), int(length) - size)
    return b"".join(parts)


def _remaining(url: str, deadline: float, timeout: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(url, _late(timeout))
    return left


def _late(timeout: float) -> str:
    return f"no answer within {timeout:g} s (see --timeout)"
