"""Builders of engagement tiers (per paying customer) and user skill levels (per user),
both judged on the usage of the `usage_window_days` ending on each period's last day."""

from __future__ import annotations

import ibis.expr.types as ir

from tenure.metrics.activity import (
    days_with,
    events_of,
    feature_windows,
    key_features_of_users,
    trailing,
    user_windows,
)
from tenure.metrics.billing import customers_at_end
from tenure.metrics.buckets import Measures, part
from tenure.metrics.compiler import ratio
from tenure.metrics.context import Context
from tenure.metrics.money import COUNT
from tenure.metrics.registry import Finish, register

LEVELS = ("bad", "good", "excellent")
SKILLS = ("beginner", "proficient", "expert")


def _shares(names: tuple[str, ...]) -> tuple[Measures, Finish]:
    """Measures counting each level, and a finish giving (upper levels) ÷ all and shares."""
    measures: Measures = dict.fromkeys(names, COUNT)

    def finish(t: ir.Table, ctx: Context) -> dict[str, ir.Value]:
        total = t[names[0]] + t[names[1]] + t[names[2]]
        shares = {name: ratio(t[name], total) for name in names}
        return {"numerator": t[names[1]] + t[names[2]], "denominator": total, **shares}

    return measures, finish


def _left(base: ir.Table, other: ir.Table, keys: tuple[str, ...]) -> ir.Table:
    """`base` with `other`'s columns, matched on `keys` (missing counts are 0)."""
    renamed = other.rename({f"o_{k}": k for k in keys})
    joined = base.left_join(renamed, [base[k] == renamed[f"o_{k}"] for k in keys])
    kept = joined.drop(*[f"o_{k}" for k in keys])
    return kept.mutate(**{c: kept[c].fill_null(0) for c in other.columns if c not in keys})


_TIERS, _TIERS_FINISH = _shares(LEVELS)


def account_usage(ctx: Context) -> ir.Table:
    """Per period and paying customer: accesses and distinct features used in the window."""
    keys, days = ("period", "account_id"), ctx.conventions.usage_window_days
    placed = trailing(ctx, days_with(ctx, "accesses"), "day", days)
    base = _left(
        customers_at_end(ctx), placed.group_by(*keys).aggregate(accesses=placed.n.sum()), keys
    )
    spread = feature_windows(ctx, days)
    features = spread.group_by(*keys).aggregate(features=spread.count())
    return _left(base, features, keys)


@register("engagement_tier", _TIERS, finish=_TIERS_FINISH)
def _tiers(ctx: Context) -> ir.Table:
    c, usage = ctx.conventions, account_usage(ctx)
    excellent = (usage.accesses >= c.engagement_excellent_accesses) & (
        usage.features >= c.engagement_excellent_features
    )
    good = (
        ~excellent
        & (usage.accesses >= c.engagement_good_accesses)
        & (usage.features >= c.engagement_good_features)
    )
    return part(
        usage,
        _TIERS,
        False,
        bad=(~excellent & ~good).cast(COUNT),
        good=good.cast(COUNT),
        excellent=excellent.cast(COUNT),
    )


_SKILLS, _SKILLS_FINISH = _shares(SKILLS)


def user_usage(ctx: Context) -> ir.Table:
    """Per period and active user: active days, key features used and result events in the
    window."""
    keys, days = ("period", "account_id", "user_id"), ctx.conventions.usage_window_days
    users = _left(user_windows(ctx, days), key_features_of_users(ctx, days), keys)
    results = events_of(ctx, ctx.conventions.result_events)
    results = results.group_by("account_id", "user_id", "day").aggregate(n=results.count())
    results = trailing(ctx, results, "day", days)
    return _left(users, results.group_by(*keys).aggregate(results=results.n.sum()), keys)


@register("user_skill_level", _SKILLS, finish=_SKILLS_FINISH)
def _skills(ctx: Context) -> ir.Table:
    c, users = ctx.conventions, user_usage(ctx)
    expert = (
        (users["keys"] >= c.skill_expert_key_features)
        & (users.days >= c.skill_expert_active_days)
        & (users.results >= c.skill_expert_results)
    )
    proficient = (
        ~expert
        & (users["keys"] >= c.skill_proficient_key_features)
        & (users.days >= c.skill_proficient_active_days)
    )
    levels = users.mutate(
        expert=expert.cast(COUNT),
        proficient=proficient.cast(COUNT),
        beginner=(~expert & ~proficient).cast(COUNT),
    )
    summed = levels.group_by("period", "account_id").aggregate(
        **{name: levels[name].sum() for name in SKILLS}
    )
    return part(summed, _SKILLS, False, **{name: summed[name] for name in SKILLS})
