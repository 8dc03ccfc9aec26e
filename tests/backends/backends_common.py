"""What the backend suite shares: the backends, the demo company, and exact comparisons."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd

from tenure.demo import DemoSpec
from tenure.ingest.pipeline import ImportReport
from tenure.schema import TABLES
from tenure.workspace import Workspace

#: Every backend the suite runs on; DuckDB (the default) is the reference.
BACKENDS = ("duckdb", "postgres", "pyspark")
REFERENCE = "duckdb"
OTHERS = tuple(b for b in BACKENDS if b != REFERENCE)

#: A small company: enough plans, teams and churn for every metric to have values.
SPEC = DemoSpec(accounts=80, months=18, seed=11, end=date(2025, 6, 30))

NewWorkspace = Callable[[str, str], Workspace]

_NAMES = itertools.count()


def unique_name(label: str) -> str:
    """A database name no other test of this run uses."""
    return f"tenure_{label}_{next(_NAMES)}"


class DemoWorkspace:
    """The demo company imported into a workspace on one backend, with the import reports."""

    def __init__(self, ws: Workspace, reports: list[ImportReport]) -> None:
        self.ws = ws
        self.reports = reports


def table_frame(ws: Workspace, table: str) -> pd.DataFrame:
    """A canonical table's rows sorted by key, as Python values (exact comparison)."""
    frame = ws.table(table).to_pyarrow().to_pandas()
    key = list(TABLES[table].key)
    frame = frame.sort_values(key).reset_index(drop=True)
    exact: pd.DataFrame = frame.astype(object).where(frame.notna(), None)
    return exact


def same_value(got: Any, want: Any) -> bool:
    """Decimals and integers exactly, floats to 1e-9, NULL/NaN alike, else equality."""
    if _missing(want) or _missing(got):
        return _missing(want) and _missing(got)
    if isinstance(want, float) or isinstance(got, float):
        return math.isclose(float(got), float(want), rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(want, Decimal | int) and not isinstance(want, bool):
        return Decimal(str(got)) == Decimal(str(want))
    return bool(got == want)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT


def differences(got: pd.DataFrame, want: pd.DataFrame, limit: int = 5) -> list[str]:
    """Where two results differ (columns, row count, then cell by cell), at most `limit`."""
    if list(got.columns) != list(want.columns):
        return [f"columns {list(got.columns)} != {list(want.columns)}"]
    if len(got) != len(want):
        return [f"{len(got)} rows != {len(want)} rows"]
    found = []
    for index, (left, right) in enumerate(
        zip(got.to_dict("records"), want.to_dict("records"), strict=False)
    ):
        for column in want.columns:
            if not same_value(left[column], right[column]):
                found.append(f"row {index} {column}: {left[column]!r} != {right[column]!r}")
    return found[:limit]


def sorted_result(frame: pd.DataFrame) -> pd.DataFrame:
    """A metric result in a backend-independent row order (by every non-numeric column)."""
    keys = [c for c in frame.columns if c not in ("value", "numerator", "denominator")]
    return frame.sort_values(keys, na_position="first").reset_index(drop=True)
