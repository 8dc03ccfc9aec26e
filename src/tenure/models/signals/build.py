"""The signals table: one row per (snapshot, account), every signal of the catalogue.

One aggregate per source table, each keyed by (as_of, account_id), left-joined onto the
accounts known at the snapshot. Plain Ibis: the same expression runs on DuckDB, Postgres
and Spark.
"""

from __future__ import annotations

from collections.abc import Mapping

import ibis
import ibis.expr.types as ir

from tenure.models.signals import activity, billing, relationship, revenue, sentiment, support
from tenure.models.signals.catalogue import SIGNAL_NAMES
from tenure.models.signals.context import SignalContext
from tenure.models.signals.windows import GROUP

#: Counts that are 0, not unknown, when a table has no row for the account.
_ZERO = (
    "events_30d",
    "events_90d",
    "events_prev_30d",
    "events_61_90d",
    "integrations_365d",
    "nps_detractors_180d",
    "late_payments_90d",
    "active_users_30d",
    "active_users_90d",
    "active_days_30d",
    "features_used_90d",
    "key_features_used_90d",
    "tickets_90d",
    "tickets_open",
    "tickets_slow_90d",
    "urgent_tickets_90d",
    "invoices_overdue",
    "days_overdue",
    "amount_overdue",
    "late_payments_365d",
    "touchpoints_90d",
    "mrr",
    "mrr_90d_ago",
)


def attach(base: ir.Table, part: ir.Table, zero: Mapping[str, object]) -> ir.Table:
    """`base` with the value columns of `part` (keyed by as_of, account_id) added."""
    joined = base.left_join(part, [base.as_of == part.as_of, base.account_id == part.account_id])
    values = [name for name in part.columns if name not in GROUP]
    added = {
        name: joined[name].fill_null(zero[name]) if name in zero else joined[name]
        for name in values
    }
    return joined.select(*base.columns, **added)


def _ratio(numerator: ir.NumericValue, denominator: ir.NumericValue) -> ir.FloatingValue:
    """numerator ÷ denominator, unknown when the denominator is not positive."""
    # Cast first: Postgres divides integers as NUMERIC, and a cast Ibis sees as a no-op
    # (the quotient is already float64 to Ibis) would not be emitted.
    quotient = numerator.cast("float64") / denominator.cast("float64")
    return ibis.ifelse(denominator > 0, quotient, None)


def _derived(t: ir.Table) -> ir.Table:
    return t.mutate(
        is_customer=t.mrr > 0,
        events_per_seat_30d=_ratio(t.events_30d, t.seats),
        active_users_per_seat_30d=_ratio(t.active_users_30d, t.seats),
        usage_trend=_ratio(t.events_30d, t.events_prev_30d) - 1.0,
        usage_trend_90d=_ratio(t.events_30d, t.events_61_90d) - 1.0,
        adoption_breadth=_ratio(t.features_used_90d, t.features_available),
        key_feature_use=_ratio(t.key_features_used_90d, t.key_features_available),
        mrr_change_90d=_ratio(t.mrr, t.mrr_90d_ago) - 1.0,
    )


def signals_expr(ctx: SignalContext) -> ir.Table:
    """Every signal of every account known at each snapshot of `ctx`."""
    zero = dict.fromkeys(_ZERO, 0)
    plans = revenue.subscriptions(ctx)
    t = relationship.accounts(ctx)
    for part in (
        plans,
        revenue.mrr(ctx),
        activity.usage(ctx),
        activity.integrations(ctx),
        activity.adoption(ctx, plans.select(*GROUP, "plan")),
        support.tickets(ctx),
        sentiment.surveys(ctx),
        billing.invoices(ctx),
        relationship.touchpoints(ctx),
    ):
        t = attach(t, part, zero)
    t = _derived(t.mutate(on_trial=t.on_trial.fill_null(False)))
    numeric = {name: t[name].cast("float64") for name in SIGNAL_NAMES}
    return t.select("account_id", "as_of", "plan", "is_customer", "on_trial", **numeric)
