"""The web server under load: `crosswire serve` (real uvicorn, its own process) on a store,
and N concurrent clients in this process for T seconds.

    python benchmarks/web_load.py [--db DB] [--clients 20] [--seconds 30] [--port 0]

Without --db the store is built first from examples/corpus (`crosswire ingest`, then
`crosswire analyze`) in a temporary folder. Each client is a thread with its own HTTP
connection (httpx, keep-alive) that requests, one after another, a random mix of the
incident list (`/`, sometimes filtered), an incident page, an article page and
/api/incidents with filters. Any answer but 200, and any connection error or timeout,
counts as an error. Printed: requests, requests per second, errors (by kind) and the
latency percentiles p50, p90, p99 and the maximum, in milliseconds.

The clients share the machine with the server: on a small machine they take CPU from it,
so the figures are a floor for what the server alone could do.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"
FILTERS = ("country={country}", "q=killed", "has_contradiction=true", "from=2016-01-01",
           "source=wire", "event_type=Explosions/Remote+violence")  # fmt: skip


def crosswire() -> list[str]:
    """The crosswire command of the running Python's environment."""
    script = Path(sys.executable).with_name("crosswire")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "crosswire.cli"]


def build_store(db: Path, corpus: Path = CORPUS) -> None:
    """A store of the articles in `corpus`, ingested and analysed by the command line."""
    for args in (["ingest", str(corpus)], ["analyze"]):
        subprocess.run([*crosswire(), *args, "--db", str(db), "--quiet"], check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A `crosswire serve` process and where it listens."""

    process: subprocess.Popen[bytes]
    url: str
    log: IO[bytes]  # the server's stderr

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def start_server(
    db: Path, port: int = 0, wait: float = 60.0, env: dict[str, str] | None = None
) -> Server:
    """Start `crosswire serve --db db` on 127.0.0.1 and wait until /api/health answers."""
    port = port or free_port()
    cmd = [*crosswire(), "serve", "--db", str(db), "--port", str(port), "--quiet"]
    # a file, not a pipe: a pipe nobody reads could fill and stall the server
    log = tempfile.TemporaryFile()  # noqa: SIM115 (Server.stop closes it)
    process = subprocess.Popen(cmd, env=env, stderr=log)
    server = Server(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            err = log.read().decode(errors="replace")
            log.close()
            raise RuntimeError(f"crosswire serve exited with {process.returncode}: {err}")
        try:
            if httpx.get(server.url + "/api/health", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"crosswire serve did not answer on {server.url} in {wait:.0f} s")


def targets(url: str) -> list[str]:
    """The paths the clients draw from: every incident and article page, the list and
    the API with each filter."""
    with httpx.Client(base_url=url, timeout=30) as c:
        incidents = c.get("/api/incidents", params={"limit": 500}).json()["items"]
        articles = c.get("/api/articles", params={"limit": 500}).json()["items"]
    countries = sorted({(i["location"] or {}).get("country") or "SY" for i in incidents}) or ["SY"]
    filters = [f.format(country=c) for c in countries for f in FILTERS]
    return (
        ["/"] * 5
        + [f"/?{f}" for f in filters]
        + [f"/incidents/{i['id']}" for i in incidents]
        + [f"/articles/{a['id']}" for a in articles]
        + [f"/api/incidents?{f}&limit=20" for f in filters]
    )


@dataclass
class Load:
    """What the clients saw."""

    seconds: float
    latencies: list[float] = field(default_factory=list)  # seconds, of the 200 answers
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def requests(self) -> int:
        return len(self.latencies) + sum(self.errors.values())

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    def summary(self) -> str:
        ms = {p: self.percentile(p) * 1000 for p in (50, 90, 99, 100)}
        kinds = ", ".join(f"{k}: {n}" for k, n in self.errors.most_common()) or "none"
        return (
            f"{self.requests} requests in {self.seconds:.1f} s: "
            f"{self.requests / self.seconds:.1f} requests/s, "
            f"{sum(self.errors.values())} errors ({kinds})\n"
            f"latency ms: p50 {ms[50]:.1f}, p90 {ms[90]:.1f}, p99 {ms[99]:.1f}, max {ms[100]:.1f}"
        )


def run_load(
    url: str, paths: list[str], clients: int = 20, seconds: float = 30.0, seed: int = 1
) -> Load:
    """`clients` threads requesting random `paths` from `url` for `seconds`."""
    load = Load(seconds)
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(n: int) -> None:
        rng = random.Random(seed * 1000 + n)
        seen: list[float] = []
        errors: Counter[str] = Counter()
        with httpx.Client(base_url=url, timeout=30) as c:
            while time.monotonic() < stop_at:
                path = rng.choice(paths)
                start = time.perf_counter()
                try:
                    status = c.get(path).status_code
                except httpx.HTTPError as exc:
                    errors[type(exc).__name__] += 1
                    continue
                if status == 200:
                    seen.append(time.perf_counter() - start)
                else:
                    errors[f"HTTP {status} {path}"] += 1
        with lock:
            load.latencies += seen
            load.errors.update(errors)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    begun = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    load.seconds = time.monotonic() - begun
    return load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="an existing store (default: build one from examples/corpus)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="crosswire-load-"))
    try:
        db = Path(args.db) if args.db else folder / "load.db"
        if not args.db:
            began = time.monotonic()
            build_store(db)
            print(f"store built from {CORPUS} in {time.monotonic() - began:.1f} s", flush=True)
        env = {k: v for k, v in os.environ.items() if k != "CROSSWIRE_API_TOKEN"}
        server = start_server(db, args.port, env=env)
        try:
            paths = targets(server.url)
            health = httpx.get(server.url + "/api/health").json()
            print(f"store: {health['articles']} articles, {health['incidents']} incidents")
            print(f"{server.url}: {args.clients} clients for {args.seconds:.0f} s over "
                  f"{len(paths)} paths", flush=True)  # fmt: skip
            print(run_load(server.url, paths, args.clients, args.seconds).summary())
        finally:
            server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
