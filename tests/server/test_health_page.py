"""The Health & risk page: it shows what its JSON twin returns, for managers only; on a
history too short for the churn model it says why risk is missing."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from server_common import Demo, bearer, login


def test_health_page_matches_its_twin(client: TestClient, demo: Demo) -> None:
    assert login(client, "manager") == 303
    html = client.get("/health").text
    twin = client.get("/api/pages/health").json()
    shown = dict(re.findall(r'data-kpi="(\w+)" data-value="([^"]*)"', html))
    for row in twin["tiers"]:
        assert int(shown[row["tier"]]) == row["accounts"]
    assert sum(row["accounts"] for row in twin["tiers"]) == twin["accounts"] > 0
    assert sum(row["accounts"] for row in twin["distribution"]) == twin["accounts"]
    assert 'id="chart-distribution"' in html
    falling = re.findall(r'<tr data-account="([^"]+)">', html.split('id="falling-table"')[1])
    assert falling[: len(twin["falling"])] == [row["account_id"] for row in twin["falling"]]
    if twin["risk_problem"]:
        assert "Not available" in html and twin["revenue_at_risk"] is None
    else:
        assert twin["model"]["auc"] > 0.5 and len(twin["riskiest"]) > 0


def test_health_page_is_for_managers(client: TestClient, demo: Demo) -> None:
    answer = client.get("/api/pages/health", headers=bearer(demo, "csm"))
    assert answer.status_code == 403
    assert client.get("/api/pages/health", headers=bearer(demo, "manager")).status_code == 200
