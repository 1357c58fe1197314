"""Analysis: extraction on the articles that are new since the last analysis (or were
analysed by an older version of the stages), then the incidents rebuilt from all mentions.

`ANALYSIS_VERSION` names the version of the stages; raising it makes `analyze` revisit
every stored article. Each article's mentions, its inferred publication date and its
analysis mark are written in one transaction.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from crosswire.ingest.batch import Reporter, Silent
from crosswire.link import Component, cluster, components, group_id, node
from crosswire.models import Article, Interval, Mention
from crosswire.reconcile import Source, reconcile
from crosswire.store import Store
from crosswire.store.codec import mention_to_json

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

ANALYSIS_VERSION = 2


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


def build_incidents(store: Store) -> list[tuple[str, dict[str, Any]]]:
    """Link every stored mention into incidents (copies of an article add nothing), as
    (component signature, incident) pairs. Blocking and pair scores cover all mentions
    (near-linear, see link.py); clustering and reconciliation run only for components whose
    signature is not stored yet: the others keep their incidents. As a component's incidents
    depend on nothing outside it, this gives what rebuilding everything gives."""
    sources = {row[0]: Source(*row) for row in store.article_meta()}
    nodes = [
        node(m, None, sources[m.article].origin)
        for m in store.mentions()
        if not sources[m.article].duplicate_of
    ]
    stored = store.incidents_by_component()
    found: list[tuple[str, dict[str, Any]]] = []
    for component in components(nodes):
        sig = signature(component, sources)
        done = stored.get(sig)
        if done is None:
            done = [
                reconcile(group_id(group), [n.mention for n in group], sources)
                for group in cluster(component)
            ]
        found.extend((sig, incident) for incident in done)
    return found


def signature(component: Component, sources: dict[str, Source]) -> str:
    """A hash of everything a component's incidents are made from: its mentions and the
    metadata of their articles."""
    digest = hashlib.sha256()
    for n in component.nodes:
        digest.update(mention_to_json(n.mention).encode())
        digest.update(repr(sources[n.mention.article]).encode())
    return digest.hexdigest()[:32]


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
    if date_from_incidents(store, [inc for _, inc in incidents]):
        incidents = build_incidents(store)
    with store.transaction() as tx:
        inserted, deleted = tx.sync_incidents(incidents)
    log.info("incidents: %d kept, %d new, %d gone", len(incidents) - inserted, inserted, deleted)
    return Analysis(articles=len(pending), mentions=found, incidents=len(incidents))


# How long after an incident an article about it may have been published.
REPORTING_DAYS = 7


def publication_from(doc: Doc, window: Interval, *, lead: int = 3) -> date | None:
    """The earliest publication date, from the incident's first day to REPORTING_DAYS after
    its last, at which every relative time in the article's first `lead` sentences
    ("overnight", "on Monday", "said on Tuesday") falls between the incident's start and
    that date: what a report tells happened, and was said, before it was published. None
    when the lead has no relative time or no day fits."""
    from crosswire.extract.dates import times_in

    first, last = date.fromisoformat(window.start), date.fromisoformat(window.end)
    sents = list(doc.sents)[:lead]
    for offset in range((last - first).days + REPORTING_DAYS + 1):
        candidate = first + timedelta(days=offset)
        found = [t.interval for s in sents for t in times_in(s, candidate) if t.relative]
        if found and all(window.start <= i.end and i.start <= candidate.isoformat() for i in found):
            return candidate
    return None


def date_from_incidents(store: Store, incidents: list[dict[str, Any]]) -> int:
    """Undated articles whose main mention joined an incident that other, dated articles
    date to the day: their publication date is inferred from it (see publication_from),
    and their mentions are extracted again with it. Returns how many were dated."""
    from crosswire import nlp

    undated = {a.id: a for a in store.articles() if a.published is None}
    dated = 0
    for incident in incidents:
        window = incident.get("date")
        if not window or window["precision"] not in ("day", "days"):
            continue
        for report in incident["reports"]:
            article = undated.get(report["article"])
            if article is None or report["role"] != "main" or len(incident["reports"]) < 2:
                continue
            doc = nlp.parse(article.text)
            found = publication_from(doc, Interval(**window))
            if found is None:
                continue
            dated_article = replace(article, published=found.isoformat())
            with store.transaction() as tx:
                tx.set_published(article.id, found.isoformat(), "inferred")
                tx.replace_mentions(article.id, extract_article(dated_article, doc).mentions)
            dated += 1
    return dated
