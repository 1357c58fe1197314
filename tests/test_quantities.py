"""Tests for crosswire.extract.quantities: what number a phrase says, with what qualifier.

The sentences are written for these tests. The spaCy model loads once per session.
tests/test_counts.py tests the same readings through `tolls_in`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from crosswire.extract.quantities import (
    Count,
    is_numeral,
    is_vague_word,
    numeric_count,
    vague_count,
    written_count,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

Parse = Callable[[str, str], tuple["Span", "Token"]]


@pytest.fixture(scope="session")
def at() -> Parse:
    """Parse a one-sentence text; return the sentence and its first token spelt `word`."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from crosswire import nlp

    def run(text: str, word: str) -> tuple[Span, Token]:
        sent = next(nlp.parse(text).sents)
        return sent, next(t for t in sent if t.text == word)

    return run


def reading(sent: Span, count: Count | None) -> tuple[object, ...] | None:
    if count is None:
        return None
    phrase = sent.doc[count.start : count.end].text
    return count.value, count.low, count.high, count.qualifier, phrase


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Thirty-eight fighters were killed.", "Thirty", (38, 38, 38, "exact", "Thirty-eight")),
        (
            "One hundred and five people died.",
            "five",
            (105, 105, 105, "exact", "One hundred and five"),
        ),
        ("The blast killed 1,200 people.", "1,200", (1200, 1200, 1200, "exact", "1,200")),
        (
            "More than two dozen civilians were killed.",
            "dozen",
            (24, 25, None, "more_than", "More than two dozen"),
        ),
        ("The blast hurt a dozen people.", "dozen", (12, None, None, "about", "a dozen")),
        (
            "Between 20 and 30 villagers were killed.",
            "20",
            (20, 20, 30, "at_least", "Between 20 and 30"),
        ),
        ("20 to 30 villagers were killed.", "30", (20, 20, 30, "at_least", "20 to 30")),
        ("Some 20-30 villagers were killed.", "20", (20, 20, 30, "at_least", "20-30")),
        ("Nearly 40 people died in the fire.", "40", (40, None, 40, "about", "Nearly 40")),
        ("Up to 15 people were hurt.", "15", (15, None, 15, "at_most", "Up to 15")),
        ("20 or more people were hurt.", "20", (20, 20, None, "at_least", "20 or more")),
    ],
)
def test_numeric_count(at: Parse, text: str, word: str, expected: tuple[object, ...]) -> None:
    sent, tok = at(text, word)
    assert reading(sent, numeric_count(sent, tok)) == expected


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Police say John Smith, 45, was killed.", "45"),
        ("A 19-year-old was shot.", "19"),
        ("Victims aged 25 were shot.", "25"),
        ("The 2014 report was published.", "2014"),
    ],
)
def test_ages_and_years_are_not_counts(at: Parse, text: str, word: str) -> None:
    sent, tok = at(text, word)
    assert numeric_count(sent, tok) is None


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Several people were killed.", "Several", (None, 3, None, "vague", "Several")),
        (
            "Tens of thousands of people have died.",
            "Tens",
            (10000, 10000, None, "vague", "Tens of thousands"),
        ),
        (
            "Hundreds of thousands of people have fled.",
            "thousands",
            (100000, 100000, None, "vague", "Hundreds of thousands"),
        ),
        (
            "An unknown number of people were hurt.",
            "number",
            (None, None, None, "vague", "unknown number"),
        ),
    ],
)
def test_vague_count(at: Parse, text: str, word: str, expected: tuple[object, ...]) -> None:
    sent, tok = at(text, word)
    assert reading(sent, vague_count(sent, tok)) == expected


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("38 fighters were killed.", "fighters", (38, 38, 38, "exact", "38")),
        ("Several people were killed.", "people", (None, 3, None, "vague", "Several")),
        ("Dozens of people were injured.", "Dozens", (12, 12, None, "vague", "Dozens")),
        ("Both men were killed.", "men", (2, 2, 2, "exact", "Both")),
        ("A 7-year-old boy was shot.", "boy", None),
    ],
)
def test_written_count(
    at: Parse, text: str, word: str, expected: tuple[object, ...] | None
) -> None:
    sent, tok = at(text, word)
    assert reading(sent, written_count(sent, tok)) == expected


def test_word_tests(at: Parse) -> None:
    sent, _ = at("The first 1990s dozen 5 five several", "The")
    assert [is_numeral(t) for t in sent] == [False, False, False, True, True, True, False]
    assert [is_vague_word(t) for t in sent][-1]
    sent, tok = at("An unknown number of people were hurt.", "number")
    assert not is_vague_word(tok)  # a phrase ("unknown number"), not one word


def test_a_rank_among_superlatives_is_not_a_count() -> None:
    from crosswire import nlp
    from crosswire.extract.counts import tolls_in

    doc = nlp.parse("The raid killed 30 people, in one of the deadliest attacks this year.")
    assert [t.value for t in tolls_in(next(doc.sents))] == [30]
    doc = nlp.parse("Rebels killed 30 soldiers in one of the deadliest incidents of its kind.")
    assert [t.value for t in tolls_in(next(doc.sents))] == [30]
