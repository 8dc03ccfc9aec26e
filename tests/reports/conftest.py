"""One small demo company for the review-pack tests, and its packs printed once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tenure.demo import DemoSpec
from tenure.demo.load import build_demo_workspace
from tenure.workspace import Workspace


def build_demo(folder: Path, accounts: int = 150, months: int = 12) -> Path:
    """A demo company imported into a new workspace in `folder`."""
    spec = DemoSpec(accounts=accounts, months=months, seed=7, end=date(2026, 10, 31))
    return build_demo_workspace(spec, folder, name="Demo Co")


def biggest_account(folder: Path) -> str:
    """The active account paying the most (it has usage, tickets and answers)."""
    with Workspace.open(folder) as ws:
        subs = ws.table("subscriptions")
        active = subs.filter(subs.ended_at.isnull()).order_by(subs.amount.desc()).limit(1)
        return str(active.to_pyarrow().column("account_id")[0].as_py())


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("reports"))


@pytest.fixture(scope="session")
def account_id(demo_folder: Path) -> str:
    return biggest_account(demo_folder)
