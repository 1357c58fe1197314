"""One reader per format, each turning bytes into Documents.

    txt    the decoded text; title, dateline and date come later from the text (front.py)
    html   trafilatura: main text, title, date, site name
    jsonl  one article a line: id, text, title, published, publisher, url
    warc   warcio: each HTML or plain-text response record goes through the readers above

A reader raises InputError for input it cannot read at all; a JSONL file with some bad
lines yields the good ones and an InputError for each bad line, so nothing is lost silently.

Bad input (docs/reliability.md, "Bad input"):
    * bytes are decoded as the declared charset, else UTF-16 when a BOM or the pattern of
      zero bytes says so, else UTF-8, else cp1252 line by line (a file mixing UTF-8 and
      cp1252 lines keeps both right); binary data is refused;
    * an article longer than `MAX_TEXT_CHARS` (spaCy's `max_length`, which analysis could
      not parse) is refused, a .txt file over 4 bytes a character before it is decoded;
    * a JSONL field of the wrong type (text that is not a string, an id, title, publisher
      or url that is a list or an object) fails its line, naming the field; a `published`
      that is not a date (20180619, "yesterday") is ignored with a warning, and the date is
      then looked for in the text;
    * a WARC file that ends inside a record (a gzip member cut short, a Content-Length
      beyond the end of the file) gives an InputError after the whole records before it.

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
import zlib
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

MAX_TEXT_CHARS = 1_000_000
"""The longest article text read: spaCy's default `max_length`; longer texts could not be
parsed at analysis."""
MAX_TEXT_BYTES = 4 * MAX_TEXT_CHARS
"""A text of more bytes has more than `MAX_TEXT_CHARS` characters in any encoding."""

MAX_LINE_BYTES = 12 * MAX_TEXT_CHARS + (1 << 20)
"""A JSONL line longer than this holds a text over `MAX_TEXT_CHARS` even if every character
is escaped (12 bytes for one outside the BMP) and the other fields take a megabyte; it is
refused as it is read, whatever --max-bytes says."""

# JSONL fields that must be strings when present (an id may also be a number).
_STRING_FIELDS = ("id", "title", "publisher", "url")


def decode(data: bytes, source: str, charset: str | None = None) -> str:
    """Text from bytes: the declared charset, else UTF-16 (a BOM, or zero bytes in every
    other place), else UTF-8, else cp1252 line by line (ftfy repairs the rest). Binary data
    and input with nothing but white space raise InputError."""
    if not data.strip():
        raise InputError(source, "empty")
    utf16 = charset if charset and charset.lower().startswith("utf-16") else _utf16(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError as exc:
            raise InputError(source, f"not valid {utf16.upper()} text ({exc.reason})") from exc
        check_text(text[:4096].encode("utf-8", "replace"), source)
    else:
        check_text(data[:8192], source)
        text = _decode(data, charset)
    if not text.strip():
        raise InputError(source, "empty")
    return text


def _utf16(data: bytes) -> str | None:
    """ "utf-16" for bytes with a UTF-16 byte order mark; "utf-16-le" or "-be" for bytes
    without one where every other byte of the first ones is zero (text mostly in ASCII)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    head = data[:4096]
    if len(head) < 8 or len(head) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > len(odd) * 0.9 and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.9 and odd.count(0) == 0:
        return "utf-16-be"
    return None


def check_text(head: bytes, source: str) -> None:
    """InputError if the first bytes of an input look like binary data."""
    if b"\x00" in head or len(_CONTROL.findall(head)) > len(head) // 100 + 2:
        raise InputError(source, "binary data, not text")


def _decode(data: bytes, charset: str | None = None) -> str:
    for encoding in (charset, "utf-8-sig"):
        if not encoding:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    # Not UTF-8 as a whole: each line as UTF-8 if it is, else as cp1252 (latin-1 for the
    # five bytes cp1252 leaves undefined), so that a file mixing the two keeps both right.
    return "".join(_decode_line(line) for line in data.splitlines(keepends=True))


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return line.decode("cp1252")
    except UnicodeDecodeError:
        return line.decode("latin-1")


