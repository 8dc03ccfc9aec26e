"""Signals of a workspace as data frames: the data horizon and point-in-time snapshots."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from tenure.metrics.cache import cached_each, own_store
from tenure.metrics.presets import resolve
from tenure.models.signals.build import signals_expr
from tenure.models.signals.context import SignalContext
from tenure.models.signals.windows import snapshot_table

if TYPE_CHECKING:
    from tenure.workspace import Workspace

#: Whole-company requests of at most this many days keep each day's signals (when the
#: result cache is on): health (the day and the day its trend starts from) and risk
#: scoring (the day) then share the day's, the costliest part of both. A risk fit's
#: dozens of days are not kept.
KEPT_DAYS = 2
#: The days of signals kept, in a store of their own: one day of a large company's
#: signals (200,000 accounts) takes about 80 MB.
_KEPT = own_store(4)

#: Tables and columns whose latest date marks how far the workspace's history reaches.
_HORIZON_COLUMNS = {
    "events": "occurred_at",
    "subscriptions": "started_at",
    "invoices": "issued_at",
    "tickets": "created_at",
}


def data_horizon(ws: Workspace) -> date:
    """The last day the workspace has data for (never after today): the default as-of."""
    latest = [
        ws.table(name)[column].max().name("latest") for name, column in _HORIZON_COLUMNS.items()
    ]
    values = [ws.store.con.to_pyarrow(value).as_py() for value in latest]
    days = [value.date() for value in values if value is not None]
    today = date.today()
    return min(max(days), today) if days else today


def signal_context(
    ws: Workspace,
    days: Sequence[date],
    horizon_days: int = 90,
    accounts: Sequence[str] | None = None,
) -> SignalContext:
    """The signal context of `days` on the workspace's tables (of `accounts` only, when
    given) and settings."""
    conventions = resolve(ws.settings.metrics)
    snaps = snapshot_table(days, horizon_days)
    return SignalContext(ws, snaps, ws.settings.signals, conventions, accounts)


def signals_frame(
    ws: Workspace, days: Sequence[date], accounts: Sequence[str] | None = None
) -> pd.DataFrame:
    """Signals of every account (or of `accounts`) at each of `days`; as_of is a date."""
    if accounts is not None or not days or len(set(days)) > KEPT_DAYS:
        return _computed(ws, days, accounts)
    ordered = sorted(set(days))
    frames = cached_each(ws, "signals", ordered, lambda w: _per_day(ws, w), store=_KEPT)
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return frame.sort_values(["as_of", "account_id"], kind="stable", ignore_index=True)


def _per_day(ws: Workspace, days: list[date]) -> list[pd.DataFrame]:
    """The signals of every account at `days` (one query), a frame per day."""
    frame = _computed(ws, days, None)
    return [frame[frame["as_of"] == day].reset_index(drop=True) for day in days]


def _computed(ws: Workspace, days: Sequence[date], accounts: Sequence[str] | None) -> pd.DataFrame:
    """Signals of every account (or of `accounts`) at each of `days`, computed."""
    # the context narrows every table, the accounts table too: no filter needed after
    expr = signals_expr(signal_context(ws, days, accounts=accounts))
    expr = expr.order_by("as_of", "account_id")
    frame: pd.DataFrame = ws.store.con.to_pyarrow(expr).to_pandas()
    return frame
