"""Which places can be an incident's scene (invented sentences, real place names)."""

from __future__ import annotations

from crosswire import nlp
from crosswire.extract.places import places_in
from crosswire.extract.scenes import scene_places


def scenes(text: str) -> list[str]:
    doc = nlp.parse(text)
    return [p.text for p in scene_places(doc, places_in(doc))]


def test_dateline_and_parties_are_not_scenes() -> None:
    text = (
        "BEIRUT (LWS) – Shelling hit a market in Idlib on Tuesday, killing four people.\n"
        "The attack came amid tensions between Washington and Moscow over the war."
    )
    assert scenes(text) == ["Idlib"]


def test_a_place_used_as_an_adjective_is_never_a_scene() -> None:
    text = "Russian forces fired Grad missiles at positions near Kharkiv on Sunday."
    found = scenes(text)
    assert "Kharkiv" in found and "Grad" not in found


def test_parties_come_back_when_nothing_else_is_named() -> None:
    assert scenes("Damascus blamed the rebels for the attack.") == ["Damascus"]
