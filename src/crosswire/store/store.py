"""The store: one layer over SQLite (default) and PostgreSQL, written through SQLAlchemy Core.

Every write goes through `Store.transaction()`, which yields a `Tx`: everything done
with it commits together or not at all, so an interrupted ingest leaves no half-written
article. Reads that need no transaction are methods of `Store`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from crosswire.errors import StoreError
from crosswire.models import Article, Mention
from crosswire.store.codec import mention_from_json, mention_to_json
from crosswire.store.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    articles,
    fingerprints,
    incidents,
    mentions,
    schema_info,
)

log = logging.getLogger(__name__)

ARTICLE_FIELDS = tuple(Article.__dataclass_fields__)


def db_url(db: str) -> str:
    """A SQLAlchemy URL for `db`: a URL is kept, anything else is a SQLite file path."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser()}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # The timeout first: switching to WAL needs a lock that a writer may be holding.
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _engine(db: str, create: bool) -> Engine:
    url = db_url(db)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if path.is_dir():
            raise StoreError(f"--db {db}: is a folder; give a file name such as crosswire.db")
        if not create and not path.exists():
            raise StoreError(
                f"--db {db}: no store there; run `crosswire ingest` or `crosswire run` first"
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"--db {db}: cannot create {path.parent} ({exc.strerror})") from exc
    try:
        engine = create_engine(url, future=True)
    except (SQLAlchemyError, ImportError) as exc:
        raise StoreError(f"--db {db}: cannot open ({exc})") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class Store:
    """Articles, their fingerprints and incidents, in one database. With `create=False` a
    missing SQLite file is an error instead of a new, empty store."""

    def __init__(self, db: str, *, create: bool = True) -> None:
        self.db = db
        self.engine = _engine(db, create)
        try:
            self._migrate()
        except OperationalError as exc:
            raise StoreError(f"--db {db}: cannot open the store ({exc.orig})") from exc

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return _read_version(conn)

    def _migrate(self) -> None:
        with self.engine.begin() as conn:
            version = _read_version(conn)
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"--db {self.db}: written by a newer crosswire (schema {version}, this one "
                    f"reads up to {SCHEMA_VERSION}); upgrade crosswire"
                )
            for target in range(version + 1, SCHEMA_VERSION + 1):
                log.info("migrating store %s to schema %d", self.db, target)
                MIGRATIONS[target](conn)
                _write_version(conn, target)

    # -- writing --------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """Everything done with the yielded Tx commits together, or not at all."""
        with self.engine.begin() as conn:
            yield Tx(conn)

    # -- reading --------------------------------------------------------------

    def count_articles(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(articles)) or 0)

    def articles(self, *, analyzed_below: int | None = None) -> Iterator[Article]:
        """Stored articles in the order they arrived; with `analyzed_below`, only those whose
        last analysis is older than that version."""
        query = select(*[articles.c[f] for f in ARTICLE_FIELDS]).order_by(articles.c.seq)
        if analyzed_below is not None:
            query = query.where(articles.c.analysis_version < analyzed_below)
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                yield Article(**row._asdict())

    def article(self, article_id: str) -> Article | None:
        query = select(*[articles.c[f] for f in ARTICLE_FIELDS]).where(articles.c.id == article_id)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return Article(**row._asdict()) if row else None

    def origin_groups(self) -> dict[str, list[str]]:
        """Origin group id -> its member article ids, for groups of two or more."""
        query = (
            select(articles.c.origin, articles.c.id)
            .where(articles.c.origin.is_not(None))
            .order_by(articles.c.origin, articles.c.id)
        )
        groups: dict[str, list[str]] = {}
        with self.engine.connect() as conn:
            for origin, article_id in conn.execute(query):
                groups.setdefault(origin, []).append(article_id)
        return {g: ids for g, ids in groups.items() if len(ids) > 1}

    def mentions(self) -> Iterator[Mention]:
        """Every stored mention, by article arrival and then by position in the article."""
        query = (
            select(mentions.c.data)
            .join(articles, articles.c.id == mentions.c.article_id)
            .order_by(articles.c.seq, mentions.c.idx)
        )
        with self.engine.connect() as conn:
            for (data,) in conn.execute(query):
                yield mention_from_json(data)

    def incidents_by_component(self) -> dict[str, list[dict[str, Any]]]:
        """Stored incidents grouped by the signature of the component they came from."""
        found: dict[str, list[dict[str, Any]]] = {}
        with self.engine.connect() as conn:
            for sig, data in conn.execute(select(incidents.c.component, incidents.c.data)):
                if sig is not None:
                    found.setdefault(sig, []).append(json.loads(data))
        return found

    def article_meta(self) -> list[tuple[str, str, str | None, str | None, str | None, str | None]]:
        """(id, name, publisher, published, origin, duplicate_of) of every article: what
        reconciliation needs, without the texts."""
        cols = ("id", "name", "publisher", "published", "origin", "duplicate_of")
        query = select(*[articles.c[c] for c in cols]).order_by(articles.c.seq)
        with self.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(query)]

    def incidents(self) -> list[dict[str, Any]]:
        """Incidents as CONTRACT.md documents, in date order."""
        query = select(incidents.c.data).order_by(incidents.c.date_start, incidents.c.id)
        with self.engine.connect() as conn:
            return [json.loads(data) for (data,) in conn.execute(query)]


