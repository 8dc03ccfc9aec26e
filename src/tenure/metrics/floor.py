"""How far back in the events table a request must read: its history floor.

The events table is by far the largest (100 M rows on the benchmark's large company), and
most usage metrics read only the events of their periods and of a trailing window before
them. A request whose periods start late in the history — a refresh that recomputes the
last few months, a dashboard showing the last quarter — then needs only the events from a
little before its first period, and the building blocks it keeps (a row per active user and
month, per account and day, per feature use) are built from those events only.

The floor is the first day of the calendar month holding the earliest day any such metric
could read: the first period's start less the longest trailing window (the usage window,
MAU's 30 days) or, if earlier, the start of the period before the first (the usage trend).
One floor for every floored metric of a request keeps their building blocks shared.
Metrics whose values depend on older events (activation looks at each account's first days,
however long ago) are not floored, nor is any metric not listed here.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from tenure.metrics.periods import Period, period_start
from tenure.metrics.spec import Grain, Metric

if TYPE_CHECKING:
    from tenure.metrics.conventions import Conventions
    from tenure.workspace import Workspace

#: The table and column a floor applies to.
FLOORED_TABLE, FLOORED_COLUMN = "events", "occurred_at"
#: The longest fixed trailing window of a usage metric (MAU, stickiness).
LONGEST_FIXED_WINDOW = 30
#: Metrics that read events only from their periods, their trailing windows or the period
#: before their first (each checked against a whole-history computation in the tests).
FLOORABLE = frozenset(
    {
        "active_users",
        "dau",
        "wau",
        "mau",
        "stickiness",
        "event_count",
        "api_calls",
        "integrations_installed",
        "usage_trend",
        "engagement_tier",
        "adoption",
        "feature_adoption",
        "user_skill_level",
        "questions_per_account",
        "onboarding_email_open_rate",
        "onboarding_sessions",
    }
)


def earliest_needed(first: date, grain: Grain, conventions: Conventions) -> date:
    """The first day of the month holding the earliest event day a floored metric may read
    for periods starting on `first`."""
    window = max(conventions.usage_window_days, LONGEST_FIXED_WINDOW)
    previous = period_start(first - timedelta(days=1), grain)
    earliest = min(first - timedelta(days=window), previous)
    return earliest.replace(day=1)


def history_floor(
    ws: Workspace,
    metric: Metric,
    grain: Grain,
    periods: list[Period],
    conventions: Conventions,
    as_of: date,
) -> date | None:
    """The day from which `metric`'s request reads events, or None for all of them (the
    metric is not floorable, or the floor lies at or before the first event)."""
    if metric.key not in FLOORABLE or not periods or FLOORED_TABLE not in metric.tables:
        return None
    floor = earliest_needed(periods[0].first, grain, conventions)
    first_event = _first_event(ws, as_of)
    if first_event is None or floor <= first_event:
        return None
    return floor


def _first_event(ws: Workspace, as_of: date) -> date | None:
    """The day of the first event (kept per data version with the table's other bounds)."""
    from tenure.metrics.range import table_bounds

    bounds = table_bounds(ws, FLOORED_TABLE, as_of)
    return min(bounds) if bounds else None
