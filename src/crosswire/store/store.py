"""The store: one layer over SQLite (default) and PostgreSQL, written through SQLAlchemy Core.

Every write goes through `Store.transaction()`, which yields a `Tx`: everything done
with it commits together or not at all, so an interrupted ingest leaves no half-written
article. Reads that need no transaction are methods of `Store`.

Writers take turns: a write transaction (and a migration) begins by waiting for the others,
with BEGIN IMMEDIATE on SQLite and a transaction-level advisory lock on PostgreSQL, so that
several processes can ingest into one store and still see each other's articles when they
look for copies.

Queries sort nothing by text in SQL (SQLite and PostgreSQL collations differ, and so does
where they put NULLs): rows come back in arrival order or are sorted in Python. Text is
compared in SQL only where it is an ISO date, which sorts alike under any collation.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
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
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError

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
    staged_incidents,
)

log = logging.getLogger(__name__)

ARTICLE_FIELDS = tuple(Article.__dataclass_fields__)

# Rows fetched at a time by the reads that stream (a server-side cursor on PostgreSQL).
STREAM_ROWS = 500

POSTGRES_EXTRA = "pip install 'crosswire[postgres]'"

# The key of the advisory lock that PostgreSQL writers take in turn (any fixed 64-bit number;
# advisory locks are per database).
WRITE_LOCK = 0x63726F7373776972  # "crosswir"
# The execution option that marks a connection as a writer's (see _writing).
WRITER = "crosswire_writer"
# How long a SQLite connection waits for another writer's lock before SQLITE_BUSY
# ("database is locked"); callers that can start again (ingest.batch) retry after that.
BUSY_TIMEOUT_MS = 30_000
# How many times opening a store is tried when SQLite reports a lock it will not wait for.
OPEN_RETRIES = 10


def db_url(db: str) -> str:
    """A SQLAlchemy URL for `db`: a URL is kept (`postgres://` is read as `postgresql://`),
    anything else is a SQLite file path."""
    if db.startswith("postgres://"):
        return "postgresql://" + db.removeprefix("postgres://")
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser()}"


def db_label(db: str) -> str:
    """`db` as it may be shown in messages and logs: a URL without its password."""
    if "://" not in db:
        return db
    try:
        return make_url(db_url(db)).render_as_string(hide_password=True)
    except ArgumentError:
        return db.split("://", 1)[0] + "://..."


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # The sqlite3 module would begin transactions itself, late (at the first write, after
    # the reads it depends on); _sqlite_begin begins them instead.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    # The timeout first: switching to WAL needs a lock that a writer may be holding.
    cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
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
        # A server may drop idle connections: the pool checks them before use.
        engine = create_engine(url, future=True, pool_pre_ping=not url.startswith("sqlite"))
    except ImportError as exc:
        if url.startswith(("postgresql:", "postgresql+psycopg:")):
            raise StoreError(
                f"--db {db_label(db)}: PostgreSQL needs the psycopg driver: {POSTGRES_EXTRA}"
            ) from exc
        raise StoreError(f"--db {db_label(db)}: cannot open ({exc})") from exc
    except SQLAlchemyError as exc:
        raise StoreError(f"--db {db_label(db)}: cannot open ({exc})") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_begin(conn: Connection) -> None:
    # A writer takes SQLite's write lock at once (waiting for other writers up to the busy
    # timeout), so that nothing it reads changes before it commits.
    writer = conn.get_execution_options().get(WRITER, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")


@contextmanager
def _writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction, begun once the other writers are done: SQLite's write lock, or on
    PostgreSQL an advisory lock that ends with the transaction."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITER: True})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
            yield conn


def is_busy(exc: BaseException) -> bool:
    """Whether `exc` (a StoreError or its cause) is SQLite's SQLITE_BUSY: another writer held
    the lock for longer than the busy timeout. Nothing was written; the work can be retried."""
    cause = exc.__cause__ if isinstance(exc, StoreError) else exc
    return isinstance(cause, OperationalError) and "database is locked" in str(cause.orig)


def _problem(exc: DBAPIError) -> str:
    """The driver's message on one line."""
    return " ".join(str(exc.orig).split())


