"""The one write the web app makes: ingest and analyse an article sent to the API."""

from __future__ import annotations

import logging
import threading
from typing import Any

from fastapi.exceptions import RequestValidationError

from crosswire.errors import InputError
from crosswire.models import Document
from crosswire.web.data import Catalog
from crosswire.web.schemas import NewArticle

log = logging.getLogger(__name__)

# Analysis rebuilds the incidents; two at once would race on the same rows.
_WRITING = threading.Lock()


def ingest_one(catalog: Catalog, new: NewArticle) -> dict[str, Any]:
    """Store `new`, analyse what is new, and say which incidents the article is in."""
    from crosswire.analyze import analyze
    from crosswire.ingest.article import build_article
    from crosswire.ingest.batch import add_article

    doc = Document(
        source=new.url or "api",
        name=new.url or (new.title or "api")[:100],
        fmt="api",
        text=new.text,
        title=new.title,
        publisher=new.publisher,
        published=new.published.isoformat() if new.published else None,
        url=new.url,
    )
    try:
        article = build_article(doc)
    except InputError as exc:
        problem = {"type": "value_error", "loc": ("body", "text"), "msg": exc.problem}
        raise RequestValidationError([problem]) from None
    with _WRITING:
        added = add_article(catalog.store, article)
        if added:
            analyze(catalog.store)
    log.info("api: article %s %s", article.id, "added" if added else "already stored")
    snap = catalog.snapshot()
    incidents = [{"incident": i, "role": r} for i, r in snap.reported_in.get(article.id, [])]
    return {"id": article.id, "added": added, "incidents": incidents}
