"""The exceptions crosswire raises, each with a message that says what to do.

    CrosswireError
    ├── InputError          one input cannot be read; the rest of a batch goes on
    │   └── FetchError      a URL could not be fetched (unreachable, HTTP error, too large)
    ├── StoreError          the store cannot be opened, migrated or written
    │   └── DiskFullError   ... because the disk (or the database's quota) is full
    └── OptionsError        options that do not fit together

The CLI prints any of them as one line and exits non-zero; `explain` words a store error
whose cause is a full disk as such (see `is_disk_full`).
"""

from __future__ import annotations

import errno

# SQLite's SQLITE_FULL (the low byte of its extended codes) and PostgreSQL's disk_full.
_SQLITE_FULL = 13
_PG_DISK_FULL = "53100"
_NO_SPACE = (errno.ENOSPC, errno.EDQUOT)


class CrosswireError(Exception):
    """Base class of every error crosswire raises on purpose."""


class InputError(CrosswireError):
    """An input that cannot be read. `source` names it, `problem` says what is wrong."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class FetchError(InputError):
    """A URL that could not be fetched."""


class StoreError(CrosswireError):
    """The store cannot be opened, migrated or written."""


class DiskFullError(StoreError):
    """A write failed because there is no space left for the store."""


class OptionsError(CrosswireError):
    """Options that are invalid or do not fit together."""


def is_disk_full(exc: BaseException) -> bool:
    """True when `exc`, or an exception it was raised from, says the disk is full: SQLite's
    SQLITE_FULL, PostgreSQL's disk_full, or ENOSPC / EDQUOT from the operating system."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DiskFullError) or _says_full(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def _says_full(exc: BaseException) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF == _SQLITE_FULL:
        return True
    if getattr(exc, "sqlstate", None) == _PG_DISK_FULL:
        return True
    if isinstance(exc, OSError) and exc.errno in _NO_SPACE:
        return True
    return "database or disk is full" in str(exc)


def explain(exc: BaseException) -> str:
    """The one line the CLI prints for `exc`."""
    if is_disk_full(exc):
        return (
            f"disk full: {exc}; free some space and run the command again "
            "(what was stored before is kept whole)"
        )
    return str(exc)
