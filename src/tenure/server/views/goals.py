"""Goals: targets per metric, period and scope with status and progress; managers edit them."""

from __future__ import annotations

from pydantic import BaseModel, Field

from tenure.metrics.catalogue import METRICS
from tenure.server.api.ops_models import GoalOut
from tenure.server.auth.roles import Permission
from tenure.server.data.ops import goal_list
from tenure.server.views.registry import View, ViewContext, register


class GoalsPage(BaseModel):
    """The goals page: every goal with its standing, and what the add form offers."""

    goals: list[GoalOut]
    counts: dict[str, int] = Field(description="Goals per status.")
    can_edit: bool
    metrics: dict[str, str] = Field(description="Metric key → name, for the add form.")


def build(context: ViewContext, params: None = None) -> GoalsPage:
    """The goals page."""
    goals = goal_list(context.ws)
    counts: dict[str, int] = {}
    for goal in goals:
        counts[goal.status] = counts.get(goal.status, 0) + 1
    return GoalsPage(
        goals=goals,
        counts=counts,
        can_edit=context.principal.can(Permission.GOALS),
        metrics={metric.key: metric.name for metric in METRICS if metric.kind != "cohort"},
    )


register(
    View(
        name="goals",
        title="Goals",
        path="/goals",
        template="goals.html",
        permission=Permission.KPIS,
        model=GoalsPage,
        build=build,
        requires=("goals", "add_goal", "remove_goal"),
        order=70,
        summary="Targets per metric, period and scope with progress and status.",
    )
)
