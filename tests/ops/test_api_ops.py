"""The Tasks, Goals and Team pages and their API: role rules, a CSM's own tasks, forms."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from server_common import PASSWORD, ROLES, busiest_csm, csrf_of, login

from tenure.server.app import create_app
from tenure.server.auth.db import AuthDB
from tenure.server.auth.roles import Role
from tenure.server.auth.tokens import create_token
from tenure.server.auth.users import add_user
from tenure.server.config import ServerConfig
from tenure.workspace import Workspace

DAY = date(2026, 10, 31)


@dataclass(frozen=True)
class Site:
    folder: Path
    csm_id: str
    tokens: dict[str, str]

    def bearer(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


@pytest.fixture(scope="module")
def site(demo_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Site:
    folder = shutil.copytree(demo_folder, tmp_path_factory.mktemp("ops-site") / "ws")
    with Workspace.open(folder) as ws:
        ws.run_alerts(DAY, notify=False)
    csm_id = busiest_csm(folder)
    db = AuthDB.for_workspace(folder)
    tokens = {}
    for role in ROLES:
        book = csm_id if role == "csm" else None
        add_user(db, role, PASSWORD, Role(role), book)
        tokens[role] = create_token(db, f"{role}-token", Role(role), book)[1]
    return Site(folder, csm_id, tokens)


@pytest.fixture(scope="module")
def app(site: Site) -> FastAPI:
    return create_app(ServerConfig(folder=site.folder))


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def test_a_csm_sees_only_their_own_tasks(client: TestClient, site: Site) -> None:
    mine = client.get("/api/tasks?status=open", headers=site.bearer("csm")).json()
    every = client.get("/api/tasks?status=open", headers=site.bearer("manager")).json()
    assert 0 < mine["total"] < every["total"]
    assert {row["owner_id"] for row in mine["rows"]} == {site.csm_id}
    widened = client.get("/api/tasks?csm=C001&csm=C002", headers=site.bearer("csm")).json()
    assert {row["owner_id"] for row in widened["rows"]} <= {site.csm_id}
    first = client.get("/api/tasks?limit=2", headers=site.bearer("manager")).json()
    assert len(first["rows"]) == 2 and first["total"] == every["total"]
    page = client.get("/api/pages/tasks", headers=site.bearer("csm")).json()
    assert [r["task_id"] for r in page["tasks"]["rows"]] == [r["task_id"] for r in mine["rows"]]
    assert page["can_filter_csm"] is False


def test_roles_on_tasks_goals_and_team(client: TestClient, site: Site) -> None:
    expected = {
        "/api/tasks": {"admin": 200, "manager": 200, "csm": 200, "viewer": 403},
        "/api/pages/tasks": {"admin": 200, "manager": 200, "csm": 200, "viewer": 403},
        "/api/pages/goals": {"admin": 200, "manager": 200, "csm": 200, "viewer": 200},
        "/api/goals": {"admin": 200, "manager": 200, "csm": 200, "viewer": 200},
        "/api/pages/team": {"admin": 200, "manager": 200, "csm": 403, "viewer": 403},
    }
    for path, by_role in expected.items():
        for role, status in by_role.items():
            assert client.get(path, headers=site.bearer(role)).status_code == status, (path, role)
        assert client.get(path).status_code == 401


def test_a_csm_changes_their_task_but_not_anothers(client: TestClient, site: Site) -> None:
    every = client.get("/api/tasks", headers=site.bearer("manager")).json()["rows"]
    other = next(r for r in every if r["owner_id"] != site.csm_id)["task_id"]
    mine = next(r for r in every if r["owner_id"] == site.csm_id)["task_id"]
    answer = client.post(f"/api/tasks/{other}", json={"status": "done"}, headers=site.bearer("csm"))
    assert answer.status_code == 404
    until = (date.today() + timedelta(days=7)).isoformat()
    change = {"status": "snoozed", "until": until}
    answer = client.post(f"/api/tasks/{mine[:8]}", json=change, headers=site.bearer("csm"))
    assert answer.status_code == 200 and answer.json()["snoozed_until"] == until
    bad = client.post(f"/api/tasks/{mine}", json={"status": "snoozed"}, headers=site.bearer("csm"))
    assert bad.status_code == 400
    viewer = client.post(
        f"/api/tasks/{mine}", json={"status": "done"}, headers=site.bearer("viewer")
    )
    assert viewer.status_code == 403


def test_goals_crud_by_role(client: TestClient, site: Site) -> None:
    goal = {"metric": "mrr", "target": 100000, "period": "2026-Q4", "note": "API"}
    assert client.post("/api/goals", json=goal, headers=site.bearer("csm")).status_code == 403
    made = client.post("/api/goals", json=goal, headers=site.bearer("manager"))
    assert made.status_code == 200
    body = made.json()
    assert body["status"] in ("on track", "at risk", "off track") and body["value"] > 0
    bad = client.post("/api/goals", json={**goal, "metric": "nope"}, headers=site.bearer("admin"))
    assert bad.status_code == 400
    listed = client.get("/api/goals", headers=site.bearer("viewer")).json()
    assert body["goal_id"] in {g["goal_id"] for g in listed}
    path = f"/api/goals/{body['goal_id']}"
    assert client.delete(path, headers=site.bearer("csm")).status_code == 403
    assert client.delete(path, headers=site.bearer("manager")).status_code == 200
    assert client.delete(path, headers=site.bearer("manager")).status_code == 404


def test_team_page_matches_its_twin(client: TestClient, site: Site) -> None:
    assert login(client, "manager") == 303
    html = client.get("/team").text
    twin = client.get("/api/pages/team").json()
    shown = dict(
        re.findall(r'data-csm="([^"]+)">.*?data-column="mrr" data-value="([^"]*)"', html, re.S)
    )
    assert len(shown) == len(twin["csms"]) > 0
    for row in twin["csms"]:
        assert float(shown[row["csm_id"]]) == pytest.approx(row["mrr"])
    assert len(twin["benchmarks"]) == 8 and "Benchmarks" in html


def test_mark_a_task_done_through_the_page(client: TestClient, site: Site) -> None:
    assert login(client, "csm") == 303
    html = client.get("/tasks").text
    ids = re.findall(r'data-task="([0-9a-f]+)" data-status="open"', html)
    assert ids
    token = csrf_of(client)
    form = {"csrf_token": token, "status": "done", "back_status": "open"}
    answer = client.post(f"/tasks/{ids[0]}", data=form)
    assert answer.status_code == 303 and answer.headers["location"] == "/tasks?status=open"
    assert ids[0] not in client.get("/tasks").text
    assert f'data-task="{ids[0]}" data-status="done"' in client.get("/tasks?status=done").text
    forged = client.post(f"/tasks/{ids[1]}", data={**form, "csrf_token": "forged"})
    assert forged.status_code == 403


def test_goal_forms(client: TestClient, app: FastAPI) -> None:
    assert login(client, "manager") == 303
    token = csrf_of(client)
    form = {"csrf_token": token, "metric": "nps", "target": "20", "period": "2026"}
    assert client.post("/goals", data=form).status_code == 303
    html = client.get("/goals").text
    goal_id = re.findall(r'data-goal="([0-9a-f]+)"', html)[-1]
    assert client.post(f"/goals/{goal_id}/delete", data={"csrf_token": token}).status_code == 303
    assert goal_id not in client.get("/goals").text
    with TestClient(app, follow_redirects=False) as csm:
        assert login(csm, "csm") == 303
        assert "Add a goal" not in csm.get("/goals").text
