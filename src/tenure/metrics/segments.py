"""Segments and filters: account-level columns a metric can be split or filtered by.

Any `accounts` column (canonical or attribute added at import), plus `team` (the team of
the account's CSM, from `csms`), `plan` (the account's plan, else the plan of its latest
subscription), `cohort` (ISO date of the month of its first payment) and `signup_cohort`
(ISO date of the month the account was created). Filters are
structured values — column → value or list of values — never SQL text.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import ibis
import ibis.expr.types as ir

from tenure.metrics.changes import changes
from tenure.metrics.context import Context
from tenure.metrics.errors import MetricError

DERIVED = ("team", "plan", "cohort", "signup_cohort")
#: The segment columns of a request computing several splits at once (`Context.splits`):
#: the split's number in `splits`, and the account's value for it as text.
SPLIT, SEGMENT = "tenure_split", "tenure_segment"


def _plan(ctx: Context, accounts: ir.Table) -> ir.Value:
    subs = ctx.table("subscriptions")
    latest = ibis.window(group_by="account_id", order_by=ibis.desc("started_at"))
    ranked = subs.mutate(rank=ibis.row_number().over(latest))
    last = ranked.filter(ranked["rank"] == 0).select(p_account="account_id", p_plan="plan")
    return accounts.left_join(last, accounts.account_id == last.p_account)


def _with(ctx: Context, accounts: ir.Table, column: str) -> ir.Table:
    """`accounts` with the derived column `column` added."""
    if column == "team":
        csms = ctx.table("csms").select(t_csm="csm_id", team="team")
        joined = accounts.left_join(csms, accounts.csm_id == csms.t_csm)
        return joined.drop("t_csm")
    if column == "plan":
        joined = _plan(ctx, accounts)
        return joined.mutate(plan=joined.plan.fill_null(joined.p_plan)).drop("p_account", "p_plan")
    if column == "signup_cohort":
        return accounts.mutate(signup_cohort=accounts.created_at.truncate("M").cast("date"))
    rows = changes(ctx)
    first = rows.filter(rows.enter).group_by(c_account="account_id").aggregate(c_day=rows.day.min())
    joined = accounts.left_join(first, accounts.account_id == first.c_account)
    return joined.mutate(cohort=joined.c_day.truncate("M").cast("date")).drop("c_account", "c_day")


def _columns(ctx: Context, wanted: Sequence[str]) -> ir.Table:
    accounts = ctx.table("accounts")
    for column in dict.fromkeys(wanted):
        if column in DERIVED:
            accounts = _with(ctx, accounts, column)
        elif column not in accounts.columns:
            extra = [name for name in DERIVED if name not in accounts.columns]
            known = ", ".join([*accounts.columns, *extra])
            raise MetricError(f"unknown segment column {column!r}; known: {known}")
    return accounts


def _condition(column: ir.Column, value: Any) -> ir.BooleanValue:
    values = list(value) if isinstance(value, list | tuple | set | frozenset) else [value]
    if any(v is None for v in values):
        known = [v for v in values if v is not None]
        return column.isnull() | (column.isin(known) if known else ibis.literal(False))
    if not column.type().is_string() and all(isinstance(v, str) for v in values):
        return column.cast("string").isin(values)
    return column.isin(values)


def account_columns(ctx: Context, names: Sequence[str]) -> list[str]:
    """The `names` that are account columns, not the metric's own row dimensions."""
    return [name for name in names if name not in ctx.metric.dimensions]


def keep_dimensions(ctx: Context, rows: ir.Table) -> ir.Table:
    """`rows` kept by the filters on the metric's row dimensions (ticket severity, event…)."""
    for column, value in ctx.where.items():
        if column in ctx.metric.dimensions:
            rows = rows.filter(_condition(rows[column], value))
    return rows


def segments(ctx: Context) -> ir.Table:
    """`account_id` and the requested segment columns, for the accounts the filters keep.

    Segments derived from other tables (plan, team, cohorts) are kept per data version
    on DuckDB (see `Context.kept`): every metric split the same way reads them."""
    if ctx.splits:
        return _kept_stacked(ctx)
    by, where = account_columns(ctx, ctx.by), account_columns(ctx, list(ctx.where))

    def build() -> ir.Table:
        accounts = _columns(ctx, [*by, *where])
        for column in where:
            accounts = accounts.filter(_condition(accounts[column], ctx.where[column]))
        return accounts.select("account_id", *by)

    if not any(column in DERIVED for column in [*by, *where]):
        return ctx.cached("segments", build)
    filters = json.dumps({c: ctx.where[c] for c in where}, default=str, sort_keys=True)
    name = "segments_" + "_".join(by)
    return ctx.kept(name, build, f"{ctx.as_of}|{filters}")


def one_split(ctx: Context, by: tuple[str, ...]) -> Context:
    """The context of one of `ctx.splits` alone."""
    return replace(ctx, by=by, splits=(), memo={})


def _kept_stacked(ctx: Context) -> ir.Table:
    """The stacked segments, kept per data version on DuckDB like derived segments: every
    metric of a suite or a refresh is split the same ways, and one kept table makes each
    of their queries smaller to compile than the union of the splits' tables."""
    filters = json.dumps(dict(ctx.where), default=str, sort_keys=True)
    splits = json.dumps(ctx.splits)
    name = "segments_stacked_" + hashlib.sha256(splits.encode()).hexdigest()[:12]
    return ctx.kept(name, lambda: _stacked(ctx), f"{ctx.as_of}|{filters}|{splits}")


def _stacked(ctx: Context) -> ir.Table:
    """Every split's segments one under the other: `account_id`, the split's number and
    the account's value as text (null for the company-wide split)."""
    parts = []
    for number, by in enumerate(ctx.splits):
        table = segments(one_split(ctx, by))
        value = table[by[0]].cast("string") if by else ibis.null("string")
        parts.append(table.select("account_id", **{SPLIT: _number(number), SEGMENT: value}))
    return ibis.union(*parts, distinct=False)


def _number(number: int) -> ir.Value:
    return ibis.literal(number, "int16")


def segment_values(ctx: Context) -> ir.Table:
    """The distinct values of the requested account segment columns: every period of a
    result has a row for each. A company-wide split has its one row even when the filters
    keep no account."""
    by = account_columns(ctx, ctx.by)
    found = segments(ctx).select(*by).distinct()
    if not ctx.splits:
        return found
    whole = [number for number, split in enumerate(ctx.splits) if not split]
    if not whole:
        return found
    rows = {SPLIT: whole, SEGMENT: [None] * len(whole)}
    empty = ibis.memtable(rows, schema={SPLIT: "int16", SEGMENT: "string"})
    return found.union(empty, distinct=True)
