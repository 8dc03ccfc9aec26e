"""The demo company specification: size, history length, seed and last day of history.

A `DemoSpec` fully determines the generated company: two generations of the same spec
produce identical tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from tenure.demo.timeutil import date_us


def previous_month_end(today: date | None = None) -> date:
    """The last day of the calendar month before `today` (the default end of history)."""
    today = today or date.today()
    return today.replace(day=1) - timedelta(days=1)


@dataclass(frozen=True)
class DemoSpec:
    """What to generate: `accounts` signed up over `months` months ending on `end` (inclusive)."""

    accounts: int = 2000
    months: int = 36
    seed: int = 7
    end: date = field(default_factory=previous_month_end)

    def __post_init__(self) -> None:
        """Reject specs that cannot describe a company."""
        if self.accounts < 0:
            raise ValueError("accounts must be ≥ 0")
        if self.months < 1:
            raise ValueError("months must be ≥ 1")
        if self.seed < 0:
            raise ValueError("seed must be ≥ 0")
        if isinstance(self.end, datetime) or not isinstance(self.end, date):
            raise TypeError("end must be a datetime.date")

    @property
    def start(self) -> date:
        """First day of the first month of history."""
        index = self.end.year * 12 + self.end.month - 1 - (self.months - 1)
        return date(index // 12, index % 12 + 1, 1)

    @property
    def start_us(self) -> int:
        """Start of history in microseconds since the epoch (naive UTC)."""
        return date_us(self.start)

    @property
    def horizon_us(self) -> int:
        """First instant after history (midnight after `end`); event times are before it."""
        return date_us(self.end + timedelta(days=1))
