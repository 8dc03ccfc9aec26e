"""Health on the demo company: it separates the accounts that go on to churn, keeps a
history, trends against the score 30 days before, and explains every account."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from tenure.models.errors import HealthError
from tenure.models.health.service import HEALTH_COLUMNS
from tenure.models.risk.dataset import data_start, examples, snapshot_days
from tenure.models.risk.evaluation import auc
from tenure.workspace import Workspace

DAY = date(2025, 9, 30)
#: Measured 0.793 over every labelled month of the demo company; asserted with margin.
HEALTH_AUC = 0.75


@pytest.fixture(scope="module")
def snapshots(demo_ws: Workspace) -> pd.DataFrame:
    """Every monthly snapshot of paying accounts with health and the 90-day churn label."""
    settings = demo_ws.settings.risk
    start = data_start(demo_ws)
    assert start is not None
    days = snapshot_days(start, demo_ws.data_horizon(), settings)
    return examples(demo_ws, days, settings)


@pytest.fixture(scope="module")
def health(demo_ws: Workspace) -> pd.DataFrame:
    return demo_ws.health(DAY, by=["industry"])


def test_health_separates_accounts_that_churn_within_90_days(snapshots: pd.DataFrame) -> None:
    churned = snapshots["churned"].to_numpy()
    assert snapshots["as_of"].nunique() == 18
    assert 0.03 < churned.mean() < 0.12 and churned.sum() > 200
    area = auc(churned, -snapshots["health_score"].to_numpy())
    assert area is not None and area >= HEALTH_AUC, area


def test_red_accounts_churn_far_more_than_green_ones(snapshots: pd.DataFrame) -> None:
    rate = snapshots.groupby(pd.cut(snapshots["health_score"], [0, 40, 70, 100]))["churned"].mean()
    red, yellow, green = rate.tolist()
    assert red > 2 * yellow > 2 * green


def test_one_row_per_paying_customer(demo_ws: Workspace, health: pd.DataFrame) -> None:
    signals = demo_ws.signals(DAY)
    assert sorted(health["account_id"]) == sorted(signals.loc[signals["is_customer"], "account_id"])
    assert list(health.columns[: len(HEALTH_COLUMNS)]) == list(HEALTH_COLUMNS)
    groups = [c for c in health.columns if c.startswith("score_")]
    assert groups == [f"score_{g}" for g in demo_ws.settings.health.cards["default"].groups]
    assert "industry" in health.columns
    assert health["score"].between(0, 100).all()
    assert set(health["tier"]) == {"red", "yellow", "green"}
    assert (health["as_of"] == DAY.isoformat()).all()


def test_trend_is_against_the_score_30_days_before(
    demo_ws: Workspace, health: pd.DataFrame
) -> None:
    before = demo_ws.health(DAY - timedelta(days=30)).set_index("account_id")["score"]
    both = health.set_index("account_id")
    expected = both.index.map(before)
    assert both["previous_score"].to_numpy() == pytest.approx(expected.to_numpy(), nan_ok=True)
    assert both["trend"].to_numpy() == pytest.approx(
        (both["score"] - both["previous_score"]).to_numpy(), nan_ok=True
    )
    moved = both.dropna(subset=["trend"])
    assert (moved.loc[moved["trend"] > 5, "direction"] == "up").all()
    assert (moved.loc[moved["trend"].abs() <= 5, "direction"] == "flat").all()


def test_summary_by_segment_adds_up(demo_ws: Workspace, health: pd.DataFrame) -> None:
    summary = demo_ws.health_summary(DAY, by=["plan"])
    assert summary["accounts"].sum() == len(health)
    assert (summary["red"] + summary["yellow"] + summary["green"] == summary["accounts"]).all()
    assert summary["mrr"].sum() == pytest.approx(health["mrr"].sum())
    overall = demo_ws.health_summary(DAY)
    assert overall["accounts"].tolist() == [len(health)]


def test_unknown_segment_attribute(demo_ws: Workspace) -> None:
    with pytest.raises(HealthError, match="unknown account attribute 'colour'"):
        demo_ws.health(DAY, by=["colour"])


def test_breakdown_explains_the_score(demo_ws: Workspace, health: pd.DataFrame) -> None:
    row = health.sort_values("score").iloc[0]
    result = demo_ws.health_breakdown(row["account_id"], DAY)
    assert result.score == pytest.approx(row["score"])
    assert result.tier == row["tier"] == "red"
    assert result.previous_score == pytest.approx(row["previous_score"], nan_ok=True)
    assert result.measures["points"].sum() == pytest.approx(row["score"])
    assert result.to_dict()["measures"][0]["group"] == "deployment"
    with pytest.raises(HealthError, match="no account 'nobody'"):
        demo_ws.health_breakdown("nobody", DAY)


def test_history_keeps_each_day_once(demo_ws: Workspace, health: pd.DataFrame) -> None:
    other = DAY - timedelta(days=30)
    assert demo_ws.save_health(DAY) == len(health)
    assert demo_ws.save_health(DAY) == len(health)  # recomputing a day replaces it
    kept_other = demo_ws.save_health(other)
    history = demo_ws.health_history()
    assert len(history) == len(health) + kept_other
    assert sorted(history["as_of"].unique()) == [other.isoformat(), DAY.isoformat()]
    one = demo_ws.health_history(health["account_id"].iloc[0], start=DAY)
    assert len(one) == 1 and one["score"].iloc[0] == pytest.approx(health["score"].iloc[0])
    assert set(eval_groups(one["groups"].iloc[0])) == set(
        demo_ws.settings.health.cards["default"].groups
    )


def eval_groups(text: str) -> dict[str, float]:
    import json

    parsed: dict[str, float] = json.loads(text)
    return parsed
