"""Cohort tables: accounts grouped by the month of their first payment, followed by age.

From subscriptions, age k is measured at the end of bucket k (customers paying, their
MRR); from invoices (orders), age k counts the accounts that bought in bucket k and their
revenue. Buckets are calendar months (default) or 30-day periods from each account's
first payment (`cohort_buckets`). Only complete buckets are shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa

from tenure.metrics.api import Request, context, execute
from tenure.metrics.billing import purchases
from tenure.metrics.changes import changes
from tenure.metrics.compiler import ratio
from tenure.metrics.context import Context
from tenure.metrics.errors import MetricError
from tenure.metrics.money import COUNT, money
from tenure.metrics.periods import parse_day, periods_between
from tenure.metrics.range import default_range
from tenure.metrics.segments import segments

if TYPE_CHECKING:
    from tenure.workspace import Workspace

KINDS = {"logo": "logo_retention_cohorts", "revenue": "mrr_retention_cohorts"}
SOURCES = ("subscriptions", "invoices")


@dataclass(frozen=True)
class CohortRequest:
    """What cohort table to build."""

    kind: str = "logo"
    source: str = "auto"
    start: str | date | None = None
    end: str | date | None = None
    where: Mapping[str, Any] | None = None
    preset: str | None = None
    conventions: Mapping[str, Any] = field(default_factory=dict)
    #: The day the table is as of (today): the default range ends with it.
    as_of: date | None = None


def _source(ws: Workspace, wanted: str) -> str:
    if wanted in SOURCES:
        return wanted
    if wanted != "auto":
        raise MetricError(f"unknown cohort source {wanted!r}; use subscriptions or invoices")
    has_subscriptions = ws.table("subscriptions").count().to_pyarrow().as_py() > 0
    return "subscriptions" if has_subscriptions else "invoices"


def _context(ws: Workspace, request: CohortRequest, source: str) -> Context:
    if request.kind not in KINDS:
        raise MetricError(f"unknown cohort kind {request.kind!r}; use logo or revenue")
    start, end = parse_day(request.start), parse_day(request.end)
    probe = context(
        ws,
        Request(KINDS[request.kind], start="2000-01-01", end="2000-01-01", as_of=request.as_of),
    )
    if start is None or end is None:
        found = default_range(ws, replace(probe.metric, tables=(source,)), probe.as_of)
        start, end = start or found[0], end or found[1]
    return context(
        ws,
        Request(
            KINDS[request.kind],
            "month",
            start,
            end,
            (),
            request.where,
            request.preset,
            request.conventions,
            request.as_of,
        ),
    )


def _age(ctx: Context, day: ir.DateValue, first: ir.DateValue) -> ir.IntegerValue:
    if ctx.conventions.cohort_buckets == "30_days":
        days = day.delta(first, unit="day")
        return ((days - days % 30) / 30).cast(COUNT)
    return ((day.year() - first.year()) * 12 + day.month() - first.month()).cast(COUNT)


def grid(ctx: Context) -> ir.Table:
    """Every (cohort, age) whose bucket is complete by the end of the range."""
    end = ctx.periods[-1].last
    cohorts, ages = [], []
    for period in ctx.periods:
        if ctx.conventions.cohort_buckets == "30_days":
            count = max(0, ((end - period.last).days - 29) // 30 + 1)
        else:
            count = len(periods_between("month", period.first, end))
        cohorts += [period.first] * count
        ages += list(range(count))
    table = pa.table(
        {"g_cohort": pa.array(cohorts, pa.date32()), "g_age": pa.array(ages, pa.int64())}
    )
    return ibis.memtable(table)


def _dense(ctx: Context, sums: ir.Table, sizes: ir.Table, running: bool) -> ir.Table:
    cells = grid(ctx)
    joined = cells.left_join(sums, (cells.g_cohort == sums.cohort) & (cells.g_age == sums.age))
    top = joined.top.fill_null(ibis.literal(0).cast(joined.top.type()))
    if running:
        top = top.sum().over(ibis.cumulative_window(group_by="g_cohort", order_by="g_age"))
    joined = joined.select(cohort=joined.g_cohort, age=joined.g_age, numerator=top)
    full = joined.join(sizes, joined.cohort == sizes.s_cohort)
    return full.select("cohort", "age", "size", "numerator", denominator=full.base).mutate(
        value=lambda t: ratio(t.numerator, t.denominator)
    )


def from_subscriptions(ctx: Context, kind: str) -> ir.Table:
    rows = changes(ctx).join(segments(ctx), "account_id")
    rows = rows.mutate(cohort=rows.first_day.truncate("M").cast("date"))
    rows = rows.mutate(age=_age(ctx, rows.day, rows.first_day))
    delta = rows.dm if kind == "revenue" else rows.d_cust
    sums = rows.group_by("cohort", "age").aggregate(top=delta.sum())
    starts = rows.filter(rows.day == rows.first_day)
    base = money(starts.new.sum()) if kind == "revenue" else starts.count()
    sizes = starts.group_by(s_cohort=starts.cohort).aggregate(size=starts.count(), base=base)
    return _dense(ctx, sums, sizes, running=True)


def from_invoices(ctx: Context, kind: str) -> ir.Table:
    rows = purchases(ctx).join(segments(ctx), "account_id")
    rows = rows.mutate(first=rows.day.min().over(ibis.window(group_by="account_id")))
    rows = rows.mutate(
        cohort=rows.first.truncate("M").cast("date"), age=_age(ctx, rows.day, rows.first)
    )
    amount = money(rows.amount)
    top = amount.sum() if kind == "revenue" else rows.account_id.nunique().cast(COUNT)
    sums = rows.group_by("cohort", "age").aggregate(top=top)
    zero = rows.filter(rows.age == 0)
    base = money(zero.amount.sum()) if kind == "revenue" else zero.account_id.nunique()
    sizes = zero.group_by(s_cohort=zero.cohort).aggregate(size=zero.account_id.nunique(), base=base)
    return _dense(ctx, sums, sizes, running=False)


def cohorts(ws: Workspace, request: CohortRequest) -> pd.DataFrame:
    """The cohort table: cohort (ISO month), age, size, value, numerator, denominator."""
    source = _source(ws, request.source)
    ctx = _context(ws, request, source)
    build = from_subscriptions if source == "subscriptions" else from_invoices
    table = build(ctx, request.kind)
    ordered = table.select("cohort", "age", "size", "value", "numerator", "denominator")
    return execute(ws, ordered.order_by(["cohort", "age"]))
