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
from tenure.metrics.joins import matched
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
    kept = matched(base, other, keys, "left")
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


@register("engagement_tier", _TIERS, finish=_TIERS_FINISH, one_row_each=True)
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


_USER_KEYS = ("period", "account_id", "user_id")


def _results(ctx: Context, days: int) -> ir.Table:
    """Per period and user: `results`, the result events in the window."""
    rows = events_of(ctx, ctx.conventions.result_events)
    rows = rows.group_by("account_id", "user_id", "day").aggregate(n=rows.count())
    rows = trailing(ctx, rows, "day", days)
    return rows.group_by(*_USER_KEYS).aggregate(results=rows.n.sum())


def skill_candidates(ctx: Context) -> ir.Table:
    """Per period and active user who may be proficient or expert: active days, key
    features used (and result events, when experts need some) in the window. When both
    levels ask for a key feature, only the users with one are candidates: the others are
    beginners, counted as the active users left over. So are the users active on fewer
    days than either level asks: they are left out before the (large) join."""
    c, days = ctx.conventions, ctx.conventions.usage_window_days
    users, keyed = user_windows(ctx, days), key_features_of_users(ctx, days)
    fewest = min(c.skill_proficient_active_days, c.skill_expert_active_days)
    if fewest > 1:
        users = users.filter(users.days >= fewest)
    if min(c.skill_proficient_key_features, c.skill_expert_key_features) > 0:
        found = matched(users, keyed, _USER_KEYS)
    else:
        found = _left(users, keyed, _USER_KEYS)
    if c.skill_expert_results > 0:
        return _left(found, _results(ctx, days), _USER_KEYS)
    return found


@register("user_skill_level", _SKILLS, finish=_SKILLS_FINISH, one_row_each=True)
def _skills(ctx: Context) -> ir.Table:
    c, users = ctx.conventions, skill_candidates(ctx)
    enough = users.results >= c.skill_expert_results if c.skill_expert_results > 0 else True
    expert = (
        (users["keys"] >= c.skill_expert_key_features)
        & (users.days >= c.skill_expert_active_days)
        & enough
    )
    proficient = (
        ~expert
        & (users["keys"] >= c.skill_proficient_key_features)
        & (users.days >= c.skill_proficient_active_days)
    )
    summed = users.group_by("period", "account_id").aggregate(
        expert=expert.cast(COUNT).sum(), proficient=proficient.cast(COUNT).sum()
    )
    active = user_windows(ctx, c.usage_window_days)
    counted = active.group_by("period", "account_id").aggregate(active=active.count())
    levels = _left(counted, summed, ("period", "account_id"))
    beginner = levels.active - levels.expert - levels.proficient
    return part(
        levels,
        _SKILLS,
        False,
        beginner=beginner,
        expert=levels.expert,
        proficient=levels.proficient,
    )
