"""Builders of churn rates, revenue retention (NRR, GRR) and renewal rates."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from tenure.metrics.buckets import Measures, flow, part, union
from tenure.metrics.changes import changes, intervals, ledger
from tenure.metrics.compiler import ratio
from tenure.metrics.context import Context
from tenure.metrics.money import COUNT, MONEY, ZERO
from tenure.metrics.periods import END_OF_TIME, PERIODS_PER_YEAR
from tenure.metrics.registry import register
from tenure.metrics.revenue import customers_at, mrr_at

_LOGO: Measures = {"numerator": COUNT, "denominator": COUNT}


def per_account(ctx: Context, first: str) -> ir.Table:
    """Per period and account, over the window starting at `first`: the net MRR change,
    whether the account was a customer when the window opened, and whether it churned."""
    rows = flow(ctx, changes(ctx), "day", first)
    opening = rows.day.min().over(ibis.window(group_by=["period", "account_id"]))
    rows = rows.mutate(opening=ibis.ifelse(rows.day == opening, rows.cust_before, False))
    return rows.group_by("period", "account_id").aggregate(
        delta=rows.dm.sum(),
        was=rows.opening.cast(COUNT).max() > 0,
        left=rows.leave.cast(COUNT).max() > 0,
    )


def _logo_rows(ctx: Context) -> ir.Table:
    conventions = ctx.conventions
    start = customers_at(ctx, "win", "denominator", _LOGO)
    parts = [start]
    if conventions.churn_denominator == "start_plus_new":
        rows = flow(ctx, changes(ctx), "day", "win_first")
        parts.append(part(rows, _LOGO, False, denominator=rows.new_n + rows.react_n))
    if conventions.joined_and_churned == "exclude":
        accounts = per_account(ctx, "win_first")
        lost = (accounts.was & accounts.left).cast(COUNT)
        parts.append(part(accounts, _LOGO, False, numerator=lost))
    else:
        rows = flow(ctx, changes(ctx), "day", "win_first")
        parts.append(part(rows, _LOGO, False, numerator=rows.churn_n))
    return union(parts)


register("logo_churn_rate", _LOGO)(_logo_rows)


def _annualised(table: ir.Table, ctx: Context) -> ir.Value:
    window = ctx.conventions.churn_window_days
    times = 365 / window if window else PERIODS_PER_YEAR[ctx.grain]
    return 1 - (1 - ratio(table.numerator, table.denominator)) ** times


register("annualised_churn", _LOGO, value=_annualised)(_logo_rows)

_SEED: Measures = {"start": COUNT, "end": COUNT, "joined": COUNT}


@register(
    "logo_churn_rate_seed",
    _SEED,
    finish=lambda t, ctx: {"numerator": t.start - t.end + t.joined, "denominator": t.start},
)
def _seed_rows(ctx: Context) -> ir.Table:
    rows = flow(ctx, changes(ctx), "day")
    return union(
        [
            customers_at(ctx, "start", "start", _SEED),
            customers_at(ctx, "end", "end", _SEED),
            part(rows, _SEED, False, joined=rows.new_n + rows.react_n),
        ]
    )


register(
    "customer_retention_rate",
    _SEED,
    finish=lambda t, ctx: {"numerator": t.end - t.joined, "denominator": t.start},
)(_seed_rows)

_LOST: Measures = dict.fromkeys(
    ("start", "churned", "contraction", "expansion", "reactivation"), MONEY
)


def _lost_rows(ctx: Context) -> ir.Table:
    rows = flow(ctx, changes(ctx), "day", "win_first")
    moved = {name: rows[name] for name in _LOST if name != "start"}
    return union([mrr_at(ctx, "win", "start", _LOST), part(rows, _LOST, False, **moved)])


def _net(t: ir.Table, ctx: Context) -> dict[str, ir.Value]:
    regained = t.expansion + (t.reactivation if ctx.conventions.net_churn_reactivation else ZERO)
    return {"numerator": t.churned + t.contraction - regained, "denominator": t.start}


register(
    "revenue_churn_rate",
    _LOST,
    finish=lambda t, ctx: {"numerator": t.churned, "denominator": t.start},
)(_lost_rows)
register(
    "gross_mrr_churn_rate",
    _LOST,
    finish=lambda t, ctx: {"numerator": t.churned + t.contraction, "denominator": t.start},
)(_lost_rows)
register("net_mrr_churn_rate", _LOST, finish=_net)(_lost_rows)

_NRR: Measures = {"numerator": MONEY, "denominator": MONEY}


def _retention(key: str, gross: bool, trailing: bool) -> None:
    first, instant = ("year_first", "year") if trailing else ("first_day", "start")

    def rows(ctx: Context) -> ir.Table:
        start = mrr_at(ctx, instant, "denominator", _NRR)
        accounts = per_account(ctx, first)
        change = ibis.least(accounts.delta, ZERO) if gross else accounts.delta
        kept = part(accounts, _NRR, False, numerator=ibis.ifelse(accounts.was, change, ZERO))
        opening = mrr_at(ctx, instant, "numerator", _NRR)
        return union([start, opening, kept])

    register(key, _NRR)(rows)


_retention("nrr", gross=False, trailing=False)
_retention("grr", gross=True, trailing=False)
_retention("nrr_12m", gross=False, trailing=True)
_retention("grr_12m", gross=True, trailing=True)


def renewals(ctx: Context) -> ir.Table:
    """Subscriptions whose term ends in a period, with whether their account renewed (is a
    customer `renewal_grace_days` after the term end); terms not yet decidable are left out."""
    subs = ledger(ctx).filter(lambda t: t.term_day.notnull())
    grace = ibis.interval(days=ctx.conventions.renewal_grace_days)
    subs = subs.mutate(check=(subs.term_day + grace).cast("date"))
    subs = subs.filter(subs.check <= ibis.literal(ctx.as_of))
    # an open spell ends at END_OF_TIME rather than `s_to IS NULL OR …`: with an OR in
    # its condition DuckDB joins by nested loops (13 s instead of 0.1 s on 200k accounts)
    spells = intervals(ctx).select(s_account="account_id", s_from="valid_from", s_to="valid_to")
    on = (
        (subs.account_id == spells.s_account)
        & (spells.s_from <= subs.check)
        & (subs.check < spells.s_to.fill_null(ibis.literal(END_OF_TIME)))
    )
    joined = subs.left_join(spells, on)
    placed = flow(ctx, joined.mutate(renewed=joined.s_account.notnull()), "term_day")
    return placed


_RENEWAL: Measures = {"numerator": COUNT, "denominator": COUNT}
_RENEWAL_MRR: Measures = {"numerator": MONEY, "denominator": MONEY}


@register("renewal_rate", _RENEWAL)
def _renewal_rate(ctx: Context) -> ir.Table:
    rows = renewals(ctx)
    return part(
        rows, _RENEWAL, False, numerator=rows.renewed.cast(COUNT), denominator=ibis.literal(1)
    )


@register("renewal_rate_revenue", _RENEWAL_MRR)
def _renewal_revenue(ctx: Context) -> ir.Table:
    rows = renewals(ctx)
    kept = ibis.ifelse(rows.renewed, rows.mrr, ZERO)
    return part(rows, _RENEWAL_MRR, False, numerator=kept, denominator=rows.mrr)
