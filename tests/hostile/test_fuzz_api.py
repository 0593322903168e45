"""Schema-driven fuzzing of the whole API with schemathesis: no request may end in a 5xx.

Every operation in /openapi.json gets valid (positive) and invalid (negative) requests
generated from its schema; bounded in examples and time so the run stays well under two
minutes on two shared cores.
"""

from __future__ import annotations

import time
from collections import Counter
from contextlib import suppress

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.schemas import APIOperation

from assistant.api.app import create_app
from assistant.settings import Settings
from tests.hostile.conftest import Report, kept, snapshot

EXAMPLES = 10
"""Requests per operation and mode; about 40 operations × 2 modes."""
BUDGET_S = 75.0
"""Stop generating once this much time has passed; the report says how far it got."""


def _fuzz(
    operation: APIOperation, mode: GenerationMode, statuses: Counter[str], errors: list[str]
) -> None:
    """Send up to EXAMPLES generated requests to one operation, counting status classes."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def call(case: schemathesis.Case) -> None:
        response = case.call()
        statuses[f"{response.status_code // 100}xx"] += 1
        if response.status_code >= 500:
            errors.append(f"{operation.label} ({mode}) → {response.status_code}")

    with suppress(Unsatisfiable):  # e.g. no invalid request exists for an operation
        call()


def test_fuzzing_finds_no_server_error(
    hostile_client: TestClient, hostile_settings: Settings, report: Report
) -> None:
    app = create_app(hostile_settings)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    before = snapshot(hostile_client, hostile_settings)
    statuses: Counter[str] = Counter()
    server_errors: list[str] = []
    started = time.monotonic()
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            if time.monotonic() - started < BUDGET_S:
                _fuzz(operation, mode, statuses, server_errors)
    seconds = time.monotonic() - started
    after = snapshot(hostile_client, hostile_settings)
    report.fuzzing = {
        "operations": len(operations),
        "requests": sum(statuses.values()),
        "statuses": dict(sorted(statuses.items())),
        "server_errors": len(server_errors),
        "examples": server_errors[:10],
        "seconds": seconds,
        "data_intact": kept(before, after),
    }
    assert server_errors == []
    assert kept(before, after)
