"""Article text with spans highlighted, built by escaping every segment of the text.

No text is ever marked safe as it is: the markup is made here from escaped segments and
escaped attribute values.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True, slots=True)
class Span:
    """A character range of an article's text to highlight. `kind` becomes a CSS class."""

    start: int
    end: int
    kind: str
    note: str = ""


def anchor(start: int, end: int) -> str:
    """The element id of a span's start in the article page (the target of a quote link)."""
    return f"span-{start}-{end}"


def highlight(text: str, spans: list[Span]) -> Markup:
    """`text` with each span wrapped in <mark>; overlapping spans split into segments that
    carry every kind covering them. Spans outside the text are clipped or dropped."""
    size = len(text)
    spans = [s for s in spans if 0 <= s.start < s.end and s.start < size]
    bounds = sorted({0, size, *(s.start for s in spans), *(min(s.end, size) for s in spans)})
    starts = {s.start for s in spans}
    anchors = {s.start: anchor(s.start, s.end) for s in spans if s.kind == "claim"}
    parts: list[str] = []
    for lo, hi in itertools.pairwise(bounds):
        if lo in starts and lo in anchors:
            parts.append(Markup('<span class="anchor" id="{}"></span>').format(anchors[lo]))
        covering = [s for s in spans if s.start <= lo and hi <= s.end]
        segment = escape(text[lo:hi])
        if not covering:
            parts.append(segment)
            continue
        kinds = " ".join(sorted({f"hl-{s.kind}" for s in covering}))
        notes = "; ".join(dict.fromkeys(s.note for s in covering if s.note))
        parts.append(Markup('<mark class="{}" title="{}">{}</mark>').format(kinds, notes, segment))
    return Markup("").join(parts)
