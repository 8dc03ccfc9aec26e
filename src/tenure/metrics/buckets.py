"""Put dated rows into periods: flows (rows dated inside a window) and stocks (deltas up to
an instant).

A stock — MRR or customers at an instant — is the running sum of account changes. Rows
are put in the bucket (previous instant, instant] of each period (the first bucket is open
to the past), summed, and the compiler accumulates buckets over periods. This keeps every
metric linear in the number of changes, at any grain.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

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
    _free_of_period(rows)
    spans = ctx.periods_arrow().select(["period", first, "last_day"])
    return place(ctx, rows, day, spans, f"periods_days_{first}")


def place(ctx: Context, rows: ir.Table, day: str, spans: pa.Table, name: str) -> ir.Table:
    """`rows` joined to every span (period, first day, last day) holding `rows[day]`.

    A date column is joined by equality to a table of every day of every span — a hash
    join, many times faster than the range join on large tables; other columns (and spans
    too long to list) join on the range, as before.
    """
    _, first, last = spans.column_names
    if not rows[day].type().is_date() or not fits_day_map(spans):
        table = ctx.cached(name, lambda: ibis.memtable(spans), shared=False)
        on = (rows[day] >= table[first]) & (rows[day] <= table[last])
        return rows.join(table, on)
    days = ctx.cached(f"{name}_map", lambda: ibis.memtable(day_map(spans)), shared=False)
    return rows.join(days, rows[day] == days[_DAY]).drop(_DAY)


_DAY = "_tenure_day"
#: The most (day, span) pairs listed for an equality join; longer spans join on the range.
DAY_MAP_LIMIT = 200_000


def fits_day_map(spans: pa.Table) -> bool:
    """Whether listing every day of every span stays within `DAY_MAP_LIMIT` rows."""
    _, first, last = spans.column_names
    lengths = pc.add(pc.days_between(spans[first], spans[last]), 1)
    total = pc.sum(pc.max_element_wise(lengths, 0)).as_py() or 0
    return int(total) <= DAY_MAP_LIMIT


def day_map(spans: pa.Table) -> pa.Table:
    """One row per day of each span: the span's columns and the day (`_tenure_day`)."""
    _, first, last = spans.column_names
    starts = pc.cast(spans[first], pa.int32()).to_numpy()
    ends = pc.cast(spans[last], pa.int32()).to_numpy()
    lengths = np.maximum(ends - starts + 1, 0)
    owner = np.repeat(np.arange(len(starts)), lengths)
    offsets = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    days = pa.array((starts[owner] + offsets).astype(np.int32), pa.int32()).cast(pa.date32())
    return spans.take(pa.array(owner, pa.int64())).append_column(_DAY, days)


def stock(ctx: Context, rows: ir.Table, day: str, instant: str) -> ir.Table:
    """`rows` with the `period` whose bucket (lo, hi] of the `instant` series holds the day.

    On a date column the first bucket, open to the past, is closed by moving its rows onto
    its last day, so that every bucket is a list of days and the rows join by equality.
    """
    _free_of_period(rows)
    buckets = ctx.periods_arrow().select(["period", f"{instant}_lo", f"{instant}_hi"])
    if not rows[day].type().is_date() or buckets.num_rows == 0:
        table = ctx.periods_table()
        lo, hi = table[f"{instant}_lo"], table[f"{instant}_hi"]
        return rows.join(table.select("period", lo, hi), (rows[day] > lo) & (rows[day] <= hi))
    first_hi = buckets.column(2)[0].as_py()
    starts = [first_hi, *(d + timedelta(days=1) for d in buckets.column(1).to_pylist()[1:])]
    spans = pa.table(
        {
            "period": buckets.column(0),
            "_tenure_from": pa.array(starts, pa.date32()),
            "_tenure_to": buckets.column(2),
        }
    )
    moved = rows.mutate(_tenure_at=ibis.greatest(rows[day], ibis.literal(first_hi)))
    placed = place(ctx, moved, "_tenure_at", spans, f"periods_buckets_{instant}")
    return placed.drop("_tenure_at", "_tenure_from", "_tenure_to")


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
