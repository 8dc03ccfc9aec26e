"""Announce new tasks on the webhook and keep the record; send failed deliveries again.

Sending is split from the workspace so a caller can close the workspace while it waits
on the network (a DuckDB file admits one writing process): `announce` needs only the
settings, the folder and the tasks; `record` then writes the outcome in one short step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from tenure.config import Settings
from tenure.ops import deliveries as record_store
from tenure.ops.messages import messages
from tenure.ops.tables import frame_of, records
from tenure.ops.webhooks import Delivery, Sleep, post, resolve, send_all
from tenure.workspace import Workspace


def account_names(ws: Workspace, ids: Sequence[str]) -> dict[str, str]:
    """Account id → name for `ids` (accounts without a name are left out)."""
    if not ids:
        return {}
    accounts = ws.table("accounts")
    rows = frame_of(
        accounts.filter(accounts.account_id.isin(list(ids))).select("account_id", "name")
    )
    return {str(r["account_id"]): r["name"] for r in records(rows) if isinstance(r["name"], str)}


def announce(
    settings: Settings,
    folder: Path,
    tasks: Sequence[Mapping[str, Any]],
    names: Mapping[str, str],
    day: date,
    sleep: Sleep | None = None,
) -> list[Delivery] | None:
    """Send the new tasks to the webhook; None when no webhook is configured."""
    hook_settings = settings.alerts.webhook
    hook = resolve(hook_settings, folder)
    if hook is None:
        return None
    batches = messages(tasks, names, day.isoformat(), hook_settings.max_tasks_per_message)
    if sleep is None:
        return send_all(hook, batches, hook_settings)
    return send_all(hook, batches, hook_settings, sleep)


def record(ws: Workspace, sent: Sequence[Delivery]) -> None:
    """Keep the outcome of every delivery (failed ones included)."""
    record_store.record(ws.store, sent)


def retry_failed(ws: Workspace, sleep: Sleep | None = None) -> list[Delivery]:
    """Send every failed delivery again; the record is updated with the new outcome."""
    hook_settings = ws.settings.alerts.webhook
    pending = record_store.pending(ws.store)
    if not pending:
        return []
    hook = resolve(hook_settings, ws.folder)
    if hook is None:
        return []
    done = []
    for delivery_id, delivery in pending:
        delivery.origin = hook.origin
        sent = (
            post(hook, delivery, hook_settings, sleep)
            if sleep
            else post(hook, delivery, hook_settings)
        )
        record_store.update(ws.store, delivery_id, sent)
        done.append(sent)
    return done
