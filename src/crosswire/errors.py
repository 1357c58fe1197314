"""The exceptions crosswire raises, each with a message that says what to do.

    CrosswireError
    ├── InputError          one input cannot be read; the rest of a batch goes on
    │   └── FetchError      a URL could not be fetched (unreachable, HTTP error, too large)
    ├── StoreError          the store cannot be opened, migrated or written
    └── OptionsError        options that do not fit together

The CLI prints any of them as one line and exits non-zero.
"""

from __future__ import annotations


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


class OptionsError(CrosswireError):
    """Options that are invalid or do not fit together."""