def check_length(text: str, source: str) -> str:
    """`text`, or an InputError if it is too long to analyse (`MAX_TEXT_CHARS`)."""
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(source, _too_long(f"{len(text):,} characters"))
    return text


def check_text_size(nbytes: int, source: str) -> None:
    """InputError for a .txt file of `nbytes` that must hold more than `MAX_TEXT_CHARS`."""
    if nbytes > MAX_TEXT_BYTES:
        raise InputError(source, _too_long(f"{nbytes:,} bytes"))


def _too_long(size: str) -> str:
    return (
        f"too long for one article ({size}; crosswire analyses articles of up to "
        f"{MAX_TEXT_CHARS:,} characters, spaCy's max_length): split it into articles"
    )


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
        check_text_size(len(data), source)
        text = check_length(decode(data, source, charset), source)
        yield Document(source=source, name=name, fmt="txt", text=text, url=url)
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
        text=check_length(text, source),
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
    limit = min(max_bytes, MAX_LINE_BYTES)
    while raw := stream.readline(limit + 1):
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass  # the rest of the line, a bounded piece at a time
            yield InputError(
                f"{source}: line {number}",
                f"over the size limit of {max_bytes:,} bytes (see --max-bytes)"
                if limit == max_bytes
                else _too_long(f"a line of over {limit:,} bytes"),
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
    if body is not None and not isinstance(body, str):
        return InputError(where, f"'text' is {_json_type(body)}, not a string")
    if not body or not body.strip():
        if "text" not in record and ("file" in record or "url" in record):
            return InputError(where, "has no text; is this a --meta sidecar file?")
        return InputError(where, "no 'text' field with the article text")
    if len(body) > MAX_TEXT_CHARS:
        return InputError(where, _too_long(f"{len(body):,} characters"))
    for key in _STRING_FIELDS:
        value = record.get(key)
        number_id = key == "id" and isinstance(value, int) and not isinstance(value, bool)
        if value is not None and not isinstance(value, str) and not number_id:
            return InputError(where, f"'{key}' is {_json_type(value)}, not a string")
    strings = {k: str(record[k]).strip() or None for k in _STRING_FIELDS if record.get(k)}
    published = iso_date(record.get("published"))
    if record.get("published") not in (None, "") and published is None:
        # The article is kept; its date is then looked for in its text.
        log.warning("%s: published %r is not a date; ignored", where, record.get("published"))
    return Document(
        source=source,
        name=strings.get("id") or strings.get("url") or name,
        fmt="jsonl",
        text=body,
        title=strings.get("title"),
        publisher=strings.get("publisher"),
        published=published,
        url=strings.get("url"),
    )


def _json_type(value: object) -> str:
    """How JSON would name the type of `value`: "a number", "a list", "an object"."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"a number ({value!r})" if len(repr(value)) <= 20 else "a number"
    return "a list" if isinstance(value, list) else "an object"


def read_warc(stream: IO[bytes], *, source: str, max_bytes: int | None = None) -> Iterator[Item]:
    """Each HTML or plain-text response of a WARC file (gzipped or not), read from `stream`
    a record at a time; a record over `max_bytes` gives an InputError, and so does a file
    that ends inside a record (after the whole records before it)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = 0
    archive = ArchiveIterator(stream)
    records = iter(archive)
    start = end = 0
    while True:
        try:
            record = next(records, None)
        except ArchiveLoadFailed as exc:
            yield InputError(source, f"not a readable WARC file ({exc}); the rest is left out")
            return
        except (OSError, EOFError, zlib.error) as exc:  # a gzip member cut short
            yield InputError(source, f"cut short: the WARC file ends inside a record ({exc})")
            return
        except Exception as exc:  # warcio fails in many ways on broken headers
            yield InputError(source, f"not a readable WARC file (broken record: {exc!r})")
            return
        if record is None:
            break
        if not record.rec_type or record.rec_headers.get_header("Content-Length") is None:
            yield InputError(source, _broken(first=end == 0))
            return
        item = _warc_item(record, source, max_bytes)
        try:  # reads the rest of the record
            start = archive.get_record_offset()
            end = start + archive.get_record_length()
        except (OSError, EOFError, zlib.error):
            end = -1
        if end < 0 or getattr(record.raw_stream, "limit", 0) > 0:
            yield _truncated(source, record)
            return
        if item is not None:
            found += 1
            yield from item if not isinstance(item, InputError) else [item]
    if _left_over(stream, end) or _gzip_cut(stream, start):
        yield InputError(source, "cut short: the WARC file ends inside a record, which is left out")
    elif not found:
        yield InputError(source, "no HTML or text responses in the WARC file")


def _warc_item(record: Any, source: str, max_bytes: int | None) -> list[Item] | InputError | None:
    """The documents of one WARC record, an InputError, or None for a record that holds
    no HTML or text response."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
    fmt = "html" if "html" in ctype else "txt" if "text/plain" in ctype else None
    if fmt is None:
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or source
    content = record.content_stream()
    body = content.read() if max_bytes is None else content.read(max_bytes + 1)
    if max_bytes is not None and len(body) > max_bytes:
        return InputError(
            f"{source}: {uri}", f"over the size limit of {max_bytes:,} bytes (see --max-bytes)"
        )
    try:
        return list(read(body, fmt, source=source, name=uri, charset=_charset(ctype), url=uri))
    except InputError as exc:
        return InputError(f"{source}: {uri}", exc.problem)


def _broken(*, first: bool) -> str:
    where = "the first record" if first else "a record"
    problem = f"{where} has no WARC-Type or Content-Length header (cut short or broken)"
    if first:
        return f"no HTML or text responses in the WARC file: {problem}"
    return f"{problem}; it and the rest of the file are left out"


def _truncated(source: str, record: Any) -> InputError:
    uri = record.rec_headers.get_header("WARC-Target-URI") or "a record"
    length = record.rec_headers.get_header("Content-Length")
    return InputError(
        f"{source}: {uri}",
        f"cut short: its Content-Length says {length} bytes and the file ends first; "
        "the record and anything after it are left out",
    )


def _gzip_cut(stream: IO[bytes], start: int) -> bool:
    """Whether the gzip members from offset `start` (the last record's) on are not all whole:
    warcio reads a record whose member lacks its end, or stops before a member cut in its
    header, quietly; whatever followed is lost."""
    if not stream.seekable():
        return False
    stream.seek(start)
    if stream.read(2) != b"\x1f\x8b":
        return False
    stream.seek(start)
    member, fed, pending = zlib.decompressobj(31), False, b""
    while pending or (pending := stream.read(65536)):
        if member.eof:
            member, fed = zlib.decompressobj(31), False
        try:
            member.decompress(pending, 1 << 20)  # bounded output; the rest stays pending
        except zlib.error:
            return True
        fed = True
        pending = member.unused_data if member.eof else member.unconsumed_tail
    return fed and not member.eof


def _left_over(stream: IO[bytes], end: int) -> bool:
    """Whether `stream` holds more than the end of the last whole record, which ended at
    offset `end` (warcio stops quietly at a record cut short). In an uncompressed file that
    end is the record's closing blank lines, which must be there whole."""
    if not stream.seekable() or end <= 0:
        return False
    stream.seek(0)
    plain = stream.read(2) != b"\x1f\x8b"
    stream.seek(end)
    rest = stream.read(4)
    if plain and not (rest == b"\r\n\r\n" or rest.startswith(b"\n\n")):
        return True
    while rest:
        if rest.strip():
            return True
        rest = stream.read(65536)
    return False


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
