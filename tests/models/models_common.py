"""Shared helpers of the health, risk and signal tests: demo workspaces loaded fast, and
hand-built rows written straight into a workspace's tables."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from tenure.cli.demo import LOAD_ORDER
from tenure.demo import DemoSpec, write_parquet
from tenure.schema import TABLES
from tenure.storage.types import arrow_schema
from tenure.workspace import Workspace

#: The demo company of the model tests: long and large enough for a time-split backtest
#: (18 labelled monthly snapshots, 6 of them held out), small enough to build in seconds.
DEMO = DemoSpec(accounts=1000, months=24, seed=7, end=date(2025, 12, 31))
#: A smaller company for point-in-time and CLI checks.
SMALL = DemoSpec(accounts=300, months=15, seed=11, end=date(2025, 6, 30))


def demo_tables(spec: DemoSpec, folder: Path) -> dict[str, pa.Table]:
    """The demo company's canonical tables (written once to Parquet in `folder`)."""
    if not (folder / "accounts.parquet").exists():
        write_parquet(spec, folder)
    return {name: pq.read_table(folder / f"{name}.parquet") for name in LOAD_ORDER}


def load_tables(ws: Workspace, tables: Mapping[str, pa.Table]) -> Workspace:
    """Insert generated tables as they are (they already follow the canonical schema)."""
    for name, table in tables.items():
        ws.store.insert(name, table)
    return ws


def at(day: date | str | None, hour: int = 0) -> datetime | None:
    """A naive UTC timestamp at `hour` of `day`."""
    if day is None:
        return None
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return datetime(day.year, day.month, day.day, hour)


def load_rows(ws: Workspace, name: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """Replace table `name` by `rows` (canonical columns; missing ones are empty)."""
    schema = arrow_schema(TABLES[name])
    rows = list(rows)
    arrays = {f.name: pa.array([r.get(f.name) for r in rows], f.type) for f in schema}
    ws.store.con.create_table(name, pa.table(arrays, schema=schema), overwrite=True)
