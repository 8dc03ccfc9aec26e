"""`tenure refresh`: import the inbox, recompute, snapshot, alert, notify — for cron.

    */30 * * * *  tenure refresh --workspace /srv/tenure --wait 600 >> refresh.log 2>&1

Exit codes: 0 done (or nothing new), 1 the run failed (see `tenure refresh-log`),
75 another run holds the workspace (EX_TEMPFAIL: cron will simply try again).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import pandas as pd
import typer
from rich.table import Table as RichTable

from tenure.cli.common import WorkspaceOption, console, fail, open_workspace
from tenure.ops.lock import RefreshBusy
from tenure.ops.refresh import RefreshOptions, refresh
from tenure.workspace import default_folder

BUSY_EXIT = 75


def register(app: typer.Typer) -> None:
    """Attach the refresh commands to the main app."""
    app.command("refresh")(refresh_command)
    app.command("refresh-log")(refresh_log)


def refresh_command(
    wait: Annotated[
        float | None,
        typer.Option(help="Seconds to wait for a running refresh (default: [refresh] setting)."),
    ] = None,
    day: Annotated[
        str | None, typer.Option("--date", help="Snapshot day (default: today).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Recompute even when nothing is new.")
    ] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Import new inbox files, then snapshot KPIs and scores, run alert rules, send webhooks.

    Safe from cron: runs never overlap (a second run waits up to --wait seconds, then exits
    with code 75), and a file is imported once whatever its name."""
    try:
        snapshot_day = date.fromisoformat(day) if day else None
    except ValueError:
        fail(f"--date {day!r} is not a date (YYYY-MM-DD)")
        raise
    try:
        run = refresh(workspace or default_folder(), RefreshOptions(wait, snapshot_day, force))
    except RefreshBusy as busy:
        fail(str(busy), code=BUSY_EXIT)
        raise
    console.print(
        f"refresh {run.run_id}: {run.status}; {run.files} file(s), {run.rows:,} row(s)",
        highlight=False,
    )
    for step in run.steps:
        console.print(f"  {step}", highlight=False, markup=False)
    if run.status == "error":
        fail(run.error or "the refresh failed")


def refresh_log(
    limit: Annotated[int, typer.Option(help="Runs to show.")] = 20,
    workspace: WorkspaceOption = None,
) -> None:
    """The latest refresh runs: when, files, rows, status, error."""
    with open_workspace(workspace) as ws:
        frame = ws.refresh_runs(limit)
    grid = RichTable("run", "requested", "started", "finished", "files", "rows", "status", "error")
    for row in frame.to_dict("records"):
        grid.add_row(
            str(row["run_id"]),
            str(row["requested_at"])[:19],
            str(row["started_at"])[:19],
            str(row["finished_at"])[:19],
            str(row["files"]),
            f"{row['rows']:,}",
            str(row["status"]),
            "" if pd.isna(row["error"]) else str(row["error"]),
        )
    console.print(grid)
