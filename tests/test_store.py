"""The store on SQLite and on PostgreSQL (tests marked postgres; see conftest.store_db)."""

from __future__ import annotations

import socket
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from crosswire.errors import StoreError
from crosswire.ingest.article import build_article
from crosswire.models import Article, Document
from crosswire.store import Store, db_label, db_url
from crosswire.store.schema import SCHEMA_VERSION
from tests.helpers import OTHER, WIRE


def article(text: str = WIRE, **kw: str) -> Article:
    return build_article(Document(source="s.txt", name="s", fmt="txt", text=text, **kw))


def test_new_store_is_at_current_schema(any_store: Store) -> None:
    assert any_store.schema_version() == SCHEMA_VERSION
    assert any_store.count_articles() == 0 and any_store.incidents() == []


def test_reopening_keeps_articles(store_db: str) -> None:
    with Store(store_db) as s, s.transaction() as tx:
        tx.add_article(article(), {1, 2, 3}, "k")
    with Store(store_db, create=False) as s:
        assert [a.id for a in s.articles()] == [article().id]
        assert s.schema_version() == SCHEMA_VERSION


def test_failed_transaction_leaves_nothing(any_store: Store) -> None:
    with pytest.raises(RuntimeError), any_store.transaction() as tx:
        tx.add_article(article(), {1, 2, 3}, "k")
        raise RuntimeError("interrupted")
    assert any_store.count_articles() == 0
    with any_store.transaction() as tx:
        assert tx.overlaps("other", {1, 2, 3}, df_cap=10) == []


