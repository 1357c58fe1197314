"""Crashes, for real: `crosswire ingest` and `crosswire analyze` run in a subprocess on a
large invented feed and are killed with SIGKILL halfway; the store is then checked and the
command run again, which must finish the work with nothing lost or doubled.

(tests/test_batch.py and tests/test_postgres_ingest.py kill an ingest and check what is
left; these go on to the rerun, and do the same for analyze.)"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crosswire.analyze import ANALYSIS_VERSION
from crosswire.export import render
from crosswire.ingest.dedupe import fingerprints
from crosswire.store import Store
from crosswire.store.schema import articles, mentions
from crosswire.store.schema import fingerprints as fingerprint_table

pytestmark = pytest.mark.slow

TOWNS = ["Northville", "Eastbrook", "Kalora", "Mirhaven", "Dunmore", "Tessaly", "Varnok"]
ATTACKS = [
    "Shelling hit a market in",
    "An air strike hit a school in",
    "A car bomb exploded near a checkpoint in",
    "Gunmen attacked a bus near",
]
FILLER = [
    *("council", "water", "plant", "repairs", "convoy", "supplies", "bridge", "road"),
    *("clinic", "residents", "officials", "engineers", "spokesman", "statement"),
    *("villages", "valley", "hills", "fighters", "positions", "spring"),
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def invented_report(i: int) -> dict[str, str]:
    """Report number `i` of an invented feed: a dated lead about an attack on a town, then
    sentences of filler, different for every `i`."""
    rng = random.Random(i)
    town = rng.choice(TOWNS)
    lead = (
        f"{town.upper()} (LWS) – {rng.choice(ATTACKS)} the town of {town} on "
        f"{rng.choice(DAYS)}, killing at least {rng.randint(2, 40)} people and wounding "
        f"{rng.randint(1, 90)}, a local official said."
    )
    body = " ".join(
        " ".join(rng.choice(FILLER) for _ in range(14)).capitalize() + "."
        for _ in range(rng.randint(3, 8))
    )
    return {
        "id": f"r{i:05d}",
        "url": f"https://news.invalid/{i}",
        "text": f"{lead}\n\n{body} Report {i}.",
        "published": f"2024-0{1 + i % 9}-{10 + i % 18}",
    }


def write_feed(path: Path, count: int) -> Path:
    path.write_text("\n".join(json.dumps(invented_report(i)) for i in range(count)) + "\n")
    return path


def crosswire(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "crosswire", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen[str]) -> str:
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    return out


def kill_when(proc: subprocess.Popen[str], ready: Callable[[], bool], seconds: float) -> None:
    """SIGKILL `proc` as soon as `ready()`; fail if it ends (or time runs out) first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
        if ready():
            proc.send_signal(signal.SIGKILL)
            proc.communicate()
            return
    proc.kill()
    proc.communicate()
    pytest.fail("the process ended, or took too long, before it could be killed halfway")


def count_where(db: str, check: Callable[[Store], bool]) -> Callable[[], bool]:
    def ready() -> bool:
        if "://" not in db and not Path(db).exists():
            return False
        with Store(db) as store:
            return check(store)

    return ready


def assert_consistent(store: Store) -> dict[str, int]:
    """Every stored article whole (its text's fingerprints all there), none twice, nothing
    pointing at an article that is not there. Returns the mentions per article."""
    stored = {a.id: a for a in store.articles()}
    with store.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(articles)) == len(stored)
        assert conn.scalar(select(func.count(func.distinct(articles.c.url)))) == len(stored)
        per_article = dict(
            conn.execute(
                select(fingerprint_table.c.article_id, func.count()).group_by(
                    fingerprint_table.c.article_id
                )
            ).all()
        )
        mention_counts = dict(
            conn.execute(
                select(mentions.c.article_id, func.count()).group_by(mentions.c.article_id)
            ).all()
        )
    assert per_article == {i: len(fingerprints(a.text)) for i, a in stored.items()}
    assert set(mention_counts) <= set(stored)
    return {str(k): int(v) for k, v in mention_counts.items()}


# -- ingest ---------------------------------------------------------------------------------

INGEST_ARTICLES = 3000


def test_killed_ingest_is_finished_by_a_rerun(tmp_path: Path, store_db: str) -> None:
    feed = write_feed(tmp_path / "feed.jsonl", INGEST_ARTICLES)
    proc = crosswire("ingest", str(feed), "--db", store_db, "--quiet")
    kill_when(
        proc,
        count_where(store_db, lambda s: 100 <= s.count_articles() < INGEST_ARTICLES),
        seconds=120,
    )
    with Store(store_db) as store:
        before = store.count_articles()
        assert 100 <= before < INGEST_ARTICLES
        assert_consistent(store)
    out = finish(crosswire("ingest", str(feed), "--db", store_db))
    assert f"{INGEST_ARTICLES - before} added, {before} already stored, 0 failed" in out
    with Store(store_db) as store:
        assert_consistent(store)
        urls = {a.url for a in store.articles()}
    assert urls == {f"https://news.invalid/{i}" for i in range(INGEST_ARTICLES)}


# -- analyze --------------------------------------------------------------------------------

# More than one page of analysis (analyze.PAGE = 256), so that a kill can fall between pages.
ANALYZE_ARTICLES = 420


@pytest.fixture(scope="module")
def analyze_feed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_feed(tmp_path_factory.mktemp("crash") / "feed.jsonl", ANALYZE_ARTICLES)


@pytest.fixture(scope="module")
def uninterrupted(analyze_feed: Path) -> Iterator[tuple[str, dict[str, int]]]:
    """The export and mentions per article of an ingest and analyze left to finish."""
    db = str(analyze_feed.parent / "reference.db")
    finish(crosswire("ingest", str(analyze_feed), "--db", db, "--quiet"))
    finish(crosswire("analyze", "--db", db, "--quiet"))
    with Store(db) as store:
        yield render(store, "json").text, assert_consistent(store)


def test_killed_analyze_is_finished_by_a_rerun(
    analyze_feed: Path, uninterrupted: tuple[str, dict[str, int]], store_db: str
) -> None:
    finish(crosswire("ingest", str(analyze_feed), "--db", store_db, "--quiet"))
    proc = crosswire("analyze", "--db", store_db, "--quiet")

    def halfway(store: Store) -> bool:
        return 0 < store.count_articles(analyzed_below=ANALYSIS_VERSION) < ANALYZE_ARTICLES

    kill_when(proc, count_where(store_db, halfway), seconds=300)
    with Store(store_db) as store:
        pending = store.count_articles(analyzed_below=ANALYSIS_VERSION)
        assert 0 < pending < ANALYZE_ARTICLES
        assert_consistent(store)
    out = finish(crosswire("analyze", "--db", store_db))
    # The rerun analyses only what the killed run had not written: each article once.
    assert out.startswith(f"{pending} articles analysed")
    export, per_article = uninterrupted
    with Store(store_db) as store:
        assert store.count_articles(analyzed_below=ANALYSIS_VERSION) == 0
        assert store.count_articles() == ANALYZE_ARTICLES
        assert assert_consistent(store) == per_article
        assert render(store, "json").text == export
