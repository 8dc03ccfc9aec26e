"""MRR history: the MRR trend, its monthly movements, and (for an account) plan changes."""

from __future__ import annotations

from typing import Any

import ibis
import pandas as pd

from tenure.reports import charts
from tenure.reports.context import ReportContext
from tenure.reports.format import day, money
from tenure.reports.model import Chart, Section, Table
from tenure.reports.sections.common import of_scope, rows_of

GAINS = ("new", "expansion", "reactivation")
LOSSES = ("contraction", "churned")
COLOURS = ("#3346c9", "#1b9e77", "#7570b3", "#e6a23c", "#b3261e")


def build(ctx: ReportContext) -> Section:
    """MRR over the last twelve months and how it moved."""
    section = Section(
        key="revenue",
        title="MRR history",
        intro="Monthly recurring revenue at each month end over the last twelve months, "
        "and the movements that changed it.",
    )
    mrr = rows_of(ctx.metric("mrr"))
    if mrr:
        chart = charts.line(mrr, "value", "currency", width=charts.HALF)
        section.charts.append(charts.svg("mrr", "MRR at month end", chart))
    else:
        section.missing("MRR (no subscription in the window)")
    movements = ctx.metric("mrr_movements")
    if movements is not None and not movements.empty:
        section.charts.append(_movement_chart(movements))
        section.tables.append(_movement_table(ctx, movements))
    if ctx.account_id is not None:
        section.tables.append(_plan_changes(ctx))
    return section


def _stacked(movements: pd.DataFrame) -> list[dict[str, Any]]:
    signs = [*((name, 1) for name in GAINS), *((name, -1) for name in LOSSES)]
    return [
        {"period": row["period"], "movement": name, "mrr": sign * float(row[name] or 0)}
        for row in movements.to_dict("records")
        for name, sign in signs
    ]


def _movement_chart(movements: pd.DataFrame) -> Chart:
    chart = charts.bars(
        _stacked(movements), "mrr", "currency", "movement", (*GAINS, *LOSSES), COLOURS
    )
    return charts.svg("movements", "MRR movements: gains above zero, losses below", chart)


def _movement_table(ctx: ReportContext, movements: pd.DataFrame) -> Table:
    period = movements[pd.to_datetime(movements["period"]).dt.date >= ctx.period.start]
    names = ["start", *GAINS, *LOSSES, "end"]
    rows = [
        [str(row["period"])[:7], *[money(row[n], ctx.currency) for n in names]]
        for row in period.to_dict("records")
    ]
    return Table(
        f"MRR movements in {ctx.period.label}",
        ["Month", *[name.capitalize() for name in names]],
        rows,
        frozenset(range(1, len(names) + 1)),
    )


def _plan_changes(ctx: ReportContext) -> Table:
    subs = of_scope(ctx, ctx.ws.table("subscriptions"))
    recent = subs.filter(subs.ended_at.isnull() | (subs.ended_at >= ctx.period.history_start))
    rows = recent.order_by(ibis.desc("started_at")).limit(12).to_pyarrow().to_pylist()
    return Table(
        "Subscriptions in the last twelve months",
        ["Started", "Ended", "Plan", "Amount", "Interval", "Term ends"],
        [
            [
                day(r["started_at"]),
                day(r["ended_at"]) or "active",
                str(r.get("plan") or "—"),
                money(r["amount"], ctx.currency, 2),
                str(r.get("interval") or "month"),
                day(r.get("term_ends_at")) or "—",
            ]
            for r in rows
        ],
        frozenset({3}),
        "No subscription in the last twelve months.",
    )
