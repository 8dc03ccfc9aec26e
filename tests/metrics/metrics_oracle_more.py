"""Brute-force references for the metrics beyond MRR and churn: renewals, trials,
purchases, daily revenue, arrears, unit economics and cohort tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from metrics_oracle import ONE_DAY, Oracle, expected, months_later, period_list


@dataclass
class Invoice:
    account: str
    issued: date
    amount: Decimal
    due: date | None = None
    paid: date | None = None
    status: str | None = None

    def row(self, index: int) -> dict[str, Any]:
        from metrics_common import at

        return {
            "invoice_id": f"I{index:04d}",
            "account_id": self.account,
            "issued_at": at(self.issued),
            "amount": self.amount,
            "due_at": at(self.due),
            "paid_at": at(self.paid),
            "status": self.status,
        }


def ratio(top: Any, bottom: Any) -> dict[str, Any]:
    return {
        "numerator": top,
        "denominator": bottom,
        "value": None if not bottom else float(top) / float(bottom),
    }


def purchases(invoices: list[Invoice], accounts: list[str]) -> list[Invoice]:
    return [i for i in invoices if i.account in accounts and i.status not in ("void", "refunded")]


def repeat(
    invoices: list[Invoice], accounts: list[str], p0: date, p1: date, unit: str, window: str
) -> dict[str, Any]:
    bought: dict[str, list[object]] = {}
    for i in purchases(invoices, accounts):
        if i.issued <= p1 and (window == "lifetime" or i.issued >= p0):
            bought.setdefault(i.account, []).append(i.issued if unit == "distinct_days" else id(i))
    units = {a: len(set(v)) if unit == "distinct_days" else len(v) for a, v in bought.items()}
    return ratio(sum(1 for n in units.values() if n >= 2), len(units))


def daily(
    o: Oracle, invoices: list[Invoice], accounts: list[str], p0: date, p1: date
) -> float | None:
    ratios = []
    for k in range((p1 - p0).days + 1):
        day = p0 + timedelta(days=k)
        paying = sum(1 for a in accounts if o.state(a, day)[2])
        if paying:
            sold = sum(
                (i.amount for i in purchases(invoices, accounts) if i.issued == day), Decimal(0)
            )
            ratios.append(float(sold) / paying)
    return sum(ratios) / len(ratios) if ratios else None


def arrears(o: Oracle, invoices: list[Invoice], accounts: list[str], day: date) -> dict[str, Any]:
    late = [
        i
        for i in invoices
        if i.account in accounts
        and i.due is not None
        and i.status not in ("void", "refunded")
        and not (i.status == "paid" and i.paid is None)
        and i.due < day
        and (i.paid is None or i.paid > day)
    ]
    paying = [a for a in accounts if o.state(a, day)[2]]
    behind = {i.account for i in late}
    return {
        "arrears": ratio(sum(1 for a in paying if a in behind), len(paying)),
        "arrears_amount": {"value": sum((i.amount for i in late), Decimal(0))},
        "arrears_days": ratio(sum((day - i.due).days for i in late if i.due), len(late)),
    }


def renewals(o: Oracle, accounts: list[str], p0: date, p1: date, as_of: date) -> dict[str, Any]:
    grace = timedelta(days=o.c.renewal_grace_days)
    due = [
        r
        for r in o.rows
        if r.account in accounts and r.term and p0 <= r.term <= p1 and r.term + grace <= as_of
    ]
    kept = [r for r in due if o.state(r.account, r.term + grace)[2]]  # type: ignore[operator]
    return {
        "renewal_rate": ratio(len(kept), len(due)),
        "renewal_rate_revenue": ratio(
            sum((r.mrr for r in kept), Decimal(0)), sum((r.mrr for r in due), Decimal(0))
        ),
    }


def trials(o: Oracle, accounts: list[str], p0: date, p1: date) -> dict[str, Any]:
    started, paid = 0, 0
    for a in accounts:
        days = [s.start for s in o.ledger.subs if s.account == a and s.trial]
        if a in o.ledger.trials:
            days.append(o.ledger.trials[a])
        if not days or not p0 <= min(days) <= p1:
            continue
        started += 1
        entered = [e["day"] for e in o.events(a, p1) if e["kind"] in ("new", "react")]
        paid += any(d >= min(days) for d in entered)  # type: ignore[operator]
    return ratio(paid, started)


def economics(
    o: Oracle,
    costs: dict[tuple[date, str], Decimal],
    grain: str,
    first: date,
    last: date,
    accounts: list[str],
) -> list[dict[str, Any]]:
    """cac, retention cost, payback, ltv and ltv:cac per period."""
    rows = expected(o, grain, first, last, accounts)
    margin = o.c.gross_margin
    out = []
    for (p0, p1), r in zip(period_list(grain, first, last), rows, strict=True):
        spend = {
            c: sum((v for (m, k), v in costs.items() if k == c and p0 <= m <= p1), Decimal(0))
            for c in ("acquisition", "retention")
        }
        cac = ratio(spend["acquisition"], r["new_customers"]["value"])
        arpa = r["arpa"]["value"]
        month = p1.replace(day=1)
        back = o.c.ltv_churn_months
        span = expected(o, "month", months_later(month, -back), months_later(month, -1), accounts)
        rates = [
            m["logo_churn_rate"]["value"] for m in span if m["logo_churn_rate"]["value"] is not None
        ]
        churn = sum(rates) / len(rates) if rates else None
        ltv_top = None if arpa is None else arpa * margin
        ltv = None if ltv_top is None or not churn else ltv_top / churn
        out.append(
            {
                "cac": cac,
                "customer_retention_cost": ratio(spend["retention"], r["customers"]["value"]),
                "cac_payback_months": {
                    "value": None
                    if cac["value"] is None or not arpa
                    else cac["value"] / (arpa * margin)
                },
                "ltv": {"value": ltv},
                "ltv_to_cac": {
                    "value": None if ltv is None or not cac["value"] else ltv / cac["value"]
                },
            }
        )
    return out


def cohort_cells(
    o: Oracle,
    invoices: list[Invoice],
    accounts: list[str],
    first: date,
    last: date,
    source: str,
    kind: str,
) -> dict[tuple[date, int], dict[str, Any]]:
    """(cohort month, age) → numerator, denominator, size, for complete buckets."""
    thirty = o.c.cohort_buckets == "30_days"
    starts: dict[str, date] = {}
    if source == "subscriptions":
        for a in accounts:
            entered = [e["day"] for e in o.events(a, last) if e["kind"] == "new"]
            if entered:
                starts[a] = entered[0]  # type: ignore[assignment]
    else:
        for i in purchases(invoices, accounts):
            starts[i.account] = min(starts.get(i.account, i.issued), i.issued)
    months = [p for p, _ in period_list("month", first, last)]
    cells = {}
    for month in months:
        members = [a for a, d in starts.items() if d.replace(day=1) == month]
        month_end = months_later(month, 1) - ONE_DAY
        age = 0
        while True:
            if thirty:
                complete = month_end + timedelta(days=30 * age + 29) <= last
            else:
                complete = months_later(month, age) <= last
            if not complete:
                break
            top: Any
            if source == "subscriptions":
                ends = {
                    a: (starts[a] + timedelta(days=30 * age + 29))
                    if thirty
                    else months_later(month, age + 1) - ONE_DAY
                    for a in members
                }
                if kind == "logo":
                    top, base = sum(1 for a in members if o.state(a, ends[a])[2]), len(members)
                else:
                    top = sum((o.state(a, ends[a])[0] for a in members), Decimal(0))
                    base = sum((o.state(a, starts[a])[0] for a in members), Decimal(0))
            else:

                def bucket(i: Invoice) -> int:
                    f = starts[i.account]
                    return (
                        (i.issued - f).days // 30
                        if thirty
                        else (i.issued.year - f.year) * 12 + i.issued.month - f.month
                    )

                mine = [i for i in purchases(invoices, members)]
                at_age = [i for i in mine if bucket(i) == age]
                at_zero = [i for i in mine if bucket(i) == 0]
                if kind == "logo":
                    top, base = len({i.account for i in at_age}), len({i.account for i in at_zero})
                else:
                    top = sum((i.amount for i in at_age), Decimal(0))
                    base = sum((i.amount for i in at_zero), Decimal(0))
            if members:
                cells[(month, age)] = {**ratio(top, base), "size": len(members)}
            age += 1
    return cells
