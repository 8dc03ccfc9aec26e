"""Periods and grains, computed in Python so that no engine-specific date arithmetic is needed.

A period is named by the ISO date of its first day. Weeks are ISO weeks (Monday to
Sunday). The *instant* of a period is the end of its last day: a subscription counts at
that instant when `started_at ≤ last day < ended_at` (compared as dates). The start of a
period is the instant just before it, i.e. the end of the previous period's last day, so
movements of period P carry the MRR from the end of P−1 to the end of P.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tenure.metrics.errors import MetricError
from tenure.metrics.spec import GRAINS, Grain

#: Earlier than any stored date: the open lower bound of the first bucket.
BEGINNING = date(1, 1, 1)
#: The end of an open interval, where a join needs a day rather than an empty one.
END_OF_TIME = date(9999, 12, 31)

PERIODS_PER_YEAR: dict[Grain, float] = {
    "day": 365.0,
    "week": 52.0,
    "month": 12.0,
    "quarter": 4.0,
    "year": 1.0,
}


def check_grain(grain: str) -> Grain:
    """`grain` as a Grain, or a clear error."""
    for known in GRAINS:
        if grain == known:
            return known
    raise MetricError(f"unknown grain {grain!r}; use one of {', '.join(GRAINS)}")


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the end of shorter months."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def period_start(day: date, grain: Grain) -> date:
    """First day of the period of `grain` that contains `day`."""
    if grain == "day":
        return day
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    if grain == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)


def next_start(start: date, grain: Grain) -> date:
    """First day of the period after the one starting on `start`."""
    if grain == "day":
        return start + timedelta(days=1)
    if grain == "week":
        return start + timedelta(days=7)
    return add_months(start, {"month": 1, "quarter": 3, "year": 12}[grain])


@dataclass(frozen=True)
class Period:
    """One period: its first and last day (both inclusive)."""

    first: date
    last: date

    @property
    def prior(self) -> date:
        """The day before the period: its start instant is the end of that day."""
        return self.first - timedelta(days=1)


def periods_between(grain: Grain, first: date, last: date) -> list[Period]:
    """Every period of `grain` that overlaps the days `first` … `last`."""
    if last < first:
        raise ValueError(f"the range ends ({last}) before it starts ({first})")
    start = period_start(first, grain)
    result: list[Period] = []
    while start <= last:
        following = next_start(start, grain)
        result.append(Period(start, following - timedelta(days=1)))
        start = following
    return result


def parse_day(value: str | date | None) -> date | None:
    """A date from an ISO string (YYYY-MM-DD, a timestamp, or YYYY-MM for the month's first
    day), a date, or None."""
    if value is None or isinstance(value, datetime):
        return None if value is None else value.date()
    if isinstance(value, date):
        return value
    text = value.strip()
    try:
        return date.fromisoformat(f"{text}-01" if len(text) == 7 else text[:10])
    except ValueError:
        raise MetricError(f"not an ISO date: {value!r} (use YYYY-MM-DD or YYYY-MM)") from None
