"""Copies and shared origin among stored articles.

A new article is compared with the store through its winnowed fingerprints (dedupe.py):
a near-exact copy is marked `duplicate_of` the earliest published member of its copy
group (then the smallest id, so the choice does not depend on arrival order); copies and
articles that reuse long passages of the same wire text join one origin group, which
later stages count as one source.
"""

from __future__ import annotations

from crosswire.ingest.dedupe import Overlap, relation
from crosswire.models import Article
from crosswire.store import Tx

# Fingerprints held by more articles than this are boilerplate (a standard paragraph
# describing a monitor, an outlet's footer), not evidence of a shared wire copy.
DF_CAP = 50


def record_copies(tx: Tx, article: Article, hashes: frozenset[int], exact_key: str) -> None:
    """Mark `article` (already added through `tx`) as a copy of, or of shared origin with,
    the stored articles it overlaps."""
    copies = {other for other, _ in tx.same_text(exact_key, article.id)}
    related: set[str] = set()
    for other, shared, size in tx.overlaps(article.id, hashes, df_cap=DF_CAP):
        kind = relation(Overlap(shared=shared, size_a=len(hashes), size_b=size))
        if kind == "duplicate":
            copies.add(other)
        elif kind == "origin":
            related.add(other)
    if copies:
        _join_copies(tx, article, copies)
    if copies or related:
        tx.merge_origin({article.id} | copies | related)


def _join_copies(tx: Tx, article: Article, copies: set[str]) -> None:
    originals = {tx.duplicate_of(c) or c for c in copies}
    published = tx.published_of(originals) | {article.id: article.published}
    first = min(published, key=lambda i: (published[i] or "9999-99-99", i))
    for original in originals - {first}:
        tx.repoint_duplicates(original, first)
    if first != article.id:
        tx.set_duplicate_of(article.id, first)
