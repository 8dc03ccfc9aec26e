"""Builders from invoices: repeat purchase, average daily revenue per customer, arrears."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from tenure.metrics.buckets import Measures, flow, part, stock
from tenure.metrics.changes import intervals
from tenure.metrics.context import Context
from tenure.metrics.daily import daily_revenue_per_customer
from tenure.metrics.money import COUNT, MONEY, RATE, money
from tenure.metrics.periods import END_OF_TIME
from tenure.metrics.registry import register

SETTLED = ("void", "refunded")


def purchases(ctx: Context) -> ir.Table:
    """Invoices that count as purchases: (account_id, day, invoice_id, amount)."""
    invoices = ctx.table("invoices")
    kept = invoices.filter(invoices.status.isnull() | ~invoices.status.isin(SETTLED))
    return kept.select("account_id", "invoice_id", "amount", day=kept.issued_at.date())


_REPEAT: Measures = {"numerator": COUNT, "denominator": COUNT}


def _ranked(ctx: Context) -> ir.Table:
    rows = purchases(ctx)
    if ctx.conventions.repeat_purchase_unit == "distinct_days":
        rows = rows.select("account_id", "day").distinct().mutate(invoice_id=ibis.literal(""))
    order = ibis.window(group_by="account_id", order_by=["day", "invoice_id"])
    return rows.mutate(rank=ibis.row_number().over(order))


@register("repeat_purchase_rate", _REPEAT)
def _repeat(ctx: Context) -> ir.Table:
    rows = _ranked(ctx)
    if ctx.conventions.repeat_purchase_window == "lifetime":
        events = stock(ctx, rows.filter(rows["rank"] <= 1), "day", "end")
        return part(
            events,
            _REPEAT,
            True,
            numerator=(events["rank"] == 1).cast(COUNT),
            denominator=(events["rank"] == 0).cast(COUNT),
        )
    placed = flow(ctx, rows, "day")
    counts = placed.group_by("period", "account_id").aggregate(n=placed.count())
    return part(
        counts, _REPEAT, False, numerator=(counts.n >= 2).cast(COUNT), denominator=ibis.literal(1)
    )


register("average_revenue_per_customer_daily", {"value": RATE}, grouped=True)(
    daily_revenue_per_customer
)


def past_due(ctx: Context) -> ir.Table:
    """Invoices past due at each period's end: unpaid after the end of the due day."""
    invoices = ctx.table("invoices")
    paid_no_date = (invoices.status.fill_null("") == "paid") & invoices.paid_at.isnull()
    open_rows = invoices.filter(
        invoices.due_at.notnull() & ~invoices.status.fill_null("open").isin(SETTLED) & ~paid_no_date
    )
    rows = open_rows.select(
        "account_id", "amount", due=open_rows.due_at.date(), paid=open_rows.paid_at.date()
    )
    periods = ctx.periods_table().select("period", "last_day")
    on = (rows.due < periods.last_day) & (rows.paid.fill_null(END_OF_TIME) > periods.last_day)
    joined = rows.join(periods, on)
    return joined.mutate(days=joined.last_day.delta(joined.due, unit="day"))


def customers_at_end(ctx: Context) -> ir.Table:
    """(period, account_id) for every customer at each period's end (kept: a dozen metrics
    start from it)."""

    def build() -> ir.Table:
        spells = intervals(ctx)
        periods = ctx.periods_table().select("period", "last_day")
        on = (spells.valid_from <= periods.last_day) & (
            periods.last_day < spells.valid_to.fill_null(END_OF_TIME)
        )
        return spells.join(periods, on).select("period", "account_id")

    return ctx.kept("customers_at_end", build, f"{ctx.as_of}|{ctx.periods_key}")


_SHARE: Measures = {"numerator": COUNT, "denominator": COUNT}


@register("arrears", _SHARE, one_row_each=True)
def _arrears(ctx: Context) -> ir.Table:
    late = past_due(ctx).select(l_period="period", l_account="account_id").distinct()
    paying = customers_at_end(ctx)
    joined = paying.left_join(
        late, (paying.period == late.l_period) & (paying.account_id == late.l_account)
    )
    flag = joined.l_account.notnull().cast(COUNT)
    return part(joined, _SHARE, False, numerator=flag, denominator=ibis.literal(1))


@register("arrears_amount", {"value": MONEY})
def _arrears_amount(ctx: Context) -> ir.Table:
    rows = past_due(ctx)
    return part(rows, {"value": MONEY}, False, value=money(rows.amount))


_DAYS: Measures = {"numerator": COUNT, "denominator": COUNT}


@register("arrears_days", _DAYS)
def _arrears_days(ctx: Context) -> ir.Table:
    rows = past_due(ctx)
    return part(rows, _DAYS, False, numerator=rows.days, denominator=ibis.literal(1))
