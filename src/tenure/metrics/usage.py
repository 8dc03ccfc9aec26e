"""Builders of product usage: active users, DAU/WAU/MAU, stickiness, event counts and the
usage trend against the previous period.

Users are counted per account (a user id is unique within its account), so every count
is a sum over accounts and explain lists the accounts behind it.
"""

from __future__ import annotations

from datetime import timedelta

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from tenure.metrics.activity import days_with, events_of, period_users, user_windows
from tenure.metrics.buckets import Measures, flow, part, place
from tenure.metrics.context import Context
from tenure.metrics.money import COUNT, RATE
from tenure.metrics.periods import period_start
from tenure.metrics.registry import register
from tenure.metrics.tagged import tagged

_USERS: Measures = {"value": COUNT}
WEEK, MONTH = 7, 30


@register("active_users", _USERS, one_row_each=True)
def _active(ctx: Context) -> ir.Table:
    users = period_users(ctx)
    counted = users.group_by("period", "account_id").aggregate(value=users.count())
    return part(counted, _USERS, False, value=counted.value)


def _trailing_users(days: int) -> None:
    key = {WEEK: "wau", MONTH: "mau"}[days]

    def rows(ctx: Context) -> ir.Table:
        users = user_windows(ctx, days)
        counted = users.group_by("period", "account_id").aggregate(value=users.count())
        return part(counted, _USERS, False, value=counted.value)

    register(key, _USERS, one_row_each=True)(rows)


_trailing_users(WEEK)
_trailing_users(MONTH)

_DAU: Measures = {"value": RATE}


@register("dau", _DAU, one_row_each=True)
def _dau(ctx: Context) -> ir.Table:
    """An account's user-days ÷ the days of the period: its daily average."""
    users = period_users(ctx)
    summed = users.group_by("period", "account_id").aggregate(user_days=users.days.sum())
    periods = ctx.periods_table().select(p_period="period", first="first_day", last="last_day")
    placed = summed.join(periods, summed.period == periods.p_period)
    days = placed["last"].delta(placed["first"], unit="day") + 1
    return part(placed, _DAU, False, value=placed.user_days.cast(RATE) / days.cast(RATE))


_STICKY: Measures = {"numerator": RATE, "denominator": COUNT}


@register("stickiness", _STICKY, one_row_each=True)
def _stickiness(ctx: Context) -> ir.Table:
    users = user_windows(ctx, MONTH)
    counted = users.group_by("period", "account_id").aggregate(
        user_days=users.days.sum(), users=users.count()
    )
    return part(
        counted,
        _STICKY,
        False,
        numerator=counted.user_days.cast(RATE) / MONTH,
        denominator=counted.users,
    )


_EVENTS: Measures = {"value": COUNT, "quantity": RATE}


@register("event_count", _EVENTS)
def _event_count(ctx: Context) -> ir.Table:
    rows = flow(ctx, events_of(ctx, ["*"]), "day")
    return tagged(ctx, rows, _EVENTS, False, value=ibis.literal(1), quantity=rows.quantity)


def _named(key: str, event: str, measure: str) -> None:
    measures: Measures = {"value": RATE if measure == "quantity" else COUNT}

    def rows(ctx: Context) -> ir.Table:
        placed = flow(ctx, events_of(ctx, [event]), "day")
        value = placed.quantity if measure == "quantity" else ibis.literal(1)
        return part(placed, measures, False, value=value)

    register(key, measures)(rows)


_named("api_calls", "api_call", "quantity")
_named("integrations_installed", "integration_installed", "count")


def previous_spans(ctx: Context) -> pa.Table:
    """Per period: the first and last day of the period before it (same grain)."""
    firsts = [p.first for p in ctx.periods]
    before = [period_start(d - timedelta(days=1), ctx.grain) for d in firsts]
    return pa.table(
        {
            "period": pa.array(firsts, pa.date32()),
            "p_first": pa.array(before, pa.date32()),
            "p_last": pa.array([d - timedelta(days=1) for d in firsts], pa.date32()),
        }
    )


_TREND: Measures = {"current": COUNT, "previous": COUNT, "declining": COUNT}


def _trend_finish(t: ir.Table, ctx: Context) -> dict[str, ir.Value]:
    return {
        "numerator": t.current - t.previous,
        "denominator": t.previous,
        "current": t.current,
        "previous": t.previous,
        "declining": t.declining,
    }


@register("usage_trend", _TREND, finish=_trend_finish, one_row_each=True)
def _trend(ctx: Context) -> ir.Table:
    daily = days_with(ctx, "actions")
    zero = ibis.literal(0, COUNT)
    now = flow(ctx, daily, "day").select("period", "account_id", now="n", was=zero)
    past = place(ctx, daily, "day", previous_spans(ctx), "periods_previous")
    both = now.union(past.select("period", "account_id", now=zero, was="n"))
    summed = both.group_by("period", "account_id").aggregate(
        current=both.now.sum(), previous=both.was.sum()
    )
    return part(
        summed,
        _TREND,
        False,
        current=summed.current,
        previous=summed.previous,
        declining=(summed.current < summed.previous).cast(COUNT),
    )