def test_store_written_by_newer_version_is_refused(store_db: str) -> None:
    Store(store_db).close()
    engine = create_engine(db_url(store_db))
    with engine.begin() as conn:
        conn.execute(text("UPDATE schema_info SET value = '999' WHERE key = 'schema_version'"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer crosswire"):
        Store(store_db)


def test_bad_db_paths_are_clear(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        Store(str(tmp_path))
    with pytest.raises(StoreError, match="no store there"):
        Store(str(tmp_path / "missing" / "x.db"), create=False)
    with Store(str(tmp_path / "new" / "x.db")) as s:
        assert s.count_articles() == 0


def test_postgres_without_its_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # what `import psycopg` sees uninstalled
    with pytest.raises(StoreError, match=r"pip install 'crosswire\[postgres\]'"):
        Store("postgresql://crosswire@127.0.0.1:5432/crosswire")


def test_unreachable_server_is_one_clear_line_without_the_password() -> None:
    with socket.socket() as sock:  # a port where nothing listens
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(StoreError) as caught:
        Store(f"postgres://crosswire:s3cret@127.0.0.1:{port}/crosswire")
    message = str(caught.value)
    assert message.startswith(f"--db postgresql://crosswire:***@127.0.0.1:{port}/crosswire: ")
    assert "cannot open the store" in message and "s3cret" not in message
    assert "\n" not in message
    assert db_label("postgresql://u:pw@h/d") == "postgresql://u:***@h/d"
    assert db_label("some/file.db") == "some/file.db"


@pytest.mark.postgres
def test_empty_postgres_database_is_no_store_unless_created(postgres_db: str) -> None:
    with pytest.raises(StoreError, match="no store in this database; run `crosswire ingest`"):
        Store(postgres_db, create=False)
    with Store(postgres_db) as s:
        assert s.schema_version() == SCHEMA_VERSION
    with Store(postgres_db, create=False) as s:
        assert s.count_articles() == 0


def test_overlaps_ignore_boilerplate(any_store: Store) -> None:
    a, b = article(), article("Another report entirely, about the weather in the hills.")
    with any_store.transaction() as tx:
        tx.add_article(a, {1, 2, 3, 4}, "ka")
        tx.add_article(b, {3, 4, 5}, "kb")
    with any_store.transaction() as tx:
        found = tx.overlaps("new", {1, 2, 3, 4}, df_cap=1)
        assert found == [(a.id, 2, 4)]  # 3 and 4 are held by two articles: boilerplate
        assert tx.overlaps("new", {3, 4}, df_cap=5) == sorted([(a.id, 2, 4), (b.id, 2, 3)])


def test_fingerprints_use_all_64_bits(any_store: Store) -> None:
    hashes = {2**63 - 1, 1, 2**40 + 7}
    with any_store.transaction() as tx:
        tx.add_article(article(), hashes, "k")
    with any_store.transaction() as tx:
        assert tx.overlaps("new", hashes, df_cap=5) == [(article().id, 3, 3)]


def test_articles_come_back_in_arrival_order(any_store: Store) -> None:
    texts_ = [f"Report number {i} about the shelling of the eastern district." for i in range(30)]
    with any_store.transaction() as tx:
        for body in texts_:
            tx.add_article(article(body), set(), "k")
    assert [a.text for a in any_store.articles()] == texts_
    with any_store.transaction() as tx:
        tx.mark_analyzed([article(texts_[0]).id], 5)
    assert [a.text for a in any_store.articles(analyzed_below=5)] == texts_[1:]


def test_ordering_does_not_depend_on_the_database_collation(any_store: Store) -> None:
    """Ids that English collation sorts differently from SQLite; undated incidents first."""
    ids = ["b1", "B2", "a-3", "_4", "a3"]
    with any_store.transaction() as tx:
        for i in ids:
            tx.add_article(replace(article(i * 10), id=i), set(), "k")
        tx.merge_origin(ids)
        tx.sync_incidents(
            [
                (f"c{i}", {"id": i, "date": {"start": "2020-01-02", "end": "2020-01-02"}})
                for i in ids
            ]
            + [("z", {"id": "undated", "date": None})]
        )
    assert any_store.origin_groups() == {"B2": ["B2", "_4", "a-3", "a3", "b1"]}
    assert [inc["id"] for inc in any_store.incidents()] == [
        "undated",
        "B2",
        "_4",
        "a-3",
        "a3",
        "b1",
    ]
    with any_store.transaction() as tx:
        assert [i for i, _ in tx.same_text("k", "none")] == sorted(ids)


def test_nul_characters_are_stored_as_replacement_characters(any_store: Store) -> None:
    a = replace(article(), raw_text="raw\x00text", title="a\x00title")
    with any_store.transaction() as tx:
        tx.add_article(a, set(), "k")
    assert any_store.article(a.id) == replace(a, raw_text="raw\ufffdtext", title="a\ufffdtitle")


def test_concurrent_writers_take_turns(store_db: str) -> None:
    """Two connections writing at once: the second waits for the first to commit, so it sees
    the first one's article (what copy detection needs)."""
    first_in = threading.Event()
    seen: list[bool] = []

    def second() -> None:
        first_in.wait(10)
        with Store(store_db) as s, s.transaction() as tx:
            seen.append(tx.has_article(article().id))
            tx.add_article(article(OTHER), set(), "k2")

    with Store(store_db) as s:
        thread = threading.Thread(target=second)
        thread.start()
        with s.transaction() as tx:
            tx.add_article(article(), set(), "k")
            first_in.set()
            time.sleep(0.5)
        thread.join(30)
        assert seen == [True]
        assert [a.text for a in s.articles()] == [article().text, article(OTHER).text]


def open_at_once(db: str, n: int = 4) -> tuple[list[int], list[Exception]]:
    """Open `db` from `n` threads at the same moment: the schema versions read, the errors."""
    versions: list[int] = []
    errors: list[Exception] = []
    start = threading.Barrier(n)

    def open_store() -> None:
        start.wait(10)
        try:
            with Store(db) as s:
                versions.append(s.schema_version())
        except Exception as exc:  # the test reports any
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return versions, errors


def test_stores_opened_at_once_create_the_schema_once(store_db: str) -> None:
    """Four at once on a new store; on SQLite ten times over new files, since the lock that
    SQLite will not wait for (switching a new file to WAL) is hit only now and then."""
    rounds = [store_db] if "://" in store_db else [f"{store_db}.{k}" for k in range(10)]
    for db in rounds:
        assert open_at_once(db) == ([SCHEMA_VERSION] * 4, [])


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=texts, title=st.none() | texts, published=st.none() | st.dates().map(str))
def test_articles_round_trip(
    any_store: Store, body: str, title: str | None, published: str | None
) -> None:
    """Whatever goes in comes out unchanged (but NUL, which becomes U+FFFD)."""
    a = Article(
        id=str(abs(hash((body, title, published)))),
        source="s",
        name="n",
        fmt="txt",
        text=body,
        raw_text=body,
        title=title,
        published=published,
        published_source="metadata" if published else None,
    )
    with any_store.transaction() as tx:
        if not tx.has_article(a.id):
            tx.add_article(a, set(), "k")
    nul = str.maketrans("\x00", "\ufffd")
    expected = replace(
        a,
        text=body.translate(nul),
        raw_text=body.translate(nul),
        title=title.translate(nul) if title else title,
    )
    assert any_store.article(a.id) == expected


def test_a_version_2_store_migrates(store_db: str) -> None:
    from sqlalchemy import inspect

    from crosswire.store.schema import MIGRATIONS
    from crosswire.store.store import _write_version

    engine = create_engine(db_url(store_db))
    with engine.begin() as conn:
        MIGRATIONS[1](conn)
        MIGRATIONS[2](conn)
        _write_version(conn, 2)
    engine.dispose()
    with Store(store_db) as store:
        assert store.schema_version() == SCHEMA_VERSION
        columns = {c["name"] for c in inspect(store.engine).get_columns("incidents")}
        assert "component" in columns
        with store.transaction() as tx:
            assert tx.sync_incidents([("sig", {"id": "i1", "date": None})]) == (1, 0)
            assert tx.sync_incidents([("sig", {"id": "i1", "date": None})]) == (0, 0)
            assert tx.sync_incidents([]) == (0, 1)


def test_a_relinks_staged_incidents_replace_the_stored_ones_in_one_step(any_store: Store) -> None:
    """Staged incidents stay out of sight until published; publishing keeps the wanted
    stored components, deletes the others, moves this run's staged rows in, and clears
    those of runs started before the cut-off (killed), not a concurrent run's."""
    from sqlalchemy import func, select

    from crosswire.store.schema import staged_incidents

    def doc(key: str) -> dict[str, object]:
        return {"id": key, "date": {"start": "2024-03-04", "end": "2024-03-04"}}

    with any_store.transaction() as tx:
        tx.sync_incidents([("kept", doc("i1")), ("gone", doc("i2"))])
        tx.stage_incidents("old", "2024-01-01T00:00:00+00:00", [("x", doc("i9"))])
        tx.stage_incidents("other", "2024-06-02T00:00:00+00:00", [("y", doc("i8"))])
        tx.stage_incidents("mine", "2024-06-02T00:00:00+00:00", [("new", doc("i3"))])
    assert sorted(inc["id"] for inc in any_store.incidents()) == ["i1", "i2"]
    with any_store.transaction() as tx:
        cut_off = "2024-06-01T00:00:00+00:00"
        assert tx.publish_staged("mine", {"kept", "new"}, stale_before=cut_off) == (1, 1)
    assert sorted(inc["id"] for inc in any_store.incidents()) == ["i1", "i3"]
    assert any_store.stored_components(["kept", "new", "gone"]) == {"kept", "new"}
    with any_store.engine.connect() as conn:
        left = conn.execute(select(staged_incidents.c.run, func.count()).group_by("run")).all()
    assert left == [("other", 1)]


def test_a_relink_killed_before_it_publishes_changes_nothing(
    any_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from crosswire.analyze import analyze
    from crosswire.relink import relink_all
    from crosswire.store.store import Tx
    from tests.test_batch import FEED, run

    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in FEED))
    run(any_store, str(feed))
    analyze(any_store)
    before = any_store.incidents()
    assert before
    with any_store.transaction() as tx:  # every component is new to the next relink
        tx.sync_incidents([])

    def killed(*_args: object, **_kw: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(Tx, "publish_staged", killed)
        with pytest.raises(KeyboardInterrupt):
            relink_all(any_store)
    assert any_store.incidents() == []  # what was stored before the killed relink
    done = relink_all(any_store)
    assert (done.kept, done.inserted) == (0, len(before))
    assert any_store.incidents() == before


def test_a_version_4_store_gets_each_mentions_country(
    store_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Version 5 keeps the country linking blocks a mention in beside it, filled from the
    stored data a page at a time (two rows here, so the three rows take two pages); linking
    one new article then reads only the mentions of its country and those of none."""
    from crosswire.models import Interval, Location, Mention
    from crosswire.store import schema
    from crosswire.store.codec import mention_to_json
    from crosswire.store.schema import MIGRATIONS
    from crosswire.store.store import _write_version

    monkeypatch.setattr(schema, "MIGRATION_PAGE", 2)

    def stored(article: str, country: str | None) -> Mention:
        place = Location("Town", country, None, None, 1.0, 2.0, "point") if country else None
        day = Interval("2021-03-02", "2021-03-02", "day")
        return Mention(article, 0, "main", None, day, place)

    rows = [stored("sy", "SY"), stored("iq", "IQ"), stored("none", None)]
    engine = create_engine(db_url(store_db))
    with engine.begin() as conn:
        for version in range(1, 5):
            MIGRATIONS[version](conn)
        _write_version(conn, 4)
        insert = (
            "INSERT INTO mentions (article_id, idx, role, date_start, date_end, data) "
            "VALUES (:a, 0, 'main', '2021-03-02', '2021-03-02', :d)"
        )
        conn.execute(text(insert), [{"a": m.article, "d": mention_to_json(m)} for m in rows])
    engine.dispose()
    with Store(store_db) as store:
        assert store.schema_version() == SCHEMA_VERSION
        near = sorted(m.article for m in store.mentions_between("2021-03-01", "2021-03-03", "SY"))
        assert near == ["none", "sy"]
        every = store.mentions_between("2021-03-01", "2021-03-03")
        assert sorted(m.article for m in every) == ["iq", "none", "sy"]
        with store.transaction() as tx:
            tx.replace_mentions("iq2", [replace(stored("iq2", "IQ"), article="iq2")])
        near = sorted(m.article for m in store.mentions_between("2021-03-01", "2021-03-03", "IQ"))
        assert near == ["iq", "iq2", "none"]
