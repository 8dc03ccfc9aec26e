"""Snapshot examples for the churn-risk model: at each monthly snapshot, every paying
account's point-in-time signals and health score, labelled 1 when it stopped being a
customer within the horizon."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import pandas as pd

from tenure.metrics.periods import add_months
from tenure.models.attributes import with_attributes
from tenure.models.health.service import health_scores
from tenure.models.risk.settings import RiskSettings
from tenure.models.signals.catalogue import SIGNAL_NAMES
from tenure.models.signals.revenue import churned_within
from tenure.models.signals.service import signal_context, signals_frame

if TYPE_CHECKING:
    from tenure.workspace import Workspace


def features_of(settings: RiskSettings) -> list[str]:
    """The model's features: those configured, else every signal and the health score."""
    return list(settings.features or [*SIGNAL_NAMES, "health_score"])


def data_start(ws: Workspace) -> date | None:
    """The first day a subscription started (None for an empty workspace)."""
    subs = ws.table("subscriptions")
    first = ws.store.con.to_pyarrow(subs.started_at.min()).as_py()
    return None if first is None else first.date()


def month_end(day: date) -> date:
    """The last day of `day`'s month."""
    return add_months(day.replace(day=1), 1) - timedelta(days=1)


def snapshot_days(start: date, horizon: date, settings: RiskSettings) -> list[date]:
    """Month ends from `warmup_months` after `start`, every `snapshot_months`, whose label
    window (`horizon_days`) closes by the data horizon."""
    last = horizon - timedelta(days=settings.horizon_days)
    day = month_end(add_months(start.replace(day=1), settings.warmup_months))
    days = []
    while day <= last:
        days.append(day)
        day = month_end(add_months(day.replace(day=1), settings.snapshot_months))
    return days


def scoring_rows(
    ws: Workspace, days: list[date], accounts: list[str] | None = None
) -> pd.DataFrame:
    """Paying accounts (all, or `accounts`) at each day, with signals and health score."""
    frame = signals_frame(ws, days, accounts)
    frame = frame[frame["is_customer"]].reset_index(drop=True)
    card_by = ws.settings.health.card_by
    if card_by is not None:
        frame = with_attributes(ws, frame, [card_by])
    return frame.assign(health_score=health_scores(ws, frame))


def labels(ws: Workspace, days: list[date], horizon_days: int) -> pd.DataFrame:
    """(as_of, account_id, churned) for accounts that left within the horizon."""
    expr = churned_within(signal_context(ws, days, horizon_days))
    frame: pd.DataFrame = ws.store.con.to_pyarrow(expr).to_pandas()
    return frame


def examples(ws: Workspace, days: list[date], settings: RiskSettings) -> pd.DataFrame:
    """Labelled snapshot examples at `days`."""
    rows = scoring_rows(ws, days)
    churned = labels(ws, days, settings.horizon_days)
    rows = rows.merge(churned, on=["as_of", "account_id"], how="left")
    return rows.assign(churned=rows["churned"].fillna(0).astype("int64"))
