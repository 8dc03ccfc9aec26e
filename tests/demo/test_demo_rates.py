"""Company-level rates land in realistic ranges (computed independently with pandas)."""

from __future__ import annotations

import itertools

import pandas as pd
from demo_common import HORIZON

from tenure.demo import DemoSpec


def monthly_logo_churn(paid: pd.DataFrame, spec: DemoSpec) -> pd.DataFrame:
    """Per month: accounts paying at its start, and how many of them pay at the next start."""
    ends = paid["ended_at"].fillna(pd.Timestamp("2200-01-01"))
    rows = []
    starts = pd.date_range(spec.start, periods=spec.months + 1, freq="MS")
    for start, following in itertools.pairwise(starts):
        if following > HORIZON:
            break
        before = set(paid.loc[(paid["started_at"] <= start) & (ends > start), "account_id"])
        after = set(paid.loc[(paid["started_at"] <= following) & (ends > following), "account_id"])
        rows.append((start, len(before), len(before - after)))
    return pd.DataFrame(rows, columns=["month", "base", "churned"])


def test_monthly_logo_churn_is_between_1_5_and_3_percent(
    paid: pd.DataFrame, spec: DemoSpec
) -> None:
    months = monthly_logo_churn(paid, spec)
    settled = months[months["base"] >= 200]
    rate = settled["churned"].sum() / settled["base"].sum()
    assert 0.015 <= rate <= 0.03, rate
    assert len(settled) >= 24


def test_trial_conversion_is_between_30_and_50_percent(
    frames: dict[str, pd.DataFrame], paid: pd.DataFrame
) -> None:
    accounts = frames["accounts"]
    ended = accounts[accounts["trial_ended_at"].notna() & (accounts["trial_ended_at"] < HORIZON)]
    converted = ended["account_id"].isin(paid["account_id"]).mean()
    assert 0.3 <= converted <= 0.5, converted
    assert 0.3 < accounts["trial_started_at"].notna().mean() < 0.8


def test_a_few_percent_of_churned_accounts_come_back(paid: pd.DataFrame) -> None:
    ordered = paid.sort_values(["account_id", "started_at"])
    previous_end = ordered.groupby("account_id")["ended_at"].shift()
    returned = set(ordered.loc[ordered["started_at"] > previous_end, "account_id"])
    churned_once = set(paid.loc[paid["ended_at"].notna(), "account_id"]) - set(
        ordered.loc[ordered["started_at"] == previous_end, "account_id"]
    )
    churned_once |= returned
    share = len(returned) / len(churned_once)
    assert 0.01 <= share <= 0.1, share


def test_expansion_and_contraction_movements_exist(paid: pd.DataFrame) -> None:
    ordered = paid.sort_values(["account_id", "started_at"])
    previous = ordered.groupby("account_id")[["amount", "ended_at", "plan"]].shift()
    chained = ordered["started_at"] == previous["ended_at"]
    change = ordered.loc[chained, "amount"].astype(float) - previous.loc[chained, "amount"].astype(
        float
    )
    assert (change > 0).sum() > 100 and (change < 0).sum() > 50
    plan_changed = (ordered.loc[chained, "plan"] != previous.loc[chained, "plan"]).sum()
    assert plan_changed > 30


def test_signups_are_seasonal_and_growing(frames: dict[str, pd.DataFrame]) -> None:
    created = frames["accounts"]["created_at"]
    per_month = created.dt.to_period("M").value_counts().sort_index()
    calendar = per_month.groupby(per_month.index.month).mean()
    assert calendar[[1, 9]].mean() > 1.3 * calendar[[8, 12]].mean()
    assert per_month.iloc[-12:].sum() > 2 * per_month.iloc[:12].sum()


def test_segments_and_channels_are_varied(frames: dict[str, pd.DataFrame]) -> None:
    accounts = frames["accounts"]
    for column, least in [
        ("industry", 8),
        ("country", 10),
        ("size", 5),
        ("acquisition_channel", 5),
    ]:
        assert accounts[column].nunique() >= least, column
    assert accounts["name"].notna().all()


def test_events_volume_is_about_500_per_account(
    frames: dict[str, pd.DataFrame], spec: DemoSpec
) -> None:
    per_account = len(frames["events"]) / spec.accounts
    assert 400 <= per_account <= 650, per_account


def test_costs_cover_every_month_and_category(
    frames: dict[str, pd.DataFrame], spec: DemoSpec
) -> None:
    costs = frames["costs"]
    assert costs["period"].nunique() == spec.months
    assert set(costs["category"]) == {"acquisition", "retention", "support", "other"}
    assert (pd.to_datetime(costs["period"]).dt.day == 1).all()
