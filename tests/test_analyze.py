"""Analysis over a store: incidents do not depend on arrival order or on increments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosswire.analyze import analyze
from crosswire.ingest.batch import ingest
from crosswire.options import make_options
from crosswire.store import Store
from tests.helpers import SHARED

SAMPLE = 40


def gvc_sample() -> list[dict]:
    feed = SHARED / "dev" / "gvc" / "articles.jsonl"
    if not feed.is_file():
        pytest.skip("../shared/dev is not here")
    lines = [json.loads(line) for line in feed.read_text().splitlines() if line.strip()]
    return lines[:SAMPLE]


def incidents_after(tmp_path: Path, batches: list[list[dict]], name: str) -> list[dict]:
    with Store(str(tmp_path / f"{name}.db")) as store:
        for i, batch in enumerate(batches):
            feed = tmp_path / f"{name}-{i}.jsonl"
            feed.write_text("\n".join(json.dumps(r) for r in batch))
            ingest([str(feed)], store, make_options(db=store.db, quiet=True))
            analyze(store)
        return sorted(store.incidents(), key=lambda inc: inc["id"])


@pytest.mark.slow
def test_order_and_increments_do_not_change_incidents(tmp_path: Path) -> None:
    rows = gvc_sample()
    batch = incidents_after(tmp_path, [rows], "batch")
    assert len(batch) >= SAMPLE // 4
    reversed_order = incidents_after(tmp_path, [rows[::-1]], "reversed")
    increments = incidents_after(tmp_path, [rows[::2], rows[1::2]], "increments")
    assert reversed_order == batch
    assert increments == batch


def test_publication_date_from_an_incident_dated_elsewhere() -> None:
    from crosswire import nlp
    from crosswire.analyze import publication_from
    from crosswire.models import Interval

    text = "Shelling killed five people in Northville overnight, officials said on Monday."
    window = Interval("2021-03-07", "2021-03-08", "days")  # a Sunday night into Monday
    assert str(publication_from(nlp.parse(text), window)) == "2021-03-08"
    day = Interval("2021-03-07", "2021-03-07", "day")
    assert publication_from(nlp.parse("Officials said last month that it rained."), day) is None
    assert publication_from(nlp.parse("The strike was condemned."), day) is None
