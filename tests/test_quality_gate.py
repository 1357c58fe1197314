"""The quality gate: extraction scores on ../shared/dev and the seeds stay at or above the
floors in benchmarks/floors.json. Raise floors with `crosswire eval --update-floors`; a
floor is lowered only with --allow-regression, on purpose, in a commit that says why."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crosswire.cli import cli
from crosswire.errors import OptionsError
from crosswire.evaluate import FLOORS, check_floors, evaluate, read_floors, update_floors
from tests.helpers import SEEDS, SHARED, needs_shared


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


def seed_scores(tmp_path: Path) -> dict[str, float]:
    runner = CliRunner()
    db = str(tmp_path / "seeds.db")
    args = [
        "run",
        str(SEEDS),
        "--meta",
        str(SEEDS / "meta.jsonl"),
        "--db",
        db,
        "--out",
        str(tmp_path / "out"),
        "--quiet",
    ]
    assert runner.invoke(cli, args).exit_code == 0
    out = tmp_path / "export.json"
    assert runner.invoke(cli, ["export", "--db", db, "-o", str(out)]).exit_code == 0
    spec = importlib.util.spec_from_file_location("score_seeds", SHARED / "eval" / "score_seeds.py")
    assert spec and spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gold = json.loads((SHARED / "gold" / "seeds.json").read_text())
    measures = scorer.score(json.loads(out.read_text()), gold)["measures"]
    return {f"seeds.{k}": round(v, 3) for k, v in measures.items()}


@pytest.mark.slow
def test_scores_stay_at_or_above_their_floors(tmp_path: Path) -> None:
    needs_shared()
    if not (SHARED / "dev").is_dir():
        pytest.skip("../shared/dev is not here")
    floors = read_floors(FLOORS)
    assert floors, f"no floors in {FLOORS}"
    scores = evaluate(SHARED / "dev") | seed_scores(tmp_path)
    assert set(floors) <= set(scores), "a floor names a measure that is no longer measured"
    assert set(scores) <= set(floors), "a measure has no floor: run crosswire eval --update-floors"
    assert check_floors(scores, floors) == []
