"""Experience: NPS, CSAT and CES over the periods, and the verbatims behind them by theme."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from tenure.server.api.params import KpiFilters
from tenure.server.auth.roles import Permission
from tenure.server.data.segments import segment_choices
from tenure.server.data.verbatims import scope_note, theme_groups
from tenure.server.views.kpis import KpiPanel, panels, sparklines
from tenure.server.views.overview import Range, page_range
from tenure.server.views.periods import page_window
from tenure.server.views.registry import View, ViewContext, register
from tenure.server.views.series import Trend, trend
from tenure.server.web import charts as chart

PANELS = ("nps", "csat", "ces", "survey_responses", "survey_response_rate")
TRENDS = ("nps", "csat", "ces", "survey_responses")


class Verbatim(BaseModel):
    """One survey comment."""

    responded_at: str
    account_id: str
    survey: str
    score: float
    comment: str


class ThemeRow(BaseModel):
    """A recurring theme: how many comments mention it, and the newest of them."""

    theme: str
    mentions: int
    share: float = Field(description="Mentions ÷ comments of the score group.")
    verbatims: list[Verbatim]


class ThemeGroup(BaseModel):
    """The themes of one score group (promoters, passives, detractors, other)."""

    group: str
    comments: int
    themes: list[ThemeRow]


class ExperiencePage(BaseModel):
    """The experience page's figures."""

    range: Range
    currency: str
    choices: dict[str, list[str]]
    panels: list[KpiPanel]
    trends: list[Trend] = Field(description="NPS, CSAT, CES and responses per period.")
    verbatims: list[ThemeGroup] = Field(description="Themes by score group (within scope).")
    verbatims_note: str | None = None


def build(context: ViewContext, filters: KpiFilters) -> ExperiencePage:
    """The experience page."""
    ws = context.ws
    window = page_window(ws, filters)
    groups = theme_groups(ws, context.principal, window, filters.where())
    return ExperiencePage(
        range=page_range(filters, window),
        currency=context.currency,
        choices=segment_choices(ws),
        panels=panels(ws, PANELS, filters, *window),
        trends=[trend(ws, filters, window, key) for key in TRENDS],
        verbatims=[ThemeGroup.model_validate(group) for group in groups],
        verbatims_note=scope_note(context.principal),
    )


def charts(model: ExperiencePage, currency: str) -> dict[str, dict[str, Any]]:
    """A trend line per survey score, and one sparkline per panel."""
    found = {
        f"trend-{item.key}": chart.line(
            [row for row in item.rows if row.get("value") is not None],
            "value",
            item.unit,
            f"{item.name} per period",
            zero=item.key != "nps",
        )
        for item in model.trends
        if any(row.get("value") is not None for row in item.rows)
    }
    return found | sparklines(model.panels)


register(
    View(
        name="experience",
        title="Experience",
        path="/experience",
        template="experience.html",
        permission=Permission.KPIS,
        model=ExperiencePage,
        build=build,
        params=KpiFilters,
        requires=("metric", "feedback"),
        order=32,
        charts=charts,
        summary="NPS, CSAT and CES trends; survey comments by theme (accounts within scope).",
    )
)
