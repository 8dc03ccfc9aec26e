"""Builders of unit economics: CAC, payback, LTV, LTV:CAC and retention cost.

They combine period totals (costs are monthly, per team) with other metrics' results,
so they are `grouped`: computed per period and segment, never per account.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from tenure.metrics.buckets import Measures, flow
from tenure.metrics.catalogue import get_metric
from tenure.metrics.compiler import aggregate
from tenure.metrics.context import Context
from tenure.metrics.money import COUNT, MONEY, RATE, money
from tenure.metrics.periods import add_months, periods_between
from tenure.metrics.registry import register


def costs(ctx: Context, category: str) -> ir.Table:
    """Spend of `category` per period (and team when segmented by team)."""
    rows = ctx.table("costs").filter(lambda t: t.category == category)
    rows = rows.mutate(team=ibis.ifelse(rows.team == "", ibis.null("string"), rows.team))
    for column, value in ctx.where.items():
        values = list(value) if isinstance(value, list | tuple) else [value]
        rows = rows.filter(rows[column].isin(values))
    rows = rows.select("amount", *ctx.by, spent=rows.period.cast("date"))
    placed = flow(ctx, rows, "spent")
    return placed.group_by("period", *ctx.by).aggregate(spend=money(placed.amount.sum()))


def result(ctx: Context, key: str, name: str, column: str = "value") -> ir.Table:
    """Another metric's result over the same periods and segments, as column `name`."""
    table = aggregate(ctx.derive(get_metric(key), ctx.grain, ctx.periods))
    return table.select("period", *ctx.by, **{name: table[column]})


def combine(ctx: Context, *tables: ir.Table) -> ir.Table:
    """Join results that share (period, segments); the first table fixes the rows."""
    merged, *rest = tables
    for table in rest:
        keys = ("period", *ctx.by)
        renamed = table.rename({f"x_{c}": c for c in keys})
        on = [merged[c].identical_to(renamed[f"x_{c}"]) for c in keys]
        merged = merged.left_join(renamed, on).drop(*[f"x_{c}" for c in keys])
    return merged


_CAC: Measures = {"spend": MONEY, "new": COUNT}


@register(
    "cac", _CAC, finish=lambda t, ctx: {"numerator": t.spend, "denominator": t.new}, grouped=True
)
def _cac(ctx: Context) -> ir.Table:
    return combine(ctx, result(ctx, "new_customers", "new"), costs(ctx, "acquisition"))


_COST: Measures = {"spend": MONEY, "customers": COUNT}


@register(
    "customer_retention_cost",
    _COST,
    finish=lambda t, ctx: {"numerator": t.spend, "denominator": t.customers},
    grouped=True,
)
def _retention_cost(ctx: Context) -> ir.Table:
    return combine(ctx, result(ctx, "customers", "customers"), costs(ctx, "retention"))


def _margin(ctx: Context) -> ir.Value:
    return ibis.literal(ctx.conventions.gross_margin, RATE)


_PAYBACK: Measures = {"cac": RATE, "arpa": RATE}


@register(
    "cac_payback_months",
    _PAYBACK,
    finish=lambda t, ctx: {"numerator": t.cac, "denominator": t.arpa * _margin(ctx)},
    grouped=True,
)
def _payback(ctx: Context) -> ir.Table:
    return combine(ctx, result(ctx, "cac", "cac"), result(ctx, "arpa", "arpa"))


def monthly_churn(ctx: Context) -> ir.Table:
    """Per period: the average monthly logo churn of the `ltv_churn_months` months before
    the month holding the period's last day (months without customers are skipped)."""
    back = ctx.conventions.ltv_churn_months
    months = [p.last.replace(day=1) for p in ctx.periods]
    span = periods_between("month", add_months(months[0], -back), add_months(months[-1], -1))
    churn = aggregate(ctx.derive(get_metric("logo_churn_rate"), "month", span))
    lookup = pa.table(
        {
            "l_period": pa.array([p.first for p in ctx.periods], pa.date32()),
            "l_first": pa.array([add_months(m, -back) for m in months], pa.date32()),
            "l_last": pa.array([add_months(m, -1) for m in months], pa.date32()),
        }
    )
    windows = ibis.memtable(lookup)
    joined = windows.join(
        churn, (churn.period >= windows.l_first) & (churn.period <= windows.l_last)
    )
    return joined.group_by(period=joined.l_period, **{c: joined[c] for c in ctx.by}).aggregate(
        churn=joined.value.mean()
    )


_LTV: Measures = {"arpa": RATE, "churn": RATE}


@register(
    "ltv",
    _LTV,
    finish=lambda t, ctx: {"numerator": t.arpa * _margin(ctx), "denominator": t.churn},
    grouped=True,
)
def _ltv(ctx: Context) -> ir.Table:
    return combine(ctx, result(ctx, "arpa", "arpa"), monthly_churn(ctx))


_RATIO: Measures = {"ltv": RATE, "cac": RATE}


@register(
    "ltv_to_cac",
    _RATIO,
    finish=lambda t, ctx: {"numerator": t.ltv, "denominator": t.cac},
    grouped=True,
)
def _ltv_to_cac(ctx: Context) -> ir.Table:
    return combine(ctx, result(ctx, "ltv", "ltv"), result(ctx, "cac", "cac"))
