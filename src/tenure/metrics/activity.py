"""Building blocks of the usage metrics: classes of events, feature uses, trailing windows.

Event classes (activity, accesses, results) are settings: lists of event names where a
trailing `*` matches any suffix (`feature:*`). A user is identified by (account, user id),
so user counts add up over accounts; account-level events (empty `user_id`) make no user
active.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from tenure.metrics.buckets import place
from tenure.metrics.context import Context


def matching(event: ir.StringValue, patterns: Sequence[str]) -> ir.BooleanValue:
    """Whether `event` is one of `patterns` (`name` exactly, or `prefix*`)."""
    tests = [
        event.startswith(p[:-1]) if p.endswith("*") else event == p for p in patterns if p != ""
    ]
    return ibis.or_(*tests) if tests else ibis.literal(False)


def events_of(ctx: Context, patterns: Sequence[str]) -> ir.Table:
    """Events matching `patterns`: account_id, user_id ("" when none), event, day, quantity."""
    events = ctx.table("events")
    kept = events.filter(matching(events.event, patterns))
    return kept.select(
        "account_id",
        "event",
        user_id=kept.user_id.fill_null(""),
        day=kept.occurred_at.date(),
        quantity=kept.quantity.fill_null(1.0),
    )


def user_days(ctx: Context) -> ir.Table:
    """Distinct (account_id, user_id, day) on which a user did an activity event."""

    def build() -> ir.Table:
        rows = events_of(ctx, ctx.conventions.activity_events)
        rows = rows.filter(rows.user_id != "")
        return rows.select("account_id", "user_id", "day").distinct()

    return ctx.kept("user_days", build)


def feature_uses(ctx: Context) -> ir.Table:
    """Uses of catalogue features: account_id, user_id, day, feature, is_key. A feature is
    used by the event named in `features.event` (empty = the feature key)."""

    def build() -> ir.Table:
        features = ctx.table("features")
        named = features.event.fill_null("")
        catalogue = features.select(
            "feature",
            f_event=ibis.ifelse(named == "", features.feature, named),
            is_key=features.is_key.fill_null(False),
        )
        events = ctx.table("events")
        joined = events.join(catalogue, events.event == catalogue.f_event)
        return joined.select(
            "account_id",
            "feature",
            "is_key",
            user_id=joined.user_id.fill_null(""),
            day=joined.occurred_at.date(),
        )

    return ctx.kept("feature_uses", build)


def user_windows(ctx: Context, days: int) -> ir.Table:
    """Per period, account and user active in the trailing window of `days` days ending on
    the period's last day: the user's active days there. Shared by MAU/WAU, stickiness,
    adoption depth and skill levels, so it is kept once per data version and periods."""

    def build() -> ir.Table:
        placed = trailing(ctx, user_days(ctx), "day", days)
        return placed.group_by("period", "account_id", "user_id").aggregate(days=placed.count())

    return ctx.kept(f"user_windows_{days}", build, ctx.periods_key)


def feature_windows(ctx: Context, days: int) -> ir.Table:
    """Per period and account: each catalogue feature it used in the trailing window of
    `days` days (adoption, feature adoption and engagement tiers share it)."""

    def build() -> ir.Table:
        uses = feature_uses(ctx).select("account_id", "day", "feature").distinct()
        placed = trailing(ctx, uses, "day", days)
        return placed.select("period", "account_id", "feature").distinct()

    return ctx.kept(f"feature_windows_{days}", build, ctx.periods_key)


def window_spans(ctx: Context, days: int) -> pa.Table:
    """Per period: the `days` days ending on its last day (`w_first` … `w_last`)."""
    lasts = [p.last for p in ctx.periods]
    return pa.table(
        {
            "period": pa.array([p.first for p in ctx.periods], pa.date32()),
            "w_first": pa.array([d - timedelta(days=days - 1) for d in lasts], pa.date32()),
            "w_last": pa.array(lasts, pa.date32()),
        }
    )


def trailing(ctx: Context, rows: ir.Table, day: str, days: int) -> ir.Table:
    """`rows` with every `period` whose trailing window of `days` days holds `rows[day]`."""
    return place(ctx, rows, day, window_spans(ctx, days), f"periods_window_{days}")


def seconds_between(start: ir.TimestampValue, end: ir.TimestampValue) -> ir.NumericValue:
    """Seconds from `start` to `end` (with microseconds on DuckDB and Postgres)."""
    return end.epoch_seconds() - start.epoch_seconds()
