"""Response and request models of the operations API: tasks, goals, team, upsell, benchmarks."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
KEY = r"^[a-z0-9_]+$"


class TaskOut(BaseModel):
    """A task from the alert rules."""

    task_id: str
    rule: str
    account_id: str
    account_name: str | None = None
    owner_id: str | None = Field(None, description="The CSM who owns the task.")
    reason: str
    evidence: dict[str, Any] = Field(description="The values that made the rule fire.")
    playbook: str | None = None
    status: Literal["open", "done", "snoozed"]
    due_on: date
    snoozed_until: date | None = None
    fired_on: date
    last_fired_on: date
    updated_at: str | None = None
    updated_by: str | None = None


class TaskList(BaseModel):
    """Tasks the caller may see (a CSM: their own), by due date."""

    total: int
    counts: dict[str, int] = Field(description="Tasks per status (within the filters but status).")
    rows: list[TaskOut]


class TaskUpdate(BaseModel):
    """A change of a task's status (`until` is required to snooze)."""

    status: Literal["open", "done", "snoozed"]
    until: date | None = Field(None, description="Snooze until this day (after today).")


class GoalIn(BaseModel):
    """A new goal."""

    metric: str = Field(max_length=60, pattern=KEY, description="Metric key (`/api/metrics`).")
    target: float = Field(description="Target value; rates as fractions (0.05 = 5 %).")
    period: str = Field(max_length=10, description="2026, 2026-Q3 or 2026-07.")
    scope: Literal["company", "team", "csm"] = "company"
    scope_value: str | None = Field(None, max_length=200, pattern=PRINTABLE)
    note: str | None = Field(None, max_length=500, pattern=PRINTABLE)


class GoalOut(BaseModel):
    """A goal and where it stands."""

    goal_id: str
    metric: str
    metric_name: str
    unit: str
    scope: str
    scope_value: str | None = None
    period: str
    grain: str
    start: date
    end: date
    target: float
    value: float | None = Field(None, description="The metric over the period so far.")
    baseline: float | None = Field(None, description="The metric over the period before.")
    projected: float | None = Field(None, description="Expected at the period's end.")
    progress: float | None = None
    elapsed: float = Field(description="Share of the period elapsed.")
    status: str = Field(description="on track, at risk, off track, not started or no data.")
    note: str | None = None
    created_by: str | None = None


class UpsellRow(BaseModel):
    """An upsell candidate."""

    rank: int
    account_id: str
    name: str | None = None
    owner_id: str | None = None
    mrr: float
    score: float
    engagement: str
    features: int
    tenure_days: int
    health_tier: str | None = None
    risk: float | None = None
    reasons: list[str]


class UpsellList(BaseModel):
    """Upsell candidates in the caller's scope, ranked."""

    rows: list[UpsellRow]
    notes: list[str] = Field(default_factory=list)


class BenchmarkRow(BaseModel):
    """A seed benchmark beside the company's own value."""

    key: str
    name: str
    benchmark: str
    low: float
    high: float
    unit: str
    company: float | None = None
    assessment: str
    basis: str
    source: str
    seeds: str = Field(description="The seed files quoted.")
    quote: str
