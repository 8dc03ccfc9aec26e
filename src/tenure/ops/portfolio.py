"""CSM portfolios: per CSM, the book they serve and how it fares.

Per CSM (the account's `csm_id`, as the metric engine segments it): paying accounts, MRR
and ARR on the day, health mix (green/yellow/red), churn per rep (the pooled monthly logo
churn rate of the last `churn_months` complete months: churned ÷ customers at risk, summed
over the months), NRR (12 months; pooled monthly when history is shorter), open tasks,
monthly cost and the CS cost ratio (monthly cost ÷ book MRR).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from tenure.ops.periods import last_complete_month, month_end, months_back
from tenure.ops.scores import health
from tenure.ops.tables import frame_of
from tenure.ops.tasks import open_counts
from tenure.workspace import Workspace

TIERS = ("green", "yellow", "red")


def _by_csm(ws: Workspace, key: str, day: date, name: str) -> pd.Series:
    """One metric on `day` per `csm_id`."""
    frame = ws.metric(key, grain="day", start=day, end=day, by=["csm_id"])
    frame = frame.dropna(subset=["csm_id"])
    return pd.Series(frame["value"].astype(float).values, index=frame["csm_id"], name=name)


def _pooled(ws: Workspace, key: str, day: date, months: int, by: str = "csm_id") -> pd.DataFrame:
    """Sum of numerators and denominators of a monthly ratio over the last complete months."""
    last = last_complete_month(day)
    first = months_back(last, months - 1)
    frame = ws.metric(key, grain="month", start=first, end=month_end(last), by=[by])
    frame = frame.dropna(subset=[by])
    for column in ("numerator", "denominator"):
        frame[column] = frame[column].astype(float)
    return frame.groupby(by)[["numerator", "denominator"]].sum()


def churn_per_rep(ws: Workspace, day: date, months: int) -> pd.DataFrame:
    """`churned`, `churn_rate` (pooled monthly logo churn) per CSM."""
    sums = _pooled(ws, "logo_churn_rate", day, months)
    rate = sums["numerator"] / sums["denominator"].where(sums["denominator"] > 0)
    return pd.DataFrame({"churned": sums["numerator"].astype(int), "churn_rate": rate})


def nrr_per_rep(ws: Workspace, day: date) -> pd.Series:
    """NRR over 12 months per CSM; the pooled monthly NRR where 12 months are not known."""
    last = last_complete_month(day)
    frame = ws.metric("nrr_12m", grain="month", start=last, end=month_end(last), by=["csm_id"])
    frame = frame.dropna(subset=["csm_id"])
    yearly = pd.Series(frame["value"].astype(float).to_numpy(), index=frame["csm_id"])
    sums = _pooled(ws, "nrr", day, 12)
    monthly = sums["numerator"] / sums["denominator"].where(sums["denominator"] > 0)
    both = yearly.reindex(monthly.index.union(yearly.index)).fillna(monthly)
    return pd.Series(both.to_numpy(), index=both.index, name="nrr")


def health_mix(ws: Workspace, day: date) -> pd.DataFrame:
    """Accounts per health tier per CSM (empty when health is not available)."""
    found = health(ws, day)
    if found is None:
        return pd.DataFrame(columns=list(TIERS))
    accounts = frame_of(ws.table("accounts").select("account_id", "csm_id"))
    joined = found.merge(accounts, on="account_id").dropna(subset=["csm_id"])
    mix = joined.groupby(["csm_id", "tier"]).size().unstack(fill_value=0)
    return mix.reindex(columns=list(TIERS), fill_value=0)


def csms(ws: Workspace) -> pd.DataFrame:
    """The CSMs: name, team, monthly cost (indexed by `csm_id`)."""
    frame = frame_of(ws.table("csms").select("csm_id", "name", "team", "monthly_cost"))
    frame["monthly_cost"] = frame["monthly_cost"].astype(float)
    return frame.set_index("csm_id")


def portfolios(ws: Workspace, day: date | None = None) -> pd.DataFrame:
    """One row per CSM with their book's figures (see the module's docstring)."""
    day = day or date.today()
    months = ws.settings.portfolio.churn_months
    frame = csms(ws)
    frame = frame.join(_by_csm(ws, "customers", day, "accounts"), how="outer")
    frame = frame.join(_by_csm(ws, "mrr", day, "mrr"), how="left")
    frame["arr"] = frame["mrr"] * 12
    frame = frame.join(health_mix(ws, day), how="left")
    frame = frame.join(churn_per_rep(ws, day, months), how="left")
    frame = frame.join(nrr_per_rep(ws, day), how="left")
    frame["open_tasks"] = pd.Series(open_counts(ws.store, day)).reindex(frame.index)
    counts = ["accounts", "mrr", "arr", "open_tasks", "churned", *TIERS]
    frame[counts] = frame[counts].fillna(0)
    frame["cost_ratio"] = frame["monthly_cost"] / frame["mrr"].where(frame["mrr"] > 0)
    frame.index.name = "csm_id"
    return frame.reset_index().sort_values("mrr", ascending=False).reset_index(drop=True)
