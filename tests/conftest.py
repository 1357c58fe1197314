"""Fixtures for expensive things, made once: a store in a temp folder."""

from __future__ import annotations

import glob
import importlib.util
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from crosswire.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(str(tmp_path / "test.db")) as s:
        yield s


# -- PostgreSQL (docs/postgres.md) --------------------------------------------------------


def _postgres_binaries() -> bool:
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb") or shutil.which("initdb")
    return bool(found) and bool(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl") or shutil.which("pg_ctl")
    )


def _no_postgres(reason: str) -> None:
    """Skip, or fail under CI (CI=true), where PostgreSQL must be there."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of a PostgreSQL server where the tests may create databases: $CROSSWIRE_TEST_POSTGRES,
    else a throwaway cluster started by .ci/postgres.sh for the session. Without either the
    PostgreSQL tests are skipped, or fail when CI=true."""
    if importlib.util.find_spec("psycopg") is None:
        _no_postgres("no psycopg: pip install 'crosswire[postgres]'")
    url = os.environ.get("CROSSWIRE_TEST_POSTGRES")
    if url:
        yield url
        return
    if not _postgres_binaries():
        _no_postgres(
            "no PostgreSQL: set CROSSWIRE_TEST_POSTGRES to a server URL, or install the server "
            "(apt-get install postgresql) for a throwaway one"
        )
    script = str(Path(__file__).resolve().parents[1] / ".ci" / "postgres.sh")
    folder = tempfile.mkdtemp(prefix="crosswire-pg-")
    started = subprocess.run([script, "start", folder], capture_output=True, text=True, check=False)
    if started.returncode != 0:
        subprocess.run([script, "stop", folder], capture_output=True, check=False)
        pytest.fail(f"could not start PostgreSQL: {started.stderr.strip()}")
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run([script, "stop", folder], capture_output=True, check=False)


@pytest.fixture
def postgres_db(postgres_server: str) -> Iterator[str]:
    """URL of a new, empty database on the test server, dropped after the test. It sorts
    text by English rules (ICU), as a production server may, where the server can: an
    ORDER BY that SQLite would sort otherwise shows up then."""
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"crosswire_test_{uuid.uuid4().hex[:12]}"
    admin = make_url(postgres_server).set(drivername="postgresql")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        try:
            conn.execute(
                f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
                "LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'"
            )
        except psycopg.Error:
            conn.execute(f'CREATE DATABASE "{name}"')
    yield admin.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A place for a new store, once a SQLite file and once a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    return str(request.getfixturevalue("postgres_db"))


@pytest.fixture
def any_store(store_db: str) -> Iterator[Store]:
    """A new store on each backend (see store_db)."""
    with Store(store_db) as s:
        yield s


# -- the web app (tests/webstore.py) -------------------------------------------------------


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once from the invented reports of tests/webstore.py (spaCy runs for
    real). Tests must not write to it: copy it first."""
    from tests.webstore import build_store

    folder = tmp_path_factory.mktemp("web")
    build_store(folder / "web.db", folder)
    return folder / "web.db"
