"""The authorization matrix: every API endpoint × every role × anonymous."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from server_common import ROLES, Demo, bearer

from tenure.server.auth.roles import GRANTS, Permission, Role

#: Every endpoint of the API: (method, path template) → the permission it needs (None: any
#: authenticated caller). A new endpoint fails `test_matrix_covers_every_endpoint` until listed.
NEEDS: dict[tuple[str, str], Permission | None] = {
    ("GET", "/api/me"): None,
    ("GET", "/api/metrics"): Permission.KPIS,
    ("GET", "/api/metrics/{key}"): Permission.KPIS,
    ("GET", "/api/metrics/{key}/explain"): Permission.KPIS,
    ("GET", "/api/cohorts"): Permission.KPIS,
    ("GET", "/api/accounts"): Permission.ACCOUNTS,
    ("GET", "/api/accounts.csv"): Permission.ACCOUNTS,
    ("GET", "/api/accounts/{account_id}"): Permission.ACCOUNTS,
    ("GET", "/api/imports"): Permission.STATUS,
    ("POST", "/api/imports"): Permission.IMPORTS,
    ("GET", "/api/quarantine"): Permission.IMPORTS,
    ("GET", "/api/status"): Permission.STATUS,
    ("GET", "/api/config"): Permission.CONFIG,
    ("GET", "/api/pages/overview"): Permission.KPIS,
    ("GET", "/api/pages/revenue"): Permission.KPIS,
    ("GET", "/api/pages/experience"): Permission.KPIS,
    ("GET", "/api/pages/support"): Permission.KPIS,
    ("GET", "/api/pages/adoption"): Permission.KPIS,
    ("GET", "/api/pages/customers"): Permission.ACCOUNTS,
    ("GET", "/api/pages/account/{account_id}"): Permission.ACCOUNTS,
    ("GET", "/api/pages/explain/{key}"): Permission.KPIS,
    ("GET", "/api/pages/import"): Permission.IMPORTS,
    ("GET", "/api/tasks"): Permission.TASKS,
    ("POST", "/api/tasks/{task_id}"): Permission.TASKS,
    ("GET", "/api/goals"): Permission.KPIS,
    ("POST", "/api/goals"): Permission.GOALS,
    ("DELETE", "/api/goals/{goal_id}"): Permission.GOALS,
    ("GET", "/api/upsell"): Permission.ACCOUNTS,
    ("GET", "/api/benchmarks"): Permission.KPIS,
    ("GET", "/api/pages/tasks"): Permission.TASKS,
    ("GET", "/api/pages/goals"): Permission.KPIS,
    ("GET", "/api/pages/team"): Permission.ALL_ACCOUNTS,
    ("GET", "/api/pages/health"): Permission.ALL_ACCOUNTS,
    ("GET", "/api/reports/company"): Permission.ALL_ACCOUNTS,
    ("GET", "/api/reports/accounts/{account_id}"): Permission.ACCOUNTS,
    ("GET", "/api/history/{key}"): Permission.KPIS,
}
#: JSON bodies of the writes that take one (the others upload a file).
BODIES: dict[tuple[str, str], dict[str, object]] = {
    ("POST", "/api/tasks/{task_id}"): {"status": "done"},
    ("POST", "/api/goals"): {"metric": "mrr", "target": 1, "period": "2026"},
}
#: Operations on one task or goal: the probe id does not exist, so a caller who may use
#: them gets 404 (the permission is checked first: 401 and 403 still show).
PROBED = {("POST", "/api/tasks/{task_id}"), ("DELETE", "/api/goals/{goal_id}")}
QUERIES = {
    "/api/metrics/{key}": "?start=2026-08-01&end=2026-10-31",
    "/api/metrics/{key}/explain": "?period=2026-10-01",
    "/api/pages/explain/{key}": "?period=2026-10-01",
    "/api/cohorts": "?start=2026-01-01&end=2026-10-31",
    "/api/reports/company": "?format=html&period=2026-10",
    "/api/reports/accounts/{account_id}": "?format=html&period=2026-10",
}


def endpoints(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every operation in the OpenAPI schema."""
    paths = app.openapi()["paths"]
    return sorted((method.upper(), path) for path, ops in paths.items() for method in ops)


def url(path: str, account: str) -> str:
    filled = path.replace("{key}", "mrr").replace("{account_id}", account)
    filled = filled.replace("{task_id}", "0000abcd").replace("{goal_id}", "probe")
    return filled + QUERIES.get(path, "")


def call(
    client: TestClient, method: str, target: str, headers: dict[str, str], path: str = ""
) -> int:
    if (method, path) in BODIES:
        body = BODIES[(method, path)]
        return client.request(method, target, json=body, headers=headers).status_code
    if method == "DELETE":
        return client.delete(target, headers=headers).status_code
    if method == "POST":
        files = {"file": ("features.csv", b"feature,name\nmatrix_probe,Probe\n", "text/csv")}
        data = {"table": "features"}
        return client.post(target, data=data, files=files, headers=headers).status_code
    return client.get(target, headers=headers).status_code


def own_account(client: TestClient, demo: Demo) -> str:
    rows = client.get("/api/accounts?limit=1", headers=bearer(demo, "csm")).json()["rows"]
    return str(rows[0]["account_id"])


def test_matrix_covers_every_endpoint(app: FastAPI) -> None:
    assert set(endpoints(app)) <= set(NEEDS), "list the new endpoint in NEEDS"


@pytest.mark.parametrize("role", [*ROLES, None])
def test_every_endpoint_answers_by_role(
    role: str | None, app: FastAPI, client: TestClient, demo: Demo
) -> None:
    account = own_account(client, demo)
    headers = bearer(demo, role) if role else {}
    for method, path in endpoints(app):
        status = call(client, method, url(path, account), headers, path)
        needed = NEEDS[(method, path)]
        if role is None:
            expected = 401
        elif needed is None or needed in GRANTS[Role(role)]:
            expected = 200
        else:
            expected = 403
        if expected == 200 and (method, path) in PROBED:
            expected = 404
        assert status == expected, f"{role} {method} {path}: {status}"
