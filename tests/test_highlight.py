"""Marked article text: escaped everywhere, overlapping marks split, anchors where marks start."""

from __future__ import annotations

import html
import re

from crosswire.highlight import Mark, highlight


def plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_text_notes_and_classes_are_escaped() -> None:
    text = 'a <b>"x"</b> & c'
    marks = [Mark(2, 12, ("hl-claim",), '"><script>', "span-2-12"), Mark(0, 5, ("hl-sentence",))]
    out = str(highlight(text, marks))
    assert "<b>" not in out and "<script>" not in out
    assert '<span class="anchor" id="span-2-12"></span>' in out
    assert '<mark class="hl-claim hl-sentence" title="&#34;&gt;&lt;script&gt;">&lt;b&gt;' in out
    assert plain(out) == text
    hostile = str(highlight("abc", [Mark(0, 1, ('"onmouseover="x',), "", '"><i>')]))
    assert "<i>" not in hostile and 'class="&#34;onmouseover=&#34;x"' in hostile


def test_overlapping_marks_share_segments() -> None:
    text = "one two three four"
    out = str(highlight(text, [Mark(0, 13, ("q1",), "a", "q1"), Mark(4, 18, ("q2",), "b", "q2")]))
    assert out.count("<mark") == 3
    assert '<mark class="q1 q2" title="a; b">two three</mark>' in out
    assert out.count('class="anchor"') == 2
    assert plain(out) == text


def test_marks_outside_the_text_are_clipped_or_dropped() -> None:
    assert str(highlight("abc", [Mark(5, 9, ("x",)), Mark(2, 1, ("x",))])) == "abc"
    assert str(highlight("abc", [Mark(1, 9, ("x",))])) == 'a<mark class="x" title="">bc</mark>'


def test_two_marks_from_one_start_keep_both_anchors() -> None:
    out = str(highlight("abcdef", [Mark(0, 2, ("c",), "", "one"), Mark(0, 4, ("c",), "", "two")]))
    assert 'id="one"' in out and 'id="two"' in out
