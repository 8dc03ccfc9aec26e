"""Relationship signals: CSM touchpoints, and onboarding from `accounts`."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from tenure.models.signals.context import SignalContext
from tenure.models.signals.windows import GROUP, hours, known


def touchpoints(ctx: SignalContext) -> ir.Table:
    """Touchpoints in the last 90 days and days since the last one (within a year)."""
    t = known(ctx.table("touchpoints"), ctx.snaps, "occurred_at", "since_365")
    summary = t.group_by(GROUP).aggregate(
        touchpoints_90d=t.count(where=t.occurred_at >= t.since_90),
        last_touch=t.occurred_at.max(),
    )
    days = hours(summary.cutoff, summary.last_touch) / 24.0
    return summary.mutate(days_since_touch=days).drop("last_touch")


def accounts(ctx: SignalContext) -> ir.Table:
    """Every account known at each snapshot (created before it, or undated), with its age
    and onboarding state then: completed, and late (done, or still undone, after the limit)."""
    a = ctx.table("accounts")
    t = a.cross_join(ctx.snaps)
    t = t.filter(t.created_at.isnull() | (t.created_at < t.cutoff))
    done = (t.onboarding_completed_at < t.cutoff).fill_null(False)
    limit = ctx.settings.onboarding_days * 24.0
    took = hours(t.onboarding_completed_at, t.created_at)
    age = hours(t.cutoff, t.created_at)
    late = ibis.ifelse(done, took > limit, age > limit).fill_null(False)
    return t.select(
        *GROUP,
        "as_of_90",
        account_age_days=age / 24.0,
        onboarding_completed=done.cast("int64"),
        onboarding_late=late.cast("int64"),
    )
