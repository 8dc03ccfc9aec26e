"""What the operations pages and API read and change, within the caller's scope.

A CSM sees and changes only their own tasks (owner = their `csm_id`); an unknown task and
another CSM's task both answer 404. Results of the heavy computations (portfolios,
benchmarks, upsell) are cached under the data version and the tasks' version.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pandas as pd
from fastapi import HTTPException

from tenure.errors import TenureError
from tenure.metrics.catalogue import CATALOGUE
from tenure.ops.goals import GOALS_TABLE
from tenure.ops.tasks import TASKS_TABLE, TaskError, find
from tenure.server.api.ops_models import GoalOut, TaskList, TaskOut
from tenure.server.auth.principal import Principal
from tenure.server.data.rows import plain
from tenure.server.data.scope import visible_accounts
from tenure.server.engine import cached, frame_rows
from tenure.workspace import Workspace


def tasks_version(ws: Workspace) -> tuple[Any, ...]:
    """Changes whenever a task is created or changed."""
    if not ws.store.has_table(TASKS_TABLE):
        return (0, None)
    tasks = ws.store.table(TASKS_TABLE)
    stats = tasks.aggregate(n=tasks.count(), last=tasks.updated_at.max()).to_pyarrow()
    row = stats.to_pylist()[0]
    return (row["n"], str(row["last"]))


def _owner_filter(principal: Principal, csm: str | None) -> str | None:
    """The owner whose tasks the caller asks for (a CSM: always themselves)."""
    return (principal.csm_id or "") if principal.book_only else csm


def task_out(row: dict[str, Any]) -> TaskOut:
    """A stored task as the API shows it."""
    clean = {key: plain(value) for key, value in row.items()}
    clean = {key: None if _missing(value) else value for key, value in clean.items()}
    clean["evidence"] = json.loads(clean.get("evidence") or "{}")
    return TaskOut.model_validate(clean)


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str | dict | list) and bool(pd.isna(value)))


def task_list(
    ws: Workspace,
    principal: Principal,
    status: str | None = None,
    csm: str | None = None,
    account: str | None = None,
    limit: int | None = None,
) -> TaskList:
    """The caller's tasks (the first `limit` by due date), with counts per status."""
    every = ws.tasks(_owner_filter(principal, csm), None, account)
    counts = {str(k): int(v) for k, v in every["status"].value_counts().items()}
    shown = every if status is None else every[every["status"] == status]
    rows = [task_out(row) for row in frame_rows(shown.head(limit) if limit else shown)]
    return TaskList(total=len(shown), counts=counts, rows=rows)


def change_task(
    ws: Workspace, principal: Principal, task_id: str, status: str, until: date | None
) -> TaskOut:
    """Change a task's status (404 outside the caller's tasks, 400 on a bad change)."""
    try:
        row = find(ws.store, task_id)
    except TaskError as error:
        raise HTTPException(404, str(error)) from None
    if principal.book_only and row.get("owner_id") != principal.csm_id:
        raise HTTPException(404, f"no task {task_id!r} in your scope")
    try:
        changed = ws.update_task(str(row["task_id"]), status, until, by=principal.name)
    except TenureError as error:
        raise HTTPException(400, str(error)) from None
    listed = ws.tasks(account=str(changed["account_id"]))
    return task_out(frame_rows(listed[listed["task_id"] == changed["task_id"]])[0])


def goal_out(row: dict[str, Any]) -> GoalOut:
    """A goal (with its standing) as the API shows it."""
    metric = CATALOGUE.get(str(row["metric"]))
    clean = {key: None if _missing(value) else plain(value) for key, value in row.items()}
    name = metric.name if metric else str(row["metric"])
    unit = metric.unit if metric else "number"
    return GoalOut.model_validate({**clean, "metric_name": name, "unit": unit})


def goals_version(ws: Workspace) -> tuple[Any, ...]:
    """Changes whenever a goal is added or removed."""
    if not ws.store.has_table(GOALS_TABLE):
        return (0, None)
    goals = ws.store.table(GOALS_TABLE)
    stats = goals.aggregate(n=goals.count(), ids=goals.goal_id.group_concat(",")).to_pyarrow()
    row = stats.to_pylist()[0]
    return (row["n"], str(row["ids"]))


def goal_list(ws: Workspace, day: date | None = None) -> list[GoalOut]:
    """Every goal with its standing (cached per data version and goals)."""
    day = day or date.today()

    def compute() -> list[dict[str, Any]]:
        return frame_rows(ws.goals(day))

    rows: list[dict[str, Any]] = cached(ws, "goals", (day, goals_version(ws)), compute)
    return [goal_out(row) for row in rows]


def visible_upsell(ws: Workspace, principal: Principal) -> tuple[list[dict[str, Any]], list[str]]:
    """Upsell candidates in the caller's scope, and the notes (cached per data version)."""

    def compute() -> tuple[list[dict[str, Any]], list[str]]:
        frame = ws.upsell()
        return frame_rows(frame), list(frame.attrs.get("notes", []))

    rows, notes = cached(ws, "upsell", date.today(), compute)
    if principal.book_only:
        allowed = set(visible_accounts(ws, principal).account_id.to_pyarrow().to_pylist())
        rows = [row for row in rows if row["account_id"] in allowed]
    return rows, notes
