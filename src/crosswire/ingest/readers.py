"""One reader per format, each turning bytes into Documents.

    txt    the decoded text; title, dateline and date come later from the text (front.py)
    html   trafilatura: main text, title, date, site name
    jsonl  one article a line: id, text, title, published, publisher, url
    warc   warcio: each HTML or plain-text response record goes through the readers above

A reader raises InputError for input it cannot read at all; a JSONL file with some bad
lines yields the good ones and an InputError for each bad line, so nothing is lost silently.
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
from typing import Any

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
    head = data[:8192]
    if b"\x00" in head or len(_CONTROL.findall(head)) > len(head) // 100 + 2:
        raise InputError(source, "binary data, not text")
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
        yield from read_warc(data, source=source)
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
        if not line.strip():
            continue
        where = f"{source}: line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"invalid JSON ({exc.msg})")
            continue
        if not isinstance(record, dict):
            yield InputError(where, "not a JSON object")
            continue
        yield _jsonl_document(record, where=where, source=source, name=f"{name}:{number}")


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


def read_warc(data: bytes, *, source: str) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
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
            body = record.content_stream().read()
            found += 1
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
