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
from tenure.metrics.masks import bit_count, in_spans, masks_apply, month_masks

_USER = ("account_id", "user_id")


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

    return ctx.kept_events("user_days", build)


def account_days(ctx: Context) -> ir.Table:
    """Per account and day with events: its `accesses`, `actions` (activity events),
    `results` (event classes of the settings) and `key_actions` (uses of key features). A
    row per account and day instead of per event (on the benchmark's large company 23 M
    instead of 106 M), kept and shared by engagement tiers, activation, the usage trend and
    questions per account."""
    return ctx.kept_events("account_days", lambda: account_days_rows(ctx))


def account_days_rows(ctx: Context) -> ir.Table:
    """The rows of `account_days`, from the events of the request's history floor."""
    events, c = ctx.table("events"), ctx.conventions
    counts = {"accesses": c.access_events, "actions": c.activity_events, "results": c.result_events}
    keys = key_feature_events(ctx)
    rows = events.select("account_id", "event", day=events.occurred_at.date())
    rows = rows.left_join(keys, rows.event == keys.k_event)
    return rows.group_by("account_id", "day").aggregate(
        **{name: rows.count(where=matching(rows.event, kind)) for name, kind in counts.items()},
        # int32: DuckDB sums BIGINTs into a HUGEINT (a cast to int64 is dropped as a
        # no-op), 10× slower to read back from a stored table
        key_actions=rows.uses.fill_null(0).sum().cast("int32"),
    )


def days_with(ctx: Context, kind: str) -> ir.Table:
    """(account_id, day, n): the days an account had events of `kind` (`accesses`,
    `actions` or `results`) and how many."""
    days = account_days(ctx)
    return days.filter(days[kind] > 0).select("account_id", "day", n=days[kind])


def feature_events(ctx: Context) -> ir.Table:
    """The catalogue's features with the event that uses each (`f_event`: `features.event`,
    empty = the feature key) and `is_key`."""
    features = ctx.table("features")
    named = features.event.fill_null("")
    return features.select(
        "feature",
        f_event=ibis.ifelse(named == "", features.feature, named),
        is_key=features.is_key.fill_null(False),
    )


def key_feature_events(ctx: Context) -> ir.Table:
    """Per event name: `uses`, the key features it is a use of (`features.event`, empty =
    the feature key) — an event counts once for each key feature it uses."""
    catalogue = feature_events(ctx)
    keys = catalogue.filter(catalogue.is_key).select(k_event="f_event")
    return keys.group_by("k_event").aggregate(uses=keys.count())


def feature_uses(ctx: Context) -> ir.Table:
    """Uses of catalogue features: account_id, user_id, day, feature, is_key — kept, for
    the spans the month roll-ups do not serve (`feature_months` and the key features of
    users read the events directly: building and reading this block cost more)."""
    return ctx.kept_events("feature_uses", lambda: feature_use_rows(ctx))


def feature_use_rows(ctx: Context) -> ir.Table:
    """The rows of `feature_uses`, from the events of the request's history floor. A
    feature is used by the event named in `features.event` (empty = the feature key)."""
    catalogue = feature_events(ctx)
    events = ctx.table("events")
    joined = events.join(catalogue, events.event == catalogue.f_event)
    return joined.select(
        "account_id",
        "feature",
        "is_key",
        user_id=joined.user_id.fill_null(""),
        day=joined.occurred_at.date(),
    )


def user_months(ctx: Context) -> ir.Table:
    """`user_days` rolled up per account, user and month (`tenure.metrics.masks`)."""
    return ctx.kept_events("user_months", lambda: user_months_rows(ctx))


def user_months_rows(ctx: Context) -> ir.Table:
    """The rows of `user_months`, from the events of the request's history floor."""
    rows = events_of(ctx, ctx.conventions.activity_events)
    return month_masks(rows.filter(rows.user_id != ""), _USER, "day")


def user_spans(ctx: Context, spans: pa.Table, name: str) -> ir.Table:
    """Per span (`period`), account and user active in it: `days`, the user's active days
    there — from the month roll-up where it applies, else from the day rows."""
    if masks_apply(ctx, spans):
        return in_spans(ctx, user_months(ctx), _USER, spans, name)
    placed = place(ctx, user_days(ctx), "day", spans, name)
    return placed.group_by("period", *_USER).aggregate(days=placed.count())


