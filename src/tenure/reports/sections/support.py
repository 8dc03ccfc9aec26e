"""Tickets and satisfaction: volume, response times, CSAT, and an account's tickets."""

from __future__ import annotations

import ibis

from tenure.reports import charts
from tenure.reports.context import ReportContext
from tenure.reports.format import day
from tenure.reports.model import Section, Table
from tenure.reports.sections.common import cell, figures, of_scope, rows_of, within

FIGURES = (
    ("ticket_volume", "Tickets opened"),
    ("first_response_time", "Median first response"),
    ("resolution_time", "Median resolution"),
    ("csat", "CSAT"),
    ("fcr_rate", "First-contact resolution"),
)


def build(ctx: ReportContext) -> Section:
    """Support load and how customers rated it."""
    section = Section(
        key="support",
        title="Tickets and satisfaction",
        intro="Support tickets opened each month, how fast they were answered and solved, "
        "and the satisfaction answers (CSAT) given.",
    )
    section.figures = figures(ctx, FIGURES)
    volume = rows_of(ctx.metric("ticket_volume"))
    if volume:
        chart = charts.bars(volume, "value", "count")
        section.charts.append(charts.svg("tickets", "Tickets opened per month", chart))
    csat = rows_of(ctx.metric("csat"))
    if csat:
        chart = charts.line(csat, "value", "ratio", zero=False)
        section.charts.append(charts.svg("csat", "CSAT (share satisfied)", chart))
    if ctx.account_id is not None:
        section.tables.append(_tickets(ctx))
    if not volume:
        section.missing("tickets (none in the window)")
    return section


def _tickets(ctx: ReportContext) -> Table:
    scoped = of_scope(ctx, ctx.ws.table("tickets"))
    tickets = within(scoped, "created_at", ctx.period.start, ctx.period.end)
    rows = tickets.order_by(ibis.desc("created_at")).limit(15).to_pyarrow().to_pylist()
    return Table(
        f"Tickets opened in {ctx.period.label}",
        ["Opened", "Priority", "Status", "Resolved", "CSAT"],
        [
            [
                day(r["created_at"]),
                cell(r.get("priority")),
                cell(r.get("status")),
                day(r.get("resolved_at")) or "—",
                cell(r.get("csat")),
            ]
            for r in rows
        ],
        frozenset({4}),
        "No ticket opened in the period.",
    )
