"""Vectorised calendar arithmetic on int64 microseconds since the epoch (naive UTC).

All generated instants are int64 microseconds so that numpy can shift, compare and
sort them cheaply; Arrow `timestamp("us")` columns are built directly from them.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from tenure.demo.arrays import IntArray

US_PER_SECOND = 1_000_000
US_PER_HOUR = 3_600 * US_PER_SECOND
US_PER_DAY = 24 * US_PER_HOUR
EPOCH = date(1970, 1, 1)


def date_us(day: date) -> int:
    """Midnight of `day` in microseconds since the epoch."""
    return (day - EPOCH).days * US_PER_DAY


def add_months(anchor_us: IntArray, months: IntArray) -> IntArray:
    """Shift instants by whole calendar months, clamping the day (Jan 31 + 1 month = Feb 28/29).

    The day is always taken from the anchor, as billing systems do, so Jan 31 → Feb 28 → Mar 31.
    """
    days = (anchor_us // US_PER_DAY).astype("datetime64[D]")
    time_of_day = anchor_us % US_PER_DAY
    month = days.astype("datetime64[M]")
    day_of_month = (days - month.astype("datetime64[D]")).astype(np.int64)
    target = month + months.astype(np.int64)
    month_length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(
        np.int64
    )
    day = np.minimum(day_of_month, month_length - 1)
    shifted = (target.astype("datetime64[D]") + day).astype(np.int64)
    return np.asarray(shifted * US_PER_DAY + time_of_day, dtype=np.int64)


def month_starts(start_us: int, count: int) -> IntArray:
    """Midnights of the first days of `count` consecutive months beginning at `start_us`."""
    first = np.full(count, start_us, dtype=np.int64)
    return add_months(first, np.arange(count, dtype=np.int64))


def weekday(instants_us: IntArray) -> IntArray:
    """Day of week of each instant, Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday)."""
    return ((instants_us // US_PER_DAY + 3) % 7).astype(np.int64)


def working_instants(rng: np.random.Generator, low: IntArray, high: IntArray) -> IntArray:
    """Random instants in [low, high) that favour weekdays and office hours.

    Drawn uniformly, then most weekend instants move to the nearest weekday and most times of
    day are redrawn around mid-afternoon UTC; moves that would leave the interval are undone.
    """
    count = low.size
    span = np.maximum(high - low, 1).astype(np.float64)
    uniform = (low + np.floor(rng.random(count) * span)).astype(np.int64)
    day = uniform // US_PER_DAY * US_PER_DAY
    move = rng.random(count) < 0.7
    dow = weekday(uniform)
    day = (
        day
        + np.where(move & (dow == 5), -US_PER_DAY, 0)
        + np.where(move & (dow == 6), US_PER_DAY, 0)
    )
    office = rng.random(count) < 0.85
    hours = np.clip(14.0 + 3.5 * rng.standard_normal(count), 0.0, 23.999)
    time_of_day = np.where(office, (hours * US_PER_HOUR).astype(np.int64), uniform % US_PER_DAY)
    shaped = day + time_of_day
    inside = (shaped >= low) & (shaped < high)
    return np.asarray(np.where(inside, shaped, uniform), dtype=np.int64)
