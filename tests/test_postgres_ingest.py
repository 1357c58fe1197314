"""Batch ingest on PostgreSQL: the tests of test_batch.py that take a store, run again on a
PostgreSQL store; copies found whatever the order; an interrupted ingest; several ingest
processes writing to one store at once."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crosswire.store import Store
from tests import test_batch
from tests.test_batch import FEED, relations, run

pytestmark = pytest.mark.postgres


@pytest.fixture
def store(postgres_db: str) -> Iterator[Store]:
    """A PostgreSQL store, for the tests of test_batch.py collected below."""
    with Store(postgres_db) as s:
        yield s


server = test_batch.server  # a fixture of the tests collected below

# Every test of test_batch.py that works on the `store` fixture, collected here again to
# run on PostgreSQL.
globals().update(
    {
        name: test
        for name, test in vars(test_batch).items()
        if name.startswith("test_")
        and callable(test)
        and "store" in inspect.signature(test).parameters
    }
)


@pytest.mark.parametrize("order", [(0, 1, 2, 3, 4), (4, 3, 2, 1, 0), (2, 0, 4, 1, 3)])
def test_copies_and_shared_origin_on_postgres(
    tmp_path: Path, postgres_db: str, order: tuple[int, ...]
) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(FEED[i]) for i in order))
    with Store(postgres_db) as store:
        run(store, str(feed))
        found = relations(store)
    group = ["copy", "lead-a", "lead-b", "wire"]
    assert found["copy"] == ("wire", [g for g in group if g != "copy"])
    assert found["wire"] == (None, [g for g in group if g != "wire"])
    assert found["other"] == (None, [])


def ingest_process(feed: Path, db: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "crosswire", "ingest", str(feed), "--db", db, "--quiet"]
    return subprocess.Popen(command)


def test_several_ingest_processes_share_one_store(tmp_path: Path, postgres_db: str) -> None:
    """Three processes ingest at once, the copies of one wire story spread over them: every
    article is stored once, and copies and shared origin come out as from one process."""
    rows = [
        {"id": f"n{i}", "text": f"Note {i}: the bakery on {i} Main Street reopened."}
        for i in range(45)
    ]
    rows += FEED
    feeds = []
    for k in range(3):
        feeds.append(tmp_path / f"feed{k}.jsonl")
        feeds[-1].write_text("\n".join(json.dumps(r) for r in rows[k::3]))
    procs = [ingest_process(feed, postgres_db) for feed in feeds]
    assert [p.wait(120) for p in procs] == [0, 0, 0]
    with Store(str(tmp_path / "one.db")) as one:
        for feed in feeds:
            run(one, str(feed))
        expected = relations(one)
    with Store(postgres_db) as store:
        assert store.count_articles() == len(rows)
        assert relations(store) == expected
        assert expected["copy"][0] == "wire"
