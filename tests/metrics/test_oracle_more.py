"""Renewals, trials, purchases, daily revenue, arrears, unit economics and cohort tables
equal brute-force references on random ledgers, invoices and costs."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from metrics_common import ORIGIN, Ledger, ledgers, load
from metrics_compare import check, same
from metrics_oracle import Oracle, expected, period_list
from metrics_oracle_more import (
    Invoice,
    arrears,
    cohort_cells,
    daily,
    economics,
    renewals,
    repeat,
    trials,
)

from tenure.metrics.conventions import MetricSettings
from tenure.metrics.presets import resolve
from tenure.workspace import Workspace

RANGES = {
    "day": (date(2023, 7, 1), date(2023, 7, 31)),
    "week": (date(2023, 3, 1), date(2023, 9, 30)),
    "month": (date(2023, 1, 1), date(2024, 12, 31)),
    "quarter": (date(2023, 1, 1), date(2024, 12, 31)),
    "year": (date(2023, 1, 1), date(2025, 12, 31)),
}
EXAMPLES = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def invoices(draw: st.DrawFn, accounts: list[str]) -> list[Invoice]:
    out = []
    for account in accounts:
        for _ in range(draw(st.integers(0, 5))):
            issued = ORIGIN + timedelta(days=draw(st.integers(0, 600)))
            due = draw(st.one_of(st.none(), st.integers(0, 30)))
            paid = draw(st.one_of(st.none(), st.integers(0, 90)))
            out.append(
                Invoice(
                    account,
                    issued,
                    Decimal(draw(st.sampled_from([0, 10, 99, 250]))),
                    None if due is None else issued + timedelta(days=due),
                    None if paid is None else issued + timedelta(days=paid),
                    draw(st.sampled_from([None, "paid", "open", "void", "refunded"])),
                )
            )
    return out


def _groups(ledger: Ledger, segment: bool) -> dict[str | None, list[str]]:
    if not segment:
        return {None: list(ledger.accounts)}
    return {
        g: [a for a, i in ledger.accounts.items() if i == g]
        for g in sorted(set(ledger.accounts.values()))
    }


def _rows(ws: Workspace, key: str, grain: str, segment: bool, group: str | None, **kw: object):  # type: ignore[no-untyped-def]
    first, last = RANGES[grain]
    frame = ws.metric(key, grain, first, last, by=["industry"] if segment else [], **kw)  # type: ignore[arg-type]
    return (frame if group is None else frame[frame.industry == group]).reset_index(drop=True)


@EXAMPLES
@given(data=st.data(), grain=st.sampled_from(list(RANGES)), segment=st.booleans())
def test_invoice_and_renewal_metrics_match(
    ws: Workspace, data: st.DataObject, grain: str, segment: bool
) -> None:
    ledger = data.draw(ledgers())
    bills = data.draw(invoices(list(ledger.accounts)))
    unit = data.draw(st.sampled_from(["distinct_days", "invoices"]))
    window = data.draw(st.sampled_from(["lifetime", "period"]))
    ledger.load(ws)
    load(ws, "invoices", [b.row(i) for i, b in enumerate(bills)])
    options = {"repeat_purchase_unit": unit, "repeat_purchase_window": window}
    c = resolve(MetricSettings(), None, options)
    oracle = Oracle(ledger, c)
    first, last = RANGES[grain]
    periods = period_list(grain, first, last)
    today = date.today()
    for group, accounts in _groups(ledger, segment).items():
        wanted = {
            "repeat_purchase_rate": [
                repeat(bills, accounts, p0, p1, unit, window) for p0, p1 in periods
            ],
            "average_revenue_per_customer_daily": [
                {"value": daily(oracle, bills, accounts, p0, p1)} for p0, p1 in periods
            ],
            "trial_to_paid": [trials(oracle, accounts, p0, p1) for p0, p1 in periods],
            **{
                k: [arrears(oracle, bills, accounts, p1)[k] for _, p1 in periods]
                for k in ("arrears", "arrears_amount", "arrears_days")
            },
            **{
                k: [renewals(oracle, accounts, p0, p1, today)[k] for p0, p1 in periods]
                for k in ("renewal_rate", "renewal_rate_revenue")
            },
            "annualised_churn": [
                {
                    "value": None
                    if r["logo_churn_rate"]["value"] is None
                    else 1
                    - (1 - r["logo_churn_rate"]["value"])
                    ** {"day": 365, "week": 52, "month": 12, "quarter": 4, "year": 1}[grain]
                }
                for r in expected(oracle, grain, first, last, accounts)
            ],
        }
        for key, rows in wanted.items():
            check(
                _rows(ws, key, grain, segment, group, conventions=options),
                rows,
                key,
                f" [{grain} {group}]",
            )


@st.composite
def spend(draw: st.DrawFn) -> dict[tuple[date, str], Decimal]:
    months = [p for p, _ in period_list("month", date(2023, 1, 1), date(2024, 12, 31))]
    return {
        (m, c): Decimal(draw(st.sampled_from([0, 500, 1234, 6000])))
        for m in months
        for c in ("acquisition", "retention")
        if draw(st.booleans())
    }


@EXAMPLES
@given(ledger=ledgers(), costs=spend(), grain=st.sampled_from(["month", "quarter", "year"]))
def test_unit_economics_match(
    ws: Workspace, ledger: Ledger, costs: dict[tuple[date, str], Decimal], grain: str
) -> None:
    ledger.load(ws)
    load(
        ws,
        "costs",
        [{"period": m, "category": c, "amount": v, "team": ""} for (m, c), v in costs.items()],
    )
    oracle = Oracle(ledger, resolve(MetricSettings(), None, {"gross_margin": 0.8}))
    first, last = RANGES[grain]
    wanted = economics(oracle, costs, grain, first, last, list(ledger.accounts))
    for key in ("cac", "customer_retention_cost", "cac_payback_months", "ltv", "ltv_to_cac"):
        frame = ws.metric(key, grain, first, last, conventions={"gross_margin": 0.8})
        check(frame, [w[key] for w in wanted], key, f" [{grain}]")


@EXAMPLES
@given(
    data=st.data(),
    source=st.sampled_from(["subscriptions", "invoices"]),
    kind=st.sampled_from(["logo", "revenue"]),
    buckets=st.sampled_from(["calendar_month", "30_days"]),
)
def test_cohort_tables_match(
    ws: Workspace, data: st.DataObject, source: str, kind: str, buckets: str
) -> None:
    ledger = data.draw(ledgers())
    bills = data.draw(invoices(list(ledger.accounts)))
    ledger.load(ws)
    load(ws, "invoices", [b.row(i) for i, b in enumerate(bills)])
    first, last = date(2023, 1, 1), date(2024, 6, 30)
    oracle = Oracle(ledger, resolve(MetricSettings(), None, {"cohort_buckets": buckets}))
    cells = cohort_cells(oracle, bills, list(ledger.accounts), first, last, source, kind)
    frame = ws.cohorts(kind, source, first, last, conventions={"cohort_buckets": buckets})
    got = {(date.fromisoformat(r.cohort), int(r.age)): r for r in frame.itertuples()}
    assert set(got) == set(cells)
    for cell, want in cells.items():
        row = got[cell]
        for column in ("numerator", "denominator", "size", "value"):
            assert same(getattr(row, column), want[column]), (
                cell,
                column,
                getattr(row, column),
                want[column],
            )
