"""Summaries built from reconciled fields and claims only, each sentence citing its claims."""

from __future__ import annotations

from typing import Any

import pytest

from crosswire.models import Interval, Location
from crosswire.reconcile import reconcile
from crosswire.summarize import figure_text, names, summarize, timeline
from tests.test_reconcile import claim, mention, source, sources


@pytest.fixture
def disputed() -> dict[str, Any]:
    """An invented strike: two tolls that cannot both be right, blame and a denial."""
    where = Location("Northville", "SY", "North", None, 35.0, 40.0, "point")
    group = [
        mention(
            "a1",
            claim("Valley Monitor", "fatalities", 38, "exact"),
            claim("Provincial officials", "fatalities", 20, "exact"),
            claim("Northland state media", "responsibility", "US-led coalition"),
            location=where,
            date=Interval("2021-03-10", "2021-03-10", "day"),
        ),
        mention(
            "a2",
            claim("US Central Command", "denial", "coalition"),
            claim("Hill Brigade", "no_comment"),
        ),
    ]
    return reconcile("i1", group, sources(source("a1"), source("a2", "2021-03-11")))


def test_disputed_toll_names_each_source(disputed: dict[str, Any]) -> None:
    assert (
        "Valley Monitor said 38 were killed; Provincial officials said 20." in disputed["summary"]
    )


def test_blame_and_denial_name_their_sources(disputed: dict[str, Any]) -> None:
    assert (
        "Northland state media said the US-led coalition carried it out; "
        "US Central Command denied this." in disputed["summary"]
    )
    assert "Hill Brigade declined to comment." in disputed["summary"]


def test_every_sentence_cites_claims_that_name_its_sources(disputed: dict[str, Any]) -> None:
    parts = disputed["summary_sources"]
    assert " ".join(p["sentence"] for p in parts) == disputed["summary"]
    assert parts[0]["sentence"].startswith("An air/drone strike was reported in Northville")
    for part in parts:
        assert part["claims"] or part["fields"]
        for i in part["claims"]:
            assert disputed["claims"][i]["source"] in part["sentence"]
    cited = {i for p in parts for i in p["claims"]}
    assert cited == set(range(len(disputed["claims"])))


def test_undisputed_toll_cites_the_claims_of_the_best_figure() -> None:
    group = [
        mention("a1", claim("Valley Monitor", "fatalities", 12, "at_least")),
        mention("a2", claim("Rescue service", "fatalities", 12, "exact")),
    ]
    inc = reconcile("i1", group, sources(source("a1"), source("a2")))
    toll = inc["summary_sources"][1]
    assert toll["sentence"] == "Valley Monitor and Rescue service said 12 were killed."
    assert toll["claims"] == [0, 1] and toll["fields"] == ["fatalities"]


def test_summarize_works_on_a_bare_document() -> None:
    doc = {"event_type": "Government regains territory", "reports": [], "claims": []}
    assert (
        summarize(doc).text
        == "An event coded “Government regains territory” was reported by 0 articles."
    )


def test_figures_and_names_in_words() -> None:
    assert figure_text(12, "at_least") == "at least 12"
    assert figure_text(40, "about") == "about 40"
    assert figure_text(None, "vague") == "an unspecified number"
    assert names(["A", "B", "a", "C"]) == "A, B and C"
    assert names(["unattributed"]) == "an unattributed report"


def test_timeline_marks_a_later_article_without_news_as_a_mention() -> None:
    doc = {
        "reports": [{"article": "a1", "role": "main"}, {"article": "a2", "role": "background"}],
        "claims": [
            {
                "source": "Valley Monitor",
                "kind": "fatalities",
                "value": 5,
                "qualifier": "exact",
                "article": "a1",
            },
        ],
    }
    rows = timeline(doc, {"a1": "2021-03-10", "a2": "2021-03-20"}, {"a1": "Example Wire"})
    assert [r["kind"] for r in rows] == ["first_report", "mention"]
    assert rows[0]["note"] == "first report (main) by Example Wire" and rows[0]["claims"] == [0]
