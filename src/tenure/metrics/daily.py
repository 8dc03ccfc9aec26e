"""Day-by-day series inside periods: the seed's average daily revenue per customer.

Customers per day come from the account changes accumulated over a grid of days (changes
before the grid are folded into its first day), so the cost grows with the number of
days and segments, not accounts × days.
"""

from __future__ import annotations

from datetime import timedelta

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from tenure.metrics.changes import changes
from tenure.metrics.context import Context
from tenure.metrics.money import COUNT
from tenure.metrics.periods import BEGINNING
from tenure.metrics.segments import segment_values, segments


def day_grid(ctx: Context) -> ir.Table:
    """Every day of the request with its period and its bucket (lo, day]."""
    days, owners = [], []
    for period in ctx.periods:
        count = (period.last - period.first).days + 1
        days += [period.first + timedelta(days=i) for i in range(count)]
        owners += [period.first] * count
    lows = [BEGINNING, *days[:-1]]
    table = pa.table(
        {
            "g_day": pa.array(days, pa.date32()),
            "period": pa.array(owners, pa.date32()),
            "g_lo": pa.array(lows, pa.date32()),
        }
    )
    return ctx.cached("periods_days", lambda: ibis.memtable(table), shared=False)


def _dense(ctx: Context) -> ir.Table:
    grid = day_grid(ctx)
    if not ctx.by:
        return grid
    return grid.cross_join(segment_values(ctx))


def _match(left: ir.Table, right: ir.Table, by: tuple[str, ...]) -> list[ir.BooleanValue]:
    return [left.g_day == right.x_day] + [left[c].identical_to(right[f"x_{c}"]) for c in by]


def daily_revenue_per_customer(ctx: Context) -> ir.Table:
    """Per period and segment: mean over days with customers of revenue ÷ customers."""
    by, grid = ctx.by, day_grid(ctx)
    moves = changes(ctx).join(segments(ctx), "account_id")
    placed = moves.join(grid, (moves.day > grid.g_lo) & (moves.day <= grid.g_day))
    delta = placed.group_by(x_day=placed.g_day, **{f"x_{c}": placed[c] for c in by}).aggregate(
        d=placed.d_cust.sum()
    )
    invoices = ctx.table("invoices")
    kept = invoices.filter(invoices.status.isnull() | ~invoices.status.isin(("void", "refunded")))
    sold = kept.join(segments(ctx), "account_id")
    revenue = sold.group_by(
        x_day=sold.issued_at.date(), **{f"x_{c}": sold[c] for c in by}
    ).aggregate(r=sold.amount.sum())
    dense = _dense(ctx)
    dense = dense.left_join(delta, _match(dense, delta, by)).drop("x_day", *[f"x_{c}" for c in by])
    dense = dense.left_join(revenue, _match(dense, revenue, by))
    running = ibis.cumulative_window(group_by=list(by), order_by="g_day")
    dense = dense.mutate(n=dense.d.fill_null(0).cast(COUNT).sum().over(running))
    days = dense.filter(dense.n > 0)
    ratio = days.r.fill_null(0).cast("float64") / days.n.cast("float64")
    days = days.mutate(ratio=ratio)
    return days.group_by("period", *by).aggregate(value=days.ratio.mean())
