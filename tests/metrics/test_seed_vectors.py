"""The worked examples of the seed texts (METRICS.md §1, marked [seed]) hold exactly."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from metrics_common import D, Ledger, Sub, load

from tenure.workspace import Workspace

APRIL = "2024-04-01"


def _customers(count: int, prefix: str = "C") -> dict[str, str]:
    return {f"{prefix}{i:03d}": "x" for i in range(count)}


def test_logo_churn_500_customers_losing_20_is_4_percent(ws: Workspace) -> None:
    accounts = _customers(500)
    subs = [
        Sub(a, date(2024, 1, 1), date(2024, 4, 15) if i < 20 else None, D(50))
        for i, a in enumerate(accounts)
    ]
    Ledger(accounts, subs).load(ws)
    row = ws.metric("logo_churn_rate", "month", APRIL, APRIL).iloc[0]
    assert (row.numerator, row.denominator) == (20, 500)
    assert row.value == 0.04


def test_seed_churn_start_100_end_110_new_15_is_5_percent(ws: Workspace) -> None:
    accounts = {**_customers(100), **_customers(15, "N")}
    old = [
        Sub(a, date(2024, 1, 1), date(2024, 4, 9) if i < 5 else None, D(10))
        for i, a in enumerate(_customers(100))
    ]
    new = [Sub(a, date(2024, 4, 20), None, D(10)) for a in _customers(15, "N")]
    Ledger(accounts, old + new).load(ws)
    customers = ws.metric("customers", "month", "2024-03-01", APRIL)["value"].tolist()
    assert customers == [100, 110]
    assert ws.metric("new_customers", "month", APRIL, APRIL)["value"].iloc[0] == 15
    row = ws.metric("logo_churn_rate_seed", "month", APRIL, APRIL).iloc[0]
    assert row.value == 0.05
    kept = ws.metric("customer_retention_rate", "month", APRIL, APRIL).iloc[0]
    assert kept.value == 0.95


def test_expansion_200k_to_280k_with_60k_new_and_10k_churned(ws: Workspace) -> None:
    accounts = {"grow": "x", "lost": "x", "new": "x"}
    subs = [
        Sub("grow", date(2024, 1, 1), date(2024, 4, 10), D(190_000)),
        Sub("grow", date(2024, 4, 10), None, D(220_000)),
        Sub("lost", date(2024, 1, 1), date(2024, 4, 20), D(10_000)),
        Sub("new", date(2024, 4, 5), None, D(60_000)),
    ]
    Ledger(accounts, subs).load(ws)
    moves = ws.metric("mrr_movements", "month", APRIL, APRIL).iloc[0]
    assert (moves.start, moves.end, moves.new, moves.churned) == (200_000, 280_000, 60_000, 10_000)
    row = ws.metric("expansion_rate", "month", APRIL, APRIL).iloc[0]
    assert row.value == 30_000 / 190_000
    assert f"{row.value:.6f}" == "0.157895"


def test_cac_10000_over_two_months_with_5_new_customers_is_2000(ws: Workspace) -> None:
    accounts = _customers(5)
    starts = [
        date(2024, 1, 10),
        date(2024, 1, 20),
        date(2024, 2, 5),
        date(2024, 2, 6),
        date(2024, 2, 7),
    ]
    Ledger(accounts, [Sub(a, s, None, D(100)) for a, s in zip(accounts, starts, strict=True)]).load(
        ws
    )
    load(
        ws,
        "costs",
        [
            {"period": date(2024, 1, 1), "category": "acquisition", "amount": D(6000), "team": ""},
            {"period": date(2024, 2, 1), "category": "acquisition", "amount": D(4000), "team": ""},
        ],
    )
    row = ws.metric("cac", "quarter", "2024-01-01", "2024-03-31").iloc[0]
    assert (row.numerator, row.denominator, row.value) == (10_000, 5, 2000.0)


def test_cac_payback_of_12_months(ws: Workspace) -> None:
    accounts = _customers(2)
    Ledger(accounts, [Sub(a, date(2024, 1, 10), None, D(100)) for a in accounts]).load(ws)
    load(
        ws,
        "costs",
        [{"period": date(2024, 1, 1), "category": "acquisition", "amount": D(2400), "team": ""}],
    )
    row = ws.metric("cac_payback_months", "month", "2024-01-01", "2024-01-31").iloc[0]
    assert (row.numerator, row.denominator, row.value) == (1200.0, 100.0, 12.0)


def test_annual_plans_normalise_to_monthly(ws: Workspace) -> None:
    accounts = {"a": "x", "b": "x"}
    subs = [
        Sub("a", date(2024, 1, 1), None, D(1200), "year"),
        Sub("b", date(2024, 1, 1), None, D(2000), "year"),
    ]
    Ledger(accounts, subs).load(ws)
    by_account = ws.explain("mrr", "2024-01-31").accounts.set_index("account_id")["value"]
    assert by_account["a"] == Decimal(100)
    assert by_account["b"].quantize(Decimal("0.01"), ROUND_HALF_UP) == Decimal("166.67")
    assert ws.metric("arr", "month", "2024-01-01", "2024-01-31")["value"].iloc[0] == 3200
