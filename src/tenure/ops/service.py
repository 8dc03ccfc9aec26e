"""One call for Python users: run the alert rules, then announce the new tasks and keep
the record of the deliveries (the CLI does the same in steps, closing the workspace
while it waits on the network)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from tenure.ops import alerts
from tenure.ops.announce import account_names, announce, record
from tenure.ops.webhooks import Delivery
from tenure.workspace import Workspace


def run_alerts(
    ws: Workspace, day: date | None, only: tuple[str, ...] = (), notify: bool = True
) -> alerts.AlertRun:
    """Run the rules on `day` (default today); with `notify`, announce the new tasks."""
    run = alerts.run_alerts(ws, day, only)
    if notify and run.created:
        ids = [str(task["account_id"]) for task in run.created]
        sent = announce(ws.settings, ws.folder, run.created, account_names(ws, ids), run.day)
        if sent is not None:
            record(ws, sent)
            count_outcomes(run, sent)
    return run


def count_outcomes(run: alerts.AlertRun, sent: Sequence[Delivery]) -> None:
    """Count the delivered and the failed messages on the run."""
    run.delivered += sum(1 for delivery in sent if delivery.delivered)
    run.failed += sum(1 for delivery in sent if not delivery.delivered)
