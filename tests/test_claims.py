"""Tests for crosswire.extract.claims (and speakers.py behind it).

Every sentence here was written for these tests; the seed test at the end reads ../shared and
skips where it is absent.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crosswire.extract.actors import alias_map
from crosswire.extract.claims import (
    Attribution,
    attributions_in,
    claim_kind,
    claim_kinds,
    quote_regions,
)

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def parse() -> Callable[[str], Any]:
    from crosswire import nlp

    return nlp.parse


def claims(parse: Callable[[str], Any], text: str) -> list[Attribution]:
    doc = parse(text)
    return attributions_in(doc, alias_map(doc))


def one(parse: Callable[[str], Any], text: str) -> Attribution:
    found = claims(parse, text)
    assert len(found) == 1, found
    return found[0]


def cut(text: str, span: tuple[int, int]) -> str:
    return text[span[0] : span[1]]


# ---------------------------------------------------------------------------------------------
# Quotations


def test_quote_regions_pair_curly_and_straight_quotes() -> None:
    text = '“One,” he said. "Two" and “three'
    regions = quote_regions(text)
    assert [text[a:b] for a, b in regions] == ["One,", "Two", "three"]


def test_quote_left_open_ends_with_the_paragraph() -> None:
    text = "“Still talking\nNext paragraph"
    assert [text[a:b] for a, b in quote_regions(text)] == ["Still talking"]


# ---------------------------------------------------------------------------------------------
# Speakers and content


def test_speaker_said_that(parse: Callable[[str], Any]) -> None:
    text = "The health ministry said that 12 people were killed in the blast."
    a = one(parse, text)
    assert (a.source, a.stance, a.accused) == ("health ministry", "assert", None)
    assert cut(text, a.content_span) == "that 12 people were killed in the blast"
    assert cut(text, a.speaker_span) == "The health ministry"
    assert a.span == (0, len(text))


def test_speaker_after_the_clause(parse: Callable[[str], Any]) -> None:
    text = "Shelling killed seven people in the market on Tuesday, a local official said."
    a = one(parse, text)
    assert a.source == "local official"
    assert cut(text, a.content_span) == "Shelling killed seven people in the market on Tuesday"


def test_quote_then_said_person_and_pronoun(parse: Callable[[str], Any]) -> None:
    text = (
        '"Nine people died in the fire," said regional governor Ana Ruiz. '
        "She said the rescue was over."
    )
    first, second = claims(parse, text)
    assert (first.source, first.person) == ("Ana Ruiz", "Ana Ruiz")
    assert cut(text, first.content_span) == "Nine people died in the fire,"
    assert (second.source, cut(text, second.speaker_span)) == ("Ana Ruiz", "She")


def test_person_speaks_for_the_organisation_an_apposition_names(
    parse: Callable[[str], Any],
) -> None:
    text = (
        '"The shells came from the hills," Colonel Omar Haddad, a Northern Command '
        "spokesman, told Reuters."
    )
    a = one(parse, text)
    assert (a.source, a.person, a.via) == ("Northern Command", "Omar Haddad", "Reuters")


def test_according_to(parse: Callable[[str], Any]) -> None:
    text = "According to the Red Crescent, 40 families fled the village."
    a = one(parse, text)
    assert a.source == "Red Crescent"
    assert cut(text, a.content_span) == "40 families fled the village"


def test_according_to_an_agreement_is_no_speaker(parse: Callable[[str], Any]) -> None:
    assert claims(parse, "According to the agreement, the fighters left the town.") == []


def test_citing_a_source_and_accusing(parse: Callable[[str], Any]) -> None:
    text = (
        "State television reported the attack, citing a police source and accusing the "
        "Saudi-led coalition of carrying it out."
    )
    report, accusation = claims(parse, text)
    assert (report.source, report.stance, report.cited) == (
        "State television",
        "assert",
        "police source",
    )
    assert (accusation.stance, accusation.accused) == ("accuse", "Saudi-led coalition")


def test_quotation_before_and_after_the_speaker(parse: Callable[[str], Any]) -> None:
    text = (
        '"We will rebuild the school. We will not leave," the mayor said. '
        '"Nobody will drive us out." The storm ended on Monday.'
    )
    found = claims(parse, text)
    assert [cut(text, a.content_span) for a in found] == [
        "We will rebuild the school.",
        "We will not leave,",
        "Nobody will drive us out.",
    ]
    assert {a.source for a in found} == {"mayor"}


def test_nouns_that_cannot_speak_are_not_speakers(parse: Callable[[str], Any]) -> None:
    assert claims(parse, "The only way out, the road said nothing, was closed.") == []


# ---------------------------------------------------------------------------------------------
# Stances


def test_no_comment_forms(parse: Callable[[str], Any]) -> None:
    text = (
        "The army did not immediately comment. The interior ministry declined to comment on "
        'the report. Asked about the raid, an Israeli army spokeswoman said: "We do not '
        'comment on foreign reports."'
    )
    found = claims(parse, text)
    assert [(a.source, a.stance) for a in found] == [
        ("army", "no_comment"),
        ("interior ministry", "no_comment"),
        ("Israeli army spokeswoman", "no_comment"),
    ]


def test_denied_responsibility_denies_the_speakers_own(parse: Callable[[str], Any]) -> None:
    a = one(parse, "The Saudi-led coalition denied responsibility.")
    assert (a.stance, a.accused) == ("denial", "Saudi-led coalition")


def test_a_negated_attack_is_a_denial_of_its_actor(parse: Callable[[str], Any]) -> None:
    a = one(
        parse,
        '"No member of the Saudi-led coalition carried out strikes near the port," a '
        "coalition spokesman said.",
    )
    assert (a.stance, a.accused) == ("denial", "Saudi-led coalition")
    b = one(
        parse,
        '"There have been no strikes by US forces in that area," the Pentagon told reporters.',
    )
    assert (b.source, b.stance, b.accused) == ("Pentagon", "denial", "US government forces")


def test_blamed_for_and_blamed_on(parse: Callable[[str], Any]) -> None:
    a = one(parse, "The rebels blamed the army for the shelling.")
    assert (a.source, a.stance, a.accused) == ("rebels", "accuse", "government forces")
    text = "Ten soldiers died in an ambush that the army and the governor blamed on the rebels."
    found = claims(parse, text)
    assert [(x.source, x.stance, x.accused) for x in found] == [
        ("army", "accuse", "rebels"),
        ("governor", "accuse", "rebels"),
    ]


def test_claimed_responsibility_accuses_the_speaker(parse: Callable[[str], Any]) -> None:
    a = one(parse, "The Northern Liberation Front claimed responsibility for the bombing.")
    assert (a.stance, a.accused) == ("accuse", "Northern Liberation Front")


def test_statement_naming_the_perpetrator_is_an_accusation(parse: Callable[[str], Any]) -> None:
    a = one(parse, "A coalition air strike killed four fighters, the monitor said.")
    assert (a.source, a.stance, a.accused) == ("monitor", "accuse", "coalition")


def test_rejecting_a_plea_is_not_a_denial(parse: Callable[[str], Any]) -> None:
    assert claims(parse, "The government rejected a plea to halt the flights.") == []


# ---------------------------------------------------------------------------------------------
# Claim kinds


def attribution(stance: str, accused: str | None = None) -> Attribution:
    return Attribution("monitor", (0, 7), stance, accused, (0, 40), (10, 30))  # type: ignore[arg-type]


def test_claim_kinds() -> None:
    assert claim_kinds(attribution("assert"), ("fatalities",)) == ("fatalities",)
    assert claim_kinds(attribution("assert")) == ("other",)
    assert claim_kinds(attribution("accuse", "rebels"), ("fatalities", "injuries")) == (
        "fatalities",
        "injuries",
        "responsibility",
    )
    assert claim_kinds(attribution("denial", "rebels"), ("fatalities",)) == ("denial",)
    assert claim_kind(attribution("accuse", "rebels"), True) == "responsibility"
    assert claim_kind(attribution("assert"), True) == "fatalities"
    assert claim_kind(attribution("no_comment"), False) == "no_comment"


# ---------------------------------------------------------------------------------------------
# Seeds (../shared): a floor on the recall of the gold claims


@pytest.mark.shared
def test_seed_claims_recall_floor(parse: Callable[[str], Any]) -> None:
    gold_path = SHARED / "gold" / "seeds.json"
    if not gold_path.is_file():
        pytest.skip("../shared is not here")
    from crosswire.ingest.clean import clean_text

    gold = json.loads(gold_path.read_text())
    found: dict[str, list[Attribution]] = {}
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        found[path.stem] = claims(parse, clean_text(path.read_text(encoding="utf-8")))
    stance = {"responsibility": "accuse", "denial": "denial", "no_comment": "no_comment"}
    wanted = hit = 0
    for incident in gold["incidents"]:
        attrs = [a for name in incident["reports"] for a in found.get(name, [])]
        for want in incident.get("responsibility_claims", []):
            if want.get("optional"):
                continue
            wanted += 1
            hit += any(
                a.stance == stance[want["kind"]]
                and any(s in a.source.lower() for s in want["source"])
                for a in attrs
            )
    assert wanted and hit / wanted >= 0.8
