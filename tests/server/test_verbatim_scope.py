"""Verbatims name accounts: a CSM reads only their book's comments, a viewer none; and the
numbers of the new pages lead to explanations of the same value."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from pages_common import MONTH, RANGE
from server_common import Demo, bearer

from tenure.server.auth.principal import Principal
from tenure.server.auth.roles import Role
from tenure.server.data.scope import visible_accounts
from tenure.workspace import Workspace


def twin(client: TestClient, demo: Demo, role: str, name: str) -> dict[str, Any]:
    answer = client.get(f"/api/pages/{name}{RANGE}", headers=bearer(demo, role))
    assert answer.status_code == 200
    found: dict[str, Any] = answer.json()
    return found


def quoted(page: dict[str, Any]) -> set[str]:
    """Every account a verbatim of the page names."""
    return {
        verbatim["account_id"]
        for group in page["verbatims"]
        for theme in group["themes"]
        for verbatim in theme["verbatims"]
    }


def book(demo: Demo) -> set[str]:
    with Workspace.open(demo.folder) as ws:
        principal = Principal("csm", Role.CSM, demo.csm_id)
        return set(visible_accounts(ws, principal).account_id.to_pyarrow().to_pylist())


def test_csm_reads_only_their_book(client: TestClient, demo: Demo) -> None:
    mine = twin(client, demo, "csm", "experience")
    everyone = twin(client, demo, "manager", "experience")
    assert quoted(mine) <= book(demo)
    assert quoted(everyone) - book(demo), "the manager also reads other books"
    assert sum(g["comments"] for g in mine["verbatims"]) < sum(
        g["comments"] for g in everyone["verbatims"]
    )
    assert mine["verbatims_note"] and everyone["verbatims_note"] is None


def test_viewer_reads_no_verbatim(client: TestClient, demo: Demo) -> None:
    page = twin(client, demo, "viewer", "experience")
    assert page["verbatims"] == [] and "your role" in page["verbatims_note"]
    assert page["trends"][0]["rows"], "the survey figures stay"
    html = client.get(f"/experience{RANGE}", headers=bearer(demo, "viewer")).text
    assert "/accounts/" not in html


def explained(client: TestClient, demo: Demo, link: str) -> float | None:
    answer = client.get(f"/api/pages{link}", headers=bearer(demo, "manager"))
    assert answer.status_code == 200, link
    value: float | None = answer.json()["value"]
    return value


def test_ticket_csat_explains_with_its_source(client: TestClient, demo: Demo) -> None:
    page = twin(client, demo, "manager", "support")
    row = next(r for r in page["ticket_csat"]["rows"] if r["period"] == MONTH)
    assert "csat_source=tickets" in row["explain"]
    assert explained(client, demo, row["explain"]) == row["value"]


def test_split_figures_explain_their_level(client: TestClient, demo: Demo) -> None:
    support = twin(client, demo, "manager", "support")
    severity = next(r for r in support["severity"]["rows"] if r["period"] == MONTH)
    assert "split=severity" in severity["explain"]
    assert explained(client, demo, severity["explain"]) == severity["value"]
    adoption = twin(client, demo, "manager", "adoption")
    feature = next(r for r in adoption["features"]["rows"] if r["period"] == MONTH)
    assert explained(client, demo, feature["explain"]) == feature["value"]
