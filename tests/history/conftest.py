"""A small demo company for the metric-history tests (built once per session)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tenure.demo import DemoSpec, write_parquet
from tenure.schema import IMPORT_ORDER
from tenure.workspace import Workspace

LOAD_ORDER = IMPORT_ORDER


@pytest.fixture(scope="module")
def history_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("history")
    spec = DemoSpec(accounts=120, months=12, seed=11, end=date(2026, 10, 31))
    write_parquet(spec, folder / "files")
    with Workspace.init(folder / "ws", name="history") as ws:
        for table in LOAD_ORDER:
            ws.import_file(table, folder / "files" / f"{table}.parquet")
    return folder / "ws"
