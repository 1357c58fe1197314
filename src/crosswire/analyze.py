"""Analysis: extraction on the articles that are new since the last analysis (or were
analysed by an older version of the stages), then the incidents rebuilt from all mentions.

`ANALYSIS_VERSION` names the version of the stages; raising it makes `analyze` revisit
every stored article. Each article's mentions, its inferred publication date and its
analysis mark are written in one transaction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from crosswire.ingest.batch import Reporter, Silent
from crosswire.link import group_id, link, node
from crosswire.models import Article, Mention
from crosswire.reconcile import reconcile, source_of
from crosswire.store import Store

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

ANALYSIS_VERSION = 1


@dataclass(frozen=True, slots=True)
class Analysis:
    articles: int
    mentions: int
    incidents: int


@dataclass(frozen=True, slots=True)
class Extracted:
    """What extraction found in one article."""

    article: str
    mentions: tuple[Mention, ...]
    inferred_published: str | None


def extract_article(article: Article, doc: Doc) -> Extracted:
    """Mentions of one parsed article; an undated article gets a date where the text allows."""
    from crosswire.extract.dates import infer_published
    from crosswire.extract.mentions import extract_mentions

    published = date.fromisoformat(article.published) if article.published else None
    inferred = None
    if published is None:
        found = infer_published(doc)
        if found is not None:
            published = found[0]
            inferred = published.isoformat()
    mentions = extract_mentions(doc, article.id, published, article.publisher)
    return Extracted(article=article.id, mentions=tuple(mentions), inferred_published=inferred)


def build_incidents(store: Store) -> list[dict[str, Any]]:
    """Link every stored mention into incidents (copies of an article add nothing)."""
    articles = {a.id: a for a in store.articles()}
    sources = {a.id: source_of(a) for a in articles.values()}
    nodes = [
        node(m, articles[m.article].text, articles[m.article].origin)
        for m in store.mentions()
        if not articles[m.article].duplicate_of
    ]
    return [
        reconcile(group_id(group), [n.mention for n in group], sources) for group in link(nodes)
    ]


def analyze(store: Store, *, reporter: Reporter | None = None) -> Analysis:
    """Run extraction on what is new, then rebuild the incidents."""
    from crosswire import nlp

    reporter = reporter or Silent()
    pending = list(store.articles(analyzed_below=ANALYSIS_VERSION))
    reporter.start(len(pending), "analysing")
    found = 0
    for article, doc in zip(pending, nlp.parse_many(a.text for a in pending), strict=True):
        extracted = extract_article(article, doc)
        with store.transaction() as tx:
            tx.replace_mentions(article.id, extracted.mentions)
            if extracted.inferred_published:
                tx.set_published(article.id, extracted.inferred_published, "inferred")
            tx.mark_analyzed([article.id], ANALYSIS_VERSION)
        found += len(extracted.mentions)
        reporter.advance(article.name)
    if not pending:
        log.info("nothing new to analyse")
    incidents = build_incidents(store)
    with store.transaction() as tx:
        tx.replace_incidents(incidents)
    return Analysis(articles=len(pending), mentions=found, incidents=len(incidents))
