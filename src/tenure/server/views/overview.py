"""Overview: the company's KPI panels with trends, for a date range and a segment."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel

from tenure.server.api.params import KpiFilters
from tenure.server.auth.roles import Permission
from tenure.server.data.segments import segment_choices
from tenure.server.views.kpis import KpiPanel, panels, sparklines
from tenure.server.views.periods import page_window
from tenure.server.views.references import with_references
from tenure.server.views.registry import View, ViewContext, register

KEYS = (
    "mrr",
    "arr",
    "customers",
    "arpa",
    "net_new_mrr",
    "logo_churn_rate",
    "gross_mrr_churn_rate",
    "nrr",
    "grr",
    "quick_ratio",
    "ltv",
    "cac",
)


class Range(BaseModel):
    """The period window and segment filter a KPI page shows."""

    start: str
    end: str
    grain: str
    segment: str | None
    value: str | None


class OverviewPage(BaseModel):
    """The overview: one panel per KPI."""

    range: Range
    currency: str
    choices: dict[str, list[str]]
    panels: list[KpiPanel]


def page_range(filters: KpiFilters, window: tuple[date, date]) -> Range:
    """The resolved window of a KPI page."""
    start, end = window
    return Range(
        start=start.isoformat(),
        end=end.isoformat(),
        grain=filters.grain,
        segment=filters.segment if filters.value else None,
        value=filters.value if filters.segment else None,
    )


def build(context: ViewContext, filters: KpiFilters) -> OverviewPage:
    """The overview's panels."""
    start, end = page_window(context.ws, filters)
    return OverviewPage(
        range=page_range(filters, (start, end)),
        currency=context.currency,
        choices=segment_choices(context.ws),
        panels=with_references(context.ws, panels(context.ws, KEYS, filters, start, end), filters),
    )


def charts(model: OverviewPage, currency: str) -> dict[str, dict[str, Any]]:
    """A sparkline per panel."""
    return sparklines(model.panels)


register(
    View(
        name="overview",
        title="Overview",
        path="/",
        template="overview.html",
        permission=Permission.KPIS,
        model=OverviewPage,
        build=build,
        params=KpiFilters,
        requires=("metric",),
        order=10,
        charts=charts,
        summary="Company KPIs: value, change on the previous period, trend.",
    )
)