# NUL cannot be stored in a PostgreSQL text column; it never means anything in an article.
_NUL = str.maketrans({"\x00": "\ufffd"})


def _no_nul(value: Any) -> Any:
    return value.translate(_NUL) if isinstance(value, str) else value


class Store:
    """Articles, their fingerprints and incidents, in one database. With `create=False` a
    missing SQLite file is an error instead of a new, empty store."""

    def __init__(self, db: str, *, create: bool = True) -> None:
        self.db = db
        self.engine = _engine(db, create)
        try:
            self._open(create)
        except DBAPIError as exc:
            self.engine.dispose()
            hint = "; docs/postgres.md says how to set one up" if "://" in db else ""
            raise StoreError(
                f"--db {db_label(db)}: cannot open the store ({_problem(exc)}){hint}"
            ) from exc
        except StoreError:
            self.engine.dispose()
            raise

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

    def _open(self, create: bool) -> None:
        """Migrate, trying again when SQLite answers "database is locked" at once: it does
        so, without waiting out the busy timeout, to a connection that would deadlock with
        another, as when several open a new file together and switch it to WAL."""
        for attempt in range(OPEN_RETRIES):
            try:
                self._migrate(create)
                return
            except OperationalError as exc:
                if not is_busy(exc) or attempt == OPEN_RETRIES - 1:
                    raise
                log.debug("store %s busy while opening; trying again", db_label(self.db))
                time.sleep(0.05 * (attempt + 1))

    def _migrate(self, create: bool) -> None:
        # Opening a current store takes no lock: readers never wait for writers.
        if self._check_version(self.schema_version(), create) == SCHEMA_VERSION:
            return
        with _writing(self.engine) as conn:
            # Read again under the lock: another process may have migrated meanwhile.
            version = self._check_version(_read_version(conn), create)
            for target in range(version + 1, SCHEMA_VERSION + 1):
                log.info("migrating store %s to schema %d", db_label(self.db), target)
                MIGRATIONS[target](conn)
                _write_version(conn, target)

    def _check_version(self, version: int, create: bool) -> int:
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"--db {db_label(self.db)}: written by a newer crosswire (schema {version}, "
                f"this one reads up to {SCHEMA_VERSION}); upgrade crosswire"
            )
        if version == 0 and not create and self.engine.dialect.name != "sqlite":
            raise StoreError(
                f"--db {db_label(self.db)}: no store in this database; run "
                "`crosswire ingest` or `crosswire run` first"
            )
        return version

    # -- writing --------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """Everything done with the yielded Tx commits together, or not at all."""
        try:
            with _writing(self.engine) as conn:
                yield Tx(conn)
        except OperationalError as exc:
            raise StoreError(
                f"--db {db_label(self.db)}: cannot write to the store ({_problem(exc)})"
            ) from exc

    # -- reading --------------------------------------------------------------

    def count_articles(self, *, analyzed_below: int | None = None) -> int:
        query = select(func.count()).select_from(articles)
        if analyzed_below is not None:
            query = query.where(articles.c.analysis_version < analyzed_below)
        with self.engine.connect() as conn:
            return int(conn.scalar(query) or 0)

    def articles(
        self, *, analyzed_below: int | None = None, limit: int | None = None
    ) -> Iterator[Article]:
        """Stored articles in the order they arrived; with `analyzed_below`, only those whose
        last analysis is older than that version; with `limit`, the first that many."""
        query = select(*[articles.c[f] for f in ARTICLE_FIELDS]).order_by(articles.c.seq)
        if analyzed_below is not None:
            query = query.where(articles.c.analysis_version < analyzed_below)
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=STREAM_ROWS).execute(query):
                yield Article(**row._asdict())

    def article(self, article_id: str) -> Article | None:
        query = select(*[articles.c[f] for f in ARTICLE_FIELDS]).where(articles.c.id == article_id)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return Article(**row._asdict()) if row else None

    def origin_groups(self) -> dict[str, list[str]]:
        """Origin group id -> its member article ids, for groups of two or more."""
        query = select(articles.c.origin, articles.c.id).where(articles.c.origin.is_not(None))
        groups: dict[str, list[str]] = {}
        with self.engine.connect() as conn:
            for origin, article_id in sorted((o, i) for o, i in conn.execute(query)):
                groups.setdefault(origin, []).append(article_id)
        return {g: ids for g, ids in groups.items() if len(ids) > 1}

    def linking_mentions(self, *, dated: bool) -> Iterator[tuple[Mention, str | None]]:
        """The mentions a full relink reads (relink.py), each with its article's origin
        group, copies of an article left out: the dated ones in order of the start of their
        interval, or the undated ones. Streamed: rows are read as they are used."""
        query = (
            select(mentions.c.data, articles.c.origin)
            .join(articles, articles.c.id == mentions.c.article_id)
            .where(articles.c.duplicate_of.is_(None))
        )
        if dated:
            query = query.where(mentions.c.date_start.is_not(None)).order_by(mentions.c.date_start)
        else:
            query = query.where(mentions.c.date_start.is_(None))
        with self.engine.connect() as conn:
            for data, origin in conn.execution_options(yield_per=STREAM_ROWS).execute(query):
                yield mention_from_json(data), origin

    def mentions_between(
        self, start: str, end: str, country: str | None = None
    ) -> Iterator[Mention]:
        """Stored mentions whose interval meets [start, end] (ISO dates), and the undated
        ones: what can link with mentions of those days (see link.py's blocking). With a
        `country`, only those blocked in it or in none (those with no country)."""
        query = select(mentions.c.data).where(
            ((mentions.c.date_start <= end) & (mentions.c.date_end >= start))
            | mentions.c.date_start.is_(None)
        )
        if country is not None:
            query = query.where((mentions.c.country == country) | mentions.c.country.is_(None))
        with self.engine.connect() as conn:
            for (data,) in conn.execute(query):
                yield mention_from_json(data)

    def stored_components(self, signatures: Iterable[str]) -> set[str]:
        """Those of `signatures` that stored incidents came from (see analyze.py)."""
        wanted, found = sorted(set(signatures)), set()
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                query = select(incidents.c.component).where(incidents.c.component.in_(chunk))
                found |= {sig for (sig,) in conn.execute(query.distinct())}
        return found

    def count_incidents(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(incidents)) or 0)

    def setting(self, key: str) -> str | None:
        """A value kept beside the schema version (see Tx.set_setting), or None."""
        query = select(schema_info.c.value).where(schema_info.c.key == key)
        with self.engine.connect() as conn:
            return conn.scalar(query)

    def incidents_by_component(self) -> dict[str, list[dict[str, Any]]]:
        """Stored incidents grouped by the signature of the component they came from."""
        query = select(incidents.c.component, incidents.c.id, incidents.c.data)
        found: dict[str, list[dict[str, Any]]] = {}
        with self.engine.connect() as conn:
            for sig, _, data in sorted(conn.execute(query), key=lambda r: (r[0] or "", r[1])):
                if sig is not None:
                    found.setdefault(sig, []).append(json.loads(data))
        return found

    def article_meta(
        self, ids: Iterable[str] | None = None
    ) -> list[tuple[str, str, str | None, str | None, str | None, str | None]]:
        """(id, name, publisher, published, origin, duplicate_of) of every article (or of
        those of `ids`): what reconciliation needs, without the texts."""
        cols = ("id", "name", "publisher", "published", "origin", "duplicate_of")
        query = select(*[articles.c[c] for c in cols]).order_by(articles.c.seq)
        with self.engine.connect() as conn:
            if ids is None:
                return [tuple(row) for row in conn.execute(query)]
            wanted, rows = sorted(set(ids)), []
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                rows += [tuple(r) for r in conn.execute(query.where(articles.c.id.in_(chunk)))]
            return rows

    def incidents(self) -> list[dict[str, Any]]:
        """Incidents as CONTRACT.md documents, in date order (undated first), then by id."""
        query = select(incidents.c.date_start, incidents.c.id, incidents.c.data)
        with self.engine.connect() as conn:
            rows = sorted(conn.execute(query), key=lambda r: (r[0] or "", r[1]))
        return [json.loads(data) for _, _, data in rows]


