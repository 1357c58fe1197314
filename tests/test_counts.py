"""Tests for crosswire.extract.counts: killed and injured tolls with their qualifiers.

The sentences are written for these tests. The spaCy model loads once per session.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from crosswire.extract.counts import Toll, add_up, tolls_in

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

Read = Callable[[str], list[Toll]]
DEAD, HURT = "fatalities", "injuries"


@pytest.fixture(scope="session")
def read() -> Read:
    """Parse a text and return the tolls of all its sentences."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from crosswire import nlp

    def run(text: str) -> list[Toll]:
        doc = nlp.parse(text)
        tolls = [t for sent in doc.sents for t in tolls_in(sent)]
        for t in tolls:  # every toll cites its words in the doc text
            assert doc.text[t.span[0] : t.span[1]] == t.text
        return tolls

    return run


def one(tolls: list[Toll], kind: str = "fatalities") -> Toll:
    found = [t for t in tolls if t.kind == kind]
    assert len(found) == 1, found
    return found[0]


def reading(t: Toll) -> tuple[int | None, int | None, int | None, str]:
    return t.value, t.low, t.high, t.qualifier


@pytest.mark.parametrize(
    ("text", "kind", "expected", "phrase"),
    [
        (
            "Thirty-eight rebel fighters were killed on Sunday.",
            DEAD,
            (38, 38, 38, "exact"),
            "Thirty-eight",
        ),
        (
            "More than two dozen civilians were killed in the raid.",
            DEAD,
            (24, 25, None, "more_than"),
            "More than two dozen",
        ),
        (
            "Dozens of people were injured when the roof fell.",
            HURT,
            (12, 12, None, "vague"),
            "Dozens",
        ),
        (
            "Hundreds of people were killed in the siege.",
            DEAD,
            (100, 100, None, "vague"),
            "Hundreds",
        ),
        (
            "Between 20 and 30 villagers were killed.",
            DEAD,
            (20, 20, 30, "at_least"),
            "Between 20 and 30",
        ),
        ("Nearly 40 people died in the fire.", DEAD, (40, None, 40, "about"), "Nearly 40"),
        (
            "At least 12 soldiers were killed on Tuesday.",
            DEAD,
            (12, 12, None, "at_least"),
            "At least 12",
        ),
        (
            "More than 100 people were wounded.",
            HURT,
            (100, 101, None, "more_than"),
            "More than 100",
        ),
        ("Up to 15 people were hurt.", HURT, (15, None, 15, "at_most"), "Up to 15"),
        ("About 50 people were killed in the attack.", DEAD, (50, None, None, "about"), "About 50"),
        ("Some 30 rebels were killed.", DEAD, (30, None, None, "about"), "Some 30"),
        ("One person was killed.", DEAD, (1, 1, 1, "exact"), "One"),
        ("A man was killed near the mosque.", DEAD, (1, 1, 1, "exact"), "A man"),
        ("Two people were shot dead near the market.", DEAD, (2, 2, 2, "exact"), "Two"),
        ("Gunmen opened fire on a bus, killing three.", DEAD, (3, 3, 3, "exact"), "three"),
        ("The explosion left 5 dead.", DEAD, (5, 5, 5, "exact"), "5"),
        ("The death toll rose to 53 on Monday.", DEAD, (53, 53, 53, "exact"), "53"),
        ("The strike injured dozens.", HURT, (12, 12, None, "vague"), "dozens"),
        ("The attack claimed the lives of 14 people.", DEAD, (14, 14, 14, "exact"), "14"),
        ("Police said no one was injured.", HURT, (0, 0, 0, "exact"), "no one"),
        ("The driver was not injured.", HURT, (0, 0, 0, "exact"), "The driver"),
        (
            "Tens of thousands of people have died.",
            DEAD,
            (10000, 10000, None, "vague"),
            "Tens of thousands",
        ),
    ],
)
def test_reading(
    read: Read, text: str, kind: str, expected: tuple[object, ...], phrase: str
) -> None:
    t = one(read(text), kind)
    assert reading(t) == expected
    assert t.text == phrase


def test_victims_are_the_counted_noun_phrase(read: Read) -> None:
    tolls = read("Thirty-eight pro-regime fighters were killed and a dozen wounded.")
    assert one(tolls).victims == "pro-regime fighters"
    assert reading(one(tolls, "injuries")) == (12, None, None, "about")
    assert one(read("Dozens of people were hurt."), "injuries").victims == "people"


def test_killed_and_wounded_each_get_their_number(read: Read) -> None:
    tolls = read("Four soldiers were killed and seven wounded.")
    assert (one(tolls).value, one(tolls, "injuries").value) == (4, 7)
    tolls = read("The blast killed two and wounded 20.")
    assert (one(tolls).value, one(tolls, "injuries").value) == (2, 20)


def test_one_group_killed_and_wounded_has_no_value(read: Read) -> None:
    tolls = read("Several people were killed and wounded.")
    assert reading(one(tolls)) == (None, None, None, "vague")
    assert reading(one(tolls, "injuries")) == (None, None, None, "vague")


def test_vague_word_without_reading(read: Read) -> None:
    assert reading(one(read("Several people were killed."))) == (None, 3, None, "vague")
    assert reading(one(read("Civilians were killed."))) == (None, None, None, "vague")


def test_a_number_is_vague_with_an_adjective_or_the_article(read: Read) -> None:
    """ "a large number" reads as "a number", and "the number of people killed" counts
    nobody: neither is one person."""
    assert reading(one(read("A large number of civilians were killed."))) == (
        None,
        None,
        None,
        "vague",
    )
    assert reading(one(read("It gave no figure for the number of people killed."))) == (
        None,
        None,
        None,
        "vague",
    )


