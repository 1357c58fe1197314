"""Extraction in several local processes (`--workers`) gives what a serial run gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from crosswire.cli import cli
from crosswire.errors import OptionsError
from crosswire.options import make_options
from tests.helpers import EXAMPLES


def run(tmp_path: Path, name: str, *extra: str) -> str:
    corpus, meta = str(EXAMPLES / "corpus"), str(EXAMPLES / "meta.jsonl")
    out, db = tmp_path / name, str(tmp_path / f"{name}.db")
    args = ["run", corpus, "--meta", meta, "--out", str(out), "--db", db, "--quiet", *extra]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return (out / "export.json").read_text()


@pytest.mark.slow
def test_two_workers_give_the_serial_export(tmp_path: Path) -> None:
    serial = run(tmp_path, "serial")
    assert '"incidents": [' in serial and serial.count('"reports"') >= 3
    assert run(tmp_path, "parallel", "--workers", "2") == serial


def test_workers_and_dask_are_checked_once() -> None:
    assert make_options(workers=3).workers == 3
    assert make_options().workers == 1
    assert make_options(dask="tcp://10.0.0.5:8786").dask == "tcp://10.0.0.5:8786"
    with pytest.raises(OptionsError, match="--workers must be 1 or more"):
        make_options(workers=0)
    with pytest.raises(OptionsError, match="scheduler's address"):
        make_options(dask="scheduler")
    with pytest.raises(OptionsError, match="give one"):
        make_options(workers=2, dask="tcp://scheduler:8786")


def test_the_cli_refuses_bad_workers(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["analyze", "--db", str(tmp_path / "x.db"), "--workers", "0"])
    assert result.exit_code == 1
    assert "--workers must be 1 or more" in result.output
