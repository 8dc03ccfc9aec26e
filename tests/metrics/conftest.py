"""Fixtures of the metric tests: one in-memory DuckDB workspace per test module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tenure.workspace import Workspace


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """An empty workspace on an in-memory DuckDB, shared by the tests of one module."""
    folder: Path = tmp_path_factory.mktemp("metrics")
    with Workspace.init(folder / "ws", backend="duckdb://:memory:") as workspace:
        yield workspace
