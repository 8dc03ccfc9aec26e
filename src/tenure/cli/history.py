"""`tenure snapshot` and `tenure history`: what was reported on each day, and what changed."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table as RichTable

from tenure.cli.common import WorkspaceOption, console, fail, open_workspace
from tenure.metrics.formatting import FORMATS, show, write

Format = Annotated[str, typer.Option("--format", "-f", help=f"One of {', '.join(FORMATS)}.")]
Output = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")]


def register(app: typer.Typer) -> None:
    """Attach the history commands to the main app."""
    app.command("snapshot")(snapshot)
    app.command("history")(history)


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"{option} {text!r} is not a date (YYYY-MM-DD)")
        raise


def snapshot(
    day: Annotated[
        str | None, typer.Option("--date", help="Day of the snapshot (default: today).")
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Store the day's KPIs (company-wide, monthly) and account scores; replaces that day's."""
    with open_workspace(workspace) as ws:
        report = ws.snapshot(_day(day, "--date"))
    scores = ", ".join(f"{n:,} {kind}" for kind, n in report.scores.items()) or "no scores"
    console.print(
        f"Snapshot of {report.day}: {report.metric_values:,} metric values, {scores}.",
        highlight=False,
    )
    for problem in report.problems:
        console.print(f"  not stored: {problem}", highlight=False, markup=False)


def history(
    metric: Annotated[str, typer.Argument(help="Metric key (see `tenure metrics list`).")],
    measure: Annotated[str, typer.Option(help="Column of the metric (value, new, …).")] = "value",
    snapshot: Annotated[
        str | None,
        typer.Option(help="Compare this snapshot day (default: each month's first after close)."),
    ] = None,
    format: Format = "table",
    output: Output = None,
    workspace: WorkspaceOption = None,
) -> None:
    """A metric per month as reported then beside the same months as restated now."""
    with open_workspace(workspace) as ws:
        frame = ws.restatements(metric, measure, _day(snapshot, "--snapshot"))
    if frame.empty:
        fail(f"no snapshot holds {metric}.{measure} yet; run `tenure snapshot` first")
    if format != "table" or output is not None:
        text = write(frame, "csv" if format == "table" else format, output)
        if text is not None:
            typer.echo(text, nl=False)
        return
    grid = RichTable(
        "month", "reported", "on", "restated now", "change", title=f"{metric} ({measure})"
    )
    for row in frame.to_dict("records"):
        grid.add_row(
            str(row["period"])[:7],
            show(row["reported"], "number"),
            str(row["reported_on"]),
            show(row["restated"], "number"),
            show(row["change"], "number") if row["restated_flag"] else "",
        )
    console.print(grid)
