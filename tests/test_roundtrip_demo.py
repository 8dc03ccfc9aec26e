"""Every demo table exported to CSV and to Parquet imports into a new workspace unchanged."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from tenure.cli.demo import LOAD_ORDER
from tenure.demo import DemoSpec, write_parquet
from tenure.schema import TABLES
from tenure.workspace import Workspace

SPEC = DemoSpec(accounts=150, months=18, seed=11, end=date(2025, 6, 30))


@pytest.fixture(scope="module")
def demo_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    files = folder / "files"
    write_parquet(SPEC, files)
    with Workspace.init(folder / "ws") as ws:
        for table in LOAD_ORDER:
            report = ws.import_file(table, files / f"{table}.parquet")
            assert report.quarantined == 0, report.first_refusals
            assert report.inserted == report.rows_read
    return folder / "ws"


def _sorted(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    key = list(TABLES[table].key)
    return frame.sort_values(key).reset_index(drop=True)


@pytest.mark.parametrize("suffix", ["csv", "parquet", "jsonl"])
def test_every_table_round_trips_exactly(demo_workspace: Path, tmp_path: Path, suffix: str) -> None:
    with Workspace.open(demo_workspace) as source, Workspace.init(tmp_path / "copy") as copy:
        for table in LOAD_ORDER:
            path = tmp_path / f"{table}.{suffix}"
            written = source.export(table, path)
            report = copy.import_file(table, path)
            assert report.quarantined == 0, (table, report.first_refusals)
            assert report.inserted == written
        for table in LOAD_ORDER:
            original = _sorted(source.table(table).to_pandas(), table)
            loaded = _sorted(copy.table(table).to_pandas(), table)
            assert source.table(table).schema() == copy.table(table).schema(), table
            pd.testing.assert_frame_equal(original, loaded, check_exact=True, obj=table)


def test_every_table_is_filled(demo_workspace: Path) -> None:
    with Workspace.open(demo_workspace) as ws:
        empty = [name for name in TABLES if ws.table(name).count().to_pyarrow().as_py() == 0]
    assert empty == []


def test_reimporting_the_demo_changes_nothing(demo_workspace: Path, tmp_path: Path) -> None:
    files = tmp_path / "files"
    write_parquet(SPEC, files)
    with Workspace.open(demo_workspace) as ws:
        for table in LOAD_ORDER:
            report = ws.import_file(table, files / f"{table}.parquet")
            assert (report.inserted, report.updated) == (0, 0), table
            assert report.unchanged == report.rows_read
