"""Revenue signals: MRR now and 90 days ago, tenure, plan and seats, as subscriptions stood.

MRR comes from the metric engine's customer spells (`tenure.metrics.changes.intervals`),
so health and risk agree with the revenue metrics under the conventions in force. A spell
ending after the snapshot was open then: only its start, never its end, is looked at.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from tenure.metrics.catalogue import get_metric
from tenure.metrics.changes import changes, intervals
from tenure.metrics.context import Context
from tenure.models.signals.context import SignalContext
from tenure.models.signals.windows import GROUP

_MONTH_DAYS = 30.4375


def revenue_context(ctx: SignalContext) -> Context:
    """A metric-engine context (the workspace's MRR conventions) for the ledger blocks."""
    return Context(ctx.source, get_metric("mrr"), "month", [], ctx.conventions)


def _open_on(spells: ir.Table, day: ir.DateValue) -> ir.BooleanValue:
    return (spells.valid_from <= day) & (spells.valid_to.isnull() | (spells.valid_to > day))


def mrr(ctx: SignalContext) -> ir.Table:
    """MRR on the snapshot day and 90 days before, and months since the first paid day."""
    spells = intervals(revenue_context(ctx))
    t = spells.join(ctx.snaps, spells.valid_from <= ctx.snaps.as_of)
    amount = t.mrr.cast("float64")
    summary = t.group_by(GROUP).aggregate(
        mrr=amount.sum(where=_open_on(t, t.as_of)),
        mrr_90d_ago=amount.sum(where=_open_on(t, t.as_of_90)),
        first_paid=t.valid_from.min(),
    )
    months = summary.as_of.delta(summary.first_paid, unit="day").cast("float64") / _MONTH_DAYS
    return summary.mutate(
        mrr=summary.mrr.fill_null(0.0),
        mrr_90d_ago=summary.mrr_90d_ago.fill_null(0.0),
        tenure_months=months,
    ).drop("first_paid")


def subscriptions(ctx: SignalContext) -> ir.Table:
    """Plan (of the dearest active row), seats (largest quantity) and trial state."""
    s = ctx.table("subscriptions")
    t = s.join(ctx.snaps, s.started_at < ctx.snaps.cutoff)
    t = t.filter(t.ended_at.isnull() | (t.ended_at >= t.cutoff))
    trial = t.is_trial.fill_null(False)
    return t.group_by(GROUP).aggregate(
        plan=t.plan.argmax(t.amount),
        seats=t.quantity.max().cast("float64"),
        on_trial=(trial.cast("int64").sum() > 0) & ((~trial).cast("int64").sum() == 0),
    )


def churn_days(ctx: SignalContext) -> ir.Table:
    """(account_id, day) of every day an account stopped being a customer."""
    moves = changes(revenue_context(ctx))
    left = moves.filter(moves.cust_before & ~moves.cust_after)
    return left.select("account_id", churn_day=left.day)


def churned_within(ctx: SignalContext) -> ir.Table:
    """(as_of, account_id, churned): 1 when the account left in (as_of, horizon]."""
    days = churn_days(ctx)
    t = days.join(
        ctx.snaps, (days.churn_day > ctx.snaps.as_of) & (days.churn_day <= ctx.snaps.horizon)
    )
    return t.group_by("as_of", "account_id").aggregate(churned=ibis.literal(1))
