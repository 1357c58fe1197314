"""Copies and shared origin among stored articles.

A new article is compared with the store through its winnowed fingerprints (dedupe.py):
a near-exact copy is marked `duplicate_of` the earliest published member of its copy
group (then the smallest id, so the choice does not depend on arrival order); copies and
articles of different outlets that reuse long passages of the same wire text join one
origin group, which later stages count as one source.
"""

from __future__ import annotations

from crosswire.ingest.dedupe import Overlap, relation
from crosswire.models import Article
from crosswire.store import Tx

# Fingerprints held by more articles than this are boilerplate (a copyright notice, a
# stock sentence), not evidence of a shared wire copy. It is high because one wire story
# may be carried by hundreds of outlets.
DF_CAP = 1000


def record_copies(tx: Tx, article: Article, hashes: frozenset[int], exact_key: str) -> None:
    """Mark `article` (already added through `tx`) as a copy of, or of shared origin with,
    the stored articles it overlaps."""
    copies = {other for other, _ in tx.same_text(exact_key, article.id)}
    related: set[str] = set()
    found = tx.overlaps(article.id, hashes, df_cap=DF_CAP)
    publishers = tx.publishers_of(other for other, _, _ in found)
    for other, shared, size in found:
        kind = relation(Overlap(shared=shared, size_a=len(hashes), size_b=size))
        if kind == "duplicate":
            copies.add(other)
        elif kind == "origin" and not _same_outlet(article.publisher, publishers[other]):
            related.add(other)
    if copies:
        _join_copies(tx, article, copies)
    if copies or related:
        tx.merge_origin({article.id} | copies | related)


def _same_outlet(a: str | None, b: str | None) -> bool:
    """Two articles of one outlet are never independent confirmation of each other, so a
    shared-origin link between them says nothing; what they share is mostly the outlet's own
    stock text (related-news blocks, a standard background paragraph)."""
    return a is not None and b is not None and a.casefold() == b.casefold()


def _join_copies(tx: Tx, article: Article, copies: set[str]) -> None:
    originals = {tx.duplicate_of(c) or c for c in copies}
    published = tx.published_of(originals) | {article.id: article.published}
    first = min(published, key=lambda i: (published[i] or "9999-99-99", i))
    for original in originals - {first}:
        tx.repoint_duplicates(original, first)
    if first != article.id:
        tx.set_duplicate_of(article.id, first)
