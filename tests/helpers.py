"""Paths and small invented texts shared by the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
EXAMPLES = REPO / "examples"

# Invented reports, written for these tests.
WIRE = (
    "NORTHVILLE (LWS) – Shelling hit a market in the northern town of Northville on "
    "Tuesday, killing at least seven people and wounding 20, a local official said.\n\n"
    "The official, who asked not to be named, said the shells came from the hills east of "
    "the town, where an armed group has held positions since the spring.\n\n"
    "The group's spokesman denied any role and said its fighters had not fired a single "
    "round that day.\n"
)
OTHER = (
    "A flood destroyed two bridges in the southern valley on Friday, cutting off a dozen "
    "villages from the regional capital, the roads agency said in a statement.\n"
)


def needs_shared() -> None:
    if not SEEDS.is_dir():
        pytest.skip("../shared is not here")
