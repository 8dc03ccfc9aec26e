"""Usage and adoption signals from `events` (and `features`, `subscriptions` for the plan)."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from tenure.models.signals.context import SignalContext
from tenure.models.signals.windows import GROUP, known


def _usage_events(ctx: SignalContext) -> ir.Table:
    events = ctx.table("events")
    ignored = ctx.settings.non_usage_events
    return events.filter(~events.event.isin(ignored)) if ignored else events


def usage(ctx: SignalContext) -> ir.Table:
    """Events, active users and active days in the last 30/90 days, and the previous 30."""
    t = known(_usage_events(ctx), ctx.snaps, "occurred_at", "since_90")
    last_30 = t.occurred_at >= t.since_30
    previous = (t.occurred_at >= t.since_60) & ~last_30
    early = t.occurred_at < t.since_60
    user = t.user_id.nullif("")
    return t.group_by(GROUP).aggregate(
        events_30d=t.count(where=last_30),
        events_90d=t.count(),
        events_prev_30d=t.count(where=previous),
        events_61_90d=t.count(where=early),
        active_users_30d=user.nunique(where=last_30),
        active_users_90d=user.nunique(),
        active_days_30d=t.occurred_at.date().nunique(where=last_30),
    )


def integrations(ctx: SignalContext) -> ir.Table:
    """Integration installs (the configured events) in the last year."""
    events = ctx.table("events")
    installs = events.filter(events.event.isin(ctx.settings.integration_events))
    t = known(installs, ctx.snaps, "occurred_at", "since_365")
    return t.group_by(GROUP).aggregate(integrations_365d=t.count())


def _catalogue(ctx: SignalContext) -> ir.Table:
    features = ctx.table("features")
    return features.select(
        "feature",
        feature_event=ibis.coalesce(features.event.nullif(""), features.feature),
        is_key=features.is_key.fill_null(False),
        plans=features.plans.fill_null(""),
    )


def _available(ctx: SignalContext, plans: ir.Table) -> ir.Table:
    """(snapshot, account, feature) for every feature included in the account's plan then."""
    pairs = plans.cross_join(_catalogue(ctx))
    listed = (ibis.literal("|") + pairs.plans + "|").contains(ibis.literal("|") + pairs.plan + "|")
    return pairs.filter((pairs.plans == "") | listed.fill_null(False))


def adoption(ctx: SignalContext, plans: ir.Table) -> ir.Table:
    """Plan features (and key features) available and used in the last 90 days.

    `plans` holds (as_of, cutoff, account_id, plan): the plan each account had then.
    """
    t = known(ctx.table("events"), ctx.snaps, "occurred_at", "since_90")
    used = t.select("as_of", "account_id", used_event=t.event).distinct()
    available = _available(ctx, plans)
    joined = available.left_join(
        used,
        [
            available.as_of == used.as_of,
            available.account_id == used.account_id,
            available.feature_event == used.used_event,
        ],
    )
    hit = joined.used_event.notnull()
    return joined.group_by(GROUP).aggregate(
        features_available=joined.count(),
        features_used_90d=joined.count(where=hit),
        key_features_available=joined.count(where=joined.is_key),
        key_features_used_90d=joined.count(where=hit & joined.is_key),
    )
