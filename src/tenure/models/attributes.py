"""Account attributes beside signals: point-in-time columns from the signals table first
(e.g. `plan` as the subscriptions stood), else the accounts table's current columns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from tenure.models.errors import HealthError

if TYPE_CHECKING:
    from tenure.workspace import Workspace


def with_attributes(ws: Workspace, frame: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """`frame` (with an account_id column) plus the attribute columns `names` it lacks."""
    missing = [name for name in dict.fromkeys(names) if name not in frame.columns]
    if not missing:
        return frame
    accounts = ws.table("accounts")
    unknown = [name for name in missing if name not in accounts.columns]
    if unknown:
        known = ", ".join(sorted({*accounts.columns, "plan"} - {"account_id"}))
        raise HealthError(f"unknown account attribute {unknown[0]!r}; known: {known}")
    values: pd.DataFrame = accounts.select("account_id", *missing).to_pandas()
    return frame.merge(values, on="account_id", how="left")
