"""Point in time: what the workspace knew at the end of a day.

Everything dated after the day is ignored, so alerts and candidates computed for a past
day are what they would have been on that day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import ibis
import ibis.expr.types as ir
import pandas as pd

from tenure.metrics.conventions import Conventions
from tenure.metrics.presets import resolve
from tenure.ops.tables import frame_of, records
from tenure.workspace import Workspace


def end_of(day: date) -> datetime:
    """The first instant after `day` (timestamps before it were known by the day's end)."""
    return datetime.combine(day + timedelta(days=1), time())


def start_of(day: date) -> datetime:
    """The first instant of `day`."""
    return datetime.combine(day, time())


def between(column: ir.TimestampValue, first: date, last: date) -> ir.BooleanValue:
    """`column` falls on a day from `first` to `last`, both included."""
    return (column >= ibis.literal(start_of(first))) & (column < ibis.literal(end_of(last)))


def conventions(ws: Workspace) -> Conventions:
    """The conventions in force in the workspace (its preset and overrides)."""
    return resolve(ws.settings.metrics, None, {})


def customers(ws: Workspace, day: date) -> pd.DataFrame:
    """`account_id`, `mrr` of every paying customer at the end of `day` (the metric engine's
    own accounts behind MRR, so every convention applies)."""
    found = ws.explain("mrr", day, grain="day").accounts
    if found.empty:
        return pd.DataFrame({"account_id": pd.Series([], dtype="string"), "mrr": []})
    frame = found[["account_id", "value"]].rename(columns={"value": "mrr"})
    frame["mrr"] = frame["mrr"].astype(float)
    return frame.reset_index(drop=True)


def owners(ws: Workspace, day: date) -> dict[str, str | None]:
    """Each account's CSM at the end of `day`: its assignment then, else `accounts.csm_id`."""
    assignments = ws.table("assignments")
    moment = ibis.literal(end_of(day))
    live = assignments.filter(
        (assignments["from"] < moment)
        & (assignments["to"].isnull() | (assignments["to"] >= moment))
    )
    latest = live.mutate(
        rank=ibis.row_number().over(group_by=live.account_id, order_by=live["from"].desc())
    )
    current = latest.filter(latest["rank"] == 0).select(a_id="account_id", a_csm="csm_id")
    accounts = ws.table("accounts")
    joined = accounts.left_join(current, accounts.account_id == current.a_id)
    rows = frame_of(joined.select("account_id", owner=ibis.coalesce(joined.a_csm, joined.csm_id)))
    return {
        str(r["account_id"]): None if pd.isna(r["owner"]) else str(r["owner"])
        for r in records(rows)
    }


def first_payment(ws: Workspace) -> ir.Table:
    """`account_id`, `first_paid` (start of the first non-trial, paid subscription)."""
    subs = ws.table("subscriptions")
    paid = subs.filter(~subs.is_trial.fill_null(False) & (subs.amount > 0))
    return paid.group_by("account_id").aggregate(first_paid=paid.started_at.min())
