"""An independent, brute-force computation of the revenue metrics, day by day, in Python.

It shares no code with the engine: each account's state is evaluated on every calendar
day straight from the subscription rows, and every metric is computed from its written
definition (METRICS.md §1 and docs/conventions.md) by scanning those days.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from metrics_common import Ledger, Sub

from tenure.metrics.conventions import Conventions

ONE_DAY = timedelta(days=1)
TEN = Decimal("1E-6")


def months_later(day: date, months: int) -> date:
    y, m = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(y, m + 1, min(day.day, monthrange(y, m + 1)[1]))


def period_list(grain: str, first: date, last: date) -> list[tuple[date, date]]:
    """(first day, last day) of every period overlapping first … last."""
    if grain == "day":
        start = first
    elif grain == "week":
        start = first - timedelta(days=first.weekday())
    elif grain == "month":
        start = first.replace(day=1)
    elif grain == "quarter":
        start = date(first.year, (first.month - 1) // 3 * 3 + 1, 1)
    else:
        start = date(first.year, 1, 1)
    step = {"month": 1, "quarter": 3, "year": 12}
    out = []
    while start <= last:
        if grain == "day":
            nxt = start + ONE_DAY
        elif grain == "week":
            nxt = start + timedelta(days=7)
        else:
            nxt = months_later(start, step[grain])
        out.append((start, nxt - ONE_DAY))
        start = nxt
    return out


def monthly(sub: Sub, c: Conventions, months: int = 1) -> Decimal:
    """The subscription's value per `months` months, exact then truncated to 10 decimals."""
    weeks = {"52/12": Fraction(52, 12), "4.33": Fraction(433, 100), "4": Fraction(4)}
    per_interval = {
        "month": Fraction(1),
        "quarter": Fraction(1, 3),
        "year": Fraction(1, 12),
        "week": weeks[c.weekly_factor],
        "day": Fraction(365, 12),
    }[sub.interval]
    amount = sub.amount + (sub.discount or 0 if c.discounts == "list_price" else 0)
    exact = Fraction(amount) * per_interval * months / sub.count
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(TEN, ROUND_DOWN)


def counts(sub: Sub, c: Conventions) -> bool:
    if sub.trial and not c.trials_in_mrr:
        return False
    full_off = sub.amount == 0 and (sub.discount or 0) > 0
    return monthly(sub, c) > 0 or (full_off and c.full_discount == "free")


def paid_until(sub: Sub, ends: set[tuple[str, date]]) -> date | None:
    """End of the billing period in which the subscription was cancelled."""
    if sub.end is None or (sub.account, sub.end) in ends:
        return sub.end
    k = 0
    while True:
        if sub.interval in ("month", "quarter", "year"):
            step = {"month": 1, "quarter": 3, "year": 12}[sub.interval] * sub.count
            anchor = months_later(sub.start, k * step)
        else:
            anchor = sub.start + timedelta(
                days=k * sub.count * (7 if sub.interval == "week" else 1)
            )
        if anchor >= sub.end:
            return anchor
        k += 1


@dataclass
class Row:
    account: str
    start: date
    end: date | None
    mrr: Decimal
    arr: Decimal
    term: date | None


