"""The default date range of a request: from the first to the last day with a recorded
event (subscription start, invoice, cost) in the metric's tables, capped at today."""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import TYPE_CHECKING

import ibis
import ibis.expr.types as ir

from tenure.metrics.spec import Metric

if TYPE_CHECKING:
    from tenure.workspace import Workspace

#: Per table, the event dates that bound its history (scheduled dates such as `ended_at`
#: may lie past the data's end, so they do not extend the default range).
DATES: dict[str, tuple[str, ...]] = {
    "subscriptions": ("started_at",),
    "invoices": ("issued_at",),
    "costs": ("period",),
    "tickets": ("created_at",),
    "surveys": ("responded_at",),
    "events": ("occurred_at",),
    "touchpoints": ("occurred_at",),
}


def _bounds(table: ir.Table, columns: tuple[str, ...], as_of: date) -> list[date]:
    cap = ibis.literal(as_of)
    aggregates: dict[str, ir.Value] = {}
    for column in columns:
        day = table[column].cast("date")
        aggregates[f"{column}_min"] = day.min()
        aggregates[f"{column}_max"] = ibis.ifelse(day <= cap, day, None).max()
    row = table.aggregate(**aggregates).to_pyarrow().to_pylist()[0]
    return [_day(v) for v in row.values() if v is not None]


def _day(value: object) -> date:
    return value.date() if isinstance(value, datetime) else value  # type: ignore[return-value]


def default_range(ws: Workspace, metric: Metric, as_of: date) -> tuple[date, date]:
    """First and last day of the data behind `metric` (last capped at `as_of`); each
    table's bounds are kept per data version (on the events table they cost a scan)."""
    found: list[date] = []
    for name in metric.tables:
        if name in DATES:
            found += table_bounds(ws, name, as_of)
    if not found:
        return as_of, as_of
    return min(found), min(max(found), as_of)


def table_bounds(ws: Workspace, name: str, as_of: date) -> list[date]:
    """The first and last days of table `name`'s history (empty when it has no rows), kept
    per data version."""
    from tenure.metrics.cache import cached

    request = {"table": name, "as_of": as_of.isoformat()}
    bounds = functools.partial(_bounds, ws.table(name), DATES[name], as_of)
    return cached(ws, "bounds", request, bounds)
