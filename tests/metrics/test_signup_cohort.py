"""The `signup_cohort` segment: the month each account was created, checked against the
accounts table grouped by pandas."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from tenure.workspace import Workspace

SUBS = (
    "subscription_id,account_id,started_at,amount\n"
    "s1,a1,2024-01-01,100\ns2,a2,2024-01-01,50\ns3,a3,2024-01-01,30\n"
)


def test_mrr_by_signup_cohort_matches_the_accounts_created_months(
    accounts_workspace: Workspace, write_file: Callable[[str, str], Path]
) -> None:
    accounts_workspace.import_file("subscriptions", write_file("s.csv", SUBS))
    got = accounts_workspace.metric(
        "mrr", "month", "2024-02-01", "2024-02-01", by=("signup_cohort",)
    )
    accounts = accounts_workspace.table("accounts").to_pandas()
    subs = pd.read_csv(write_file("again.csv", SUBS))
    merged = subs.merge(accounts[["account_id", "created_at"]], on="account_id")
    cohort = pd.to_datetime(merged["created_at"]).dt.to_period("M").dt.start_time.dt.date
    expected = merged.groupby(cohort.astype(str).where(cohort.notna(), "None"))["amount"].sum()
    keys = got["signup_cohort"].map(lambda day: "None" if pd.isna(day) else str(day))
    shown = got.assign(key=keys).set_index("key")["value"]
    assert {k: float(v) for k, v in shown.items()} == expected.astype(float).to_dict()
    assert len(expected) == 3  # two created months and an account without a created date
