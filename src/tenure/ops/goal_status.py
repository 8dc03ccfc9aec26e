"""Where a goal stands: its metric's value so far, a projection to the period's end, the
progress toward the target and a status — on track, at risk or off track.

* value: the metric over the goal's period and scope (`Workspace.metric`), with what is
  known on the day;
* baseline: the same metric over the period before (where the goal starts from);
* projection, by the kind of metric: a **flow** that accumulates over the period (churn
  rates, new MRR, counts) is scaled by the share of the period elapsed; a **level**
  measured at the period's end (MRR, customers) continues its line from the baseline;
  any other value (NPS, NRR, CSAT) is taken as it is;
* progress: a flow's value ÷ its target (for a lower-is-better limit: the share of the
  allowance used); otherwise (value − baseline) ÷ (target − baseline) when the target lies
  beyond the baseline, and for a level to keep (a target no better than the baseline) 1
  when kept, else value ÷ target (target ÷ value when lower is better);
* status: on track when the projection meets the target; at risk when it misses by at
  most `[goals] at_risk_margin` of the target; off track beyond. Before the period starts:
  `not started`; without data: `no data`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from tenure.metrics.catalogue import get_metric
from tenure.metrics.spec import Grain
from tenure.ops.goals import Period, list_goals, period_of, scope_where
from tenure.workspace import Workspace

FLOWS = frozenset(
    {
        "logo_churn_rate", "logo_churn_rate_seed", "revenue_churn_rate", "gross_mrr_churn_rate",
        "net_mrr_churn_rate", "new_mrr", "expansion_mrr", "reactivation_mrr", "contraction_mrr",
        "churned_mrr", "net_new_mrr", "new_customers", "churned_customers",
        "reactivated_customers", "ticket_volume", "survey_responses", "event_count", "api_calls",
        "integrations_installed",
    }
)  # fmt: skip
LEVELS = frozenset({"mrr", "arr", "customers", "arpa"})


@dataclass(frozen=True)
class GoalState:
    """A goal's standing on a day."""

    value: float | None
    baseline: float | None
    projected: float | None
    progress: float | None
    elapsed: float
    status: str


def metric_value(
    ws: Workspace, key: str, period: Period, where: dict[str, str] | None
) -> float | None:
    """The metric's value over one period and scope (None when there is none)."""
    frame = ws.metric(key, grain=period.grain, start=period.start, end=period.end, where=where)
    if frame.empty or pd.isna(frame["value"].iloc[-1]):
        return None
    return float(frame["value"].iloc[-1])


def previous(period: Period) -> Period:
    """The period just before `period`, of the same grain."""
    return period_of(date.fromordinal(period.start.toordinal() - 1), period.grain)


def elapsed_share(period: Period, day: date) -> float:
    """Share of the period elapsed by the end of `day` (0 before it, 1 after it)."""
    total = (period.end - period.start).days + 1
    done = (min(day, period.end) - period.start).days + 1
    return max(0.0, min(1.0, done / total))


def project(key: str, value: float, baseline: float | None, elapsed: float) -> float:
    """The value expected at the period's end if things go on as so far."""
    if key in FLOWS:
        return value / elapsed if elapsed else value
    if key in LEVELS and baseline is not None and elapsed:
        return baseline + (value - baseline) / elapsed
    return value


def progress(
    key: str, direction: str, value: float, baseline: float | None, target: float
) -> float | None:
    """How far the goal has come (see the module's docstring)."""
    if key in FLOWS:
        return value / target if target else None
    higher = direction != "lower"
    if baseline is not None and ((target > baseline) if higher else (target < baseline)):
        return (value - baseline) / (target - baseline)
    if (value >= target) if higher else (value <= target):
        return 1.0  # a level to keep, and it is kept
    if not target or not value:
        return None
    return value / target if higher else target / value


def status(direction: str, projected: float, target: float, margin: float) -> str:
    """on track / at risk / off track for a projection against a target."""
    slack = abs(target) * margin
    if direction == "lower":
        return (
            "on track"
            if projected <= target
            else "at risk"
            if projected <= target + slack
            else "off track"
        )
    return (
        "on track"
        if projected >= target
        else "at risk"
        if projected >= target - slack
        else "off track"
    )


def evaluate(ws: Workspace, goal: dict[str, Any], day: date | None = None) -> GoalState:
    """The standing of one goal on `day` (default today)."""
    day = day or date.today()
    grain: Grain = goal["grain"]
    period = Period(goal["period"], grain, goal["start"], goal["end"])
    elapsed = elapsed_share(period, day)
    if day < period.start:
        return GoalState(None, None, None, None, 0.0, "not started")
    key, target = goal["metric"], float(goal["target"])
    where = scope_where(goal["scope"], goal.get("scope_value"))
    value = metric_value(ws, key, period, where)
    baseline = metric_value(ws, key, previous(period), where)
    if value is None:
        return GoalState(None, baseline, None, None, elapsed, "no data")
    projected = project(key, value, baseline, elapsed)
    direction = get_metric(key).direction
    judged = status(direction, projected, target, ws.settings.goals.at_risk_margin)
    done = progress(key, direction, value, baseline, target)
    return GoalState(value, baseline, projected, done, elapsed, judged)


def goal_table(ws: Workspace, day: date | None = None) -> pd.DataFrame:
    """Every goal with its standing on `day`: value, baseline, projection, progress, status."""
    day = day or date.today()
    rows = []
    for goal in list_goals(ws.store):
        state = evaluate(ws, goal, day)
        rows.append({**goal, **state.__dict__})
    columns = [
        "goal_id", "metric", "scope", "scope_value", "period", "grain", "start", "end",
        "target", "value", "baseline", "projected", "progress", "elapsed", "status", "note",
        "created_at", "created_by",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
