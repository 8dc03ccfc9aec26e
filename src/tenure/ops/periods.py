"""Month arithmetic for the operations: complete months, windows of months."""

from __future__ import annotations

from datetime import date, timedelta


def month_end(day: date) -> date:
    """The last day of `day`'s month."""
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def last_complete_month(day: date) -> date:
    """The first day of the latest month that has ended by the end of `day`."""
    if day == month_end(day):
        return day.replace(day=1)
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


def months_back(first: date, months: int) -> date:
    """The first day of the month `months` months before the month starting `first`."""
    index = first.year * 12 + first.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)
