"""Compile a metric request to one Ibis expression: contributions → segments → periods.

Steps: the metric's builder gives contribution rows; they are joined to the segment table
(which also applies the filters), summed per period and segment, laid on a dense frame of
periods × segment values, stocks accumulated over periods, then finished into the output
columns and the value.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from tenure.metrics.context import Context
from tenure.metrics.materialised import CONTRIBUTIONS
from tenure.metrics.registry import BUILDERS, Builder
from tenure.metrics.segments import account_columns, keep_dimensions, segment_values, segments

_FLOW, _STOCK = "__f", "__s"


def builder_of(key: str) -> Builder:
    return BUILDERS[key]


def frame(ctx: Context, rows: ir.Table | None = None) -> ir.Table:
    """Every period × every combination of segment values present (row dimensions, such as
    a ticket's severity, take the values found in the contribution `rows`)."""
    periods = ctx.periods_table().select("period")
    if not ctx.by:
        return periods
    by = account_columns(ctx, ctx.by)
    if rows is None or len(by) == len(ctx.by):
        return periods.cross_join(segment_values(ctx))
    dims = rows.select(*[c for c in ctx.by if c not in by]).distinct()
    table = periods.cross_join(segment_values(ctx)) if by else periods
    return table.cross_join(dims).select("period", *ctx.by)


def contributions(ctx: Context, builder: Builder) -> ir.Table:
    """The builder's rows, kept by the filters on row dimensions (a grouped builder applies
    them itself, before it aggregates)."""
    if builder.grouped:
        return builder.rows(ctx)
    return keep_dimensions(ctx, _account_rows(ctx, builder))


def _account_rows(ctx: Context, builder: Builder) -> ir.Table:
    """The builder's rows per period and account. They do not depend on the account
    segments or filters of the request, so on DuckDB they are kept (per metric, periods,
    day of the request and data version) for the next split of the same metric, and a
    request for several splits at once joins these few rows per account and period to its
    stacked segments, not the raw rows; rows that depend on the row dimensions asked for
    are built each time."""
    if any(d in ctx.by or d in ctx.where for d in ctx.metric.dimensions):
        return builder.rows(ctx)
    detail = f"{ctx.as_of}|{ctx.periods_key}"
    return ctx.kept(f"{CONTRIBUTIONS}{ctx.metric.key}", lambda: _per_account(ctx, builder), detail)


def _per_account(ctx: Context, builder: Builder) -> ir.Table:
    """The builder's rows summed per period, account and stock flag: the measures are
    linear, so every later sum is unchanged, and a metric with a row per event keeps a row
    per account and period instead. The row dimensions are summed over too: these rows
    serve only requests that neither split nor filter by them (`_account_rows`). Rows
    already one per key (`Builder.one_row_each`, without row dimensions) are kept as they
    are."""
    rows = builder.rows(ctx)
    keys = ["period", "account_id", "stock"]
    if builder.one_row_each and not ctx.metric.dimensions:
        return rows.select(*keys, *builder.measures)
    return rows.group_by(keys).aggregate(
        **{name: rows[name].sum().cast(dtype) for name, dtype in builder.measures.items()}
    )


def _on(left: ir.Table, right: ir.Table, ctx: Context) -> list[ir.BooleanValue]:
    keys = [left.period == right.r_period]
    return keys + [left[c].identical_to(right[f"r_{c}"]) for c in ctx.by]


def _renamed(table: ir.Table, ctx: Context) -> ir.Table:
    return table.rename({f"r_{c}": c for c in ("period", *ctx.by)})


def _filled(column: ir.Value) -> ir.Value:
    """Missing totals are 0; missing averages (floats) stay empty."""
    if column.type().is_floating():
        return column
    return column.fill_null(ibis.literal(0).cast(column.type()))


def sums(ctx: Context, builder: Builder, found: ir.Table | None = None) -> ir.Table:
    """Per period and segment: each measure's flow and stock sums (not yet accumulated)."""
    found = contributions(ctx, builder) if found is None else found
    rows = found.join(segments(ctx), "account_id")
    aggregates = {}
    for name in builder.measures:
        column = rows[name]
        zero = ibis.literal(0).cast(column.type())
        aggregates[name + _FLOW] = ibis.ifelse(rows.stock, zero, column).sum()
        aggregates[name + _STOCK] = ibis.ifelse(rows.stock, column, zero).sum()
    return rows.group_by("period", *ctx.by).aggregate(**aggregates)


def measures(ctx: Context, builder: Builder) -> ir.Table:
    """Per period and segment (dense): every measure, stocks accumulated over periods."""
    contributed = contributions(ctx, builder)
    base = frame(ctx, contributed)
    if builder.grouped:
        found = _renamed(contributed, ctx)
        joined = base.left_join(found, _on(base, found, ctx))
        return joined.select("period", *ctx.by, **{m: _filled(joined[m]) for m in builder.measures})
    found = _renamed(sums(ctx, builder, contributed), ctx)
    joined = base.left_join(found, _on(base, found, ctx))
    running = ibis.cumulative_window(group_by=list(ctx.by), order_by="period")
    columns = {}
    for name, dtype in builder.measures.items():
        zero = ibis.literal(0).cast(dtype)
        flow = joined[name + _FLOW].fill_null(zero)
        stocks = joined[name + _STOCK].fill_null(zero).sum().over(running)
        columns[name] = (flow + stocks).cast(dtype)
    return joined.select("period", *ctx.by, **columns)


def outputs(table: ir.Table, ctx: Context, builder: Builder) -> dict[str, ir.Value]:
    """The output columns (linear in the measures)."""
    if builder.finish is None:
        return {name: table[name] for name in builder.measures}
    return builder.finish(table, ctx)


def ratio(numerator: ir.NumericValue, denominator: ir.NumericValue) -> ir.FloatingValue:
    """numerator ÷ denominator as a float; empty when the denominator is 0."""
    top, bottom = numerator.cast("float64"), denominator.cast("float64")
    return ibis.ifelse(bottom == 0, ibis.null("float64"), top / bottom)


def value_of(table: ir.Table, ctx: Context, builder: Builder) -> ir.Value:
    """The metric's value from its output columns."""
    if builder.value is not None:
        return builder.value(table, ctx)
    kind = ctx.metric.kind
    if kind == "ratio":
        return ratio(table.numerator, table.denominator)
    if kind == "movement":
        return table.end - table.start
    return table.value


def aggregate(ctx: Context) -> ir.Table:
    """The result of the request in `ctx`: period, segments, value and output columns."""
    builder = builder_of(ctx.metric.key)
    table = measures(ctx, builder)
    table = table.select("period", *ctx.by, **outputs(table, ctx, builder))
    table = table.mutate(value=value_of(table, ctx, builder))
    columns = ctx.metric.value_columns
    return table.select("period", *ctx.by, *columns).order_by(["period", *ctx.by])


def accounts(ctx: Context) -> ir.Table:
    """Per account (and segment): its contribution to each output column over the context's
    single period. Stocks are summed over all history up to the period (one bucket)."""
    builder = builder_of(ctx.metric.key)
    rows = contributions(ctx, builder).join(segments(ctx), "account_id")
    summed = rows.group_by("account_id", *ctx.by).aggregate(
        **{name: rows[name].sum() for name in builder.measures}
    )
    result = summed.select("account_id", *ctx.by, **outputs(summed, ctx, builder))
    names = [c for c in result.columns if c not in ("account_id", *ctx.by)]
    nonzero = ibis.or_(*[result[c] != 0 for c in names])
    return result.filter(nonzero).order_by(["account_id"])
