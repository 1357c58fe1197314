"""Reconciling hand-built mentions (invented sources and sentences) into incident records."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import pytest

from crosswire.models import Claim, Estimate, Interval, Location, Mention
from crosswire.reconcile import Source, chronology, reconcile, same_actor

DAYS = Interval("2021-03-09", "2021-03-10", "days")


def claim(
    source: str,
    kind: str,
    value: str | int | None = None,
    qualifier: str | None = None,
    article: str = "a1",
) -> Claim:
    quote = f"{source} spoke about the shelling of an invented town."
    return Claim(source, kind, value, qualifier, article, quote, (0, len(quote)))  # type: ignore[arg-type]


def mention(
    article: str,
    *claims: Claim,
    role: str = "main",
    index: int = 0,
    event_type: str | None = "Air/drone strike",
    date: Interval | None = DAYS,
    location: Location | None = None,
    fatalities: Estimate | None = None,
    perpetrators: tuple[str, ...] = (),
) -> Mention:
    own = tuple(
        Claim(c.source, c.kind, c.value, c.qualifier, article, c.quote, c.span) for c in claims
    )
    return Mention(
        article=article,
        index=index,
        role=role,  # type: ignore[arg-type]
        event_type=event_type,
        date=date,
        location=location,
        perpetrators=perpetrators,
        fatalities=fatalities or Estimate(),
        claims=own,
    )


def source(
    id: str, published: str = "2021-03-10", origin: str | None = None, dup: str | None = None
) -> Source:
    return Source(id, f"name_{id}", "Example Wire", published, origin, dup)


def sources(*items: Source) -> dict[str, Source]:
    return {s.id: s for s in items}


def fields(incident: dict[str, Any], field: str) -> list[dict[str, Any]]:
    return [c for c in incident["contradictions"] if c["field"] == field]


def kinds_of(incident: dict[str, Any], indexes: Sequence[int]) -> set[str]:
    return {incident["claims"][i]["kind"] for i in indexes}


# --- Figures ------------------------------------------------------------------------------


def test_at_least_and_a_dozen_agree() -> None:
    group = [
        mention("a1", claim("Valley Monitor", "fatalities", 12, "at_least")),
        mention("a2", claim("Town council", "fatalities", 12, "about")),
    ]
    inc = reconcile("i1", group, sources(source("a1"), source("a2")))
    assert fields(inc, "fatalities") == []
    assert inc["fatalities"] == {"low": 10, "best": 12, "high": 12}


def test_exact_figures_far_apart_contradict_and_the_latest_wins_a_tie() -> None:
    group = [
        mention("a1", claim("Valley Monitor", "fatalities", 38, "exact")),
        mention("a2", claim("Provincial officials", "fatalities", 20, "exact")),
    ]
    inc = reconcile("i1", group, sources(source("a1", "2021-03-10"), source("a2", "2021-03-11")))
    (conflict,) = fields(inc, "fatalities")
    assert conflict["claims"] == [0, 1]
    assert "Valley Monitor" in conflict["note"] and "Provincial officials" in conflict["note"]
    assert inc["fatalities"] == {"low": 20, "best": 20, "high": 38}


def test_at_least_a_hundred_contradicts_twenty() -> None:
    group = [
        mention("a1", claim("A defence official", "fatalities", 100, "at_least")),
        mention("a2", claim("Valley Monitor", "fatalities", 20, "exact")),
    ]
    inc = reconcile("i1", group, sources(source("a1"), source("a2")))
    assert len(fields(inc, "fatalities")) == 1
    assert inc["fatalities"]["low"] == 20 and inc["fatalities"]["high"] == 100


def test_close_figures_and_vague_claims_do_not_contradict() -> None:
    group = [
        mention(
            "a1",
            claim("Valley Monitor", "fatalities", 38, "exact"),
            claim("Town council", "fatalities", None, "vague"),
        ),
        mention("a2", claim("Provincial officials", "fatalities", 40, "about")),
    ]
    inc = reconcile("i1", group, sources(source("a1"), source("a2")))
    assert fields(inc, "fatalities") == []
    assert inc["fatalities"]["best"] == 38  # allowed by both; "about 40" allows 32..40


def test_an_accounts_total_beats_its_parts() -> None:
    """One report: "Three people were killed ... one of them, a guard, was killed at the
    gate". Both figures are exact and from one origin; the total its lead gives wins."""
    group = [
        mention(
            "a1",
            claim("Example Wire", "fatalities", 3, "exact"),
            claim("Example Wire", "fatalities", 1, "exact"),
            fatalities=Estimate(1, 3, 3),
        )
    ]
    inc = reconcile("i1", group, sources(source("a1")))
    assert inc["fatalities"] == {"low": 1, "best": 3, "high": 3}


