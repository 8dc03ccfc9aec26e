"""Metric trends of the KPI pages: one catalogue metric over the page's periods, each row
carrying the link to its explanation, or the reason the data cannot answer it.

The experience, support and adoption pages are tables and charts of such trends; keeping
the request, the links and the failure handling here keeps those pages declarative.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from tenure.metrics.catalogue import CATALOGUE
from tenure.metrics.errors import MetricError
from tenure.server.api.params import KpiFilters
from tenure.server.engine import MetricQuery, metric_rows, where_tuple
from tenure.server.views.kpis import explain_url
from tenure.workspace import Workspace

#: The one convention a page may set on a metric, and the explain parameter that carries it.
CONVENTION_PARAMS = {"csat_source": "csat_source"}


class Trend(BaseModel):
    """A metric over the page's periods (split by `by` when given)."""

    key: str
    name: str
    unit: str
    direction: str
    by: list[str] = Field(default_factory=list)
    conventions: dict[str, str] = Field(default_factory=dict)
    rows: list[dict[str, Any]] = Field(
        description="Per period (and level of `by`): value, its parts, and `explain`, the link."
    )
    problem: str | None = Field(None, description="Why the data cannot answer this metric.")


def trend(
    ws: Workspace,
    filters: KpiFilters,
    window: tuple[date, date],
    key: str,
    name: str | None = None,
    by: Sequence[str] = (),
    conventions: dict[str, str] | None = None,
) -> Trend:
    """The metric `key` over `window` under the page's segment filter."""
    metric = CATALOGUE[key]
    settings = dict(conventions or {})
    found = Trend(
        key=key,
        name=name or metric.name,
        unit=metric.unit,
        direction=metric.direction,
        by=list(by),
        conventions=settings,
        rows=[],
    )
    query = MetricQuery(
        key,
        filters.grain,
        window[0],
        window[1],
        tuple(by),
        where_tuple(filters.where()),
        None,
        tuple(sorted(settings.items())),
    )
    try:
        rows = metric_rows(ws, query)
    except (MetricError, KeyError) as error:  # KeyError: no builder for it yet
        return found.model_copy(update={"problem": str(error).strip("'\"")})
    found.rows = [_linked(row, found, filters) for row in rows]
    return found


def _linked(row: dict[str, Any], item: Trend, filters: KpiFilters) -> dict[str, Any]:
    extra = {CONVENTION_PARAMS[k]: v for k, v in item.conventions.items() if k in CONVENTION_PARAMS}
    if item.by:
        extra |= {"split": item.by[0], "level": str(row.get(item.by[0], ""))}
    link = explain_url(item.key, str(row["period"]), filters, extra)
    return {**row, "explain": link}


def by_period(item: Trend) -> dict[str, dict[str, Any]]:
    """The rows of an unsplit trend by period, for tables with one column per metric."""
    return {str(row["period"]): row for row in item.rows}


def periods(items: Sequence[Trend]) -> list[str]:
    """Every period any of the trends has, oldest first."""
    return sorted({str(row["period"]) for item in items for row in item.rows})


def latest_period(item: Trend) -> str | None:
    """The last period of a trend (None when it has no row)."""
    found = periods([item])
    return found[-1] if found else None


def long_rows(items: Sequence[Trend], part: str = "value") -> list[dict[str, Any]]:
    """Rows `period`, `metric`, `value` of several trends, for a multi-line chart."""
    return [
        {"period": row["period"], "metric": item.name, "value": row.get(part)}
        for item in items
        for row in item.rows
        if row.get(part) is not None
    ]
