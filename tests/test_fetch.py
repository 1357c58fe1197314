"""Fetching URLs from a hostile web: real servers on 127.0.0.1 (in a thread) that redirect
forever, redirect to private addresses, send endless or lying bodies, or hang; and the
address classifier over the many spellings of a private address."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from crosswire.cli import cli
from crosswire.errors import FetchError
from crosswire.ingest import fetch as fetch_module
from crosswire.ingest.batch import ingest
from crosswire.ingest.fetch import Target, classify, fetch, parse_target, resolve
from crosswire.options import make_options
from crosswire.store import Store
from tests.helpers import WIRE

CAP = 100_000
RELEASE = threading.Event()  # set at teardown: lets the hanging handlers end


class Hostile(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        route = getattr(self, "route_" + self.path.strip("/").split("/")[0].replace("-", "_"))
        # The client hangs up on an endless body, as it should after the cap.
        with suppress(BrokenPipeError, ConnectionResetError):
            route()

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {"Content-Length": str(len(body)), **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self._send(302, b"", {"Location": location})

    def route_story(self) -> None:
        self._send(200, WIRE.encode(), {"Content-Type": "text/plain; charset=utf-8"})

    def route_host(self) -> None:
        self._send(200, (self.headers["Host"] or "").encode(), {"Content-Type": "text/plain"})

    def route_loop(self) -> None:
        self._redirect("/loop")

    def route_chain(self) -> None:  # /chain/N redirects N more times, then to the story
        left = int(self.path.rsplit("/", 1)[1])
        self._redirect(f"/chain/{left - 1}" if left else "/story")

    def route_to_private(self) -> None:
        self._redirect(f"http://127.0.0.2:{self.server.server_address[1]}/story")

    def route_to_file(self) -> None:
        self._redirect("file:///etc/passwd")

    def route_endless(self) -> None:  # chunked, never ends
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"the shelling went on " * 500
        while not RELEASE.is_set():
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))

    def route_endless_raw(self) -> None:  # no length at all: the body ends at close, never
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Connection", "close")
        self.end_headers()
        while not RELEASE.is_set():
            self.wfile.write(b"x" * 65536)

    def route_announces_gigabytes(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(5 * 1024**3))
        self.end_headers()
        self.wfile.write(b"y" * 1000)

    def route_lies_short(self) -> None:  # announces 1,000 bytes, sends 100, hangs up
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b"z" * 100)
        self.close_connection = True

    def route_lies_long(self) -> None:  # announces 50 bytes, then sends without end
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "50")
        self.end_headers()
        while not RELEASE.is_set():
            self.wfile.write(b"w" * 65536)

    def route_hang(self) -> None:
        RELEASE.wait(30)

    def route_trickle(self) -> None:  # a byte every 0.2 s, forever
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Connection", "close")
        self.end_headers()
        while not RELEASE.wait(0.2):
            self.wfile.write(b"t")
            self.wfile.flush()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    RELEASE.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    RELEASE.set()
    httpd.shutdown()
    httpd.server_close()


def get(url: str, *, max_bytes: int = CAP, timeout: float = 5) -> bytes:
    return fetch(url, timeout=timeout, max_bytes=max_bytes, allow_private=True).body


def refusal(url: str, **kwargs: float) -> str:
    with pytest.raises(FetchError) as caught:
        get(url, **kwargs)  # type: ignore[arg-type]
    message = str(caught.value)
    assert message.startswith(url + ": ") and "\n" not in message
    return message


# -- redirects ---------------------------------------------------------------------------


def test_redirect_forever_is_cut(server: str) -> None:
    assert "too many redirects (more than 5)" in refusal(f"{server}/loop")


def test_five_redirects_are_followed_and_six_are_not(server: str) -> None:
    assert get(f"{server}/chain/4") == WIRE.encode()  # 5 redirects
    assert "too many redirects" in refusal(f"{server}/chain/5")


def test_redirect_to_another_scheme_is_refused(server: str) -> None:
    message = refusal(f"{server}/to-file")
    assert "redirected to file:///etc/passwd" in message
    assert "only http:// and https://" in message


def test_redirect_to_a_private_address_is_refused_when_the_first_hop_was_allowed(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only 127.0.0.1 (the server) is let through; the redirect to 127.0.0.2 is checked
    again, and refused."""
    real = fetch_module.classify
    monkeypatch.setattr(fetch_module, "classify", lambda a: None if a == "127.0.0.1" else real(a))
    assert fetch(f"{server}/story", timeout=5, max_bytes=CAP).body == WIRE.encode()
    with pytest.raises(FetchError) as caught:
        fetch(f"{server}/to-private", timeout=5, max_bytes=CAP)
    assert "refused: redirected to http://127.0.0.2:" in str(caught.value)
    assert "loopback address (127.0.0.2)" in str(caught.value)