class Oracle:
    """Day-by-day account states of a ledger under some conventions."""

    def __init__(self, ledger: Ledger, c: Conventions, as_of: date = date(2030, 1, 1)) -> None:
        self.ledger, self.c, self.as_of = ledger, c, as_of
        self._cache: dict[tuple[str, date], tuple[Decimal, Decimal, bool]] = {}
        live = [s for s in ledger.subs if s.end is None or s.end > s.start]
        kept = [s for s in live if counts(s, c)]
        starts = {(s.account, s.start) for s in kept}
        self.rows = [
            Row(
                s.account,
                s.start,
                paid_until(s, starts) if c.churn_recognition == "end_of_period" else s.end,
                monthly(s, c),
                monthly(s, c, 12),
                s.term,
            )
            for s in kept
        ]
        if c.joined_and_churned == "ignore":
            self._drop_short_first_spells()

    def state(self, account: str, day: date) -> tuple[Decimal, Decimal, bool]:
        """(MRR, ARR, is customer) of `account` on `day`."""
        key = (account, day)
        if key not in self._cache:
            self._cache[key] = self._state(account, day)
        return self._cache[key]

    def _state(self, account: str, day: date) -> tuple[Decimal, Decimal, bool]:
        active = [
            r
            for r in self.rows
            if r.account == account and r.start <= day and (r.end is None or day < r.end)
        ]
        return (
            sum((r.mrr for r in active), Decimal(0)),
            sum((r.arr for r in active), Decimal(0)),
            bool(active),
        )

    def _drop_short_first_spells(self) -> None:
        for account in self.ledger.accounts:
            first_in = first_out = None
            for day in self.days():
                was, now = self.state(account, day - ONE_DAY)[2], self.state(account, day)[2]
                if now and not was and first_in is None:
                    first_in = day
                if was and not now and first_out is None:
                    first_out = day
            if (
                first_in
                and first_out
                and (first_in.year, first_in.month) == (first_out.year, first_out.month)
            ):
                self.rows = [
                    r for r in self.rows if not (r.account == account and r.start < first_out)
                ]
                self._cache.clear()

    def days(self, until: date | None = None) -> list[date]:
        """Every day on which some state may change, and then some."""
        first = min([r.start for r in self.rows], default=date(2023, 1, 1)) - ONE_DAY
        last = max([r.end or r.start for r in self.rows] + [until or first]) + ONE_DAY
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]

    def events(self, account: str, until: date) -> list[dict[str, object]]:
        """Every change of the account, day by day, classified."""
        out: list[dict[str, object]] = []
        ever = False
        last_leave: date | None = None
        for day in self.days(until):
            m0, _, c0 = self.state(account, day - ONE_DAY)
            m1, _, c1 = self.state(account, day)
            if m0 == m1 and c0 == c1:
                continue
            kind = "stay"
            if c1 and not c0:
                window = self.c.reactivation_window_days
                late = (
                    last_leave is not None
                    and window is not None
                    and (day - last_leave).days > window
                )
                kind = "react" if ever and not late else "new"
                ever = True
            elif c0 and not c1:
                kind = "leave"
                last_leave = day
            out.append({"day": day, "kind": kind, "before": m0, "after": m1, "c0": c0, "c1": c1})
        return out


def _ratio(top: object, bottom: object) -> dict[str, object]:
    value = None if bottom == 0 else float(top) / float(bottom)  # type: ignore[arg-type]
    return {"numerator": top, "denominator": bottom, "value": value}


