"""Article text with spans marked, as HTML: how the report and the web app show what was
found in an article.

Every segment of the text goes through `markupsafe.escape`, and so do the classes, notes
and anchor ids; only the <mark> and anchor tags built here are markup. No text is ever
marked safe as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape


@dataclass(frozen=True, slots=True)
class Mark:
    """A character range of a text to mark: its CSS classes, a note shown on hover, and the
    id of an anchor placed where it starts (the target of a link to it), if any."""

    start: int
    end: int
    classes: tuple[str, ...]
    note: str = ""
    anchor: str | None = None


def highlight(text: str, marks: Sequence[Mark]) -> Markup:
    """`text` escaped, with each mark's characters in <mark>. Overlapping marks split into
    segments that carry the classes and notes of every mark covering them; an anchor stands
    where each mark that has one starts. Marks outside the text are clipped or dropped."""
    size = len(text)
    marks = [m for m in marks if 0 <= m.start < m.end and m.start < size]
    cuts = sorted({0, size, *(m.start for m in marks), *(min(m.end, size) for m in marks)})
    out: list[Markup] = []
    for left, right in pairwise(cuts):
        ids = dict.fromkeys(m.anchor for m in marks if m.start == left and m.anchor)
        out.extend(Markup('<span class="anchor" id="{}"></span>').format(i) for i in ids)
        covering = [m for m in marks if m.start <= left and right <= m.end]
        piece = escape(text[left:right])
        if covering:
            classes = " ".join(sorted({c for m in covering for c in m.classes}))
            notes = "; ".join(dict.fromkeys(m.note for m in covering if m.note))
            piece = Markup('<mark class="{}" title="{}">{}</mark>').format(classes, notes, piece)
        out.append(piece)
    return Markup("").join(out)