def period_users(ctx: Context) -> ir.Table:
    """Per period, account and user active in the period: the user's active days there
    (active users and DAU). Not kept: with calendar periods it is a join of the month
    roll-up with a row per month, cheaper to repeat than to store."""
    spans = ctx.periods_arrow().select(["period", "first_day", "last_day"])

    def build() -> ir.Table:
        return user_spans(ctx, spans, "periods_days_first_day")

    return ctx.cached("user_periods", build)


def user_windows(ctx: Context, days: int) -> ir.Table:
    """Per period, account and user active in the trailing window of `days` days ending on
    the period's last day: the user's active days there. Shared by MAU/WAU, stickiness,
    adoption depth and skill levels, so it is kept once per data version and periods."""

    def build() -> ir.Table:
        return user_spans(ctx, window_spans(ctx, days), f"periods_window_{days}")

    return ctx.kept(f"user_windows_{days}", build, ctx.periods_key)


def feature_months(ctx: Context) -> ir.Table:
    """Catalogue feature uses rolled up per account, feature and month (kept: read once
    per window length, by `feature_windows`)."""
    return ctx.kept_events("feature_months", lambda: feature_months_rows(ctx))


def feature_months_rows(ctx: Context) -> ir.Table:
    """The rows of `feature_months`, straight from the events of the request's history
    floor: per account, feature and month, the mask of the days it was used."""
    return month_masks(feature_use_rows(ctx), ("account_id", "feature"), "day")


def feature_windows(ctx: Context, days: int) -> ir.Table:
    """Per period and account: each catalogue feature it used in the trailing window of
    `days` days (adoption, feature adoption and engagement tiers share it)."""
    spans, name = window_spans(ctx, days), f"periods_window_{days}"

    def build() -> ir.Table:
        if masks_apply(ctx, spans):
            used = in_spans(ctx, feature_months(ctx), ("account_id", "feature"), spans, name)
            return used.select("period", "account_id", "feature")
        uses = feature_uses(ctx).select("account_id", "day", "feature").distinct()
        placed = place(ctx, uses, "day", spans, name)
        return placed.select("period", "account_id", "feature").distinct()

    return ctx.kept(f"feature_windows_{days}", build, ctx.periods_key)


def key_features_of_users(ctx: Context, days: int) -> ir.Table:
    """Per period, account and user: `keys`, the distinct key features the user used in
    the trailing window of `days` days (skill levels). On DuckDB each event is joined to
    the bits of the key features its name uses (`key_event_bits`), and one aggregation
    ORs the bits per window and user and counts them (instead of a month roll-up per user
    and feature, placed in windows and counted)."""
    spans, name = window_spans(ctx, days), f"periods_window_{days}"
    if masks_apply(ctx, spans) and key_feature_count(ctx) <= MAX_KEY_BITS:
        events, bits = ctx.table("events"), key_event_bits(ctx)
        uses = events.join(bits, events.event == bits.k_event)
        uses = uses.select(*_USER, "bits", day=uses.occurred_at.date())
        uses = uses.filter(uses.user_id != "")
        found = place(ctx, uses, "day", spans, name)
        found = found.group_by("period", *_USER).aggregate(bits=found.bits.bit_or())
        return found.select("period", *_USER, keys=bit_count(found.bits).cast("int64"))
    uses = feature_uses(ctx)
    uses = uses.filter(uses.is_key & (uses.user_id != ""))
    distinct = uses.select(*_USER, "day", "feature").distinct()
    found = place(ctx, distinct, "day", spans, name)
    return found.group_by("period", *_USER).aggregate(keys=found.feature.nunique())


#: The most key features `key_features_of_users` counts as bits of one integer.
MAX_KEY_BITS = 63


def key_feature_bits(ctx: Context) -> ir.Table:
    """Per key feature of the catalogue: `bit`, a power of two of its own."""
    features = ctx.table("features")
    keys = features.filter(features.is_key.fill_null(False)).select("feature").distinct()
    rank = ibis.row_number().over(order_by=keys.feature)
    return keys.mutate(bit=ibis.literal(1, "int64") << rank.cast("int64"))


def key_event_bits(ctx: Context) -> ir.Table:
    """Per event name that uses a key feature (`k_event`): `bits`, the bits of the key
    features it uses (an event may use several)."""
    catalogue, bits = feature_events(ctx), key_feature_bits(ctx)
    keyed = catalogue.join(bits, "feature")
    return keyed.group_by(k_event=keyed.f_event).aggregate(bits=keyed.bit.bit_or())


def key_feature_count(ctx: Context) -> int:
    """How many key features the catalogue has: the rows of `key_feature_bits` (a small
    query)."""
    return int(key_feature_bits(ctx).count().to_pyarrow().as_py())


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
