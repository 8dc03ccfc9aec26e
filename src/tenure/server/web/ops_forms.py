"""The forms of the Tasks and Goals pages (no JavaScript): change a task, add or delete a goal.

Each form carries the session's CSRF token; after the change the browser is sent back to
the page (303), which shows the new state.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tenure.errors import TenureError
from tenure.server.access import WorkspaceDep
from tenure.server.auth.deps import csrf_matches, require_page
from tenure.server.auth.principal import Principal
from tenure.server.auth.roles import Permission
from tenure.server.data.ops import change_task
from tenure.server.web.render import render

router = APIRouter(include_in_schema=False)
TaskUser = Annotated[Principal, Depends(require_page(Permission.TASKS))]
GoalEditor = Annotated[Principal, Depends(require_page(Permission.GOALS))]
Token = Annotated[str, Form(max_length=200)]
Text = Annotated[str, Form(max_length=200)]


def _refused(request: Request, principal: Principal, message: str, status: int) -> HTMLResponse:
    return render(request, "error.html", {"status": status, "message": message}, principal, status)


def _back(path: str, query: str = "") -> Response:
    return RedirectResponse(path + (f"?{query}" if query else ""), status_code=303)


@router.post("/tasks/{task_id}", response_model=None)
def task_form(
    request: Request,
    principal: TaskUser,
    ws: WorkspaceDep,
    task_id: str,
    csrf_token: Token = "",
    status: Text = "done",
    until: Text = "",
    back_status: Text = "open",
) -> Response:
    """Mark a task done, reopen it, or snooze it until a day."""
    if not csrf_matches(principal, csrf_token):
        return _refused(request, principal, "Your form expired; reload the page.", 403)
    try:
        day = date.fromisoformat(until) if until else None
    except ValueError:
        return _refused(request, principal, f"{until!r} is not a date.", 400)
    try:
        change_task(ws, principal, task_id, status, day)
    except HTTPException as error:
        return _refused(request, principal, str(error.detail), error.status_code)
    shown = back_status if back_status in ("open", "done", "snoozed") else "open"
    return _back("/tasks", f"status={shown}")


@router.post("/goals", response_model=None)
def goal_form(
    request: Request,
    principal: GoalEditor,
    ws: WorkspaceDep,
    metric: Text,
    target: Annotated[float, Form()],
    period: Annotated[str, Form(max_length=10)],
    csrf_token: Token = "",
    scope: Annotated[str, Form(max_length=10)] = "company",
    scope_value: Text = "",
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Add a goal."""
    if not csrf_matches(principal, csrf_token):
        return _refused(request, principal, "Your form expired; reload the page.", 403)
    try:
        value, why = scope_value or None, note or None
        ws.add_goal(metric, target, period, scope, value, why, principal.name)
    except TenureError as error:
        return _refused(request, principal, str(error), 400)
    return _back("/goals")


@router.post("/goals/{goal_id}/delete", response_model=None)
def goal_delete_form(
    request: Request, principal: GoalEditor, ws: WorkspaceDep, goal_id: str, csrf_token: Token = ""
) -> Response:
    """Delete a goal."""
    if not csrf_matches(principal, csrf_token):
        return _refused(request, principal, "Your form expired; reload the page.", 403)
    try:
        ws.remove_goal(goal_id)
    except TenureError as error:
        return _refused(request, principal, str(error), 404)
    return _back("/goals")
