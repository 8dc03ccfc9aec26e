"""Metric commands: `tenure metrics list|conventions|show|explain|summary` and `tenure cohorts`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table as RichTable

from tenure.cli.common import WorkspaceOption, console, fail, open_workspace
from tenure.metrics.catalogue import METRICS, get_metric
from tenure.metrics.changed import NOTHING
from tenure.metrics.docs import conventions_markdown, metrics_markdown
from tenure.metrics.formatting import FORMATS, column_unit, show, write
from tenure.metrics.spec import Metric

metrics_app = typer.Typer(help="Compute, list and explain metrics.", no_args_is_help=True)

Grain = Annotated[str, typer.Option("--grain", "-g", help="day, week, month, quarter or year.")]
From = Annotated[
    str | None, typer.Option("--from", help="First day (ISO date; default: data start).")
]
To = Annotated[str | None, typer.Option("--to", help="Last day (ISO date; default: data end).")]
By = Annotated[list[str] | None, typer.Option("--by", help="Segment column (repeatable).")]
Where = Annotated[list[str] | None, typer.Option("--where", help="Filter COL=VALUE (repeatable).")]
Preset = Annotated[str | None, typer.Option(help="Conventions preset for this request.")]
Format = Annotated[str, typer.Option("--format", "-f", help=f"One of {', '.join(FORMATS)}.")]
Output = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")]
Markdown = Annotated[bool, typer.Option(help="Print the generated Markdown page.")]


def register(app: typer.Typer) -> None:
    """Attach the metric commands to the main app."""
    app.add_typer(metrics_app, name="metrics")
    app.command("cohorts")(cohorts)


def parse_where(pairs: list[str]) -> dict[str, list[str]]:
    """`COL=VALUE` pairs as a structured filter (repeating a column means any of)."""
    where: dict[str, list[str]] = {}
    for pair in pairs:
        column, sep, value = pair.partition("=")
        if not sep or not column:
            fail(f"--where needs COL=VALUE, got {pair!r}")
        where.setdefault(column.strip(), []).append(value)
    return where


def _print(grid: RichTable) -> None:
    """Print a table: fitted to a terminal, at its natural width into a pipe or file."""
    if console.is_terminal:
        console.print(grid)
        return
    natural = Measurement.get(console, console.options.update_width(10_000), grid).maximum
    Console(width=max(natural, 40), highlight=False).print(grid)


def _sample(column: pd.Series) -> object:
    values = column.dropna()
    return values.iloc[0] if len(values) else None


def render(frame: pd.DataFrame, metric: Metric, title: str) -> None:
    """A result as a Rich table: rates as percentages, money rounded for display."""
    grid = RichTable(title=title)
    for column in frame.columns:
        text = isinstance(_sample(frame[column]), str)
        grid.add_column(str(column), justify="left" if text else "right")
    units = {c: column_unit(metric, c, _sample(frame[c])) for c in frame.columns}
    for row in frame.itertuples(index=False):
        cells = zip(frame.columns, row, strict=True)
        grid.add_row(*[v if isinstance(v, str) else show(v, units[c]) for c, v in cells])
    _print(grid)


def emit(frame: pd.DataFrame, metric: Metric, format: str, output: Path | None, title: str) -> None:
    if format not in FORMATS:
        fail(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    if format == "table" and output is None:
        render(frame, metric, title)
        return
    try:
        text = write(frame, "csv" if format == "table" else format, output)
    except ValueError as error:
        fail(str(error))
    if text is not None:
        typer.echo(text, nl=False)


@metrics_app.command("list")
def list_metrics(markdown: Markdown = False) -> None:
    """Every metric of the catalogue: key, name, kind, unit, what it means."""
    if markdown:
        typer.echo(metrics_markdown(), nl=False)
        return
    grid = RichTable("key", "name", "kind", "unit", "better", "description")
    for m in METRICS:
        grid.add_row(m.key, m.name, m.kind, m.unit, m.direction, m.description)
    _print(grid)


@metrics_app.command("conventions")
def conventions(markdown: Markdown = False, workspace: WorkspaceOption = None) -> None:
    """The conventions in force in the workspace (or the Markdown page of all of them)."""
    if markdown:
        typer.echo(conventions_markdown(), nl=False)
        return
    from tenure.metrics.presets import resolve

    with open_workspace(workspace) as ws:
        settings = ws.settings.metrics
        values = resolve(settings).model_dump()
    grid = RichTable("convention", "value", title=f"preset: {settings.preset}")
    for name, value in values.items():
        grid.add_row(name, "" if value is None else str(value))
    console.print(grid)


@metrics_app.command("show")
def show_metric(
    key: Annotated[str, typer.Argument(help="Metric key (see `tenure metrics list`).")],
    grain: Grain = "month",
    start: From = None,
    end: To = None,
    by: By = None,
    where: Where = None,
    preset: Preset = None,
    format: Format = "table",
    output: Output = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Compute a metric per period (and segment)."""
    metric = _metric(key)
    with open_workspace(workspace) as ws:
        frame = ws.metric(key, grain, start, end, by or [], parse_where(where or []), preset)
    emit(frame, metric, format, output, f"{metric.name} by {grain}")


