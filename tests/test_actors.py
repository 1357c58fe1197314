"""Tests for crosswire.extract.actors (and the phrase rules and tables behind it).

Every sentence here was written for these tests.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

from crosswire.extract.actors import CATEGORIES, Actor, AliasMap, actor_of, actors_in, alias_map
from crosswire.extract.lexicon import adjective, known_org, nation

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

Parse = Callable[[str], "object"]


@pytest.fixture(scope="session")
def parse() -> Callable[[str], object]:
    from crosswire import nlp

    return nlp.parse


def actors(parse: Callable[[str], object], text: str) -> list[Actor]:
    doc = parse(text)
    aliases = alias_map(doc)  # type: ignore[arg-type]
    return [a for sent in doc.sents for a in actors_in(sent, aliases)]  # type: ignore[attr-defined]


def named(parse: Callable[[str], object], text: str) -> list[tuple[str, str]]:
    return [(a.name, a.category) for a in actors(parse, text)]


def phrase(parse: Callable[[str], object], text: str, aliases: AliasMap | None = None) -> Actor:
    doc = parse(text)
    actor = actor_of(doc[:], aliases)  # type: ignore[index]
    assert actor is not None, text
    return actor


# ---------------------------------------------------------------------------------------------
# Tables


def test_nation_reads_adjectives_names_capitals_and_lost_apostrophes() -> None:
    assert nation("Syrian") == nation("Syria") == nation("Damascus") == "SY"
    assert nation("U.S.") == nation("American") == "US"
    assert nation("Syrias") == "SY"  # "Syria's" with the apostrophe lost


def test_nation_matches_capitalised_abbreviations_only_as_written() -> None:
    assert nation("US") == "US"
    assert nation("us") is None
    assert nation("CAR") == "CF"
    assert nation("car") is None


def test_adjective_is_the_spelling_returned() -> None:
    assert adjective("SY") == "Syrian"
    assert adjective("US") == "US"


def test_known_organisations_and_their_other_names() -> None:
    assert known_org("Daesh") == ("Islamic State", "Rebel groups")
    assert known_org("ISIL") == known_org("ISIS") == known_org("islamic state group")
    assert known_org("IS") == ("Islamic State", "Rebel groups")
    assert known_org("is") is None  # acronyms match with their case


# ---------------------------------------------------------------------------------------------
# One phrase


@pytest.mark.parametrize(
    ("text", "name", "category"),
    [
        ("American coalition warplanes", "US-led coalition", "External/Other forces"),
        ("the US-led coalition", "US-led coalition", "External/Other forces"),
        ("Saudi-led strikes", "Saudi-led coalition", "External/Other forces"),
        ("Syrian army positions", "Syrian government forces", "State forces"),
        ("Russian-backed Syrian troops", "Syrian government forces", "State forces"),
        ("Russian warplanes", "Russian government forces", "State forces"),
        ("pro-regime fighters", "pro-government militias", "Political militias"),
        ("regime loyalist militias", "pro-government militias", "Political militias"),
        ("ISIS fighters", "Islamic State", "Rebel groups"),
        ("the Islamic State group", "Islamic State", "Rebel groups"),
        ("Malian soldiers", "Malian government forces", "State forces"),
        ("Kenyan police officers", "Kenyan police forces", "State forces"),
        ("opposition rebels", "rebels", "Rebel groups"),
        ("gunmen", "unidentified armed group", "Political militias"),
        ("armed youths", "unidentified armed group", "Political militias"),
        ("an ethnic militia", "communal militias", "Identity militias"),
        ("hundreds of protesters", "protesters", "Protesters"),
        ("the rioters", "rioters", "Rioters"),
        ("three civilians", "civilians", "Civilians"),
        ("the peacekeepers", "peacekeepers", "External/Other forces"),
        ("UN peacekeepers", "UN", "External/Other forces"),
    ],
)
def test_actor_of_normalises_one_phrase(
    parse: Callable[[str], object], text: str, name: str, category: str
) -> None:
    actor = phrase(parse, text)
    assert (actor.name, actor.category) == (name, category)
    assert actor.category in CATEGORIES
    assert actor.text == text
    assert actor.span == (0, len(text))


def test_transparent_head_follows_of_phrase(parse: Callable[[str], object]) -> None:
    doc = parse("members of a pro-government militia")
    actor = actor_of(doc[0:1])  # type: ignore[index]
    assert actor is not None
    assert actor.name == "pro-government militias"


@pytest.mark.parametrize(
    "text",
    ["the Syrian Observatory for Human Rights", "the town", "unidentified planes", "the strike"],
)
def test_actor_of_is_none_for_what_names_no_actor(
    parse: Callable[[str], object], text: str
) -> None:
    doc = parse(text)
    assert actor_of(doc[:]) is None  # type: ignore[index]


# ---------------------------------------------------------------------------------------------
# An article


NLF = (
    "Fighters of the Northern Liberation Front (NLF) attacked a police post near the border. "
    "Later, NLF gunmen ambushed Malian troops."
)


def test_acronym_defined_in_parentheses_becomes_an_alias(parse: Callable[[str], object]) -> None:
    found = named(parse, NLF)
    assert found.count(("Northern Liberation Front", "Rebel groups")) >= 2
    assert ("Malian government forces", "State forces") in found


def test_alias_map_learns_acronyms_short_names_and_speakers(
    parse: Callable[[str], object],
) -> None:
    doc = parse(
        "Jana Holt, a spokeswoman for the Northern Liberation Front, said the group had "
        "withdrawn. The Front later said it would return. Holt added nothing."
    )
    aliases = alias_map(doc)  # type: ignore[arg-type]
    assert aliases.person("Jana Holt") == "Northern Liberation Front"
    assert aliases.person("Holt") == "Northern Liberation Front"
    assert aliases.org("the Front".removeprefix("the ")) == "Northern Liberation Front"


def test_bare_coalition_takes_the_first_qualified_mention(parse: Callable[[str], object]) -> None:
    found = named(
        parse,
        "American coalition warplanes hit the depot. Later coalition aircraft returned, and "
        "the coalition said it had struck twice.",
    )
    assert [n for n, _ in found] == ["US-led coalition"] * 3


def test_unqualified_state_forces_take_the_country_named_most(
    parse: Callable[[str], object],
) -> None:
    found = named(
        parse,
        "Fighting in northern Mali continued. Malian officials said the army had retaken a "
        "town that Mali's government lost in May.",
    )
    assert ("Malian government forces", "State forces") in found
    assert ("government forces", "State forces") not in found
