"""The main job on PostgreSQL gives what it gives on SQLite: `crosswire run` on the bundled
examples, in one go and in increments (see conftest.postgres_server for the server)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from crosswire.cli import cli
from tests.helpers import EXAMPLES

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

CORPUS = EXAMPLES / "corpus"
META = EXAMPLES / "meta.jsonl"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def run(db: str, out: Path, *inputs: Path) -> dict[str, str]:
    """`crosswire run` into `out`; the exports it wrote (the HTML report aside), by name."""
    result = invoke(
        "run", *map(str, inputs), "--meta", str(META), "--db", db, "--out", str(out), "--quiet"
    )
    assert result.exit_code == 0, result.output
    return {p.name: p.read_text() for p in sorted(out.iterdir()) if p.name != "report.html"}


def test_run_on_postgres_exports_what_sqlite_does(tmp_path: Path, postgres_db: str) -> None:
    on_sqlite = run(str(tmp_path / "cw.db"), tmp_path / "sqlite", CORPUS)
    on_postgres = run(postgres_db, tmp_path / "postgres", CORPUS)
    assert "export.json" in on_sqlite
    doc = json.loads(on_postgres["export.json"])
    assert len(doc["articles"]) >= 10 and len(doc["incidents"]) >= 3
    assert any(a["shares_origin_with"] for a in doc["articles"])
    # Nothing in the exports depends on when or where they were made: compared whole.
    assert on_postgres == on_sqlite
    report = (tmp_path / "postgres" / "report.html").read_text()
    assert report.count('<tr id="article-') == len(doc["articles"])


def test_increments_on_postgres_give_what_they_give_on_sqlite(
    tmp_path: Path, postgres_db: str
) -> None:
    """Two runs, the second adding articles: incidents are rebuilt only where they changed,
    which exercises the incident sync on both databases."""
    files = sorted(CORPUS.iterdir())
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for i, path in enumerate(files):
        ((first if i % 2 else second) / path.name).write_bytes(path.read_bytes())
    results = {}
    for name, db in (("sqlite", str(tmp_path / "cw.db")), ("postgres", postgres_db)):
        run(db, tmp_path / f"{name}-1", first)
        results[name] = run(db, tmp_path / f"{name}-2", second)
    assert len(json.loads(results["postgres"]["export.json"])["articles"]) == len(files) + 1
    assert results["postgres"] == results["sqlite"]
