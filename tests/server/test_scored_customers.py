"""With history enough for the churn model, the customer list and the account page show
each account's churn risk and the drivers raising it, as the Workspace scores them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from server_common import PASSWORD, build_demo, login

from tenure.server.app import create_app
from tenure.server.auth.db import AuthDB
from tenure.server.auth.roles import Role
from tenure.server.auth.users import add_user
from tenure.server.config import ServerConfig
from tenure.workspace import Workspace


@pytest.fixture(scope="module")
def long_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two years of a smaller demo company, and a manager."""
    folder = build_demo(tmp_path_factory.mktemp("scored"), accounts=150, months=24)
    add_user(AuthDB.for_workspace(folder), "manager", PASSWORD, Role.MANAGER)
    return folder


@pytest.fixture
def manager(long_demo: Path) -> Iterator[TestClient]:
    with TestClient(create_app(ServerConfig(folder=long_demo)), follow_redirects=False) as c:
        assert login(c, "manager") == 303
        yield c


def test_riskiest_customers_first(manager: TestClient, long_demo: Path) -> None:
    page = manager.get("/api/pages/customers?sort=risk_probability&order=desc&limit=10").json()
    with Workspace.open(long_demo) as ws:
        risk = ws.risk().set_index("account_id")
    assert page["risk_problem"] is None
    rows = page["accounts"]["rows"]
    assert [row["account_id"] for row in rows] == list(
        risk.sort_values("probability", ascending=False).index[:10]
    )
    for row in rows:
        assert row["risk_probability"] == pytest.approx(risk.loc[row["account_id"], "probability"])
        assert row["risk_band"] == risk.loc[row["account_id"], "band"]
    html = manager.get("/customers?sort=risk_probability&order=desc&limit=10").text
    assert f"/accounts/{rows[0]['account_id']}#risk" in html


def test_account_shows_its_risk_drivers(manager: TestClient, long_demo: Path) -> None:
    first = manager.get("/api/accounts?sort=risk_probability&order=desc&limit=1").json()["rows"][0]
    account_id = first["account_id"]
    detail = manager.get(f"/api/pages/account/{account_id}").json()
    with Workspace.open(long_demo) as ws:
        drivers = ws.risk_drivers(account_id)
    raising = drivers[drivers["effect"] > 0]["feature"].tolist()
    assert detail["risk"]["probability"] == first["risk_probability"]
    assert [d["feature"] for d in detail["risk"]["drivers"]] == raising[
        : len(detail["risk"]["drivers"])
    ]
    assert detail["risk"]["drivers"]
    html = manager.get(f"/accounts/{account_id}").text
    assert f'data-driver="{raising[0]}"' in html and 'id="risk-drivers"' in html


def test_list_filters_by_health_tier_and_risk_band(manager: TestClient, long_demo: Path) -> None:
    with Workspace.open(long_demo) as ws:
        health = ws.health().set_index("account_id")["tier"]
        band = ws.risk().set_index("account_id")["band"]
    red = manager.get("/api/accounts?health_tier=red&limit=1000").json()
    assert red["total"] == int((health == "red").sum()) > 0
    assert {row["health_tier"] for row in red["rows"]} == {"red"}
    both = manager.get("/api/accounts?health_tier=yellow&risk_band=low&limit=1000").json()
    expected = set(health[health == "yellow"].index) & set(band[band == "low"].index)
    assert {row["account_id"] for row in both["rows"]} == expected
    html = manager.get("/customers?health_tier=red").text
    assert '<select id="f-health_tier"' in html and 'value="red" selected' in html
    assert manager.get("/api/accounts?health_tier=purple").status_code == 422