def test_ages_are_not_counts(read: Read) -> None:
    t = one(read("A 19-year-old was shot and killed on Saturday."))
    assert t.value == 1
    assert "19" not in [x.text for x in read("Police say John Smith, 45, was killed.")]
    assert one(read("Police say John Smith, 45, was killed.")).value == 1


def test_shot_one_fatally(read: Read) -> None:
    """ACLED and the Gun Violence Archive count the dead apart from the injured."""
    tolls = read("Three men were shot, one fatally.")
    assert one(tolls).value == 1
    hurt = one(tolls, "injuries")
    assert (hurt.value, hurt.victims, hurt.hit_only) == (2, "men", True)


def test_shot_is_injured_and_hit_only(read: Read) -> None:
    t = one(read("A man was shot in the leg."), "injuries")
    assert (t.value, t.hit_only, t.trigger) == (1, True, "shoot")
    assert not one(read("Two people were wounded."), "injuries").hit_only
    assert one(read("The shooting sent four people to the hospital."), "injuries").value == 4


@pytest.mark.parametrize(
    "text",
    [
        "Rebels fired 40 shells at the town and destroyed three vehicles.",
        "The convoy stopped 5 kilometres from the border.",
        "The militia killed 20 percent of the herd.",
        "Militants paid $1,000 to the families of the dead.",
        "The 2014 report was published on Monday.",
        "Nearly 40 people were killed, including 12 children.",
    ],
)
def test_not_tolls(read: Read, text: str) -> None:
    values = [t.value for t in read(text)]
    assert values in ([], [40])


def test_aggregate_frames(read: Read) -> None:
    assert one(read("About 350,000 people have been killed since 2011.")).aggregate
    assert one(read("The war has killed more than 350,000 people.")).aggregate
    assert one(read("Over the past five years, 300 people were killed.")).aggregate
    assert not one(read("At least 12 soldiers were killed on Tuesday.")).aggregate
    assert not one(read("A body was found a day after the raid.")).aggregate


def test_casualties_bound_both_kinds(read: Read) -> None:
    tolls = read("Twenty casualties were reported.")
    assert reading(one(tolls)) == (None, None, 20, "vague")
    assert reading(one(tolls, "injuries")) == (None, None, 20, "vague")
    assert [t.value for t in read("There were no casualties.")] == [0, 0]


def test_add_up_joined_victims(read: Read) -> None:
    text = "Thirteen soldiers and two militants were killed."
    tolls = read(text)
    assert sorted(t.value or 0 for t in tolls) == [2, 13]
    (total,) = add_up(tolls, text)
    assert (total.value, total.qualifier, total.text) == (15, "exact", "Thirteen soldiers and two")
    assert total.victims == "soldiers and militants"


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("In addition to the gunman, four guards were killed in the raid.", 5),
        ("Aside from the two attackers, three villagers died.", 5),
        # a plural with no number adds nothing; an injury toll is not added to
        ("Other than the attackers, six people were killed.", 6),
        ("Besides the driver, nine passengers were killed.", 10),
    ],
)
def test_people_dead_besides_the_counted_ones_add_up(read: Read, text: str, total: int) -> None:
    (dead,) = [t for t in add_up(read(text), text) if t.kind == "fatalities"]
    assert dead.value == total


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("A teenager who was critically wounded in a shooting on Friday died on Sunday.", 1),
        ("Two men who were shot on Friday died on Saturday.", 2),
    ],
)
def test_the_wounded_who_died_are_dead_not_injured(read: Read, text: str, dead: int) -> None:
    tolls = read(text)
    assert [(t.kind, t.value) for t in tolls] == [("fatalities", dead)]


def test_besides_an_injury_toll_adds_no_death(read: Read) -> None:
    tolls = read("In addition to the driver, nine passengers were wounded.")
    assert [t.kind for t in tolls] == ["injuries"]
    assert tolls[0].value == 9


def test_no_trigger_no_toll(read: Read) -> None:
    assert read("Twelve people attended the funeral of the two men.") == []


@pytest.mark.shared
@pytest.mark.slow
def test_acled_notes_floor() -> None:
    """On the first 300 ACLED dev notes, the largest figure (else 0) matches ACLED's coded
    fatalities often enough; benchmarks/eval_counts.py measures the whole set."""
    folder = SHARED / "dev" / "acled"
    if not folder.exists():
        pytest.skip("../shared/dev is not here")
    from crosswire import nlp

    articles = [json.loads(line) for line in (folder / "articles.jsonl").open()][:300]
    gold = {g["id"]: g["fatalities"] for g in map(json.loads, (folder / "gold.jsonl").open())}
    hits = 0
    for art, doc in zip(articles, nlp.parse_many(a["text"] for a in articles), strict=True):
        figures = [
            t.value if t.value is not None else t.low
            for sent in doc.sents
            for t in add_up(tolls_in(sent), doc.text)
            if t.kind == "fatalities" and not t.aggregate
        ]
        hits += max([f for f in figures if f is not None], default=0) == gold[art["id"]]
    assert hits / len(articles) >= 0.88


def test_a_killers_own_death_adds_to_the_dead(read: Read) -> None:
    tolls = read("Police said the man killed his wife and then killed himself.")
    [total] = add_up(tolls, "Police said the man killed his wife and then killed himself.")
    assert (total.kind, total.value) == (DEAD, 2)
    text = "A man committed suicide after killing two people, police said."
    assert [(t.kind, t.value) for t in add_up(read(text), text)] == [(DEAD, 3)]


def test_a_death_by_ones_own_hand_alone_is_one(read: Read) -> None:
    text = "The man killed himself at his home on Sunday."
    assert [(t.kind, t.value) for t in add_up(read(text), text)] == [(DEAD, 1)]
