"""Tests for crosswire.extract.dates: resolving time expressions against the publication date."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from crosswire import nlp
from crosswire.extract.dates import (
    infer_published,
    lead_time,
    resolve,
    times_in,
    with_tellings,
)
from crosswire.models import Interval

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

TUESDAY = date(2022, 3, 1)  # published on a Tuesday
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@pytest.fixture(scope="session")
def pipeline() -> Language:
    return nlp.load()


def day(iso: str) -> Interval:
    return Interval(iso, iso, "day")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23 February 2022", day("2022-02-23")),
        ("February 23, 2022", day("2022-02-23")),
        ("Wednesday, Feb. 23rd, 2022", day("2022-02-23")),
        ("the 23rd of February 2022", day("2022-02-23")),
        ("2018-06-19", day("2018-06-19")),
        ("6/19/2018", day("2018-06-19")),
        ("on 23 February", day("2022-02-23")),
        ("on 2 March", day("2021-03-02")),  # not yet on 1 March 2022: the year before
        ("on Monday", day("2022-02-28")),
        ("on Tuesday", day("2022-03-01")),  # published on a Tuesday: that day
        ("late on Tuesday", day("2022-03-01")),
        ("Wednesday", day("2022-02-23")),
        ("last Tuesday", day("2022-02-22")),
        ("Saturday night", day("2022-02-26")),
        ("early Saturday morning", day("2022-02-26")),
        ("2 a.m. Sunday", day("2022-02-27")),
        ("just before midnight Saturday", day("2022-02-26")),
        ("the small hours of Thursday", day("2022-02-24")),
        ("the day after Thursday", day("2022-02-25")),
        ("two days before Thursday", day("2022-02-22")),
        ("today", day("2022-03-01")),
        ("this morning", day("2022-03-01")),
        ("yesterday", day("2022-02-28")),
        ("last night", day("2022-02-28")),
        ("the day before yesterday", day("2022-02-27")),
        ("three days ago", day("2022-02-26")),
        ("overnight", Interval("2022-02-28", "2022-03-01", "days")),
        ("just before midnight", Interval("2022-02-28", "2022-03-01", "days")),
        ("20-24 February 2022", Interval("2022-02-20", "2022-02-24", "days")),
        ("the weekend", Interval("2022-02-26", "2022-02-27", "days")),
        ("last week", Interval("2022-02-21", "2022-02-27", "week")),
        ("earlier this week", Interval("2022-02-28", "2022-03-01", "week")),
        ("last month", Interval("2022-02-01", "2022-02-28", "month")),
        ("earlier this month", Interval("2022-03-01", "2022-03-01", "month")),
        ("In February", Interval("2022-02-01", "2022-02-28", "month")),
        ("in March", Interval("2022-03-01", "2022-03-01", "month")),  # the publication month
        ("in April", Interval("2021-04-01", "2021-04-30", "month")),
        ("in September 2016", Interval("2016-09-01", "2016-09-30", "month")),
        ("last year", Interval("2021-01-01", "2021-12-31", "year")),
        ("in 2016", Interval("2016-01-01", "2016-12-31", "year")),
        ("on Christmas Day", day("2021-12-25")),
        ("the day after Thanksgiving", day("2021-11-26")),
    ],
)
def test_resolve(text: str, expected: Interval) -> None:
    assert resolve(text, TUESDAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "since 2011",
        "for three years",
        "four years",
        "a 19-year-old",
        "the seven-year war",
        "in the past few months",
        "the last week",
        "every Friday",
        "until March",
        "next Monday",
        "soon",
    ],
)
def test_durations_ages_and_others_are_not_times(text: str) -> None:
    assert resolve(text, TUESDAY) is None


def test_without_publication_date_only_absolute_expressions_resolve() -> None:
    assert resolve("On 23 February 2022", None) == day("2022-02-23")
    assert resolve("in September 2016", None) == Interval("2016-09-01", "2016-09-30", "month")
    for relative in ("on Monday", "yesterday", "last month", "on 23 February", "overnight"):
        assert resolve(relative, None) is None


def test_times_in_gives_offsets_into_the_doc(pipeline: Language) -> None:
    text = (
        "Police arrived at the scene. Gunmen attacked the village late on Tuesday, "
        "a 19-year-old said, and the fighting that has gone on since 2011 flared again overnight."
    )
    doc = pipeline(text)
    exprs = [e for sent in doc.sents for e in times_in(sent, date(2022, 3, 2))]
    assert [e.text for e in exprs] == ["late on Tuesday", "overnight"]
    for expr in exprs:
        assert text[expr.span[0] : expr.span[1]] == expr.text
        assert expr.relative
    assert exprs[0].interval == day("2022-03-01")
    assert exprs[1].interval == Interval("2022-03-01", "2022-03-02", "days")


def test_times_in_drops_relative_times_without_a_publication_date(pipeline: Language) -> None:
    doc = pipeline("On 23 February 2022, troops shelled the town, and on Monday they withdrew.")
    exprs = [e for sent in doc.sents for e in times_in(sent, None)]
    assert [(e.text, e.relative) for e in exprs] == [("23 February 2022", False)]


def test_lead_time_prefers_the_incident_over_the_report(pipeline: Language) -> None:
    doc = pipeline(
        "Published: March 5, 2022\n\n"
        "Police said Friday that a man was charged with murder. "
        "The victim was shot Wednesday night outside a shop on the main road."
    )
    expr = lead_time(doc, date(2022, 3, 5))
    assert expr is not None
    assert expr.text == "Wednesday night"
    assert expr.interval == day("2022-03-02")


def test_lead_time_skips_the_day_of_a_telling_that_dates_its_incident_otherwise(
    pipeline: Language,
) -> None:
    """Sunday is when the army spoke; the killing is dated only "this month", and the
    search "on Sunday" further down is the news of that day, not the incident."""
    doc = pipeline(
        "The army said on Sunday that a house where many civilians were killed this month "
        "had been rigged with explosives. It gave no figure. "
        "Rescue teams were still searching the rubble on Sunday."
    )
    expr = lead_time(doc, date(2017, 3, 26))
    assert expr is not None and expr.text == "this month"
    assert expr.interval == Interval("2017-03-01", "2017-03-26", "month")


def test_with_tellings_marks_the_times_of_a_report_word(pipeline: Language) -> None:
    doc = pipeline("The coalition said on Saturday that it had struck the building on 17 March.")
    [sent] = doc.sents
    found = with_tellings(doc, times_in(sent, date(2017, 3, 25)))
    assert [(t.text, t.told) for t in found] == [("Saturday", True), ("17 March", False)]


def test_lead_time_none_when_no_time(pipeline: Language) -> None:
    assert lead_time(pipeline("A man was shot outside a shop."), date(2022, 3, 5)) is None


def test_infer_published_needs_a_full_date_and_its_weekday(pipeline: Language) -> None:
    agreeing = pipeline("On 3 May 2021, gunmen attacked a village. On Monday, police arrived.")
    assert infer_published(agreeing) == (date(2021, 5, 3), "inferred")
    disagreeing = pipeline("On 3 May 2021, gunmen attacked a village. On Friday, police arrived.")
    assert infer_published(disagreeing) is None
    assert infer_published(pipeline("On Monday, gunmen attacked a village.")) is None


@given(st.dates(date(1990, 1, 1), date(2040, 12, 31)), st.sampled_from(WEEKDAYS))
def test_a_weekday_is_within_the_week_up_to_publication(published: date, name: str) -> None:
    interval = resolve(f"on {name}", published)
    assert interval is not None
    found = date.fromisoformat(interval.start)
    assert published - timedelta(days=6) <= found <= published
    assert WEEKDAYS[found.weekday()] == name


@given(st.dates(date(1990, 1, 1), date(2040, 12, 31)), st.integers(1, 12))
def test_a_month_is_never_after_publication(published: date, month: int) -> None:
    name = date(2000, month, 1).strftime("%B")
    interval = resolve(f"in {name}", published)
    assert interval is not None
    assert interval.start <= published.isoformat()
    assert date.fromisoformat(interval.start) > published - timedelta(days=366)


@pytest.mark.shared
def test_acled_notes_start_with_their_date(pipeline: Language) -> None:
    folder = SHARED / "dev" / "acled"
    if not (folder / "articles.jsonl").is_file():
        pytest.skip("../shared/dev/acled is absent")
    with (folder / "articles.jsonl").open(encoding="utf-8") as f:
        notes = [json.loads(line) for _, line in zip(range(100), f, strict=False)]
    with (folder / "gold.jsonl").open(encoding="utf-8") as f:
        gold = {row["id"]: row["date"] for row in map(json.loads, f)}
    right = 0
    for note, doc in zip(notes, pipeline.pipe(n["text"] for n in notes), strict=True):
        first = next((e for sent in doc.sents for e in times_in(sent, None)), None)
        right += first is not None and first.interval.start == gold[note["id"]]
    assert right >= 90


def test_lead_time_puts_a_byline_date_last() -> None:
    """A date in a sentence with no verb (a byline) dates the page: the event's date wins,
    and a text whose only date is such a line still gets it."""
    doc = nlp.parse(
        "Northern Press Office - statement summary, 12 April 2021\n\n"
        "The alliance said on Monday that its aircraft had flown over the village on 3 April "
        "and found the depot destroyed."
    )
    expr = lead_time(doc, date(2021, 4, 12))
    assert expr is not None and expr.interval == day("2021-04-03")
    alone = nlp.parse("04/03/2021: A depot in the village was destroyed by a blast.")
    found = lead_time(alone, None)
    assert found is not None and found.interval == day("2021-04-03")
