"""Tests for crosswire.ingest.front: headline, dateline and publication date at the top."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.ingest.clean import clean_text
from crosswire.ingest.front import Front, first_date, read_front

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

LEDE = "A bridge collapsed in the old town on Monday, injuring four people, officials said."
MORE = "Engineers were inspecting the remaining spans late into the evening."


# Title


@pytest.mark.parametrize(
    "headline",
    [
        "Bridge collapse injures four in old town",
        "Storm cuts power to thousands, officials say",
        "Who left the gate open at the reservoir?",
        "Police: Driver fled after crash on ring road",
    ],
)
def test_headline_first_line_is_title(headline: str) -> None:
    assert read_front(f"{headline}\n\n{LEDE}\n{MORE}").title == headline


@pytest.mark.parametrize(
    "first",
    [
        LEDE,  # a sentence ending in a period
        "Breaking news!",
        "Officials said the following:",
        "Two roads closed;",
        "The mayor, the council,",
        '"We will rebuild the bridge," the mayor said on Monday',
        "'Never again' says the survivor of the collapse",
        "Two words",
        " ".join(["word"] * 26),
        "A headline that goes on " + "and on " * 25,
        "date 2021-03-08 XYZ, RIVERTON",
        "Posted: Monday, March 8, 2021 10:15 AM",
        "March 8, 2021 10:15 AM",
        "UPDATED AT 4:10PM",
        "By Jane Doe and Joe Bloggs",
        "Rescuers at the scene on Monday (Photo: City Fire Service)",
        "Debris in the river. Photo credit: Jane Doe",
        "A worker surveys the damage near the bridge. View Full Caption",
        "The bridge fell at dawn, police said. Jane Doe/City News",
        "Follow us for updates: Facebook | Twitter",
        "RIVERTON, Ark. -",
        "RIVERTON (XYZ) – Crews worked overnight",
    ],
)
def test_first_line_that_is_not_a_headline_is_not_title(first: str) -> None:
    assert read_front(f"{first}\n\n{LEDE}\n{MORE}").title is None


def test_title_needs_a_following_line() -> None:
    assert read_front("Bridge collapse injures four in old town").title is None
    assert read_front("Bridge collapse injures four in old town\n\n").title is None


def test_title_drops_leading_close_button_glyph() -> None:
    assert read_front(f"× Bridge collapse injures four\n{LEDE}").title == (
        "Bridge collapse injures four"
    )


# Dateline form (1): PLACE[, Region] (AGENCY) -


@pytest.mark.parametrize(
    ("line", "place", "publisher"),
    [
        ("RIVERTON (AFP) – Crews worked overnight to reach the site.", "Riverton", "AFP"),
        ("RIVERTON (AFP) — Crews worked overnight.", "Riverton", "AFP"),
        ("RIVERTON (AFP) - Crews worked overnight.", "Riverton", "AFP"),
        ("RIVERTON (AFP) -- Crews worked overnight.", "Riverton", "AFP"),
        ("RIVERTON (AFP): Crews worked overnight.", "Riverton", "AFP"),
        ("Riverton (XYZ News) - Crews worked overnight.", "Riverton", "XYZ News"),
        ("NORTH FALLS, Ark. (KXYZ) – Crews worked overnight.", "North Falls, Ark.", "KXYZ"),
        ("PORT LENA, Freedonia (AP) — Crews worked overnight.", "Port Lena, Freedonia", "AP"),
        ("RIO DE LA PLATA (EFE) - Crews worked overnight.", "Rio de la Plata", "EFE"),
        ("SAN LUIS DE LA SIERRA (EFE) - Crews worked overnight.", None, None),
        ("ST. ANDREW'S, TX (KABC/AP) – Crews worked overnight.", "St. Andrew's, TX", "KABC/AP"),
        ("AL-MINA (Reuters) - Crews worked overnight.", "Al-Mina", "Reuters"),
        ("Riverton (reuters) - Crews worked overnight.", "Riverton", "Reuters"),
        ('RIVERTON (AFP) – "We heard a crack," a witness said.', "Riverton", "AFP"),
        ("RIVERTON (AFP) –\nCrews worked overnight.", "Riverton", "AFP"),
    ],
)
def test_agency_dateline(line: str, place: str | None, publisher: str | None) -> None:
    front = read_front(line)
    assert (front.place, front.publisher) == (place, publisher)


@pytest.mark.parametrize(
    "line",
    [
        "The Riverton Rights Monitor (RRM) said on Monday that four people were hurt.",
        "The Riverton Rights Monitor (RRM) – a group based abroad – counted four dead.",
        "Northern Defence Forces (NDF) - Fighters advanced on the town overnight.",
        "Riverton Defence Units (RDU): Fighters advanced on the town overnight.",
        "Officials in the town (about 40 of them) – said nothing.",
        "RIVERTON (AFP) – crews worked overnight.",
        "RIVERTON (AFP) – Crews",
        "Update (May 3, 2021) – Crews worked overnight.",
        "the town (AFP) – Crews worked overnight.",
        "A very long place name here (AFP) – Crews worked overnight.",
        "RIVERTON, 2021 (AFP) – Crews worked overnight.",
    ],
)
def test_prose_with_parentheses_is_not_a_dateline(line: str) -> None:
    front = read_front(line)
    assert (front.place, front.publisher) == (None, None)


def test_date_in_parentheses_gives_place_and_date_without_publisher() -> None:
    front = read_front("Riverton, Ark. (March 8, 2021) – Crews worked overnight.")
    assert front == Front(
        title=None, publisher=None, place="Riverton, Ark.", published="2021-03-08"
    )


# Dateline form (2): a short line "AGENCY, PLACE" or "PLACE, AGENCY"


@pytest.mark.parametrize(
    ("line", "place", "publisher", "published"),
    [
        ("AFP, Riverton :", "Riverton", "AFP", None),
        ("AFP, RIVERTON", "Riverton", "AFP", None),
        ("Riverton, AFP", "Riverton", "AFP", None),
        ("RIVERTON, SANA", "Riverton", "SANA", None),
        ("Reuters, Port Lena:", "Port Lena", "Reuters", None),
        ("Associated Press, Port Lena", "Port Lena", "AP", None),
        ("XYZ, Riverton", "Riverton", "XYZ", None),
        ("Riverton, XYZ", "Riverton", "XYZ", None),
        ("date 2021-03-08 AFP, RIVERTON", "Riverton", "AFP", "2021-03-08"),
        ("date 2021-03-08 QRS, NORTHBURY", "Northbury", "QRS", "2021-03-08"),
        ("2021-03-08 AFP, Riverton", "Riverton", "AFP", "2021-03-08"),
        ("8 March 2021 AFP, Riverton", "Riverton", "AFP", "2021-03-08"),
    ],
)
def test_short_agency_place_line(
    line: str, place: str, publisher: str, published: str | None
) -> None:
    front = read_front(f"{line}\n{LEDE}\n{MORE}")
    assert (front.place, front.publisher, front.published) == (place, publisher, published)
    assert front.title is None


@pytest.mark.parametrize(
    "line",
    [
        "Riverton, Freedonia",  # neither side is an agency
        "XYZ, QRS",  # both sides could be
        "Riverton, the old town",
        "By Jane Doe, XYZ",
        "Smoke, fire and noise, witnesses said",
        "AFP, Riverton, Freedonia, Elsewhere",
        "AFP, " + "Riverton " * 10,
    ],
)
def test_other_short_lines_are_not_datelines(line: str) -> None:
    front = read_front(f"{line}\n{LEDE}\n{MORE}")
    assert (front.place, front.publisher) == (None, None)


def test_dateline_only_in_first_three_lines() -> None:
    text = f"Bridge collapse injures four\nCity News\nPhotos\nAFP, Riverton\n{LEDE}"
    assert read_front(text).publisher is None
    text = f"Bridge collapse injures four\nCity News\nAFP, Riverton\n{LEDE}"
    assert read_front(text).publisher == "AFP"


def test_dateline_only_in_first_400_characters() -> None:
    long_lede = " ".join([LEDE] * 6)
    assert read_front(f"{long_lede}\nAFP, Riverton\n{MORE}").publisher is None


# Dateline form (3): PLACE, Month D[, YYYY] (AGENCY) -


def test_dateline_with_month_and_day() -> None:
    front = read_front("RIVERTON, March 8 (XYZ) - Crews worked overnight.")
    assert (front.place, front.publisher, front.published) == ("Riverton", "XYZ", None)


def test_dateline_with_full_date() -> None:
    front = read_front("RIVERTON, Mar. 8, 2021 (XYZ) - Crews worked overnight.")
    assert (front.place, front.publisher, front.published) == ("Riverton", "XYZ", "2021-03-08")


# Dateline form (4): ALL-CAPS PLACE -


@pytest.mark.parametrize(
    ("line", "place"),
    [
        ("RIVERTON -- Crews worked overnight to reach the site.", "Riverton"),
        ("NORTH FALLS, Ark. - Crews worked overnight.", "North Falls, Ark."),
        ("RIVERTON — Crews worked overnight.", "Riverton"),
        ("RIVERTON, Ark. -\nCrews worked overnight.", "Riverton, Ark."),
    ],
)
def test_caps_place_dateline(line: str, place: str) -> None:
    front = read_front(line)
    assert (front.place, front.publisher) == (place, None)


@pytest.mark.parametrize(
    "line",
    [
        "UPDATE – Crews worked overnight.",
        "BREAKING NEWS - Crews worked overnight.",
        "Riverton - Crews worked overnight.",
        "WKXY - Riverton",
        "RIVERTON - crews worked overnight.",
        "US-led forces said they had withdrawn.",
    ],
)
def test_caps_line_that_is_not_a_dateline(line: str) -> None:
    assert read_front(line).place is None


# Publication date


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("date 2021-03-08 Something happened.", "2021-03-08"),
        ("March 8, 2021\nSomething happened.", "2021-03-08"),
        ("8 March 2021 Something happened.", "2021-03-08"),
        ("Monday, 8 March 2021 Something happened.", "2021-03-08"),
        ("Posted: Monday, March 8, 2021 10:15 AM\nSomething happened.", "2021-03-08"),
        ("Mar. 8, 2021\nSomething happened.", "2021-03-08"),
        ("Updated: Mar 8, 2021 - 9:35 AM\nSomething happened.", "2021-03-08"),
        ("Posted: March 8th, 2021\nSomething happened.", "2021-03-08"),
        ("MARCH 8, 2021\nSomething happened.", "2021-03-08"),
        ("Sept. 30, 2020\nSomething happened.", "2020-09-30"),
        ("Published 1 Feb 2019 and updated 2021-03-08.", "2019-02-01"),
        ("Posted on Monday, March 8, 2021\nSomething happened.", "2021-03-08"),
        ("On 1 March 2021, gunmen attacked. Published 8 March 2021.", "2021-03-08"),
    ],
)
def test_published_date_near_the_top(text: str, published: str) -> None:
    assert read_front(text).published == published


@pytest.mark.parametrize(
    "text",
    [
        "date 2021-02-31 Something happened.",  # no such day
        "February 30, 2021\nSomething happened.",
        "March 8\nSomething happened.",  # no year
        "On Monday, 8 March, the town met.",
        "In March 2021 the town met.",  # no day
        "The vote was 2021-3-8 or so.",
        "They may 8 2021 be late.",  # not a month
        "Something happened.\n" + "x " * 250 + "\nMarch 8, 2021",  # too far down
        "Code 12021-03-08 is not a date.",
        "On 8 March 2021, gunmen attacked a village.",  # an event, not publication
        "Around 8 March 2021 (as reported), gunmen attacked a village.",
        "Two men were killed on Monday, March 8, 2021, police said.",
        "The road has been closed since 2021-03-08.",
    ],
)
def test_no_published_date(text: str) -> None:
    assert read_front(text).published is None


def test_first_date_finds_the_earliest() -> None:
    assert first_date("on 9 March 2021, after 2021-03-01") == (3, "2021-03-09")
    assert first_date("nothing here") is None
    assert first_date("killed on 9 March 2021") == (10, "2021-03-09")
    assert first_date("killed on 9 March 2021", stamp=True) is None


def test_dateline_date_wins_over_earlier_date() -> None:
    text = "Posted 2021-03-10\nRIVERTON, Mar. 8, 2021 (XYZ) - Crews worked overnight."
    assert read_front(text).published == "2021-03-08"


def test_empty_text() -> None:
    assert read_front("") == Front(title=None, publisher=None, place=None, published=None)


def test_front_of_a_cleaned_article() -> None:
    raw = (
        "Bridge collapse injures four in old town\r\n"
        "Share\n"
        '["news","Local"]\n'
        "Crews at the scene on Monday.\n"
        "Crews at the scene on Monday.\n"
        "date 2021-03-08 AFP, RIVERTON\n\n"
        f"{LEDE}\n"
    )
    front = read_front(clean_text(raw))
    assert front == Front(
        title="Bridge collapse injures four in old town",
        publisher="AFP",
        place="Riverton",
        published="2021-03-08",
    )


# The real seed articles


@pytest.mark.shared
def test_seed_articles_front() -> None:
    seeds = {path.name[:3]: path for path in (SHARED / "seeds").glob("*.txt")}
    if len(seeds) < 5:
        pytest.skip("../shared/seeds is absent")
    fronts = {
        key: read_front(clean_text(p.read_text(encoding="utf-8"))) for key, p in seeds.items()
    }
    assert {key for key, front in fronts.items() if front.title} == {"002", "004"}
    assert fronts["002"].title is not None and fronts["002"].title.startswith("US-led strikes")
    assert (fronts["000"].publisher, fronts["000"].place) == ("AFP", "Beirut")
    assert fronts["002"].publisher == "AFP"
    assert (fronts["003"].publisher, fronts["003"].published) == ("AFP", "2018-06-19")
    assert fronts["001"].publisher is None
