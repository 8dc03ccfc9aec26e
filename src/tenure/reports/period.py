"""The period a review pack covers: `2025-Q1`, `2025-03`, `2025`, or the last complete quarter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from tenure.errors import TenureError
from tenure.metrics.periods import add_months

#: Months of history the pack's charts show, ending with the period's last month.
HISTORY_MONTHS = 12


class PeriodError(TenureError):
    """A period the pack cannot read."""


@dataclass(frozen=True)
class ReportPeriod:
    """First and last day of the reviewed period, its grain and its label."""

    start: date
    end: date
    grain: str
    label: str

    @property
    def history_start(self) -> date:
        """First day of the charts' window (`HISTORY_MONTHS` months to the period's end)."""
        return add_months(self.end.replace(day=1), 1 - HISTORY_MONTHS)

    @property
    def previous(self) -> ReportPeriod:
        """The period just before, of the same grain."""
        months = {"month": 1, "quarter": 3, "year": 12}[self.grain]
        start = add_months(self.start, -months)
        return ReportPeriod(start, self.start - timedelta(days=1), self.grain, "previous")


def _last_day(first: date, months: int) -> date:
    return add_months(first, months) - timedelta(days=1)


def parse_period(text: str) -> ReportPeriod:
    """`2025-Q1` (quarter), `2025-03` (month) or `2025` (year)."""
    value = text.strip().upper()
    if match := re.fullmatch(r"(\d{4})-?Q([1-4])", value):
        year, quarter = int(match[1]), int(match[2])
        first = date(year, 3 * quarter - 2, 1)
        return ReportPeriod(first, _last_day(first, 3), "quarter", f"Q{quarter} {year}")
    if match := re.fullmatch(r"(\d{4})-(\d{2})", value):
        if not 1 <= int(match[2]) <= 12:
            raise PeriodError(f"no month {match[2]} in {text!r}")
        first = date(int(match[1]), int(match[2]), 1)
        return ReportPeriod(first, _last_day(first, 1), "month", first.strftime("%B %Y"))
    if re.fullmatch(r"\d{4}", value):
        first = date(int(value), 1, 1)
        return ReportPeriod(first, _last_day(first, 12), "year", value)
    raise PeriodError(f"cannot read the period {text!r}; use 2025-Q1, 2025-03 or 2025")


def last_complete_quarter(last_day: date) -> ReportPeriod:
    """The latest quarter that ends on or before `last_day`."""
    after = last_day + timedelta(days=1)
    first_of_current = date(after.year, 3 * ((after.month - 1) // 3) + 1, 1)
    first = add_months(first_of_current, -3)
    return parse_period(f"{first.year}-Q{(first.month - 1) // 3 + 1}")
