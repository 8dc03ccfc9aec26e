"""Team: every CSM's portfolio (churn per rep), the capacity planner, and the benchmarks."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from tenure.server.api.ops_models import BenchmarkRow
from tenure.server.auth.roles import Permission
from tenure.server.data.ops import tasks_version
from tenure.server.engine import cached, frame_rows
from tenure.server.views.registry import View, ViewContext, register
from tenure.workspace import Workspace


class TeamPage(BaseModel):
    """The team page's figures."""

    as_of: date
    csms: list[dict[str, Any]] = Field(
        description="Per CSM: accounts, mrr, arr, green/yellow/red, churned, churn_rate, nrr,"
        " open_tasks, monthly_cost, cost_ratio."
    )
    teams: list[dict[str, Any]] = Field(
        description="Per team: csms, accounts, mrr, arpa, suggested_accounts_per_csm,"
        " accounts_per_csm, csms_needed, cost_ratio, too_big."
    )
    company: dict[str, Any]
    warnings: list[str]
    benchmarks: list[BenchmarkRow]


def team_figures(ws: Workspace, day: date) -> dict[str, Any]:
    """Capacity and benchmarks on `day` (cached per data version and tasks)."""

    def compute() -> dict[str, Any]:
        plan = ws.capacity(day)
        return {
            "csms": frame_rows(plan.csms),
            "teams": frame_rows(plan.teams),
            "company": plan.company,
            "warnings": plan.warnings,
            "benchmarks": frame_rows(ws.benchmarks(day)),
        }

    found: dict[str, Any] = cached(ws, "team", (day, tasks_version(ws)), compute)
    return found


def build(context: ViewContext, params: None = None) -> TeamPage:
    """The team page, as of today."""
    day = date.today()
    found = team_figures(context.ws, day)
    return TeamPage(
        as_of=day,
        csms=found["csms"],
        teams=found["teams"],
        company=found["company"],
        warnings=found["warnings"],
        benchmarks=[BenchmarkRow.model_validate(row) for row in found["benchmarks"]],
    )


register(
    View(
        name="team",
        title="Team",
        path="/team",
        template="team.html",
        permission=Permission.ALL_ACCOUNTS,
        model=TeamPage,
        build=build,
        requires=("portfolios", "capacity", "benchmarks"),
        order=80,
        summary="CSM portfolios (health mix, churn per rep, NRR, tasks), capacity, benchmarks.",
    )
)
