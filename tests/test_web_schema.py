"""schemathesis against the app's OpenAPI description (/openapi.json): generated requests
for every operation, each answer checked for server errors, a status code the description
does not list, a body that does not match the documented schema, and a content type it
does not name. Over the ASGI app in process, on a store built from invented reports."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("schemathesis")

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from crosswire.web import create_app
from tests.webstore import TOKEN

pytestmark = pytest.mark.slow

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
]
EXAMPLES = 30  # per operation: the whole file stays well under a minute


def fuzz(operation: Any, examples: int, headers: dict[str, str] | None = None) -> int:
    """Send `examples` generated requests to `operation`, checking each answer; raises
    schemathesis' failure report on the first problem. Returns how many were sent."""
    sent = 0

    @given(case=operation.as_strategy())
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,  # the same cases every run, so that CI does not flake
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        nonlocal sent
        sent += 1
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()
    return sent


def _copy(web_db: Path, tmp_path: Path) -> str:
    db = tmp_path / "schema.db"
    shutil.copy(web_db, db)
    return str(db)


def test_every_operation_conforms(web_db: Path, tmp_path: Path) -> None:
    app = create_app(_copy(web_db, tmp_path), token="")  # writes off: answers 403
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    labels = {op.label for op in operations}
    assert {"GET /api/incidents", "GET /api/claims", "POST /api/articles"} <= labels
    assert len(operations) == 7, labels
    sent = {op.label: fuzz(op, EXAMPLES) for op in operations}
    assert sent["GET /api/incidents"] == sent["GET /api/claims"] == EXAMPLES, sent


def test_writes_conform(web_db: Path, tmp_path: Path) -> None:
    """POST /api/articles with the token: generated articles are stored and analysed."""
    app = create_app(_copy(web_db, tmp_path), token=TOKEN)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operation = schema["/api/articles"]["POST"]
    assert fuzz(operation, 15, {"Authorization": f"Bearer {TOKEN}"}) >= 10
