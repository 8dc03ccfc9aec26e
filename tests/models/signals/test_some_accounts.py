"""Signals of some accounts: the tables are narrowed to those accounts before anything is
aggregated (`SignalContext.accounts`), and the signals and health scores must be the
ones the whole company gives them."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tenure.workspace import Workspace

DAYS = (date(2024, 11, 30), date(2025, 6, 30))


def _some(ws: Workspace, day: date) -> list[str]:
    """Paying customers and others, with and without events and tickets, on `day`."""
    every = ws.signals(day)
    busy = every.sort_values(["events_90d", "account_id"], ascending=[False, True])
    tickets = every[every["tickets_90d"] > 0]
    idle = every[~every["is_customer"]]
    chosen = pd.concat([busy.head(5), tickets.head(5), idle.head(3), every.tail(3)])
    return sorted(set(chosen["account_id"]))


@pytest.mark.parametrize("day", DAYS)
def test_signals_of_some_accounts_are_theirs_in_the_whole_company(
    small_ws: Workspace, day: date
) -> None:
    accounts = _some(small_ws, day)
    assert len(accounts) >= 10
    whole = small_ws.signals(day)
    whole = whole[whole["account_id"].isin(accounts)].reset_index(drop=True)
    some = small_ws.signals(day, accounts=accounts)
    assert some["account_id"].tolist() == accounts
    pd.testing.assert_frame_equal(some, whole)


def test_one_accounts_health_breakdown_is_its_score_in_the_whole_company(
    small_ws: Workspace,
) -> None:
    health = small_ws.health(DAYS[1]).set_index("account_id")
    for account_id in health.index[:: max(1, len(health) // 8)]:
        breakdown = small_ws.health_breakdown(account_id, DAYS[1])
        row = health.loc[account_id]
        assert breakdown.score == pytest.approx(row["score"])
        previous = None if pd.isna(row["previous_score"]) else row["previous_score"]
        assert breakdown.previous_score == pytest.approx(previous)