def expected(
    o: Oracle, grain: str, first: date, last: date, accounts: list[str]
) -> list[dict[str, dict[str, object]]]:
    """Per period, every revenue metric as {key: {value, numerator, denominator, …}}."""
    c = o.c
    events = {a: o.events(a, last) for a in accounts}

    def mrr(day: date, who: list[str] = accounts) -> Decimal:
        return sum((o.state(a, day)[0] for a in who), Decimal(0))

    def customers(day: date) -> list[str]:
        return [a for a in accounts if o.state(a, day)[2]]

    def within(lo: date, hi: date) -> list[tuple[str, dict[str, object]]]:
        return [(a, e) for a in accounts for e in events[a] if lo <= e["day"] <= hi]  # type: ignore[operator]

    out = []
    for p0, p1 in period_list(grain, first, last):
        moved = within(p0, p1)
        amount = {
            "new": sum((e["after"] for _, e in moved if e["kind"] == "new"), Decimal(0)),
            "reactivation": sum((e["after"] for _, e in moved if e["kind"] == "react"), Decimal(0)),
            "churned": sum((e["before"] for _, e in moved if e["kind"] == "leave"), Decimal(0)),
            "expansion": sum(
                (max(e["after"] - e["before"], 0) for _, e in moved if e["kind"] == "stay"),
                Decimal(0),
            ),
            "contraction": sum(
                (max(e["before"] - e["after"], 0) for _, e in moved if e["kind"] == "stay"),
                Decimal(0),
            ),
        }
        count = {k: sum(1 for _, e in moved if e["kind"] == k) for k in ("new", "react", "leave")}
        start, end = mrr(p0 - ONE_DAY), mrr(p1)
        n_start, n_end = len(customers(p0 - ONE_DAY)), len(customers(p1))
        r: dict[str, dict[str, object]] = {
            "mrr": {"value": end},
            "arr": {"value": sum((o.state(a, p1)[1] for a in accounts), Decimal(0))},
            "mrr_movements": {"start": start, "end": end, "value": end - start, **amount},
            "net_new_mrr": {"value": end - start},
            "customers": {"value": n_end},
            "new_customers": {"value": count["new"]},
            "churned_customers": {"value": count["leave"]},
            "reactivated_customers": {"value": count["react"]},
            "arpa": _ratio(end, n_end),
            "quick_ratio": _ratio(
                amount["new"] + amount["expansion"] + amount["reactivation"],
                amount["churned"] + amount["contraction"],
            ),
            "expansion_rate": _ratio(
                end - amount["new"] - start + amount["churned"], start - amount["churned"]
            ),
            "logo_churn_rate_seed": _ratio(
                n_start - n_end + count["new"] + count["react"], n_start
            ),
            "customer_retention_rate": _ratio(n_end - count["new"] - count["react"], n_start),
        }
        for key in ("new", "expansion", "reactivation", "contraction", "churned"):
            r[f"{key}_mrr"] = {"value": amount[key]}
        wf = p1 - timedelta(days=c.churn_window_days - 1) if c.churn_window_days else p0
        w0 = wf - ONE_DAY
        window = within(wf, p1)
        present = customers(w0)
        lost = [a for a in present if any(e["kind"] == "leave" for b, e in window if b == a)]
        joined = sum(1 for _, e in window if e["kind"] in ("new", "react"))
        logo_top = (
            len(lost)
            if c.joined_and_churned == "exclude"
            else sum(1 for _, e in window if e["kind"] == "leave")
        )
        logo_bottom = len(present) + (joined if c.churn_denominator == "start_plus_new" else 0)
        r["logo_churn_rate"] = _ratio(logo_top, logo_bottom)
        w_amount = {
            k: sum(
                (
                    e["after"] if k in ("new", "react") else e["before"]
                    for _, e in window
                    if e["kind"] == k
                ),
                Decimal(0),
            )
            for k in ("leave", "react")
        }
        w_exp = sum(
            (max(e["after"] - e["before"], 0) for _, e in window if e["kind"] == "stay"), Decimal(0)
        )
        w_con = sum(
            (max(e["before"] - e["after"], 0) for _, e in window if e["kind"] == "stay"), Decimal(0)
        )
        w_start = mrr(w0)
        regained = w_exp + (w_amount["react"] if c.net_churn_reactivation else 0)
        r["revenue_churn_rate"] = _ratio(w_amount["leave"], w_start)
        r["gross_mrr_churn_rate"] = _ratio(w_amount["leave"] + w_con, w_start)
        r["net_mrr_churn_rate"] = _ratio(w_amount["leave"] + w_con - regained, w_start)
        for key, opening in (
            ("", p0 - ONE_DAY),
            ("_12m", months_later(p1 + ONE_DAY, -12) - ONE_DAY),
        ):
            kept = customers(opening)
            base = mrr(opening, kept)
            r["nrr" + key] = _ratio(mrr(p1, kept), base)
            top = sum((min(o.state(a, p1)[0], o.state(a, opening)[0]) for a in kept), Decimal(0))
            r["grr" + key] = _ratio(top, base)
        out.append(r)
    return out
