"""Tests for crosswire.extract.types: ACLED event types from trigger words and the parse."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from crosswire.extract.types import (
    EventType,
    _table,
    classify,
    event_triggers,
    event_type_of,
    sub_event_types,
    trigger_guard,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "dev"

ACLED = {
    "Battles": {
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    },
    "Explosions/Remote violence": {
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    },
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    },
}


@pytest.fixture(scope="session")
def nlp() -> Language:
    from crosswire import nlp as pipeline

    return pipeline.load()


def typed(nlp: Language, text: str) -> EventType | None:
    return classify(list(nlp(text).sents))


def sub(nlp: Language, text: str) -> str | None:
    found = typed(nlp, text)
    return found.sub_event_type if found else None


def trigger_text(doc: Doc, found: EventType) -> str:
    return doc.text[found.trigger[0] : found.trigger[1]]


# --- the table -------------------------------------------------------------------------


def test_table_has_acled_types_spelt_as_acled() -> None:
    table = _table()
    assert set(sub_event_types()) == set().union(*ACLED.values())
    for event_type, subs in ACLED.items():
        for name in subs:
            assert event_type_of(name) == event_type
    with pytest.raises(KeyError):
        event_type_of("Airstrike")
    triggers = {t for ts in table.by_first.values() for t in ts}
    known_conditions = {"air", "airdoc", "place", "person", "weapon", "protest"}
    for trig in triggers:
        assert trig.sub_event_type in table.event_types
        assert 0 < trig.weight <= 1
        for cond in trig.conditions:
            name, _, switch = cond.partition(":")
            assert name in known_conditions | {"armed", "civilian", "protester", "state"}
            assert not switch or switch in table.event_types


def test_every_violent_sub_event_type_has_a_trigger() -> None:
    with_triggers = {t.sub_event_type for ts in _table().by_first.values() for t in ts}
    violent = ACLED["Battles"] | ACLED["Explosions/Remote violence"]
    assert violent | ACLED["Violence against civilians"] <= with_triggers | {
        "Government regains territory"
    }


# --- explosions and remote violence ------------------------------------------------------


def test_air_strike_words(nlp: Language) -> None:
    doc = nlp("Warplanes carried out air strikes on the town, killing four people.")
    found = classify(list(doc.sents))
    assert found is not None
    assert found.sub_event_type == "Air/drone strike"
    assert found.event_type == "Explosions/Remote violence"
    assert trigger_text(doc, found) == "air strikes"
    assert sub(nlp, "A drone strike hit a car on the highway.") == "Air/drone strike"
    assert sub(nlp, "Helicopters bombed the village at dawn.") == "Air/drone strike"


def test_strike_alone_needs_aircraft(nlp: Language) -> None:
    assert sub(nlp, "Government jets struck the market on Tuesday.") == "Air/drone strike"
    assert sub(nlp, "Teachers went on strike over unpaid salaries.") == "Peaceful protest"
    assert sub(nlp, "The strike on the depot was reported by residents.") is None


def test_strike_with_aircraft_elsewhere_in_the_document(nlp: Language) -> None:
    doc = nlp("Strikes hit the town overnight. Residents said warplanes circled for hours.")
    found = classify(list(doc.sents))
    assert found is not None and found.sub_event_type == "Air/drone strike"
    assert trigger_text(doc, found) == "Strikes"
    assert found.score < 0.85


def test_missile_from_aircraft_is_an_air_strike(nlp: Language) -> None:
    assert sub(nlp, "Helicopters fired rockets at the convoy.") == "Air/drone strike"
    assert sub(nlp, "Rebels fired rockets at the airport.") == "Shelling/artillery/missile attack"


def test_shelling(nlp: Language) -> None:
    assert sub(nlp, "Army units shelled the outskirts of the city.") == (
        "Shelling/artillery/missile attack"
    )
    assert sub(nlp, "Mortar rounds landed near the school.") == "Shelling/artillery/missile attack"


def test_explosives(nlp: Language) -> None:
    assert sub(nlp, "A roadside bomb exploded near a bus.") == "Remote explosive/landmine/IED"
    assert sub(nlp, "A shepherd stepped on a landmine.") == "Remote explosive/landmine/IED"
    assert sub(nlp, "A suicide bomber blew himself up at the market.") == "Suicide bomb"
    assert sub(nlp, "Unknown men threw a grenade into a bar.") == "Grenade"
    assert sub(nlp, "Dozens were hurt in a chlorine gas attack.") == "Chemical weapon"


# --- battles and violence against civilians ------------------------------------------------


def test_clash_words(nlp: Language) -> None:
    assert sub(nlp, "Fighting broke out between the army and the rebels.") == "Armed clash"
    assert sub(nlp, "Police exchanged fire with the gang for an hour.") == "Armed clash"
    assert sub(nlp, "A shoot-out took place between two groups.") == "Armed clash"


def test_shooting_civilians_is_an_attack(nlp: Language) -> None:
    doc = nlp("Gunmen opened fire on worshippers outside a mosque.")
    found = classify(list(doc.sents))
    assert found is not None
    assert (found.sub_event_type, found.event_type) == ("Attack", "Violence against civilians")
    assert trigger_text(doc, found) == "opened fire"
    assert sub(nlp, "A farmer was shot dead in his field.") == "Attack"
    assert sub(nlp, "Militants killed two villagers and a teacher.") == "Attack"


def test_shooting_soldiers_is_a_clash(nlp: Language) -> None:
    assert sub(nlp, "Gunmen opened fire on a police checkpoint.") == "Armed clash"
    assert sub(nlp, "Militants ambushed an army convoy near the border.") == "Armed clash"
    assert sub(nlp, "Insurgents shot and killed two soldiers.") == "Armed clash"


def test_off_duty_soldier_is_a_civilian_target(nlp: Language) -> None:
    assert sub(nlp, "An off-duty soldier was shot dead at his home.") == "Attack"
    assert sub(nlp, "Gunmen killed a former police officer.") == "Attack"


def test_target_from_the_rest_of_the_sentence(nlp: Language) -> None:
    """The gunmen's target is not theirs to say: the killing of civilians in the same
    sentence decides it."""
    doc = nlp("Gunmen stormed the area, killing three civilians.")
    found = event_triggers(next(iter(doc.sents)))
    assert {t.sub_event_type for t in found} == {"Attack"}


def test_abduction(nlp: Language) -> None:
    assert sub(nlp, "Armed men kidnapped three aid workers on the road.") == (
        "Abduction/forced disappearance"
    )
    assert sub(nlp, "Bandits abducted two farmers and killed a villager.") == "Attack"


def test_sexual_violence(nlp: Language) -> None:
    assert sub(nlp, "A soldier raped a woman in the village.") == "Sexual violence"


def test_territory(nlp: Language) -> None:
    assert sub(nlp, "Government forces recaptured the town from the rebels.") == (
        "Government regains territory"
    )
    assert sub(nlp, "The militants seized the town after a day of fighting.") == (
        "Non-state actor overtakes territory"
    )
    assert sub(nlp, "Army troops seized the airport on Sunday.") == "Government regains territory"
    assert sub(nlp, "The rebels clashed with the army and took control of the hill.") == (
        "Non-state actor overtakes territory"
    )


def test_capture_of_people_is_not_territory(nlp: Language) -> None:
    found = typed(nlp, "Soldiers captured two fighters during the raid.")
    assert found is None or "territory" not in found.sub_event_type


# --- protests and riots ---------------------------------------------------------------------


def test_protests(nlp: Language) -> None:
    assert sub(nlp, "Hundreds of students protested outside parliament.") == "Peaceful protest"
    assert sub(nlp, "Police used tear gas to disperse the protesters.") == (
        "Protest with intervention"
    )
    assert sub(nlp, "Security forces shot dead four protesters in the square.") == (
        "Excessive force against protesters"
    )
    assert sub(nlp, "Rioters burned cars and looted shops.") == "Violent demonstration"
    assert sub(nlp, "A mob lynched a suspected thief.") == "Mob violence"


# --- guard, prominence, sentences ----------------------------------------------------------


def test_guard(nlp: Language) -> None:
    doc = nlp("Russia denied carrying out air strikes on the hospital.")
    found = classify(list(doc.sents))
    assert found is not None
    assert found.sub_event_type == "Air/drone strike"
    assert found.guard == "denied"
    plain = typed(nlp, "Russia carried out air strikes on the hospital.")
    assert plain is not None and plain.guard is None and plain.score > found.score
    hypo = typed(nlp, "The rebels threatened to shell the city.")
    assert hypo is not None and hypo.guard == "hypothetical"
    neg = typed(nlp, "The army did not shell the town.")
    assert neg is not None and neg.guard == "negated"


def test_trigger_guard_on_a_token(nlp: Language) -> None:
    doc = nlp("Officials said the army may bomb the bridge.")
    bomb = next(t for t in doc if t.lower_ == "bomb")
    assert trigger_guard(bomb) == "hypothetical"
    assert trigger_guard(doc[0]) is None


def test_main_verb_outweighs_a_subordinate_trigger(nlp: Language) -> None:
    assert sub(nlp, "Following heavy clashes, the rebels shelled the town.") == (
        "Shelling/artillery/missile attack"
    )


def test_lead_sentence_weighs_most(nlp: Language) -> None:
    found = typed(nlp, "Rebels shelled the town on Monday. Clashes were reported later.")
    assert found is not None and found.sub_event_type == "Shelling/artillery/missile attack"


def test_triggers_are_in_text_order_and_do_not_overlap(nlp: Language) -> None:
    doc = nlp("A suicide bomber and gunmen attacked the base, then air raids followed.")
    found = event_triggers(next(iter(doc.sents)))
    spans = [f.trigger for f in found]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    texts = [doc.text[s:e] for s, e in spans]
    assert "suicide bomber" in texts and "bomber" not in texts
    assert "air raids" in texts


def test_headline_capitals(nlp: Language) -> None:
    assert sub(nlp, "Air Strikes Kill 12 In Northern Town") == "Air/drone strike"


def test_nothing_to_type(nlp: Language) -> None:
    assert classify([]) is None
    assert typed(nlp, "The minister visited the new hospital on Monday.") is None


def test_offsets_point_into_a_longer_document(nlp: Language) -> None:
    doc = nlp("The weather was calm. Later, militants detonated an IED near the market.")
    second = list(doc.sents)[1]
    found = event_triggers(second)
    assert [doc.text[s:e] for s, e in (f.trigger for f in found)] == ["detonated", "IED"]


# --- dev data -----------------------------------------------------------------------------


def test_acled_dev_sample(nlp: Language) -> None:
    """A floor on the first 150 ACLED notes (benchmarks/eval_types.py measures all)."""
    if not (DEV / "acled" / "gold.jsonl").exists():
        pytest.skip("no ../shared/dev/acled")
    with (DEV / "acled" / "gold.jsonl").open(encoding="utf-8") as f:
        gold = {g["id"]: g for g in map(json.loads, f)}
    with (DEV / "acled" / "articles.jsonl").open(encoding="utf-8") as f:
        arts = [json.loads(line) for _, line in zip(range(150), f, strict=False)]
    hits = 0
    for art, doc in zip(arts, nlp.pipe(a["text"] for a in arts), strict=True):
        found = classify(list(doc.sents))
        hits += found is not None and found.sub_event_type == gold[art["id"]]["sub_event_type"]
    assert hits / len(arts) >= 0.75


def test_a_trigger_in_a_clause_that_modifies_a_noun_keeps_its_facts(nlp: Language) -> None:
    """The main verb's mood ("may be") says nothing of the strikes told in a clause that
    describes the residents."""
    doc = nlp("The number of residents killed when air strikes hit the market may be above 50.")
    hit = next(t for t in doc if t.lower_ == "hit")
    assert trigger_guard(hit) is None
    found = classify(list(doc.sents))
    assert found is not None and found.sub_event_type == "Air/drone strike"
