"""Answers kept per data version: a repeated request is answered without connecting to the
workspace, and any write to it (an import from elsewhere) shows at the next request."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from server_common import build_demo

from tenure.server import access
from tenure.server.app import create_app
from tenure.server.auth.db import AuthDB
from tenure.server.auth.roles import Role
from tenure.server.auth.tokens import create_token
from tenure.server.config import ServerConfig
from tenure.workspace import Workspace


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("response-cache"), accounts=60, months=6)


@pytest.fixture
def client(folder: Path) -> Iterator[TestClient]:
    token = create_token(AuthDB.for_workspace(folder), "cache", Role("admin"), None)[1]
    app = create_app(ServerConfig(folder=folder))
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as test_client:
        yield test_client


@pytest.fixture
def opens(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The folders the server opened a workspace on, in order."""
    opened: list[Path] = []
    real: Callable[[Path], Workspace] = Workspace.open

    def counting(folder: Path | None = None) -> Workspace:
        opened.append(Path(str(folder)))
        return real(folder)

    monkeypatch.setattr(access.Workspace, "open", counting)
    return opened


def test_a_repeated_request_does_not_connect(client: TestClient, opens: list[Path]) -> None:
    account = client.get("/api/accounts", params={"limit": 1}).json()["rows"][0]["account_id"]
    paths = ["/api/metrics/mrr", "/api/metrics/nrr?by=plan", f"/api/accounts/{account}"]
    first = [client.get(path).json() for path in paths]
    before = len(opens)
    assert before > 0  # the first answers did connect
    again = [client.get(path).json() for path in paths]
    assert again == first
    assert len(opens) == before


def test_an_import_from_elsewhere_shows_at_the_next_request(
    client: TestClient, folder: Path, tmp_path: Path
) -> None:
    def customers() -> float:
        rows = client.get("/api/metrics/customers", params={"start": "2026-10-01"}).json()
        return float(rows["rows"][-1]["value"])

    before = customers()
    assert customers() == before  # answered from the cache
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("account_id,name\nnew-1,New one\n", encoding="utf-8")
    subscriptions = tmp_path / "subscriptions.csv"
    subscriptions.write_text(
        "subscription_id,account_id,started_at,amount\nnew-s1,new-1,2026-10-02,50\n",
        encoding="utf-8",
    )
    with Workspace.open(folder) as ws:
        ws.import_file("accounts", accounts)
        ws.import_file("subscriptions", subscriptions)
    assert customers() == before + 1
