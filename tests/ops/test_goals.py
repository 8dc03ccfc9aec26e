"""Goals: periods, status and progress by hand, suggested targets from history."""

from __future__ import annotations

from datetime import date

import pytest
from ops_common import DAY

from tenure.ops.goal_status import elapsed_share, progress, project, status
from tenure.ops.goals import GoalError, parse_period
from tenure.workspace import Workspace


def test_periods() -> None:
    assert parse_period("2026") == parse_period("2026")
    year = parse_period("2026")
    assert (year.grain, year.start, year.end) == ("year", date(2026, 1, 1), date(2026, 12, 31))
    quarter = parse_period("2026-q3")
    assert (quarter.label, quarter.start, quarter.end) == (
        "2026-Q3",
        date(2026, 7, 1),
        date(2026, 9, 30),
    )
    month = parse_period("2024-02")
    assert (month.grain, month.end) == ("month", date(2024, 2, 29))
    for bad in ("2026-13", "26", "2026-Q5", "next year"):
        with pytest.raises(GoalError):
            parse_period(bad)


def test_projection_progress_and_status_by_hand() -> None:
    q2 = parse_period("2026-Q2")
    assert elapsed_share(q2, date(2026, 5, 15)) == pytest.approx(45 / 91)
    assert elapsed_share(q2, date(2026, 1, 1)) == 0 and elapsed_share(q2, date(2027, 1, 1)) == 1
    assert project("logo_churn_rate", 0.02, None, 0.5) == pytest.approx(0.04)  # a flow
    assert project("mrr", 1100, 1000, 0.5) == pytest.approx(1200)  # a level's line
    assert project("nps", 30, 20, 0.5) == 30  # neither
    assert progress("new_customers", "higher", 30, None, 120) == pytest.approx(0.25)
    assert progress("mrr", "higher", 1100, 1000, 1500) == pytest.approx(0.2)
    assert progress("mrr", "higher", 900, 1000, 1500) == pytest.approx(-0.2)
    assert progress("mrr", "higher", 2070, 1930, 1500) == 1  # a floor, kept
    assert progress("mrr", "higher", 1200, 1930, 1500) == pytest.approx(0.8)
    assert progress("grr", "higher", 0.95, 0.90, 0.98) == pytest.approx(0.625)
    assert progress("arrears", "lower", 0.04, 0.05, 0.03) == pytest.approx(0.5)
    assert status("higher", 1000, 1000, 0.1) == "on track"
    assert status("higher", 950, 1000, 0.1) == "at risk"
    assert status("higher", 899, 1000, 0.1) == "off track"
    assert status("lower", 0.05, 0.05, 0.1) == "on track"
    assert status("lower", 0.054, 0.05, 0.1) == "at risk"
    assert status("lower", 0.06, 0.05, 0.1) == "off track"


def test_goal_status_through_the_metric_engine(hand: Workspace) -> None:
    # MRR: 7 customers × 100 at the end of Q1 and on DAY (a8 churned on 2026-03-01).
    for target in (700, 750, 800):
        hand.add_goal("mrr", target, "2026-Q2")
    # Logo churn 2026: 1 of the 8 customers at the start of the year, half a year gone.
    for target in (0.30, 0.24, 0.10):
        hand.add_goal("logo_churn_rate", target, "2026", "team", "North")
    table = hand.goals(DAY)
    mrr = table[table["metric"] == "mrr"].set_index("target")
    assert mrr["status"].to_dict() == {700.0: "on track", 750.0: "at risk", 800.0: "off track"}
    assert set(mrr["value"]) == {700.0} and set(mrr["baseline"]) == {700.0}
    assert mrr.loc[800.0, "progress"] == 0
    churn = table[table["metric"] == "logo_churn_rate"].set_index("target")
    elapsed = elapsed_share(parse_period("2026"), DAY)
    assert set(churn["value"]) == {0.125}
    assert churn["projected"].iloc[0] == pytest.approx(0.125 / elapsed)
    assert churn["status"].to_dict() == {0.3: "on track", 0.24: "at risk", 0.1: "off track"}
    assert churn.loc[0.1, "progress"] == pytest.approx(1.25)


def test_goals_before_their_period_and_removal(hand: Workspace) -> None:
    goal = hand.add_goal("customers", 10, "2027", "csm", "C1", note="grow the book")
    row = hand.goals(DAY).iloc[0]
    assert row["status"] == "not started" and row["note"] == "grow the book"
    assert hand.remove_goal(goal["goal_id"])["metric"] == "customers"
    assert hand.goals(DAY).empty
    with pytest.raises(GoalError):
        hand.remove_goal(goal["goal_id"])


def test_goals_the_engine_cannot_evaluate_are_refused(hand: Workspace) -> None:
    with pytest.raises(GoalError, match="unknown metric"):
        hand.add_goal("nope", 1, "2026")
    with pytest.raises(GoalError, match="needs the team"):
        hand.add_goal("mrr", 1, "2026", "team")
    with pytest.raises(GoalError, match="unknown scope"):
        hand.add_goal("mrr", 1, "2026", "region", "EU")


def test_next_years_churn_target_is_below_last_years(hand: Workspace) -> None:
    found = hand.suggest_goals("2027", ("logo_churn_rate", "mrr", "nps"), as_of=DAY)
    rows = found.set_index("metric")
    # Last 12 complete months (2025-07 … 2026-06): one churn in 8 customers, in March.
    assert rows.loc["logo_churn_rate", "last"] == pytest.approx(0.125)
    assert rows.loc["logo_churn_rate", "target"] == pytest.approx(0.125 * 0.9)
    assert rows.loc["mrr", "last"] == 700
    assert rows.loc["mrr", "target"] == pytest.approx(700 * 1.1)  # no growth: + improvement
    nps = rows.loc["nps"]
    assert nps["target"] == pytest.approx(nps["last"] + (100 - nps["last"]) * 0.1)
    assert set(found["period"]) == {"2027"}
