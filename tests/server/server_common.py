"""Helpers of the server tests: a demo workspace, users per role, sign-in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from tenure.demo import DemoSpec
from tenure.demo.load import build_demo_workspace
from tenure.workspace import Workspace

PASSWORD = "correct horse battery"
ROLES = ("admin", "manager", "csm", "viewer")


def build_demo(folder: Path, accounts: int = 300, months: int = 12) -> Path:
    """A demo company imported into a new workspace in `folder`."""
    spec = DemoSpec(accounts=accounts, months=months, seed=7, end=date(2026, 10, 31))
    return build_demo_workspace(spec, folder, name="demo")


def busiest_csm(folder: Path) -> str:
    """The CSM owning the most accounts (the csm test user's book)."""
    with Workspace.open(folder) as ws:
        accounts = ws.table("accounts")
        counts = accounts.group_by("csm_id").aggregate(n=accounts.count()).order_by("n")
        rows = counts.to_pyarrow().to_pylist()
    return str([row for row in rows if row["csm_id"]][-1]["csm_id"])


@dataclass(frozen=True)
class Demo:
    """The shared test workspace and its callers."""

    folder: Path
    csm_id: str
    tokens: dict[str, str]


def login(client: TestClient, username: str, password: str = PASSWORD) -> int:
    """Sign in through the form; returns the answer's status (303 on success)."""
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    answer = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token.group(1)},
    )
    return answer.status_code


def bearer(demo: Demo, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {demo.tokens[role]}"}


def csrf_of(client: TestClient) -> str:
    """The session's CSRF token, read from a page's sign-out form."""
    page = client.get("/")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found is not None
    return found.group(1)
