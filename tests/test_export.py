"""Exports read back with the json and csv modules."""

from __future__ import annotations

import csv
import io
import json

from crosswire.export import export
from crosswire.store import Store
from crosswire.store.schema import incidents

INCIDENT = {
    "id": "inc1",
    "event_type": "Shelling/artillery/missile attack",
    "date": {"start": "2021-03-02", "end": "2021-03-02", "precision": "day"},
    "location": {
        "name": "Northville",
        "country": "XX",
        "admin1": None,
        "admin2": None,
        "lat": 10.5,
        "lon": 20.25,
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


def put(store: Store, incident: dict) -> None:
    with store.transaction() as tx:
        tx.conn.execute(
            incidents.insert().values(
                id=incident["id"],
                event_type=incident["event_type"],
                date_start=incident["date"]["start"],
                date_end=incident["date"]["end"],
                country=(incident["location"] or {}).get("country"),
                data=json.dumps(incident),
            )
        )


def test_json_csv_geojson_carry_the_incident(store: Store) -> None:
    put(store, INCIDENT)
    put(store, INCIDENT | {"id": "inc2", "location": None})
    doc = json.loads(export(store, "json"))
    assert doc["format"] == "crosswire.incidents/1" and doc["incidents"][0] == INCIDENT
    rows = list(csv.DictReader(io.StringIO(export(store, "csv"))))
    assert [r["id"] for r in rows] == ["inc1", "inc2"]
    assert (rows[0]["fatalities_low"], rows[0]["latitude"], rows[0]["perpetrators"]) == (
        "7",
        "10.5",
        "armed group",
    )
    geo = json.loads(export(store, "geojson"))
    [feature] = geo["features"]  # the incident without a place has no point
    assert feature["geometry"] == {"type": "Point", "coordinates": [20.25, 10.5]}
    assert feature["properties"]["fatalities_best"] == 7
