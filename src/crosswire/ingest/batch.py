"""Ingesting a batch: inputs -> documents -> articles -> store, one transaction per article.

A bad input is reported (as an InputError in the result) and the batch goes on; an article
already in the store is counted and left alone, so ingesting the same thing twice adds
nothing. An article not written in English (language.py) is refused before anything of
it is stored.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from crosswire.errors import InputError, StoreError
from crosswire.ingest.article import build_article
from crosswire.ingest.copies import record_copies
from crosswire.ingest.dedupe import exact_key, fingerprints
from crosswire.ingest.fetch import fetch
from crosswire.ingest.language import language_of, not_english
from crosswire.ingest.meta import Sidecar, load_sidecar
from crosswire.ingest.readers import Item, check_text_size, read, read_stream, sniff, stem
from crosswire.ingest.sources import (
    STREAMED,
    Input,
    expand,
    format_of,
    open_input,
    read_input_bytes,
)
from crosswire.models import Article, Document
from crosswire.options import Options
from crosswire.store import Store
from crosswire.store.store import is_busy

log = logging.getLogger(__name__)

# Times a SQLite write that waited the whole busy timeout for another writer is tried again.
BUSY_RETRIES = 10


class Reporter(Protocol):
    """Progress for long work; the CLI draws it as a bar, a library user may ignore it."""

    def start(self, total: int, what: str) -> None: ...

    def advance(self, label: str) -> None: ...


class Silent:
    def start(self, total: int, what: str) -> None:
        pass

    def advance(self, label: str) -> None:
        pass


@dataclass(slots=True)
class IngestResult:
    added: list[str] = field(default_factory=list)
    existing: int = 0
    failed: list[InputError] = field(default_factory=list)


def ingest(
    args: list[str], store: Store, options: Options, *, reporter: Reporter | None = None
) -> IngestResult:
    """Read everything `args` names into `store`."""
    reporter = reporter or Silent()
    sidecar = load_sidecar(options.meta)
    skip = [options.meta] if options.meta else []
    inputs = list(expand(args, skip=skip))
    reporter.start(len(inputs), "reading")
    result = IngestResult()
    for item in inputs:
        if isinstance(item, InputError):
            _fail(result, item)
            reporter.advance(item.source)
            continue
        for found in _documents(item, options):
            if isinstance(found, InputError):
                _fail(result, found)
            else:
                _store_one(found, item, sidecar, store, result)
        reporter.advance(item.source)
    return result


def _documents(item: Input, options: Options) -> Iterator[Item]:
    try:
        if item.kind == "url":
            page = fetch(
                item.source,
                timeout=options.fetch_timeout,
                max_bytes=options.max_bytes,
                allow_private=options.allow_private_urls,
            )
            yield from read(
                page.body,
                _url_format(page.content_type) or sniff(page.body) or "txt",
                source=item.source,
                name=item.source,
                charset=page.charset,
                url=page.url,
            )
            return
        fmt = format_of(item.source) if item.kind == "file" else None
        if fmt in STREAMED:
            with open_input(item) as stream:
                yield from read_stream(
                    stream,
                    fmt,
                    source=item.source,
                    name=stem(item.source),
                    max_bytes=options.max_bytes,
                )
            return
        if fmt == "txt" and item.path is not None and _size(item) <= options.max_bytes:
            check_text_size(_size(item), item.source)  # refused before it is read
        data = read_input_bytes(item, options.max_bytes)
        fmt = (format_of(item.source) if item.kind == "file" else None) or sniff(data)
        if fmt is None:
            raise InputError(
                item.source,
                "unknown format: crosswire reads .txt, .html, .jsonl, .warc and .warc.gz",
            )
        name = "stdin" if item.kind == "stdin" else stem(item.source)
        yield from read(data, fmt, source=item.source, name=name)
    except InputError as exc:
        yield exc


def _size(item: Input) -> int:
    assert item.path is not None
    try:
        return item.path.stat().st_size
    except OSError:
        return 0  # reading it says what is wrong


def _url_format(content_type: str) -> str | None:
    if "html" in content_type:
        return "html"
    if content_type == "text/plain":
        return "txt"
    if "warc" in content_type:
        return "warc"
    return None


def _store_one(
    doc: Document, item: Input, sidecar: Sidecar, store: Store, result: IngestResult
) -> None:
    # A file of one article is matched by its path; lines of a JSONL file and records of
    # a WARC file only by their URL.
    rel = item.rel if format_of(item.source) in ("txt", "html") else None
    try:
        article = build_article(doc, sidecar.lookup(rel=rel, url=doc.url))
        language = language_of(article.text)
        if language is not None:
            raise InputError(_where(doc), not_english(language))
    except InputError as exc:
        _fail(result, exc)
        return
    if add_article(store, article):
        result.added.append(article.id)
    else:
        result.existing += 1


def _where(doc: Document) -> str:
    """The input and, for a JSONL line or WARC record, the article in it."""
    return (
        doc.source
        if doc.fmt in ("txt", "html") or doc.name == doc.source
        else (f"{doc.source}: {doc.name}")
    )


def add_article(store: Store, article: Article) -> bool:
    """Store `article` with its fingerprints and copy relations, all in one transaction.
    False when it was already there. When another writer holds a SQLite store for longer
    than its busy timeout, the transaction (which wrote nothing) is tried again, up to
    `BUSY_RETRIES` times."""
    hashes = fingerprints(article.text)
    key = exact_key(article.text)
    attempt = 0
    while True:
        try:
            return _add(store, article, hashes, key)
        except StoreError as exc:
            attempt += 1
            if attempt > BUSY_RETRIES or not is_busy(exc):
                raise
            log.warning("%s: the store is busy (another writer); trying again", article.source)
            time.sleep(min(attempt, 5) * 0.1)


def _add(store: Store, article: Article, hashes: frozenset[int], key: str) -> bool:
    with store.transaction() as tx:
        if tx.has_article(article.id):
            log.debug("%s: already stored as %s", article.source, article.id)
            return False
        tx.add_article(article, hashes, key)
        record_copies(tx, article, hashes, key)
    return True


def _fail(result: IngestResult, error: InputError) -> None:
    log.debug("failed: %s", error)
    result.failed.append(error)
