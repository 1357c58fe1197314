"""The quality gate: extraction scores on ../shared/dev and the seeds stay at or above the
floors in benchmarks/floors.json. Raise floors with `crosswire eval --update-floors`; a
floor is lowered only with --allow-regression, on purpose, in a commit that says why."""

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
