"""Onboarding, activation and relationship metrics: the seed's activation vector, and
independent pandas computations on a demo company at every grain and with a segment."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import experience_oracle as oracle
import pytest
from experience_common import CASES, company, compare
from metrics_common import D, Ledger, Sub, load

from tenure.workspace import Workspace

ORACLES = {
    "onboarding_time": oracle.onboarding_time,
    "onboarding_email_open_rate": oracle.open_rate,
    "onboarding_sessions": oracle.onboarding_sessions,
    "activation_rate": oracle.activation,
    "relationship_score": oracle.relationship,
}


@pytest.fixture(scope="module")
def data() -> oracle.Data:
    return oracle.Data(company().frames)


@pytest.mark.parametrize(("grain", "segmented"), CASES)
@pytest.mark.parametrize("key", list(ORACLES))
def test_lifecycle_metrics_match_the_oracle(
    key: str, grain: str, segmented: bool, data: oracle.Data
) -> None:
    compare(company(), data, key, grain, segmented, ORACLES[key])


@pytest.mark.parametrize(("grain", "segmented"), [("month", True), ("week", False)])
def test_activation_counts_windows_still_open_at_the_period_end(
    grain: str, segmented: bool, data: oracle.Data
) -> None:
    """No minimum tenure and a 120-day window: in many periods an account's window is
    still open, and only its days up to the period's end count."""
    conventions = {"activation_min_tenure_months": 0, "activation_window_days": 120}
    wanted = oracle.activation_with(0, 120)
    compare(company(), data, "activation_rate", grain, segmented, wanted, conventions=conventions)


def test_seed_activation_300_customers_220_established_190_activated(ws: Workspace) -> None:
    """300 customers at the end of April 2024; 220 have paid for at least a month, and 190
    of those met the criteria (3 accesses and a key-feature use in their first 30 days);
    recent customers that are active do not count."""
    accounts = {f"C{i:03d}": "x" for i in range(300)}
    start = {a: date(2024, 1, 10) if i < 220 else date(2024, 4, 10) for i, a in enumerate(accounts)}
    Ledger(accounts, [Sub(a, start[a], None, D(99)) for a in accounts]).load(ws)
    load(ws, "features", [{"feature": "reports", "event": "feature:reports", "is_key": True}])
    events = []
    for i, account in enumerate(accounts):
        if 190 <= i < 220:
            continue  # established but never activated
        day = datetime.combine(start[account], datetime.min.time())
        events += [{"account_id": account, "occurred_at": day + timedelta(days=k), "event": "login",
                    "user_id": "u"} for k in range(3)]  # fmt: skip
        events.append({"account_id": account, "occurred_at": day, "event": "feature:reports",
                       "user_id": "u"})  # fmt: skip
    load(ws, "events", events)
    row = ws.metric("activation_rate", "month", "2024-04-01", "2024-04-30").iloc[0]
    assert (row.numerator, row.denominator) == (190, 220)
    assert round(row.value * 100, 2) == 86.36


def test_relationship_parts_are_shown_and_explained() -> None:
    explained = company().ws.explain("relationship_score", "2025-06-01", "quarter")
    row = explained.result.iloc[0]
    parts = [row.cadence, row.executive, row.contacts, row.recency]
    assert row.value == pytest.approx(sum(parts) / 4)
    assert explained.accounts.denominator.sum() == row.denominator
