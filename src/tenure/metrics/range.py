"""The default date range of a request: from the first to the last day the data covers."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import ibis
import ibis.expr.types as ir

from tenure.metrics.spec import Metric

if TYPE_CHECKING:
    from tenure.workspace import Workspace

#: Per table, the dates that bound its history, and days to subtract from each (an
#: `ended_at` is the first day without the subscription: the day before is the last one).
DATES: dict[str, tuple[tuple[str, int], ...]] = {
    "subscriptions": (("started_at", 0), ("ended_at", 1)),
    "invoices": (("issued_at", 0),),
    "costs": (("period", 0),),
}


def _bounds(table: ir.Table, columns: tuple[tuple[str, int], ...], as_of: date) -> list[date]:
    cap = ibis.literal(as_of)
    aggregates: dict[str, ir.Value] = {}
    for column, back in columns:
        day = table[column].cast("date")
        if back:
            day = (day - ibis.interval(days=back)).cast("date")
        aggregates[f"{column}_min"] = day.min()
        aggregates[f"{column}_max"] = ibis.ifelse(day <= cap, day, None).max()
    row = table.aggregate(**aggregates).to_pyarrow().to_pylist()[0]
    return [_day(v) for v in row.values() if v is not None]


def _day(value: object) -> date:
    return value.date() if isinstance(value, datetime) else value  # type: ignore[return-value]


def default_range(ws: Workspace, metric: Metric, as_of: date) -> tuple[date, date]:
    """First and last day of the data behind `metric` (last capped at `as_of`)."""
    found: list[date] = []
    for name in metric.tables:
        if name in DATES:
            found += _bounds(ws.table(name), DATES[name], as_of)
    if not found:
        return as_of, as_of
    return min(found), min(max(found), as_of)
