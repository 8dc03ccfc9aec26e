"""Put dated rows into periods: flows (rows dated inside a window) and stocks (deltas up to
an instant).

A stock — MRR or customers at an instant — is the running sum of account changes. Rows
are put in the bucket (previous instant, instant] of each period (the first bucket is open
to the past), summed, and the compiler accumulates buckets over periods. This keeps every
metric linear in the number of changes, at any grain.
"""

from __future__ import annotations

from collections.abc import Mapping

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

from tenure.metrics.context import Context

Measures = Mapping[str, dt.DataType]

#: Instant series of the periods table: end of period, start of period (the day before),
#: start of the churn window, start of the trailing 12 months.
INSTANTS = ("end", "start", "win", "year")


def _free_of_period(rows: ir.Table) -> None:
    if "period" in rows.columns:
        raise ValueError("rows to place in periods must not have a `period` column already")


def flow(ctx: Context, rows: ir.Table, day: str, first: str = "first_day") -> ir.Table:
    """`rows` with the `period` whose days `first` … `last_day` contain `rows[day]`."""
    periods = ctx.periods_table()
    _free_of_period(rows)
    on = (rows[day] >= periods[first]) & (rows[day] <= periods.last_day)
    return rows.join(periods.select("period", first, "last_day"), on)


def stock(ctx: Context, rows: ir.Table, day: str, instant: str) -> ir.Table:
    """`rows` with the `period` whose bucket (lo, hi] of the `instant` series holds the day."""
    periods = ctx.periods_table()
    _free_of_period(rows)
    lo, hi = periods[f"{instant}_lo"], periods[f"{instant}_hi"]
    return rows.join(periods.select("period", lo, hi), (rows[day] > lo) & (rows[day] <= hi))


def part(
    rows: ir.Table,
    measures: Measures,
    is_stock: bool,
    **values: ir.Value,
) -> ir.Table:
    """Contribution rows: period, account_id, stock flag and every measure (0 when absent)."""
    columns = {
        name: (values[name] if name in values else ibis.literal(0)).cast(dtype)
        for name, dtype in measures.items()
    }
    unknown = set(values) - set(measures)
    if unknown:
        raise ValueError(f"undeclared measures {sorted(unknown)}")
    return rows.select(
        period=rows.period,
        account_id=rows.account_id.cast("string"),
        stock=ibis.literal(is_stock),
        **columns,
    )


def union(parts: list[ir.Table]) -> ir.Table:
    """All contribution parts as one table."""
    first, *rest = parts
    return first.union(*rest) if rest else first
