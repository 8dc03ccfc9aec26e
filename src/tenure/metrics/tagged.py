"""Contribution rows that keep the metric's row dimensions (ticket severity, event name…),
so that `by` and `where` can use them; otherwise like `buckets.part`."""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from tenure.metrics.buckets import Measures
from tenure.metrics.context import Context


def tagged(
    ctx: Context, rows: ir.Table, measures: Measures, is_stock: bool, **values: ir.Value
) -> ir.Table:
    """Contribution rows (period, account_id, stock, measures) plus the metric's dimensions."""
    unknown = set(values) - set(measures)
    if unknown:
        raise ValueError(f"undeclared measures {sorted(unknown)}")
    columns = {
        name: (values[name] if name in values else ibis.literal(0)).cast(dtype)
        for name, dtype in measures.items()
    }
    dims: Sequence[str] = ctx.metric.dimensions
    return rows.select(
        period=rows.period,
        account_id=rows.account_id.cast("string"),
        stock=ibis.literal(is_stock),
        **{d: rows[d] for d in dims},
        **columns,
    )
