"""Builders of onboarding and activation.

Onboarding is measured from an account's creation (`created_at`); activation among paying
customers with the minimum tenure, on their usage in the activation window after creation.
"""

from __future__ import annotations

from datetime import timedelta

import ibis
import ibis.expr.types as ir

from tenure.metrics.activity import account_days, events_of, seconds_between
from tenure.metrics.billing import customers_at_end
from tenure.metrics.buckets import Measures, flow, part
from tenure.metrics.changes import changes
from tenure.metrics.compiler import ratio
from tenure.metrics.context import Context
from tenure.metrics.money import COUNT, RATE
from tenure.metrics.registry import register

DAY = 86_400
SENT, OPENED, SESSION = "onboarding_email_sent", "onboarding_email_opened", "session_start"

_TIME: Measures = {"days": RATE, "completed": COUNT, "on_time": COUNT}


@register(
    "onboarding_time",
    _TIME,
    finish=lambda t, ctx: {
        "numerator": t.days,
        "denominator": t.completed,
        "within_target": ratio(t.on_time, t.completed),
    },
)
def _onboarding_time(ctx: Context) -> ir.Table:
    accounts = ctx.table("accounts")
    done = accounts.filter(
        accounts.onboarding_completed_at.notnull()
        & (accounts.onboarding_completed_at >= accounts.created_at)
    )
    days = seconds_between(done.created_at, done.onboarding_completed_at) / DAY
    rows = done.select("account_id", day=done.onboarding_completed_at.date(), days=days)
    placed = flow(ctx, rows, "day")
    target = ctx.conventions.onboarding_target_days
    return part(
        placed,
        _TIME,
        False,
        days=placed.days,
        completed=ibis.literal(1),
        on_time=(placed.days <= target).cast(COUNT),
    )


_SHARE: Measures = {"numerator": COUNT, "denominator": COUNT}


@register("onboarding_email_open_rate", _SHARE)
def _open_rate(ctx: Context) -> ir.Table:
    placed = flow(ctx, events_of(ctx, [SENT, OPENED]), "day")
    return part(
        placed,
        _SHARE,
        False,
        numerator=(placed.event == OPENED).cast(COUNT),
        denominator=(placed.event == SENT).cast(COUNT),
    )


_SESSIONS: Measures = {"numerator": COUNT, "denominator": COUNT}


@register("onboarding_sessions", _SESSIONS)
def _onboarding_sessions(ctx: Context) -> ir.Table:
    """Accounts created in the period whose onboarding window has ended by `as_of`, and the
    sessions they opened in it."""
    target = ctx.conventions.onboarding_target_days
    accounts = ctx.table("accounts")
    cutoff = ibis.literal(ctx.as_of - timedelta(days=target))
    known = accounts.filter(accounts.created_at.notnull() & (accounts.created_at.date() <= cutoff))
    known = known.select("account_id", "created_at", day=known.created_at.date())
    events = ctx.table("events").filter(lambda t: t.event == SESSION)
    events = events.select(s_account="account_id", s_at="occurred_at")
    end = known.created_at + ibis.interval(days=target)
    on = (
        (known.account_id == events.s_account)
        & (events.s_at >= known.created_at)
        & (events.s_at < end)
    )
    joined = known.left_join(events, on)
    counted = joined.group_by("account_id", "day").aggregate(n=joined.s_at.count())
    placed = flow(ctx, counted, "day")
    return part(placed, _SESSIONS, False, numerator=placed.n, denominator=ibis.literal(1))


def first_payments(ctx: Context) -> ir.Table:
    """Each account's first paid day and its activation anchor (creation, else that day)."""
    rows = changes(ctx)
    first = rows.filter(rows.enter).group_by("account_id").aggregate(paid=rows.day.min())
    accounts = ctx.table("accounts").select(c_account="account_id", created="created_at")
    joined = first.left_join(accounts, first.account_id == accounts.c_account)
    return joined.select("account_id", "paid", anchor=joined.created.date().fill_null(joined.paid))


KINDS = ("accesses", "actions", "key_actions", "results")


def _criteria(ctx: Context, anchors: ir.Table) -> ir.Table:
    """Per account and day of its activation window: accesses, actions, key actions (uses
    of key features) and results — the account's day rows (`account_days`) inside the
    window, however long ago the window was. Kept per data version: it is read twice,
    and inline the whole join of day rows and anchors would be held for both reads."""

    def build() -> ir.Table:
        days = account_days(ctx)
        starts = anchors.select(a_account="account_id", a_day="anchor")
        joined = days.join(starts, days.account_id == starts.a_account)
        window = ibis.interval(days=ctx.conventions.activation_window_days)
        inside = joined.filter((joined.day >= joined.a_day) & (joined.day < joined.a_day + window))
        return inside.select("account_id", "day", *KINDS)

    return ctx.kept("activation_days", build)


def _eligible(ctx: Context, anchors: ir.Table) -> ir.Table:
    """(period, account_id, last_day) of customers at the period's end with the minimum
    tenure (months since their first payment)."""
    periods = ctx.periods_table().select("period", "last_day")
    paying = customers_at_end(ctx).join(periods, "period").join(anchors, "account_id")
    months = ibis.interval(months=ctx.conventions.activation_min_tenure_months)
    tenure = (paying.paid + months).cast("date")
    return paying.filter(tenure <= paying.last_day).select("period", "account_id", "last_day")


def _criteria_by_period(eligible: ir.Table, daily: ir.Table) -> ir.Table:
    """Per eligible (period, account): each criterion's count up to the period's last day.
    An account whose activation window closed by then takes its totals (an equality
    join); only the periods inside a window sum its days up to the period's end."""
    totals = daily.group_by(t_account="account_id").aggregate(
        through=daily.day.max(), **{kind: daily[kind].sum() for kind in KINDS}
    )
    joined = eligible.left_join(totals, eligible.account_id == totals.t_account)
    closed = joined.through.isnull() | (joined.through <= joined.last_day)
    whole = joined.filter(closed).select(
        "period", "account_id", **{kind: joined[kind].fill_null(0) for kind in KINDS}
    )
    open_ = joined.filter(~closed).select("period", "account_id", "last_day")
    days = daily.rename(d_account="account_id", d_day="day")
    on = (open_.account_id == days.d_account) & (days.d_day <= open_.last_day)
    within = open_.left_join(days, on)
    partial = within.group_by("period", "account_id").aggregate(
        **{kind: within[kind].sum().fill_null(0) for kind in KINDS}
    )
    return whole.union(partial)


@register("activation_rate", _SHARE, one_row_each=True)
def _activation(ctx: Context) -> ir.Table:
    c = ctx.conventions
    anchors = first_payments(ctx)
    eligible = _eligible(ctx, anchors)
    per = _criteria_by_period(eligible, _criteria(ctx, anchors))
    minimum = {
        "accesses": c.activation_min_accesses,
        "actions": c.activation_min_actions,
        "key_actions": c.activation_min_key_actions,
        "results": c.activation_min_results,
    }
    met = ibis.and_(*[per[kind] >= minimum[kind] for kind in KINDS])
    return part(per, _SHARE, False, numerator=met.cast(COUNT), denominator=ibis.literal(1))
