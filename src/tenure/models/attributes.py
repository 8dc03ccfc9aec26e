"""Account attributes beside signals: point-in-time columns from the signals table first
(e.g. `plan` as the subscriptions stood), else the accounts table's current columns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from tenure.models.errors import HealthError
from tenure.models.signals.catalogue import SIGNAL_NAMES

if TYPE_CHECKING:
    from tenure.workspace import Workspace


def check_attributes(ws: Workspace, names: Sequence[str]) -> None:
    """A clear error for a name that is neither a signal column nor an account column."""
    columns = set(ws.table("accounts").columns) | set(SIGNAL_NAMES) | {"plan", "card", "tier"}
    unknown = [name for name in names if name not in columns]
    if unknown:
        known = ", ".join(sorted(set(ws.table("accounts").columns) - {"account_id"} | {"plan"}))
        raise HealthError(f"unknown account attribute {unknown[0]!r}; known: {known}")


def with_attributes(ws: Workspace, frame: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """`frame` (with an account_id column) plus the attribute columns `names` it lacks."""
    missing = [name for name in dict.fromkeys(names) if name not in frame.columns]
    if not missing:
        return frame
    check_attributes(ws, missing)
    accounts = ws.table("accounts")
    values: pd.DataFrame = accounts.select("account_id", *missing).to_pandas()
    return frame.merge(values, on="account_id", how="left")