class Tx:
    """Writes inside one transaction (see Store.transaction)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def has_article(self, article_id: str) -> bool:
        query = select(articles.c.id).where(articles.c.id == article_id)
        return self.conn.execute(query).first() is not None

    def add_article(self, article: Article, hashes: Iterable[int], exact_key: str) -> None:
        seq = self.conn.scalar(select(func.coalesce(func.max(articles.c.seq), 0))) or 0
        row = {k: _no_nul(v) for k, v in asdict(article).items()} | {
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
        return sorted((i, p) for i, p in self.conn.execute(query))

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
        return sorted((a, int(s), int(n)) for a, s, n in self.conn.execute(query))

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
                "country": m.location.country if m.location and m.location.country else None,
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

    def sync_incidents(
        self, found: Iterable[tuple[str, dict[str, Any]]], *, keep: Iterable[str] = ()
    ) -> tuple[int, int]:
        """Make the stored incidents those in `found` ((component signature, CONTRACT.md
        document) pairs) and those of the components `keep`: incidents of components no
        longer there are deleted, incidents of components not stored yet are inserted, the
        rest is left alone (a relink's staging and publishing in one step). Returns
        (inserted, deleted)."""
        found = list(found)
        run = uuid.uuid4().hex
        self.stage_incidents(run, datetime.now(UTC).isoformat(timespec="seconds"), found)
        wanted = {sig for sig, _ in found} | set(keep)
        return self.publish_staged(run, wanted, stale_before="")

    def stage_incidents(
        self, run: str, started: str, found: Iterable[tuple[str, dict[str, Any]]]
    ) -> None:
        """Keep `found` ((component signature, document) pairs) aside for the relink `run`
        (started at `started`, UTC ISO) until publish_staged."""
        rows = [_incident_row(sig, inc) | {"run": run, "started": started} for sig, inc in found]
        if rows:
            self.conn.execute(insert(staged_incidents), rows)

    def publish_staged(self, run: str, wanted: set[str], *, stale_before: str) -> tuple[int, int]:
        """The end of a relink: the stored incidents become those staged by `run` and those
        of the other components `wanted` (signatures) already stored; incidents of other
        components are deleted. Staged rows of runs started before `stale_before` (killed
        ones) are cleared. Returns (inserted, deleted)."""
        stored = {sig for (sig,) in self.conn.execute(select(incidents.c.component).distinct())}
        deleted = self._delete_components(stored - wanted - {None})
        if None in stored:
            deleted += self.conn.execute(
                incidents.delete().where(incidents.c.component.is_(None))
            ).rowcount
        mine = staged_incidents.c.run == run
        # A staged component stored meanwhile (by a concurrent relink) is not inserted twice.
        fresh = mine & staged_incidents.c.component.not_in(
            select(incidents.c.component).where(incidents.c.component.is_not(None))
        )
        columns = [c.name for c in incidents.columns]
        moved = select(*[staged_incidents.c[c] for c in columns]).where(fresh)
        inserted = int(self.conn.scalar(select(func.count()).select_from(moved.subquery())) or 0)
        self.conn.execute(insert(incidents).from_select(columns, moved))
        self.conn.execute(
            staged_incidents.delete().where(mine | (staged_incidents.c.started < stale_before))
        )
        return inserted, deleted

    def replace_components(
        self, gone: Iterable[str], found: Iterable[tuple[str, dict[str, Any]]]
    ) -> tuple[int, int]:
        """Delete the incidents of the components `gone` and insert `found` ((component
        signature, document) pairs): an increment of sync_incidents for the components new
        mentions touched. Returns (inserted, deleted)."""
        deleted = self._delete_components(gone)
        rows = [_incident_row(sig, inc) for sig, inc in found]
        if rows:
            self.conn.execute(insert(incidents), rows)
        return len(rows), deleted

    def _delete_components(self, gone: Iterable[str]) -> int:
        """Delete the incidents of the components `gone`; returns how many."""
        wanted, deleted = sorted(set(gone)), 0
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            deleted += self.conn.execute(
                incidents.delete().where(incidents.c.component.in_(chunk))
            ).rowcount
        return deleted

    def set_setting(self, key: str, value: str | None) -> None:
        """Keep `value` under `key` in the schema_info table (None deletes it)."""
        self.conn.execute(schema_info.delete().where(schema_info.c.key == key))
        if value is not None:
            self.conn.execute(insert(schema_info).values(key=key, value=value))

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
