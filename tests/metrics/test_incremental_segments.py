"""Incremental refresh when a segment of past periods changes: an account's plan is that
of its latest subscription (when `accounts` has no plan), so a new subscription on a new
plan moves the account's whole history to that plan in a split by plan. The same day
extends the range by nine months: the periods between the kept series and the recomputed
ones are computed too (they once went missing)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from tenure.metrics.incremental import refresh
from tenure.workspace import Workspace

SUBSCRIPTIONS = (
    "subscription_id,account_id,plan,started_at,amount,interval\n"
    "s1,a1,basic,2026-01-05,100,month\ns2,a2,pro,2026-02-10,300,month\n"
)
UPGRADE = (
    "subscription_id,account_id,plan,started_at,amount,interval\ns3,a1,pro,2026-11-20,500,month\n"
)


def test_a_new_latest_plan_recomputes_the_split_by_plan_whole(
    accounts_workspace: Workspace, write_file: Callable[[str, str], Path]
) -> None:
    ws = accounts_workspace
    ws.import_file("subscriptions", write_file("subs.csv", SUBSCRIPTIONS))
    series = [("mrr", "month", ("plan",)), ("mrr", "month", ())]
    refresh(ws, series)
    ws.import_file("subscriptions", write_file("upgrade.csv", UPGRADE))
    results, report = refresh(ws, series)
    for one in series:
        full = ws.metric(one[0], one[1], by=one[2])
        pd.testing.assert_frame_equal(
            results[one].reset_index(drop=True), full.reset_index(drop=True), check_dtype=False
        )
    assert ("mrr", "month", ()) in report.partial
