"""No endpoint returns data outside the caller's scope: a CSM sees only their book."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient
from server_common import Demo, bearer, login

from tenure.server.auth.principal import Principal
from tenure.server.auth.roles import Role
from tenure.server.data.scope import visible_accounts
from tenure.workspace import Workspace


def book(demo: Demo) -> set[str]:
    with Workspace.open(demo.folder) as ws:
        principal = Principal("csm", Role.CSM, demo.csm_id)
        ids = visible_accounts(ws, principal).account_id.to_pyarrow().to_pylist()
    return set(ids)


def all_ids(client: TestClient, demo: Demo, role: str) -> set[str]:
    answer = client.get("/api/accounts?limit=1000", headers=bearer(demo, role)).json()
    return {row["account_id"] for row in answer["rows"]}


def test_csm_lists_only_their_book(client: TestClient, demo: Demo) -> None:
    mine = all_ids(client, demo, "csm")
    assert mine == book(demo)
    everyone = all_ids(client, demo, "manager")
    assert 0 < len(mine) < len(everyone)
    owners = {
        row["owner_id"]
        for row in client.get("/api/accounts?limit=1000", headers=bearer(demo, "csm")).json()[
            "rows"
        ]
    }
    assert owners == {demo.csm_id}


def test_csm_cannot_open_another_csms_account(client: TestClient, demo: Demo) -> None:
    other = sorted(all_ids(client, demo, "manager") - book(demo))[0]
    mine = sorted(book(demo))[0]
    headers = bearer(demo, "csm")
    assert client.get(f"/api/accounts/{mine}", headers=headers).status_code == 200
    for path in (f"/api/accounts/{other}", f"/api/pages/account/{other}"):
        assert client.get(path, headers=headers).status_code == 404
    assert client.get(f"/api/accounts/{other}", headers=bearer(demo, "manager")).status_code == 200


def test_csm_pages_show_only_their_book(client: TestClient, demo: Demo) -> None:
    assert login(client, "csm") == 303
    page = client.get("/customers?limit=1000").text
    other = sorted(all_ids(client, demo, "manager") - book(demo))
    assert all(f'data-account="{account}"' not in page for account in other)
    assert client.get(f"/accounts/{other[0]}").status_code == 404
    exported = client.get("/api/accounts.csv").text
    ids = {row["account_id"] for row in csv.DictReader(io.StringIO(exported))}
    assert ids == book(demo)


def test_csm_filters_cannot_widen_the_book(client: TestClient, demo: Demo) -> None:
    other_owner = next(
        row["owner_id"]
        for row in client.get("/api/accounts?limit=1000", headers=bearer(demo, "manager")).json()[
            "rows"
        ]
        if row["owner_id"] and row["owner_id"] != demo.csm_id
    )
    answer = client.get(f"/api/accounts?owner_id={other_owner}", headers=bearer(demo, "csm"))
    assert answer.json()["total"] == 0


def test_viewer_gets_403_on_account_data(client: TestClient, demo: Demo) -> None:
    headers = bearer(demo, "viewer")
    for path in ("/api/accounts", "/api/accounts.csv", "/api/pages/customers"):
        assert client.get(path, headers=headers).status_code == 403
    assert client.get("/api/metrics/mrr", headers=headers).status_code == 200
    assert login(client, "viewer") == 303
    assert client.get("/customers").status_code == 403
    assert "Customers" not in client.get("/").text.split("<main")[0]


def test_account_segments_need_every_account(client: TestClient, demo: Demo) -> None:
    for role in ("csm", "viewer"):
        answer = client.get("/api/metrics/mrr?by=account_id", headers=bearer(demo, role))
        assert answer.status_code == 403
        answer = client.get("/api/metrics/mrr?where=account_id=A000001", headers=bearer(demo, role))
        assert answer.status_code == 403


def test_explanations_list_only_visible_accounts(client: TestClient, demo: Demo) -> None:
    path = "/api/metrics/mrr/explain?period=2026-10-01"
    full = client.get(path, headers=bearer(demo, "manager")).json()
    mine = client.get(path, headers=bearer(demo, "csm")).json()
    none = client.get(path, headers=bearer(demo, "viewer")).json()
    if full["accounts_total"] == 0:
        return
    assert {a["account_id"] for a in mine["accounts"]} <= book(demo)
    assert len(mine["accounts"]) < len(full["accounts"])
    assert none["accounts"] == [] and none["accounts_note"]
    assert mine["value"] == full["value"] == none["value"]
