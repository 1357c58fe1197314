"""Article texts with the quoted spans of the claims marked, for the HTML report
(crosswire.highlight builds the markup). A claim's anchor id is `claim_anchor(incident,
index)`; the claims table links to it, and it is also the class of the quote's marks, which
the page's script uses to stress the quote followed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from markupsafe import Markup

from crosswire.highlight import Mark, highlight


def claim_anchor(incident: str, index: int) -> str:
    return f"claim-{incident}-{index}"


def locate(text: str, span: Sequence[int] | None, quote: str | None) -> tuple[int, int] | None:
    """Where a claim's quote stands in `text`: its span when the span holds the quote (or
    any sane span when there is no quote), else the quote's first occurrence, else None."""
    if span is not None and len(span) == 2:
        start, end = int(span[0]), int(span[1])
        if 0 <= start < end <= len(text) and (not quote or text[start:end] == quote):
            return start, end
    if quote:
        at = text.find(quote)
        if at >= 0:
            return at, at + len(quote)
    return None


def quotes_by_article(
    incidents: Iterable[Mapping[str, Any]], texts: Mapping[str, str]
) -> tuple[dict[str, list[Mark]], set[str]]:
    """The quotes to mark in each article, and the anchors of the claims that were found."""
    found: dict[str, list[Mark]] = {}
    for inc in incidents:
        for i, claim in enumerate(inc.get("claims") or []):
            text = texts.get(claim.get("article", ""))
            where = locate(text, claim.get("span"), claim.get("quote")) if text else None
            if where is None:
                continue
            label = f"{claim.get('kind')} ({claim.get('source')})"
            name = claim_anchor(str(inc["id"]), i)
            quote = Mark(where[0], where[1], (name,), label, name)
            found.setdefault(claim["article"], []).append(quote)
    anchors = {q.anchor for quotes in found.values() for q in quotes if q.anchor}
    return found, anchors


def highlighted_texts(
    incidents: Iterable[Mapping[str, Any]], texts: Mapping[str, str]
) -> tuple[dict[str, Markup], set[str]]:
    """Each article's text as markup with its claims' quotes marked, and the anchors made."""
    found, anchors = quotes_by_article(incidents, texts)
    return {aid: highlight(text, found.get(aid, [])) for aid, text in texts.items()}, anchors
