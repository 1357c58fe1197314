"""Extraction on a dask.distributed cluster gives what a serial run gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crosswire.analyze import analyze
from crosswire.errors import OptionsError
from crosswire.export import export
from crosswire.ingest.batch import ingest
from crosswire.options import make_options
from crosswire.store import Store
from tests.helpers import EXAMPLES

pytestmark = [pytest.mark.slow, pytest.mark.dask]


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def exported(tmp_path: Path, name: str, **how: object) -> str:
    with Store(str(tmp_path / f"{name}.db")) as store:
        options = make_options(db=store.db, meta=EXAMPLES / "meta.jsonl", quiet=True)
        ingest([str(EXAMPLES / "corpus")], store, options)
        analyze(store, **how)  # type: ignore[arg-type]
        return export(store, "json")


def test_a_cluster_gives_the_serial_export(tmp_path: Path, scheduler: str) -> None:
    serial = exported(tmp_path, "serial", page=4)
    assert serial.count('"reports"') >= 3
    assert exported(tmp_path, "dask", dask=scheduler, page=4) == serial
    # One page: the increment path, extraction on the cluster as well.
    assert exported(tmp_path, "dask-one-page", dask=scheduler) == serial


def test_no_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    with Store(str(tmp_path / "x.db")) as store:
        options = make_options(db=store.db, meta=EXAMPLES / "meta.jsonl", quiet=True)
        ingest([str(EXAMPLES / "corpus" / "001_aleppo-convoy-struck.txt")], store, options)
        with pytest.raises(OptionsError, match="no scheduler answers"):
            analyze(store, dask="tcp://127.0.0.1:1")
