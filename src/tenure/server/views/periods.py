"""Default date ranges of the KPI pages: complete periods only, a year back by default, and
no later than the month holding the workspace's last day with data."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from tenure.ops.periods import month_end
from tenure.server.api.bounds import check_range
from tenure.server.api.params import KpiFilters
from tenure.server.engine import last_complete_month

if TYPE_CHECKING:
    from tenure.workspace import Workspace

#: How many periods a page shows by default, per grain.
DEFAULT_PERIODS = {"month": 12, "quarter": 8, "year": 4}


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def from_index(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def default_end(today: date | None = None, horizon: date | None = None) -> date:
    """The end of the latest complete month, but no later than the end of the month holding
    `horizon`, the last day with data: a workspace whose exports stopped shows its last
    months, not empty ones."""
    end = last_complete_month(today)
    return end if horizon is None else min(end, month_end(horizon))


def horizon_of(ws: Workspace) -> date:
    """The workspace's last day with data (kept per data version and day)."""
    from tenure.metrics.cache import cached

    return cached(ws, "horizon", {}, ws.data_horizon)


def page_window(ws: Workspace, filters: KpiFilters) -> tuple[date, date]:
    """The (start, end) a KPI page of `ws` shows for `filters`."""
    return resolve_range(filters, horizon=horizon_of(ws))


def resolve_range(
    filters: KpiFilters, today: date | None = None, horizon: date | None = None
) -> tuple[date, date]:
    """The (start, end) a page shows: the filters' dates, else the default window ending
    at `default_end`."""
    check_range(filters.start, filters.end, filters.grain)
    end = filters.end or default_end(today, horizon)
    if filters.start is not None:
        return min(filters.start, end), end
    months = {"month": 1, "quarter": 3, "year": 12}[filters.grain]
    back = months * DEFAULT_PERIODS[filters.grain] - 1
    start = from_index(month_index(end) - back)
    if filters.grain == "quarter":
        start = from_index(month_index(start) - (start.month - 1) % 3)
    if filters.grain == "year":
        start = date(start.year, 1, 1)
    return start, end
