"""A full disk under the store: the command stops with one clear line ("disk full: ...",
naming the store) and exit 1, no traceback; the store opens and is whole once there is
space again, and a rerun finishes the work.

Two ways to fill it: a real size-limited filesystem (a 1 MB tmpfs, which needs root and a
sandbox that allows mounting: skipped otherwise), and SQLite's own limit on a database's
size (PRAGMA max_page_count), which gives the very SQLITE_FULL error a full disk gives, and
always runs."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import event
from sqlalchemy.engine import Engine

from crosswire.analyze import ANALYSIS_VERSION
from crosswire.cli import cli
from crosswire.errors import DiskFullError, StoreError, explain, is_disk_full
from crosswire.store import Store
from tests.test_crash import assert_consistent, write_feed

ARTICLES = 150


def disk_full_line(stderr: str, db: str) -> str:
    """The one line of stderr, checked to be the disk-full message naming `db`."""
    assert "Traceback" not in stderr
    [line] = stderr.strip().splitlines()
    assert line.startswith(f"crosswire: error: disk full: --db {db}: "), line
    assert "free some space and run the command again" in line
    return line


def whole(db: str) -> int:
    """The store opens, SQLite finds nothing wrong in the file, and every article is whole:
    how many there are."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    with Store(db) as store:
        assert_consistent(store)
        return store.count_articles()


# -- a real full disk -----------------------------------------------------------------------


def _mount(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs, unmounted afterwards; skips where mounting is not allowed."""
    folder = tmp_path / "small"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root")
    mounted = _mount(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)])
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        _mount(["umount", "-l", str(folder)])


def test_ingest_onto_a_full_disk(small_disk: Path, tmp_path: Path) -> None:
    feed = write_feed(tmp_path / "feed.jsonl", ARTICLES)
    db = str(small_disk / "store.db")
    command = [sys.executable, "-m", "crosswire", "ingest", str(feed), "--db", db, "--quiet"]
    full = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    assert full.returncode == 1
    disk_full_line(full.stderr, db)
    # Space again: the same filesystem, grown.
    grown = _mount(["mount", "-o", "remount,size=64m", str(small_disk)])
    assert grown.returncode == 0, grown.stderr
    stored = whole(db)
    assert 0 < stored < ARTICLES
    rerun = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert whole(db) == ARTICLES


def test_a_store_cannot_even_be_created_on_a_full_disk(small_disk: Path) -> None:
    ballast = small_disk / "ballast"
    with ballast.open("wb", buffering=0) as out, pytest.raises(OSError, match="No space"):
        while True:
            out.write(b"\0" * 4096)
    db = str(small_disk / "store.db")
    done = CliRunner().invoke(cli, ["ingest", "--db", db, "--quiet", "-"], input="A report.")
    assert done.exit_code == 1
    disk_full_line(done.stderr, db)


# -- SQLite's size limit: the same error, without mounting ------------------------------------


@pytest.fixture
def page_limit() -> Iterator[dict[str, int]]:
    """Sets `limit["pages"]` as PRAGMA max_page_count on every SQLite connection opened
    while the test runs (0: no limit)."""
    limit = {"pages": 0}

    def cap(dbapi_conn: Any, _record: Any) -> None:
        if limit["pages"] and isinstance(dbapi_conn, sqlite3.Connection):
            dbapi_conn.execute(f"PRAGMA max_page_count={limit['pages']}")

    event.listen(Engine, "connect", cap)
    yield limit
    event.remove(Engine, "connect", cap)


def test_ingest_into_a_store_at_its_size_limit(page_limit: dict[str, int], tmp_path: Path) -> None:
    feed = write_feed(tmp_path / "feed.jsonl", ARTICLES)
    db = str(tmp_path / "store.db")
    command = ["ingest", str(feed), "--db", db, "--quiet"]
    page_limit["pages"] = 60  # 240 KB: room for a few dozen articles
    full = CliRunner().invoke(cli, command)
    assert full.exit_code == 1
    disk_full_line(full.stderr, db)
    page_limit["pages"] = 0
    stored = whole(db)
    assert 0 < stored < ARTICLES
    assert CliRunner().invoke(cli, command).exit_code == 0
    assert whole(db) == ARTICLES


@pytest.mark.slow
def test_analyze_into_a_store_at_its_size_limit(page_limit: dict[str, int], tmp_path: Path) -> None:
    feed = write_feed(tmp_path / "feed.jsonl", ARTICLES)
    db = str(tmp_path / "store.db")
    assert CliRunner().invoke(cli, ["ingest", str(feed), "--db", db, "--quiet"]).exit_code == 0
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    page_limit["pages"] = pages + 2  # no room for a page of mentions
    full = CliRunner().invoke(cli, ["analyze", "--db", db, "--quiet"])
    assert full.exit_code == 1
    disk_full_line(full.stderr, db)
    page_limit["pages"] = 0
    with Store(db) as store:
        assert store.count_articles(analyzed_below=ANALYSIS_VERSION) == ARTICLES
    assert CliRunner().invoke(cli, ["analyze", "--db", db, "--quiet"]).exit_code == 0
    assert whole(db) == ARTICLES
    with Store(db) as store:
        assert store.count_articles(analyzed_below=ANALYSIS_VERSION) == 0


# -- the message ----------------------------------------------------------------------------


def test_disk_full_is_recognised_through_the_chain_of_causes() -> None:
    try:
        try:
            raise sqlite3.OperationalError("database or disk is full")
        except sqlite3.OperationalError as exc:
            raise StoreError("--db x.db: cannot write to the store") from exc
    except StoreError as exc:
        assert is_disk_full(exc)
        assert explain(exc).startswith("disk full: --db x.db: cannot write to the store; ")
    assert is_disk_full(OSError(28, "No space left on device", "out/report.html"))
    assert is_disk_full(DiskFullError("--db x.db: full"))
    assert not is_disk_full(StoreError("--db x.db: database is locked"))
    assert explain(StoreError("--db x.db: database is locked")) == "--db x.db: database is locked"
