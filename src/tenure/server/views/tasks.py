"""Tasks: what the alert rules ask CSMs to do; mark done, snooze, reopen (a CSM: their own)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel

from tenure.server.api.ops_models import TaskList
from tenure.server.auth.roles import Permission
from tenure.server.data.accounts import owner_names
from tenure.server.data.ops import task_list
from tenure.server.views.registry import View, ViewContext, register

PRINTABLE = r"^[^\x00-\x1f\x7f]*$"


@dataclass
class TaskFilters:
    """Which tasks to show."""

    status: Annotated[
        Literal["open", "done", "snoozed"] | None, Query(description="Only this status.")
    ] = "open"
    csm: Annotated[
        str | None, Query(max_length=200, pattern=PRINTABLE, description="Only this CSM's.")
    ] = None
    account: Annotated[
        str | None, Query(max_length=200, pattern=PRINTABLE, description="Only this account's.")
    ] = None
    limit: Annotated[int, Query(ge=1, le=5000, description="At most this many tasks.")] = 200


class TasksPage(BaseModel):
    """The tasks page: the tasks, the filters in force, the CSMs to filter by."""

    tasks: TaskList
    filters: dict[str, str | None]
    owners: dict[str, str]
    can_filter_csm: bool


def build(context: ViewContext, filters: TaskFilters) -> TasksPage:
    """The caller's tasks (a CSM: their own whatever the filter)."""
    found = task_list(
        context.ws,
        context.principal,
        filters.status,
        filters.csm,
        filters.account,
        filters.limit,
    )
    owners = dict(sorted(owner_names(context.ws).items()))
    every = not context.principal.book_only
    return TasksPage(
        tasks=found,
        filters={k: v for k, v in vars(filters).items() if k != "limit"},
        owners=owners,
        can_filter_csm=every,
    )


register(
    View(
        name="tasks",
        title="Tasks",
        path="/tasks",
        template="tasks.html",
        permission=Permission.TASKS,
        model=TasksPage,
        build=build,
        params=TaskFilters,
        requires=("tasks", "update_task"),
        order=60,
        summary="Tasks from the alert rules with reason and evidence; a CSM sees their own.",
    )
)
