"""Builders of paying-customer counts, their movements, and trial conversion."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from tenure.metrics.buckets import Measures, flow, part
from tenure.metrics.changes import changes
from tenure.metrics.context import Context
from tenure.metrics.money import COUNT
from tenure.metrics.registry import register
from tenure.metrics.revenue import customers_at, moves

_COUNT: Measures = {"value": COUNT}


@register("customers", _COUNT)
def _customers(ctx: Context) -> ir.Table:
    return customers_at(ctx, "end", "value", _COUNT)


def _counter(key: str, column: str) -> None:
    register(key, _COUNT)(lambda ctx: moves(ctx, _COUNT, value=column))


_counter("new_customers", "new_n")
_counter("churned_customers", "churn_n")
_counter("reactivated_customers", "react_n")

_TRIALS: Measures = {"numerator": COUNT, "denominator": COUNT}


def trial_starts(ctx: Context) -> ir.Table:
    """Per account with a trial: the first day of its first trial."""
    accounts = ctx.table("accounts")
    declared = accounts.filter(accounts.trial_started_at.notnull()).select(
        "account_id", day=accounts.trial_started_at.date()
    )
    subs = ctx.table("subscriptions")
    trials = subs.filter(subs.is_trial.fill_null(False)).select(
        "account_id", day=subs.started_at.date()
    )
    both = declared.union(trials)
    return both.group_by("account_id").aggregate(trial_day=both.day.min())


@register("trial_to_paid", _TRIALS)
def _trial_to_paid(ctx: Context) -> ir.Table:
    starts = trial_starts(ctx)
    rows = changes(ctx)
    entries = rows.filter(rows.enter).select(e_account="account_id", e_day="day")
    joined = starts.left_join(
        entries, (starts.account_id == entries.e_account) & (entries.e_day >= starts.trial_day)
    )
    converted = joined.group_by("account_id", "trial_day").aggregate(
        paid=joined.e_account.count() > 0
    )
    placed = flow(ctx, converted, "trial_day")
    return part(
        placed, _TRIALS, False, numerator=placed.paid.cast(COUNT), denominator=ibis.literal(1)
    )
