"""Which places can be an incident's scene (invented sentences, real place names)."""

from __future__ import annotations

from crosswire import nlp
from crosswire.extract.places import places_in
from crosswire.extract.scenes import scene_places


def scenes(text: str) -> list[str]:
    doc = nlp.parse(text)
    return [p.text for p in scene_places(doc, places_in(doc)) if not p.dateline]


def test_dateline_and_parties_are_not_scenes() -> None:
    text = (
        "BEIRUT (LWS) – Shelling hit a market in Idlib on Tuesday, killing four people.\n"
        "The attack came amid tensions between Washington and Moscow over the war."
    )
    assert scenes(text) == ["Idlib"]


def test_the_dateline_town_stays_marked_for_place_of() -> None:
    doc = nlp.parse("BEIRUT (LWS) – Shelling hit a market in Idlib on Tuesday, killing four.")
    found = scene_places(doc, places_in(doc))
    assert [(p.text, p.dateline) for p in found] == [("BEIRUT", True), ("Idlib", False)]


def test_a_town_that_an_event_verb_acts_on_is_a_scene() -> None:
    assert "Idlib" in scenes("Rebels shelled Idlib, officials in Damascus said.")
    assert "Kharkiv" in scenes("On Friday, Kharkiv was shelled again, officials in Kyiv said.")


def test_a_country_that_names_the_forces_is_a_party() -> None:
    found = scenes("Ethiopia forces were ambushed near Belet Weyne in Hiraan.")
    assert "Ethiopia" not in found and "Hiraan" in found


def test_a_place_noun_after_a_preposition_counts_for_its_country() -> None:
    text = "A blast hit a car in Erbil city. The victim belonged to a party of Iran."
    assert scenes(text)[:1] == ["Erbil"]


def test_a_place_used_as_an_adjective_is_never_a_scene() -> None:
    text = "Russian forces fired Grad missiles at positions near Kharkiv on Sunday."
    found = scenes(text)
    assert "Kharkiv" in found and "Grad" not in found


def test_parties_come_back_when_nothing_else_is_named() -> None:
    assert scenes("Damascus blamed the rebels for the attack.") == ["Damascus"]


def test_the_ends_of_a_route_are_not_the_scene() -> None:
    text = "A bus overturned on the Cuernavaca-Taxco road, close to Puente de Ixtla."
    found = scenes(text)
    assert "Puente de Ixtla" in found and "Cuernavaca" not in found


def test_close_to_a_place_is_not_a_party() -> None:
    text = "Soldiers set up a checkpoint close to Zinapecuaro, officials in Morelia said."
    assert "Zinapecuaro" in scenes(text)
