"""Usage and adoption: active users, stickiness and the share of features in use."""

from __future__ import annotations

from tenure.reports import charts
from tenure.reports.context import ReportContext
from tenure.reports.model import Section
from tenure.reports.sections.common import figures, rows_of

FIGURES = (
    ("mau", "Monthly active users"),
    ("stickiness", "Stickiness (DAU ÷ MAU)"),
    ("adoption", "Feature adoption"),
    ("activation_rate", "Activation rate"),
)


def build(ctx: ReportContext) -> Section:
    """Product usage over the last twelve months."""
    section = Section(
        key="usage",
        title="Usage and adoption",
        intro="Who uses the product and how much of it: monthly active users and the share "
        "of the available features in use.",
    )
    keys = FIGURES if ctx.account is None else FIGURES[:3]
    section.figures = figures(ctx, keys)
    mau = rows_of(ctx.metric("mau"))
    if mau:
        chart = charts.line(mau, "value", "count")
        section.charts.append(charts.svg("mau", "Monthly active users", chart))
    adoption = rows_of(ctx.metric("adoption"))
    if adoption:
        chart = charts.line(adoption, "value", "ratio")
        section.charts.append(charts.svg("adoption", "Feature adoption", chart))
    if not section.charts:
        section.missing("usage (no product events in the window)")
    return section
