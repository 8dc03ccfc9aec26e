"""Builders of ticket durations: median and 90th percentile of first-response and resolution
times, in hours. Medians do not add up over accounts, so these are grouped: computed per
period and segment (explain shows the components, not an account list).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from tenure.metrics.activity import seconds_between
from tenure.metrics.buckets import Measures, flow
from tenure.metrics.context import Context
from tenure.metrics.money import COUNT, RATE
from tenure.metrics.registry import register
from tenure.metrics.segments import keep_dimensions, segments
from tenure.metrics.support import tickets

_TIMES: Measures = {"value": RATE, "p90": RATE, "tickets": COUNT}
_FIRST: Measures = {"value": RATE, "p90": RATE, "accounts": COUNT}
HOUR = 3600


def spread(ctx: Context, rows: ir.Table, day: str, count: str) -> ir.Table:
    """Per period and segment: median and p90 of `rows.hours` placed by `rows[day]`."""
    placed = flow(ctx, rows, day).join(segments(ctx), "account_id")
    return placed.group_by("period", *ctx.by).aggregate(
        value=placed.hours.median().cast(RATE),
        p90=placed.hours.quantile(0.9).cast(RATE),
        **{count: placed.count()},
    )


def _hours(rows: ir.Table, end: str) -> ir.Table:
    rows = rows.filter(rows[end].notnull() & (rows[end] >= rows.created_at))
    return rows.mutate(hours=seconds_between(rows.created_at, rows[end]) / HOUR)


@register("first_response_time", _TIMES, grouped=True)
def _first_response(ctx: Context) -> ir.Table:
    rows = _hours(keep_dimensions(ctx, tickets(ctx)), "first_response_at")
    return spread(ctx, rows, "created", "tickets")


@register("resolution_time", _TIMES, grouped=True)
def _resolution(ctx: Context) -> ir.Table:
    rows = _hours(keep_dimensions(ctx, tickets(ctx)), "resolved_at")
    return spread(ctx, rows, "resolved", "tickets")


@register("first_ticket_resolution_time", _FIRST, grouped=True)
def _first_ticket(ctx: Context) -> ir.Table:
    rows = tickets(ctx)
    order = ibis.window(group_by="account_id", order_by=["created_at", "ticket_id"])
    rows = rows.mutate(rank=ibis.row_number().over(order))
    first = _hours(rows.filter(rows["rank"] == 0), "resolved_at")
    return spread(ctx, first, "resolved", "accounts")
