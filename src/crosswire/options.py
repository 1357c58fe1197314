"""One options object for a crosswire job, validated once where it is built."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from crosswire.errors import OptionsError

DEFAULT_DB = "crosswire.db"
MAX_INPUT_BYTES = 50 * 1024 * 1024
FETCH_TIMEOUT = 20.0
# A dask.distributed scheduler address: tcp://host:8786 (or tls://, ucx://, inproc://).
_SCHEDULER = re.compile(r"(tcp|tls|ucx|inproc)://[^\s/]+")


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    """Settings shared by ingest, analyze and run.

    `db` is a file path (SQLite) or a SQLAlchemy URL. `max_bytes` bounds any one
    input file, stdin stream or download, and each line or record of a JSONL or WARC file
    (those stream, whatever their size); `fetch_timeout` bounds a URL fetch in seconds;
    `allow_private_urls` lets URLs reach loopback, private and link-local addresses (for
    local testing; refused by default, see docs/reliability.md).
    `workers` is the number of local processes extraction runs in; `dask`, the address of
    a dask.distributed scheduler whose cluster runs it instead.
    """

    db: str = DEFAULT_DB
    meta: Path | None = None
    max_bytes: int = MAX_INPUT_BYTES
    fetch_timeout: float = FETCH_TIMEOUT
    allow_private_urls: bool = False
    progress: bool = True
    workers: int = 1
    dask: str | None = None


def make_options(
    *,
    db: str | None = None,
    meta: str | Path | None = None,
    max_bytes: int | None = None,
    fetch_timeout: float | None = None,
    allow_private_urls: bool = False,
    quiet: bool = False,
    workers: int | None = None,
    dask: str | None = None,
) -> Options:
    """Build Options from CLI-style values, checking each once."""
    meta_path = Path(meta) if meta is not None else None
    if meta_path is not None and not meta_path.is_file():
        raise OptionsError(f"--meta {meta_path}: no such file")
    if max_bytes is not None and max_bytes <= 0:
        raise OptionsError("--max-bytes must be positive")
    if fetch_timeout is not None and fetch_timeout <= 0:
        raise OptionsError("--timeout must be positive")
    if workers is not None and workers < 1:
        raise OptionsError("--workers must be 1 or more")
    if dask is not None and not _SCHEDULER.fullmatch(dask):
        raise OptionsError(
            f"--dask {dask}: give the scheduler's address, such as tcp://scheduler:8786"
        )
    if dask is not None and workers is not None and workers > 1:
        raise OptionsError("--workers and --dask: give one (the cluster has its own workers)")
    return Options(
        db=db or DEFAULT_DB,
        meta=meta_path,
        max_bytes=max_bytes or MAX_INPUT_BYTES,
        fetch_timeout=fetch_timeout or FETCH_TIMEOUT,
        allow_private_urls=allow_private_urls,
        progress=not quiet,
        workers=workers or 1,
        dask=dask,
    )
