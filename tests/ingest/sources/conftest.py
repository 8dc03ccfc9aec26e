"""Fixtures for the vendor-export importers: a fresh workspace, samples, rows by key."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tenure.workspace import Workspace

SAMPLES = Path(__file__).resolve().parent / "samples"

Rows = dict[str, dict[str, object]]


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    """A fresh, empty workspace."""
    with Workspace.init(tmp_path / "workspace") as ws:
        yield ws


@pytest.fixture
def with_accounts(workspace: Workspace) -> Workspace:
    """A workspace holding the sample companies the support, usage and survey files name."""
    report = workspace.import_file("accounts", SAMPLES / "accounts.csv")
    assert report.quarantined == 0
    return workspace


@pytest.fixture
def sample() -> Callable[[str], Path]:
    """The path of a sample export, e.g. `sample("stripe/customers.csv")`."""
    return lambda name: SAMPLES / name


@pytest.fixture
def rows() -> Callable[[Workspace, str, str], Rows]:
    """A table's stored rows keyed by one column (values as Python objects)."""

    def by_key(ws: Workspace, table: str, key: str) -> Rows:
        stored = ws.table(table).to_pyarrow().to_pylist()
        return {str(row[key]): row for row in stored}

    return by_key
