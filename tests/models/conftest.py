"""Fixtures of the model tests: the demo company in a workspace, and its fitted risk model.

Built once per run and only when a test asks for them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from models_common import DEMO, SMALL, demo_tables, load_tables

from tenure.models.risk.fitter import ChurnRiskModel
from tenure.workspace import Workspace


@pytest.fixture(scope="session")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """The demo company (1,000 accounts over 24 months) in a DuckDB workspace."""
    folder = tmp_path_factory.mktemp("models-demo")
    tables = demo_tables(DEMO, folder / "files")
    with Workspace.init(folder / "ws", name="demo") as ws:
        yield load_tables(ws, tables)


@pytest.fixture(scope="session")
def risk_model(demo_ws: Workspace) -> ChurnRiskModel:
    """The churn-risk model fitted (and saved) on the demo workspace."""
    return demo_ws.fit_risk()


@pytest.fixture(scope="session")
def small_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """A smaller demo company (300 accounts over 15 months)."""
    folder = tmp_path_factory.mktemp("models-small")
    tables = demo_tables(SMALL, folder / "files")
    with Workspace.init(folder / "ws", name="small") as ws:
        yield load_tables(ws, tables)
