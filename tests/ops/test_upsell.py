"""Upsell candidates against an independent pandas computation on the demo company."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from tenure.ops.upsell import candidates, judge, score
from tenure.workspace import Workspace

DAY = date(2026, 10, 31)


@pytest.fixture(scope="module")
def session_ws(demo_folder: Path) -> Iterator[Workspace]:
    with Workspace.open(demo_folder) as ws:
        yield ws


@pytest.fixture(scope="module")
def every(session_ws: Workspace) -> pd.DataFrame:
    return candidates(session_ws, DAY, include_all=True)


def _window(frame: pd.DataFrame, column: str, days: int) -> pd.DataFrame:
    moment = pd.to_datetime(frame[column])
    first = pd.Timestamp(DAY - timedelta(days=days - 1))
    return frame[(moment >= first) & (moment < pd.Timestamp(DAY + timedelta(days=1)))]


def oracle(ws: Workspace, customers: list[str]) -> pd.DataFrame:
    """Engagement tier, features used, tenure and overdue invoices, in pandas."""
    events = _window(ws.table("events").to_pandas(), "occurred_at", 30)
    catalogue = ws.table("features").to_pandas()
    catalogue["key"] = (
        catalogue["event"]
        .fillna("")
        .where(catalogue["event"].fillna("") != "", catalogue["feature"])
    )
    uses = events.merge(catalogue, left_on="event", right_on="key")
    features = uses.groupby("account_id")["feature"].nunique()
    accesses = events[events["event"].isin(["login", "session_start"])].groupby("account_id").size()
    subs = ws.table("subscriptions").to_pandas()
    paid = subs[~subs["is_trial"].fillna(False).astype(bool) & (subs["amount"].astype(float) > 0)]
    first = pd.to_datetime(paid.groupby("account_id")["started_at"].min()).dt.normalize()
    invoices = ws.table("invoices").to_pandas()
    unpaid = invoices["paid_at"].isna() | (
        pd.to_datetime(invoices["paid_at"]) >= pd.Timestamp(DAY + timedelta(days=1))
    )
    open_ = ~invoices["status"].fillna("open").isin(["void", "refunded"]) & ~(
        (invoices["status"] == "paid") & invoices["paid_at"].isna()
    )
    late = pd.to_datetime(invoices["due_at"]) < pd.Timestamp(DAY)
    overdue = invoices[unpaid & open_ & late].groupby("account_id").size()
    frame = pd.DataFrame({"account_id": customers})
    frame["features"] = frame["account_id"].map(features).fillna(0).astype(int)
    frame["accesses"] = frame["account_id"].map(accesses).fillna(0).astype(int)
    frame["tenure_days"] = frame["account_id"].map((pd.Timestamp(DAY) - first).dt.days)
    frame["overdue_invoices"] = frame["account_id"].map(overdue).fillna(0).astype(int)
    excellent = (frame["accesses"] >= 20) & (frame["features"] >= 5)
    good = ~excellent & (frame["accesses"] >= 4) & (frame["features"] >= 2)
    frame["engagement"] = "bad"
    frame.loc[good, "engagement"] = "good"
    frame.loc[excellent, "engagement"] = "excellent"
    return frame.set_index("account_id")


def test_facts_match_an_independent_pandas_computation(
    session_ws: Workspace, every: pd.DataFrame
) -> None:
    expected = oracle(session_ws, list(every["account_id"]))
    found = every.set_index("account_id")
    for column in ("features", "tenure_days", "overdue_invoices", "engagement"):
        pd.testing.assert_series_equal(
            found[column], expected[column], check_names=False, check_dtype=False
        )


def test_candidates_meet_every_criterion_and_are_ranked(
    session_ws: Workspace, every: pd.DataFrame
) -> None:
    settings = session_ws.settings.upsell
    chosen = candidates(session_ws, DAY)
    assert 0 < len(chosen) < len(every)
    assert (chosen["overdue_invoices"] == 0).all()
    assert chosen["engagement"].isin(["good", "excellent"]).all()
    assert (chosen["features"] >= settings.min_features).all()
    assert (chosen["tenure_days"] >= settings.min_tenure_days).all()
    assert not chosen["health_tier"].isin(settings.not_tiers).any()
    assert chosen["rank"].tolist() == list(range(1, len(chosen) + 1))
    assert chosen["score"].is_monotonic_decreasing
    assert set(chosen["account_id"]) == set(every.loc[every["eligible"], "account_id"])
    assert all("paid up (no invoice overdue)" in reasons for reasons in chosen["reasons"])


def test_the_score_and_the_reasons_by_hand() -> None:
    row = {
        "engagement": "excellent", "features": 6, "tenure_days": 400, "overdue_invoices": 0,
        "risk": 0.1, "health_score": 80.0, "health_tier": "green",
    }  # fmt: skip
    assert score(row, 12) == 40 + 30 * 6 / 12 + 30 * 0.9
    assert score({**row, "risk": None}, 12) == 40 + 15 + 24
    assert (
        score({**row, "risk": None, "health_score": None, "engagement": "good"}, 12) == 25 + 15 + 15
    )
    from tenure.ops.settings import UpsellSettings

    met, missed = judge({**row, "risk": 0.3, "overdue_invoices": 2}, UpsellSettings())
    assert "engagement excellent" in met and "uses 6 features" in met
    assert missed == ["2 invoice(s) overdue", "churn risk 30% (max 20%)"]
