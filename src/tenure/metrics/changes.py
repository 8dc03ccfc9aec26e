"""Account changes: every day an account's MRR or customer status changes, classified.

Built set-based from the ledger: each subscription adds +MRR on its first day and −MRR on
its end day; summing per account and day nets same-day changes (a plan change is one
expansion or contraction); running sums give the state after each change. Movements are
therefore per account, never per subscription.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from tenure.metrics.context import Context
from tenure.metrics.ledger import base_ledger
from tenure.metrics.money import COUNT, ZERO, money


def stream(ledger: ir.Table) -> ir.Table:
    """State before and after each change day of each account."""
    opened = ledger.select(
        "account_id", day=ledger.start_day, dm=ledger.mrr, da=ledger.arr, dn=ibis.literal(1)
    )
    ended = ledger.filter(ledger.end_day.notnull())
    closed = ended.select(
        "account_id", day=ended.end_day, dm=-ended.mrr, da=-ended.arr, dn=ibis.literal(-1)
    )
    daily = (
        opened.union(closed)
        .group_by("account_id", "day")
        .aggregate(
            dm=lambda t: money(t.dm.sum()),
            da=lambda t: money(t.da.sum()),
            dn=lambda t: t.dn.sum().cast(COUNT),
        )
    )
    running = ibis.cumulative_window(group_by="account_id", order_by="day")
    daily = daily.mutate(
        mrr_after=daily.dm.sum().over(running), n_after=daily.dn.sum().over(running)
    )
    daily = daily.filter((daily.dm != 0) | (daily.da != 0) | (daily.dn != 0))
    return daily.select(
        "account_id",
        "day",
        "dm",
        "da",
        mrr_after=money(daily.mrr_after),
        mrr_before=money(daily.mrr_after - daily.dm),
        cust_after=daily.n_after > 0,
        cust_before=(daily.n_after - daily.dn) > 0,
    )


def ledger(ctx: Context) -> ir.Table:
    """The ledger in force: `joined_and_churned = "ignore"` drops a first paid spell that
    starts and ends within one calendar month (ProfitWell), then everything is recomputed."""
    return ctx.kept("ledger", lambda: _ledger(ctx), lasting=True)


def _ledger(ctx: Context) -> ir.Table:
    rows = base_ledger(ctx)
    if ctx.conventions.joined_and_churned != "ignore":
        return rows
    changes = stream(rows)
    enter = ibis.ifelse(~changes.cust_before & changes.cust_after, changes.day, None)
    leave = ibis.ifelse(changes.cust_before & ~changes.cust_after, changes.day, None)
    # Transitions alternate and start with an entry, so the first exit ends the first spell.
    spell = changes.group_by("account_id").aggregate(joined=enter.min(), left=leave.min())
    short = spell.filter(
        (spell.left.year() == spell.joined.year()) & (spell.left.month() == spell.joined.month())
    )
    hit = rows.join(short, "account_id").filter(lambda t: t.start_day < t.left)
    return rows.anti_join(hit.select("subscription_id"), "subscription_id")


def changes(ctx: Context) -> ir.Table:
    """Classified account changes: movement amounts (MRR) and counts per change day."""
    return ctx.kept("changes", lambda: _classify(stream(ledger(ctx)), ctx), lasting=True)


def _classify(rows: ir.Table, ctx: Context) -> ir.Table:
    enter = ~rows.cust_before & rows.cust_after
    leave = rows.cust_before & ~rows.cust_after
    rows = rows.mutate(enter=enter, leave=leave)
    entries = rows.filter(rows.enter)
    first = entries.group_by(f_account=entries.account_id).aggregate(first_day=entries.day.min())
    rows = rows.left_join(first, rows.account_id == first.f_account).drop("f_account")
    is_new = rows.enter & (rows.day == rows.first_day)
    window = ctx.conventions.reactivation_window_days
    if window is not None:
        earlier = ibis.window(group_by="account_id", order_by="day", rows=(None, -1))
        rows = rows.mutate(last_leave=ibis.ifelse(rows.leave, rows.day, None).max().over(earlier))
        is_new = rows.enter & (rows.day == rows.first_day)
        is_new = is_new | (rows.enter & (rows.day.delta(rows.last_leave, unit="day") > window))
    is_react = rows.enter & ~is_new
    stay = rows.cust_before & rows.cust_after
    return rows.mutate(
        new=ibis.ifelse(is_new, rows.mrr_after, ZERO),
        reactivation=ibis.ifelse(is_react, rows.mrr_after, ZERO),
        churned=ibis.ifelse(rows.leave, rows.mrr_before, ZERO),
        expansion=ibis.ifelse(stay & (rows.dm > 0), rows.dm, ZERO),
        contraction=ibis.ifelse(stay & (rows.dm < 0), -rows.dm, ZERO),
        new_n=is_new.cast(COUNT),
        react_n=is_react.cast(COUNT),
        churn_n=rows.leave.cast(COUNT),
        d_cust=rows.enter.cast(COUNT) - rows.leave.cast(COUNT),
    )


def intervals(ctx: Context) -> ir.Table:
    """Customer spells cut at every change: (account, valid_from, valid_to, mrr); an empty
    `valid_to` is open-ended. The account is a customer on day d inside one of them."""

    def build() -> ir.Table:
        rows = changes(ctx)
        following = ibis.window(group_by="account_id", order_by="day")
        rows = rows.mutate(valid_to=rows.day.lead().over(following))
        rows = rows.filter(rows.cust_after)
        return rows.select(
            "account_id", valid_from=rows.day, valid_to=rows.valid_to, mrr=rows.mrr_after
        )

    return ctx.kept("intervals", build, lasting=True)
