"""Several `crosswire ingest` processes writing to one store at once, on SQLite (WAL, a busy
timeout, writers serialised with BEGIN IMMEDIATE) and on PostgreSQL (an advisory lock):
every article lands exactly once, and copies and shared origin come out as from one
process. (tests/test_postgres_ingest.py has three processes on PostgreSQL with the copies
spread over them; here two processes race on one store from its creation on, on both
backends, with disjoint feeds and with the same feed.)"""

from __future__ import annotations

import itertools
import json
import logging
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from crosswire.store import Store
from crosswire.store import store as store_module
from crosswire.store.schema import articles
from tests.test_batch import FEED, relations, run


def rows(count: int) -> list[dict[str, str]]:
    """Invented notes, enough for the two processes' transactions to interleave, and the
    wire story with its copies."""
    notes = [
        {"id": f"n{i}", "text": f"Note {i}: the bakery on {i} Main Street reopened after repairs."}
        for i in range(count)
    ]
    return notes + FEED


def start_ingest(feed: Path, db: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "crosswire", "ingest", str(feed), "--db", db, "--quiet"]
    return subprocess.Popen(command, stderr=subprocess.PIPE, text=True)


def finish(procs: list[subprocess.Popen[str]]) -> None:
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err


def stored_once(db: str) -> int:
    """The number of articles, checking none is there twice."""
    with Store(db) as store, store.engine.connect() as conn:
        total = conn.scalar(select(func.count()).select_from(articles))
        distinct = conn.scalar(select(func.count(func.distinct(articles.c.id))))
        names = conn.scalar(select(func.count(func.distinct(articles.c.name))))
    assert total == distinct == names
    return int(total or 0)


def one_process(tmp_path: Path, *feeds: Path) -> dict[str, tuple[str | None, list[str]]]:
    with Store(str(tmp_path / "one.db")) as one:
        for feed in feeds:
            run(one, str(feed))
        return relations(one)


def emptied(db: str, attempt: int) -> str:
    """The store for another attempt at a race, as new as the first: a new SQLite file, or
    the PostgreSQL database with its tables dropped."""
    if not db.startswith("postgresql"):
        return str(Path(db).with_name(f"race{attempt}.db"))
    engine = create_engine(db)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return db


def test_two_ingests_of_disjoint_feeds_at_once(tmp_path: Path, store_db: str) -> None:
    """Every attempt checks that each article landed once. The two processes' writes must
    also have interleaved (else the attempt tested nothing): SQLite's busy handler is not
    fair, so one writer can hold the store for all its transactions while the other waits;
    such an attempt is run again, up to five times."""
    every = rows(3000)  # enough to overlap when one process starts seconds late
    feeds = []
    for k in range(2):
        feeds.append(tmp_path / f"feed{k}.jsonl")
        feeds[-1].write_text("\n".join(json.dumps(r) for r in every[k::2]))
    first = {r["id"] for r in every[0::2]}
    db, turns = store_db, 0
    for attempt in range(5):
        db = emptied(store_db, attempt) if attempt else store_db
        finish([start_ingest(feed, db) for feed in feeds])
        assert stored_once(db) == len(every)
        with Store(db) as store, store.engine.connect() as conn:
            order = conn.scalars(select(articles.c.name).order_by(articles.c.seq)).all()
        # 1 turn: one process wrote everything before the other; 2 or more: they overlapped.
        turns = sum(1 for a, b in itertools.pairwise(order) if (a in first) != (b in first))
        print(f"attempt {attempt + 1}: {turns} turns between the two writers")
        if turns >= 2:
            break
    assert turns >= 2, "the two writers never overlapped in five attempts"
    expected = one_process(tmp_path, *feeds)
    with Store(db) as store:
        assert relations(store) == expected
    assert expected["copy"][0] == "wire"


def test_two_ingests_of_the_same_feed_at_once(tmp_path: Path, store_db: str) -> None:
    """Both processes try every article: each lands once, whichever process wins it."""
    every = rows(400)
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in every))
    finish([start_ingest(feed, store_db) for _ in range(2)])
    assert stored_once(store_db) == len(every)
    with Store(store_db) as store:
        assert relations(store) == one_process(tmp_path, feed)


def test_an_ingest_outwaits_a_writer_that_holds_sqlite_past_the_busy_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Another process holds the write lock for longer than the busy timeout (lowered to
    0.2 s here; 30 s in use): the ingest's transactions fail with SQLITE_BUSY, are tried
    again, and every article lands once."""
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 200)
    db = str(tmp_path / "busy.db")
    Store(db).close()
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in FEED))
    with Store(str(tmp_path / "warm.db")) as warm:  # lazy imports done before the lock
        run(warm, str(feed))
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(1.0, holder.rollback)
    release.start()
    try:
        with Store(db) as store, caplog.at_level(logging.WARNING, logger="crosswire"):
            added, existing, failed = run(store, str(feed))
    finally:
        release.join()
        holder.close()
    assert (added, existing, failed) == (len(FEED), 0, [])
    assert "the store is busy (another writer); trying again" in caplog.text
    assert stored_once(db) == len(FEED)
