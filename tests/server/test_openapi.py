"""schemathesis against the OpenAPI schema (authenticated): no 5xx, no schema violation."""

from __future__ import annotations

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis import Case
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from server_common import Demo

#: Operations that compute many metrics get fewer examples (each is several queries).
HEAVY = {
    "/api/pages/overview": 3,
    "/api/pages/revenue": 3,
    "/api/pages/experience": 3,
    "/api/pages/support": 3,
    "/api/pages/adoption": 3,
    "/api/pages/explain/{key}": 3,
    "/api/metrics/{key}/explain": 3,
    "/api/cohorts": 3,
    "/api/reports/company": 2,
    "/api/reports/accounts/{account_id}": 2,
}
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


def test_api_conforms_to_its_schema(app: FastAPI, demo: Demo) -> None:
    # Uploads write to the workspace; they have their own tests (test_imports.py).
    schema = schemathesis.openapi.from_asgi("/openapi.json", app).exclude(method="POST")
    headers = {"Authorization": f"Bearer {demo.tokens['admin']}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=HEAVY.get(operation.path, 6),
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Case) -> None:
            response = case.call(headers=headers, timeout=300)
            case.validate_response(response, checks=CHECKS)

        check()
