"""KPI panels: a metric's latest value, its change on the previous period, and its trend."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import urlencode

from pydantic import BaseModel

from tenure.metrics.catalogue import CATALOGUE
from tenure.metrics.errors import MetricError
from tenure.metrics.spec import Metric
from tenure.server.api.params import KpiFilters
from tenure.server.engine import MetricQuery, has, metric_rows, where_tuple
from tenure.server.web import charts as chart
from tenure.workspace import Workspace

#: Sparkline colour of a panel by the direction of its last change.
TREND_COLOURS = {"good": "#1b7a3a", "bad": "#b3261e", "flat": "#3346c9"}


class Point(BaseModel):
    """One period's value."""

    period: str
    value: float | None


class KpiPanel(BaseModel):
    """One KPI: latest value, change on the previous period, trend, link to its explanation."""

    key: str
    name: str
    description: str
    unit: str
    direction: str
    period: str | None
    value: float | None
    previous: float | None
    change: float | None
    trend: str
    series: list[Point]
    explain_url: str | None
    problem: str | None = None
    goal_target: float | None = None
    goal_status: str | None = None
    goal_period: str | None = None
    benchmark: str | None = None
    benchmark_source: str | None = None


def explain_url(
    key: str, period: str | None, filters: KpiFilters, extra: Mapping[str, str] | None = None
) -> str | None:
    """The dashboard link to the explanation of `key` in `period` (None without explain);
    `extra`: more explain parameters (a dimension level, the CSAT source)."""
    if period is None or not has("explain"):
        return None
    query = {"period": period, "grain": filters.grain}
    if filters.segment and filters.value:
        query |= {"segment": filters.segment, "value": filters.value}
    return f"/explain/{key}?{urlencode(query | dict(extra or {}))}"


def query_for(key: str, filters: KpiFilters, start: date, end: date) -> MetricQuery:
    """The metric request of a panel or chart."""
    return MetricQuery(key, filters.grain, start, end, (), where_tuple(filters.where()))


def series(ws: Workspace, query: MetricQuery) -> list[dict[str, Any]]:
    """The metric's rows (period, value…) for the query."""
    return metric_rows(ws, query)


def panel(ws: Workspace, metric: Metric, filters: KpiFilters, start: date, end: date) -> KpiPanel:
    """Build one KPI panel; a metric the data cannot answer shows its reason."""
    try:
        rows = series(ws, query_for(metric.key, filters, start, end))
    except (MetricError, KeyError) as error:  # KeyError: no builder for it yet
        return _empty(metric, str(error).strip("'\""))
    points = [Point(period=str(row["period"]), value=row.get("value")) for row in rows]
    latest = points[-1] if points else None
    before = points[-2] if len(points) > 1 else None
    value = latest.value if latest else None
    previous = before.value if before else None
    change = value - previous if value is not None and previous is not None else None
    return KpiPanel(
        key=metric.key,
        name=metric.name,
        description=metric.description,
        unit=metric.unit,
        direction=metric.direction,
        period=latest.period if latest else None,
        value=value,
        previous=previous,
        change=change,
        trend=_trend(change, metric.direction),
        series=points,
        explain_url=explain_url(metric.key, latest.period if latest else None, filters),
    )


def _trend(change: float | None, direction: str) -> str:
    if change is None or abs(change) < 1e-12 or direction == "neutral":
        return "flat"
    better = change > 0 if direction == "higher" else change < 0
    return "good" if better else "bad"


def _empty(metric: Metric, problem: str) -> KpiPanel:
    return KpiPanel(
        key=metric.key,
        name=metric.name,
        description=metric.description,
        unit=metric.unit,
        direction=metric.direction,
        period=None,
        value=None,
        previous=None,
        change=None,
        trend="flat",
        series=[],
        explain_url=None,
        problem=problem,
    )


def panels(
    ws: Workspace, keys: tuple[str, ...], filters: KpiFilters, start: date, end: date
) -> list[KpiPanel]:
    """The panels of the catalogue metrics among `keys`, in that order."""
    return [panel(ws, CATALOGUE[key], filters, start, end) for key in keys if key in CATALOGUE]


def sparklines(items: list[KpiPanel]) -> dict[str, dict[str, Any]]:
    """A sparkline per panel with a trend (chart `spark-{key}`), coloured by its last change."""
    return {
        f"spark-{p.key}": chart.sparkline(
            [point.model_dump() for point in p.series],
            "value",
            f"Trend of {p.name}",
            TREND_COLOURS[p.trend],
        )
        for p in items
        if len(p.series) > 1
    }