@metrics_app.command("explain")
def explain_metric(
    key: Annotated[str, typer.Argument(help="Metric key.")],
    period: Annotated[str, typer.Option(help="Any day of the period to explain.")],
    grain: Grain = "month",
    by: By = None,
    where: Where = None,
    preset: Preset = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    workspace: WorkspaceOption = None,
) -> None:
    """The SQL, conventions, components and accounts behind one period's value."""
    import json

    metric = _metric(key)
    with open_workspace(workspace) as ws:
        result = ws.explain(key, period, grain, by or [], parse_where(where or []), preset)
    if format == "json":
        typer.echo(json.dumps(result.to_dict(), indent=2, default=str))
        return
    render(
        result.result, metric, f"{metric.name}, {grain} of {result.period} (preset {result.preset})"
    )
    console.print("Conventions: " + ", ".join(f"{k}={v}" for k, v in result.conventions.items()))
    if len(result.accounts):
        render(
            result.accounts.head(50),
            metric,
            f"Accounts behind it ({len(result.accounts):,}; first 50)",
        )
    console.print("SQL:", style="bold")
    console.print(result.sql, markup=False, highlight=False)


@metrics_app.command("refresh")
def refresh(
    by: By = None,
    grain: Grain = "month",
    workspace: WorkspaceOption = None,
) -> None:
    """Keep every catalogue metric's series (company-wide and by each --by) up to date:
    after new data, only the periods the changes can touch are recomputed."""
    series: list[tuple[str, str, tuple[str, ...]]] = [(m.key, grain, ()) for m in METRICS]
    series += [
        (m.key, grain, (column,))
        for column in by or []
        for m in METRICS
        if m.segments == "accounts"
    ]
    started = time.perf_counter()
    with open_workspace(workspace) as ws:
        _, report = ws.refresh_series(series)
    seconds = time.perf_counter() - started
    since = {None: "no earlier refresh", NOTHING: "none"}.get(
        report.earliest_change, str(report.earliest_change)
    )
    unrecorded = (
        f"; {len(report.unrecorded)} whole because they were kept with other conventions or"
        " another version of tenure"
        if report.unrecorded
        else ""
    )
    console.print(
        f"{len(series)} series in {seconds:.1f} s: {len(report.partial)} recomputed from "
        f"{report.recompute_from or '—'}, {len(report.whole)} whole, "
        f"{len(report.unchanged)} unchanged (earliest change: {since}{unrecorded}).",
        highlight=False,
    )


@metrics_app.command("summary")
def summary(
    period: Annotated[
        str | None, typer.Option(help="Month to summarise (default: the last).")
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Key figures of one month (MRR, ARR, movements, churn, NRR, ARPA, quick ratio, LTV,
    CAC, NPS, CSAT, support, adoption), then the customer-success figures on the last day
    with data: health mix, revenue at risk, the churn-risk model's AUC and open tasks."""
    from tenure.metrics.summary import kpis
    from tenure.ops.summary import success_figures

    with open_workspace(workspace) as ws:
        month, rows = kpis(ws, period)
        success = success_figures(ws) if not ws.is_empty() else []
    grid = RichTable("figure", "value", title=f"KPIs of {month}")
    for name, value, unit in rows:
        grid.add_row(name, show(value, unit))
    console.print(grid)
    if success:
        health = RichTable("figure", "value", "note", title="Customer success, last day with data")
        for figure in success:
            health.add_row(figure.label, show(figure.value, figure.unit), figure.note)
        console.print(health)


def cohorts(
    kind: Annotated[str, typer.Option(help="logo or revenue retention.")] = "logo",
    source: Annotated[str, typer.Option(help="subscriptions, invoices or auto.")] = "auto",
    start: From = None,
    end: To = None,
    where: Where = None,
    preset: Preset = None,
    format: Format = "table",
    output: Output = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Cohort table: accounts by month of first payment × age (months), retention as %."""
    key = "logo_retention_cohorts" if kind == "logo" else "mrr_retention_cohorts"
    with open_workspace(workspace) as ws:
        frame = ws.cohorts(kind, source, start, end, parse_where(where or []), preset)
    if format != "table" or output is not None:
        emit(frame, get_metric(key), format, output, "")
        return
    matrix = frame.pivot(index="cohort", columns="age", values="value")
    sizes = {str(k): int(v) for k, v in frame.groupby("cohort")["size"].first().items()}
    grid = RichTable(
        "cohort", "size", *[str(a) for a in matrix.columns], title=f"{kind} retention by age"
    )
    for cohort, row in matrix.iterrows():
        cells = ["" if pd.isna(v) else f"{float(v) * 100:.1f}%" for v in row]
        grid.add_row(str(cohort), f"{sizes[str(cohort)]:,}", *cells)
    _print(grid)


def _metric(key: str) -> Metric:
    try:
        return get_metric(key)
    except KeyError as error:
        fail(str(error).strip("'\""))
        raise