class Tx:
    """Writes inside one transaction (see Store.transaction)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def has_article(self, article_id: str) -> bool:
        query = select(articles.c.id).where(articles.c.id == article_id)
        return self.conn.execute(query).first() is not None

    def add_article(self, article: Article, hashes: Iterable[int], exact_key: str) -> None:
        seq = self.conn.scalar(select(func.coalesce(func.max(articles.c.seq), 0))) or 0
        row = asdict(article) | {
            "seq": seq + 1,
            "exact_key": exact_key,
            "analysis_version": 0,
            "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self.conn.execute(insert(articles).values(**row))
        rows = [{"hash": h, "article_id": article.id} for h in sorted(set(hashes))]
        if rows:
            self.conn.execute(insert(fingerprints), rows)

    def same_text(self, exact_key: str, exclude: str) -> list[tuple[str, str | None]]:
        """(id, published) of other articles whose normalised text is identical."""
        query = select(articles.c.id, articles.c.published).where(
            articles.c.exact_key == exact_key, articles.c.id != exclude
        )
        return [(i, p) for i, p in self.conn.execute(query)]

    def overlaps(
        self, article_id: str, hashes: Iterable[int], *, df_cap: int
    ) -> list[tuple[str, int, int]]:
        """(other id, shared fingerprints, other's fingerprint count) for every article that
        shares a fingerprint with `hashes`, ignoring fingerprints held by more than `df_cap`
        articles (boilerplate)."""
        wanted = sorted(set(hashes))
        if not wanted:
            return []
        common = (
            select(fingerprints.c.hash)
            .where(fingerprints.c.hash.in_(wanted))
            .group_by(fingerprints.c.hash)
            .having(func.count() <= df_cap)
        )
        shared = (
            select(fingerprints.c.article_id, func.count().label("shared"))
            .where(fingerprints.c.hash.in_(common), fingerprints.c.article_id != article_id)
            .group_by(fingerprints.c.article_id)
            .subquery()
        )
        sizes = (
            select(fingerprints.c.article_id, func.count().label("size"))
            .where(fingerprints.c.article_id.in_(select(shared.c.article_id)))
            .group_by(fingerprints.c.article_id)
            .subquery()
        )
        query = select(shared.c.article_id, shared.c.shared, sizes.c.size).join(
            sizes, sizes.c.article_id == shared.c.article_id
        )
        return [(a, int(s), int(n)) for a, s, n in self.conn.execute(query)]

    def published_of(self, ids: Iterable[str]) -> dict[str, str | None]:
        query = select(articles.c.id, articles.c.published).where(articles.c.id.in_(list(ids)))
        return {i: p for i, p in self.conn.execute(query)}

    def publishers_of(self, ids: Iterable[str]) -> dict[str, str | None]:
        query = select(articles.c.id, articles.c.publisher).where(articles.c.id.in_(list(ids)))
        return {i: p for i, p in self.conn.execute(query)}

    def duplicate_of(self, article_id: str) -> str | None:
        query = select(articles.c.duplicate_of).where(articles.c.id == article_id)
        return self.conn.scalar(query)

    def repoint_duplicates(self, old: str, new: str) -> None:
        """Make every copy of `old`, and `old` itself, a copy of `new`."""
        self.conn.execute(
            update(articles).where(articles.c.duplicate_of == old).values(duplicate_of=new)
        )
        self.conn.execute(update(articles).where(articles.c.id == old).values(duplicate_of=new))
        self.conn.execute(update(articles).where(articles.c.id == new).values(duplicate_of=None))

    def set_duplicate_of(self, article_id: str, original: str | None) -> None:
        self.conn.execute(
            update(articles).where(articles.c.id == article_id).values(duplicate_of=original)
        )

    def merge_origin(self, ids: Iterable[str]) -> str:
        """Put `ids` and every article already grouped with any of them into one origin group,
        named by its smallest article id, which keeps the name independent of arrival order."""
        ids = set(ids)
        query = select(articles.c.origin).where(
            articles.c.id.in_(ids), articles.c.origin.is_not(None)
        )
        groups = {g for (g,) in self.conn.execute(query)}
        members = set(ids)
        if groups:
            query = select(articles.c.id).where(articles.c.origin.in_(groups))
            members |= {i for (i,) in self.conn.execute(query)}
        name = min(members)
        self.conn.execute(update(articles).where(articles.c.id.in_(members)).values(origin=name))
        return name

    def replace_mentions(self, article_id: str, found: Iterable[Mention]) -> None:
        self.conn.execute(mentions.delete().where(mentions.c.article_id == article_id))
        rows = [
            {
                "article_id": article_id,
                "idx": m.index,
                "role": m.role,
                "date_start": m.date.start if m.date else None,
                "date_end": m.date.end if m.date else None,
                "data": mention_to_json(m),
            }
            for m in found
        ]
        if rows:
            self.conn.execute(insert(mentions), rows)

    def set_published(self, article_id: str, published: str, source: str) -> None:
        self.conn.execute(
            update(articles)
            .where(articles.c.id == article_id)
            .values(published=published, published_source=source)
        )

    def sync_incidents(self, found: Iterable[tuple[str, dict[str, Any]]]) -> tuple[int, int]:
        """Make the stored incidents those in `found` ((component signature, CONTRACT.md
        document) pairs): incidents of components no longer there are deleted, incidents of
        components not stored yet are inserted, the rest is left alone. Returns (inserted,
        deleted)."""
        found = list(found)
        wanted = {sig for sig, _ in found}
        stored = {sig for (sig,) in self.conn.execute(select(incidents.c.component).distinct())}
        gone = sorted(stored - wanted, key=str)
        for start in range(0, len(gone), 500):
            chunk = gone[start : start + 500]
            self.conn.execute(incidents.delete().where(incidents.c.component.in_(chunk)))
        if None in stored:
            self.conn.execute(incidents.delete().where(incidents.c.component.is_(None)))
        rows = [_incident_row(sig, inc) for sig, inc in found if sig not in stored]
        if rows:
            self.conn.execute(insert(incidents), rows)
        return len(rows), len(gone)

    def mark_analyzed(self, ids: Iterable[str], version: int) -> None:
        self.conn.execute(
            update(articles).where(articles.c.id.in_(list(ids))).values(analysis_version=version)
        )


def _incident_row(component: str, inc: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": inc["id"],
        "event_type": inc.get("event_type"),
        "date_start": (inc.get("date") or {}).get("start"),
        "date_end": (inc.get("date") or {}).get("end"),
        "country": (inc.get("location") or {}).get("country"),
        "data": json.dumps(inc, ensure_ascii=False, sort_keys=True),
        "component": component,
    }


def _read_version(conn: Connection) -> int:
    if not conn.dialect.has_table(conn, schema_info.name):
        return 0
    query = select(schema_info.c.value).where(schema_info.c.key == "schema_version")
    value = conn.scalar(query)
    return int(value) if value is not None else 0


def _write_version(conn: Connection, version: int) -> None:
    conn.execute(schema_info.delete().where(schema_info.c.key == "schema_version"))
    conn.execute(insert(schema_info).values(key="schema_version", value=str(version)))
