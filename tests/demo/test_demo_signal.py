"""Churn follows from behaviour visible beforehand: usage, NPS, tickets, onboarding, payments.

Everything here is computed independently from the generated tables with pandas/numpy.
Churners (all paid rows ended before the end of history) are compared with accounts
retained at the same tenure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from demo_common import FAR, HORIZON, auc, count_between, event_counter

WINDOW = pd.Timedelta(days=90)
LONG_WINDOW = pd.Timedelta(days=180)
MATCHES = 10


@pytest.fixture(scope="module")
def matched(lifetimes: pd.DataFrame) -> pd.DataFrame:
    """Churners (cutoff = churn) and up to 10 retained accounts each at the same tenure."""
    rng = np.random.default_rng(0)
    churners = lifetimes[lifetimes["churned"]]
    retained = lifetimes[lifetimes["last_end"] >= FAR]
    rows = []
    for account, churner in churners.iterrows():
        tenure = churner["last_end"] - churner["first"]
        if tenure < WINDOW:
            continue
        rows.append((account, churner["last_end"], True))
        eligible = retained[retained["first"] + tenure <= HORIZON]
        size = min(MATCHES, len(eligible))
        for other in rng.choice(eligible.index.to_numpy(), size=size, replace=False):
            rows.append((other, retained.loc[other, "first"] + tenure, False))
    frame = pd.DataFrame(rows, columns=["account_id", "cutoff", "churner"])
    return frame.join(lifetimes["seats"], on="account_id")


def test_usage_per_seat_before_churn_separates_churners(
    frames: dict[str, pd.DataFrame], matched: pd.DataFrame
) -> None:
    codes, keys = event_counter(frames["events"])
    counts = count_between(
        codes, keys, matched["account_id"], matched["cutoff"] - WINDOW, matched["cutoff"]
    )
    per_seat = counts / matched["seats"].to_numpy()
    churner = matched["churner"].to_numpy()
    score = -per_seat  # low usage = high risk
    area = auc(score[churner], score[~churner])
    assert churner.sum() > 300
    assert area >= 0.65, area
    assert np.median(per_seat[churner]) < 0.75 * np.median(per_seat[~churner])


def test_usage_falls_in_the_months_before_churn(
    frames: dict[str, pd.DataFrame], matched: pd.DataFrame
) -> None:
    churners = matched[matched["churner"]]
    codes, keys = event_counter(frames["events"])
    recent = count_between(
        codes, keys, churners["account_id"], churners["cutoff"] - WINDOW, churners["cutoff"]
    )
    earlier = count_between(
        codes,
        keys,
        churners["account_id"],
        churners["cutoff"] - 2 * WINDOW,
        churners["cutoff"] - WINDOW,
    )
    known = earlier > 0
    assert np.median(recent[known] / earlier[known]) < 0.9


def _window_rows(
    rows: pd.DataFrame, column: str, matched: pd.DataFrame, width: pd.Timedelta
) -> pd.DataFrame:
    """Rows of `rows` falling in the `width` before each matched cutoff, tagged churner or not."""
    joined = matched.reset_index().merge(rows, on="account_id")
    inside = (joined[column] < joined["cutoff"]) & (joined[column] >= joined["cutoff"] - width)
    return joined[inside]


def test_churners_gave_more_detractor_answers(
    frames: dict[str, pd.DataFrame], matched: pd.DataFrame
) -> None:
    surveys = frames["surveys"]
    nps = surveys[surveys["survey"] == "nps"]
    answers = _window_rows(nps, "responded_at", matched, LONG_WINDOW)
    detractor = (answers["score"] <= 6).groupby(answers["churner"]).mean()
    assert detractor[True] >= detractor[False] + 0.15, detractor


def test_churners_waited_longer_for_ticket_resolution(
    frames: dict[str, pd.DataFrame], matched: pd.DataFrame
) -> None:
    tickets = _window_rows(frames["tickets"], "created_at", matched, LONG_WINDOW)
    done = tickets["resolved_at"].fillna(HORIZON).clip(upper=tickets["cutoff"])
    hours = (done - tickets["created_at"]).dt.total_seconds() / 3600
    mean = hours.groupby(tickets["churner"]).mean()
    slow = (hours > 72).groupby(tickets["churner"]).mean()
    assert mean[True] >= 1.5 * mean[False], mean
    assert slow[True] >= 1.3 * slow[False], slow


def test_churners_missed_onboarding_and_paid_late_more_often(
    frames: dict[str, pd.DataFrame], lifetimes: pd.DataFrame
) -> None:
    accounts = frames["accounts"].set_index("account_id").loc[lifetimes.index]
    took = accounts["onboarding_completed_at"] - accounts["created_at"]
    on_time = (took <= pd.Timedelta(days=30)).groupby(lifetimes["churned"]).mean()
    assert on_time[False] >= on_time[True] + 0.15, on_time
    invoices = frames["invoices"]
    late = (
        (invoices["paid_at"].fillna(HORIZON) > invoices["due_at"])
        .groupby(invoices["account_id"].map(lifetimes["churned"]))
        .mean()
    )
    assert late[True] >= 1.3 * late[False], late
