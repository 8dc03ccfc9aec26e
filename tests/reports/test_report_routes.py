"""The dashboard's report buttons and history section, and their API routes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tenure.server.app import create_app
from tenure.server.auth.db import AuthDB
from tenure.server.auth.roles import Role
from tenure.server.auth.tokens import create_token
from tenure.server.config import ServerConfig
from tenure.workspace import Workspace


@pytest.fixture(scope="module")
def tokens(demo_folder: Path) -> dict[str, str]:
    db = AuthDB.for_workspace(demo_folder)
    found = {}
    for role in ("admin", "viewer"):
        found[role] = create_token(db, f"reports-{role}", Role(role), None)[1]
    found["csm"] = create_token(db, "reports-csm", Role.CSM, "nobody-csm")[1]
    return found


@pytest.fixture(scope="module")
def client(demo_folder: Path) -> Iterator[TestClient]:
    with TestClient(create_app(ServerConfig(folder=demo_folder)), follow_redirects=False) as c:
        yield c


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_account_pack_route(client: TestClient, tokens: dict[str, str], account_id: str) -> None:
    answer = client.get(
        f"/api/reports/accounts/{account_id}?format=html&period=2026-Q3",
        headers=bearer(tokens["admin"]),
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert "Executive business review" in answer.text and "<svg" in answer.text
    outside = client.get(
        f"/api/reports/accounts/{account_id}?format=html", headers=bearer(tokens["csm"])
    )
    assert outside.status_code == 404  # not in that CSM's book


def test_company_pack_names_accounts_so_needs_all_accounts(
    client: TestClient, tokens: dict[str, str]
) -> None:
    answer = client.get("/api/reports/company?format=pdf", headers=bearer(tokens["viewer"]))
    assert answer.status_code == 403
    bad = client.get("/api/reports/company?period=soon", headers=bearer(tokens["admin"]))
    assert bad.status_code == 400


def test_history_json_shows_reported_beside_restated(
    demo_folder: Path, client: TestClient, tokens: dict[str, str]
) -> None:
    with Workspace.open(demo_folder) as ws:
        ws.snapshot(date(2026, 10, 31))
    answer = client.get("/api/history/mrr", headers=bearer(tokens["viewer"]))
    assert answer.status_code == 200
    rows = answer.json()["rows"]
    assert rows and {"period", "reported", "reported_on", "restated", "change"} <= set(rows[0])
    assert all(row["restated_flag"] is False for row in rows)
    assert client.get("/api/history/nope", headers=bearer(tokens["viewer"])).status_code == 404
    page = client.get("/api/pages/revenue", headers=bearer(tokens["viewer"]))
    assert page.status_code == 200 and page.json()["restated"]


def test_dashboard_pages_have_report_buttons(
    demo_folder: Path, client: TestClient, account_id: str
) -> None:
    import re

    from tenure.server.auth.users import add_user

    add_user(
        AuthDB.for_workspace(demo_folder),
        "reports-manager",
        "correct horse battery",
        Role.MANAGER,
        None,
    )
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    signed = client.post(
        "/login",
        data={"username": "reports-manager", "password": "correct horse battery"}
        | {"csrf_token": token.group(1)},
    )
    assert signed.status_code == 303
    overview = client.get("/")
    assert 'href="/api/reports/company?format=pdf"' in overview.text
    account = client.get(f"/accounts/{account_id}")
    assert f'href="/api/reports/accounts/{account_id}?format=pdf"' in account.text
    revenue = client.get("/revenue")
    assert "MRR as reported then, and as restated now" in revenue.text
