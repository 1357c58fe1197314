"""Article texts with the quoted spans of the claims marked, for the HTML report.

Every piece of article text goes through `markupsafe.escape`; only the <mark> and anchor
tags built here are markup. A claim's anchor id is `claim_anchor(incident, index)`, and the
claims table links to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from markupsafe import Markup, escape


@dataclass(frozen=True, slots=True)
class Quote:
    """A claim's quote located in its article's text."""

    anchor: str
    start: int
    end: int
    label: str


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
) -> tuple[dict[str, list[Quote]], set[str]]:
    """The quotes to mark in each article, and the anchors of the claims that were found."""
    found: dict[str, list[Quote]] = {}
    for inc in incidents:
        for i, claim in enumerate(inc.get("claims") or []):
            text = texts.get(claim.get("article", ""))
            where = locate(text, claim.get("span"), claim.get("quote")) if text else None
            if where is None:
                continue
            label = f"{claim.get('kind')} ({claim.get('source')})"
            quote = Quote(claim_anchor(str(inc["id"]), i), where[0], where[1], label)
            found.setdefault(claim["article"], []).append(quote)
    anchors = {q.anchor for quotes in found.values() for q in quotes}
    return found, anchors


def highlight(text: str, quotes: Sequence[Quote]) -> Markup:
    """`text` escaped, with each quote's characters in <mark> (classed with the anchors of
    the quotes it belongs to) and an anchor where each quote starts. Overlapping quotes
    share their marks."""
    cuts = sorted({0, len(text)} | {q.start for q in quotes} | {q.end for q in quotes})
    out: list[Markup] = []
    for left, right in pairwise(cuts):
        out.extend(
            Markup('<span class="anchor" id="{}"></span>').format(q.anchor)
            for q in quotes
            if q.start == left
        )
        covering = [q for q in quotes if q.start <= left and right <= q.end]
        piece = escape(text[left:right])
        if covering:
            piece = Markup('<mark class="{}" title="{}">{}</mark>').format(
                " ".join(q.anchor for q in covering), "; ".join(q.label for q in covering), piece
            )
        out.append(piece)
    return Markup("").join(out)


def highlighted_texts(
    incidents: Iterable[Mapping[str, Any]], texts: Mapping[str, str]
) -> tuple[dict[str, Markup], set[str]]:
    """Each article's text as markup with its claims' quotes marked, and the anchors made."""
    found, anchors = quotes_by_article(incidents, texts)
    return {aid: highlight(text, found.get(aid, [])) for aid, text in texts.items()}, anchors
