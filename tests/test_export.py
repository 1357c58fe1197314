"""Every export format, written from a real store and read back with the tools users load it
with: pandas for the CSVs, shapely for GeoJSON, json for the rest.

The store is the bundled examples (invented reports) run through the whole pipeline, plus one
invented report whose metadata looks like spreadsheet formulas; hand-built incidents cover the
precision codes and the cases the examples lack (no place, no date).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner, Result
from shapely.geometry import Point, shape

from crosswire.cli import cli
from crosswire.export import export, render
from crosswire.export.codes import disorder_type, midpoint
from crosswire.export.tables import ACLED_COLUMNS, UCDP_COLUMNS
from crosswire.store import Store
from crosswire.store.schema import incidents
from tests.helpers import EXAMPLES, SHARED, WIRE

HOSTILE_PUBLISHER = '=HYPERLINK("http://example.invalid","x")'
HOSTILE_TITLE = "+SUM(A1:A9) market shelled"

INCIDENT: dict[str, Any] = {
    "id": "inc1",
    "event_type": "Shelling/artillery/missile attack",
    "date": {"start": "2021-03-02", "end": "2021-03-02", "precision": "day"},
    "location": {
        "name": "Northville",
        "country": "XX",
        "admin1": None,
        "admin2": None,
        "lat": 10.5,
        "lon": -20.25,
        "precision": "point",
        "gazetteer_id": None,
    },
    "actors": {"perpetrators": ["armed group"], "targets": ["civilians"]},
    "fatalities": {"low": 7, "best": 7, "high": 9},
    "injuries": {"low": 20, "best": 20, "high": 20},
    "reports": [{"article": "a", "role": "main"}],
    "claims": [],
    "contradictions": [],
    "summary": "Shelling killed at least 7 people.",
}

# CONTRACT.md's fields (checked against ../shared/CONTRACT.md when it is there).
ARTICLE_FIELDS = {
    "id", "source", "name", "title", "publisher", "published", "published_source",
    "duplicate_of", "shares_origin_with",
}  # fmt: skip
INCIDENT_FIELDS = {
    "id", "event_type", "date", "location", "actors", "fatalities", "injuries", "reports",
    "claims", "contradictions", "summary",
}  # fmt: skip
CLAIM_KINDS = {
    "fatalities", "injuries", "responsibility", "denial", "no_comment", "damage", "target",
    "other",
}  # fmt: skip
QUALIFIERS = {"exact", "at_least", "more_than", "about", "at_most", "vague", None}


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def put(store: Store, incident: dict[str, Any]) -> None:
    with store.transaction() as tx:
        tx.conn.execute(
            incidents.insert().values(
                id=incident["id"],
                event_type=incident["event_type"],
                date_start=(incident["date"] or {}).get("start"),
                date_end=(incident["date"] or {}).get("end"),
                country=(incident["location"] or {}).get("country"),
                data=json.dumps(incident),
            )
        )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The examples and one hostile invented report, through `crosswire run`."""
    folder = tmp_path_factory.mktemp("corpus")
    hostile = folder / "hostile.jsonl"
    record = {
        "id": "hostile",
        "text": WIRE,
        "published": "2021-03-03",
        "publisher": HOSTILE_PUBLISHER,
        "title": HOSTILE_TITLE,
    }
    hostile.write_text(json.dumps(record) + "\n")
    db = folder / "x.db"
    result = invoke(
        "run",
        str(EXAMPLES / "corpus"),
        str(hostile),
        "--meta",
        str(EXAMPLES / "meta.jsonl"),
        "--db",
        str(db),
        "--out",
        str(folder / "out"),
        "-q",
    )
    assert result.exit_code == 0, result.output
    with Store(str(db)) as store:
        yield store


@pytest.fixture(scope="module")
def doc(corpus: Store) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(export(corpus, "json"))
    # the examples: Aleppo (convoy, truce), Mosul (strike with its follow-ups, victory),
    # Tajoura; and the hostile one
    assert len(found["incidents"]) >= 6
    return found


def by_id(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["id"]: i for i in doc["incidents"]}


