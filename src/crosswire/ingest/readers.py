"""One reader per format, each turning bytes into Documents.

    txt    the decoded text; title, dateline and date come later from the text (front.py)
    html   trafilatura: main text, title, date, site name
    jsonl  one article a line: id, text, title, published, publisher, url
    warc   warcio: each HTML or plain-text response record goes through the readers above

A reader raises InputError for input it cannot read at all; a JSONL file with some bad
lines yields the good ones and an InputError for each bad line, so nothing is lost silently.

JSONL and WARC files stream (`read_stream`): a line or a record is read at a time, so a
file of a million articles takes no more memory than one article; the size limit applies
to each line or record instead of the whole file.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import re
from collections.abc import Iterator
from datetime import date
from pathlib import PurePosixPath
from typing import IO, Any

from crosswire.errors import InputError
from crosswire.ingest.sources import FORMATS
from crosswire.models import Document

log = logging.getLogger(__name__)

Item = Document | InputError

# A page whose extracted main text is shorter than this is navigation, not an article.
MIN_HTML_WORDS = 5

_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def decode(data: bytes, source: str, charset: str | None = None) -> str:
    """Text from bytes: the declared charset, else UTF-8, else cp1252 (ftfy repairs the rest).
    Binary data and empty input raise InputError."""
    if not data.strip():
        raise InputError(source, "empty")
    check_text(data[:8192], source)
    return _decode(data, charset)


def check_text(head: bytes, source: str) -> None:
    """InputError if the first bytes of an input look like binary data."""
    if b"\x00" in head or len(_CONTROL.findall(head)) > len(head) // 100 + 2:
        raise InputError(source, "binary data, not text")


def _decode(data: bytes, charset: str | None = None) -> str:
    for encoding in (charset, "utf-8-sig", "cp1252"):
        if not encoding:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1")


def sniff(data: bytes) -> str | None:
    """The format of bytes whose name says nothing (stdin, odd extensions), or None."""
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data[:65536])
        except (OSError, EOFError):
            data = gzip.GzipFile(fileobj=io.BytesIO(data)).read(64)
    head = data.lstrip()[:512]
    if head.startswith(b"WARC/"):
        return "warc"
    lower = head.lower()
    if lower.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in lower:
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    if b"\x00" in head:
        return None
    return "txt"


def read(
    data: bytes,
    fmt: str,
    *,
    source: str,
    name: str,
    charset: str | None = None,
    url: str | None = None,
) -> Iterator[Item]:
    """Documents in `data`, read as `fmt`."""
    if fmt == "txt":
        yield Document(
            source=source, name=name, fmt="txt", text=decode(data, source, charset), url=url
        )
    elif fmt == "html":
        yield read_html(decode(data, source, charset), source=source, name=name, url=url)
    elif fmt == "jsonl":
        yield from read_jsonl(decode(data, source, charset), source=source, name=name)
    elif fmt == "warc":
        yield from read_warc(io.BytesIO(data), source=source)
    else:
        raise InputError(source, f"unknown format {fmt!r}")


def read_html(html: str, *, source: str, name: str, url: str | None = None) -> Document:
    import trafilatura  # heavy; loaded on first use

    found = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    text = getattr(found, "text", None) if found is not None else None
    if not text or len(text.split()) < MIN_HTML_WORDS:
        raise InputError(source, "no article text found in the HTML")
    return Document(
        source=source,
        name=name,
        fmt="html",
        text=text,
        title=getattr(found, "title", None) or None,
        publisher=getattr(found, "sitename", None) or None,
        published=iso_date(getattr(found, "date", None)),
        url=url or getattr(found, "url", None) or None,
    )


def read_jsonl(text: str, *, source: str, name: str) -> Iterator[Item]:
    """One article a line; a bad line gives an InputError naming the line, the rest goes on."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield _jsonl_line(line, number, source=source, name=name)