def test_one_source_revising_its_figure_is_not_a_contradiction() -> None:
    group = [
        mention("a1", claim("Valley Monitor", "fatalities", 12, "exact")),
        mention("a2", claim("Valley Monitor", "fatalities", 30, "exact")),
    ]
    inc = reconcile("i1", group, sources(source("a1", "2021-03-10"), source("a2", "2021-03-12")))
    assert fields(inc, "fatalities") == []
    assert inc["fatalities"] == {"low": 12, "best": 30, "high": 30}


def test_more_than_reads_as_the_next_figure() -> None:
    group = [mention("a1", claim("Valley Monitor", "fatalities", 60, "more_than"))]
    inc = reconcile("i1", group, sources(source("a1")))
    assert inc["fatalities"] == {"low": 61, "best": 61, "high": 61}


def test_estimates_are_the_fallback_without_numeric_claims() -> None:
    group = [
        mention(
            "a1", claim("Valley Monitor", "fatalities", None, "vague"), fatalities=Estimate(3, 5, 5)
        ),
        mention("a2", role="background", fatalities=Estimate(7, 7, 9)),
    ]
    inc = reconcile("i1", group, sources(source("a1"), source("a2")))
    assert inc["fatalities"] == {"low": 3, "best": 5, "high": 9}
    assert inc["injuries"] == {"low": None, "best": None, "high": None}


# --- Claims and origin groups -------------------------------------------------------------


def test_a_shared_origin_counts_once() -> None:
    said = claim("Valley Monitor", "fatalities", 30, "exact")
    group = [
        mention("a1", said),
        mention("a2", said),  # the same wire copy, republished
        mention("a3", claim("Town council", "fatalities", 25, "exact")),
        mention("a4", claim("Rescue service", "fatalities", 25, "exact")),
    ]
    src = sources(
        source("a1", "2021-03-10", origin="a1"),
        source("a2", "2021-03-11", origin="a1"),
        source("a3", "2021-03-10"),
        source("a4", "2021-03-10"),
    )
    inc = reconcile("i1", group, src)
    monitor = [c for c in inc["claims"] if c["source"] == "Valley Monitor"]
    assert len(monitor) == 1
    assert monitor[0]["article"] == "a1" and monitor[0]["also_in"] == ["a2"]
    assert inc["fatalities"]["best"] == 25  # two independent groups against one


def test_claims_of_a_duplicate_give_way_to_the_original() -> None:
    group = [
        mention("a1", claim("Valley Monitor", "fatalities", 9, "exact")),
        mention(
            "a2",
            claim("Valley Monitor", "fatalities", 9, "exact"),
            claim("Example Wire", "damage", "market"),
        ),
    ]
    src = sources(source("a1"), source("a2", "2021-03-09", dup="a1"))
    inc = reconcile("i1", group, src)
    assert [(c["article"], c["also_in"]) for c in inc["claims"]] == [("a1", ["a2"])]
    assert {r["article"] for r in inc["reports"]} == {"a1", "a2"}


def test_a_claim_repeated_in_one_article_is_kept_once() -> None:
    denial = claim("Hill Brigade", "denial", "Hill Brigade")
    inc = reconcile("i1", [mention("a1", denial, denial)], sources(source("a1")))
    assert len(inc["claims"]) == 1 and inc["claims"][0]["also_in"] == []


# --- Responsibility -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("US-led coalition", "coalition", True),
        ("US-led coalition", "Pentagon", True),
        ("US-led coalition", "US Department of Defense", True),
        ("US-led coalition", "US Central Command", True),
        ("US-led coalition", "alliance", True),
        ("US-led coalition", "Saudi-led coalition", False),
        ("Syrian government forces", "Syrian Democratic Forces", False),
        ("government forces", "Syrian government forces", True),
        ("Islamic State", "Islamic State group", True),
        ("Islamic State", "Islamic Jihad", False),
        ("Valley Observatory for Human Rights", "Observatory", True),
        ("Valley Observatory for Human Rights", "Human Rights Watch", False),
        ("US-backed forces", "US government forces", False),
        ("Russia's army", "Kremlin", True),
    ],
)
def test_same_actor(a: str, b: str, same: bool) -> None:
    assert same_actor(a, b) is same
    assert same_actor(b, a) is same