def test_json_export_has_the_contract_fields(doc: dict[str, Any]) -> None:
    assert doc["format"] == "crosswire.incidents/1"
    ids = {a["id"] for a in doc["articles"]}
    assert all(a.keys() >= ARTICLE_FIELDS for a in doc["articles"])
    for inc in doc["incidents"]:
        assert inc.keys() >= INCIDENT_FIELDS
        assert set(inc["date"]) == {"start", "end", "precision"}
        assert inc["date"]["precision"] in {"day", "days", "week", "month", "year"}
        assert inc["location"] is None or {"name", "country", "lat", "lon", "precision"} <= set(
            inc["location"]
        )
        assert set(inc["fatalities"]) == set(inc["injuries"]) == {"low", "best", "high"}
        assert {r["article"] for r in inc["reports"]} <= ids
        assert {r["role"] for r in inc["reports"]} <= {"main", "background"}
        assert all(c["kind"] in CLAIM_KINDS and c["qualifier"] in QUALIFIERS for c in inc["claims"])
        assert all(0 <= n < len(inc["claims"]) for c in inc["contradictions"] for n in c["claims"])


def test_contract_fields_are_the_shared_contracts() -> None:
    contract = SHARED / "CONTRACT.md"
    if not contract.is_file():
        pytest.skip("../shared/CONTRACT.md is not here")
    text = contract.read_text()
    article, incident = text.split("## INCIDENT")
    fields = re.compile(r"^\| `(\w+)` \|", re.M)
    assert set(fields.findall(article)) == ARTICLE_FIELDS
    assert set(fields.findall(incident)) == INCIDENT_FIELDS


def test_acled_csv_reads_back_with_pandas(corpus: Store, doc: dict[str, Any]) -> None:
    df = pd.read_csv(
        io.StringIO(export(corpus, "acled-csv")), keep_default_na=False, na_values=[""]
    )
    assert tuple(df.columns) == ACLED_COLUMNS
    assert len(df) == len(doc["incidents"])
    incs = by_id(doc)
    assert df["fatalities"].dtype == "int64"
    for row in df.itertuples():
        inc = incs[row.event_id_cnty]
        assert row.fatalities == (inc["fatalities"]["low"] or 0)
        assert row.sub_event_type == inc["event_type"]
        assert row.event_date == midpoint(inc["date"]["start"], inc["date"]["end"])
    dates = pd.to_datetime(df["event_date"], format="%Y-%m-%d")
    assert (dates.dt.year == df["year"]).all()
    assert df["latitude"].between(-90, 90).all() and df["longitude"].between(-180, 180).all()
    assert set(df["time_precision"].dropna()) <= {1, 2, 3}
    assert set(df["geo_precision"].dropna()) <= {1, 2, 3}
    assert df["source_scale"].isna().all()  # not known: left empty
    assert set(df["disorder_type"]) <= {
        "Political violence",
        "Demonstrations",
        "Political violence; Demonstrations",
        "Strategic developments",
    }
    syria = df[df["country"] == "Syria"]
    assert len(syria) and (syria["iso"] == 760).all()
    assert "Levant Wire Service" in "; ".join(df["source"])


def test_ucdp_csv_reads_back_with_pandas(corpus: Store, doc: dict[str, Any]) -> None:
    df = pd.read_csv(
        io.StringIO(export(corpus, "ucdp-csv")),
        keep_default_na=False,
        na_values=[""],
        dtype={"best": "Int64", "low": "Int64", "high": "Int64"},
    )
    assert tuple(df.columns) == UCDP_COLUMNS
    incs = by_id(doc)
    assert set(df["id"]) == set(incs)
    start = pd.to_datetime(df["date_start"], format="%Y-%m-%d")
    end = pd.to_datetime(df["date_end"], format="%Y-%m-%d")
    assert (start <= end).all() and (start.dt.year == df["year"]).all()
    assert set(df["date_prec"]) <= {1, 2, 3, 4, 5}
    assert set(df["where_prec"].dropna()) <= {1, 2, 3, 4, 5, 6, 7}
    assert df["latitude"].between(-90, 90).all() and df["longitude"].between(-180, 180).all()
    for row in df.itertuples():
        inc = incs[row.id]
        assert (row.low, row.best, row.high) == tuple(
            pd.NA if v is None else v
            for v in (inc["fatalities"][k] for k in ("low", "best", "high"))
        )
        assert row.number_of_sources == len(inc["reports"])
        assert len(row.source_article.split(";")) == row.number_of_sources
        assert row.geom_wkt == f"POINT ({inc['location']['lon']} {inc['location']['lat']})"


