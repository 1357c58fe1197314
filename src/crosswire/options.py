"""One options object for a crosswire job, validated once where it is built."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from crosswire.errors import OptionsError

DEFAULT_DB = "crosswire.db"
MAX_INPUT_BYTES = 50 * 1024 * 1024
FETCH_TIMEOUT = 20.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    """Settings shared by ingest, analyze and run.

    `db` is a file path (SQLite) or a SQLAlchemy URL. `max_bytes` bounds any one
    input file, stdin stream or download; `fetch_timeout` bounds a URL fetch in seconds.
    """

    db: str = DEFAULT_DB
    meta: Path | None = None
    max_bytes: int = MAX_INPUT_BYTES
    fetch_timeout: float = FETCH_TIMEOUT
    progress: bool = True


def make_options(
    *,
    db: str | None = None,
    meta: str | Path | None = None,
    max_bytes: int | None = None,
    fetch_timeout: float | None = None,
    quiet: bool = False,
) -> Options:
    """Build Options from CLI-style values, checking each once."""
    meta_path = Path(meta) if meta is not None else None
    if meta_path is not None and not meta_path.is_file():
        raise OptionsError(f"--meta {meta_path}: no such file")
    if max_bytes is not None and max_bytes <= 0:
        raise OptionsError("--max-bytes must be positive")
    if fetch_timeout is not None and fetch_timeout <= 0:
        raise OptionsError("--timeout must be positive")
    return Options(
        db=db or DEFAULT_DB,
        meta=meta_path,
        max_bytes=max_bytes or MAX_INPUT_BYTES,
        fetch_timeout=fetch_timeout or FETCH_TIMEOUT,
        progress=not quiet,
    )
