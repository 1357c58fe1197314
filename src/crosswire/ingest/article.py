"""From a Document to an Article: clean the text, read its front matter, settle the
metadata and the id.

Metadata comes first from the sidecar file, then from the document itself (JSONL fields,
HTML meta tags), then from the text (headline, dateline, a date written at the top).
`published_source` records which: "metadata" or "text".
"""

from __future__ import annotations

import hashlib

from crosswire.errors import InputError
from crosswire.ingest.clean import clean_text
from crosswire.ingest.front import read_front
from crosswire.ingest.meta import Meta
from crosswire.models import Article, Document, PublishedSource


def article_id(text: str, url: str | None) -> str:
    """A stable id: a hash of the cleaned text and, for web pages, the URL, so that the same
    file ingested twice is the same article and two outlets' pages stay two articles."""
    digest = hashlib.sha256(f"{url or ''}\n{text}".encode()).hexdigest()
    return digest[:16]


def build_article(doc: Document, meta: Meta | None = None) -> Article:
    meta = meta or Meta()
    text = clean_text(doc.text)
    if not text:
        raise InputError(doc.source, "empty: no text left after removing page furniture")
    front = read_front(text)
    published: str | None
    source: PublishedSource | None
    if meta.published or doc.published:
        published, source = meta.published or doc.published, "metadata"
    elif front.published:
        published, source = front.published, "text"
    else:
        published, source = None, None
    url = meta.url or doc.url
    return Article(
        id=article_id(text, url),
        source=doc.source,
        name=doc.name,
        fmt=doc.fmt,
        text=text,
        raw_text=doc.text,
        title=meta.title or doc.title or front.title,
        publisher=meta.publisher or doc.publisher or front.publisher,
        published=published,
        published_source=source,
        dateline_place=front.place,
        url=url,
    )