# -- size ---------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["endless", "endless-raw"])
def test_endless_body_is_cut_at_the_cap(server: str, route: str) -> None:
    started = time.monotonic()
    message = refusal(f"{server}/{route}")
    assert f"over the size limit of {CAP:,} bytes (see --max-bytes): cut after" in message
    assert time.monotonic() - started < 5


def test_content_length_over_the_cap_is_refused_before_reading(server: str) -> None:
    message = refusal(f"{server}/announces-gigabytes")
    assert f"it announces {5 * 1024**3:,} bytes" in message


def test_content_length_that_promises_more_than_it_sends(server: str) -> None:
    message = refusal(f"{server}/lies-short")
    assert "the body ended early (100 bytes of the 1,000 announced)" in message


def test_content_length_that_promises_less_than_it_sends(server: str) -> None:
    assert get(f"{server}/lies-long") == b"w" * 50


# -- time ---------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["hang", "trickle"])
def test_a_server_that_hangs_or_trickles_times_out(server: str, route: str) -> None:
    started = time.monotonic()
    assert "no answer within 1 s (see --timeout)" in refusal(f"{server}/{route}", timeout=1)
    assert time.monotonic() - started < 4


def test_nothing_listening(server: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert "unreachable (connection refused)" in refusal(f"http://127.0.0.1:{port}/")


# -- addresses ----------------------------------------------------------------------------


def test_loopback_is_refused_by_default(server: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(f"{server}/story", timeout=5, max_bytes=CAP)
    assert str(caught.value) == (
        f"{server}/story: refused: 127.0.0.1 is a loopback address (127.0.0.1); "
        "--allow-private-urls allows it for local testing"
    )


def test_the_connection_goes_to_the_address_checked(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The host is resolved once per hop, and the request still names it in Host."""
    calls: list[str] = []
    real = socket.getaddrinfo

    def counting(host: str, *args: object, **kwargs: object) -> object:
        calls.append(host)
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", counting)
    port = server.rsplit(":", 1)[1]
    assert get(f"http://localhost:{port}/host") == f"localhost:{port}".encode()
    assert calls == ["localhost"]


def test_every_resolved_address_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """A name that resolves to a public and a private address is refused."""
    answers = [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 80)),
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", 80)),
    ]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: answers)
    url = "http://mixed.example/"
    with pytest.raises(FetchError, match=r"mixed\.example is a private address \(10\.1\.2\.3\)"):
        resolve(url, parse_target(url, url), allow_private=False)


REFUSED = {
    "http://127.0.0.1/": "loopback",
    "http://127.1/": "loopback",
    "http://2130706433/": "loopback",
    "http://0x7f.1/": "loopback",
    "http://0x7f000001/": "loopback",
    "http://0177.0.0.1/": "loopback",
    "http://localhost/": "loopback",
    "http://[::1]/": "loopback",
    "http://[::ffff:127.0.0.1]/": "loopback",
    "http://[::ffff:7f00:1]/": "loopback",
    "http://[64:ff9b::7f00:1]/": "loopback",
    "http://[2002:7f00:1::]/": "loopback",
    "http://0.0.0.0/": "unspecified",
    "http://0/": "unspecified",
    "http://[::]/": "unspecified",
    "http://10.0.0.1/": "private",
    "http://012.0.0.1/": "private",
    "http://172.16.5.4/": "private",
    "http://192.168.1.1/": "private",
    "http://3232235777/": "private",
    "http://[fc00::1]/": "private",
    "http://[::ffff:10.0.0.1]/": "private",
    "http://[::ffff:192.168.0.1]/": "private",
    "http://169.254.169.254/": "link-local",
    "http://[fe80::1]/": "link-local",
    "http://[::ffff:169.254.169.254]/": "link-local",
    "http://224.0.0.1/": "multicast",
    "http://239.255.255.250/": "multicast",
    "http://[ff02::1]/": "multicast",
    "http://240.0.0.1/": "reserved",
    "http://255.255.255.255/": "reserved",
    "http://100.64.0.1/": "non-public",
    "http://192.0.2.1/": "private",
    "http://[2001:db8::1]/": "private",
}


@pytest.mark.parametrize(("url", "kind"), sorted(REFUSED.items()))
def test_private_address_forms_are_refused(url: str, kind: str) -> None:
    with pytest.raises(FetchError) as caught:
        resolve(url, parse_target(url, url), allow_private=False)
    message = str(caught.value)
    assert f" is a {kind} address (" in message and "--allow-private-urls" in message


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "2a00:1450::1"]
)
def test_public_addresses_pass(address: str) -> None:
    assert classify(address) is None


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.org/a.txt", "gopher://example.org/", "data:,hi"],
)
def test_other_schemes_are_refused(url: str) -> None:
    with pytest.raises(FetchError, match="only http:// and https:// URLs are fetched"):
        parse_target(url, url)


def test_target_parts() -> None:
    assert parse_target("x", "HTTPS://Example.org/a?b=1") == Target(
        "HTTPS://Example.org/a?b=1", "https", "example.org", 443, "/a?b=1"
    )


# -- in a batch and on the command line -----------------------------------------------------


def test_a_batch_goes_on_and_stores_nothing_of_the_failures(server: str, tmp_path: Path) -> None:
    urls = [f"{server}/{r}" for r in ("endless", "loop", "lies-short", "story", "hang")]
    options = make_options(
        db=str(tmp_path / "s.db"), max_bytes=CAP, fetch_timeout=2, allow_private_urls=True
    )
    with Store(options.db) as store:
        result = ingest(urls, store, options)
        assert [a.url for a in store.articles()] == [f"{server}/story"]
    assert len(result.added) == 1
    assert sorted(e.source for e in result.failed) == sorted(set(urls) - {f"{server}/story"})


def test_cli_refuses_other_schemes_and_private_urls_by_default(server: str, tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    args = ["ingest", "--db", db, "--quiet", f"{server}/story", "ftp://example.org/a.txt"]
    done = CliRunner().invoke(cli, args)
    assert done.exit_code == 1
    lines = done.stderr.splitlines()
    assert f"crosswire: {server}/story: refused: 127.0.0.1 is a loopback address" in lines[0]
    assert lines[1] == (
        "crosswire: ftp://example.org/a.txt: refused: only http:// and https:// URLs are fetched"
    )
    allowed = CliRunner().invoke(cli, [*args[:-1], "--allow-private-urls"])
    assert allowed.exit_code == 0, allowed.stderr
    with Store(db) as store:
        assert store.count_articles() == 1


# -- TLS ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The same server over TLS, with a self-signed certificate for `localhost`; yields its
    port and the certificate."""
    if shutil.which("openssl") is None:
        pytest.skip("no openssl to make a certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    made = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        capture_output=True, check=False,
    )  # fmt: skip
    if made.returncode != 0:
        pytest.skip(f"openssl cannot make a certificate: {made.stderr.decode()[:200]}")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    httpd.daemon_threads = True
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield str(httpd.server_address[1]), cert
    httpd.shutdown()
    httpd.server_close()


def test_tls_is_checked_against_the_host_name(
    tls_server: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    port, cert = tls_server
    untrusted = refusal(f"https://localhost:{port}/story")
    assert "TLS failed (CERTIFICATE_VERIFY_FAILED)" in untrusted
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust it: read by the default context
    assert get(f"https://localhost:{port}/story") == WIRE.encode()
    assert "TLS failed" in refusal(f"https://127.0.0.1:{port}/story")  # not the cert's name
