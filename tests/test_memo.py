"""Results kept on a parsed document (extract/memo.py): asked twice, a sentence's time
expressions and event triggers are computed once, per arguments, and each caller gets its
own list."""

from __future__ import annotations

from datetime import date

import pytest

from crosswire import nlp
from crosswire.extract.dates import times_in
from crosswire.extract.memo import per_sentence
from crosswire.extract.types import event_triggers


def test_a_sentence_is_worked_out_once_per_arguments() -> None:
    calls: list[tuple[int, int, str]] = []

    @per_sentence
    def words(sent, suffix: str) -> list[str]:  # type: ignore[no-untyped-def]
        calls.append((sent.start, sent.end, suffix))
        return [t.text + suffix for t in sent]

    doc = nlp.parse("Gunmen attacked a market in Northville. Two people died on Monday.")
    first, second = list(doc.sents)
    assert words(first, "!") == words(next(iter(doc.sents)), "!")  # a new Span, the same tokens
    assert words(first, "?") != words(first, "!")
    assert words(second, "!")[0] == "Two!"
    assert calls == [(0, 7, "!"), (0, 7, "?"), (7, 13, "!")]
    mine = words(first, "!")
    mine.clear()
    assert words(first, "!")[:2] == ["Gunmen!", "attacked!"]
    other = nlp.parse("Gunmen attacked a market in Northville.")  # another doc: its own
    words(next(iter(other.sents)), "!")
    assert len(calls) == 4


@pytest.mark.parametrize("published", [date(2021, 3, 10), date(2021, 5, 4), None])
def test_kept_results_equal_fresh_ones(published: date | None) -> None:
    text = "An air strike hit Northville on Monday, killing five. Police said on Tuesday."
    doc = nlp.parse(text)
    for sent in doc.sents:
        kept = times_in(sent, published)
        assert kept == times_in.__wrapped__(sent, published)  # type: ignore[attr-defined]
        assert times_in(sent, published) == kept
        assert event_triggers(sent) == event_triggers.__wrapped__(sent)  # type: ignore[attr-defined]
    monday = times_in(next(iter(doc.sents)), date(2021, 3, 10))[0].interval
    if published == date(2021, 5, 4):
        assert times_in(next(iter(doc.sents)), published)[0].interval != monday
