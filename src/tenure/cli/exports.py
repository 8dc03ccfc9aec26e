"""`tenure export-metric`: any metric to CSV, Parquet or JSON (tables: `tenure export`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tenure.cli.common import WorkspaceOption, console, fail, open_workspace
from tenure.cli.metrics import By, From, Grain, Preset, To, Where, parse_where
from tenure.metrics.formatting import write

SUFFIX_FORMATS = {".csv": "csv", ".parquet": "parquet", ".json": "json"}


def register(app: typer.Typer) -> None:
    """Attach the export command to the main app."""
    app.command("export-metric")(export_metric)


def export_metric(
    key: Annotated[str, typer.Argument(help="Metric key (see `tenure metrics list`).")],
    file: Annotated[Path, typer.Argument(help="Output file: .csv, .parquet or .json.")],
    grain: Grain = "month",
    start: From = None,
    end: To = None,
    by: By = None,
    where: Where = None,
    preset: Preset = None,
    format: Annotated[
        str | None, typer.Option("--format", "-f", help="csv, parquet or json (default: suffix).")
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Write a metric per period (and segment) to a file; exact decimals are kept as text."""
    chosen = format or SUFFIX_FORMATS.get(file.suffix.lower())
    if chosen is None or chosen not in SUFFIX_FORMATS.values():
        fail(f"cannot tell the format of {file.name}; pass --format csv, parquet or json")
        return
    with open_workspace(workspace) as ws:
        frame = ws.metric(key, grain, start, end, by or [], parse_where(where or []), preset)
    file.parent.mkdir(parents=True, exist_ok=True)
    write(frame, chosen, file)
    console.print(f"Wrote {len(frame):,} rows of {key} to {file}.", highlight=False)
