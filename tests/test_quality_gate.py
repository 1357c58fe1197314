"""The quality gate: the scores of the exported record on ../shared/dev, and of the seeds,
stay at or above the floors in benchmarks/floors.json. Raise floors with `crosswire eval
--update-floors`; a floor is lowered only with --allow-regression, on purpose, in a commit
that says why."""

from __future__ import annotations

import pytest

from crosswire.errors import OptionsError
from crosswire.evaluate import FLOORS, check_floors, evaluate, read_floors, update_floors
from tests.helpers import SHARED, needs_shared


def test_update_floors_refuses_to_lower_silently() -> None:
    floors = {"a": 0.8, "b": 0.5}
    assert update_floors({"a": 0.9, "b": 0.5}, floors, allow_regression=False) == {
        "a": 0.9,
        "b": 0.5,
    }
    with pytest.raises(OptionsError, match=r"refusing to lower floors \(a: 0\.700"):
        update_floors({"a": 0.7, "b": 0.6}, floors, allow_regression=False)
    assert update_floors({"a": 0.7}, floors, allow_regression=True) == {"a": 0.7}
    assert check_floors({"a": 0.7, "b": 0.9}, floors) == ["a: 0.700 < floor 0.800"]


@pytest.mark.slow
def test_scores_stay_at_or_above_their_floors() -> None:
    needs_shared()
    if not (SHARED / "dev").is_dir():
        pytest.skip("../shared/dev is not here")
    floors = read_floors(FLOORS)
    assert floors, f"no floors in {FLOORS}"
    scores = evaluate(SHARED / "dev")
    assert set(floors) <= set(scores), "a floor names a measure that is no longer measured"
    assert set(scores) <= set(floors), "a measure has no floor: run crosswire eval --update-floors"
    assert check_floors(scores, floors) == []


def test_the_record_is_scored_per_row_and_merged_rows_show() -> None:
    """A catalogue whose rows r1 and r2 ended in one incident and r3 in its own: the
    merged rows lower separate_b3p and apart, and each row is checked against the
    incident holding its article's main report."""
    from crosswire.evaluate import score_export

    def incident(ident: str, dead: int, *articles: str) -> dict:  # type: ignore[type-arg]
        return {
            "id": ident,
            "date": {"start": "2014-03-02", "end": "2014-03-02", "precision": "day"},
            "location": {"lat": 10.0, "lon": 20.0},
            "fatalities": {"low": dead, "best": dead, "high": dead},
            "injuries": {},
            "reports": [{"article": a, "role": "main"} for a in articles],
        }

    export = {
        "articles": [{"id": f"x{i}", "name": f"r{i}"} for i in (1, 2, 3)],
        "incidents": [incident("i1", 4, "x1", "x2"), incident("i2", 9, "x3")],
    }
    rows = [
        {"id": f"r{i}", "date": "2014-03-02", "lat": "10.0", "lon": "20.05", "killed": k,
         "wounded": "0"}
        for i, k in ((1, "4"), (2, "5"), (3, "9"))
    ]  # fmt: skip
    scores = score_export("gtd", rows, export)
    assert scores["gtd.separate_b3p"] == round((0.5 + 0.5 + 1) / 3, 3)
    assert scores["gtd.apart"] == round(1 / 3, 3)
    assert scores["gtd.killed_exact"] == round(2 / 3, 3)
    assert scores["gtd.wounded_exact"] == 1.0
    assert scores["gtd.place_25km"] == 1.0
