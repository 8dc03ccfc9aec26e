"""The Health & risk page on a history long enough for the churn model: the model's
backtest beside the health score, the riskiest accounts and the revenue at risk."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tenure.models.risk.fitter import ChurnRiskModel
from tenure.server.app import create_app
from tenure.server.auth.db import AuthDB
from tenure.server.auth.roles import Role
from tenure.server.auth.tokens import create_token
from tenure.server.auth.users import add_user
from tenure.server.config import ServerConfig
from tenure.workspace import Workspace

PASSWORD = "a long test passphrase"


def test_the_page_shows_risk_beside_health(demo_ws: Workspace, risk_model: ChurnRiskModel) -> None:
    db = AuthDB.for_workspace(demo_ws.folder)
    token = create_token(db, "page-test", Role.MANAGER, None)[1]
    headers = {"Authorization": f"Bearer {token}"}
    add_user(db, "page-manager", PASSWORD, Role.MANAGER, None)
    with TestClient(create_app(ServerConfig(folder=demo_ws.folder))) as client:
        twin = client.get("/api/pages/health", headers=headers).json()
        form = client.get("/login").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert csrf is not None
        login = {"username": "page-manager", "password": PASSWORD, "csrf_token": csrf.group(1)}
        client.post("/login", data=login)
        html = client.get("/health").text
    assert twin["risk_problem"] is None
    assert twin["model"]["auc"] == risk_model.metrics_["auc"]
    assert twin["model"]["health_auc"] == risk_model.baseline_["auc"]  # type: ignore[index]
    scores = demo_ws.risk()
    assert twin["revenue_at_risk"] == scores["revenue_at_risk"].sum()
    assert [r["account_id"] for r in twin["riskiest"]] == scores["account_id"].head(15).tolist()
    assert sum(b["accounts"] for b in twin["bands"]) == len(scores)
    shown = re.findall(r'<tr data-account="([^"]+)">', html.split('id="riskiest"')[1])
    assert shown == [r["account_id"] for r in twin["riskiest"]]
    assert "health score" in html.split('id="risk-model"')[1].split("</p>")[0]
