"""Operations API: tasks (list, change status), goals (list, create, delete), upsell, benchmarks."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path

from tenure.errors import TenureError
from tenure.server.access import WorkspaceDep
from tenure.server.api.ops_models import (
    BenchmarkRow,
    GoalIn,
    GoalOut,
    TaskList,
    TaskOut,
    TaskUpdate,
    UpsellList,
    UpsellRow,
)
from tenure.server.auth.deps import require
from tenure.server.auth.principal import Principal
from tenure.server.auth.roles import Permission
from tenure.server.data.ops import change_task, goal_list, goal_out, task_list, visible_upsell
from tenure.server.engine import cached, frame_rows
from tenure.server.views.tasks import TaskFilters

router = APIRouter(tags=["operations"])
TaskUser = Annotated[Principal, Depends(require(Permission.TASKS))]
Reader = Annotated[Principal, Depends(require(Permission.KPIS))]
AccountReader = Annotated[Principal, Depends(require(Permission.ACCOUNTS))]
GoalEditor = Annotated[Principal, Depends(require(Permission.GOALS))]
TaskIdPath = Annotated[str, Path(min_length=4, max_length=40, pattern=r"^[0-9a-fA-F]+$")]
GoalIdPath = Annotated[str, Path(max_length=40, pattern=r"^[0-9a-zA-Z_-]+$")]


@router.get("/tasks", response_model=TaskList)
def tasks(
    principal: TaskUser, ws: WorkspaceDep, filters: Annotated[TaskFilters, Depends()]
) -> TaskList:
    """Tasks from the alert rules (a CSM: their own), by due date."""
    return task_list(ws, principal, filters.status, filters.csm, filters.account, filters.limit)


@router.post("/tasks/{task_id}", response_model=TaskOut)
def update_task(
    principal: TaskUser, ws: WorkspaceDep, task_id: TaskIdPath, change: TaskUpdate
) -> TaskOut:
    """Mark a task open, done, or snoozed until a day (a unique id prefix is enough)."""
    return change_task(ws, principal, task_id, change.status, change.until)


@router.get("/goals", response_model=list[GoalOut])
def goals(principal: Reader, ws: WorkspaceDep) -> list[GoalOut]:
    """Every goal with its value so far, projection, progress and status."""
    return goal_list(ws)


@router.post("/goals", response_model=GoalOut)
def add_goal(principal: GoalEditor, ws: WorkspaceDep, goal: GoalIn) -> GoalOut:
    """Create a goal (400 when the metric, period or scope cannot be evaluated)."""
    try:
        row = ws.add_goal(
            goal.metric,
            goal.target,
            goal.period,
            goal.scope,
            goal.scope_value,
            goal.note,
            by=principal.name,
        )
    except TenureError as error:
        raise HTTPException(400, str(error)) from None
    found = [g for g in goal_list(ws) if g.goal_id == row["goal_id"]]
    return found[0] if found else goal_out({**row, "elapsed": 0.0, "status": "no data"})


@router.delete("/goals/{goal_id}", response_model=GoalOut)
def remove_goal(principal: GoalEditor, ws: WorkspaceDep, goal_id: GoalIdPath) -> GoalOut:
    """Delete a goal; returns what it was."""
    try:
        row = ws.remove_goal(goal_id)
    except TenureError as error:
        raise HTTPException(404, str(error)) from None
    return goal_out({**row, "elapsed": 0.0, "status": "removed"})


@router.get("/upsell", response_model=UpsellList)
def upsell(principal: AccountReader, ws: WorkspaceDep) -> UpsellList:
    """Upsell candidates in the caller's scope (a CSM: their book), ranked, with reasons."""
    rows, notes = visible_upsell(ws, principal)
    return UpsellList(rows=[UpsellRow.model_validate(row) for row in rows], notes=notes)


@router.get("/benchmarks", response_model=list[BenchmarkRow])
def benchmarks(principal: Reader, ws: WorkspaceDep) -> list[BenchmarkRow]:
    """The seeds' reference values with their sources, beside the company's own."""
    day = date.today()
    rows = cached(ws, "benchmarks", day, lambda: frame_rows(ws.benchmarks(day)))
    return [BenchmarkRow.model_validate(row) for row in rows]
