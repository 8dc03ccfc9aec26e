"""Support: ticket volume and its severity mix, response and resolution times, first-contact
resolution, reopens, backlog and the CSAT of ticket ratings, per period."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from tenure.server.api.params import KpiFilters
from tenure.server.auth.roles import Permission
from tenure.server.data.segments import segment_choices
from tenure.server.views.kpis import KpiPanel, panels, sparklines
from tenure.server.views.overview import Range, page_range
from tenure.server.views.periods import page_window
from tenure.server.views.registry import View, ViewContext, register
from tenure.server.views.series import Trend, long_rows, trend
from tenure.server.web import charts as chart

PANELS = (
    "ticket_volume",
    "first_response_time",
    "resolution_time",
    "fcr_rate",
    "reopen_rate",
    "ticket_backlog",
    "tickets_per_100_customers",
)
TRENDS = (
    "ticket_volume",
    "first_response_time",
    "resolution_time",
    "fcr_rate",
    "reopen_rate",
    "ticket_backlog",
)
TIMES = ("first_response_time", "resolution_time")
RATES = ("fcr_rate", "reopen_rate", "ticket_csat")
#: CSAT computed from the ratings on tickets rather than from CSAT surveys.
TICKET_CSAT = {"csat_source": "tickets"}
SEVERITY = "severity"


class SupportPage(BaseModel):
    """The support page's figures."""

    range: Range
    currency: str
    choices: dict[str, list[str]]
    panels: list[KpiPanel]
    trends: list[Trend] = Field(description="Volume, times, rates and backlog per period.")
    ticket_csat: Trend = Field(description="CSAT of the ticket ratings (csat_source=tickets).")
    severity: Trend = Field(description="Tickets opened per period and severity.")


def build(context: ViewContext, filters: KpiFilters) -> SupportPage:
    """The support page."""
    ws = context.ws
    window = page_window(ws, filters)
    return SupportPage(
        range=page_range(filters, window),
        currency=context.currency,
        choices=segment_choices(ws),
        panels=panels(ws, PANELS, filters, *window),
        trends=[trend(ws, filters, window, key) for key in TRENDS],
        ticket_csat=trend(ws, filters, window, "csat", "Ticket CSAT", conventions=TICKET_CSAT),
        severity=trend(ws, filters, window, "ticket_volume", "Tickets by severity", (SEVERITY,)),
    )


def severities(model: SupportPage) -> list[str]:
    """The severity levels present, in order."""
    return sorted({str(row.get(SEVERITY)) for row in model.severity.rows})


def charts(model: SupportPage, currency: str) -> dict[str, dict[str, Any]]:
    """Volume by severity, response and resolution times, and the rates."""
    named = {item.key: item for item in model.trends} | {"ticket_csat": model.ticket_csat}
    found: dict[str, dict[str, Any]] = {}
    if model.severity.rows:
        found["volume"] = chart.bars(
            [{**row, "severity": str(row.get(SEVERITY))} for row in model.severity.rows],
            "value",
            "count",
            "Tickets opened per period, stacked by severity",
            color=SEVERITY,
            order=severities(model),
        )
    times = long_rows([named[key] for key in TIMES if key in named])
    if times:
        found["times"] = chart.line(times, "value", "hours", "Median hours", series="metric")
    rates = long_rows([named[key] for key in RATES if key in named])
    if rates:
        found["rates"] = chart.line(rates, "value", "ratio", "Support rates", series="metric")
    return found | sparklines(model.panels)


register(
    View(
        name="support",
        title="Support",
        path="/support",
        template="support.html",
        permission=Permission.KPIS,
        model=SupportPage,
        build=build,
        params=KpiFilters,
        requires=("metric",),
        order=34,
        charts=charts,
        summary="Ticket volume and severity mix, response and resolution times, FCR, CSAT.",
    )
)