def test_geojson_features_are_the_incidents_points(corpus: Store, doc: dict[str, Any]) -> None:
    geo = json.loads(export(corpus, "geojson"))
    incs = by_id(doc)
    located = {i for i, inc in incs.items() if (inc["location"] or {}).get("lat") is not None}
    assert {f["id"] for f in geo["features"]} == located and located
    for feature in geo["features"]:
        point = shape(feature["geometry"])
        loc = incs[feature["id"]]["location"]
        assert isinstance(point, Point) and (point.x, point.y) == (loc["lon"], loc["lat"])


def test_timeline_is_sorted_and_covers_every_incident(corpus: Store, doc: dict[str, Any]) -> None:
    lines = [json.loads(line) for line in export(corpus, "timeline-jsonl").splitlines()]
    times = [e["time"] for e in lines]
    assert times == sorted(times) and all(re.fullmatch(r"\d{4}-\d\d-\d\d", t) for t in times)
    assert {e["kind"] for e in lines} == {"incident", "published", "claim"}
    published = {a["id"]: a["published"] for a in doc["articles"]}
    for inc in doc["incidents"]:
        mine = [e for e in lines if e["incident"] == inc["id"]]
        [happened] = [e for e in mine if e["kind"] == "incident"]
        assert happened["time"] == inc["date"]["start"]
        assert sorted(e["article"] for e in mine if e["kind"] == "published") == sorted(
            r["article"] for r in inc["reports"]
        )
        claims = [e for e in mine if e["kind"] == "claim"]
        assert [e["claim"] for e in sorted(claims, key=lambda e: e["claim"])] == list(
            range(len(inc["claims"]))
        )
        assert all(e["time"] == published[e["article"]] for e in mine if e["article"])


def test_formula_like_text_is_neutralised_in_every_csv(corpus: Store, store: Store) -> None:
    acled = pd.read_csv(io.StringIO(export(corpus, "acled-csv")))
    [source] = [s for s in acled["source"] if "HYPERLINK" in s]
    assert source.startswith("'=HYPERLINK")
    ucdp = pd.read_csv(io.StringIO(export(corpus, "ucdp-csv")))
    [hostile] = [r for r in ucdp.itertuples() if "HYPERLINK" in r.source_office]
    assert hostile.source_office.startswith("'=") and hostile.source_article.startswith("'=")
    assert hostile.source_headline == "'" + HOSTILE_TITLE
    evil = INCIDENT | {
        "summary": "-2+3 killed",
        "actors": {"perpetrators": ["@group"], "targets": ["=1+1"]},
    }
    put(store, evil)
    for fmt, cells in [
        ("csv", ("summary", "perpetrators", "targets")),
        ("acled-csv", ("notes", "actor1", "actor2")),
    ]:
        [row] = pd.read_csv(io.StringIO(export(store, fmt))).to_dict("records")
        assert [row[c] for c in cells] == ["'-2+3 killed", "'@group", "'=1+1"]
        assert row["longitude"] == -20.25  # numbers are left alone


