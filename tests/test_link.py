"""Linking mentions into incidents: evidence, no chaining, order independence."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.link import Node, candidate_pairs, group_id, link, node, pair_score
from crosswire.models import Claim, Estimate, Interval, Location, Mention

TOWN = Location("Northville", "XX", None, None, 10.0, 20.0, "point")
FAR = Location("Southport", "XX", None, None, 12.0, 22.0, "point")


def mention(
    article: str,
    day: str,
    *,
    index: int = 0,
    dead: int | None = 7,
    place: Location | None = TOWN,
    kind: str = "Air/drone strike",
    precision: str = "day",
    end: str | None = None,
) -> Mention:
    return Mention(
        article=article,
        index=index,
        role="main",
        event_type=kind,
        date=Interval(day, end or day, precision),  # type: ignore[arg-type]
        location=place,
        fatalities=Estimate(dead, dead, dead),
    )


def nodes(*mentions: Mention) -> list[Node]:
    return [node(m, "", None) for m in mentions]


def groups(found: list[list[Node]]) -> list[list[str]]:
    return [[n.mention.article for n in g] for g in found]


def test_reports_of_one_strike_link_and_a_later_strike_stays_apart() -> None:
    found = link(
        nodes(
            mention("a", "2021-03-02"),
            mention("b", "2021-03-02", dead=8),
            mention("c", "2021-03-01", end="2021-03-02", precision="days"),
            mention("d", "2021-04-02"),
        )
    )
    assert groups(found) == [["a", "b", "c"], ["d"]]


def test_background_month_mention_links_to_the_dated_report() -> None:
    recalled = mention("z", "2021-03-01", end="2021-03-31", precision="month", place=None)
    found = link(
        nodes(mention("a", "2021-03-02"), recalled, mention("b", "2021-03-20", dead=40, place=FAR))
    )
    assert ["a", "z"] in groups(found)


def test_mentions_of_one_article_never_link() -> None:
    a, b = nodes(mention("a", "2021-03-02"), mention("a", "2021-03-02", index=1))
    assert pair_score(a, b) < 0
    assert len(link([a, b])) == 2


def test_no_chaining_through_a_middle_mention() -> None:
    """x resembles y and y resembles z, but x and z are far apart: not one incident."""
    x = mention("x", "2021-03-02", place=TOWN)
    y = mention("y", "2021-03-02", place=None)
    z = mention("z", "2021-03-02", place=FAR)
    found = groups(link(nodes(x, y, z)))
    assert ["x", "z"] not in found and ["x", "y", "z"] not in found


def test_blocking_keeps_far_dates_apart() -> None:
    ns = nodes(mention("a", "2021-03-02"), mention("b", "2022-03-02"))
    assert candidate_pairs(ns) == set()


days = st.sampled_from(["2021-03-01", "2021-03-02", "2021-03-03", "2021-03-20"])
places = st.sampled_from([TOWN, FAR, None])
tolls = st.sampled_from([None, 7, 8, 40])
specs = st.lists(st.tuples(days, places, tolls), min_size=1, max_size=9)


@settings(max_examples=60, deadline=None)
@given(specs=specs, seed=st.randoms(use_true_random=False))
def test_linking_does_not_depend_on_order(specs: list, seed) -> None:  # type: ignore[no-untyped-def]
    ms = [mention(f"art{i}", d, place=p, dead=t) for i, (d, p, t) in enumerate(specs)]
    shuffled = list(ms)
    seed.shuffle(shuffled)
    first = {group_id(g): sorted(n.key for n in g) for g in link(nodes(*ms))}
    second = {group_id(g): sorted(n.key for n in g) for g in link(nodes(*shuffled))}
    assert first == second


def test_each_component_holds_the_scores_of_its_own_pairs() -> None:
    from crosswire.link import NEVER, components

    found = components(
        nodes(
            mention("a", "2021-03-09"),
            mention("b", "2021-03-09"),
            mention("c", "2021-03-09", end="2021-03-10", precision="days", dead=8),
            mention("d", "2021-03-09", place=FAR, kind="Armed clash", dead=40),
            mention("e", "2021-03-09", place=FAR, kind="Armed clash", dead=41),
            mention("f", "2021-06-01"),
        )
    )
    assert [[n.key[0] for n in c.nodes] for c in found] == [["a", "b", "c"], ["d", "e"], ["f"]]
    for c in found:
        expected = {
            (i, j): s
            for i in range(len(c.nodes))
            for j in range(i + 1, len(c.nodes))
            if (s := pair_score(c.nodes[i], c.nodes[j])) > NEVER
        }
        assert dict(c.scores) == expected


ABROAD = Location("Eastgate", "YY", None, None, 10.1, 20.1, "point")
reach_specs = st.lists(
    st.tuples(
        st.sampled_from(["2021-03-01", "2021-03-02", "2021-03-09", "2021-03-20", None]),
        st.sampled_from([TOWN, FAR, ABROAD, None]),
        tolls,
    ),
    min_size=2,
    max_size=12,
)


@settings(max_examples=80, deadline=None)
@given(specs=reach_specs, data=st.data())
def test_reachable_finds_the_components_of_its_starts(specs: list, data) -> None:  # type: ignore[no-untyped-def]
    """What the search reaches from some nodes is the union of the components holding them,
    up to the first undated node, after which callers rebuild (an undated node reached
    somewhere is enough to know that)."""
    from dataclasses import replace

    from crosswire.link import components, reachable

    ms = [
        replace(mention(f"art{i}", d or "2021-03-01", place=p, dead=t), date=None)
        if d is None
        else mention(f"art{i}", d, place=p, dead=t)
        for i, (d, p, t) in enumerate(specs)
    ]
    all_nodes = nodes(*ms)
    starts = data.draw(st.lists(st.sampled_from(all_nodes), min_size=1, unique_by=lambda n: n.key))
    starts = [n for n in starts if n.mention.date is not None] or [all_nodes[0]]
    found = {n.key for n in reachable(starts, all_nodes)}
    keys = {n.key for n in starts}
    expected = {
        n.key for c in components(all_nodes) if keys & {m.key for m in c.nodes} for n in c.nodes
    }
    if any(n.mention.date is None for n in all_nodes if n.key in found):
        assert found <= expected
    else:
        assert found == expected


window_specs = st.lists(
    st.tuples(
        st.sampled_from(
            ["2021-03-01", "2021-03-02", "2021-03-09", "2021-03-20", "2021-05-03", None]
        ),
        st.sampled_from([0, 0, 1, 12, 70]),  # days the interval lasts: up to past a week
        st.sampled_from(
            [TOWN, FAR, ABROAD, None, Location("Anywhere", None, None, None, None, None, "country")]
        ),
        tolls,
    ),
    min_size=1,
    max_size=14,
)


@settings(max_examples=120, deadline=None)
@given(specs=window_specs)
def test_the_windowed_pass_finds_the_components_of_all_at_once(specs: list) -> None:  # type: ignore[no-untyped-def]
    """Dated nodes in order of start, undated ones held: the same components, with the
    same scores, as `components` over everything (intervals over several weeks, places
    without a country, which meet every country, and undated mentions, which meet their
    whole country)."""
    from dataclasses import replace
    from datetime import date, timedelta

    from crosswire.link import components, windowed_components

    ms = []
    for i, (day, days, place, toll) in enumerate(specs):
        if day is None:
            ms.append(replace(mention(f"art{i}", "2021-03-01", place=place, dead=toll), date=None))
            continue
        end = (date.fromisoformat(day) + timedelta(days=days)).isoformat()
        ms.append(mention(f"art{i}", day, end=end, precision="days", place=place, dead=toll))
    all_nodes = nodes(*ms)
    dated = sorted((n for n in all_nodes if n.mention.date), key=lambda n: n.mention.date.start)  # type: ignore[union-attr]
    undated = [n for n in all_nodes if n.mention.date is None]

    def shape(found: list) -> set:  # type: ignore[type-arg]
        return {(tuple(n.key for n in c.nodes), tuple(sorted(c.scores.items()))) for c in found}

    assert shape(list(windowed_components(dated, undated))) == shape(components(all_nodes))


def test_the_windowed_pass_gives_a_component_once_the_pass_has_left_its_weeks() -> None:
    """A component is given before the nodes of later weeks are read (they are read as the
    pass goes, so the window, not the record, is held), and an out-of-order node is an
    error, not a wrong answer."""
    import pytest

    from crosswire.link import windowed_components

    read: list[str] = []

    def stream():  # type: ignore[no-untyped-def]
        for day in ("2021-03-01", "2021-03-10", "2021-04-05", "2021-05-10"):
            read.append(day)
            yield from nodes(mention(f"a{day}", day), mention(f"b{day}", day))

    found = windowed_components(stream(), [])
    first = next(found)  # the two reports of 1 March (10 March is beyond REACH_DAYS)
    assert {n.key[0] for n in first.nodes} == {"a2021-03-01", "b2021-03-01"}
    assert read == ["2021-03-01", "2021-03-10", "2021-04-05"]  # not May's yet
    assert len(list(found)) == 3
    backwards = nodes(mention("a", "2021-03-09"), mention("b", "2021-03-01"))
    with pytest.raises(ValueError, match="order of start"):
        list(windowed_components(backwards, []))


def test_a_rare_shared_word_counts_and_an_everyday_one_does_not() -> None:
    from crosswire.link import rarity

    assert rarity("police") == 0.0
    assert rarity("zarqawiyeh") == 1.0  # a made-up name: English never uses it
    assert 0.0 < rarity("melanie") < 1.0


def test_strikes_sharing_a_town_and_a_day_stay_apart_unless_a_rare_detail_joins_them() -> None:
    """Ten strikes on one town on one day, one report each, and a second report of one of
    them that shares its victim's family name: agreeing on the town, the day and the type
    is weak evidence when ten reports share them, so the ten stay apart, and the family
    name links the second report to its strike."""
    strikes = [
        replace(mention(f"s{i}", "2023-10-12", dead=3 + 5 * i), keywords=(f"family{i}",))
        for i in range(10)
    ]
    follow = replace(mention("t", "2023-10-12", dead=8), keywords=("qarawishi",))
    named = replace(strikes[1], keywords=("qarawishi",))
    reports = [*strikes[:1], named, *strikes[2:], follow]
    found = groups(link([node(m, None, None) for m in reports]))
    assert sorted(found, key=len)[-1] == ["s1", "t"]
    assert len(found) == 10


def test_a_large_toll_in_common_says_more_than_a_small_one() -> None:
    from crosswire.link import NO_COMMONNESS, _toll_score

    def score(x: int, y: int) -> float:
        return _toll_score(mention("a", "2021-03-02", dead=x), mention("b", "2021-03-02", dead=y),
                           NO_COMMONNESS)  # fmt: skip

    assert score(1, 1) < score(4, 4) < score(38, 40) == 1.0
    assert score(1, 3) == 0.0  # not the same figure, not far apart either


def test_a_follow_up_joins_the_incident_its_own_background_mention_joined() -> None:
    shooting = mention("a", "2021-03-02")
    recalled = replace(mention("f", "2021-03-02", index=1), role="background")
    death = mention("f", "2021-03-03")  # the article's news, dated by its own day
    found = groups(link(nodes(shooting, recalled, death)))
    assert found == [["a", "f", "f"]]
    # a main mention with evidence against the incident (another town) stays apart
    elsewhere = mention("g", "2021-03-03", place=FAR)
    recalled_g = replace(mention("g", "2021-03-02", index=1), role="background")
    found = groups(link(nodes(shooting, recalled_g, elsewhere)))
    assert sorted(found) == [["a", "g"], ["g"]]


def test_two_far_places_of_one_name_do_not_contradict() -> None:
    here = Location("Madison", "XX", "North", None, 10.0, 20.0, "point")
    there = Location("Madison", "XX", "South", None, 14.0, 24.0, "point")
    elsewhere = Location("Jackson", "XX", "South", None, 14.0, 24.0, "point")
    a, b, c = nodes(
        mention("a", "2021-03-02", place=here),
        mention("b", "2021-03-02", place=there),
        mention("c", "2021-03-02", place=elsewhere),
    )
    assert pair_score(a, b) > pair_score(a, c) + 2.5


def _blamed(m: Mention, actor: str, source: str) -> Mention:
    claim = Claim(source, "responsibility", actor, None, m.article, "", (0, 0))
    return replace(m, perpetrators=(actor,), claims=(claim,))


def test_an_admission_against_an_accusation_is_a_dispute_not_two_incidents() -> None:
    """Different perpetrators count against one incident when each is the actor's own word
    (two groups each claiming an attack) or each is others' word; the coalition saying it
    struck against the army blaming militants is the dispute over one strike."""
    a, b = mention("a", "2021-03-02"), mention("b", "2021-03-02")
    [x, y] = nodes(a, b)
    plain = pair_score(x, y)
    admitted = _blamed(a, "US-led coalition", "US-led coalition")
    accused = _blamed(b, "militants", "Iraqi army")
    [x, y] = nodes(admitted, accused)
    assert pair_score(x, y) == pytest.approx(plain)
    claimed = _blamed(b, "Al Shabaab", "Al Shabaab")
    [x, y] = nodes(admitted, claimed)
    assert pair_score(x, y) == pytest.approx(plain - 1.0)
    [x, y] = nodes(_blamed(a, "ELN", "police"), accused)
    assert pair_score(x, y) == pytest.approx(plain - 1.0)


def test_a_report_that_names_the_other_reports_place_does_not_contradict_it() -> None:
    """One report was placed at Southport (the suspect's home town, say) and names
    Northville too; the other was placed at Northville: their places do not count against
    one incident. A report that does not name Northville still contradicts it."""
    here = mention("a", "2021-03-02", place=TOWN)
    there = mention("b", "2021-03-02", place=FAR)
    [x, y] = nodes(here, there)
    apart = pair_score(x, y)
    named = replace(y, words=frozenset({"northville"}))
    assert pair_score(x, named) == pytest.approx(apart + 3.0)
    assert pair_score(named, x) == pair_score(x, named)
