"""Segmenting invented articles into main and background mentions."""

from __future__ import annotations

from datetime import date

import pytest

from crosswire import nlp
from crosswire.extract.mentions import extract_mentions, sequence_anchor
from crosswire.models import Interval, Mention

ARTICLE = (
    "Shelling killed at least nine civilians in the town of Northville overnight, a local "
    "monitoring group said on Wednesday.\n"
    "The group said shells hit a market and two houses.\n"
    "The army did not immediately comment on the shelling.\n"
    "Last month, an air strike on a nearby village killed 14 people, according to the group. "
    "The air force denied carrying out any strike in the area.\n"
    "The day after that strike, gunmen attacked a checkpoint, killing three soldiers.\n"
    "More than 20,000 people have been killed since the war began in 2014."
)


@pytest.fixture(scope="module")
def mentions() -> list[Mention]:
    doc = nlp.parse(ARTICLE)
    return extract_mentions(doc, "a1", date(2021, 3, 10), "Example Wire")


def test_main_mention_has_type_time_toll_and_claims(mentions: list[Mention]) -> None:
    main = mentions[0]
    assert main.role == "main"
    assert main.event_type == "Shelling/artillery/missile attack"
    assert main.date is not None and main.date.start <= "2021-03-10" <= main.date.end
    assert (main.fatalities.low, main.fatalities.best) == (9, 9)
    assert any(
        c.kind == "fatalities" and c.value == 9 and c.qualifier == "at_least" for c in main.claims
    )
    assert any(c.kind == "no_comment" for c in main.claims)
    for c in main.claims:
        assert ARTICLE[c.span[0] : c.span[1]] == c.quote


def test_background_mentions_are_split_off(mentions: list[Mention]) -> None:
    background = [m for m in mentions if m.role == "background"]
    strike = next(m for m in background if m.event_type == "Air/drone strike")
    assert strike.date == Interval("2021-02-01", "2021-02-28", "month")
    assert strike.fatalities.best == 14
    assert any(c.kind == "denial" for c in strike.claims)
    assert all(m.fatalities.best != 20000 for m in mentions)


def test_sequence_anchor() -> None:
    day = Interval("2021-02-10", "2021-02-10", "day")
    assert sequence_anchor("The day after the raid, ...", day) == Interval(
        "2021-02-11", "2021-02-11", "day"
    )
    assert sequence_anchor("Days later, ...", day) == Interval("2021-02-11", "2021-02-16", "days")
    assert sequence_anchor("A week before that, ...", day) == Interval(
        "2021-02-03", "2021-02-03", "day"
    )
    assert sequence_anchor("The raid came a day after ...", day) is None
    assert sequence_anchor("The day after ...", None) is None


def test_targets_are_the_people_the_tolls_count(mentions: list[Mention]) -> None:
    """Who was hit, normalised as actors: civilians in the shelling, soldiers at the
    checkpoint."""
    assert mentions[0].targets == ("civilians",)
    checkpoint = [m for m in mentions if any("checkpoint" in c.quote for c in m.claims)]
    assert checkpoint and checkpoint[0].targets == ("government forces",)


def test_people_said_only_to_be_shot_are_injured_less_the_dead() -> None:
    """A victim who died is a fatality, not also an injury: the claims say what the
    mention's tolls say."""
    one = nlp.parse(
        "A man was shot in the car park of a bowling alley on Friday night and was "
        "pronounced dead at the hospital, police said."
    )
    [m, *_] = extract_mentions(one, "x", date(2021, 5, 2), "Example Wire")
    assert [(c.kind, c.value) for c in m.claims] == [("fatalities", 1)]
    two = nlp.parse(
        "Two men were shot in the car park of a bowling alley on Friday night, police said. "
        "One of them died at the hospital."
    )
    [m, *_] = extract_mentions(two, "y", date(2021, 5, 2), "Example Wire")
    assert sorted((c.kind, c.value) for c in m.claims) == [("fatalities", 1), ("injuries", 1)]
    assert m.injuries.best == 1


def test_a_follow_up_is_dated_by_the_day_its_lead_gives_the_event() -> None:
    text = (
        "An inquiry into an air strike on a market in Northville on 3 March has found that "
        "21 civilians were killed, the air force said on Thursday.\n"
        "The inquiry blamed faulty intelligence."
    )
    found = extract_mentions(nlp.parse(text), "a2", date(2021, 6, 10), "Example Wire")
    assert found[0].role == "main"
    assert found[0].date == Interval("2021-03-03", "2021-03-03", "day")
    # an old day in a lead sentence with no event still gives way to a recent time
    text = (
        "On 3 March, officials opened an inquiry into the market's finances.\n"
        "Gunmen attacked the market this week, killing four people."
    )
    found = extract_mentions(nlp.parse(text), "a3", date(2021, 6, 10), "Example Wire")
    main = next(m for m in found if m.role == "main")
    assert main.date is not None and main.date.start >= "2021-06-01"


def test_a_later_telling_stays_with_the_incident_an_earlier_one_does_not() -> None:
    """What was said after the strike ("on Saturday", "on Sunday") is about it; what was
    said in 2014 is about something else."""
    text = (
        "Rescuers pulled 40 bodies from a collapsed house in west Mosul on 17 March. "
        "The coalition said on Saturday that it had struck the area that day. "
        "The army said on Sunday that militants had rigged the house with explosives. "
        "A suspect was arrested in August 2014 after police said he had shot six people."
    )
    found = extract_mentions(nlp.parse(text), "a1", date(2017, 3, 27), "Example Wire")
    main = found[0]
    assert main.date == Interval("2017-03-17", "2017-03-17", "day")
    assert len(main.sentences) == 3
    [earlier] = [m for m in found if m.role == "background"]
    assert earlier.date is not None and earlier.date.start == "2014-08-01"
