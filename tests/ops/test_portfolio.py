"""CSM portfolios and the capacity planner against pandas oracles on the demo company."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from tenure.ops.capacity import Capacity, plan
from tenure.workspace import Workspace

DAY = date(2026, 10, 31)


@pytest.fixture(scope="module")
def session_ws(demo_folder: Path) -> Iterator[Workspace]:
    with Workspace.open(demo_folder) as ws:
        yield ws


@pytest.fixture(scope="module")
def capacity(session_ws: Workspace) -> Capacity:
    return plan(session_ws, DAY)


@pytest.fixture(scope="module")
def books(session_ws: Workspace) -> pd.DataFrame:
    """Per-account MRR (the engine's accounts behind MRR) joined to the accounts' CSM."""
    mrr = session_ws.explain("mrr", DAY, grain="day").accounts[["account_id", "value"]]
    accounts = session_ws.table("accounts").to_pandas()[["account_id", "csm_id"]]
    joined = mrr.merge(accounts, on="account_id").dropna(subset=["csm_id"])
    return joined.assign(value=joined["value"].astype(float))


def test_books_add_up_account_by_account(capacity: Capacity, books: pd.DataFrame) -> None:
    expected = books.groupby("csm_id")["value"].agg(["sum", "count"])
    found = capacity.csms.set_index("csm_id")
    for csm, row in expected.iterrows():
        assert found.loc[csm, "mrr"] == pytest.approx(row["sum"])
        assert found.loc[csm, "arr"] == pytest.approx(12 * row["sum"])
        assert found.loc[csm, "accounts"] == row["count"]


def test_cost_ratio_and_health_mix(session_ws: Workspace, capacity: Capacity) -> None:
    csms = session_ws.table("csms").to_pandas().set_index("csm_id")
    found = capacity.csms.set_index("csm_id")
    for csm, row in found.iterrows():
        if row["mrr"] > 0:
            assert row["cost_ratio"] == pytest.approx(
                float(csms.loc[csm, "monthly_cost"]) / row["mrr"]
            )
    mix = found[["green", "yellow", "red"]].sum(axis=1)
    if mix.sum():  # health is available: every paying account of a CSM has a tier
        assert (mix == found["accounts"]).all()


def test_churn_per_rep_adds_up_to_the_company(session_ws: Workspace, capacity: Capacity) -> None:
    company = session_ws.metric(
        "logo_churn_rate", grain="month", start="2025-11-01", end="2026-10-31"
    )
    by_csm = session_ws.metric(
        "logo_churn_rate", grain="month", start="2025-11-01", end="2026-10-31", by=["csm_id"]
    )
    unowned = by_csm[by_csm["csm_id"].isna()]["numerator"].astype(float).sum()
    churned = capacity.csms["churned"].sum()
    assert churned + unowned == company["numerator"].astype(float).sum()
    rates = capacity.csms.dropna(subset=["churn_rate"])
    assert ((rates["churn_rate"] >= 0) & (rates["churn_rate"] <= 1)).all()


def test_capacity_planner_by_hand(capacity: Capacity, books: pd.DataFrame) -> None:
    c = capacity.company
    mrr, accounts = books["value"].sum(), len(books)
    assert c["mrr"] == pytest.approx(mrr)
    assert c["arpa"] == pytest.approx(mrr / accounts)
    assert c["suggested_accounts_per_csm"] == pytest.approx(100_000 / (mrr / accounts))
    assert c["csms_needed"] == math.ceil(mrr / 100_000)
    teams = capacity.teams.set_index("team")
    for _, row in teams.iterrows():
        assert row["suggested_accounts_per_csm"] == pytest.approx(100_000 / row["arpa"])
        assert row["too_big"] == (row["csms"] > 8)


def test_open_tasks_are_counted_per_owner(demo: Workspace) -> None:
    demo.run_alerts(DAY, notify=False)
    tasks = demo.tasks(status="open")
    found = demo.portfolios(DAY).set_index("csm_id")["open_tasks"]
    for csm, count in tasks.groupby("owner_id").size().items():
        assert found[csm] == count


def test_team_size_warning() -> None:
    from tenure.ops.capacity import teams, warnings
    from tenure.ops.settings import PortfolioSettings

    book = pd.DataFrame(
        {
            "csm_id": [f"C{n}" for n in range(10)],
            "name": ["x"] * 10,
            "team": ["Big"] * 9 + ["Small"],
            "accounts": [10] * 10,
            "mrr": [50_000.0] * 9 + [150_000.0],
            "monthly_cost": [4_000.0] * 9 + [20_000.0],
            "cost_ratio": [0.08] * 9 + [20_000 / 150_000],
        }
    )
    settings = PortfolioSettings()
    rows = teams(book, settings)
    assert rows.set_index("team")["too_big"].to_dict() == {"Big": True, "Small": False}
    found = warnings(book, rows, settings)
    assert found[0].startswith("team Big has 9 CSMs")
    assert any("C9 costs 13%" in w for w in found)
    assert any("C9 serves 150,000 MRR" in w for w in found)
