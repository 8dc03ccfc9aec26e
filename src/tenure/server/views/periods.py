"""Default date ranges of the KPI pages: complete periods only, a year back by default."""

from __future__ import annotations

from datetime import date

from tenure.server.api.bounds import check_range
from tenure.server.api.params import KpiFilters
from tenure.server.engine import last_complete_month

#: How many periods a page shows by default, per grain.
DEFAULT_PERIODS = {"month": 12, "quarter": 8, "year": 4}


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def from_index(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def resolve_range(filters: KpiFilters, today: date | None = None) -> tuple[date, date]:
    """The (start, end) a page shows: the filters' dates, else the default window."""
    check_range(filters.start, filters.end, filters.grain)
    end = filters.end or last_complete_month(today)
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
