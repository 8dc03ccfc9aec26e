"""Goals: a target for one metric over one period (a year, quarter or month) and one scope
(the company, a team, or a CSM's book), kept in the workspace's `tenure_goals` table.

Status and progress are in `tenure.ops.goal_status`; suggested targets in
`tenure.ops.goal_suggest`.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

import ibis
import ibis.expr.datatypes as dt
import pandas as pd

from tenure.errors import TenureError
from tenure.metrics.catalogue import get_metric
from tenure.metrics.periods import next_start
from tenure.metrics.spec import Grain, grain_rank
from tenure.ops.tables import ensure, frame_of, insert, now, records
from tenure.storage.store import Store

GOALS_TABLE = "tenure_goals"
Scope = Literal["company", "team", "csm"]
SCOPES: tuple[Scope, ...] = ("company", "team", "csm")

GOAL_SCHEMA = ibis.schema(
    {
        "goal_id": "string",
        "metric": "string",
        "scope": "string",
        "scope_value": "string",
        "period": "string",
        "grain": "string",
        "start": "date",
        "end": "date",
        "target": dt.Decimal(24, 8),
        "note": "string",
        "created_at": "timestamp",
        "created_by": "string",
    }
)


class GoalError(TenureError, ValueError):
    """A goal cannot be created, found or evaluated as asked."""


@dataclass(frozen=True)
class Period:
    """A goal's period: its label (2026, 2026-Q3, 2026-07), grain and first/last day."""

    label: str
    grain: Grain
    start: date
    end: date


def parse_period(text: str) -> Period:
    """`2026` (year), `2026-Q3` (quarter) or `2026-07` (month)."""
    text = text.strip().upper()
    if re.fullmatch(r"\d{4}", text):
        return _period(text, "year", date(int(text), 1, 1))
    quarter = re.fullmatch(r"(\d{4})-Q([1-4])", text)
    if quarter:
        first = date(int(quarter[1]), 3 * int(quarter[2]) - 2, 1)
        return _period(text, "quarter", first)
    month = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if month and 1 <= int(month[2]) <= 12:
        return _period(text, "month", date(int(month[1]), int(month[2]), 1))
    raise GoalError(f"period {text!r} is not a year (2026), quarter (2026-Q3) or month (2026-07)")


def _period(label: str, grain: Grain, start: date) -> Period:
    return Period(label, grain, start, date.fromordinal(next_start(start, grain).toordinal() - 1))


def period_of(day: date, grain: Grain) -> Period:
    """The period of `grain` (year, quarter, month) containing `day`."""
    if grain == "year":
        return parse_period(str(day.year))
    if grain == "quarter":
        return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    return parse_period(f"{day.year}-{day.month:02d}")


def scope_where(scope: str, value: str | None) -> dict[str, str] | None:
    """The metric filter of a scope (None for the company)."""
    if scope == "company":
        return None
    return {"team": str(value)} if scope == "team" else {"csm_id": str(value)}


def check(metric: str, scope: str, value: str | None, period: Period) -> None:
    """Refuse a goal the metric engine could not evaluate."""
    try:
        entry = get_metric(metric)
    except KeyError as error:
        raise GoalError(str(error).strip("'\"")) from None
    if scope not in SCOPES:
        raise GoalError(f"unknown scope {scope!r} (choose one of {', '.join(SCOPES)})")
    if scope != "company" and not value:
        raise GoalError(f"a {scope} goal needs the {scope}'s name or id")
    allowed = {"accounts": SCOPES, "team": ("company", "team"), "none": ("company",)}
    if scope not in allowed[entry.segments]:
        raise GoalError(f"{metric} cannot be split by {scope}")
    if grain_rank(period.grain) < grain_rank(entry.min_grain):
        raise GoalError(f"{metric} needs a period of a {entry.min_grain} or longer")


def add_goal(
    store: Store,
    metric: str,
    target: float,
    period: str,
    scope: str = "company",
    scope_value: str | None = None,
    note: str | None = None,
    by: str | None = None,
) -> dict[str, Any]:
    """Create a goal; returns its row."""
    found = parse_period(period)
    check(metric, scope, scope_value, found)
    row: dict[str, Any] = {
        "goal_id": uuid.uuid4().hex[:8],
        "metric": metric,
        "scope": scope,
        "scope_value": scope_value if scope != "company" else None,
        "period": found.label,
        "grain": found.grain,
        "start": found.start,
        "end": found.end,
        "target": Decimal(str(target)),
        "note": note,
        "created_at": now(),
        "created_by": by,
    }
    insert(store, GOALS_TABLE, GOAL_SCHEMA, [row])
    return row


def list_goals(store: Store) -> list[dict[str, Any]]:
    """Every goal, by period then metric."""
    table = ensure(store, GOALS_TABLE, GOAL_SCHEMA)
    rows = frame_of(table.order_by(["start", "metric", "scope", "scope_value"]))
    return [_plain(row) for row in records(rows)]


def get_goal(store: Store, goal_id: str) -> dict[str, Any]:
    """One goal (a clear error when unknown)."""
    table = ensure(store, GOALS_TABLE, GOAL_SCHEMA)
    rows = frame_of(table.filter(table.goal_id == goal_id.strip()))
    if rows.empty:
        raise GoalError(f"no goal {goal_id!r}")
    return _plain(records(rows)[0])


def remove_goal(store: Store, goal_id: str) -> dict[str, Any]:
    """Delete a goal; returns what it was."""
    row = get_goal(store, goal_id)
    store.delete_where(GOALS_TABLE, {"goal_id": row["goal_id"]})
    return row


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """A stored row with dates as `date`, the target as float and nulls as None."""
    clean = {key: (None if _missing(value) else value) for key, value in row.items()}
    for key in ("start", "end"):
        clean[key] = pd.Timestamp(row[key]).date()
    clean["target"] = float(row["target"])
    return clean


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)
