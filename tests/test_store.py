from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from crosswire.errors import StoreError
from crosswire.ingest.article import build_article
from crosswire.models import Article, Document
from crosswire.store import Store, db_url
from crosswire.store.schema import SCHEMA_VERSION
from tests.helpers import WIRE


def article(text: str = WIRE, **kw: str) -> Article:
    return build_article(Document(source="s.txt", name="s", fmt="txt", text=text, **kw))


def test_new_store_is_at_current_schema(store: Store) -> None:
    assert store.schema_version() == SCHEMA_VERSION
    assert store.count_articles() == 0 and store.incidents() == []


def test_reopening_keeps_articles(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    with Store(db) as s, s.transaction() as tx:
        tx.add_article(article(), {1, 2, 3}, "k")
    with Store(db) as s:
        assert [a.id for a in s.articles()] == [article().id]


def test_failed_transaction_leaves_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.add_article(article(), {1, 2, 3}, "k")
        raise RuntimeError("interrupted")
    assert store.count_articles() == 0
    with store.transaction() as tx:
        assert tx.overlaps("other", {1, 2, 3}, df_cap=10) == []


def test_store_written_by_newer_version_is_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "new.db")
    Store(db).close()
    engine = create_engine(db_url(db))
    with engine.begin() as conn:
        conn.execute(text("UPDATE schema_info SET value = '999' WHERE key = 'schema_version'"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer crosswire"):
        Store(db)


def test_bad_db_paths_are_clear(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        Store(str(tmp_path))
    with pytest.raises(StoreError, match="no store there"):
        Store(str(tmp_path / "missing" / "x.db"), create=False)
    with Store(str(tmp_path / "new" / "x.db")) as s:
        assert s.count_articles() == 0


def test_overlaps_ignore_boilerplate(store: Store) -> None:
    a, b = article(), article("Another report entirely, about the weather in the hills.")
    with store.transaction() as tx:
        tx.add_article(a, {1, 2, 3, 4}, "ka")
        tx.add_article(b, {3, 4, 5}, "kb")
    with store.transaction() as tx:
        found = tx.overlaps("new", {1, 2, 3, 4}, df_cap=1)
        assert found == [(a.id, 2, 4)]  # 3 and 4 are held by two articles: boilerplate
        assert sorted(tx.overlaps("new", {3, 4}, df_cap=5)) == sorted([(a.id, 2, 4), (b.id, 2, 3)])


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=texts, title=st.none() | texts, published=st.none() | st.dates().map(str))
def test_articles_round_trip(
    store: Store, body: str, title: str | None, published: str | None
) -> None:
    """Whatever goes in comes out unchanged."""
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
    with store.transaction() as tx:
        if not tx.has_article(a.id):
            tx.add_article(a, set(), "k")
    assert store.article(a.id) == a


def test_a_version_2_store_migrates(tmp_path: Path) -> None:
    from sqlalchemy import inspect

    from crosswire.store.schema import MIGRATIONS
    from crosswire.store.store import _write_version

    db = str(tmp_path / "old.db")
    engine = create_engine(db_url(db))
    with engine.begin() as conn:
        MIGRATIONS[1](conn)
        MIGRATIONS[2](conn)
        _write_version(conn, 2)
    engine.dispose()
    with Store(db) as store:
        assert store.schema_version() == SCHEMA_VERSION
        columns = {c["name"] for c in inspect(store.engine).get_columns("incidents")}
        assert "component" in columns
        with store.transaction() as tx:
            assert tx.sync_incidents([("sig", {"id": "i1", "date": None})]) == (1, 0)
            assert tx.sync_incidents([("sig", {"id": "i1", "date": None})]) == (0, 0)
            assert tx.sync_incidents([]) == (0, 1)
