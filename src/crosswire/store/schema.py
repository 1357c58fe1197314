"""The store's tables (SQLAlchemy Core) and the migrations that build them.

The same tables serve SQLite and PostgreSQL. `SCHEMA_VERSION` is the version this code
writes; `MIGRATIONS[n]` takes a store from version n-1 to n inside one transaction.
A migration never edits an earlier one: a change to the schema is a new migration.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)

SCHEMA_VERSION = 5
# Rows a migration that rewrites a table reads at a time.
MIGRATION_PAGE = 5000

metadata = MetaData()

schema_info = Table(
    "schema_info",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(256), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("seq", Integer, nullable=False, unique=True),
    Column("source", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("fmt", String(16), nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("publisher", Text),
    Column("published", String(10)),
    Column("published_source", String(16)),
    Column("dateline_place", Text),
    Column("text", Text, nullable=False),
    Column("raw_text", Text, nullable=False),
    Column("exact_key", String(32), nullable=False),
    Column("duplicate_of", String(32)),
    Column("origin", String(32)),
    # The version of the analysis (extraction and linking) last run on the article;
    # articles below the current version are analysed again.
    Column("analysis_version", Integer, nullable=False, default=0),
    Column("ingested_at", String(32), nullable=False),
    Index("ix_articles_exact_key", "exact_key"),
    Index("ix_articles_origin", "origin"),
    Index("ix_articles_analysis", "analysis_version"),
)

# Winnowed passage fingerprints of each article (see ingest/dedupe.py), for finding
# copies and shared wire passages with an indexed join instead of an in-memory index.
fingerprints = Table(
    "fingerprints",
    metadata,
    Column("hash", BigInteger, primary_key=True, autoincrement=False),
    Column("article_id", String(32), primary_key=True),
    Index("ix_fingerprints_article", "article_id"),
)


def _incident_columns() -> list[Column[object]]:
    return [
        Column("id", String(32), primary_key=True),
        Column("event_type", String(64)),
        Column("date_start", String(10)),
        Column("date_end", String(10)),
        Column("country", String(2)),
        Column("data", Text, nullable=False),
        # The signature of the linked component the incident came from (analyze.py): while
        # a component's mentions and sources stay the same, its incidents are kept.
        Column("component", String(32)),
    ]


# Reconciled incidents, one JSON document each in the CONTRACT.md shape, with the
# fields that queries filter on kept as columns.
incidents = Table(
    "incidents",
    metadata,
    *_incident_columns(),
    Index("ix_incidents_date", "date_start", "date_end"),
    Index("ix_incidents_component", "component"),
)

# Incidents of a full relink in progress (relink.py), written a batch at a time and moved
# into `incidents` in the relink's last transaction, so that readers never see half of one.
# `run` names the relink; `started` (UTC, ISO) lets a later run clear what a killed one left.
staged_incidents = Table(
    "staged_incidents",
    metadata,
    Column("run", String(32), primary_key=True),
    *_incident_columns(),
    Column("started", String(32), nullable=False),
)


# Incident mentions extracted from each article (extract/mentions.py), one JSON document
# each; replaced whole when an article is analysed again.
mentions = Table(
    "mentions",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("idx", Integer, primary_key=True, autoincrement=False),
    Column("role", String(16), nullable=False),
    Column("date_start", String(10)),
    Column("date_end", String(10)),
    Column("data", Text, nullable=False),
    # The country linking blocks the mention in (link.block_country); NULL meets every one.
    Column("country", String(2)),
    Index("ix_mentions_date", "date_start", "date_end"),
    Index("ix_mentions_country", "country", "date_start"),
)


def _v1(conn: Connection) -> None:
    # The incidents table as version 1 had it, written out: the Table above has grown since.
    for table in (schema_info, articles, fingerprints):
        table.create(conn, checkfirst=True)
    conn.execute(
        text(
            "CREATE TABLE incidents (id VARCHAR(32) PRIMARY KEY, event_type VARCHAR(64), "
            "date_start VARCHAR(10), date_end VARCHAR(10), country VARCHAR(2), data TEXT NOT NULL)"
        )
    )
    conn.execute(text("CREATE INDEX ix_incidents_date ON incidents (date_start, date_end)"))


def _v2(conn: Connection) -> None:
    # The mentions table as version 2 had it, written out: the Table above has grown since.
    conn.execute(
        text(
            "CREATE TABLE mentions (article_id VARCHAR(32) NOT NULL, idx INTEGER NOT NULL, "
            "role VARCHAR(16) NOT NULL, date_start VARCHAR(10), date_end VARCHAR(10), "
            "data TEXT NOT NULL, PRIMARY KEY (article_id, idx))"
        )
    )
    conn.execute(text("CREATE INDEX ix_mentions_date ON mentions (date_start, date_end)"))


def _v3(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE incidents ADD COLUMN component VARCHAR(32)"))
    conn.execute(text("CREATE INDEX ix_incidents_component ON incidents (component)"))


def _v4(conn: Connection) -> None:
    staged_incidents.create(conn, checkfirst=True)


def _v5(conn: Connection) -> None:
    """Each mention's blocking country in a column of its own, filled from its data, so
    that linking one new article reads only the mentions of its countries. The rows are
    read a page at a time (in key order), so a store of millions of mentions upgrades in
    bounded memory."""
    conn.execute(text("ALTER TABLE mentions ADD COLUMN country VARCHAR(2)"))
    page = text(
        "SELECT article_id, idx, data FROM mentions WHERE article_id > :a "
        "OR (article_id = :a AND idx > :i) ORDER BY article_id, idx LIMIT :n"
    )
    update = text("UPDATE mentions SET country = :c WHERE article_id = :a AND idx = :i")
    after = {"a": "", "i": -1, "n": MIGRATION_PAGE}
    while rows := conn.execute(page, after).all():
        found = [
            {"a": article, "i": idx, "c": (json.loads(data).get("location") or {}).get("country")}
            for article, idx, data in rows
        ]
        if filled := [row for row in found if row["c"]]:
            conn.execute(update, filled)
        after = {"a": rows[-1][0], "i": rows[-1][1], "n": MIGRATION_PAGE}
    conn.execute(text("CREATE INDEX ix_mentions_country ON mentions (country, date_start)"))


MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _v1,
    2: _v2,
    3: _v3,
    4: _v4,
    5: _v5,
}