def read_stream(
    stream: IO[bytes], fmt: str, *, source: str, name: str, max_bytes: int
) -> Iterator[Item]:
    """Documents of a JSONL or WARC file, read a line or a record at a time; a line or a
    record over `max_bytes` gives an InputError and the rest goes on."""
    if fmt == "warc":
        yield from read_warc(stream, source=source, max_bytes=max_bytes)
        return
    head = stream.read(8192)
    if not head.strip() and len(head) < 8192:
        raise InputError(source, "empty")
    check_text(head, source)
    stream.seek(0)
    number = 0
    while raw := stream.readline(max_bytes + 1):
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while (rest := stream.readline(max_bytes)) and not rest.endswith(b"\n"):
                pass  # the rest of the line, a bounded piece at a time
            yield InputError(
                f"{source}: line {number}",
                f"over the size limit of {max_bytes:,} bytes (see --max-bytes)",
            )
            continue
        line = _decode(raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw)
        if line.strip():
            yield _jsonl_line(line, number, source=source, name=name)


def _jsonl_line(line: str, number: int, *, source: str, name: str) -> Item:
    where = f"{source}: line {number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(where, f"invalid JSON ({exc.msg})")
    if not isinstance(record, dict):
        return InputError(where, "not a JSON object")
    return _jsonl_document(record, where=where, source=source, name=f"{name}:{number}")


def _jsonl_document(record: dict[str, Any], *, where: str, source: str, name: str) -> Item:
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        if "text" not in record and ("file" in record or "url" in record):
            return InputError(where, "has no text; is this a --meta sidecar file?")
        return InputError(where, "no 'text' field with the article text")
    strings = {k: record.get(k) for k in ("id", "title", "publisher", "url")}
    strings = {k: str(v).strip() if v not in (None, "") else None for k, v in strings.items()}
    published = iso_date(record.get("published"))
    if record.get("published") and published is None:
        log.warning("%s: published %r is not a date; ignored", where, record.get("published"))
    return Document(
        source=source,
        name=strings["id"] or strings["url"] or name,
        fmt="jsonl",
        text=body,
        title=strings["title"],
        publisher=strings["publisher"],
        published=published,
        url=strings["url"],
    )


def read_warc(stream: IO[bytes], *, source: str, max_bytes: int | None = None) -> Iterator[Item]:
    """Each HTML or plain-text response of a WARC file (gzipped or not), read from `stream`
    a record at a time; a record over `max_bytes` gives an InputError."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            if record.http_headers.get_statuscode() != "200":
                continue
            ctype = (record.http_headers.get_header("Content-Type") or "").lower()
            fmt = "html" if "html" in ctype else "txt" if "text/plain" in ctype else None
            if fmt is None:
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or source
            charset = _charset(ctype)
            content = record.content_stream()
            body = content.read() if max_bytes is None else content.read(max_bytes + 1)
            found += 1
            if max_bytes is not None and len(body) > max_bytes:
                yield InputError(
                    f"{source}: {uri}",
                    f"over the size limit of {max_bytes:,} bytes (see --max-bytes)",
                )
                continue
            try:
                yield from read(body, fmt, source=source, name=uri, charset=charset, url=uri)
            except InputError as exc:
                yield InputError(f"{source}: {uri}", exc.problem)
    except ArchiveLoadFailed as exc:
        raise InputError(source, f"not a readable WARC file ({exc})") from exc
    if not found:
        yield InputError(source, "no HTML or text responses in the WARC file")


def _charset(content_type: str) -> str | None:
    match = re.search(r"charset=([\w-]+)", content_type)
    return match.group(1) if match else None


def iso_date(value: object) -> str | None:
    """`YYYY-MM-DD` from a date or ISO date-time string, else None."""
    if not isinstance(value, str):
        return None
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value)
    if not match:
        return None
    try:
        return date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        return None


def stem(name: str) -> str:
    """A file name without folders and extension(s) such as .warc.gz."""
    base = PurePosixPath(name.replace("\\", "/")).name
    for ending in sorted(FORMATS, key=len, reverse=True):
        if base.lower().endswith(ending):
            return base[: -len(ending)]
    return base
