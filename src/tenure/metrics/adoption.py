"""Builders of feature adoption: per paying customer at each period's end, the features on
its plan it used in the `usage_window_days` ending then (breadth, key features), its active
users against its seats (depth), and each feature's adoption across customers."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from tenure.metrics.activity import feature_windows, user_windows
from tenure.metrics.billing import customers_at_end
from tenure.metrics.buckets import Measures, part
from tenure.metrics.changes import ledger
from tenure.metrics.compiler import ratio
from tenure.metrics.context import Context
from tenure.metrics.joins import matched
from tenure.metrics.money import COUNT, RATE
from tenure.metrics.periods import END_OF_TIME
from tenure.metrics.registry import register
from tenure.metrics.tagged import tagged

_KEYS = ("period", "account_id")


def account_plans(ctx: Context) -> ir.Table:
    """Each account's plan: `accounts.plan`, else the plan of its latest subscription."""
    subs = ctx.table("subscriptions")
    latest = ibis.window(group_by="account_id", order_by=ibis.desc("started_at"))
    ranked = subs.mutate(rank=ibis.row_number().over(latest))
    last = ranked.filter(ranked["rank"] == 0).select(s_account="account_id", s_plan="plan")
    accounts = ctx.table("accounts")
    joined = accounts.left_join(last, accounts.account_id == last.s_account)
    return joined.select("account_id", plan=joined.plan.fill_null(joined.s_plan))


def offered(ctx: Context) -> ir.Table:
    """(plan_key, feature, is_key): each catalogue feature on each plan accounts have
    (`plan_key` "" for none) — a few rows, so customers join it by plan instead of every
    customer being tested against every feature."""
    features = ctx.table("features")
    catalogue = features.select(
        "feature", is_key=features.is_key.fill_null(False), plans=features.plans.fill_null("")
    )
    plans = account_plans(ctx)
    pairs = plans.select(plan_key=plans.plan.fill_null("")).distinct().cross_join(catalogue)
    on_plan = ("|" + pairs.plans + "|").contains("|" + pairs.plan_key + "|")
    return pairs.filter((pairs.plans == "") | on_plan).select("plan_key", "feature", "is_key")


def _plan_accounts(ctx: Context) -> ir.Table:
    """(period, account_id, plan_key): every customer at the period's end with its plan
    (shared by the features offered and used; named `periods…`, as it depends on them)."""

    def build() -> ir.Table:
        plans = account_plans(ctx)
        plans = plans.select("account_id", plan_key=plans.plan.fill_null(""))
        return customers_at_end(ctx).join(plans, "account_id")

    return ctx.cached("periods_plan_accounts", build)


def available(ctx: Context) -> ir.Table:
    """(period, account_id, feature, is_key, used) for every customer at the period's end
    and every feature on its plan; `used` when it was used in the window."""
    pairs = _plan_accounts(ctx).join(offered(ctx), "plan_key")
    window = feature_windows(ctx, ctx.conventions.usage_window_days)
    used = window.select(u_period="period", u_account="account_id", u_feature="feature")
    on = (
        (pairs.period == used.u_period)
        & (pairs.account_id == used.u_account)
        & (pairs.feature == used.u_feature)
    )
    joined = pairs.left_join(used, on)
    return joined.select(*_KEYS, "feature", "is_key", used=joined.u_account.notnull())


def seats(ctx: Context) -> ir.Table:
    """Per period and customer: seats (`quantity`) of its paid subscriptions active at the end."""
    rows = ledger(ctx).select("subscription_id", "account_id", "start_day", "end_day")
    subs = ctx.table("subscriptions").select(q_id="subscription_id", quantity="quantity")
    rows = rows.join(subs, rows.subscription_id == subs.q_id)
    periods = ctx.periods_table().select("period", "last_day")
    active = (rows.start_day <= periods.last_day) & (
        periods.last_day < rows.end_day.fill_null(END_OF_TIME)
    )
    joined = rows.join(periods, active)
    return joined.group_by(*_KEYS).aggregate(seats=joined.quantity.sum())


_ADOPTION: Measures = {
    "breadth": RATE,
    "with_features": COUNT,
    "key": RATE,
    "with_key": COUNT,
    "depth": RATE,
    "with_seats": COUNT,
}


def _adoption_finish(t: ir.Table, ctx: Context) -> dict[str, ir.Value]:
    return {
        "numerator": t.breadth,
        "denominator": t.with_features,
        "depth": ratio(t.depth, t.with_seats),
        "key_features": ratio(t.key, t.with_key),
    }


def _users(ctx: Context) -> ir.Table:
    window = user_windows(ctx, ctx.conventions.usage_window_days)
    return window.group_by(*_KEYS).aggregate(users=window.count())


def _joined(base: ir.Table, other: ir.Table) -> ir.Table:
    return matched(base, other, _KEYS, "left")


def _offered_counts(ctx: Context) -> ir.Table:
    """Per period and customer with features on its plan: `offered`, how many, and `keys`,
    how many of them are key features — from a row per plan, not per (customer, feature)."""
    features = offered(ctx)
    per_plan = features.group_by("plan_key").aggregate(
        n_offered=features.count(), n_keys=features.is_key.cast(COUNT).sum()
    )
    rows = _plan_accounts(ctx).join(per_plan, "plan_key")
    return rows.group_by(*_KEYS).aggregate(offered=rows.n_offered.sum(), keys=rows.n_keys.sum())


def _taken_counts(ctx: Context) -> ir.Table:
    """Per period and customer that used features of its plan in the window: `taken`, how
    many, and `keys_taken`, how many key ones. Starts from the features used (a row per
    period, account and feature) instead of every (customer, feature on its plan) pair."""
    window = feature_windows(ctx, ctx.conventions.usage_window_days)
    used = window.join(_plan_accounts(ctx), list(_KEYS)).join(offered(ctx), ["plan_key", "feature"])
    return used.group_by(*_KEYS).aggregate(
        taken=used.count(), keys_taken=used.is_key.cast(COUNT).sum()
    )


@register("adoption", _ADOPTION, finish=_adoption_finish, one_row_each=True)
def _adoption(ctx: Context) -> ir.Table:
    counts = _offered_counts(ctx)
    taken = matched(counts, _taken_counts(ctx), _KEYS, "left")
    per = taken.mutate(taken=taken.taken.fill_null(0), keys_taken=taken.keys_taken.fill_null(0))
    base = _joined(_joined(_joined(customers_at_end(ctx), per), _users(ctx)), seats(ctx))
    has_seats = base.seats.fill_null(0) > 0
    has_keys = base["keys"].fill_null(0) > 0
    return part(
        base,
        _ADOPTION,
        False,
        breadth=ratio(base.taken, base.offered).fill_null(0.0),
        with_features=(base.offered.fill_null(0) > 0).cast(COUNT),
        key=ibis.ifelse(has_keys, ratio(base.keys_taken, base["keys"]), 0.0),
        with_key=has_keys.cast(COUNT),
        depth=ibis.ifelse(has_seats, ratio(base.users.fill_null(0), base.seats), 0.0),
        with_seats=has_seats.cast(COUNT),
    )


_SHARE: Measures = {"numerator": COUNT, "denominator": COUNT}


@register("feature_adoption", _SHARE)
def _feature_adoption(ctx: Context) -> ir.Table:
    pairs = available(ctx)
    return tagged(
        ctx, pairs, _SHARE, False, numerator=pairs.used.cast(COUNT), denominator=ibis.literal(1)
    )
