"""What the user named, turned into inputs: files, folders (walked recursively), `-` for
stdin, and URLs; and the bytes of each, read within a size limit."""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from crosswire.errors import InputError

log = logging.getLogger(__name__)

# File name endings and the reader each selects; the longest ending wins (.warc.gz).
FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".warc.gz": "warc",
}


@dataclass(frozen=True, slots=True)
class Input:
    """One thing to read. `source` is what the user gave (or the file found in a folder they
    gave); `rel` is the path relative to that folder, which sidecar metadata refers to."""

    source: str
    kind: Literal["file", "url", "stdin"]
    path: Path | None = None
    rel: str | None = None


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


# A URL of another scheme (file:, ftp:, data:, gopher:...); one letter is a Windows drive.
_OTHER_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")


def other_url(text: str) -> bool:
    """True for a URL crosswire does not fetch: any scheme but http and https, unless a file
    of that name exists."""
    return bool(_OTHER_URL.match(text)) and not Path(text).exists()


def format_of(name: str) -> str | None:
    """The format a file name announces, or None."""
    lower = name.lower()
    for ending in sorted(FORMATS, key=len, reverse=True):
        if lower.endswith(ending):
            return FORMATS[ending]
    return None


def expand(args: Iterable[str], *, skip: Iterable[Path] = ()) -> Iterator[Input | InputError]:
    """The inputs named by `args`, in order; a folder gives its files of known formats, sorted.
    A name that does not exist gives an InputError and the rest goes on."""
    skipped = {p.resolve() for p in skip}
    for arg in args:
        if arg == "-":
            yield Input(source="-", kind="stdin")
        elif is_url(arg):
            yield Input(source=arg, kind="url")
        elif other_url(arg):
            yield InputError(arg, "refused: only http:// and https:// URLs are fetched")
        else:
            yield from _expand_path(arg, skipped)


def _expand_path(arg: str, skipped: set[Path]) -> Iterator[Input | InputError]:
    path = Path(arg)
    if path.is_dir():
        for found in sorted(p for p in path.rglob("*") if p.is_file()):
            rel = found.relative_to(path)
            if any(part.startswith(".") for part in rel.parts) or found.resolve() in skipped:
                continue
            if format_of(found.name) is None:
                log.info("skipping %s: not a format crosswire reads", found)
                continue
            if looks_like_sidecar(found):
                log.warning(
                    "skipping %s: it holds metadata, not articles (give it with --meta)", found
                )
                continue
            yield Input(source=str(found), kind="file", path=found, rel=rel.as_posix())
    elif path.is_file():
        yield Input(source=arg, kind="file", path=path, rel=path.name)
    elif path.exists():
        yield InputError(arg, "not a regular file or folder")
    else:
        yield InputError(arg, "no such file or folder")


def looks_like_sidecar(path: Path) -> bool:
    """True for a JSONL file whose first record names a `file` and has no `text`: sidecar
    metadata (see meta.py) sitting in a folder of articles."""
    if format_of(path.name) != "jsonl":
        return False
    try:
        with path.open(encoding="utf-8", errors="replace") as stream:
            first = next((line for line in stream if line.strip()), "")
        record = json.loads(first)
    except (OSError, json.JSONDecodeError):
        return False
    return isinstance(record, dict) and "file" in record and "text" not in record


def read_limited(stream: BinaryIO, source: str, max_bytes: int) -> bytes:
    """All of `stream`, or an InputError if it holds more than `max_bytes`."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(source, f"over the size limit of {max_bytes:,} bytes (see --max-bytes)")
    return data


# Formats read from an open file a line or a record at a time (readers.read_stream), so
# that their size is not limited, only the size of each article.
STREAMED = ("jsonl", "warc")


@contextmanager
def open_input(item: Input) -> Iterator[BinaryIO]:
    """A file input opened for reading, with the errors of opening as InputError."""
    assert item.path is not None
    try:
        stream = item.path.open("rb")
    except PermissionError as exc:
        raise InputError(item.source, "unreadable: permission denied") from exc
    except OSError as exc:
        raise InputError(item.source, f"unreadable: {exc.strerror or exc}") from exc
    with stream:
        yield stream


def read_input_bytes(item: Input, max_bytes: int) -> bytes:
    """The bytes of a file or of stdin (URLs are fetched by fetch.py)."""
    if item.kind == "stdin":
        return read_limited(sys.stdin.buffer, "stdin", max_bytes)
    assert item.path is not None
    try:
        size = item.path.stat().st_size
        if size > max_bytes:
            raise InputError(
                item.source, f"over the size limit of {max_bytes:,} bytes (see --max-bytes)"
            )
        with item.path.open("rb") as stream:
            return read_limited(stream, item.source, max_bytes)
    except PermissionError as exc:
        raise InputError(item.source, "unreadable: permission denied") from exc
    except OSError as exc:
        raise InputError(item.source, f"unreadable: {exc.strerror or exc}") from exc
