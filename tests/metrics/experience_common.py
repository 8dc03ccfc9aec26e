"""A small demo company loaded once per test process, pandas views of its tables, and the
comparison of an engine result with an oracle for every grain, with and without a segment.

The oracles (in `experience_oracle`) share no code with the engine: each computes a metric
from its written definition with pandas, period by period and segment by segment.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
from metrics_compare import check
from metrics_oracle import period_list

from tenure.demo import DemoSpec, generate
from tenure.workspace import Workspace

SPEC = DemoSpec(accounts=90, months=15, seed=11, end=date(2025, 12, 31))
RANGES = {
    "day": (date(2025, 6, 2), date(2025, 6, 12)),
    "week": (date(2025, 4, 7), date(2025, 6, 29)),
    "month": (date(2025, 1, 1), date(2025, 12, 31)),
    "quarter": (date(2024, 10, 1), date(2025, 12, 31)),
    "year": (date(2024, 1, 1), date(2025, 12, 31)),
}
GRAINS = tuple(RANGES)
#: (grain, segmented): every grain once, a segment (plan) on three of them.
CASES = [("day", True), ("week", False), ("month", True), ("quarter", False), ("year", True)]

Oracle = Callable[[Any, str, pd.Timestamp, pd.Timestamp, set[str]], dict[str, Any]]


@dataclass(frozen=True)
class Company:
    """The demo company in a workspace, and its tables as pandas frames."""

    ws: Workspace
    frames: dict[str, pd.DataFrame]


@functools.cache
def company() -> Company:
    """Generate and load the demo company (once per process, in memory)."""
    folder = Path(tempfile.mkdtemp(prefix="tenure-experience-"))
    ws = Workspace.init(folder / "ws", backend="duckdb://:memory:")
    parts: dict[str, list[pa.Table]] = {}
    for batch in generate(SPEC):
        for name, table in batch.items():
            parts.setdefault(name, []).append(table)
    frames = {}
    for name, tables in parts.items():
        table = pa.concat_tables(tables)
        ws.store.con.create_table(name, table, overwrite=True)
        frames[name] = table.to_pandas()
    return Company(ws, frames)


def plans(frames: dict[str, pd.DataFrame]) -> dict[Any, set[str]]:
    """Accounts per plan: `accounts.plan`, else the plan of the latest subscription."""
    subs = frames["subscriptions"].sort_values("started_at")
    latest = subs.groupby("account_id")["plan"].last()
    accounts = frames["accounts"].set_index("account_id")
    plan = accounts["plan"].fillna(latest.reindex(accounts.index))
    groups: dict[Any, set[str]] = {}
    for account, value in plan.items():
        groups.setdefault(None if pd.isna(value) else value, set()).add(str(account))
    return groups


def compare(
    company: Company,
    data: Any,
    key: str,
    grain: str,
    segmented: bool,
    oracle: Oracle,
    **request: Any,
) -> None:
    """The engine's `key` equals `oracle` in every period (and plan) of the grain's range."""
    first, last = RANGES[grain]
    by = ["plan"] if segmented else []
    frame = company.ws.metric(key, grain, first, last, by=by, **request)
    groups = (
        plans(company.frames) if segmented else {None: set(company.frames["accounts"].account_id)}
    )
    periods = [(pd.Timestamp(a), pd.Timestamp(b)) for a, b in period_list(grain, first, last)]
    for group, accounts in groups.items():
        rows = frame if not segmented else frame[_is(frame["plan"], group)]
        wanted = [oracle(data, grain, p0, p1, accounts) for p0, p1 in periods]
        check(rows.reset_index(drop=True), wanted, key, f" [{grain}, plan={group}]")


def _is(column: pd.Series, value: Any) -> pd.Series:
    return column.isna() if value is None else column == value