def test_an_accusation_and_the_accused_organs_denial_contradict() -> None:
    group = [
        mention(
            "a1",
            claim("Northland state media", "responsibility", "US-led coalition"),
            claim("Pentagon", "denial", "Pentagon"),
        ),
        mention(
            "a2",
            claim("alliance", "denial", "alliance"),
            claim("Israeli military spokeswoman", "no_comment"),
        ),
    ]
    inc = reconcile("i1", group, sources(source("a1"), source("a2")))
    (conflict,) = fields(inc, "responsibility")
    assert kinds_of(inc, conflict["claims"]) == {"responsibility", "denial"}
    assert len(conflict["claims"]) == 3
    assert conflict["actor"] == "US-led coalition"
    assert inc["actors"]["perpetrators"] == ["US-led coalition"]


def test_a_denial_of_someone_else_is_no_contradiction() -> None:
    group = [
        mention(
            "a1",
            claim("Valley Monitor", "responsibility", "Hill Brigade"),
            claim("River Front", "denial", "River Front"),
        ),
    ]
    inc = reconcile("i1", group, sources(source("a1")))
    assert fields(inc, "responsibility") == []
    assert inc["actors"]["perpetrators"] == ["Hill Brigade"]


def test_different_perpetrators_named_by_different_sources() -> None:
    group = [
        mention(
            "a1",
            claim("Valley Monitor", "responsibility", "Hill Brigade"),
            claim("Town council", "responsibility", "River Front"),
            claim("River Front", "responsibility", "River Front"),
        ),
    ]
    inc = reconcile("i1", group, sources(source("a1")))
    (conflict,) = fields(inc, "perpetrator")
    assert [inc["claims"][i]["source"] for i in conflict["claims"]] == [
        "Valley Monitor",
        "Town council",
    ]
    clash = [mention("a1", *group[0].claims, event_type="Armed clash")]
    assert fields(reconcile("i1", clash, sources(source("a1"))), "perpetrator") == []


# --- Date, place, type, reports -----------------------------------------------------------


def test_date_is_the_intersection_of_overlapping_intervals() -> None:
    group = [
        mention("a1", date=Interval("2021-03-09", "2021-03-10", "days")),
        mention("a2", date=Interval("2021-03-10", "2021-03-11", "days")),
        mention("a3", role="background", date=Interval("2021-03-01", "2021-03-31", "month")),
    ]
    inc = reconcile("i1", group, sources(source("a1"), source("a2"), source("a3")))
    assert inc["date"] == {"start": "2021-03-10", "end": "2021-03-10", "precision": "day"}
    assert fields(inc, "date") == []


@pytest.mark.parametrize(
    ("days", "dated", "misfits"),
    [
        # The first-published report dates the convoy by the truce's start (the 12th); two
        # later ones give the 19th.
        (("2016-09-12", "2016-09-19", "2016-09-19"), "2016-09-19", 1),
        # The 1st that two reports give stays a day: the 2nd, next to it, is a misfit, not
        # a reason for a two-day span.
        (("2016-08-01", "2016-08-01", "2016-08-02"), "2016-08-01", 1),
    ],
)
def test_the_day_more_reports_give_dates_the_incident(
    days: tuple[str, ...], dated: str, misfits: int
) -> None:
    group = [mention(f"a{i}", date=Interval(d, d, "day")) for i, d in enumerate(days)]
    inc = reconcile("i1", group, sources(*(source(m.article) for m in group)))
    assert inc["date"] == {"start": dated, "end": dated, "precision": "day"}
    assert len(fields(inc, "date")) == misfits


def test_a_date_that_fits_nowhere_is_a_contradiction() -> None:
    group = [
        mention("a1", date=Interval("2021-03-10", "2021-03-10", "day")),
        mention("a2", date=Interval("2021-03-11", "2021-03-11", "day")),  # overnight: meets
        mention("a3", role="background", date=Interval("2021-02-01", "2021-02-28", "month")),
    ]
    inc = reconcile("i1", group, sources(source("a1"), source("a2"), source("a3")))
    assert inc["date"] == {"start": "2021-03-10", "end": "2021-03-11", "precision": "days"}
    (conflict,) = fields(inc, "date")
    assert conflict["articles"] == ["a3"] and conflict["claims"] == []


def place(
    name: str,
    precision: str,
    lat: float | None = None,
    lon: float | None = None,
    admin1: str | None = "North",
    country: str = "SY",
) -> Location:
    return Location(name, country, admin1, None, lat, lon, precision)  # type: ignore[arg-type]


