"""Tasks: what the alert rules ask a CSM to do, with owner, due date, evidence and status.

A task is identified by a stable key (rule, account, episode) hashed into its id, so a
rule that fires again for the same episode finds its task instead of creating another.
Status is open, done or snoozed (until a date; a snooze that has passed counts as open).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

import ibis
import ibis.expr.types as ir
import pandas as pd

from tenure.errors import TenureError
from tenure.ops.tables import empty, ensure, frame_of, now, records, replace
from tenure.storage.store import Store

TASKS_TABLE = "tenure_tasks"
Status = Literal["open", "done", "snoozed"]
STATUSES: tuple[Status, ...] = ("open", "done", "snoozed")

TASK_SCHEMA = ibis.schema(
    {
        "task_id": "string",
        "dedup_key": "string",
        "rule": "string",
        "account_id": "string",
        "owner_id": "string",
        "reason": "string",
        "evidence": "string",
        "playbook": "string",
        "status": "string",
        "due_on": "date",
        "snoozed_until": "date",
        "fired_on": "date",
        "last_fired_on": "date",
        "created_at": "timestamp",
        "updated_at": "timestamp",
        "updated_by": "string",
    }
)


class TaskError(TenureError, ValueError):
    """A task cannot be found or changed as asked."""


def task_id(dedup_key: str) -> str:
    """The short, stable id of the task with `dedup_key`."""
    return hashlib.sha256(dedup_key.encode("utf-8")).hexdigest()[:12]


def table(store: Store) -> ir.Table:
    """The tasks table (created empty on first use)."""
    return ensure(store, TASKS_TABLE, TASK_SCHEMA)


def effective_status(tasks: ir.Table, today: date) -> ir.StringValue:
    """The status as of `today`: a snooze that has ended counts as open."""
    woke = (tasks.status == "snoozed") & (tasks.snoozed_until <= ibis.literal(today))
    return ibis.ifelse(woke, ibis.literal("open"), tasks.status)


def list_tasks(
    store: Store,
    owner: str | None = None,
    status: str | None = None,
    account: str | None = None,
    today: date | None = None,
) -> pd.DataFrame:
    """Tasks (optionally of one owner, status or account), by due date, with account names."""
    if status is not None and status not in STATUSES:
        raise TaskError(f"unknown status {status!r} (choose one of {', '.join(STATUSES)})")
    if not store.has_table(TASKS_TABLE):
        return empty(TASK_SCHEMA).assign(account_name=pd.Series(dtype="string"))
    tasks = table(store)
    tasks = tasks.mutate(status=effective_status(tasks, today or date.today()))
    for column, value in (("owner_id", owner), ("status", status), ("account_id", account)):
        if value is not None:
            tasks = tasks.filter(tasks[column] == value)
    names = store.table("accounts").select(n_account="account_id", account_name="name")
    joined = tasks.left_join(names, tasks.account_id == names.n_account).drop("n_account")
    return frame_of(joined.order_by(["due_on", "rule", "account_id"]))


def find(store: Store, ident: str) -> dict[str, Any]:
    """The task whose id is `ident` or starts with it (a clear error if none or several)."""
    ident = ident.strip().lower()
    if len(ident) < 4:
        raise TaskError("give at least 4 characters of the task id")
    tasks = table(store)
    rows = frame_of(tasks.filter(tasks.task_id.startswith(ident)).limit(2))
    if rows.empty:
        raise TaskError(f"no task {ident!r}")
    if len(rows) > 1:
        raise TaskError(f"{ident!r} matches several tasks; give more of the id")
    return records(rows)[0]


def set_status(
    store: Store,
    ident: str,
    status: str,
    until: date | None = None,
    by: str | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """Mark a task open, done, or snoozed until a later date; returns the changed task."""
    if status not in STATUSES:
        raise TaskError(f"unknown status {status!r} (choose one of {', '.join(STATUSES)})")
    if status == "snoozed" and (until is None or until <= (today or date.today())):
        raise TaskError("snooze needs a date after today (--until YYYY-MM-DD)")
    row = find(store, ident)
    row.update(
        status=status,
        snoozed_until=until if status == "snoozed" else None,
        updated_at=now(),
        updated_by=by,
    )
    save(store, [row])
    return row


def save(store: Store, rows: Sequence[dict[str, Any]]) -> None:
    """Insert or replace tasks by id."""
    replace(store, TASKS_TABLE, TASK_SCHEMA, [_clean(row) for row in rows], "task_id")


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    """A row with pandas' missing values and timestamps as plain Python values."""
    clean: dict[str, Any] = {}
    for name in TASK_SCHEMA.names:
        value = row.get(name)
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            clean[name] = None
        elif isinstance(value, pd.Timestamp):
            clean[name] = value.to_pydatetime()
        else:
            clean[name] = value
    for name in ("due_on", "snoozed_until", "fired_on", "last_fired_on"):
        value = clean[name]
        if hasattr(value, "date") and callable(value.date):
            clean[name] = value.date()
    return clean


def open_counts(store: Store, today: date | None = None) -> dict[str, int]:
    """Open tasks per owner (snoozes that have ended count as open)."""
    if not store.has_table(TASKS_TABLE):
        return {}
    tasks = table(store)
    tasks = tasks.mutate(status=effective_status(tasks, today or date.today()))
    opened = tasks.filter(tasks.status == "open")
    counts = opened.group_by("owner_id").aggregate(n=opened.count()).to_pyarrow().to_pylist()
    return {str(row["owner_id"]): int(row["n"]) for row in counts}
