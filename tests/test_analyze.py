"""Analysis over a store: incidents do not depend on arrival order or on increments."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from crosswire import analyze as analyze_module
from crosswire.analyze import LINKING, PAGE, analyze
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


def incidents_after(
    tmp_path: Path, batches: list[list[dict]], name: str, page: int = PAGE
) -> list[dict]:
    with Store(str(tmp_path / f"{name}.db")) as store:
        for i, batch in enumerate(batches):
            feed = tmp_path / f"{name}-{i}.jsonl"
            feed.write_text("\n".join(json.dumps(r) for r in batch))
            ingest([str(feed)], store, make_options(db=store.db, quiet=True))
            analyze(store, page=page)
        return sorted(store.incidents(), key=lambda inc: inc["id"])


@pytest.mark.slow
def test_order_and_increments_do_not_change_incidents(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    rows = gvc_sample()
    # Pages of 7: a full rebuild after the last page.
    batch = incidents_after(tmp_path, [rows], "batch", page=7)
    assert len(batch) >= SAMPLE // 4
    reversed_order = incidents_after(tmp_path, [rows[::-1]], "reversed", page=7)
    assert reversed_order == batch
    # Runs of one page: linked incrementally, touching only the new mentions' components.
    with caplog.at_level(logging.INFO, logger="crosswire.analyze"):
        increments = incidents_after(
            tmp_path, [rows[i : i + 4] for i in range(0, SAMPLE, 4)], "inc"
        )
    assert increments == batch
    assert sum("replaced by" in r.message for r in caplog.records) >= SAMPLE // 8


@pytest.mark.slow
def test_a_run_cut_short_before_linking_is_followed_by_a_full_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = gvc_sample()
    expected = incidents_after(tmp_path, [rows], "expected", page=7)

    def cut(*_args: object) -> None:
        raise KeyboardInterrupt

    with Store(str(tmp_path / "cut.db")) as store:
        feed = tmp_path / "first.jsonl"
        feed.write_text("\n".join(json.dumps(r) for r in rows[:-1]))
        ingest([str(feed)], store, make_options(db=store.db, quiet=True))
        with monkeypatch.context() as patched:
            patched.setattr(analyze_module, "relink_all", cut)
            with pytest.raises(KeyboardInterrupt):
                analyze(store, page=7)
        assert store.setting(LINKING) == "partial" and store.count_incidents() == 0
        feed.write_text(json.dumps(rows[-1]))
        ingest([str(feed)], store, make_options(db=store.db, quiet=True))
        analyze(store)
        assert store.setting(LINKING) is None
        assert sorted(store.incidents(), key=lambda inc: inc["id"]) == expected


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


def test_signatures_hash_the_stored_json_of_a_mention() -> None:
    from crosswire.models import Claim, Estimate, Interval, Location, Mention
    from crosswire.relink import canonical_json
    from crosswire.store.codec import mention_to_json

    claim = Claim(
        "Ministère de la Santé", "fatalities", 7, "at_least", "a1", "« Sept morts »", (3, 9)
    )
    mention = Mention(
        article="a1",
        index=2,
        role="main",
        event_type="Shelling/artillery/missile attack",
        date=Interval("2021-03-09", "2021-03-10", "days"),
        location=Location("Northville", "XX", "North", None, 12.5, -3.25, "point", "42"),
        perpetrators=("Armed group",),
        fatalities=Estimate(7, 7, None),
        claims=(claim, claim),
        sentences=((0, 40), (41, 90)),
        keywords=("northville",),
    )
    assert canonical_json(mention) == mention_to_json(mention)
    bare = Mention("a2", 0, "background", None, None, None)
    assert canonical_json(bare) == mention_to_json(bare)
