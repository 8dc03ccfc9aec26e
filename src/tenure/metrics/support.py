"""Builders of the ticket metrics that add up over accounts: volume, backlog, reopen and
first-contact resolution rates, the severity mix and questions per active account.

Tickets count in the period in which they were created, except first-contact resolution
(by default), counted in the period in which they were resolved.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from tenure.metrics.activity import days_with
from tenure.metrics.billing import customers_at_end
from tenure.metrics.buckets import Measures, flow, part, stock, union
from tenure.metrics.compiler import ratio
from tenure.metrics.context import Context
from tenure.metrics.money import COUNT
from tenure.metrics.registry import register
from tenure.metrics.tagged import tagged

CLOSED = ("solved", "closed")


def tickets(ctx: Context) -> ir.Table:
    """Every ticket with its creation and resolution days."""
    rows = ctx.table("tickets")
    return rows.mutate(created=rows.created_at.date(), resolved=rows.resolved_at.date())


_ONE: Measures = {"value": COUNT}


@register("ticket_volume", _ONE)
def _volume(ctx: Context) -> ir.Table:
    rows = flow(ctx, tickets(ctx), "created")
    return tagged(ctx, rows, _ONE, False, value=ibis.literal(1))


_SHARE: Measures = {"numerator": COUNT, "denominator": COUNT}


@register(
    "tickets_per_100_customers",
    _SHARE,
    finish=lambda t, ctx: {
        "numerator": t.numerator,
        "denominator": t.denominator,
        "per_customer": ratio(t.numerator, t.denominator),
    },
    value=lambda t, ctx: ratio(t.numerator, t.denominator) * 100,
)
def _per_customer(ctx: Context) -> ir.Table:
    opened = flow(ctx, tickets(ctx), "created")
    paying = customers_at_end(ctx)
    return union(
        [
            part(opened, _SHARE, False, numerator=ibis.literal(1)),
            part(paying, _SHARE, False, denominator=ibis.literal(1)),
        ]
    )


@register("ticket_backlog", _ONE)
def _backlog(ctx: Context) -> ir.Table:
    rows = tickets(ctx)
    unknown_close = rows.resolved.isnull() & rows.status.fill_null("").isin(CLOSED)
    rows = rows.filter(~unknown_close)
    opened = stock(ctx, rows.mutate(day=rows.created), "day", "end")
    ended = rows.filter(rows.resolved.notnull())
    closed = stock(ctx, ended.mutate(day=ended.resolved), "day", "end")
    return union(
        [
            tagged(ctx, opened, _ONE, True, value=ibis.literal(1)),
            tagged(ctx, closed, _ONE, True, value=ibis.literal(-1)),
        ]
    )


@register("reopen_rate", _SHARE)
def _reopen(ctx: Context) -> ir.Table:
    rows = flow(ctx, tickets(ctx), "created")
    reopened = rows.reopened.fill_null(False)
    resolved = rows.resolved_at.notnull() | reopened
    return tagged(
        ctx, rows, _SHARE, False, numerator=reopened.cast(COUNT), denominator=resolved.cast(COUNT)
    )


@register("fcr_rate", _SHARE)
def _fcr(ctx: Context) -> ir.Table:
    rows = tickets(ctx)
    rows = rows.filter(rows.contacts.notnull())
    if ctx.conventions.fcr_denominator == "resolved":
        rows = flow(ctx, rows.filter(rows.resolved.notnull()), "resolved")
    else:
        rows = flow(ctx, rows, "created")
    first = rows.resolved.notnull() & (rows.contacts <= 1) & ~rows.reopened.fill_null(False)
    return tagged(
        ctx, rows, _SHARE, False, numerator=first.cast(COUNT), denominator=ibis.literal(1)
    )


@register("tickets_by_severity", _SHARE)
def _mix(ctx: Context) -> ir.Table:
    """Each ticket once per level of the dimensions asked for (numerator 1 at its own
    level), so that every level's share has all the tickets of its segment below it."""
    rows = flow(ctx, tickets(ctx), "created")
    used = [d for d in ctx.metric.dimensions if d in ctx.by or d in ctx.where]
    if not used:
        return tagged(
            ctx, rows, _SHARE, False, numerator=ibis.literal(1), denominator=ibis.literal(1)
        )
    levels = tickets(ctx).select(**{f"l_{d}": d for d in used}).distinct()
    crossed = rows.cross_join(levels)
    hit = ibis.and_(*[crossed[d].identical_to(crossed[f"l_{d}"]) for d in used])
    crossed = crossed.mutate(hit=hit.cast(COUNT)).drop(*used).rename({d: f"l_{d}" for d in used})
    return tagged(ctx, crossed, _SHARE, False, numerator=crossed.hit, denominator=ibis.literal(1))


@register("questions_per_account", _SHARE, one_row_each=True)
def _questions(ctx: Context) -> ir.Table:
    used = days_with(ctx, "actions").select("account_id", "day")
    active = flow(ctx, used, "day").select("period", "account_id").distinct()
    opened = flow(ctx, tickets(ctx), "created")
    counted = opened.group_by(q_period="period", q_account="account_id").aggregate(n=opened.count())
    joined = active.left_join(
        counted, (active.period == counted.q_period) & (active.account_id == counted.q_account)
    )
    return part(joined, _SHARE, False, numerator=joined.n.fill_null(0), denominator=ibis.literal(1))
