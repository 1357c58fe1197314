"""Analysis: extraction on the articles that are new since the last analysis (or were
analysed by an older version of the stages), then linking their mentions into incidents.

`ANALYSIS_VERSION` names the version of the stages; raising it makes `analyze` revisit
every stored article.

Memory stays bounded whatever the store holds: articles are read, extracted and written a
page (`PAGE` articles) at a time, each page in one transaction; a full relink holds a
window of the mentions, those of the weeks it is passing (relink.py), never the texts.
Extraction runs in this process, in `workers` local processes, or on a dask.distributed
cluster (workers.py); the store is written from here only, in the same order whatever runs
the extraction, so the output is the same.

A run that fits in one page, of articles never analysed before, is linked incrementally
(relink.py): only the components its mentions touch are rebuilt, and its mentions and
incidents are written in one transaction. A larger run rebuilds all incidents after the
last page; until then the store is marked (setting `linking` = `partial`) so that a run
interrupted between its pages is followed by a full rebuild, never by an increment on
stale incidents.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from crosswire.ingest.batch import Reporter, Silent
from crosswire.models import Article, Interval
from crosswire.relink import dated_to_day, increment, relink_all, sources_of
from crosswire.store import Store, Tx
from crosswire.workers import Extracted, Extraction, Task, extract_doc

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

ANALYSIS_VERSION = 6  # 6: times of a telling date no event; the main mention reads its lead
# Articles read, extracted and written at a time.
PAGE = 256
# The setting that marks a store whose incidents miss the mentions of some analysed articles.
LINKING = "linking"

__all__ = ["ANALYSIS_VERSION", "Analysis", "Extracted", "analyze", "extract_article"]


@dataclass(frozen=True, slots=True)
class Analysis:
    articles: int
    mentions: int
    incidents: int


def extract_article(article: Article, doc: Doc) -> Extracted:
    """Mentions of one parsed article; an undated article gets a date where the text allows."""
    return extract_doc(Task.of(article), doc)


def analyze(
    store: Store,
    *,
    reporter: Reporter | None = None,
    workers: int = 1,
    dask: str | None = None,
    page: int = PAGE,
) -> Analysis:
    """Run extraction on what is new, then link it into incidents (see the module
    docstring). `workers` > 1 extracts in that many local processes; `dask` is the address
    of a dask.distributed scheduler to extract on instead."""
    reporter = reporter or Silent()
    pending = store.count_articles(analyzed_below=ANALYSIS_VERSION)
    reporter.start(pending, "analysing")
    if not pending:
        log.info("nothing new to analyse")
        if store.setting(LINKING) is None:  # the incidents are up to date
            return Analysis(articles=0, mentions=0, incidents=store.count_incidents())
        return _link_all(store, 0, 0)
    small = pending <= page and store.setting(LINKING) is None
    found = 0
    with Extraction(workers=workers, dask=dask) as extraction:
        if small and store.count_articles(analyzed_below=1) == pending:
            batch = list(store.articles(analyzed_below=ANALYSIS_VERSION))
            extracted = _extract(batch, extraction, reporter)
            done = _analyze_increment(store, extracted)
            if done is not None:
                return done
            found = sum(len(e.mentions) for e in extracted)
        found += _extract_pages(store, extraction, reporter, page)
    return _link_all(store, pending, found)


def _extract(
    batch: Sequence[Article], extraction: Extraction, reporter: Reporter
) -> list[Extracted]:
    found = []
    results = extraction.run([Task.of(a) for a in batch])
    for article, extracted in zip(batch, results, strict=True):
        found.append(extracted)
        reporter.advance(article.name)
    return found


def _write(tx: Tx, extracted: Iterable[Extracted]) -> None:
    """Each article's mentions, its inferred publication date and its analysis mark."""
    ids = []
    for e in extracted:
        tx.replace_mentions(e.article, e.mentions)
        if e.inferred_published:
            tx.set_published(e.article, e.inferred_published, "inferred")
        ids.append(e.article)
    tx.mark_analyzed(ids, ANALYSIS_VERSION)


def _extract_pages(store: Store, extraction: Extraction, reporter: Reporter, page: int) -> int:
    """Extraction of every pending article, a page at a time; the mentions found."""
    with store.transaction() as tx:
        tx.set_setting(LINKING, "partial")
    found = 0
    # Each page is marked analysed when written, so the next query gives the next page.
    while batch := list(store.articles(analyzed_below=ANALYSIS_VERSION, limit=page)):
        extracted = _extract(batch, extraction, reporter)
        with store.transaction() as tx:
            _write(tx, extracted)
        found += sum(len(e.mentions) for e in extracted)
    return found


def _analyze_increment(store: Store, extracted: list[Extracted]) -> Analysis | None:
    """Write a small run and link it incrementally; None (with the run written and the store
    marked for a full rebuild) when the increment cannot be worked out locally."""
    sources = sources_of(store, [e.article for e in extracted])
    for e in extracted:
        if e.inferred_published:
            sources[e.article] = replace(sources[e.article], published=e.inferred_published)
    mentions = [m for e in extracted for m in e.mentions]
    change = increment(store, mentions, sources)
    with store.transaction() as tx:
        _write(tx, extracted)
        if change is None:
            tx.set_setting(LINKING, "partial")
            return None
        inserted, deleted = tx.replace_components(change.gone, change.found)
    log.info("incidents: %d replaced by %d", deleted, inserted)
    if date_from_incidents(store, [inc for _, inc in change.found]):
        return _link_all(store, len(extracted), len(mentions))
    return Analysis(
        articles=len(extracted), mentions=len(mentions), incidents=store.count_incidents()
    )


def _link_all(store: Store, articles: int, mentions: int) -> Analysis:
    """Rebuild the incidents from all stored mentions (keeping the unchanged components;
    relink.relink_all). Dates are inferred from the new components' incidents only: the
    kept ones were looked at when they were new, and nothing they depend on has changed
    since; when some are, the mentions of those articles change, and so does linking."""
    done = relink_all(store)
    if date_from_incidents(store, done.dating):
        done = relink_all(store)
    with store.transaction() as tx:
        tx.set_setting(LINKING, None)
    log.info("incidents: %d components kept, %d new incidents, %d gone", done.kept,
             done.inserted, done.deleted)  # fmt: skip
    return Analysis(articles=articles, mentions=mentions, incidents=store.count_incidents())


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
    and their mentions are extracted again with it. Returns how many were dated. Only the
    texts of the undated candidates are read, one at a time."""
    from crosswire import nlp

    leads = [(inc["date"], inc["reports"]) for inc in incidents if dated_to_day(inc)]
    candidates = {r["article"] for _, reports in leads for r in reports if r["role"] == "main"}
    undated = {row[0] for row in store.article_meta(candidates) if row[3] is None}
    dated = 0
    for window, reports in leads:
        for report in reports:
            if report["role"] != "main" or report["article"] not in undated:
                continue
            article = store.article(report["article"])  # one text at a time, not kept
            if article is None:
                continue
            doc = nlp.parse(article.text)
            found = publication_from(doc, Interval(**window))
            if found is None:
                continue
            dated_article = replace(article, published=found.isoformat())
            with store.transaction() as tx:
                tx.set_published(article.id, found.isoformat(), "inferred")
                tx.replace_mentions(article.id, extract_article(dated_article, doc).mentions)
                # The incidents miss these mentions until the rebuild that follows.
                tx.set_setting(LINKING, "partial")
            undated.discard(article.id)
            dated += 1
    return dated