@pytest.mark.parametrize(
    ("days", "place", "acled", "ucdp"),
    [
        (("2021-03-02", "2021-03-02", "day"), "point", ("2021-03-02", 1, 1), (1, 1)),
        (("2021-03-01", "2021-03-04", "days"), "near", ("2021-03-02", 2, 2), (2, 2)),
        (("2021-03-01", "2021-03-07", "week"), "admin2", ("2021-03-04", 2, 3), (3, 3)),
        (("2021-03-01", "2021-03-31", "month"), "admin1", ("2021-03-16", 3, 3), (4, 4)),
        (("2021-01-01", "2021-12-31", "year"), "country", ("2021-07-02", None, 3), (5, 6)),
    ],
)
def test_precision_codes(
    store: Store,
    days: tuple[str, str, str],
    place: str,
    acled: tuple[str, int | None, int],
    ucdp: tuple[int, int],
) -> None:
    start, end, precision = days
    put(
        store,
        INCIDENT
        | {
            "date": {"start": start, "end": end, "precision": precision},
            "location": INCIDENT["location"] | {"precision": place},
        },
    )
    [a] = pd.read_csv(
        io.StringIO(export(store, "acled-csv")), dtype=str, keep_default_na=False
    ).to_dict("records")
    assert (a["event_date"], a["time_precision"], a["geo_precision"]) == tuple(
        "" if v is None else str(v) for v in acled
    )
    [u] = pd.read_csv(io.StringIO(export(store, "ucdp-csv"))).to_dict("records")
    assert (u["date_prec"], u["where_prec"], u["date_start"], u["date_end"]) == (*ucdp, start, end)


def test_disorder_types_follow_the_sub_event_type() -> None:
    assert disorder_type("Air/drone strike") == "Political violence"
    assert disorder_type("Mob violence") == "Political violence"
    assert disorder_type("Violent demonstration") == "Demonstrations"
    assert disorder_type("Excessive force against protesters") == (
        "Political violence; Demonstrations"
    )
    assert disorder_type("Arrests") == "Strategic developments"
    assert disorder_type(None) is None and disorder_type("Not an ACLED type") is None


def test_json_csv_geojson_carry_the_incident(store: Store) -> None:
    put(store, INCIDENT)
    put(store, INCIDENT | {"id": "inc2", "location": None, "date": None})
    doc = json.loads(export(store, "json"))
    assert doc["format"] == "crosswire.incidents/1" and by_id(doc)["inc1"] == INCIDENT
    csv = pd.read_csv(io.StringIO(export(store, "csv")), dtype=str).set_index("id")
    assert sorted(csv.index) == ["inc1", "inc2"]
    columns = ["fatalities_low", "latitude", "perpetrators"]
    assert csv.loc["inc1", columns].tolist() == ["7", "10.5", "armed group"]
    geo = render(store, "geojson")
    [feature] = json.loads(geo.text)["features"]  # the incident without a place has no point
    assert feature["geometry"] == {"type": "Point", "coordinates": [-20.25, 10.5]}
    assert feature["properties"]["fatalities_best"] == 7
    assert (geo.records, geo.left_out) == (1, 1)
    acled = pd.read_csv(
        io.StringIO(export(store, "acled-csv")), dtype=str, keep_default_na=False
    ).set_index("event_id_cnty")
    undated = acled.loc["inc2", ["event_date", "time_precision", "geo_precision", "fatalities"]]
    assert undated.tolist() == ["", "", "", "7"]
    timeline = render(store, "timeline-jsonl")
    assert [json.loads(line)["incident"] for line in timeline.text.splitlines()] == ["inc1"]
    assert timeline.left_out == 3  # the undated incident, each one's report of no article


def test_export_command_notes_what_it_left_out(store: Store, tmp_path: Path) -> None:
    put(store, INCIDENT)
    put(store, INCIDENT | {"id": "inc2", "location": None})
    out = tmp_path / "x.geojson"
    result = invoke("export", "--db", store.db, "--format", "geojson", "-o", str(out))
    assert result.exit_code == 0 and len(json.loads(out.read_text())["features"]) == 1
    assert result.stderr == (
        f"export: 1 incidents written to {out} (1 incidents without coordinates left out)\n"
    )
    result = invoke("export", "--db", store.db, "--format", "geojson")
    assert json.loads(result.stdout)["features"][0]["id"] == "inc1"
    assert result.stderr == "export: 1 incidents without coordinates left out\n"
    result = invoke("export", "--db", store.db, "--format", "ucdp-csv")
    assert result.stderr == "" and len(result.stdout.splitlines()) == 3
    assert invoke("export", "--db", store.db, "--format", "geojson", "-q").stderr == ""