def test_location_is_the_most_precise_consistent_one() -> None:
    group = [
        mention("a1", location=place("North province", "admin1")),
        mention("a2", location=place("Northville", "point", 35.00, 40.00)),
        mention("a3", location=place("near Northville", "near", 35.10, 40.10)),
    ]
    inc = reconcile("i1", group, sources(source("a1"), source("a2"), source("a3")))
    assert inc["location"]["name"] == "Northville"
    assert fields(inc, "location") == []


def test_a_place_far_away_is_a_contradiction() -> None:
    group = [
        mention("a1", location=place("Northville", "point", 35.00, 40.00)),
        mention("a2", location=place("Southtown", "point", 33.00, 38.00, admin1="South")),
    ]
    inc = reconcile("i1", group, sources(source("a1"), source("a2")))
    assert inc["location"]["name"] == "Northville"
    assert fields(inc, "location")[0]["articles"] == ["a2"]


def test_event_type_is_the_main_majority_and_reports_prefer_main() -> None:
    group = [
        mention("a1", event_type="Armed clash"),
        mention("a2", event_type="Air/drone strike"),
        mention("a3", event_type="Air/drone strike"),
        mention("a1", role="background", index=1, event_type="Attack"),
        mention("a4", role="background", event_type="Attack"),
    ]
    src = sources(*(source(a) for a in ("a1", "a2", "a3", "a4")))
    inc = reconcile("i1", group, src)
    assert inc["event_type"] == "Air/drone strike"
    assert inc["reports"] == [
        {"article": "a1", "role": "main"},
        {"article": "a2", "role": "main"},
        {"article": "a3", "role": "main"},
        {"article": "a4", "role": "background"},
    ]


def test_only_denied_names_are_not_perpetrators() -> None:
    group = [
        mention(
            "a1", claim("Hill Brigade", "denial", "Hill Brigade"), perpetrators=("Hill Brigade",)
        )
    ]
    assert reconcile("i1", group, sources(source("a1")))["actors"]["perpetrators"] == []


# --- Timeline, order, chronology ----------------------------------------------------------


def test_timeline_follows_the_reporting() -> None:
    group = [
        mention("a1", claim("Valley Monitor", "fatalities", 9, "at_least")),
        mention(
            "a2",
            claim("Valley Monitor", "fatalities", 9, "at_least"),
            claim("Valley Monitor", "fatalities", 14, "exact"),
            claim("Town council", "responsibility", "Hill Brigade"),
            claim("Hill Brigade", "denial", "Hill Brigade"),
        ),
        mention("a3", role="background"),
    ]
    src = sources(
        source("a1", "2021-03-10"), source("a2", "2021-03-11"), source("a3", "2021-04-02")
    )
    timeline = reconcile("i1", group, src)["timeline"]
    assert [(t["article"], t["kind"]) for t in timeline] == [
        ("a1", "first_report"),
        ("a2", "figure"),
        ("a2", "responsibility"),
        ("a2", "denial"),
        ("a3", "mention"),
    ]
    assert timeline[1]["claims"] == [2] and timeline[1]["date"] == "2021-03-11"


def test_the_result_does_not_depend_on_the_order_of_the_group() -> None:
    group = [
        mention("a1", claim("Valley Monitor", "fatalities", 38, "exact")),
        mention(
            "a2",
            claim("Provincial officials", "fatalities", 20, "exact"),
            claim("Town council", "responsibility", "Hill Brigade"),
        ),
        mention(
            "a3",
            claim("Hill Brigade", "denial", None),
            role="background",
            date=Interval("2021-03-01", "2021-03-31", "month"),
        ),
    ]
    src = sources(source("a1"), source("a2"), source("a3", "2021-03-12"))
    results = [reconcile("i1", list(p), src) for p in itertools.permutations(group)]
    assert all(r == results[0] for r in results)


def test_chronology_is_in_date_order() -> None:
    early = reconcile(
        "early",
        [mention("a1", date=Interval("2021-01-05", "2021-01-05", "day"))],
        sources(source("a1")),
    )
    late = reconcile("late", [mention("a2")], sources(source("a2")))
    undated = reconcile("undated", [mention("a3", date=None)], sources(source("a3")))
    rows = chronology([undated, late, early])
    assert [r["incident"] for r in rows] == ["early", "late", "undated"]
    assert rows[0]["summary"] == early["summary"] and rows[0]["event_type"] == "Air/drone strike"


def test_an_empty_group_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one mention"):
        reconcile("i1", [], {})
