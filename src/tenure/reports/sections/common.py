"""Helpers shared by the sections: headline figures, period filters, table cells."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

import ibis.expr.types as ir
import pandas as pd

from tenure.metrics.catalogue import CATALOGUE
from tenure.reports.context import ReportContext
from tenure.reports.format import change, missing, show
from tenure.reports.model import Figure


def unit_of(key: str, column: str = "value") -> str:
    """The unit a metric's column is shown in (movement columns are money)."""
    metric = CATALOGUE[key]
    return metric.unit if column == "value" else "currency"


def trend(now: Any, before: Any, direction: str) -> str:
    """good / bad / flat, by the metric's direction."""
    if missing(now) or missing(before) or float(now) == float(before) or direction == "neutral":
        return "flat"
    return "good" if (float(now) > float(before)) == (direction == "higher") else "bad"


def figure(ctx: ReportContext, key: str, label: str | None = None, column: str = "value") -> Figure:
    """A metric over the period, and its change against the period before."""
    metric = CATALOGUE[key]
    unit = unit_of(key, column)
    now = ctx.value(key, column)
    before = ctx.value(key, column, previous=True)
    return Figure(
        label=label or metric.name,
        value=show(now, unit, ctx.currency),
        change=change(now, before, unit, ctx.currency),
        trend=trend(now, before, metric.direction),
        note=f"vs previous {ctx.period.grain}" if not missing(before) else "",
    )


def figures(ctx: ReportContext, keys: Iterable[tuple[str, str]]) -> list[Figure]:
    """The figures of (key, label) pairs whose metric exists in the catalogue."""
    return [figure(ctx, key, label) for key, label in keys if key in CATALOGUE]


def rows_of(frame: pd.DataFrame | None, column: str = "value") -> list[dict[str, Any]]:
    """(period, value) rows of a metric result with a value (for charts)."""
    if frame is None or column not in frame.columns:
        return []
    rows = [
        {"period": period, "value": float(value)}
        for period, value in zip(frame["period"], frame[column], strict=True)
        if not missing(value)
    ]
    return rows


def of_scope(ctx: ReportContext, table: ir.Table) -> ir.Table:
    """Rows of the pack's account only (all rows for the company)."""
    if ctx.account_id is None:
        return table
    return table.filter(table.account_id == ctx.account_id)


def within(table: ir.Table, column: str, start: date, end: date) -> ir.Table:
    """Rows whose `column` falls on a day from `start` to `end`."""
    first = datetime.combine(start, time.min)
    after = datetime.combine(end, time.max)
    return table.filter((table[column] >= first) & (table[column] <= after))


def cell(value: Any) -> str:
    """A table cell: empty for missing values."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    return str(value)


def account_names(ctx: ReportContext, ids: Iterable[object]) -> dict[str, str]:
    """Account id → name (the id when the account has no name), for the given ids."""
    wanted = sorted({str(i) for i in ids if i is not None})
    if not wanted:
        return {}
    accounts = ctx.ws.table("accounts")
    found = accounts.filter(accounts.account_id.isin(wanted)).select("account_id", "name")
    rows = found.to_pyarrow().to_pylist()
    names = {str(r["account_id"]): str(r["name"] or r["account_id"]) for r in rows}
    return {i: names.get(i, i) for i in wanted}
