"""Explain: the accounts behind a value add up to it (churned MRR, new MRR, logo churn …)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from metrics_common import Ledger, ledgers

from tenure.workspace import Workspace

SUMS = ("churned_mrr", "new_mrr", "mrr")
RATIOS = ("logo_churn_rate", "nrr")


@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ledger=ledgers(),
    month=st.dates(date(2023, 2, 1), date(2024, 6, 30)),
    preset=st.sampled_from(["default", "stripe"]),
)
def test_accounts_add_up_to_the_value(
    ws: Workspace, ledger: Ledger, month: date, preset: str
) -> None:
    ledger.load(ws)
    for key in SUMS:
        found = ws.explain(key, month, preset=preset)
        assert Decimal(str(found.contributions("value") or 0)) == Decimal(str(found.value)), key
    for key in RATIOS:
        found = ws.explain(key, month, preset=preset)
        row = found.result.iloc[0]
        for part in ("numerator", "denominator"):
            assert Decimal(str(found.contributions(part) or 0)) == Decimal(str(row[part])), (
                key,
                part,
            )
    moves = ws.explain("mrr_movements", month, preset=preset)
    for column in ("start", "new", "expansion", "reactivation", "contraction", "churned", "end"):
        assert Decimal(str(moves.contributions(column) or 0)) == Decimal(
            str(moves.result.iloc[0][column])
        )


def test_explain_names_sql_conventions_and_accounts(ws: Workspace) -> None:
    from metrics_common import D, Sub

    Ledger(
        {"a": "x", "b": "y"},
        [
            Sub("a", date(2024, 1, 1), date(2024, 3, 5), D(30)),
            Sub("b", date(2024, 3, 2), None, D(70)),
        ],
    ).load(ws)
    found = ws.explain("churned_mrr", "2024-03-15", by=["industry"])
    assert "SELECT" in found.sql and "subscriptions" in found.sql
    assert found.conventions["full_discount"] == "churn" and found.preset == "default"
    assert found.period == "2024-03-01"
    assert found.accounts.to_dict("records") == [
        {"account_id": "a", "industry": "x", "value": Decimal("30")}
    ]
    assert found.to_dict()["accounts"][0]["account_id"] == "a"
    churn = ws.explain("logo_churn_rate", "2024-03")
    assert (churn.value, churn.contributions("numerator"), churn.contributions("denominator")) == (
        1.0,
        1,
        1,
    )
