"""`tenure feedback`: the comments behind NPS, CSAT, CES and polls, with recurring themes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.table import Table as RichTable

from tenure.cli.common import WorkspaceOption, fail, open_workspace
from tenure.cli.metrics import By, From, Output, To, Where, _print, parse_where
from tenure.metrics.formatting import write

Survey = Annotated[str | None, typer.Option(help="nps, csat, ces or poll (default: all).")]
Group = Annotated[
    str | None, typer.Option(help="promoters, passives or detractors (default: all).")
]
Limit = Annotated[int, typer.Option(help="Comments to list (0 = none, themes only).", min=0)]
Top = Annotated[int, typer.Option("--themes", help="Themes per group.", min=0)]
Format = Annotated[str, typer.Option("--format", "-f", help="table, csv or json (comments).")]


def register(app: typer.Typer) -> None:
    """Attach the feedback command to the main app."""
    app.command("feedback")(feedback)


def feedback(
    survey: Survey = None,
    group: Group = None,
    start: From = None,
    end: To = None,
    by: By = None,
    where: Where = None,
    limit: Limit = 20,
    top: Top = 8,
    format: Format = "table",
    output: Output = None,
    workspace: WorkspaceOption = None,
) -> None:
    """List survey comments with score, account and date, and their recurring themes."""
    with open_workspace(workspace) as ws:
        found = ws.feedback(survey, group, start, end, by or [], parse_where(where or []), top)
    if format != "table" or output is not None:
        _export(found.comments, format, output)
        return
    _comments(found.comments, limit)
    _themes(found.themes)


def _export(frame: pd.DataFrame, format: str, output: Path | None) -> None:
    if format not in ("csv", "json", "parquet"):
        fail(f"unknown format {format!r}; use table, csv, json or parquet")
    try:
        text = write(frame, format, output)
    except ValueError as error:
        fail(str(error))
    if text is not None:
        typer.echo(text, nl=False)


def _comments(frame: pd.DataFrame, limit: int) -> None:
    if not limit:
        return
    shown = frame.head(limit)
    grid = RichTable(*shown.columns, title=f"Comments ({len(frame):,}; newest {len(shown)})")
    for row in shown.itertuples(index=False):
        grid.add_row(*["" if pd.isna(v) else str(v) for v in row])
    _print(grid)


def _themes(frame: pd.DataFrame) -> None:
    keys = [c for c in frame.columns if c not in ("comments", "theme", "words", "share")]
    keys = [c for c in keys if c not in ("mentions", "examples")]
    grid = RichTable(*keys, "theme", "mentions", "share", "example", title="Recurring themes")
    for row in frame.to_dict("records"):
        cells = ["" if pd.isna(row[k]) else str(row[k]) for k in keys]
        example = row["examples"][0] if row["examples"] else ""
        share = f"{row['share'] * 100:.0f} % of {row['comments']}"
        grid.add_row(*cells, row["theme"], str(row["mentions"]), share, example)
    _print(grid)
