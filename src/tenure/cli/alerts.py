"""`tenure alerts run|deliveries|retry` and `tenure tasks [done|snooze|reopen]`.

`alerts run` writes the tasks, closes the workspace, announces the new tasks on the
webhook (retries can take a while: the workspace must not stay locked meanwhile), then
reopens it for a moment to keep the record of the deliveries.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from tenure.cli.common import WorkspaceOption, console, open_workspace
from tenure.cli.ops_output import AsOfOption, Format, FormatOption, emit, number, text
from tenure.ops.alerts import AlertRun
from tenure.ops.announce import account_names, announce, record
from tenure.ops.service import count_outcomes

alerts_app = typer.Typer(
    help="Alert rules (the alerts section of tenure.toml) that create tasks for CSMs."
)
tasks_app = typer.Typer(
    help="Tasks created by the alert rules: list them, mark them done, snooze them.",
    invoke_without_command=True,
)

Rules = Annotated[list[str] | None, typer.Option("--rule", help="Run only this rule (repeatable).")]
TaskId = Annotated[str, typer.Argument(help="The task id (a unique prefix is enough).")]

TASK_COLUMNS = {
    "task_id": text,
    "status": text,
    "due_on": text,
    "owner_id": text,
    "account_id": text,
    "account_name": text,
    "rule": text,
    "reason": text,
}
DELIVERY_COLUMNS = {
    "delivery_id": text,
    "sent_at": text,
    "status": text,
    "attempts": number,
    "status_code": number,
    "error": text,
    "origin": text,
}


def register(app: typer.Typer) -> None:
    """Attach `tenure alerts …` and `tenure tasks …`."""
    app.add_typer(alerts_app, name="alerts")
    app.add_typer(tasks_app, name="tasks")


@alerts_app.command("run")
def run(
    as_of: AsOfOption = None,
    rule: Rules = None,
    notify: Annotated[bool, typer.Option(help="Announce new tasks on the webhook.")] = True,
    workspace: WorkspaceOption = None,
) -> None:
    """Run the rules: new tasks for the accounts' CSMs (never twice for one episode)."""
    with open_workspace(workspace) as ws:
        result = ws.run_alerts(as_of, tuple(rule or ()), notify=False)
        names = account_names(ws, [str(t["account_id"]) for t in result.created])
        settings, folder = ws.settings, ws.folder
    if notify and result.created:
        sent = announce(settings, folder, result.created, names, result.day)
        if sent is None:
            result.notes.append("no webhook configured: new tasks were not announced")
        else:
            with open_workspace(workspace) as ws:
                record(ws, sent)
            count_outcomes(result, sent)
    _report(result)


def _report(result: AlertRun) -> None:
    fired = ", ".join(f"{rule} {n}" for rule, n in sorted(result.fired.items())) or "none"
    console.print(f"Alert rules as of {result.day}: fired {fired}.", highlight=False)
    console.print(
        f"{len(result.created)} new task(s), {result.continued} continuing episode(s).",
        highlight=False,
    )
    if result.delivered or result.failed:
        console.print(
            f"Webhook: {result.delivered} message(s) delivered, {result.failed} failed"
            + (" (see `tenure alerts deliveries --failed`)." if result.failed else "."),
            highlight=False,
        )
    for note in result.notes:
        console.print(f"note: {note}", highlight=False, markup=False)


@alerts_app.command("deliveries")
def deliveries(
    failed: Annotated[bool, typer.Option("--failed", help="Only failed deliveries.")] = False,
    format: FormatOption = Format.table,
    workspace: WorkspaceOption = None,
) -> None:
    """The record of webhook deliveries (the URL is never stored)."""
    with open_workspace(workspace) as ws:
        frame = ws.deliveries(failed_only=failed)
    emit(frame.drop(columns=["payload"]), format, DELIVERY_COLUMNS, "Webhook deliveries")


@alerts_app.command("retry")
def retry(workspace: WorkspaceOption = None) -> None:
    """Send the failed deliveries again."""
    with open_workspace(workspace) as ws:
        sent = ws.retry_deliveries()
    ok = sum(1 for delivery in sent if delivery.delivered)
    console.print(f"{ok} of {len(sent)} failed deliveries sent.", highlight=False)


@tasks_app.callback()
def tasks(
    context: typer.Context,
    csm: Annotated[str | None, typer.Option(help="Only this CSM's tasks.")] = None,
    status: Annotated[str | None, typer.Option(help="open, done or snoozed.")] = None,
    account: Annotated[str | None, typer.Option(help="Only this account's tasks.")] = None,
    format: FormatOption = Format.table,
    workspace: WorkspaceOption = None,
) -> None:
    """List tasks (by due date); `done`, `snooze` and `reopen` change one."""
    if context.invoked_subcommand is not None:
        return
    with open_workspace(workspace) as ws:
        frame = ws.tasks(csm, status, account)
    if format is Format.json:
        frame["evidence"] = [json.loads(text or "{}") for text in frame["evidence"]]
    emit(frame, format, TASK_COLUMNS, f"{len(frame)} task(s)")


@tasks_app.command("done")
def done(task_id: TaskId, workspace: WorkspaceOption = None) -> None:
    """Mark a task done."""
    _change(task_id, "done", None, workspace)


@tasks_app.command("snooze")
def snooze(
    task_id: TaskId,
    until: Annotated[str, typer.Option(help="Snooze until this day, YYYY-MM-DD.")],
    workspace: WorkspaceOption = None,
) -> None:
    """Snooze a task until a day (it is open again from that day)."""
    _change(task_id, "snoozed", until, workspace)


@tasks_app.command("reopen")
def reopen(task_id: TaskId, workspace: WorkspaceOption = None) -> None:
    """Open a task again."""
    _change(task_id, "open", None, workspace)


def _change(task_id: str, status: str, until: str | None, workspace: WorkspaceOption) -> None:
    with open_workspace(workspace) as ws:
        row = ws.update_task(task_id, status, until, by="cli")
    extra = f" until {row['snoozed_until']}" if status == "snoozed" else ""
    console.print(f"Task {row['task_id']} ({row['reason']}) is {status}{extra}.", highlight=False)
