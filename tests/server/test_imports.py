"""Upload a file through the API and the page: validation, quarantine and report, as the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from server_common import PASSWORD, login

from tenure.server.app import create_app
from tenure.server.auth.db import AuthDB
from tenure.server.auth.roles import Role
from tenure.server.auth.tokens import create_token
from tenure.server.auth.users import add_user
from tenure.server.config import ServerConfig
from tenure.workspace import Workspace

GOOD_AND_BAD = (
    "account_id,name,created_at\nu1,Umbra,2024-01-05\nu2,Vega,not-a-date\nu3,Wren,2024-03-01\n"
)


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[tuple[TestClient, str]]:
    folder = tmp_path / "ws"
    Workspace.init(folder).close()
    db = AuthDB.for_workspace(folder)
    add_user(db, "admin", PASSWORD, Role.ADMIN)
    token = create_token(db, "loader", Role.ADMIN)[1]
    with TestClient(create_app(ServerConfig(folder=folder)), follow_redirects=False) as client:
        yield client, token


def test_api_upload_reports_and_quarantines(empty: tuple[TestClient, str]) -> None:
    client, token = empty
    headers = {"Authorization": f"Bearer {token}"}
    files = {"file": ("accounts.csv", GOOD_AND_BAD.encode(), "text/csv")}
    answer = client.post("/api/imports", data={"table": "accounts"}, files=files, headers=headers)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert (report["rows_read"], report["inserted"], report["quarantined"]) == (3, 2, 1)
    assert report["file"] == "accounts.csv"
    refusal = report["first_refusals"][0]
    assert (refusal["line"], refusal["column"], refusal["value"]) == (3, "created_at", "not-a-date")
    quarantine = client.get("/api/quarantine", headers=headers).json()
    assert [row["value"] for row in quarantine] == ["not-a-date"]
    log = client.get("/api/imports", headers=headers).json()
    assert log[0]["inserted"] == 2
    again = client.post("/api/imports", data={"table": "accounts"}, files=files, headers=headers)
    assert again.json()["unchanged"] == 2


def test_api_upload_refuses_unknown_tables_and_bad_files(empty: tuple[TestClient, str]) -> None:
    client, token = empty
    headers = {"Authorization": f"Bearer {token}"}
    files = {"file": ("x.csv", b"a,b\n1,2\n", "text/csv")}
    assert (
        client.post(
            "/api/imports", data={"table": "nope"}, files=files, headers=headers
        ).status_code
        == 422
    )
    answer = client.post("/api/imports", data={"table": "accounts"}, files=files, headers=headers)
    assert answer.status_code == 400
    assert "account_id" in answer.json()["detail"]


def test_page_upload_shows_the_quarantine_report(empty: tuple[TestClient, str]) -> None:
    client, _ = empty
    assert login(client, "admin") == 303
    page = client.get("/import")
    csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    files = {"file": ("accounts.csv", GOOD_AND_BAD.encode(), "text/csv")}
    answer = client.post("/import", data={"table": "accounts", "csrf_token": csrf}, files=files)
    assert answer.status_code == 200
    assert 'id="import-report"' in answer.text
    assert "quarantined 1" in answer.text
    assert "not-a-date" in answer.text
