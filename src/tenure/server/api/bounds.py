"""Bounds on requested date ranges, so one request cannot ask for millions of periods."""

from __future__ import annotations

from datetime import date

from fastapi import HTTPException

EARLIEST = date(1970, 1, 1)
LATEST = date(2200, 12, 31)
#: Approximate days per period of each grain, and the most periods one request may span.
GRAIN_DAYS = {"day": 1, "week": 7, "month": 30, "quarter": 91, "year": 365}
MAX_PERIODS = 1200


def check_range(start: date | None, end: date | None, grain: str) -> None:
    """400 when the range lies outside 1970–2200 or spans more than MAX_PERIODS periods."""
    for day in (start, end):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise HTTPException(400, f"dates must lie between {EARLIEST} and {LATEST}")
    first = start or EARLIEST
    last = end or date.today()
    if (last - first).days // GRAIN_DAYS.get(grain, 1) > MAX_PERIODS:
        raise HTTPException(400, f"at most {MAX_PERIODS} periods per request; narrow the range")
