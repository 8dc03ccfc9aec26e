"""The revenue ledger: subscriptions normalised to MRR under the conventions in force.

One row per subscription that makes its account a customer while active: paid rows,
100 %-off rows when `full_discount = "free"`, trials when `trials_in_mrr`. Days are UTC
calendar dates; a row is active on day d when `start_day ≤ d < end_day` (empty end =
still active); rows that end the day they start are never active.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from tenure.metrics.context import Context
from tenure.metrics.conventions import Conventions, weekly_factor
from tenure.metrics.money import scaled

_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def _list_amount(subs: ir.Table, conventions: Conventions) -> ir.DecimalValue:
    if conventions.discounts == "list_price":
        return subs.amount + subs.discount.fill_null(0)
    return subs.amount


def _factor(subs: ir.Table, conventions: Conventions) -> tuple[ir.IntegerValue, ir.IntegerValue]:
    """Months-per-interval as an exact fraction (numerator, denominator) for each row."""
    interval = subs.interval.fill_null("month")
    count = subs.interval_count.fill_null(1)
    weeks, per = weekly_factor(conventions)
    numerator = interval.cases(("week", weeks), ("day", 365), else_=1)
    denominator = interval.cases(("quarter", 3), ("year", 12), ("week", per), ("day", 12), else_=1)
    return numerator.cast("int64"), (denominator * count).cast("int64")


def base_ledger(ctx: Context) -> ir.Table:
    """Subscriptions as ledger rows, before `joined_and_churned = "ignore"` is applied."""
    subs = ctx.table("subscriptions")
    conventions = ctx.conventions
    numerator, denominator = _factor(subs, conventions)
    rows = subs.select(
        "account_id",
        "subscription_id",
        start_day=subs.started_at.date(),
        end_day=subs.ended_at.date(),
        term_day=subs.term_ends_at.date(),
        interval=subs.interval.fill_null("month"),
        interval_count=subs.interval_count.fill_null(1),
        amount=_list_amount(subs, conventions),
        monthly=numerator,
        yearly=numerator * 12,
        per=denominator,
        full_off=(subs.amount == 0) & (subs.discount.fill_null(0) > 0),
        trial=subs.is_trial.fill_null(False),
    )
    rows = scaled(rows, mrr=("amount", "monthly", "per"), arr=("amount", "yearly", "per"))
    counts = rows.mrr > 0
    if conventions.full_discount == "free":
        counts = counts | rows.full_off
    if not conventions.trials_in_mrr:
        counts = counts & ~rows.trial
    live = rows.end_day.isnull() | (rows.end_day > rows.start_day)
    rows = rows.filter(counts & live).drop(
        "amount", "monthly", "yearly", "per", "full_off", "trial"
    )
    if conventions.churn_recognition == "end_of_period":
        rows = _to_end_of_paid_period(rows)
    return rows


def _to_end_of_paid_period(rows: ir.Table) -> ir.Table:
    """Move each cancellation to the end of its billing period, unless replaced that day."""
    starts = rows.select(r_account=rows.account_id, r_day=rows.start_day).distinct()
    joined = rows.left_join(
        starts, (rows.account_id == starts.r_account) & (rows.end_day == starts.r_day)
    )
    replaced = joined.r_account.notnull()
    extended = ibis.ifelse(joined.end_day.isnull() | replaced, joined.end_day, _next_anchor(joined))
    return joined.mutate(end_day=extended).drop("r_account", "r_day")


def _next_anchor(rows: ir.Table) -> ir.DateValue:
    """The first billing anchor (start + k whole intervals) on or after `end_day`."""
    start, end = rows.start_day, rows.end_day
    months = rows.interval.cases(*_MONTHS.items(), else_=0) * rows.interval_count
    elapsed = (end.year() - start.year()) * 12 + end.month() - start.month()
    whole = elapsed - elapsed % ibis.greatest(months, 1)
    candidate = start + whole.as_interval("M")
    by_month = ibis.ifelse(candidate >= end, candidate, start + (whole + months).as_interval("M"))
    days = rows.interval.cases(("week", 7), else_=1) * rows.interval_count
    gone = end.delta(start, unit="day")
    steps = (gone - gone % days) + ibis.ifelse(gone % days > 0, days, 0)
    by_day = start + steps.as_interval("D")
    return ibis.ifelse(months > 0, by_month, by_day).cast("date")
